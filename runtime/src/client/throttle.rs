//! Throttling: keeps a bot's sends under the platform's rate limits without stalling it.
//!
//! Opt in with [`crate::Client::throttled`]. Every message a method sends waits for two
//! things; which methods send messages, to which chat, whether it is a group and how
//! many messages a call makes (each item of an album or of a batch forward counts) is
//! the spec's `throttle` section, read from the typed request by generated code
//! ([`Request::target`](crate::Request::target)). Its chat's limit
//! (1 a second in a private chat, 20 a minute in a group, by default) gives it a time when
//! the call starts, after the chat's earlier calls, and its chat's previous message must
//! have been answered. Then it waits in one line for room under the bot's overall limit
//! (30 a second): a message goes only while the messages in flight and those answered
//! within the last window are fewer than the count, so the server can never have counted
//! more, however late the network delivers; and they go spread at the overall rate
//! rather than in bursts (two at most at once). The line is ordered by the time each call's
//! chat allowed it, so a chat's next message goes before the calls that came after it, and
//! a chat that has used up its limit never delays another chat. There is no worker task
//! or channel to deadlock: each call waits in its own future, and a cancelled call (a
//! `select!`, a timeout) gives its place back.
//!
//! A `429` answer freezes the chat it came for until its `retry_after` (at most
//! [`MAX_RETRY_AFTER`], an hour: a server asking for more, or for an absurd `u64::MAX`
//! seconds, freezes it an hour); a `429` for a
//! request without a chat, or for two different chats within one `retry_after`, freezes
//! every chat (the bot's overall limit was hit). Calls waiting for their turn re-check the
//! freeze when they wake. The number of calls waiting is [`Throttle::queued`], and is
//! reported through `tracing` (feature `tracing`, `debug` level) as it changes.
//!
//! ```no_run
//! # async fn demo() -> Result<(), tgfamily::telegram::Error> {
//! use tgfamily::telegram::Bot;
//!
//! let bot = Bot::with_client(tgfamily::Client::new("123:token").throttled(tgfamily::telegram::RATE_LIMITS));
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

use crate::client::retry::MAX_RETRY_AFTER;

/// `by` after `at`, saturating: a time too far to be represented is
/// [`MAX_RETRY_AFTER`] after `at` (no limit or freeze of this module waits longer than
/// that by design, so nothing is delayed less than it asked by this).
fn later(at: Instant, by: Duration) -> Instant {
    at.checked_add(by).or_else(|| at.checked_add(MAX_RETRY_AFTER)).unwrap_or(at)
}

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
        spacing.saturating_add(spacing.saturating_mul(margin_percent) / 100)
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
    /// These limits with no margin. A platform whose spec gives its limits has them as
    /// `RATE_LIMITS` in its module (`tgfamily::telegram::RATE_LIMITS`).
    pub const fn new(private_chat: Rate, group_chat: Rate, overall: Rate) -> Limits {
        Limits { private_chat, group_chat, overall, margin_percent: 0 }
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

/// A chat, as a request names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ChatKey {
    /// A numeric chat id.
    Id(i64),
    /// A `@username`.
    Name(String),
}

/// What a request sends: to which chat, whether that chat is a group, and how many
/// messages (an album or a batch forward counts each of its items). The generated
/// methods that send messages make one from their typed parameters
/// ([`Request::target`](crate::Request::target)), as their spec's `throttle` section says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The chat.
    pub chat: ChatKey,
    /// A group, supergroup or channel.
    pub group: bool,
    /// How many messages the request makes (at least one).
    pub messages: u32,
}

impl Target {
    /// A request sending `messages` messages (at least one is counted) to `chat`.
    pub fn new(chat: ChatKey, group: bool, messages: usize) -> Target {
        Target { chat, group, messages: u32::try_from(messages).unwrap_or(u32::MAX).max(1) }
    }
}

impl ChatKey {
    /// Whether a chat is a group by the sign of its id, for platforms whose spec reads a
    /// chat's kind that way: a negative id or a `@username` is a group or a channel.
    pub fn is_group_by_sign(&self) -> bool {
        match self {
            ChatKey::Id(id) => *id < 0,
            ChatKey::Name(_) => true,
        }
    }
}

impl From<i64> for ChatKey {
    fn from(id: i64) -> ChatKey {
        ChatKey::Id(id)
    }
}

