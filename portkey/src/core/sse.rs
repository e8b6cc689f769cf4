//! Server-sent events decoding.
//!
//! A pure (sans-IO) incremental decoder for `text/event-stream` bodies, shared by the async client (fed from
//! `bytes_stream()` chunks) and the blocking client. It follows the WHATWG "event stream interpretation" rules
//! (<https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation>):
//!
//! - lines end with `\n`, `\r\n` or a lone `\r`; a `\r` at the end of one chunk followed by `\n` at the start of
//!   the next is a single line break;
//! - a UTF-8 byte order mark at the very start of the stream is skipped;
//! - lines starting with `:` are comments (keep-alives) and are ignored;
//! - `data`, `event`, `id` and `retry` fields are interpreted, other fields are ignored;
//! - an empty line dispatches the pending event, unless its data buffer is empty;
//! - invalid UTF-8 is replaced with U+FFFD (decoding is done per complete line, so multi-byte characters split
//!   across chunks decode correctly).
//!
//! Chunks may be split at any byte. Only the incomplete trailing line of a chunk is buffered; complete lines are
//! parsed in place from the chunk, and the bytes of a buffered partial line are never scanned twice.
//!
//! What a server can make the decoder hold is bounded ([`SseDecoder::with_limits`]): a line longer than the line
//! limit, or an event whose data grows past the event limit, is [`Error::LimitExceeded`], after which the decoder
//! takes no more input.

use std::collections::VecDeque;

use crate::Error;
use crate::core::limits::{Limit, grown_capacity};

/// Events larger than this give the decoder's buffer away rather than being copied out of it.
const LARGE_EVENT: usize = 64 << 10;

/// The UTF-8 encoding of U+FEFF, skipped at the start of a stream.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One dispatched event.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SseEvent {
    /// The event type (`event:` field); `None` when absent or empty, which callers treat as `"message"`.
    pub event: Option<String>,
    /// The data: the values of all `data:` lines of the event, joined with `\n`.
    pub data: String,
    /// The last event id at dispatch time (ids persist across events, as per the spec).
    pub id: Option<String>,
    /// The reconnection time in milliseconds, if a valid `retry:` line was seen since the previously dispatched
    /// event (a `retry:` in a block without data is carried over to the next dispatched event rather than lost).
    pub retry: Option<u64>,
}

/// Incremental decoder.
///
/// Feed it the body bytes with [`feed`](Self::feed) in chunks split anywhere, then call
/// [`finish`](Self::finish) at end of stream.
#[derive(Debug)]
pub struct SseDecoder {
    /// The bytes of an incomplete line (never contains `\r` or `\n`; already scanned).
    line: Vec<u8>,
    /// The previous chunk ended with `\r`: a `\n` starting the next chunk belongs to the same line break.
    pending_cr: bool,
    /// No line has been processed yet (a leading BOM must be skipped).
    at_start: bool,
    /// The data buffer (each `data` value followed by `\n`).
    data: String,
    /// The event type buffer.
    event: Option<String>,
    /// The last event id buffer.
    last_id: Option<String>,
    /// A retry value not yet reported on a dispatched event.
    retry: Option<u64>,
    /// The longest line accepted.
    max_line: usize,
    /// The largest event data accepted; also the most bytes read without an event (blank
    /// lines, comments, fields other than `data`), which count toward the next event.
    max_event: usize,
    /// Bytes read since the last event that added no data.
    skipped: usize,
    /// A limit was exceeded: the stream is broken and further input is refused.
    failed: Option<Limit>,
}

impl Default for SseDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl SseDecoder {
    /// A decoder at the start of a stream, without size limits.
    pub fn new() -> Self {
        Self::with_limits(usize::MAX, usize::MAX)
    }

    /// A decoder that refuses lines longer than `max_line` bytes and events whose data is longer than
    /// `max_event` bytes.
    pub fn with_limits(max_line: usize, max_event: usize) -> Self {
        Self {
            line: Vec::new(),
            pending_cr: false,
            at_start: true,
            data: String::new(),
            event: None,
            last_id: None,
            retry: None,
            max_line,
            max_event,
            skipped: 0,
            failed: None,
        }
    }

