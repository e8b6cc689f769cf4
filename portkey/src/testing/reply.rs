//! Scripted replies.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Response, StatusCode};

use super::server::{Body, frames_body, full_body};

/// A scripted reply for [`MockGateway::enqueue`](super::MockGateway::enqueue).
///
/// A scripted reply carries only the headers it sets (plus its content type and `x-mock-seq`),
/// none of the gateway headers of the default behaviour.
///
/// ```
/// use std::time::Duration;
/// use portkey::testing::MockReply;
///
/// let reply = MockReply::sse(["{\"choices\":[]}", "[DONE]"])
///     .header("x-portkey-trace-id", "trace-1")
///     .chunk_delay(Duration::from_millis(20));
/// # let _ = reply;
/// ```
#[derive(Clone, Debug)]
pub struct MockReply {
    status: StatusCode,
    content_type: Option<HeaderValue>,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: ReplyBody,
    delay: Option<Duration>,
    chunk_delay: Option<Duration>,
}

#[derive(Clone, Debug)]
enum ReplyBody {
    /// One blob.
    Bytes(Bytes),
    /// Server-sent events, each a complete event including its blank line.
    Events(Vec<Bytes>),
}

impl MockReply {
    /// A reply with status `status` and `body` as JSON (`content-type: application/json`).
    ///
    /// # Panics
    ///
    /// Panics if `status` is not in `100..=999`.
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Self::new(status, "application/json", ReplyBody::Bytes(Bytes::from(body.to_string())))
    }

    /// A reply with status `status` and `body` as plain text (`content-type: text/plain`).
    ///
    /// # Panics
    ///
    /// Panics if `status` is not in `100..=999`.
    pub fn text(status: u16, body: impl Into<String>) -> Self {
        Self::new(status, "text/plain", ReplyBody::Bytes(Bytes::from(body.into())))
    }

    /// A reply with status `status`, content type `content_type` and `body` as it is (for
    /// compressed or binary bodies; add `content-encoding` with [`header`](Self::header)).
    ///
    /// # Panics
    ///
    /// Panics if `status` is not in `100..=999` or `content_type` is not a valid header value.
    pub fn bytes(status: u16, content_type: &str, body: impl Into<Bytes>) -> Self {
        Self::new(status, "application/octet-stream", ReplyBody::Bytes(body.into()))
            .header("content-type", content_type)
    }

    /// A `200` reply of server-sent events (`content-type: text/event-stream`): each item is sent
    /// as `data: <item>\n\n`. Include `"[DONE]"` (or the endpoint's terminal event, such as
    /// `response.completed`) yourself: a stream without it ends with
    /// [`Error::StreamIncomplete`](crate::Error::StreamIncomplete), as a real one cut short does.
    ///
    /// An item containing line breaks is sent as several `data:` lines of one event, which is
    /// how SSE carries multi-line data.
    pub fn sse(data: impl IntoIterator<Item = impl Into<String>>) -> Self {
        let events = data.into_iter().map(|item| Bytes::from(sse_event(&item.into()))).collect();
        Self::new(200, "text/event-stream", ReplyBody::Events(events))
    }

    /// A `200` reply whose body is exactly `body`, with `content-type: text/event-stream`.
    ///
    /// With [`chunk_delay`](Self::chunk_delay), the body is split after each blank line
    /// (`\n\n`), and each piece is sent as its own frame.
    pub fn raw_sse(body: impl Into<String>) -> Self {
        Self::new(200, "text/event-stream", ReplyBody::Events(split_events(body.into())))
    }

    /// Adds the response header `name: value`. Call it again with the same name to send the
    /// header more than once; setting `content-type` replaces the constructor's content type.
    ///
    /// # Panics
    ///
    /// Panics if `name` or `value` is not a valid HTTP header name or value.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name = HeaderName::from_bytes(name.as_bytes())
            .unwrap_or_else(|e| panic!("MockReply::header: invalid header name {name:?}: {e}"));
        let value = HeaderValue::from_str(value)
            .unwrap_or_else(|e| panic!("MockReply::header: invalid header value {value:?}: {e}"));
        if name == http::header::CONTENT_TYPE {
            self.content_type = Some(value);
        } else {
            self.headers.push((name, value));
        }
        self
    }

    /// Waits `d` before answering (the request is recorded first).
    pub fn delay(mut self, d: Duration) -> Self {
        self.delay = Some(d);
        self
    }

    /// For server-sent events: sends each event as its own body frame, sleeping `d` between
    /// frames, so that a client really sees a stream. Without it, the body is sent at once.
    pub fn chunk_delay(mut self, d: Duration) -> Self {
        self.chunk_delay = Some(d);
        self
    }

    fn new(status: u16, content_type: &'static str, body: ReplyBody) -> Self {
        let status =
            StatusCode::from_u16(status).unwrap_or_else(|_| panic!("MockReply: invalid HTTP status code {status}"));
        MockReply {
            status,
            content_type: Some(HeaderValue::from_static(content_type)),
            headers: Vec::new(),
            body,
            delay: None,
            chunk_delay: None,
        }
    }

    /// The delay before answering, if any.
    pub(super) fn answer_delay(&self) -> Option<Duration> {
        self.delay
    }

    /// Builds the HTTP response for the request number `seq`.
    pub(super) fn into_response(self, seq: u64) -> Response<Body> {
        let body = match self.body {
            ReplyBody::Bytes(bytes) => full_body(bytes),
            ReplyBody::Events(events) => match self.chunk_delay {
                Some(delay) => frames_body(events, Some(delay)),
                None => full_body(Bytes::from(events.concat())),
            },
        };
        let mut response = Response::new(body);
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        if let Some(content_type) = self.content_type {
            headers.insert(http::header::CONTENT_TYPE, content_type);
        }
        for (name, value) in self.headers {
            headers.append(name, value);
        }
        headers.insert("x-mock-seq", HeaderValue::from(seq));
        response
    }
}