impl From<&str> for ChatKey {
    fn from(name: &str) -> ChatKey {
        ChatKey::Name(name.to_owned())
    }
}

/// How many chats a throttle remembers before forgetting those idle for a while.
const CHATS_KEPT: usize = 10_000;

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
    /// message may go once it was answered (tokio's mutex is fair, so in call order).
    turn: Arc<tokio::sync::Mutex<Option<Instant>>>,
}

impl ChatState {
    /// The earliest time a message reserved now may go.
    fn latest(&self) -> Option<Instant> {
        self.pending.iter().copied().chain(self.next).max()
    }
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
            **guard = Some(later(now, self.spacing));
        }
        if let Some(throttle) = self.throttle {
            {
                let mut state = throttle.state();
                let counted = throttle.counted(self.messages);
                state.in_flight = state.in_flight.saturating_sub(counted);
                state.answered.extend(std::iter::repeat_n(now, counted));
            }
            throttle.answer.notify_waiters();
        }
    }
}

/// A call's place in its chat, counted as queued until dropped. Dropped unused (the call
/// was cancelled before it sent), it gives its place back: the chat's next message may go
/// after the latest reservation still standing, so a call that never goes delays no
/// other.
struct Reservation<'a> {
    throttle: &'a Throttle,
    chat: ChatKey,
    /// When the message may go, as far as its chat's limit and the freezes say.
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
    }
}

/// A call's place in the line for the overall window: dropped (it got through, was
/// frozen, or was cancelled), it leaves and wakes the call first in line after it.
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

#[derive(Debug)]
struct State {
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
    /// The overall pace: the time the next message is due when messages are spread
    /// evenly at the overall rate (one interval of lateness is made up, no more).
    due: Option<Instant>,
    queued: usize,
    /// The calls their chat lets go, waiting for room in the overall window, by the time
    /// their chat let them (then by arrival): only the first watches the window, the
    /// others sleep until they are first. A chat's next message, which joins only after
    /// its previous one was answered, so goes before the messages of later calls instead
    /// of waiting for the whole line once per message.
    line: BTreeMap<(Instant, u64), Arc<tokio::sync::Notify>>,
    /// Numbers the calls that joined the line.
    joined: u64,
}