    /// Feeds bytes; pushes every event completed by them onto `out` (so callers can reuse a buffer).
    ///
    /// A line or an event over the decoder's limits is [`Error::LimitExceeded`]; the events completed before it
    /// are on `out`, and every later call fails the same way.
    pub fn feed(&mut self, mut chunk: &[u8], out: &mut VecDeque<SseEvent>) -> Result<(), Error> {
        if let Some(limit) = self.failed {
            return Err(self.exceeded(limit));
        }
        if chunk.is_empty() {
            return Ok(());
        }
        if self.pending_cr {
            self.pending_cr = false;
            if chunk[0] == b'\n' {
                chunk = &chunk[1..];
            }
        }
        if !self.line.is_empty() {
            // Complete the buffered line; its bytes were already scanned, so only the new chunk is searched.
            let Some(pos) = find_eol(chunk) else {
                return self.buffer_partial_line(chunk);
            };
            self.buffer_partial_line(&chunk[..pos])?;
            let line = std::mem::take(&mut self.line);
            let processed = self.process_line(&line, out);
            self.line = line;
            self.line.clear();
            processed?;
            chunk = self.after_eol(chunk, pos);
        }
        while let Some(pos) = find_eol(chunk) {
            self.process_line(&chunk[..pos], out)?;
            chunk = self.after_eol(chunk, pos);
        }
        self.buffer_partial_line(chunk)
    }

    /// Keeps the start of a line that has not ended yet, within the line limit.
    fn buffer_partial_line(&mut self, part: &[u8]) -> Result<(), Error> {
        let needed = self.line.len() + part.len();
        if needed > self.max_line {
            return Err(self.fail(Limit::SseLine));
        }
        if needed > self.line.capacity() {
            self.line.reserve_exact(grown_capacity(self.line.capacity(), needed, self.max_line) - self.line.len());
        }
        self.line.extend_from_slice(part);
        Ok(())
    }

    /// Marks the decoder broken by `limit` and returns the error.
    #[cold]
    fn fail(&mut self, limit: Limit) -> Error {
        self.failed = Some(limit);
        self.line = Vec::new();
        self.data = String::new();
        self.exceeded(limit)
    }

    fn exceeded(&self, limit: Limit) -> Error {
        let max = if limit == Limit::SseLine { self.max_line } else { self.max_event };
        Error::LimitExceeded { limit, max: max as u64 }
    }

