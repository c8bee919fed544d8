//! Long polling: `getUpdates` in a loop, as a [`Stream`] of updates.
//!
//! ```no_run
//! # async fn demo() -> Result<(), tgfamily::telegram::Error> {
//! use futures_util::StreamExt;
//! use tgfamily::polling::LongPolling;
//! use tgfamily::{Client, Incoming};
//!
//! let client: Client<tgfamily::telegram::Telegram> = Client::new("123:token");
//! let mut updates = LongPolling::new(client).stream();
//! for _ in 0..10 {
//!     match updates.next().await {
//!         Some(Ok(Incoming::Update(update))) => println!("update {}", update.update_id),
//!         Some(Ok(Incoming::Undecodable(raw))) => println!("skipped {:?}: {}", raw.update_id, raw.error),
//!         Some(Err(error)) => println!("{error} (the stream backs off and goes on)"),
//!         None => break,
//!     }
//! }
//! updates.shutdown().await // confirms what was delivered
//! # }
//! ```
//!
//! **Delivery.** Updates come in the server's order. The next `getUpdates` is sent only
//! once every update of the previous answer has been delivered, and on a platform with an
//! `offset` (Telegram) it confirms exactly those. An update the stream sees again among
//! the last few thousand is dropped. [`UpdateStream::shutdown`] confirms what was
//! delivered since the last call, so a restart does not receive it again; a stream
//! dropped without `shutdown` leaves its last answer unconfirmed (it comes again: at least
//! once, never lost).
//!
//! Potato's and CloudChat's `getUpdates` document no `offset`: the stream cannot confirm,
//! the server alone decides what it sends again (a restart may see updates again, and an
//! answer lost on the way is lost with its updates), and the stream relies on dropping
//! repeated `update_id`s. They document no long-poll `timeout` either: after an empty
//! answer the stream waits [`LongPolling::idle_interval`] before asking again.
//!
//! **Errors** are yielded as `Err` items and do not end the stream: it waits (doubling
//! from [`LongPolling::backoff`]'s first delay up to its cap, or the server's
//! `retry_after` when longer, up to [`MAX_RETRY_AFTER`]: an hour, however long the server
//! asks for) and asks again from the same offset, so nothing is lost or repeated across
//! them.

use std::collections::hash_map::RandomState;
use std::collections::VecDeque;
use std::future::Future;
use std::hash::BuildHasher;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use serde::de::IgnoredAny;

use crate::client::error::Error;
use crate::client::mask::Mask;
use crate::client::retry::MAX_RETRY_AFTER;
use crate::client::{Client, FromAnswer};
use crate::updates::{Incoming, ReceiveUpdates, Recent, RecentIds, Updates, UpdatesQuery};

/// How many times [`UpdateStream::shutdown`] tries to confirm.
pub const CONFIRM_ATTEMPTS: u32 = 3;

/// The default long-poll timeout: under the transport's default 30 s time limit, and what
/// proxies usually let through.
pub const DEFAULT_POLL_TIMEOUT: Duration = Duration::from_secs(25);

/// Decodes a whole `getUpdates` answer (status and body) as the stream and
/// `Bot::get_updates` do: in one pass when every update decodes, otherwise each update on
/// its own, so that one that does not decode (not UTF-8, not JSON, not an update) is kept
/// raw and its neighbours are not lost. `mask` (the client's [`Mask`]) is applied to all
/// the text an error or an undecodable update keeps.
pub fn decode_answer<P: ReceiveUpdates>(
    status: u16,
    body: &[u8],
    mask: &Mask,
) -> Result<Vec<Incoming<P::Update>>, Error<P::ErrorCode>> {
    let method = <P::GetUpdates as crate::platform::Request<P>>::NAME;
    <Updates<P::Update>>::from_answer(method, status, body, mask).map(Updates::into_vec)
}

/// Long polling settings for one bot; [`LongPolling::stream`] starts polling.
#[derive(Debug, Clone)]
pub struct LongPolling<P: ReceiveUpdates> {
    client: Client<P>,
    settings: Settings<P::UpdateKind>,
    offset: Option<i64>,
}

#[derive(Debug, Clone)]
struct Settings<K> {
    timeout: Duration,
    limit: Option<u32>,
    allowed_updates: Option<Vec<K>>,
    first_backoff: Duration,
    max_backoff: Duration,
    idle_interval: Duration,
}

impl<P: ReceiveUpdates> LongPolling<P> {
    /// Polling with `client` and the defaults: a 25 s long poll where the platform has
    /// one, the server's own `limit` and `allowed_updates`, a backoff from 500 ms to 30 s,
    /// and 1 s between empty answers where the platform has no long poll.
    pub fn new(client: Client<P>) -> LongPolling<P> {
        LongPolling {
            client,
            settings: Settings {
                timeout: DEFAULT_POLL_TIMEOUT,
                limit: None,
                allowed_updates: None,
                first_backoff: Duration::from_millis(500),
                max_backoff: Duration::from_secs(30),
                idle_interval: Duration::from_secs(1),
            },
            offset: None,
        }
    }