/// Formats `data` as one server-sent event.
pub(super) fn sse_event(data: &str) -> String {
    let mut event = String::with_capacity(data.len() + 8);
    for line in data.split('\n') {
        event.push_str("data: ");
        event.push_str(line.strip_suffix('\r').unwrap_or(line));
        event.push('\n');
    }
    event.push('\n');
    event
}

/// Splits a raw SSE body after each blank line; the pieces concatenate back to `body`.
fn split_events(body: String) -> Vec<Bytes> {
    let mut events = Vec::new();
    let mut rest = body.as_str();
    while let Some(end) = rest.find("\n\n") {
        let (event, tail) = rest.split_at(end + 2);
        events.push(Bytes::copy_from_slice(event.as_bytes()));
        rest = tail;
    }
    if !rest.is_empty() {
        events.push(Bytes::copy_from_slice(rest.as_bytes()));
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sse_event_formats_single_and_multi_line_data() {
        assert_eq!(sse_event("hello"), "data: hello\n\n");
        assert_eq!(sse_event("a\nb"), "data: a\ndata: b\n\n");
        assert_eq!(sse_event(""), "data: \n\n");
    }

    #[test]
    fn split_events_keeps_every_byte() {
        let body = "data: 1\n\nevent: x\ndata: 2\n\n: comment\n\ndata: tail";
        let events = split_events(body.to_owned());
        assert_eq!(events.len(), 4);
        assert_eq!(events.concat(), body.as_bytes());
        assert_eq!(&events[0][..], b"data: 1\n\n");
        assert!(split_events(String::new()).is_empty());
    }

    #[test]
    #[should_panic(expected = "invalid header name")]
    fn invalid_header_name_panics() {
        let _ = MockReply::text(200, "x").header("bad name", "v");
    }

    #[test]
    #[should_panic(expected = "invalid HTTP status code")]
    fn invalid_status_panics() {
        let _ = MockReply::text(1000, "x");
    }
}