    /// End of stream: the pending event, if its data is non-empty (see above).
    ///
    /// Deliberate leniency: the spec says an event not terminated by a blank line (and an unterminated last line)
    /// is discarded at end of stream, but some gateways end with `data: [DONE]` and no blank line, so the
    /// unterminated last line is processed and the pending event is returned if its data buffer is non-empty.
    ///
    /// Afterwards the decoder is back at the start of a stream (so it can decode the stream of a reconnection),
    /// except that the last event id is kept.
    pub fn finish(&mut self) -> Option<SseEvent> {
        let mut out = VecDeque::new();
        if self.failed.is_some() {
            return None;
        }
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            // The buffered line is within the line limit; a data line that takes the event past its limit
            // ends the stream without that event.
            if self.process_line(&line, &mut out).is_err() {
                return None;
            }
        }
        // An unterminated line cannot be empty, so it never dispatches by itself.
        debug_assert!(out.is_empty());
        self.dispatch(&mut out);
        self.pending_cr = false;
        self.at_start = true;
        self.retry = None;
        self.skipped = 0;
        out.pop_front()
    }

    /// The last event id seen (`None` if none, or if it was reset by an empty `id` field).
    /// Streams are not resumed, so only the tests read it directly.
    #[cfg(test)]
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// The rest of `chunk` after the line terminator at `pos` (`\n`, `\r`, or `\r\n`).
    #[inline]
    fn after_eol<'a>(&mut self, chunk: &'a [u8], pos: usize) -> &'a [u8] {
        let mut next = pos + 1;
        if chunk[pos] == b'\r' {
            match chunk.get(next) {
                Some(b'\n') => next += 1,
                Some(_) => {}
                None => self.pending_cr = true,
            }
        }
        &chunk[next..]
    }

    /// Interprets one complete line (without its terminator).
    fn process_line(&mut self, mut line: &[u8], out: &mut VecDeque<SseEvent>) -> Result<(), Error> {
        if line.len() > self.max_line {
            return Err(self.fail(Limit::SseLine));
        }
        if self.at_start {
            self.at_start = false;
            line = line.strip_prefix(BOM).unwrap_or(line);
        }
        if line.is_empty() {
            if self.data.is_empty() {
                self.skip(1)?;
            }
            self.dispatch(out);
            return Ok(());
        }
        let (name, value) = match memchr::memchr(b':', line) {
            Some(0) => return self.skip(line.len() + 1), // comment
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        match name {
            b"data" => {
                let needed = self.data.len() + value.len() + 1; // and its '\n'
                if needed > self.max_event.saturating_add(1) {
                    return Err(self.fail(Limit::SseEvent));
                }
                if needed > self.data.capacity() {
                    let capacity = grown_capacity(self.data.capacity(), needed, self.max_event.saturating_add(1));
                    self.data.reserve_exact(capacity - self.data.len());
                }
                push_lossy(&mut self.data, value);
                self.data.push('\n');
                return Ok(());
            }
            b"event" => self.event = Some(String::from_utf8_lossy(value).into_owned()),
            b"id" if !value.contains(&0) => {
                self.last_id = if value.is_empty() { None } else { Some(String::from_utf8_lossy(value).into_owned()) };
            }
            b"retry" => {
                // Only a non-empty run of ASCII digits is valid; an overflowing value is ignored too.
                if let Some(ms) = parse_digits(value) {
                    self.retry = Some(ms);
                }
            }
            _ => {}
        }
        self.skip(line.len() + 1)
    }

    /// Counts `n` bytes that made no event data toward the next event: a stream of blank lines
    /// or comments (a decompression bomb, say) ends at the event limit, not at its end.
    fn skip(&mut self, n: usize) -> Result<(), Error> {
        self.skipped = self.skipped.saturating_add(n);
        if self.skipped > self.max_event {
            return Err(self.fail(Limit::SseEvent));
        }
        Ok(())
    }

    /// Handles a blank line: emits the pending event if its data is non-empty, and resets the event buffers.
    fn dispatch(&mut self, out: &mut VecDeque<SseEvent>) {
        let event = self.event.take().filter(|e| !e.is_empty());
        if self.data.is_empty() {
            return;
        }
        self.data.pop(); // the trailing '\n'
        self.skipped = 0;
        // Copy rather than take the buffer: one exact-size allocation, and the buffer keeps its capacity. A large
        // event takes the buffer instead, so that the decoder does not keep its size for the rest of the stream.
        let data = if self.data.len() > LARGE_EVENT {
            std::mem::take(&mut self.data)
        } else {
            let data = self.data.as_str().to_owned();
            self.data.clear();
            data
        };
        out.push_back(SseEvent { event, data, id: self.last_id.clone(), retry: self.retry.take() });
    }
}

/// Parses a non-empty string of ASCII digits; `None` if it has other bytes or overflows a `u64`.
fn parse_digits(value: &[u8]) -> Option<u64> {
    if value.is_empty() {
        return None;
    }
    value.iter().try_fold(0u64, |n, &b| match b {
        b'0'..=b'9' => n.checked_mul(10)?.checked_add(u64::from(b - b'0')),
        _ => None,
    })
}

/// The position of the first `\r` or `\n` in `bytes`.
#[inline]
fn find_eol(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', bytes)
}