    /// How long the server may hold a request waiting for updates (whole seconds), where
    /// the platform has a long poll. Each request's time limit is this plus the client's
    /// (saturating: `Duration::MAX` is accepted).
    pub fn timeout(mut self, timeout: Duration) -> LongPolling<P> {
        self.settings.timeout = timeout;
        self
    }

    /// The most updates one answer may hold, where the platform takes a `limit`.
    pub fn limit(mut self, limit: u32) -> LongPolling<P> {
        self.settings.limit = Some(limit);
        self
    }

    /// Only these kinds of update, where the platform takes `allowed_updates`.
    pub fn allowed_updates(mut self, kinds: impl IntoIterator<Item = P::UpdateKind>) -> LongPolling<P> {
        self.settings.allowed_updates = Some(kinds.into_iter().collect());
        self
    }

    /// Start from update `offset` (confirming every update below it), where the platform
    /// takes an offset; by default the server's first unconfirmed update.
    pub fn offset(mut self, offset: i64) -> LongPolling<P> {
        self.offset = Some(offset);
        self
    }

    /// After a failed request wait `first`, then twice as long after each further failure
    /// in a row, at most `max` (unless the server asks for longer with `retry_after`).
    pub fn backoff(mut self, first: Duration, max: Duration) -> LongPolling<P> {
        self.settings.first_backoff = first;
        self.settings.max_backoff = max;
        self
    }

    /// The wait after an empty answer on platforms without a long poll (or with a long
    /// poll of less than a second).
    pub fn idle_interval(mut self, interval: Duration) -> LongPolling<P> {
        self.settings.idle_interval = interval;
        self
    }

    /// The stream of updates. It sends its first request when first polled.
    pub fn stream(self) -> UpdateStream<P> {
        UpdateStream {
            client: self.client,
            settings: self.settings,
            offset: self.offset,
            confirmed: None,
            to_confirm: None,
            buffer: VecDeque::new(),
            recent: RecentIds::default(),
            recent_unreadable: Recent::default(),
            hasher: RandomState::new(),
            failures: 0,
            state: State::Idle,
        }
    }
}

type Batch<U, C> = Result<Vec<Incoming<U>>, Error<C>>;
type Fetch<U, C> = Pin<Box<dyn Future<Output = Batch<U, C>> + Send>>;

enum State<U, C> {
    /// The next request is yet to be sent.
    Idle,
    /// A request is under way; the offset it carries confirms everything below it.
    Fetching { offset: Option<i64>, answer: Fetch<U, C> },
    /// Waiting before the next request.
    Waiting(Pin<Box<tokio::time::Sleep>>),
}

/// The updates of one bot, from `getUpdates` in a loop. Items are `Err` when a request
/// failed; the stream then backs off and goes on. It never ends by itself.
pub struct UpdateStream<P: ReceiveUpdates> {
    client: Client<P>,
    settings: Settings<P::UpdateKind>,
    /// The offset of the next request: one more than the highest id of the last answer.
    offset: Option<i64>,
    /// The offset of the last request the server answered: everything below is confirmed.
    confirmed: Option<i64>,
    /// One more than the highest id delivered from the current answer.
    to_confirm: Option<i64>,
    /// The current answer's updates not yet delivered, with their ids.
    buffer: VecDeque<(Option<i64>, Incoming<P::Update>)>,
    recent: RecentIds,
    /// The hashes of the updates without a readable id seen lately.
    recent_unreadable: Recent<u64>,
    hasher: RandomState,
    /// Failed requests, or answers that brought nothing new, in a row.
    failures: u32,
    state: State<P::Update, P::ErrorCode>,
}

// No field is ever pinned in place: the futures it polls are boxed.
impl<P: ReceiveUpdates> Unpin for UpdateStream<P> {}

impl<P: ReceiveUpdates> std::fmt::Debug for UpdateStream<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpdateStream")
            .field("client", &self.client)
            .field("offset", &self.offset)
            .field("confirmed", &self.confirmed)
            .field("buffered", &self.buffer.len())
            .field("failures", &self.failures)
            .finish()
    }
}

