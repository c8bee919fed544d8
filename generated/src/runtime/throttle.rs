//! Throttling: keeps a bot's sends under the platform's rate limits without stalling it.
//!
//! Opt in with [`crate::Client::throttled`]. Every message a method sends (a method whose
//! name starts with `send`, `forward` or `copy` and that names a `chat_id`) takes a *slot*
//! before it goes: the first time at which both its chat's limit (1 a second in a private
//! chat, 20 a minute in a group, by default) and the bot's overall limit (30 a second)
//! allow it. Slots are reserved when the call starts, so there is no worker task or queue
//! to deadlock, and a chat that has used up its limit never delays another chat: chat B
//! takes the next free overall slot even when chat A's next slot is far away.
//!
//! A `429` answer freezes the chat it came for until its `retry_after`; a `429` for a
//! request without a chat, or for two different chats within one `retry_after`, freezes
//! every chat (the bot's overall limit was hit). Calls waiting for a slot re-check the
//! freeze when they wake. The number of calls waiting is [`Throttle::queued`], and is
//! reported through `tracing` (feature `tracing`, `debug` level) as it changes.
//!
//! ```no_run
//! # #[cfg(feature = "telegram")]
//! # async fn demo() -> Result<(), tgfamily::telegram::Error> {
//! use tgfamily::throttle::Limits;
//! use tgfamily::telegram::Bot;
//!
//! let bot = Bot::with_client(tgfamily::Client::new("123:token").throttled(Limits::telegram()));
//! for chat in [1, 2, 3] {
//!     bot.send_message(chat, "news").await?; // waits for its slot, if it must
//! }
//! # Ok(())
//! # }
//! ```

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// At most `count` messages per `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// How many.
    pub count: u32,
    /// In how long.
    pub per: Duration,
}

impl Rate {
    /// `count` messages per `per`.
    pub const fn new(count: u32, per: Duration) -> Rate {
        Rate { count, per }
    }

    /// The spacing of evenly spread messages at this rate, `margin_percent` wider.
    fn interval(self, margin_percent: u32) -> Duration {
        let spacing = self.per / self.count.max(1);
        spacing + spacing * margin_percent / 100
    }
}

/// The limits a [`Throttle`] keeps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Per private chat.
    pub private_chat: Rate,
    /// Per group, supergroup or channel.
    pub group_chat: Rate,
    /// For the whole bot.
    pub overall: Rate,
    /// How much wider than the limits messages are spaced, in percent. The throttle needs
    /// none to stay under the limits as the server counts them: a chat's next message
    /// waits for the previous one's answer, and the overall window counts messages from
    /// when they are answered; a margin is room for a server that counts differently.
    pub margin_percent: u32,
}

impl Limits {
    /// Telegram's limits as its FAQ gives them: about one message a second in a chat,
    /// 20 a minute in a group, 30 a second overall; no margin.
    pub const fn telegram() -> Limits {
        Limits {
            private_chat: Rate::new(1, Duration::from_secs(1)),
            group_chat: Rate::new(20, Duration::from_secs(60)),
            overall: Rate::new(30, Duration::from_secs(1)),
            margin_percent: 0,
        }
    }

    /// The same limits `factor` times faster (a test server that is `factor` times more
    /// generous; benchmarks).
    pub fn scaled(mut self, factor: u32) -> Limits {
        let factor = factor.max(1);
        for rate in [&mut self.private_chat, &mut self.group_chat, &mut self.overall] {
            rate.per /= factor;
        }
        self
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::telegram()
    }
}

/// A chat, as a request names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ChatKey {
    /// A numeric chat id.
    Id(i64),
    /// A `@username`.
    Name(String),
}

/// The chat a request sends to, and whether it is a group, read from its parameters.
pub(crate) fn chat_of(platform: &str, method: &str, params: &serde_json::Value) -> Option<(ChatKey, bool)> {
    if !["send", "forward", "copy"].iter().any(|prefix| method.starts_with(prefix)) {
        return None;
    }
    let chat_type = params.get("chat_type").and_then(serde_json::Value::as_i64);
    match params.get("chat_id")? {
        serde_json::Value::Number(number) => {
            let id = number.as_i64()?;
            // Potato's private chats have chat_type 1, CloudChat's 2; Telegram's have
            // positive ids, groups and channels negative ones.
            let group = match (platform, chat_type) {
                ("potato", Some(kind)) => kind != 1,
                ("cloudchat", Some(kind)) => kind != 2,
                _ => id < 0,
            };
            Some((ChatKey::Id(id), group))
        }
        serde_json::Value::String(name) => Some((ChatKey::Name(name.clone()), true)),
        _ => None,
    }
}