/// Appends `bytes` as text, invalid UTF-8 replaced with U+FFFD. Valid text (nearly always) takes
/// the standard library's word-at-a-time check; the lossy decoder walks it byte by byte.
#[inline]
fn push_lossy(out: &mut String, bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(text) => out.push_str(text),
        Err(_) => out.push_str(&String::from_utf8_lossy(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(event: Option<&str>, data: &str, id: Option<&str>, retry: Option<u64>) -> SseEvent {
        SseEvent { event: event.map(str::to_owned), data: data.to_owned(), id: id.map(str::to_owned), retry }
    }

    fn data(d: &str) -> SseEvent {
        ev(None, d, None, None)
    }

    /// Feeds `chunks` then finishes; returns the fed events and the finish result.
    fn decode_chunks<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> (Vec<SseEvent>, Option<SseEvent>) {
        let mut dec = SseDecoder::new();
        let mut out = VecDeque::new();
        for c in chunks {
            dec.feed(c, &mut out).unwrap();
        }
        let fin = dec.finish();
        (out.into(), fin)
    }

    fn decode(bytes: &[u8]) -> (Vec<SseEvent>, Option<SseEvent>) {
        decode_chunks([bytes])
    }

    /// Decodes `bytes` whole, split at every position, split at every pair of positions, and byte by byte, and
    /// asserts every split gives the same result; returns it.
    fn decode_all_splits(bytes: &[u8]) -> (Vec<SseEvent>, Option<SseEvent>) {
        let whole = decode(bytes);
        for i in 0..=bytes.len() {
            let (a, b) = bytes.split_at(i);
            assert_eq!(decode_chunks([a, b]), whole, "split at {i}");
            // With empty chunks in between too.
            assert_eq!(decode_chunks([a, &[][..], b, &[][..]]), whole, "split at {i} with empty chunks");
        }
        if bytes.len() <= 200 {
            for i in 0..=bytes.len() {
                for j in i..=bytes.len() {
                    assert_eq!(decode_chunks([&bytes[..i], &bytes[i..j], &bytes[j..]]), whole, "split at {i}, {j}");
                }
            }
        }
        assert_eq!(decode_chunks(bytes.chunks(1)), whole, "byte by byte");
        for n in 2..8 {
            assert_eq!(decode_chunks(bytes.chunks(n)), whole, "chunks of {n}");
        }
        whole
    }

    #[test]
    fn openai_style_stream_with_done() {
        let stream = b"data: {\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n\
                       data: {\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\n\
                       data: [DONE]\n\n";
        let (events, fin) = decode_all_splits(stream);
        assert_eq!(
            events,
            vec![
                data(r#"{"id":"c1","choices":[{"delta":{"content":"Hel"}}]}"#),
                data(r#"{"id":"c1","choices":[{"delta":{"content":"lo"}}]}"#),
                data("[DONE]"),
            ]
        );
        assert_eq!(fin, None);
        let first: serde_json::Value = serde_json::from_str(&events[0].data).unwrap();
        assert_eq!(first["choices"][0]["delta"]["content"], "Hel");
    }

    #[test]
    fn comments_and_keep_alives_are_ignored() {
        let (events, fin) = decode_all_splits(b": ping\n\n:\n\ndata: a\n: interleaved comment\ndata: b\n\n: bye\n");
        assert_eq!(events, vec![data("a\nb")]);
        assert_eq!(fin, None);
    }

    #[test]
    fn multi_line_data_is_joined_with_newlines() {
        let (events, _) = decode_all_splits(b"data: line 1\ndata: line 2\ndata:\ndata: line 4\n\n");
        assert_eq!(events, vec![data("line 1\nline 2\n\nline 4")]);
    }

    #[test]
    fn event_id_and_retry_fields() {
        let stream = b"event: add\nid: 1\nretry: 1500\ndata: x\n\n\
                       data: y\n\n\
                       event: remove\nid: 2\ndata: z\n\n";
        let (events, _) = decode_all_splits(stream);
        assert_eq!(
            events,
            vec![
                ev(Some("add"), "x", Some("1"), Some(1500)),
                // Event type and retry reset after dispatch; the id persists.
                ev(None, "y", Some("1"), None),
                ev(Some("remove"), "z", Some("2"), None),
            ]
        );
        let mut dec = SseDecoder::new();
        assert_eq!(dec.last_event_id(), None);
        dec.feed(stream, &mut VecDeque::new()).unwrap();
        assert_eq!(dec.last_event_id(), Some("2"));
    }

    #[test]
    fn id_with_nul_is_ignored_and_empty_id_resets() {
        let (events, _) =
            decode_all_splits(b"id: a\ndata: 1\n\nid: b\0c\ndata: 2\n\nid\ndata: 3\n\nid: d\ndata: 4\n\n");
        assert_eq!(
            events,
            vec![
                ev(None, "1", Some("a"), None),
                ev(None, "2", Some("a"), None),
                data("3"),
                ev(None, "4", Some("d"), None)
            ]
        );
    }

    #[test]
    fn id_without_data_updates_last_event_id() {
        let mut dec = SseDecoder::new();
        let mut out = VecDeque::new();
        dec.feed(b"id: 7\n\n", &mut out).unwrap();
        assert!(out.is_empty());
        assert_eq!(dec.last_event_id(), Some("7"));
        dec.feed(b"data: x\n\n", &mut out).unwrap();
        assert_eq!(out.pop_front(), Some(ev(None, "x", Some("7"), None)));
        // The id survives finish(), for reconnection.
        assert_eq!(dec.finish(), None);
        assert_eq!(dec.last_event_id(), Some("7"));
    }

    #[test]
    fn invalid_retry_values_are_ignored() {
        let stream = b"retry: 12a\ndata: 1\n\nretry: -5\ndata: 2\n\nretry:\ndata: 3\n\nretry:  10\ndata: 4\n\n\
                       retry: 99999999999999999999999\ndata: 5\n\nretry:0\ndata: 6\n\n";
        let (events, _) = decode_all_splits(stream);
        assert_eq!(events, vec![data("1"), data("2"), data("3"), data("4"), data("5"), ev(None, "6", None, Some(0))]);
    }

    #[test]
    fn retry_without_data_carries_to_next_event() {
        let (events, _) = decode_all_splits(b"retry: 3000\n\ndata: a\n\ndata: b\n\n");
        assert_eq!(events, vec![ev(None, "a", None, Some(3000)), data("b")]);
    }

    #[test]
    fn crlf_and_lone_cr_line_endings() {
        let expected = vec![ev(Some("e"), "a\nb", None, None), data("c")];
        assert_eq!(decode_all_splits(b"event: e\r\ndata: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n").0, expected);
        assert_eq!(decode_all_splits(b"event: e\rdata: a\rdata: b\r\rdata: c\r\r").0, expected);
        assert_eq!(decode_all_splits(b"event: e\rdata: a\r\ndata: b\n\r\ndata: c\n\r").0, expected);
    }

    #[test]
    fn cr_at_chunk_end_and_lf_at_next_chunk_start_is_one_line_break() {
        let mut dec = SseDecoder::new();
        let mut out = VecDeque::new();
        dec.feed(b"data: a\r", &mut out).unwrap();
        dec.feed(b"\ndata: b\r", &mut out).unwrap();
        assert!(out.is_empty());
        dec.feed(b"\n\r", &mut out).unwrap();
        assert_eq!(out.pop_front(), Some(data("a\nb")));
        // The pending CR survives empty chunks.
        dec.feed(b"", &mut out).unwrap();
        dec.feed(b"\n", &mut out).unwrap();
        assert!(out.is_empty(), "spurious dispatch: {out:?}");
        dec.feed(b"data: c\r", &mut out).unwrap();
        dec.feed(b"\r", &mut out).unwrap();
        assert_eq!(out.pop_front(), Some(data("c")));
        assert!(out.is_empty());
        assert_eq!(dec.finish(), None);
    }

    #[test]
    fn lone_cr_at_chunk_end_followed_by_other_byte() {
        let (events, _) = decode_chunks([&b"data: a\r"[..], b"data: b\r", b"\r"]);
        assert_eq!(events, vec![data("a\nb")]);
    }

    #[test]
    fn leading_bom_is_skipped_once() {
        let (events, _) = decode_all_splits(b"\xEF\xBB\xBFdata: a\n\n\xEF\xBB\xBFdata: b\n\ndata: c\n\n");
        // Only the first BOM is skipped: the second makes an unknown field name.
        assert_eq!(events, vec![data("a"), data("c")]);
        // A BOM before a comment.
        assert_eq!(decode_all_splits(b"\xEF\xBB\xBF: hi\ndata: a\n\n").0, vec![data("a")]);
        // A BOM that is not at the very start is not skipped.
        assert_eq!(decode_all_splits(b"\n\xEF\xBB\xBFdata: a\n\n").0, vec![]);
        // A lone BOM.
        assert_eq!(decode_all_splits(b"\xEF\xBB\xBF"), (vec![], None));
    }

    #[test]
    fn field_without_colon_has_empty_value() {
        // `data` alone appends an empty line; `event` alone sets an empty (= default) type.
        let (events, _) = decode_all_splits(b"data\ndata\ndata: x\n\nevent: e\nevent\ndata: y\n\nfoo\ndata: z\n\n");
        assert_eq!(events, vec![data("\n\nx"), data("y"), data("z")]);
    }

    #[test]
    fn only_one_leading_space_is_stripped() {
        let (events, _) =
            decode_all_splits(b"data:no space\n\ndata:  two spaces\n\ndata:\tx \n\nevent:  t\ndata: a:b\n\n");
        assert_eq!(
            events,
            vec![data("no space"), data(" two spaces"), data("\tx "), ev(Some(" t"), "a:b", None, None)]
        );
    }

    #[test]
    fn empty_data_line_dispatches_an_event_with_empty_data() {
        // `data:` makes the data buffer "\n", which is non-empty: an event with empty data is dispatched.
        assert_eq!(decode_all_splits(b"data:\n\n").0, vec![data("")]);
        assert_eq!(decode_all_splits(b"data\n\n").0, vec![data("")]);
        assert_eq!(decode_all_splits(b"data: \n\n").0, vec![data("")]);
        assert_eq!(decode_all_splits(b"data:\ndata:\n\n").0, vec![data("\n")]);
    }

    #[test]
    fn blank_lines_without_data_dispatch_nothing_and_reset_event_type() {
        let (events, fin) = decode_all_splits(b"\n\n\nevent: lost\n\ndata: a\n\nevent: x\nid: 1\n\n\n");
        assert_eq!(events, vec![data("a")]);
        assert_eq!(fin, None);
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let (events, _) = decode_all_splits(b"foo: bar\nData: no\nDATA: no\ndata : no\nevent: e\ndata: yes\n\n");
        assert_eq!(events, vec![ev(Some("e"), "yes", None, None)]);
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily() {
        let (events, _) = decode_all_splits(b"data: a\xFFb\xC3\n\nevent: \xE2\x82\ndata: \xF0\x9F\x98\x80\x80\n\n");
        assert_eq!(events, vec![data("a\u{FFFD}b\u{FFFD}"), ev(Some("\u{FFFD}"), "\u{1F600}\u{FFFD}", None, None)]);
    }

    #[test]
    fn multibyte_char_split_across_chunks() {
        let text = "data: héllo → 世界 😀\n\n";
        let bytes = text.as_bytes();
        for i in 0..=bytes.len() {
            let (events, _) = decode_chunks([&bytes[..i], &bytes[i..]]);
            assert_eq!(events, vec![data("héllo → 世界 😀")], "split at {i}");
        }
        let (events, _) = decode_chunks([&b"data: \xF0"[..], b"\x9F", b"\x98", b"\x80\n\n"]);
        assert_eq!(events, vec![data("😀")]);
    }

    #[test]
    fn finish_without_pending_event() {
        let mut dec = SseDecoder::new();
        assert_eq!(dec.finish(), None);
        let mut out = VecDeque::new();
        dec.feed(b"data: a\n\n", &mut out).unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(dec.finish(), None);
        // A pending event type or id alone is not an event.
        dec.feed(b"event: e\nid: 3\n", &mut out).unwrap();
        assert_eq!(dec.finish(), None);
        dec.feed(b": comment", &mut out).unwrap();
        assert_eq!(dec.finish(), None);
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn finish_returns_pending_event_without_blank_line() {
        // Terminated last line, missing blank line.
        assert_eq!(decode_all_splits(b"data: a\n\ndata: [DONE]\n"), (vec![data("a")], Some(data("[DONE]"))));
        // Unterminated last line.
        assert_eq!(decode_all_splits(b"data: a\n\ndata: [DONE]"), (vec![data("a")], Some(data("[DONE]"))));
        assert_eq!(decode_all_splits(b"data: a\r\n\r\ndata: [DONE]\r"), (vec![data("a")], Some(data("[DONE]"))));
        assert_eq!(
            decode_all_splits(b"event: end\nid: 9\nretry: 5\ndata: x\ndata: y"),
            (vec![], Some(ev(Some("end"), "x\ny", Some("9"), Some(5))))
        );
    }

    #[test]
    fn decoder_is_reusable_after_finish() {
        let mut dec = SseDecoder::new();
        let mut out = VecDeque::new();
        dec.feed(b"id: 1\nevent: e\ndata: partial\ndata: more", &mut out).unwrap();
        assert_eq!(dec.finish(), Some(ev(Some("e"), "partial\nmore", Some("1"), None)));
        // A new stream (after reconnection): BOM skipped again, buffers empty, id kept.
        dec.feed(b"\xEF\xBB\xBFdata: b\n\n", &mut out).unwrap();
        assert_eq!(out.pop_front(), Some(ev(None, "b", Some("1"), None)));
        // A trailing CR of the previous stream does not swallow the new stream's LF.
        dec.feed(b"data: c\r", &mut out).unwrap();
        assert_eq!(dec.finish(), Some(ev(None, "c", Some("1"), None)));
        // (If the LF were swallowed, the BOM would be at the start of the stream and skipped.)
        dec.feed(b"\n\xEF\xBB\xBFdata: d\n\ndata: e\n\n", &mut out).unwrap();
        assert_eq!(out, [ev(None, "e", Some("1"), None)]);
    }

    #[test]
    fn out_buffer_is_appended_to() {
        let mut dec = SseDecoder::new();
        let mut out = VecDeque::from([data("existing")]);
        dec.feed(b"data: 1\n\ndata: 2\n\ndata: 3", &mut out).unwrap();
        assert_eq!(out, [data("existing"), data("1"), data("2")]);
        assert_eq!(dec.finish(), Some(data("3")));
    }

    #[test]
    fn every_split_gives_the_same_events() {
        let stream: &[u8] = b"\xEF\xBB\xBF: keep-alive\r\n\r\n\
            event: start\r\nid: 1\r\nretry: 250\r\ndata: {\"a\":1}\r\n\r\n\
            data: first\rdata:second\rdata:  third\r\r\
            data\nfoo: bar\nid: x\0y\ndata: \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 \xFF\n\n\
            \r\n\n\r\
            event: e\nid: 2\ndata: [DONE]";
        let (events, fin) = decode_all_splits(stream);
        assert_eq!(
            events,
            vec![
                ev(Some("start"), "{\"a\":1}", Some("1"), Some(250)),
                ev(None, "first\nsecond\n third", Some("1"), None),
                ev(None, "\né€😀 \u{FFFD}", Some("1"), None),
            ]
        );
        assert_eq!(fin, Some(ev(Some("e"), "[DONE]", Some("2"), None)));
    }

    #[test]
    fn long_lines_across_many_small_chunks() {
        let payload: String = (0..10_000).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
        let stream = format!("data: {payload}\r\ndata: {payload}\r\n\r\n");
        let expected = vec![data(&format!("{payload}\n{payload}"))];
        for n in [1, 3, 31, 32, 33, 64, 1000, 4096] {
            assert_eq!(decode_chunks(stream.as_bytes().chunks(n)).0, expected, "chunks of {n}");
        }
    }

    #[test]
    fn find_eol_finds_first_terminator() {
        let mut bytes = vec![b'x'; 100];
        assert_eq!(find_eol(&bytes), None);
        assert_eq!(find_eol(&[]), None);
        for i in (0..100).rev() {
            bytes[i] = if i % 2 == 0 { b'\n' } else { b'\r' };
            assert_eq!(find_eol(&bytes), Some(i));
            assert_eq!(find_eol(&bytes[..i]), None);
        }
    }

    /// Feeds `bytes` in chunks of `n` to a decoder with limits; the events, and the error if any.
    fn limited(bytes: &[u8], n: usize, max_line: usize, max_event: usize) -> (Vec<SseEvent>, Option<Error>) {
        let mut dec = SseDecoder::with_limits(max_line, max_event);
        let mut out = VecDeque::new();
        for c in bytes.chunks(n) {
            if let Err(e) = dec.feed(c, &mut out) {
                // Broken for good: later input fails the same way, and nothing is pending.
                assert!(matches!(dec.feed(b"data: x\n\n", &mut out), Err(Error::LimitExceeded { .. })));
                assert_eq!(dec.finish(), None);
                return (out.into(), Some(e));
            }
        }
        (out.into(), None)
    }

    #[test]
    fn lines_and_events_within_the_limits_pass() {
        // "data: 12345678" is 14 bytes; its event's data is 8.
        for n in [1, 3, 14, 100] {
            let (events, error) = limited(b"data: 12345678\n\ndata: 1234\ndata: 567\n\n", n, 14, 8);
            assert_eq!(events, vec![data("12345678"), data("1234\n567")], "chunks of {n}");
            assert!(error.is_none());
        }
    }

    #[test]
    fn a_line_over_the_limit_is_an_error_however_it_is_split() {
        for n in [1, 2, 7, 15, 100] {
            let (events, error) = limited(b"data: a\n\ndata: 123456789\n\ndata: b\n\n", n, 14, 100);
            assert_eq!(events, vec![data("a")], "chunks of {n}");
            assert!(matches!(error, Some(Error::LimitExceeded { limit: Limit::SseLine, max: 14 })), "{error:?}");
        }
        // An unterminated line is caught while it grows, before its end arrives.
        let mut dec = SseDecoder::with_limits(16, 100);
        let mut out = VecDeque::new();
        dec.feed(b"data: 0123456789", &mut out).unwrap();
        assert!(dec.feed(b"x", &mut out).is_err());
    }

    #[test]
    fn an_event_growing_over_the_limit_is_an_error_even_with_short_lines() {
        let stream = "data: 1234\n".repeat(10);
        for n in [1, 5, 1000] {
            let (events, error) = limited(stream.as_bytes(), n, 100, 20);
            assert!(events.is_empty());
            assert!(matches!(error, Some(Error::LimitExceeded { limit: Limit::SseEvent, max: 20 })), "{error:?}");
        }
    }

    #[test]
    fn bytes_that_make_no_event_count_toward_the_next_one() {
        // Blank lines, comments and other fields alone end at the event limit...
        for filler in ["\n", ": ping\n", "event: e\n\n", "id: 1\n"] {
            let stream = filler.repeat(100);
            let (events, error) = limited(stream.as_bytes(), 7, 100, 50);
            assert!(events.is_empty(), "{filler:?}");
            assert!(matches!(error, Some(Error::LimitExceeded { limit: Limit::SseEvent, max: 50 })), "{error:?}");
        }
        // ...and an event starts the count again.
        let stream = ": keep-alive\n\ndata: a\n\n".repeat(100);
        let (events, error) = limited(stream.as_bytes(), 7, 100, 50);
        assert_eq!((events.len(), error.is_none()), (100, true));
    }
}