impl<P: ReceiveUpdates> UpdateStream<P> {
    /// Stops polling and confirms to the server every update delivered so far, so that a
    /// restart does not receive them again. An update of the current answer not yet
    /// delivered stays unconfirmed. Does nothing on platforms without an offset.
    ///
    /// The confirmation is a `getUpdates` call, safe to repeat: a failed one is tried up
    /// to [`CONFIRM_ATTEMPTS`] times, with the stream's backoff in between, before its
    /// error is returned (the updates then come again after a restart).
    pub async fn shutdown(mut self) -> Result<(), Error<P::ErrorCode>> {
        self.state = State::Idle;
        let Some(offset) = self.confirm_offset().filter(|_| P::CONFIRMS_BY_OFFSET) else {
            return Ok(());
        };
        if self.confirmed.is_some_and(|confirmed| confirmed >= offset) {
            return Ok(());
        }
        let request = P::get_updates(&UpdatesQuery {
            offset: Some(offset),
            limit: Some(1),
            timeout: Some(Duration::ZERO),
            allowed_updates: None,
        });
        let mut attempt = 1;
        loop {
            // The answer may hold a newer update: the offset does not confirm it, so it
            // is left for the next run.
            match self.client.call::<_, IgnoredAny>(&request, self.client.timeout()).await {
                Ok(_) => return Ok(()),
                Err(error) if attempt >= CONFIRM_ATTEMPTS => return Err(error),
                Err(error) => {
                    self.failures = attempt;
                    tokio::time::sleep(self.backoff(error.retry_after())).await;
                    attempt += 1;
                }
            }
        }
    }

    /// The next update, or the error of a call that failed (polling goes on after it);
    /// `None` once the stream ended. The same as `StreamExt::next`, with no extra crate.
    pub async fn next(&mut self) -> Option<Result<Incoming<P::Update>, Error<P::ErrorCode>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The offset to resume from: a stream started with [`LongPolling::offset`] and this
    /// value receives exactly the updates this one has not delivered yet (one more than
    /// the highest id delivered, or an undelivered update's id when lower). `None` before
    /// the first answer when no start offset was set (the server's first unconfirmed
    /// update is next), and on platforms whose `getUpdates` takes no offset.
    pub fn next_offset(&self) -> Option<i64> {
        if !P::CONFIRMS_BY_OFFSET {
            return None;
        }
        let start = if self.buffer.is_empty() { self.offset } else { None };
        self.confirm_offset().or(self.confirmed).or(start)
    }

    /// The offset that confirms what was delivered and nothing else.
    fn confirm_offset(&self) -> Option<i64> {
        let first_undelivered = self.buffer.iter().filter_map(|(id, _)| *id).min();
        match (self.to_confirm, first_undelivered) {
            (Some(delivered), Some(undelivered)) => Some(delivered.min(undelivered)),
            (delivered, _) => delivered,
        }
    }

    fn fetch(&self) -> State<P::Update, P::ErrorCode> {
        let settings = &self.settings;
        let request = P::get_updates(&UpdatesQuery {
            offset: self.offset,
            limit: settings.limit,
            timeout: Some(settings.timeout),
            allowed_updates: settings.allowed_updates.as_deref(),
        });
        let long_poll = if P::LONG_POLL { settings.timeout } else { Duration::ZERO };
        let time_limit = self.client.timeout().saturating_add(long_poll);
        let client = self.client.clone();
        let answer = Box::pin(async move {
            client.call::<_, Updates<P::Update>>(&request, time_limit).await.map(Updates::into_vec)
        });
        State::Fetching { offset: self.offset, answer }
    }

    /// Takes in an answer to a request that carried `offset`.
    ///
    /// The next offset is one more than the highest id of the answer. An update without a
    /// readable id cannot be confirmed by itself: the offset goes past the highest id seen
    /// (in this answer, or the one before), it is delivered once (its bytes are
    /// remembered), and an answer that brings nothing new is waited out like a failure, so
    /// a server sending it again and again cannot make the stream spin.
    fn receive(&mut self, offset: Option<i64>, batch: Vec<Incoming<P::Update>>) {
        if offset.is_some() {
            self.confirmed = offset;
        }
        self.to_confirm = None;
        let received = batch.len();
        let mut highest = None;
        let mut unreadable = 0usize;
        let mut new = 0usize;
        for incoming in batch {
            let id = match &incoming {
                Incoming::Update(update) => Some(P::update_id(update)),
                Incoming::Undecodable(undecodable) => undecodable.update_id,
            };
            match (id, &incoming) {
                (Some(id), _) => {
                    highest = highest.max(Some(id));
                    if !self.recent.insert(id) {
                        crate::events::debug_event!(update_id = id, "dropped an update received twice");
                        continue;
                    }
                }
                (None, Incoming::Undecodable(undecodable)) => {
                    unreadable += 1;
                    if !self.recent_unreadable.insert(self.hasher.hash_one(undecodable.raw.as_bytes())) {
                        crate::events::debug_event!("dropped an update without an id received twice");
                        continue;
                    }
                }
                (None, Incoming::Update(_)) => {}
            }
            #[cfg(feature = "tracing")]
            if let Incoming::Undecodable(undecodable) = &incoming {
                tracing::warn!(update_id = ?undecodable.update_id, error = %undecodable.error, "an update did not decode");
            }
            new += 1;
            self.buffer.push_back((id, incoming));
        }
        if let Some(highest) = highest {
            self.offset = Some(highest.saturating_add(1));
        }
        if unreadable > 0 {
            crate::events::warn_event!(
                unreadable,
                offset = ?self.offset,
                "updates without a readable update_id: the next request goes past the highest id seen"
            );
        }
        if received > 0 && new == 0 {
            // Only repeats: a server that does not take the offset, or an update that cannot
            // be confirmed sent again. Asking at once would spin.
            self.failures = self.failures.saturating_add(1);
            let delay = self.backoff(None);
            crate::events::warn_event!(
                received,
                ?delay,
                "an answer brought only updates already delivered; backing off"
            );
            self.state = State::Waiting(Box::pin(tokio::time::sleep(delay)));
            return;
        }
        self.failures = 0;
        // Without a long poll (or with one of 0 s) an empty answer comes back at once:
        // wait before asking again instead of spinning.
        let answers_at_once = !P::LONG_POLL || self.settings.timeout.as_secs() == 0;
        self.state = if received == 0 && answers_at_once {
            State::Waiting(Box::pin(tokio::time::sleep(self.settings.idle_interval)))
        } else {
            State::Idle
        };
    }