/// How many chats a throttle remembers before forgetting those idle for a while.
const CHATS_KEPT: usize = 10_000;
/// How many reserved overall slots it keeps before forgetting the past ones.
const SLOTS_KEPT: usize = 100_000;

/// Keeps sends under [`Limits`]; shared by the clones of a throttled client.
#[derive(Debug)]
pub struct Throttle {
    limits: Limits,
    state: Mutex<State>,
    /// Woken when a message is answered.
    answer: tokio::sync::Notify,
}

#[derive(Debug, Default)]
struct ChatState {
    /// The earliest time the chat's next message may go.
    next: Option<Instant>,
    /// Held by the chat's message in flight: the next one goes after it was answered
    /// (tokio's mutex is fair, so in slot order).
    turn: Arc<tokio::sync::Mutex<Option<Instant>>>,
}

/// A message's turn: held while it is sent; when dropped (answered), the chat's next
/// message may go one interval after now (the server has seen this one by then, however
/// late the network delivered it), and the message counts in the overall window from now.
pub(crate) struct ChatTurn<'a> {
    guard: Option<tokio::sync::OwnedMutexGuard<Option<Instant>>>,
    throttle: Option<&'a Throttle>,
}

impl Drop for ChatTurn<'_> {
    fn drop(&mut self) {
        let now = Instant::now();
        if let Some(guard) = &mut self.guard {
            **guard = Some(now);
        }
        if let Some(throttle) = self.throttle {
            {
                let mut state = throttle.state();
                state.in_flight = state.in_flight.saturating_sub(1);
                state.answered.push_back(now);
            }
            throttle.answer.notify_waiters();
        }
    }
}

#[derive(Debug)]
struct State {
    origin: Instant,
    /// Reserved overall slots: slot -> a later slot that may be free (union-find with
    /// path compression, so finding the first free slot after a long reserved run is
    /// fast). Absent slots are free.
    taken: HashMap<u64, u64>,
    chats: HashMap<ChatKey, ChatState>,
    frozen_until: Option<Instant>,
    /// Chats that got a 429 recently, with when their freeze ends.
    recent_limits: VecDeque<(ChatKey, Instant)>,
    /// When recent messages were answered (those of the last overall window). With the
    /// messages in flight, these are the ones the server may have counted in its window:
    /// a message goes only while they are fewer than the overall count, however late it
    /// woke or the network carried the others.
    answered: VecDeque<Instant>,
    /// Messages sent and not answered yet.
    in_flight: usize,
    queued: usize,
}

impl Throttle {
    /// A throttle keeping to `limits`.
    pub fn new(limits: Limits) -> Throttle {
        Throttle {
            limits,
            state: Mutex::new(State {
                origin: Instant::now(),
                taken: HashMap::new(),
                chats: HashMap::new(),
                frozen_until: None,
                recent_limits: VecDeque::new(),
                answered: VecDeque::new(),
                in_flight: 0,
                queued: 0,
            }),
            answer: tokio::sync::Notify::new(),
        }
    }

    /// The limits.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// How many calls are waiting for their slot.
    pub fn queued(&self) -> usize {
        self.state().queued
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until a message to `chat` (`None`: a call that sends none) may go; the
    /// message's turn is held until the returned value is dropped (after its answer).
    pub(crate) async fn wait_turn(&self, chat: Option<&(ChatKey, bool)>) -> ChatTurn<'_> {
        let Some((key, group)) = chat else {
            // Calls that send no message are not limited, but wait out a global freeze.
            let frozen = self.state().frozen_until;
            if let Some(until) = frozen.filter(|until| *until > Instant::now()) {
                tokio::time::sleep_until(until).await;
            }
            return ChatTurn { guard: None, throttle: None };
        };
        let interval = self.chat_interval(*group);
        // Bounded: each round starts after a freeze that was not there before.
        for _ in 0..8 {
            let slot = self.reserve(key, *group);
            tokio::time::sleep_until(slot).await;
            let turn = self.state().chats.entry(key.clone()).or_default().turn.clone();
            let guard = turn.lock_owned().await;
            if let Some(previous) = *guard {
                tokio::time::sleep_until(previous + interval).await;
            }
            self.wait_for_overall_window().await;
            let turn = ChatTurn { guard: Some(guard), throttle: Some(self) };
            let mut state = self.state();
            state.queued = state.queued.saturating_sub(1);
            crate::events::debug_event!(queued = state.queued, "throttle queue");
            let now = Instant::now();
            let frozen = state.frozen_until.is_some_and(|until| until > now)
                || state.recent_limits.iter().any(|(chat, until)| chat == key && *until > now);
            drop(state);
            if !frozen {
                return turn;
            }
        }
        ChatTurn { guard: None, throttle: None }
    }

