//! The decrypted sign-in record.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use percent_encoding::percent_decode_str;

use super::PassportError;

/// The user data CloudChat sends after a successful sign-in.
///
/// On the wire it is a query string, e.g.
/// `userid=…&first_name=…&last_name=…&username=…&photo_url=…&authtime=1649741563`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassportUser {
    /// `userid`: the signed-in user's id.
    pub user_id: i64,
    /// `first_name`: the user's first (given) name. May be empty.
    pub first_name: String,
    /// `last_name`: the user's last (family) name. May be empty.
    pub last_name: String,
    /// `username`: the user's CloudChat username, if shared (scope `USERNAME`).
    /// An empty value is read as `None`.
    pub username: Option<String>,
    /// `photo_url`: the user's avatar URL, if any. An empty value is read as `None`.
    pub photo_url: Option<String>,
    /// `authtime`: when the user granted the authorization, in Unix seconds.
    pub auth_time: u64,
    /// Fields the document does not list, decoded, in the order received. The `PHONE`
    /// scope's field is not documented, so a phone number would arrive here.
    pub extra: Vec<(String, String)>,
}

impl PassportUser {
    /// Parses the decrypted record, a `application/x-www-form-urlencoded` query string:
    /// names and values are percent-decoded and `+` is read as a space. Unknown fields
    /// go to [`extra`](Self::extra); a documented field given twice is an error.
    pub fn from_query(query: &str) -> Result<Self, PassportError> {
        let mut fields: [Option<String>; 6] = Default::default();
        let mut extra = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = form_decode(name)?;
            let Some(index) = FIELDS.iter().position(|f| *f == name) else {
                extra.push((name, form_decode(value)?));
                continue;
            };
            if fields[index].is_some() {
                return Err(PassportError::DuplicateField(FIELDS[index]));
            }
            fields[index] = Some(form_decode(value)?);
        }
        let [user_id, first_name, last_name, username, photo_url, auth_time] = fields;
        let required =
            |value: Option<String>, index: usize| value.ok_or(PassportError::MissingField(FIELDS[index]));
        let optional = |value: Option<String>| value.filter(|v| !v.is_empty());
        Ok(Self {
            user_id: required(user_id, 0)?.parse().map_err(|_| PassportError::BadNumber(FIELDS[0]))?,
            first_name: required(first_name, 1)?,
            last_name: required(last_name, 2)?,
            username: optional(username),
            photo_url: optional(photo_url),
            auth_time: required(auth_time, 5)?.parse().map_err(|_| PassportError::BadNumber(FIELDS[5]))?,
            extra,
        })
    }

    /// `true` if the authorization was granted more than `max_age` before `now`.
    ///
    /// Pass `SystemTime::now()` in real code; an `authtime` in the future (clock skew)
    /// counts as not older.
    pub fn is_older_than(&self, max_age: Duration, now: SystemTime) -> bool {
        UNIX_EPOCH
            .checked_add(Duration::from_secs(self.auth_time))
            .and_then(|granted| now.duration_since(granted).ok())
            .is_some_and(|age| age > max_age)
    }
}

/// The wire names, in the order of the struct's fields.
const FIELDS: [&str; 6] = ["userid", "first_name", "last_name", "username", "photo_url", "authtime"];

/// Decodes one form-encoded name or value: `+` is a space, then `%XX` escapes.
fn form_decode(s: &str) -> Result<String, PassportError> {
    let spaced = s.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8().map(|v| v.into_owned()).map_err(|_| PassportError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documents_example_shape() {
        let user = PassportUser::from_query(
            "userid=42&first_name=A+B&last_name=%E7%8E%8B&username=&photo_url=https://cccc.tel/avatar/x&authtime=1649741563&extra=1",
        )
        .expect("valid record");
        assert_eq!(user.user_id, 42);
        assert_eq!(user.first_name, "A B");
        assert_eq!(user.last_name, "王");
        assert_eq!(user.username, None);
        assert_eq!(user.photo_url.as_deref(), Some("https://cccc.tel/avatar/x"));
        assert_eq!(user.auth_time, 1_649_741_563);
        assert_eq!(user.extra, [("extra".to_owned(), "1".to_owned())]);
    }

    #[test]
    fn age_is_measured_against_the_given_clock() {
        let user = PassportUser {
            user_id: 1,
            first_name: String::new(),
            last_name: String::new(),
            username: None,
            photo_url: None,
            auth_time: 1000,
            extra: Vec::new(),
        };
        let at = |secs| UNIX_EPOCH + Duration::from_secs(secs);
        let minute = Duration::from_secs(60);
        assert!(!user.is_older_than(minute, at(1060)));
        assert!(user.is_older_than(minute, at(1061)));
        assert!(!user.is_older_than(minute, at(10)), "future authtime is not old");
        let far_future = PassportUser { auth_time: u64::MAX, ..user };
        assert!(!far_future.is_older_than(minute, at(1061)));
    }
}
