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

use std::collections::{BTreeMap, HashMap, VecDeque};
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

/// What a request sends: to which chat, whether that chat is a group, and how many
/// messages (an album or a batch forward counts each of its items).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// The chat.
    pub(crate) chat: ChatKey,
    /// A group, supergroup or channel.
    pub(crate) group: bool,
    /// How many messages the request makes (at least one).
    pub(crate) messages: u32,
}

/// The chat a request sends to, whether it is a group, and how many messages it makes,
/// read from its parameters.
pub(crate) fn chat_of(platform: &str, method: &str, params: &serde_json::Value) -> Option<Target> {
    if !["send", "forward", "copy"].iter().any(|prefix| method.starts_with(prefix)) {
        return None;
    }
    let chat_type = params.get("chat_type").and_then(serde_json::Value::as_i64);
    // Each item of an album is a message of its own, as is each message of a batch
    // forward or copy: the server can count them one by one.
    let list = match method {
        "sendMediaGroup" => Some("media"),
        "forwardMessages" | "copyMessages" => Some("message_ids"),
        _ => None,
    };
    let items = list.and_then(|name| params.get(name)?.as_array().map(Vec::len));
    let messages = items.map_or(1, |items| u32::try_from(items).unwrap_or(u32::MAX).max(1));
    let (chat, group) = match params.get("chat_id")? {
        serde_json::Value::Number(number) => {
            let id = number.as_i64()?;
            // Potato's private chats have chat_type 1, CloudChat's 2; Telegram's have
            // positive ids, groups and channels negative ones.
            let group = match (platform, chat_type) {
                ("potato", Some(kind)) => kind != 1,
                ("cloudchat", Some(kind)) => kind != 2,
                _ => id < 0,
            };
            (ChatKey::Id(id), group)
        }
        serde_json::Value::String(name) => (ChatKey::Name(name.clone()), true),
        _ => return None,
    };
    Some(Target { chat, group, messages })
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
    /// The earliest time the chat's next message may go after the calls that used their
    /// reservation.
    next: Option<Instant>,
    /// The same after each call still waiting on its reservation.
    pending: Vec<Instant>,
    /// Held by the chat's message in flight; holds the earliest time the chat's next
    /// message may go once it was answered (tokio's mutex is fair, so in slot order).
    turn: Arc<tokio::sync::Mutex<Option<Instant>>>,
}

/// A message's turn: held while it is sent; when dropped (answered), the chat's next
/// message may go one interval per message after now (the server has seen this one by
/// then, however late the network delivered it), and its messages count in the overall
/// window from now.
pub(crate) struct ChatTurn<'a> {
    guard: Option<tokio::sync::OwnedMutexGuard<Option<Instant>>>,
    throttle: Option<&'a Throttle>,
    messages: u32,
    /// How long after the answer the chat's next message may go.
    spacing: Duration,
}

impl ChatTurn<'_> {
    /// A turn that holds and counts nothing.
    fn free() -> ChatTurn<'static> {
        ChatTurn { guard: None, throttle: None, messages: 0, spacing: Duration::ZERO }
    }
}

impl Drop for ChatTurn<'_> {
    fn drop(&mut self) {
        let now = Instant::now();
        if let Some(guard) = &mut self.guard {
            **guard = Some(now + self.spacing);
        }
        if let Some(throttle) = self.throttle {
            {
                let mut state = throttle.state();
                let messages = usize::try_from(self.messages).unwrap_or(usize::MAX);
                state.in_flight = state.in_flight.saturating_sub(messages);
                state.answered.extend(std::iter::repeat_n(now, messages.min(SLOTS_KEPT)));
            }
            throttle.answer.notify_waiters();
        }
    }
}

impl ChatState {
    /// The earliest time a message reserved now may go.
    fn latest(&self) -> Option<Instant> {
        self.pending.iter().copied().chain(self.next).max()
    }
}

