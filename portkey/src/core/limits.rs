//! Limits on what a server can make the client hold in memory, and the body reader that
//! enforces them.

use std::fmt;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use futures_util::StreamExt;

use crate::Error;

/// The largest JSON reply body read by default: 256 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 256 << 20;
/// The most bytes of an error body kept by default: 64 KiB.
pub const DEFAULT_MAX_ERROR_BODY_BYTES: usize = 64 << 10;
/// The longest server-sent-events line by default: 32 MiB.
pub const DEFAULT_MAX_SSE_LINE_BYTES: usize = 32 << 20;
/// The largest server-sent event by default: 64 MiB.
pub const DEFAULT_MAX_SSE_EVENT_BYTES: usize = 64 << 20;

/// Which limit a reply went over (see [`Limits`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// A JSON reply body (`max_response_bytes`).
    ResponseBody,
    /// One line of a server-sent-events stream (`max_sse_line_bytes`).
    SseLine,
    /// The data of one server-sent event (`max_sse_event_bytes`).
    SseEvent,
}

impl Limit {
    /// The client option that sets this limit.
    pub fn option(self) -> &'static str {
        match self {
            Limit::ResponseBody => "max_response_bytes",
            Limit::SseLine => "max_sse_line_bytes",
            Limit::SseEvent => "max_sse_event_bytes",
        }
    }

    pub(crate) fn what(self) -> &'static str {
        match self {
            Limit::ResponseBody => "the response body",
            Limit::SseLine => "a line of the event stream",
            Limit::SseEvent => "an event of the event stream",
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (option `{}`)", self.what(), self.option())
    }
}

/// How much of a reply the client holds at most. Going over one of these ends the call (or
/// the stream) with [`Error::LimitExceeded`] and drops the connection; nothing else is affected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest JSON reply body, after decompression.
    pub response_bytes: u64,
    /// The most bytes of an error reply's body kept in [`crate::ApiError::body`]; the rest is
    /// not read.
    pub error_body_bytes: usize,
    /// The longest line of an event stream.
    pub sse_line_bytes: usize,
    /// The largest data of one event.
    pub sse_event_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            error_body_bytes: DEFAULT_MAX_ERROR_BODY_BYTES,
            sse_line_bytes: DEFAULT_MAX_SSE_LINE_BYTES,
            sse_event_bytes: DEFAULT_MAX_SSE_EVENT_BYTES,
        }
    }
}

/// The capacity to grow a buffer of capacity `capacity` to, so that it holds `needed` bytes:
/// doubling as usual, but never past `max` (the buffer's limit), so that a buffer at its limit
/// does not hold twice the limit.
pub(crate) fn grown_capacity(capacity: usize, needed: usize, max: usize) -> usize {
    capacity.saturating_mul(2).max(needed).min(max.max(needed))
}

/// The most a body's `Content-Length` reserves before its bytes arrive.
const PREALLOCATED_MAX: u64 = 16 << 20;

/// Reads a whole body of at most `max` bytes. `length` is the body's `Content-Length`, if
/// known: a larger one fails before anything is read, and a matching one sizes the buffer
/// (up to 16 MiB). A body that arrives in one piece is returned without a copy.
pub async fn read_limited<S>(mut body: S, length: Option<u64>, max: u64) -> Result<Bytes, Error>
where
    S: Stream<Item = Result<Bytes, Error>> + Unpin,
{
    let over = || Error::LimitExceeded { limit: Limit::ResponseBody, max };
    if length.is_some_and(|n| n > max) {
        return Err(over());
    }
    let Some(first) = body.next().await.transpose()? else { return Ok(Bytes::new()) };
    if first.len() as u64 > max {
        return Err(over());
    }
    let Some(second) = body.next().await.transpose()? else { return Ok(first) };
    let max_len = usize::try_from(max).unwrap_or(usize::MAX);
    // The announced length is the server's word: believed up to a point, so that a huge
    // `max_response_bytes` never lets a reply's header reserve memory its body never sends.
    let capacity = length.unwrap_or(0).max((first.len() + second.len()) as u64).min(max).min(PREALLOCATED_MAX);
    let mut buffer = Vec::with_capacity(usize::try_from(capacity).unwrap_or(max_len));
    buffer.extend_from_slice(&first);
    let mut next = Some(second);
    while let Some(chunk) = next {
        let needed = buffer.len() + chunk.len();
        if needed > max_len {
            return Err(over());
        }
        if needed > buffer.capacity() {
            buffer.reserve_exact(grown_capacity(buffer.capacity(), needed, max_len) - buffer.len());
        }
        buffer.extend_from_slice(&chunk);
        next = body.next().await.transpose()?;
    }
    Ok(Bytes::from(buffer))
}

