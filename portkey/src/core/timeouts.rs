//! The client's own timeouts, and the body stream that enforces the read gap and the deadline.
//!
//! `request_timeout` is not one of them: as in the Python SDK it is only sent, as
//! `x-portkey-request-timeout`, and the gateway enforces it (answering 408). The client's
//! timeouts guard against a gateway that stops answering at all, so their defaults leave the
//! gateway's 408 time to arrive.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use tokio::time::{Instant, Sleep};

use crate::Error;

/// Time allowed to open a connection by default (the Python SDK's connect timeout).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Time allowed between reads by default (the Python SDK's read timeout).
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(600);
/// Time allowed until the response headers by default.
pub const DEFAULT_RESPONSE_TIMEOUT: Duration = Duration::from_secs(600);
/// How long after `request_timeout` the client still waits for the gateway's 408.
pub const GATEWAY_GRACE: Duration = Duration::from_secs(30);

/// The client's own timeouts (see the `connect_timeout`, `response_timeout`, `read_timeout`
/// and `total_timeout` options; per call, [`crate::RequestOptions`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Timeouts {
    /// To open a connection.
    pub connect: Duration,
    /// From sending a request until its response headers, per attempt.
    pub response: Duration,
    /// The longest gap between two reads of a body, streams included.
    pub read: Duration,
    /// A deadline for the whole call (attempts, retries, body and stream), if any.
    pub total: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: DEFAULT_CONNECT_TIMEOUT,
            response: DEFAULT_RESPONSE_TIMEOUT,
            read: DEFAULT_READ_TIMEOUT,
            total: None,
        }
    }
}

impl Timeouts {
    /// The default response timeout for a gateway deadline of `request_timeout`: never less
    /// than that deadline plus 30 s.
    pub fn response_for(request_timeout: Option<Duration>) -> Duration {
        request_timeout
            .map_or(DEFAULT_RESPONSE_TIMEOUT, |t| DEFAULT_RESPONSE_TIMEOUT.max(t.saturating_add(GATEWAY_GRACE)))
    }
}

/// A body stream that fails with [`Error::Timeout`] when no data arrives for `read`, or when
/// `deadline` passes; it ends after that error. The inner stream's errors become [`Error`]s.
pub struct Guarded<S> {
    inner: S,
    read: Duration,
    deadline: Option<Instant>,
    /// Fires at the earlier of the read gap's end and the deadline. It is set lazily: only
    /// once a read has to wait (a body already received never needs one), and later reads
    /// only note the time; it is re-armed when it fires early.
    timer: Option<Pin<Box<Sleep>>>,
    last_read: Instant,
    done: bool,
}

impl<S> Guarded<S> {
    /// Guards `inner`, starting the read gap now.
    pub fn new(inner: S, read: Duration, deadline: Option<Instant>) -> Self {
        Guarded { inner, read, deadline, timer: None, last_read: Instant::now(), done: false }
    }

    fn due(last_read: Instant, read: Duration, deadline: Option<Instant>) -> Instant {
        let gap_end = last_read.checked_add(read).unwrap_or_else(far_future);
        deadline.map_or(gap_end, |d| d.min(gap_end))
    }
}

/// The instant `wait` from now, or [`far_future`] when that is further (a `Duration::MAX`
/// timeout means "never", not a panic).
pub(crate) fn after(wait: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(wait).map_or_else(far_future, |at| at.min(far_future()))
}

/// An instant no timer reaches (about 30 years away, as tokio's own "far future").
fn far_future() -> Instant {
    Instant::now() + Duration::from_secs(86_400 * 365 * 30)
}

impl<S, E> Stream for Guarded<S>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    Error: From<E>,
{
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.done {
            return Poll::Ready(None);
        }
        if let Poll::Ready(item) = Pin::new(&mut this.inner).poll_next(cx) {
            this.last_read = Instant::now();
            this.done = item.as_ref().is_none_or(Result::is_err);
            return Poll::Ready(item.map(|r| r.map_err(Error::from)));
        }
        let (last_read, read, deadline) = (this.last_read, this.read, this.deadline);
        let timer =
            this.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(Self::due(last_read, read, deadline))));
        loop {
            if timer.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            let due = Self::due(this.last_read, this.read, this.deadline);
            if due <= Instant::now() {
                this.done = true;
                return Poll::Ready(Some(Err(Error::Timeout)));
            }
            // Data came since the timer was set: move it and wait again.
            timer.as_mut().reset(due);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    fn rt() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap()
    }

    /// A body sending one chunk every `every`, `count` times.
    fn trickle(every: Duration, count: usize) -> impl Stream<Item = Result<Bytes, Error>> + Unpin {
        Box::pin(futures_util::stream::unfold(0, move |n| async move {
            if n == count {
                return None;
            }
            tokio::time::sleep(every).await;
            Some((Ok(Bytes::from_static(b"x")), n + 1))
        }))
    }

    #[test]
    fn a_steady_body_is_never_cut_by_the_read_gap() {
        rt().block_on(async {
            let body = Guarded::new(trickle(Duration::from_millis(250), 20), Duration::from_secs(1), None);
            let items: Vec<_> = body.collect().await;
            assert_eq!(items.len(), 20);
            assert!(items.iter().all(Result::is_ok));
        });
    }

    #[test]
    fn a_stalled_body_times_out_after_the_read_gap() {
        rt().block_on(async {
            let start = Instant::now();
            let body = Guarded::new(trickle(Duration::from_secs(5), 3), Duration::from_secs(1), None);
            let items: Vec<_> = body.collect().await;
            assert!(matches!(items.as_slice(), [Err(Error::Timeout)]), "{items:?}");
            assert_eq!(start.elapsed(), Duration::from_secs(1));
        });
    }

    #[test]
    fn the_deadline_cuts_a_steady_body() {
        rt().block_on(async {
            let deadline = Instant::now() + Duration::from_millis(1100);
            let body = Guarded::new(trickle(Duration::from_millis(250), 20), Duration::from_secs(1), Some(deadline));
            let items: Vec<_> = body.collect().await;
            assert_eq!(items.iter().filter(|i| i.is_ok()).count(), 4);
            assert!(matches!(items.last(), Some(Err(Error::Timeout))));
        });
    }

    #[test]
    fn the_response_timeout_leaves_room_for_the_gateways_408() {
        assert_eq!(Timeouts::response_for(None), DEFAULT_RESPONSE_TIMEOUT);
        assert_eq!(Timeouts::response_for(Some(Duration::from_secs(5))), DEFAULT_RESPONSE_TIMEOUT);
        assert_eq!(Timeouts::response_for(Some(Duration::from_secs(900))), Duration::from_secs(930));
    }
}