    /// Takes in a failed request: waits before the next.
    fn fail(&mut self, error: &Error<P::ErrorCode>) {
        self.failures = self.failures.saturating_add(1);
        let delay = self.backoff(error.retry_after());
        crate::events::warn_event!(%error, ?delay, failures = self.failures, "polling for updates failed; backing off");
        self.state = State::Waiting(Box::pin(tokio::time::sleep(delay)));
    }

    /// The wait after the latest of `failures` failures in a row: the backoff, or the
    /// server's `retry_after` when longer (at most [`MAX_RETRY_AFTER`]). Saturating: any
    /// `Duration` is accepted.
    fn backoff(&self, retry_after: Option<Duration>) -> Duration {
        backoff(self.settings.first_backoff, self.settings.max_backoff, self.failures, retry_after)
    }
}

/// The wait after `failures` failures in a row: `first`, doubled at each further one, at
/// most `max`; the server's `retry_after` when longer, up to [`MAX_RETRY_AFTER`].
fn backoff(first: Duration, max: Duration, failures: u32, retry_after: Option<Duration>) -> Duration {
    let exponent = failures.saturating_sub(1).min(31);
    let backoff = first.saturating_mul(1u32 << exponent).min(max);
    retry_after.map_or(backoff, |asked| asked.min(MAX_RETRY_AFTER).max(backoff))
}

impl<P: ReceiveUpdates> Stream for UpdateStream<P> {
    type Item = Result<Incoming<P::Update>, Error<P::ErrorCode>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some((id, incoming)) = this.buffer.pop_front() {
                if let Some(id) = id {
                    this.to_confirm = this.to_confirm.max(Some(id.saturating_add(1)));
                }
                return Poll::Ready(Some(Ok(incoming)));
            }
            match &mut this.state {
                State::Idle => this.state = this.fetch(),
                State::Waiting(sleep) => {
                    ready!(sleep.as_mut().poll(cx));
                    this.state = State::Idle;
                }
                State::Fetching { offset, answer } => {
                    let offset = *offset;
                    match ready!(answer.as_mut().poll(cx)) {
                        Ok(batch) => this.receive(offset, batch),
                        Err(error) => {
                            this.fail(&error);
                            return Poll::Ready(Some(Err(error)));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_delay_is_waited_up_to_the_maximum() {
        let (first, max) = (Duration::from_millis(500), Duration::from_secs(30));
        assert_eq!(backoff(first, max, 1, None), first);
        assert_eq!(backoff(first, max, 3, None), first * 4);
        assert_eq!(backoff(first, max, u32::MAX, None), max);
        assert_eq!(backoff(first, max, 1, Some(Duration::from_secs(7))), Duration::from_secs(7));
        assert_eq!(
            backoff(first, max, 6, Some(Duration::from_secs(7))),
            Duration::from_secs(16),
            "ours longer"
        );
        for asked in [u64::MAX, 1_000_000_000_000_000_000, 1 << 63, MAX_RETRY_AFTER.as_secs() + 1] {
            let asked = Some(Duration::from_secs(asked));
            assert_eq!(backoff(first, max, 1, asked), MAX_RETRY_AFTER, "{asked:?}");
            assert_eq!(
                backoff(Duration::MAX, Duration::MAX, u32::MAX, asked),
                Duration::MAX,
                "the caller's own"
            );
        }
    }
}
