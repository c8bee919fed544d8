//! Rate limits the server can enforce, as Telegram does: per chat and overall, answering
//! `429` with `retry_after` when a message would exceed them.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use serde_json::Value;
use tokio::time::Instant;

use crate::{Platform, RecordedRequest, Reply};

/// At most `count` messages in any `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// How many.
    pub count: u32,
    /// In how long.
    pub per: Duration,
}

/// The limits the server enforces on messages sent (methods starting with `send`,
/// `forward` or `copy`; each item of `sendMediaGroup`'s `media` and of `forwardMessages`'
/// or `copyMessages`' `message_ids` is a message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// Per private chat.
    pub private_chat: Window,
    /// Per group (Telegram: negative ids; Potato: chat_type other than 1; CloudChat:
    /// chat_type other than 2).
    pub group_chat: Window,
    /// For the whole bot.
    pub overall: Window,
}

impl RateLimits {
    /// Telegram's: 1 a second per chat, 20 a minute per group, 30 a second overall.
    pub const fn telegram() -> RateLimits {
        RateLimits {
            private_chat: Window { count: 1, per: Duration::from_secs(1) },
            group_chat: Window { count: 20, per: Duration::from_secs(60) },
            overall: Window { count: 30, per: Duration::from_secs(1) },
        }
    }

    /// The same limits `factor` times faster.
    pub fn scaled(mut self, factor: u32) -> RateLimits {
        let factor = factor.max(1);
        for window in [&mut self.private_chat, &mut self.group_chat, &mut self.overall] {
            window.per /= factor;
        }
        self
    }
}

/// The arrivals the limits are counted on.
#[derive(Debug)]
pub(crate) struct Enforcer {
    limits: RateLimits,
    overall: VecDeque<Instant>,
    chats: HashMap<String, VecDeque<Instant>>,
    /// How many requests it refused.
    pub(crate) refused: usize,
}

impl Enforcer {
    pub(crate) fn new(limits: RateLimits) -> Enforcer {
        Enforcer { limits, overall: VecDeque::new(), chats: HashMap::new(), refused: 0 }
    }

    /// `None` when `request` may go (it is counted), or the `429` to answer.
    pub(crate) fn check(
        &mut self,
        platform: Platform,
        method: &str,
        request: &RecordedRequest,
    ) -> Option<Reply> {
        let rule = platform.sends?;
        if !rule.sends.iter().any(|prefix| method.starts_with(prefix)) {
            return None;
        }
        let params = request.json()?;
        let (key, group) = match params.get(rule.chat)? {
            Value::Number(number) => {
                let id = number.as_i64()?;
                let kind = rule.kind.and_then(|(parameter, private)| {
                    let kind = params.get(parameter)?.as_i64()?;
                    Some(!private.contains(&kind))
                });
                (id.to_string(), kind.unwrap_or(id < 0))
            }
            Value::String(name) => (name.clone(), true),
            _ => return None,
        };
        let list = rule.counts.iter().find(|(name, _)| *name == method).map(|(_, list)| *list);
        let messages = list.and_then(|name| params.get(name)?.as_array().map(Vec::len)).unwrap_or(1).max(1);
        let now = Instant::now();
        let chat_window = if group { self.limits.group_chat } else { self.limits.private_chat };
        let chat = self.chats.entry(key).or_default();
        let chat_full = full(chat, chat_window, messages, now);
        let overall_full = full(&mut self.overall, self.limits.overall, messages, now);
        if chat_full || overall_full {
            self.refused += 1;
            return Some(too_many_requests(
                platform,
                if chat_full { "the chat's limit" } else { "the overall limit" },
            ));
        }
        chat.extend(std::iter::repeat_n(now, messages));
        self.overall.extend(std::iter::repeat_n(now, messages));
        if self.chats.len() > 100_000 {
            self.chats.retain(|_, arrivals| {
                arrivals.back().is_some_and(|last| now.duration_since(*last) < Duration::from_secs(120))
            });
        }
        None
    }
}

/// Whether `arrivals` (older ones dropped) leave no room for `messages` more in the
/// window (a batch larger than the window's count needs it empty).
fn full(arrivals: &mut VecDeque<Instant>, window: Window, messages: usize, now: Instant) -> bool {
    while arrivals.front().is_some_and(|first| now.duration_since(*first) >= window.per) {
        arrivals.pop_front();
    }
    let count = window.count as usize;
    arrivals.len() + messages.min(count) > count
}

/// The platform's rate-limit answer; `which` (the limit hit) ends the description.
fn too_many_requests(platform: Platform, which: &str) -> Reply {
    crate::fault::rate_limited(platform, false, 1, &format!(" ({which})"))
}
