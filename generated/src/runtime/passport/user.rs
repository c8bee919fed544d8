//! The decrypted sign-in record: the spec's `PassportUser`, with the checks a bot makes.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::PassportError;

/// The user data CloudChat sends after a successful sign-in: the type generated from the
/// table under 返回參數定義說明 in `spec/cloudchat.yaml`.
pub use crate::cloudchat::PassportUser;

impl PassportUser {
    /// Decodes the decrypted record, a query string, as the spec's
    /// [`PASSPORT_CALLBACK`](crate::cloudchat::PASSPORT_CALLBACK) says (the rules are
    /// [`tgfamily::form`](crate::form)'s). Fields the document does not list are kept in
    /// `unknown_fields`; a field given twice is an error.
    pub fn from_query(query: &str) -> Result<PassportUser, PassportError> {
        Ok(crate::cloudchat::PASSPORT_CALLBACK.decode_payload(query)?)
    }

    /// `true` if the authorization was granted more than `max_age` before `now`.
    ///
    /// Pass `SystemTime::now()` in real code; an `authtime` in the future (clock skew)
    /// counts as not older, one before 1970 (negative) as older.
    pub fn is_older_than(&self, max_age: Duration, now: SystemTime) -> bool {
        let Ok(seconds) = u64::try_from(self.auth_time) else { return true };
        UNIX_EPOCH
            .checked_add(Duration::from_secs(seconds))
            .and_then(|granted| now.duration_since(granted).ok())
            .is_some_and(|age| age > max_age)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_is_measured_against_the_given_clock() {
        let user = PassportUser::from_query("userid=1&first_name=&last_name=&authtime=1000").expect("record");
        let at = |secs| UNIX_EPOCH + Duration::from_secs(secs);
        let minute = Duration::from_secs(60);
        assert!(!user.is_older_than(minute, at(1060)));
        assert!(user.is_older_than(minute, at(1061)));
        assert!(!user.is_older_than(minute, at(10)), "future authtime is not old");
        let far_future = PassportUser { auth_time: i64::MAX, ..user.clone() };
        assert!(!far_future.is_older_than(minute, at(1061)));
        let before_1970 = PassportUser { auth_time: -1, ..user };
        assert!(before_1970.is_older_than(minute, at(0)));
    }
}