    /// Waits until the messages in flight and those answered within the last (widened)
    /// overall window are fewer than the overall count, and counts this one in flight.
    async fn wait_for_overall_window(&self) {
        let overall = self.limits.overall;
        let window = overall.per + overall.per * self.limits.margin_percent / 100;
        let count = usize::try_from(overall.count.max(1)).unwrap_or(usize::MAX);
        loop {
            let answered = self.answer.notified();
            let oldest = {
                let mut state = self.state();
                let now = Instant::now();
                while state.answered.front().is_some_and(|first| now.duration_since(*first) >= window) {
                    state.answered.pop_front();
                }
                if state.in_flight + state.answered.len() < count {
                    state.in_flight += 1;
                    return;
                }
                state.answered.front().copied()
            };
            // Until the oldest answer leaves the window, or another message is answered
            // (when every counted message is still in flight); at most one window.
            let until = oldest.map_or(Instant::now() + window, |first| first + window);
            tokio::select! {
                () = tokio::time::sleep_until(until) => {}
                () = answered => {}
            }
        }
    }

    fn chat_interval(&self, group: bool) -> Duration {
        let limits = self.limits;
        if group { limits.group_chat } else { limits.private_chat }.interval(limits.margin_percent)
    }

    /// Reserves the first slot at which both the chat's and the overall limit allow a
    /// message to `key`.
    fn reserve(&self, key: &ChatKey, group: bool) -> Instant {
        let limits = self.limits;
        let chat_interval = self.chat_interval(group);
        let overall = limits.overall.interval(limits.margin_percent).max(Duration::from_nanos(1));
        let mut state = self.state();
        let now = Instant::now();
        state.forget_the_past(now, overall);
        let frozen_chat =
            state.recent_limits.iter().filter(|(chat, _)| chat == key).map(|(_, until)| *until).max();
        let chat_next = state.chats.get(key).and_then(|chat| chat.next);
        let earliest = [Some(now), state.frozen_until, frozen_chat, chat_next]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(now);
        let first = ticks(earliest.saturating_duration_since(state.origin), overall);
        let slot = state.take_slot(first);
        let offset = overall.as_nanos().saturating_mul(u128::from(slot));
        let at = state.origin + Duration::from_nanos(u64::try_from(offset).unwrap_or(u64::MAX));
        let at = at.max(earliest);
        state.chats.entry(key.clone()).or_default().next = Some(at + chat_interval);
        state.queued += 1;
        crate::events::debug_event!(queued = state.queued, delay = ?at.saturating_duration_since(now), "throttle queue");
        at
    }

    /// Records a `429` for a message to `chat` (or for a call without one) with the
    /// server's `retry_after` (one second when it gave none).
    pub(crate) fn rate_limited(&self, chat: Option<&(ChatKey, bool)>, retry_after: Option<Duration>) {
        let now = Instant::now();
        let until = now + retry_after.unwrap_or(Duration::from_secs(1));
        let mut state = self.state();
        state.recent_limits.retain(|(_, end)| *end > now);
        let global = match chat {
            None => true,
            Some((key, _)) => {
                let other = state.recent_limits.iter().any(|(chat, _)| chat != key);
                state.recent_limits.push_back((key.clone(), until));
                other
            }
        };
        if global {
            state.frozen_until = Some(state.frozen_until.map_or(until, |old| old.max(until)));
        }
        crate::events::warn_event!(global, ?retry_after, "rate limited: throttle frozen");
    }
}

/// How many whole `interval`s fit in `elapsed`, rounded up.
fn ticks(elapsed: Duration, interval: Duration) -> u64 {
    let (elapsed, interval) = (elapsed.as_nanos(), interval.as_nanos().max(1));
    u64::try_from(elapsed.div_ceil(interval)).unwrap_or(u64::MAX)
}

