//! When a failed call is sent again: only when the request certainly did not take effect.
//!
//! The transport asks [`RetryPolicy::delay_before_retry`] after every failed attempt. A
//! request is sent again only when the server refused it for rate (HTTP 429, a
//! `retry_after`, or a code the platform's spec marks as a rate limit, such as Potato's
//! 1007 and 3008), or when the connection could not be made, so nothing was sent. A
//! timeout, a dropped connection, a 5xx or an undecodable answer goes back to the caller:
//! the request may have been carried out, and sending a message again could send it twice.

use std::time::Duration;

use crate::client::error::Error;
use crate::platform::ErrorCodeKind;

/// The longest wait a server's retry hint (`retry_after`) can cause: one hour. A
/// [`Throttle`](crate::throttle::Throttle) freezes a chat (or the bot) for at most this
/// long, a polling stream waits at most this long before asking again, and a
/// [`RetryPolicy`] never waits longer, whatever its `max_delay`: the error goes to the
/// caller. The hint itself is kept as the server sent it
/// ([`Error::retry_after`](crate::Error::retry_after)); a value of any size (up to
/// `u64::MAX` seconds) is taken without overflow.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// How a [`Client`](crate::Client) retries calls that certainly did not take effect.
///
/// The default ([`RetryPolicy::default`]): at most 3 retries per call; a rate limit is
/// waited out for the server's `retry_after`, or 1 s when the server gives none; a refused
/// connection is retried after 1 s, then 2 s, 4 s, …; no single wait is longer than 30 s,
/// and when the server asks for a longer one the error goes to the caller at once (it can
/// wait and send again itself; sending earlier than asked only prolongs a flood wait).
/// No wait is ever longer than [`MAX_RETRY_AFTER`], whatever `max_delay` says.
///
/// ```
/// # {
/// use std::time::Duration;
/// use tgfamily::{Client, RetryPolicy};
///
/// // Wait out rate limits up to 2 minutes, at most 5 times per call.
/// let patient = RetryPolicy::default().max_retries(5).max_delay(Duration::from_secs(120));
/// let client = Client::<tgfamily::potato::Potato>::new("123456:token").with_retry(patient);
/// assert_eq!(client.retry_policy(), patient);
/// // Or handle every error yourself.
/// let client = client.with_retry(RetryPolicy::none());
/// # let _ = client;
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    max_delay: Duration,
    default_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 3,
            max_delay: Duration::from_secs(30),
            default_delay: Duration::from_secs(1),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries: every error goes to the caller.
    pub fn none() -> RetryPolicy {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// At most `retries` retries per call (after the first attempt).
    pub fn max_retries(mut self, retries: u32) -> RetryPolicy {
        self.max_retries = retries;
        self
    }

    /// The longest single wait (at most [`MAX_RETRY_AFTER`]). A server asking for a longer
    /// one gets no retry: its error goes to the caller.
    pub fn max_delay(mut self, delay: Duration) -> RetryPolicy {
        self.max_delay = delay;
        self
    }

    /// The wait after a rate limit without `retry_after`, and the first wait after a
    /// refused connection (doubled at each further retry).
    pub fn default_delay(mut self, delay: Duration) -> RetryPolicy {
        self.default_delay = delay;
        self
    }

    /// How long to wait before sending again a call that failed with `error` (answered
    /// with HTTP `status`, when it was answered) after `retries` retries, or `None` when
    /// the error goes to the caller.
    pub fn delay_before_retry<C: ErrorCodeKind>(
        &self,
        error: &Error<C>,
        status: Option<u16>,
        retries: u32,
    ) -> Option<Duration> {
        if retries >= self.max_retries {
            return None;
        }
        let delay = match error {
            Error::Api(api) => {
                let rate_limited =
                    status == Some(429) || api.code.is_rate_limit() || api.parameters.retry_after.is_some();
                if !rate_limited {
                    return None;
                }
                api.parameters.retry_after.map_or(self.default_delay, Duration::from_secs)
            }
            Error::Decode { status: 429, .. } => self.default_delay,
            Error::Transport { before_sending: true, .. } => {
                self.default_delay.saturating_mul(2u32.saturating_pow(retries))
            }
            _ => return None,
        };
        (delay <= self.max_delay.min(MAX_RETRY_AFTER)).then_some(delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::error::{ApiError, ResponseParameters};

    use crate::platform::TestCode as Code;

    fn api(code: i64, retry_after: Option<u64>) -> Error<Code> {
        Error::Api(ApiError {
            method: "sendThing",
            code: Code(code),
            status: 200,
            description: String::new(),
            parameters: ResponseParameters { retry_after, ..ResponseParameters::default() },
            error: None,
        })
    }

    #[test]
    fn rate_limits_are_retried_after_the_servers_delay() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay_before_retry(&api(429, Some(5)), Some(429), 0), Some(Duration::from_secs(5)));
        assert_eq!(policy.delay_before_retry(&api(1007, None), Some(200), 0), Some(Duration::from_secs(1)));
        assert_eq!(policy.delay_before_retry(&api(400, None), Some(429), 2), Some(Duration::from_secs(1)));
        assert_eq!(policy.delay_before_retry(&api(1007, None), Some(200), 3), None, "retries exhausted");
    }

    #[test]
    fn a_delay_above_the_cap_goes_to_the_caller() {
        let policy = RetryPolicy::default().max_delay(Duration::from_secs(10));
        assert_eq!(policy.delay_before_retry(&api(429, Some(11)), Some(429), 0), None);
        assert_eq!(
            policy.delay_before_retry(&api(429, Some(10)), Some(429), 0),
            Some(Duration::from_secs(10))
        );
    }

    #[test]
    fn no_delay_is_longer_than_the_maximum_whatever_the_policy_or_the_server_says() {
        let patient = RetryPolicy::default().max_delay(Duration::MAX);
        for asked in [u64::MAX, 1_000_000_000_000_000_000, MAX_RETRY_AFTER.as_secs() + 1] {
            assert_eq!(patient.delay_before_retry(&api(429, Some(asked)), Some(429), 0), None, "{asked}");
        }
        let at_most = MAX_RETRY_AFTER.as_secs();
        assert_eq!(patient.delay_before_retry(&api(429, Some(at_most)), Some(429), 0), Some(MAX_RETRY_AFTER));
    }

    #[test]
    fn errors_that_may_have_taken_effect_are_not_retried() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay_before_retry(&api(500, None), Some(500), 0), None);
        let timeout: Error<Code> = Error::Timeout { method: "sendThing" };
        assert_eq!(policy.delay_before_retry(&timeout, None, 0), None);
        let decode: Error<Code> = Error::Decode {
            method: "sendThing",
            status: 502,
            message: String::new(),
            excerpt: String::new(),
        };
        assert_eq!(policy.delay_before_retry(&decode, Some(502), 0), None);
        assert_eq!(RetryPolicy::none().delay_before_retry(&api(429, Some(1)), Some(429), 0), None);
    }
}