impl Throttle {
    /// A throttle keeping to `limits`.
    pub fn new(limits: Limits) -> Throttle {
        Throttle {
            limits,
            state: Mutex::new(State {
                chats: HashMap::new(),
                frozen_until: None,
                recent_limits: VecDeque::new(),
                answered: VecDeque::new(),
                in_flight: 0,
                due: None,
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

    /// How many calls are waiting for their turn.
    pub fn queued(&self) -> usize {
        self.state().queued
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many places in the overall window `messages` take (a batch larger than the
    /// overall count goes alone in its window).
    fn counted(&self, messages: u32) -> usize {
        usize::try_from(messages.min(self.limits.overall.count.max(1))).unwrap_or(usize::MAX)
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
                return ChatTurn {
                    guard: Some(guard),
                    throttle: Some(self),
                    messages: target.messages,
                    spacing,
                };
            }
            // Frozen meanwhile: the reservation goes unused; reserve again, after the
            // freeze.
        }
        ChatTurn::free()
    }

    /// Waits, in line by `at`, until the overall pace and the messages in flight and those
    /// answered within the last (widened) overall window leave room for `target`'s, and
    /// counts them in flight; `false` (nothing counted) when its chat or the bot was
    /// frozen meanwhile.
    async fn wait_for_overall_window(&self, target: &Target, at: Instant) -> bool {
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
            // `None`: not first in line; `Some(until)`: first, waiting for room (until a
            // time, or for an answer when `until` is `None`).
            let wait = {
                let mut state = self.state();
                let now = Instant::now();
                if state.frozen(&target.chat, now) {
                    return false;
                }
                if state.line.keys().next() == Some(&key) {
                    match self.admit(&mut state, now, target.messages) {
                        Ok(()) => return true,
                        Err(until) => Some(until),
                    }
                } else {
                    None
                }
            };
            let Some(until) = wait else {
                first.await;
                continue;
            };
            // Another answer can make room sooner; at most one window without one.
            let until = until.unwrap_or_else(|| later(Instant::now(), self.window()));
            tokio::select! {
                () = tokio::time::sleep_until(until) => {}
                () = answered => {}
                () = first => {}
            }
        }
    }

    /// The overall window, widened by the margin.
    fn window(&self) -> Duration {
        let overall = self.limits.overall;
        overall.per.saturating_add(overall.per.saturating_mul(self.limits.margin_percent) / 100)
    }

    /// Counts `messages` in flight when the pace and the window leave room for them now;
    /// otherwise the time room comes (`None`: when a message in flight is answered).
    fn admit(&self, state: &mut State, now: Instant, messages: u32) -> Result<(), Option<Instant>> {
        let window = self.window();
        let count = usize::try_from(self.limits.overall.count.max(1)).unwrap_or(usize::MAX);
        let pace = self.limits.overall.interval(self.limits.margin_percent);
        if let Some(due) = state.due.filter(|due| *due > later(now, pace)) {
            return Err(Some(due - pace));
        }
        while state.answered.front().is_some_and(|first| now.duration_since(*first) >= window) {
            state.answered.pop_front();
        }
        let counted = self.counted(messages);
        let taken = state.in_flight + state.answered.len() + counted;
        if taken > count {
            // The answer whose leaving the window makes room, if answered yet.
            return Err(state.answered.get(taken - count - 1).map(|answered| later(*answered, window)));
        }
        state.in_flight += counted;
        state.due = Some(later(state.due.map_or(now, |due| due.max(now)), pace.saturating_mul(messages)));
        Ok(())
    }

    fn chat_interval(&self, group: bool) -> Duration {
        let limits = self.limits;
        if group { limits.group_chat } else { limits.private_chat }.interval(limits.margin_percent)
    }

    /// Takes `target`'s place in its chat: the first time its chat's limit (and any
    /// freeze) lets its messages go.
    fn reserve(&self, target: &Target) -> Reservation<'_> {
        let chat_interval = self.chat_interval(target.group);
        let mut state = self.state();
        let now = Instant::now();
        state.forget_idle_chats(now);
        let chat_latest = state.chats.get(&target.chat).and_then(ChatState::latest);
        let at = [Some(now), state.freeze_of(&target.chat), chat_latest]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(now);
        let chat_next = later(at, chat_interval.saturating_mul(target.messages));
        state.chats.entry(target.chat.clone()).or_default().pending.push(chat_next);
        state.queued += 1;
        crate::events::debug_event!(queued = state.queued, delay = ?at.saturating_duration_since(now), "throttle queue");
        Reservation { throttle: self, chat: target.chat.clone(), at, chat_next, used: false }
    }

    /// Records a `429` for a message to `target` (or for a call without one) with the
    /// server's `retry_after` (one second when it gave none, at most [`MAX_RETRY_AFTER`]).
    pub(crate) fn rate_limited(&self, target: Option<&Target>, retry_after: Option<Duration>) {
        let now = Instant::now();
        let until = later(now, retry_after.unwrap_or(Duration::from_secs(1)).min(MAX_RETRY_AFTER));
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

impl State {
    /// When the freezes that hold `chat` end (the bot's and the chat's own), if any.
    fn freeze_of(&self, chat: &ChatKey) -> Option<Instant> {
        let own =
            self.recent_limits.iter().filter(|(limited, _)| limited == chat).map(|(_, until)| *until).max();
        self.frozen_until.max(own)
    }

    /// Whether a message to `chat` must wait for a freeze now.
    fn frozen(&self, chat: &ChatKey, now: Instant) -> bool {
        self.freeze_of(chat).is_some_and(|until| until > now)
    }

    /// Forgets the chats that can no longer matter, once there are many.
    fn forget_idle_chats(&mut self, now: Instant) {
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

    /// One message a second per private chat, 20 a minute per group, 30 a second overall.
    const LIMITS: Limits = Limits::new(
        Rate::new(1, Duration::from_secs(1)),
        Rate::new(20, Duration::from_secs(60)),
        Rate::new(30, Duration::from_secs(1)),
    );

    fn to(chat: i64, messages: u32) -> Target {
        Target { chat: ChatKey::Id(chat), group: chat < 0, messages }
    }

    #[test]
    fn targets_count_at_least_one_message_and_names_are_groups() {
        assert_eq!(Target::new(ChatKey::Id(5), false, 0).messages, 1, "at least one");
        assert_eq!(Target::new(ChatKey::Id(5), false, 3).messages, 3);
        assert_eq!(Target::new(ChatKey::Id(5), false, usize::MAX).messages, u32::MAX);
        assert!(!ChatKey::Id(5).is_group_by_sign());
        assert!(ChatKey::Id(-5).is_group_by_sign());
        assert!(ChatKey::from("@news").is_group_by_sign());
    }

    #[tokio::test(start_paused = true)]
    async fn a_busy_chat_never_delays_another() {
        let throttle = Throttle::new(LIMITS);
        let start = Instant::now();
        let slots_a: Vec<Reservation<'_>> = (0..5).map(|_| throttle.reserve(&to(1, 1))).collect();
        let b = throttle.reserve(&to(2, 1));
        let spacing = LIMITS.private_chat.interval(0);
        for pair in slots_a.windows(2) {
            assert!(pair[1].at - pair[0].at >= spacing, "chat A's messages keep its limit");
        }
        assert!(b.at - start < Duration::from_millis(100), "chat B goes at once, not after A's queue");
        assert_eq!(throttle.queued(), 6);
    }

    /// When each of `targets` (called in this order, one after the other's reservation)
    /// got its turn, from the start; each is answered `answer_after` later.
    async fn turns(
        throttle: &Arc<Throttle>,
        targets: Vec<(Duration, Target)>,
        answer_after: Duration,
    ) -> Vec<(usize, Duration)> {
        let start = Instant::now();
        let (sent, mut order) = tokio::sync::mpsc::unbounded_channel();
        let mut calls = Vec::new();
        for (index, (called, target)) in targets.into_iter().enumerate() {
            tokio::time::sleep_until(start + called).await;
            let (throttle, sent) = (throttle.clone(), sent.clone());
            calls.push(tokio::spawn(async move {
                let turn = throttle.wait_turn(Some(&target)).await;
                let _ = sent.send((index, Instant::now() - start));
                tokio::time::sleep(answer_after).await;
                drop(turn);
            }));
            // Each reserves before the next is called.
            tokio::task::yield_now().await;
        }
        for call in calls {
            call.await.expect("joined");
        }
        drop(sent);
        let mut went = Vec::new();
        while let Some(turn) = order.recv().await {
            went.push(turn);
        }
        went
    }

    #[tokio::test(start_paused = true)]
    async fn the_overall_limit_spreads_messages_to_different_chats() {
        let throttle = Arc::new(Throttle::new(LIMITS));
        let went =
            turns(&throttle, (0..90).map(|chat| (Duration::ZERO, to(chat, 1))).collect(), Duration::ZERO)
                .await;
        let at: Vec<Duration> = went.iter().map(|(_, at)| *at).collect();
        let pace = LIMITS.overall.interval(0);
        for (index, time) in at.iter().enumerate() {
            if let Some(later) = at.get(index + 30) {
                assert!(*later - *time >= Duration::from_secs(1), "30 a second at most");
            }
            if let Some(later) = at.get(index + 2) {
                assert!(*later - *time >= pace, "spread, not in bursts");
            }
        }
        // 90 messages at 30 a second: about three seconds, not more.
        assert!(at[89] - at[0] <= Duration::from_secs(3) + pace, "{:?}", at[89] - at[0]);
        assert_eq!(throttle.queued(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn an_album_takes_a_place_and_a_chat_interval_per_item() {
        let throttle = Throttle::new(LIMITS);
        let album = throttle.reserve(&to(1, 3));
        let next = throttle.reserve(&to(1, 1));
        assert!(next.at - album.at >= LIMITS.private_chat.interval(0) * 3, "three of its chat's");
        drop((album, next));
        let limits = Limits { overall: Rate::new(3, Duration::from_secs(1)), ..LIMITS };
        let throttle = Arc::new(Throttle::new(limits));
        let went =
            turns(&throttle, vec![(Duration::ZERO, to(1, 3)), (Duration::ZERO, to(2, 1))], Duration::ZERO)
                .await;
        assert!(went[1].1 - went[0].1 >= Duration::from_secs(1), "the album filled the window: {went:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_call_gives_its_place_back() {
        let throttle = Throttle::new(LIMITS);
        let first = throttle.reserve(&to(1, 1));
        let cancelled: Vec<Reservation<'_>> = (0..4).map(|_| throttle.reserve(&to(1, 1))).collect();
        assert_eq!(throttle.queued(), 5);
        drop(cancelled);
        assert_eq!(throttle.queued(), 1);
        let next = throttle.reserve(&to(1, 1));
        let spacing = LIMITS.private_chat.interval(0);
        assert_eq!(next.at - first.at, spacing, "right after the first, as if the others never were");
        drop((first, next));
        assert_eq!(throttle.queued(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_freezes_its_chat_and_two_freeze_everything() {
        let throttle = Throttle::new(LIMITS);
        let start = Instant::now();
        let a = to(1, 1);
        throttle.rate_limited(Some(&a), Some(Duration::from_secs(7)));
        assert!(throttle.reserve(&a).at - start >= Duration::from_secs(7));
        assert!(throttle.reserve(&to(2, 1)).at - start < Duration::from_secs(1), "only chat A froze");
        throttle.rate_limited(Some(&to(3, 1)), Some(Duration::from_secs(5)));
        assert!(throttle.reserve(&to(4, 1)).at - start >= Duration::from_secs(5), "a global freeze");
    }

    #[tokio::test(start_paused = true)]
    async fn an_enormous_retry_after_freezes_for_at_most_the_maximum() {
        let throttle = Throttle::new(LIMITS);
        let start = Instant::now();
        let a = to(1, 1);
        for asked in [u64::MAX, 1_000_000_000_000_000_000, 1 << 63, MAX_RETRY_AFTER.as_secs() + 1] {
            throttle.rate_limited(Some(&a), Some(Duration::from_secs(asked)));
            assert_eq!(throttle.reserve(&a).at - start, MAX_RETRY_AFTER, "{asked}");
        }
        throttle.rate_limited(None, Some(Duration::MAX));
        assert_eq!(throttle.reserve(&to(2, 1)).at - start, MAX_RETRY_AFTER, "a global freeze, capped");
        // The longest album at the slowest rate a caller can set does not overflow either.
        let slow = Limits::new(Rate::new(1, Duration::MAX), Rate::new(1, Duration::MAX), LIMITS.overall);
        let throttle = Throttle::new(slow);
        let album = throttle.reserve(&to(3, u32::MAX));
        assert!(throttle.reserve(&to(3, 1)).at > album.at);
    }

    #[tokio::test(start_paused = true)]
    async fn calls_in_line_for_the_window_go_in_order_without_passing_the_count() {
        let limits = Limits { overall: Rate::new(3, Duration::from_secs(1)), ..LIMITS };
        let throttle = Arc::new(Throttle::new(limits));
        let targets = (0..9).map(|chat| (Duration::ZERO, to(chat, 1))).collect();
        let went = turns(&throttle, targets, Duration::from_millis(50)).await;
        let order: Vec<usize> = went.iter().map(|(index, _)| *index).collect();
        assert_eq!(order, (0..9).collect::<Vec<_>>(), "in the order they came");
        for (index, (_, at)) in went.iter().enumerate().skip(3) {
            // The third before it was answered 50 ms after it went; a second after that.
            assert!(*at >= went[index - 3].1 + Duration::from_millis(1050), "{went:?}");
        }
        assert_eq!(throttle.queued(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_chats_next_message_goes_before_later_calls() {
        // One message a second overall, answers after 500 ms: every turn of the window
        // comes half a second later than the one before, and the line grows.
        let limits = Limits {
            private_chat: Rate::new(1, Duration::from_secs(2)),
            overall: Rate::new(1, Duration::from_secs(1)),
            ..LIMITS
        };
        let throttle = Arc::new(Throttle::new(limits));
        // Five fillers and chat A's two messages at once (A's second may go at 2 s), then
        // six more chats at 2.5 s.
        let mut targets: Vec<(Duration, Target)> =
            [10, 11, 12, 13, 14, 1, 1].into_iter().map(|chat| (Duration::ZERO, to(chat, 1))).collect();
        targets.extend((20..26).map(|chat| (Duration::from_millis(2500), to(chat, 1))));
        let went = turns(&throttle, targets, Duration::from_millis(500)).await;
        let order: Vec<usize> = went.iter().map(|(index, _)| *index).collect();
        // Chat A's second message (index 6) joins the line two seconds after its first was
        // answered (at 10 s), when the later calls have waited since 2.5 s: it goes before
        // all but the first of them, in the place its chat's limit gave it.
        assert_eq!(order, [0, 1, 2, 3, 4, 5, 7, 6, 8, 9, 10, 11, 12], "{went:?}");
        assert_eq!(throttle.queued(), 0);
    }
}
