//! A batch of updates (the `result` of `getUpdates`), decoded so that one update that does
//! not decode is kept raw and its neighbours are not lost, whatever is wrong with it.
//!
//! An answer is decoded in one pass as `Vec<U>`, exactly as any other answer (the cost of
//! the client path). Only when that fails is it read again one update at a time: the
//! envelope and the array are cut into their parts by structure alone
//! ([`super::scan`]), so an update that is not UTF-8 or not JSON is cut out while the
//! others decode, each on its own.

use serde::de::DeserializeOwned;

use super::incoming::decode_bytes;
use super::scan;
use crate::client::error::Error;
use crate::client::mask::Mask;
use crate::client::{decode_envelope, FromAnswer};
use crate::platform::ErrorCodeKind;
use crate::Incoming;

/// The updates of one `getUpdates` answer, in the server's order: each decoded, or kept
/// raw ([`Incoming::Undecodable`], with its `update_id` when readable) when it does not
/// decode. What `Bot::get_updates` returns; iterate it, or take the `Vec`.
#[derive(Debug)]
pub struct Updates<U>(pub Vec<Incoming<U>>);

impl<U> Updates<U> {
    /// The updates as a `Vec`.
    pub fn into_vec(self) -> Vec<Incoming<U>> {
        self.0
    }

    /// The decoded updates, leaving out the undecodable ones.
    pub fn decoded(self) -> impl Iterator<Item = U> {
        self.0.into_iter().filter_map(Incoming::update)
    }
}

impl<U> std::ops::Deref for Updates<U> {
    type Target = [Incoming<U>];

    fn deref(&self) -> &[Incoming<U>] {
        &self.0
    }
}

impl<U> IntoIterator for Updates<U> {
    type Item = Incoming<U>;
    type IntoIter = std::vec::IntoIter<Incoming<U>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, U> IntoIterator for &'a Updates<U> {
    type Item = &'a Incoming<U>;
    type IntoIter = std::slice::Iter<'a, Incoming<U>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<U: DeserializeOwned + Send + 'static> FromAnswer for Updates<U> {
    fn from_answer<C: ErrorCodeKind>(
        method: &'static str,
        status: u16,
        body: &[u8],
        mask: &Mask,
    ) -> Result<Self, Error<C>> {
        match decode_envelope::<C, Vec<U>>(method, status, body, mask) {
            Ok(updates) => Ok(Updates(updates.into_iter().map(Incoming::Update).collect())),
            Err(error @ Error::Decode { .. }) => one_by_one(body, mask).map(Updates).ok_or(error),
            Err(error) => Err(error),
        }
    }
}

/// The updates of a successful answer, each decoded on its own; `None` when `body` has no
/// readable `"ok": true` and `result` array (each key exactly once).
fn one_by_one<U: DeserializeOwned>(body: &[u8], mask: &Mask) -> Option<Vec<Incoming<U>>> {
    let members = scan::members(body, 0..body.len())?;
    let only = |name: &str| {
        let mut found = members.iter().filter(|(key, _)| scan::key_is(body, key, name));
        match (found.next(), found.next()) {
            (Some((_, value)), None) => Some(value.clone()),
            _ => None,
        }
    };
    if body.get(only("ok")?) != Some(b"true".as_slice()) {
        return None;
    }
    let elements = scan::elements(body, only("result")?)?;
    Some(elements.into_iter().map(|span| decode_bytes(&body[span], mask)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Update {
        update_id: i64,
    }

    #[derive(Debug, Clone, Copy)]
    struct Code;

    impl From<i64> for Code {
        fn from(_: i64) -> Code {
            Code
        }
    }

    impl std::fmt::Display for Code {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("0")
        }
    }

    impl ErrorCodeKind for Code {
        fn code(&self) -> i64 {
            0
        }
        fn is_rate_limit(&self) -> bool {
            false
        }
    }

    fn kinds(body: &[u8]) -> Result<Vec<String>, String> {
        let decoded = <Updates<Update>>::from_answer::<Code>("pollThing", 200, body, &Mask::default());
        decoded.map_err(|e| e.to_string()).map(|updates| {
            updates
                .into_iter()
                .map(|incoming| match incoming {
                    Incoming::Update(update) => update.update_id.to_string(),
                    Incoming::Undecodable(raw) => format!("raw {:?}", raw.update_id),
                })
                .collect()
        })
    }

    #[test]
    fn every_other_update_survives_a_broken_one() {
        assert_eq!(
            kinds(br#"{"ok": true, "result": [{"update_id": 1}, {"update_id": 2}]}"#),
            Ok(vec!["1".into(), "2".into()])
        );
        let bad_utf8 = b"{\"ok\": true, \"result\": [{\"update_id\": 1}, {\"update_id\": 2, \"x\": \"\xc3\"}, {\"update_id\": 3}]}";
        assert_eq!(kinds(bad_utf8), Ok(vec!["1".into(), "raw Some(2)".into(), "3".into()]));
        let not_json = br#"{"ok": true, "result": [{"update_id": 1}, {"update_id": ,}, {"update_id": "4"}]}"#;
        assert_eq!(kinds(not_json), Ok(vec!["1".into(), "raw None".into(), "raw Some(4)".into()]));
        let trailing = br#"{"ok": true, "result": [{"update_id": 1}], "x": }"#;
        assert_eq!(kinds(trailing), Ok(vec!["1".into()]));
    }

    #[test]
    fn answers_without_a_readable_batch_fail() {
        for body in [
            &br#"{"ok": true, "result": {"update_id": 1}}"#[..],
            br#"{"ok": "true", "result": [{"update_id": 1}, 2]}"#,
            br#"{"ok": true, "ok": true, "result": [2]}"#,
            b"<html>502</html>",
            b"",
        ] {
            assert!(kinds(body).is_err(), "{}", String::from_utf8_lossy(body));
        }
        assert!(kinds(br#"{"ok": false, "error_code": 409, "description": "Conflict"}"#)
            .is_err_and(|e| e.contains("Conflict")));
    }
}