/// A call's reserved slots, counted as queued until dropped. Dropped unused (the call was
/// cancelled before it sent), it gives back the slots still to come and its place in the
/// chat: the chat's next message may go after the latest reservation still standing. A
/// call that never goes delays no other.
struct Reservation<'a> {
    throttle: &'a Throttle,
    chat: ChatKey,
    slots: Vec<u64>,
    /// When the message may go, as far as the slots and the chat's limit say.
    at: Instant,
    /// The earliest time the chat's next message may go after this one.
    chat_next: Instant,
    used: bool,
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        let mut state = self.throttle.state();
        state.queued = state.queued.saturating_sub(1);
        crate::events::debug_event!(queued = state.queued, "throttle queue");
        if let Some(chat) = state.chats.get_mut(&self.chat) {
            if let Some(index) = chat.pending.iter().position(|next| *next == self.chat_next) {
                chat.pending.swap_remove(index);
            }
            if self.used {
                chat.next = chat.next.max(Some(self.chat_next));
            }
        }
        if self.used {
            return;
        }
        let now = Instant::now();
        let overall = self.throttle.overall_interval();
        let current = ticks(now.saturating_duration_since(state.origin), overall);
        for slot in self.slots.iter().filter(|slot| **slot >= current) {
            state.taken.remove(slot);
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
    /// The calls whose slot has come, waiting for room in the overall window, by slot
    /// (then by arrival): only the first watches the window, the others sleep until they
    /// are first. A chat's next message, which can only join after its previous one was
    /// answered, so goes before the messages reserved after it, instead of taking the
    /// whole line's wait once per message.
    line: BTreeMap<(Instant, u64), Arc<tokio::sync::Notify>>,
    /// Numbers the calls that joined the line.
    joined: u64,
}

/// A call's place in the line: dropped (it got through, was frozen, or was cancelled), it
/// leaves and wakes the call first in line after it.
struct InLine<'a> {
    throttle: &'a Throttle,
    key: (Instant, u64),
}