impl State {
    /// The first free slot at or after `first`, now taken.
    fn take_slot(&mut self, first: u64) -> u64 {
        // Find the free slot, then point every slot on the way straight at it.
        let mut slot = first;
        let mut path = Vec::new();
        while let Some(&next) = self.taken.get(&slot) {
            path.push(slot);
            slot = next;
        }
        for passed in path {
            self.taken.insert(passed, slot.saturating_add(1));
        }
        self.taken.insert(slot, slot.saturating_add(1));
        slot
    }

    /// Drops slots and chats that can no longer matter.
    fn forget_the_past(&mut self, now: Instant, overall: Duration) {
        if self.taken.len() > SLOTS_KEPT {
            let current = ticks(now.saturating_duration_since(self.origin), overall);
            self.taken.retain(|slot, _| *slot >= current);
        }
        if self.chats.len() > CHATS_KEPT {
            self.chats.retain(|_, chat| {
                chat.next.is_some_and(|next| next > now) || Arc::strong_count(&chat.turn) > 1
            });
        }
    }
}

/// A throttle shared by a client and its clones.
pub(crate) type SharedThrottle = Arc<Throttle>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chats_are_read_per_platform() {
        let read = |platform, params: serde_json::Value| chat_of(platform, "sendMessage", &params);
        assert_eq!(read("telegram", serde_json::json!({"chat_id": 5})), Some((ChatKey::Id(5), false)));
        assert_eq!(read("telegram", serde_json::json!({"chat_id": -5})), Some((ChatKey::Id(-5), true)));
        assert_eq!(
            read("telegram", serde_json::json!({"chat_id": "@news"})),
            Some((ChatKey::Name("@news".into()), true))
        );
        assert_eq!(
            read("potato", serde_json::json!({"chat_id": 5, "chat_type": 2})),
            Some((ChatKey::Id(5), true))
        );
        assert_eq!(
            read("cloudchat", serde_json::json!({"chat_id": 5, "chat_type": 2})),
            Some((ChatKey::Id(5), false))
        );
        assert_eq!(chat_of("telegram", "getChat", &serde_json::json!({"chat_id": 5})), None, "not a send");
    }

    #[tokio::test(start_paused = true)]
    async fn a_busy_chat_never_delays_another() {
        let throttle = Throttle::new(Limits::telegram());
        let start = Instant::now();
        let a = ChatKey::Id(1);
        let slots_a: Vec<Instant> = (0..5).map(|_| throttle.reserve(&a, false)).collect();
        let b = throttle.reserve(&ChatKey::Id(2), false);
        let spacing = Limits::telegram().private_chat.interval(0);
        for pair in slots_a.windows(2) {
            assert!(pair[1] - pair[0] >= spacing, "chat A's messages keep its limit");
        }
        assert!(b - start < Duration::from_millis(100), "chat B goes at once, not after A's queue");
        assert_eq!(throttle.queued(), 6);
    }

    #[tokio::test(start_paused = true)]
    async fn the_overall_limit_spaces_messages_to_different_chats() {
        let throttle = Throttle::new(Limits::telegram());
        let mut slots: Vec<Instant> =
            (0..90).map(|chat| throttle.reserve(&ChatKey::Id(chat), false)).collect();
        slots.sort();
        let overall = Limits::telegram().overall.interval(0);
        for pair in slots.windows(2) {
            assert!(pair[1] - pair[0] >= overall);
        }
        // 90 messages at 30 a second (with the margin): about three seconds, not more.
        let span = slots[89] - slots[0];
        assert!(span >= overall * 89 && span <= overall * 90, "{span:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_freezes_its_chat_and_two_freeze_everything() {
        let throttle = Throttle::new(Limits::telegram());
        let start = Instant::now();
        let a = (ChatKey::Id(1), false);
        throttle.rate_limited(Some(&a), Some(Duration::from_secs(7)));
        assert!(throttle.reserve(&a.0, false) - start >= Duration::from_secs(7));
        assert!(
            throttle.reserve(&ChatKey::Id(2), false) - start < Duration::from_secs(1),
            "only chat A froze"
        );
        throttle.rate_limited(Some(&(ChatKey::Id(3), false)), Some(Duration::from_secs(5)));
        assert!(
            throttle.reserve(&ChatKey::Id(4), false) - start >= Duration::from_secs(5),
            "a global freeze"
        );
    }
}