/// Reads at most `max` bytes of a body (an error reply's), and whether there was more. The
/// rest is left unread; dropping the body drops the connection.
pub async fn read_prefix<S>(mut body: S, max: usize) -> (Bytes, bool)
where
    S: Stream<Item = Result<Bytes, Error>> + Unpin,
{
    let mut buffer = BytesMut::new();
    while let Some(Ok(chunk)) = body.next().await {
        let room = max - buffer.len();
        if chunk.len() > room {
            buffer.extend_from_slice(&chunk[..room]);
            return (buffer.freeze(), true);
        }
        buffer.extend_from_slice(&chunk);
    }
    (buffer.freeze(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(chunks: &[&'static [u8]]) -> impl Stream<Item = Result<Bytes, Error>> + Unpin {
        futures_util::stream::iter(chunks.iter().map(|c| Ok(Bytes::from_static(c))).collect::<Vec<_>>())
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
    }

    #[test]
    fn bodies_within_the_limit_are_read_whole() {
        assert_eq!(block_on(read_limited(body(&[]), None, 4)).unwrap(), Bytes::new());
        assert_eq!(block_on(read_limited(body(&[b"abcd"]), Some(4), 4)).unwrap(), Bytes::from_static(b"abcd"));
        assert_eq!(block_on(read_limited(body(&[b"ab", b"", b"cd"]), None, 4)).unwrap(), Bytes::from_static(b"abcd"));
    }

    #[test]
    fn bodies_over_the_limit_are_typed_errors() {
        let over =
            |r: Result<Bytes, Error>| matches!(r, Err(Error::LimitExceeded { limit: Limit::ResponseBody, max: 4 }));
        assert!(over(block_on(read_limited(body(&[b"abcde"]), None, 4))));
        assert!(over(block_on(read_limited(body(&[b"ab", b"cd", b"e"]), None, 4))));
        // A declared length over the limit fails before reading.
        assert!(over(block_on(read_limited(body(&[b"a"]), Some(5), 4))));
    }

    #[test]
    fn error_bodies_keep_a_prefix() {
        assert_eq!(block_on(read_prefix(body(&[b"ab", b"cd"]), 8)), (Bytes::from_static(b"abcd"), false));
        assert_eq!(block_on(read_prefix(body(&[b"ab", b"cdef"]), 3)), (Bytes::from_static(b"abc"), true));
        assert_eq!(block_on(read_prefix(body(&[b"abc"]), 3)), (Bytes::from_static(b"abc"), false));
    }

    #[test]
    fn buffers_grow_by_doubling_but_not_past_their_limit() {
        assert_eq!(grown_capacity(8, 9, 100), 16);
        assert_eq!(grown_capacity(8, 30, 100), 30);
        assert_eq!(grown_capacity(64, 65, 100), 100);
        assert_eq!(grown_capacity(usize::MAX / 2 + 1, usize::MAX / 2 + 2, usize::MAX), usize::MAX);
    }

    #[test]
    fn limits_name_their_option() {
        assert_eq!(Limit::SseLine.to_string(), "a line of the event stream (option `max_sse_line_bytes`)");
    }
}