impl Drop for InLine<'_> {
    fn drop(&mut self) {
        let mut state = self.throttle.state();
        state.line.remove(&self.key);
        if let Some(first) = state.line.values().next() {
            first.notify_one();
        }
    }
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
                line: BTreeMap::new(),
                joined: 0,
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

    /// Waits until a message to `target` (`None`: a call that sends none) may go; the
    /// message's turn is held until the returned value is dropped (after its answer).
    pub(crate) async fn wait_turn(&self, target: Option<&Target>) -> ChatTurn<'_> {
        let Some(target) = target else {
            // Calls that send no message are not limited, but wait out a global freeze.
            let frozen = self.state().frozen_until;
            if let Some(until) = frozen.filter(|until| *until > Instant::now()) {
                tokio::time::sleep_until(until).await;
            }
            return ChatTurn::free();
        };
        let spacing = self.chat_interval(target.group).saturating_mul(target.messages);
        // Bounded: each round starts after a freeze that was not there before.
        for _ in 0..8 {
            let mut reservation = self.reserve(target);
            tokio::time::sleep_until(reservation.at).await;
            let turn = self.state().chats.entry(target.chat.clone()).or_default().turn.clone();
            let guard = turn.lock_owned().await;
            if let Some(next) = *guard {
                tokio::time::sleep_until(next).await;
            }
            if self.wait_for_overall_window(target, reservation.at).await {
                reservation.used = true;
                return ChatTurn { guard: Some(guard), throttle: Some(self), messages: target.messages, spacing };
            }
            // Frozen meanwhile: the reservation goes unused; reserve again, after the
            // freeze.
        }
        ChatTurn::free()
    }

    /// Waits, in line by its slot `at`, until the messages in flight and those answered
    /// within the last (widened) overall window leave room for `target`'s, and counts them
    /// in flight; `false` (nothing counted) when its chat or the bot was frozen meanwhile.
    async fn wait_for_overall_window(&self, target: &Target, at: Instant) -> bool {
        let overall = self.limits.overall;
        let window = overall.per + overall.per * self.limits.margin_percent / 100;
        let count = usize::try_from(overall.count.max(1)).unwrap_or(usize::MAX);
        // A batch larger than the overall count goes alone in its window.
        let messages = usize::try_from(target.messages).unwrap_or(usize::MAX).min(count);
        let me = Arc::new(tokio::sync::Notify::new());
        let key = {
            let mut state = self.state();
            state.joined += 1;
            let key = (at, state.joined);
            state.line.insert(key, me.clone());
            key
        };
        let _in_line = InLine { throttle: self, key };
        loop {
            let answered = self.answer.notified();
            let first = me.notified();
            // `None`: not first in line; `Some(oldest)`: first, waiting for room.
            let wait = {
                let mut state = self.state();
                let now = Instant::now();
                if state.frozen(&target.chat, now) {
                    return false;
                }
                if state.line.keys().next() == Some(&key) {
                    match state.room_for(now, window, count, messages) {
                        Ok(()) => {
                            state.in_flight += usize::try_from(target.messages).unwrap_or(usize::MAX);
                            return true;
                        }
                        Err(oldest) => Some(oldest),
                    }
                } else {
                    None
                }
            };
            let Some(oldest) = wait else {
                first.await;
                continue;
            };
            // Until that answer leaves the window, or another message is answered (when
            // the room is held by messages still in flight); at most one window.
            let until = oldest.map_or(Instant::now() + window, |first| first + window);
            tokio::select! {
                () = tokio::time::sleep_until(until) => {}
                () = answered => {}
                () = first => {}
            }
        }
    }

    fn chat_interval(&self, group: bool) -> Duration {
        let limits = self.limits;
        if group { limits.group_chat } else { limits.private_chat }.interval(limits.margin_percent)
    }

    fn overall_interval(&self) -> Duration {
        self.limits.overall.interval(self.limits.margin_percent).max(Duration::from_nanos(1))
    }

    /// Reserves the first slots (one per message) at which both the chat's and the
    /// overall limit allow `target`'s messages.
    fn reserve(&self, target: &Target) -> Reservation<'_> {
        let chat_interval = self.chat_interval(target.group);
        let overall = self.overall_interval();
        let mut state = self.state();
        let now = Instant::now();
        state.forget_the_past(now, overall);
        let frozen_chat =
            state.recent_limits.iter().filter(|(chat, _)| *chat == target.chat).map(|(_, until)| *until).max();
        let chat_latest = state.chats.get(&target.chat).and_then(ChatState::latest);
        let earliest = [Some(now), state.frozen_until, frozen_chat, chat_latest]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(now);
        let mut slot = ticks(earliest.saturating_duration_since(state.origin), overall);
        let messages = usize::try_from(target.messages.max(1)).unwrap_or(usize::MAX).min(SLOTS_KEPT);
        let mut slots = Vec::with_capacity(messages);
        for _ in 0..messages {
            slot = state.take_slot(slot);
            slots.push(slot);
            slot = slot.saturating_add(1);
        }
        let last = slots.last().copied().unwrap_or_default();
        let offset = overall.as_nanos().saturating_mul(u128::from(last));
        let at = state.origin + Duration::from_nanos(u64::try_from(offset).unwrap_or(u64::MAX));
        let at = at.max(earliest);
        let chat_next = at + chat_interval.saturating_mul(target.messages);
        state.chats.entry(target.chat.clone()).or_default().pending.push(chat_next);
        state.queued += 1;
        crate::events::debug_event!(queued = state.queued, delay = ?at.saturating_duration_since(now), "throttle queue");
        Reservation { throttle: self, chat: target.chat.clone(), slots, at, chat_next, used: false }
    }

    /// Records a `429` for a message to `target` (or for a call without one) with the
    /// server's `retry_after` (one second when it gave none).
    pub(crate) fn rate_limited(&self, target: Option<&Target>, retry_after: Option<Duration>) {
        let now = Instant::now();
        let until = now + retry_after.unwrap_or(Duration::from_secs(1));
        let mut state = self.state();
        state.recent_limits.retain(|(_, end)| *end > now);
        let global = match target {
            None => true,
            Some(target) => {
                let other = state.recent_limits.iter().any(|(chat, _)| *chat != target.chat);
                state.recent_limits.push_back((target.chat.clone(), until));
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
    /// Whether a message to `chat` must wait for a freeze now.
    fn frozen(&self, chat: &ChatKey, now: Instant) -> bool {
        self.frozen_until.is_some_and(|until| until > now)
            || self.recent_limits.iter().any(|(limited, until)| limited == chat && *until > now)
    }

    /// Whether the messages in flight and those answered within the last `window` leave
    /// room for `messages` more under `count`; if not, the answer whose leaving the window
    /// makes room (`None`: the room is held by messages still in flight).
    fn room_for(&mut self, now: Instant, window: Duration, count: usize, messages: usize) -> Result<(), Option<Instant>> {
        while self.answered.front().is_some_and(|first| now.duration_since(*first) >= window) {
            self.answered.pop_front();
        }
        let counted = self.in_flight + self.answered.len() + messages;
        if counted <= count {
            return Ok(());
        }
        Err(self.answered.get(counted - count - 1).copied())
    }

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
                chat.next.is_some_and(|next| next > now)
                    || !chat.pending.is_empty()
                    || Arc::strong_count(&chat.turn) > 1
            });
        }
    }
}

/// A throttle shared by a client and its clones.
pub(crate) type SharedThrottle = Arc<Throttle>;

#[cfg(test)]
mod tests {
    use super::*;

    fn to(chat: i64, messages: u32) -> Target {
        Target { chat: ChatKey::Id(chat), group: chat < 0, messages }
    }

    #[test]
    fn chats_are_read_per_platform() {
        let read = |platform, params: serde_json::Value| chat_of(platform, "sendMessage", &params);
        let target = |chat, group| Some(Target { chat, group, messages: 1 });
        assert_eq!(read("telegram", serde_json::json!({"chat_id": 5})), target(ChatKey::Id(5), false));
        assert_eq!(read("telegram", serde_json::json!({"chat_id": -5})), target(ChatKey::Id(-5), true));
        assert_eq!(
            read("telegram", serde_json::json!({"chat_id": "@news"})),
            target(ChatKey::Name("@news".into()), true)
        );
        assert_eq!(read("potato", serde_json::json!({"chat_id": 5, "chat_type": 2})), target(ChatKey::Id(5), true));
        assert_eq!(
            read("cloudchat", serde_json::json!({"chat_id": 5, "chat_type": 2})),
            target(ChatKey::Id(5), false)
        );
        assert_eq!(chat_of("telegram", "getChat", &serde_json::json!({"chat_id": 5})), None, "not a send");
    }

    #[test]
    fn an_album_and_a_batch_forward_count_each_message() {
        let album = serde_json::json!({"chat_id": 5, "media": [{}, {}, {}]});
        assert_eq!(chat_of("telegram", "sendMediaGroup", &album).map(|t| t.messages), Some(3));
        let batch = serde_json::json!({"chat_id": 5, "from_chat_id": 6, "message_ids": [1, 2, 3, 4]});
        assert_eq!(chat_of("telegram", "forwardMessages", &batch).map(|t| t.messages), Some(4));
        assert_eq!(chat_of("telegram", "copyMessages", &batch).map(|t| t.messages), Some(4));
        let empty = serde_json::json!({"chat_id": 5, "message_ids": []});
        assert_eq!(chat_of("telegram", "copyMessages", &empty).map(|t| t.messages), Some(1), "at least one");
        let paid = serde_json::json!({"chat_id": 5, "media": [{}, {}]});
        assert_eq!(chat_of("telegram", "sendPaidMedia", &paid).map(|t| t.messages), Some(1), "one message");
    }

    #[tokio::test(start_paused = true)]
    async fn a_busy_chat_never_delays_another() {
        let throttle = Throttle::new(Limits::telegram());
        let start = Instant::now();
        let slots_a: Vec<Reservation<'_>> = (0..5).map(|_| throttle.reserve(&to(1, 1))).collect();
        let b = throttle.reserve(&to(2, 1));
        let spacing = Limits::telegram().private_chat.interval(0);
        for pair in slots_a.windows(2) {
            assert!(pair[1].at - pair[0].at >= spacing, "chat A's messages keep its limit");
        }
        assert!(b.at - start < Duration::from_millis(100), "chat B goes at once, not after A's queue");
        assert_eq!(throttle.queued(), 6);
    }

    #[tokio::test(start_paused = true)]
    async fn the_overall_limit_spaces_messages_to_different_chats() {
        let throttle = Throttle::new(Limits::telegram());
        let reservations: Vec<Reservation<'_>> = (0..90).map(|chat| throttle.reserve(&to(chat, 1))).collect();
        let mut slots: Vec<Instant> = reservations.iter().map(|r| r.at).collect();
        slots.sort();
        let overall = Limits::telegram().overall.interval(0);
        for pair in slots.windows(2) {
            assert!(pair[1] - pair[0] >= overall);
        }
        // 90 messages at 30 a second: about three seconds, not more.
        let span = slots[89] - slots[0];
        assert!(span >= overall * 89 && span <= overall * 90, "{span:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn an_album_takes_a_slot_and_a_chat_interval_per_item() {
        let throttle = Throttle::new(Limits::telegram());
        let start = Instant::now();
        let album = throttle.reserve(&to(1, 3));
        assert_eq!(album.slots.len(), 3);
        let overall = Limits::telegram().overall.interval(0);
        let other = throttle.reserve(&to(2, 1));
        assert!(other.at - start >= overall * 3, "the album used three overall slots");
        let next = throttle.reserve(&to(1, 1));
        assert!(next.at - album.at >= Limits::telegram().private_chat.interval(0) * 3, "and three of its chat's");
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_call_gives_its_slots_back() {
        let throttle = Throttle::new(Limits::telegram());
        let start = Instant::now();
        let first = throttle.reserve(&to(1, 1));
        let cancelled: Vec<Reservation<'_>> = (0..4).map(|_| throttle.reserve(&to(1, 1))).collect();
        assert_eq!(throttle.queued(), 5);
        drop(cancelled);
        assert_eq!(throttle.queued(), 1);
        let next = throttle.reserve(&to(1, 1));
        let spacing = Limits::telegram().private_chat.interval(0);
        let overall = Limits::telegram().overall.interval(0);
        assert!(next.at - first.at < spacing + overall, "right after the first, as if the others never were");
        let other = throttle.reserve(&to(2, 1));
        assert!(other.at - start <= overall * 2, "their overall slots are free");
        drop((first, next, other));
        assert_eq!(throttle.queued(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_freezes_its_chat_and_two_freeze_everything() {
        let throttle = Throttle::new(Limits::telegram());
        let start = Instant::now();
        let a = to(1, 1);
        throttle.rate_limited(Some(&a), Some(Duration::from_secs(7)));
        assert!(throttle.reserve(&a).at - start >= Duration::from_secs(7));
        assert!(throttle.reserve(&to(2, 1)).at - start < Duration::from_secs(1), "only chat A froze");
        throttle.rate_limited(Some(&to(3, 1)), Some(Duration::from_secs(5)));
        assert!(throttle.reserve(&to(4, 1)).at - start >= Duration::from_secs(5), "a global freeze");
    }

    #[tokio::test(start_paused = true)]
    async fn calls_in_line_for_the_window_go_in_order_without_passing_the_count() {
        let limits = Limits { overall: Rate::new(3, Duration::from_secs(1)), ..Limits::telegram() };
        let throttle = Arc::new(Throttle::new(limits));
        let (sent, mut order) = tokio::sync::mpsc::unbounded_channel();
        let start = Instant::now();
        let calls: Vec<_> = (0..9)
            .map(|chat| {
                let (throttle, sent) = (throttle.clone(), sent.clone());
                tokio::spawn(async move {
                    let turn = throttle.wait_turn(Some(&to(chat, 1))).await;
                    let _ = sent.send((chat, Instant::now() - start));
                    // The answer comes 50 ms later.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    drop(turn);
                })
            })
            .collect();
        for call in calls {
            call.await.expect("joined");
        }
        drop(sent);
        let mut went = Vec::new();
        while let Some(call) = order.recv().await {
            went.push(call);
        }
        let chats: Vec<i64> = went.iter().map(|(chat, _)| *chat).collect();
        assert_eq!(chats, (0..9).collect::<Vec<_>>(), "in the order of their slots");
        for (index, (_, at)) in went.iter().enumerate().skip(3) {
            // The third before it was answered 50 ms after it went; a second after that.
            assert!(*at >= went[index - 3].1 + Duration::from_millis(1050), "{went:?}");
        }
        assert_eq!(throttle.queued(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_chats_next_message_goes_before_those_reserved_after_it() {
        // One message a second overall, answers after 500 ms: every turn of the window
        // comes half a second later than the slots, and the line grows.
        let limits = Limits {
            private_chat: Rate::new(1, Duration::from_secs(2)),
            overall: Rate::new(1, Duration::from_secs(1)),
            ..Limits::telegram()
        };
        let throttle = Arc::new(Throttle::new(limits));
        let (sent, mut order) = tokio::sync::mpsc::unbounded_channel();
        // Five fillers, then chat A's two messages (slots 5 and 7), then six more chats
        // (slots 6 and 8 to 12), reserved in this order.
        let senders = [10, 11, 12, 13, 14, 1, 1, 20, 21, 22, 23, 24, 25];
        let mut calls = Vec::new();
        for (index, chat) in senders.into_iter().enumerate() {
            let (throttle, sent) = (throttle.clone(), sent.clone());
            calls.push(tokio::spawn(async move {
                let turn = throttle.wait_turn(Some(&to(chat, 1))).await;
                let _ = sent.send(index);
                tokio::time::sleep(Duration::from_millis(500)).await;
                drop(turn);
            }));
            // Each reserves before the next is spawned.
            tokio::task::yield_now().await;
        }
        for call in calls {
            call.await.expect("joined");
        }
        drop(sent);
        let mut went = Vec::new();
        while let Some(index) = order.recv().await {
            went.push(index);
        }
        // Chat A's second message (index 6) joins the line after its first was answered
        // and two seconds passed, when the messages of slots 8 and 9 already wait: it goes
        // before them, in its slot's place.
        assert_eq!(went, [0, 1, 2, 3, 4, 5, 7, 6, 8, 9, 10, 11, 12]);
        assert_eq!(throttle.queued(), 0);
    }
}
