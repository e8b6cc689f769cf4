//! [`EventStream`]: typed items from a streamed response body: server-sent events, or JSON
//! lines (batch output).

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use futures_util::{FutureExt, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::core::lines::LineDecoder;
use crate::core::sse::{SseDecoder, SseEvent};
use crate::{Error, HookResults, ResponseMeta};

type BoxStream<T> = Pin<Box<dyn Stream<Item = T> + Send>>;

/// A stream of typed events (for example `ChatCompletionChunk`s) from the gateway.
///
/// For server-sent events, it ends at `data: [DONE]` or at the end of the body; comments and
/// keep-alives are skipped. An `error` event (or an event whose JSON has an `error` object, or
/// a chunk whose `finish_reason` is a provider's error type, as the gateway relays an Anthropic
/// `overloaded_error`) yields [`Error::Stream`] and ends the stream. A body that ends before
/// `data: [DONE]` or the endpoint's terminal event (`response.completed`...) ends the stream
/// with [`Error::StreamIncomplete`]. The gateway's `hook_results` event (sent with
/// `strict_open_ai_compliance(false)` when a config runs guardrails, before the first chunk, or
/// after `[DONE]`) is not an item: read it with [`hook_results`](Self::hook_results). For JSON lines, each non-empty line is one
/// item, decoded as is (an `error` field is data there). The HTTP status was checked before
/// the stream was returned.
pub struct EventStream<T> {
    items: BoxStream<Result<T, Error>>,
    meta: ResponseMeta,
    /// The gateway's `hook_results`, once its event has been read.
    hooks: Hooks,
}

/// Where the stream's reader leaves the `hook_results` it finds.
type Hooks = Arc<Mutex<Option<HookResults>>>;

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").field("meta", &self.meta).finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> EventStream<T> {
    /// Decodes `body` (the bytes of a 2xx `text/event-stream` response) with `decoder`. The
    /// stream keeps `permit` (its connection's place in the client's pool) until it is dropped.
    /// The stream is complete at `data: [DONE]` or at an event whose type is one of `ends`.
    pub(crate) fn new(
        meta: ResponseMeta,
        body: impl Stream<Item = Result<Bytes, Error>> + Send + 'static,
        decoder: SseDecoder,
        ends: &'static [&'static str],
        permit: Option<tokio::sync::OwnedSemaphorePermit>,
    ) -> Self {
        Self::framed(meta, body, Framing::Sse(decoder, Ends::new(ends)), permit)
    }

    /// Decodes `body` as JSON lines, one item per non-empty line.
    pub(crate) fn lines(
        meta: ResponseMeta,
        body: impl Stream<Item = Result<Bytes, Error>> + Send + 'static,
        decoder: LineDecoder,
        permit: Option<tokio::sync::OwnedSemaphorePermit>,
    ) -> Self {
        Self::framed(meta, body, Framing::Lines(decoder), permit)
    }

    fn framed(
        meta: ResponseMeta,
        body: impl Stream<Item = Result<Bytes, Error>> + Send + 'static,
        framing: Framing,
        permit: Option<tokio::sync::OwnedSemaphorePermit>,
    ) -> Self {
        let hooks = Hooks::default();
        let state = State {
            hooks: Arc::clone(&hooks),
            body: Box::pin(body),
            framing,
            events: VecDeque::new(),
            done: false,
            body_ended: false,
            failure: None,
            _permit: permit,
        };
        let items = futures_util::stream::unfold(state, |mut state| async move {
            let item = state.next_item().await?;
            Some((item, state))
        });
        EventStream { items: Box::pin(items), meta, hooks }
    }
}

impl<T> EventStream<T> {
    /// A stream of items made elsewhere (a list's pages), with the metadata of the response
    /// they started with.
    pub(crate) fn from_items(meta: ResponseMeta, items: impl Stream<Item = Result<T, Error>> + Send + 'static) -> Self {
        EventStream { items: Box::pin(items), meta, hooks: Hooks::default() }
    }

    /// The response's status and headers.
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }

    /// The verdicts of the guardrails the gateway ran, once the stream has brought them (the
    /// gateway sends them before the first chunk, with `strict_open_ai_compliance(false)`).
    pub fn hook_results(&self) -> Option<HookResults> {
        self.hooks.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.items.as_mut().poll_next(cx)
    }
}

/// How the body is cut into items.
enum Framing {
    /// Server-sent events, and what completes them.
    Sse(SseDecoder, Ends),
    /// JSON lines.
    Lines(LineDecoder),
}

/// What completes a stream of server-sent events besides `data: [DONE]`: one of the
/// endpoint's terminal event types; and how far it got.
struct Ends {
    /// The terminal event types besides `[DONE]` (none for chat and completions).
    types: &'static [&'static str],
    /// A terminal event has been read.
    reached: bool,
    /// Items yielded so far.
    received: u64,
}

impl Ends {
    fn new(types: &'static [&'static str]) -> Self {
        Ends { types, reached: false, received: 0 }
    }

    /// Whether `event` is one of the terminal types, named by its `event:` line or, without
    /// one, by its data's `type` (`[DONE]` ends the stream where it is read).
    fn is_end(&self, event: &SseEvent) -> bool {
        if self.types.is_empty() {
            return false;
        }
        let data = event.data.trim();
        if let Some(name) = event.event.as_deref() {
            return self.types.contains(&name);
        }
        // Only an event whose data holds a terminal type as a JSON string is decoded again,
        // for its `type` alone.
        #[derive(serde::Deserialize)]
        struct Kind<'a> {
            #[serde(borrow, rename = "type")]
            kind: Option<std::borrow::Cow<'a, str>>,
        }
        let bytes = data.as_bytes();
        let quoted = |end: &str| {
            memchr::memmem::find_iter(bytes, end.as_bytes())
                .any(|i| i > 0 && bytes[i - 1] == b'"' && bytes.get(i + end.len()) == Some(&b'"'))
        };
        self.types.iter().any(|end| quoted(end))
            && serde_json::from_str::<Kind>(data).is_ok_and(|k| k.kind.is_some_and(|k| self.types.contains(&&*k)))
    }

    fn incomplete(&self) -> Error {
        Error::StreamIncomplete { received: self.received, ends: self.types }
    }
}

struct State {
    hooks: Hooks,
    body: BoxStream<Result<Bytes, Error>>,
    framing: Framing,
    events: VecDeque<SseEvent>,
    done: bool,
    /// The body has no more bytes: once the events read are out, the stream ends.
    body_ended: bool,
    /// A limit the decoder hit, reported once the events before it are out.
    failure: Option<Error>,
    _permit: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl State {
    async fn next_item<T: DeserializeOwned>(&mut self) -> Option<Result<T, Error>> {
        if matches!(self.framing, Framing::Lines(..)) {
            return self.next_line().await;
        }
        let Framing::Sse(decoder, ends) = &mut self.framing else { return None };
        loop {
            // Nothing follows `[DONE]` or an error, even events that came in the same read.
            if self.done {
                return None;
            }
            if let Some(event) = self.events.pop_front() {
                ends.reached |= ends.is_end(&event);
                match interpret(event) {
                    Step::Skip => continue,
                    Step::Hooks(hooks) => keep(&self.hooks, hooks),
                    Step::Done => {
                        read_trailer(decoder, &mut self.events, &mut self.body, &self.hooks);
                        self.done = true;
                    }
                    Step::Item(item) => {
                        self.done = item.is_err();
                        ends.received += 1;
                        return Some(item);
                    }
                }
                continue;
            }
            if let Some(error) = self.failure.take() {
                self.done = true;
                return Some(Err(error));
            }
            if self.body_ended {
                self.done = true;
                return (!ends.reached).then(|| Err(ends.incomplete()));
            }
            match self.body.next().await {
                Some(Ok(bytes)) => {
                    // The events completed before a limit was hit still come first.
                    self.failure = decoder.feed(&bytes, &mut self.events).err();
                }
                Some(Err(e)) => {
                    self.done = true;
                    return Some(Err(e));
                }
                None => {
                    // The last event may lack its blank line; it still counts.
                    self.body_ended = true;
                    self.events.extend(decoder.finish());
                }
            }
        }
    }
}

impl State {
    /// The next JSON line, decoded.
    async fn next_line<T: DeserializeOwned>(&mut self) -> Option<Result<T, Error>> {
        let Framing::Lines(decoder) = &mut self.framing else { return None };
        loop {
            if self.done {
                return None;
            }
            // The lines completed before a failure still come first.
            match decoder.next_line() {
                Some(Ok(line)) => return Some(decode_line(&line)),
                Some(Err(e)) => self.failure = Some(e),
                None => {}
            }
            if let Some(error) = self.failure.take() {
                self.done = true;
                return Some(Err(error));
            }
            match self.body.next().await {
                Some(Ok(bytes)) => decoder.feed(bytes),
                Some(Err(e)) => self.failure = Some(e),
                None => {
                    self.done = true;
                    return decoder.finish().map(|line| line.and_then(|line| decode_line(&line)));
                }
            }
        }
    }
}

/// Keeps `found` for [`EventStream::hook_results`], with any found before.
fn keep(hooks: &Hooks, found: HookResults) {
    let mut kept = hooks.lock().unwrap_or_else(PoisonError::into_inner);
    match kept.as_mut() {
        Some(earlier) => earlier.merge(found),
        None => *kept = Some(found),
    }
}

/// After `[DONE]`: the `hook_results` in what has already arrived (the events of the same
/// read, and chunks ready without waiting); nothing else follows `[DONE]`.
fn read_trailer(
    decoder: &mut SseDecoder,
    events: &mut VecDeque<SseEvent>,
    body: &mut BoxStream<Result<Bytes, Error>>,
    hooks: &Hooks,
) {
    loop {
        while let Some(event) = events.pop_front() {
            if let Step::Hooks(found) = interpret::<serde::de::IgnoredAny>(event) {
                keep(hooks, found);
            }
        }
        match body.next().now_or_never() {
            Some(Some(Ok(bytes))) if decoder.feed(&bytes, events).is_ok() => {}
            _ => return,
        }
    }
}

/// One JSON line as a `T`; an undecodable line keeps its text. Invalid UTF-8 is read as
/// U+FFFD, as the SDK's text decoding does (checked only when the fast path fails).
fn decode_line<T: DeserializeOwned>(line: &[u8]) -> Result<T, Error> {
    let error = match serde_json::from_slice(line) {
        Ok(item) => return Ok(item),
        Err(error) => error,
    };
    let text = String::from_utf8_lossy(line);
    match text {
        std::borrow::Cow::Owned(text) => {
            serde_json::from_str(&text).map_err(|e| Error::Decode { message: e.to_string(), body: text })
        }
        std::borrow::Cow::Borrowed(text) => Err(Error::Decode { message: error.to_string(), body: text.to_owned() }),
    }
}

/// Whether `data` may report an error: an `error` key or a provider's error type as a
/// `finish_reason` (`"overloaded_error"`) needs the text `error"`, or a `\u` escape that could
/// spell it. Searched with prebuilt SIMD finders, once per event.
fn may_name_error(data: &str) -> bool {
    use std::sync::LazyLock;
    static ERROR: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new("error\""));
    static ESCAPE: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new("\\u"));
    ERROR.find(data.as_bytes()).is_some() || ESCAPE.find(data.as_bytes()).is_some()
}

/// A provider's failure the gateway relays as a chunk: when an Anthropic-style provider sends
/// an `error` event mid-stream, the gateway ends its chat stream with a chunk whose
/// `finish_reason` is the error's type (`overloaded_error`, `api_error`...), then `[DONE]`.
/// No finish reason of OpenAI's ends in `_error`.
fn provider_failure(chunk: &Value) -> Option<String> {
    let reason = chunk
        .get("choices")?
        .as_array()?
        .iter()
        .find_map(|choice| choice.get("finish_reason")?.as_str().filter(|reason| reason.ends_with("_error")))?;
    Some(match chunk.get("provider").and_then(Value::as_str) {
        Some(provider) => format!("{reason} (from {provider})"),
        None => reason.to_string(),
    })
}

enum Step<T> {
    Skip,
    Done,
    /// The gateway's `hook_results`.
    Hooks(HookResults),
    Item(Result<T, Error>),
}

/// Whether an event is the gateway's `hook_results`: `event: hook_results` (its Anthropic
/// route), or data the gateway writes as `{"hook_results":...}`.
fn hook_results(event: &SseEvent, data: &str) -> Option<HookResults> {
    if event.event.as_deref() != Some("hook_results") && !data.starts_with("{\"hook_results\"") {
        return None;
    }
    HookResults::of(&serde_json::from_str(data).ok()?)
}

fn interpret<T: DeserializeOwned>(event: SseEvent) -> Step<T> {
    let data = event.data.trim();
    if data.is_empty() {
        return Step::Skip;
    }
    if data == "[DONE]" {
        return Step::Done;
    }
    if let Some(hooks) = hook_results(&event, data) {
        return Step::Hooks(hooks);
    }
    // Most events carry no error: decode them in one pass, straight into `T`. Without the text
    // `"error"` (or a `\u` escape that could spell it) no key can be `error`; any other event
    // takes the full look below.
    if event.event.as_deref() != Some("error") && !may_name_error(data) {
        return Step::Item(
            serde_json::from_str(data).map_err(|e| Error::Decode { message: e.to_string(), body: event.data.clone() }),
        );
    }
    let json: Result<Value, _> = serde_json::from_str(data);
    let error = json.as_ref().ok().and_then(|v| v.get("error")).filter(|e| !e.is_null());
    if event.event.as_deref() == Some("error") || error.is_some() {
        // The message of the `error` object; else, for an `error` event, its own `message` (the
        // Responses API's `{"type": "error", "message": ...}`); else the whole data.
        let message = error
            .and_then(|e| e.get("message").and_then(Value::as_str).map(str::to_string).or_else(|| Some(e.to_string())))
            .or_else(|| json.as_ref().ok()?.get("message")?.as_str().map(str::to_string))
            .unwrap_or_else(|| data.to_string());
        return Step::Item(Err(Error::Stream { message, data: event.data }));
    }
    if let Some(message) = json.as_ref().ok().and_then(provider_failure) {
        return Step::Item(Err(Error::Stream { message, data: event.data }));
    }
    match json.and_then(T::deserialize) {
        Ok(item) => Step::Item(Ok(item)),
        Err(e) => Step::Item(Err(Error::Decode { message: e.to_string(), body: event.data })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, StatusCode};

    const RESPONSES: &[&str] = &["response.completed", "response.failed", "response.incomplete"];

    fn run(chunks: &[&str]) -> Vec<Result<Value, String>> {
        run_until(chunks, &[])
    }

    /// The items of a stream that `ends` complete, besides `[DONE]`.
    fn run_until(chunks: &[&str], ends: &'static [&'static str]) -> Vec<Result<Value, String>> {
        let chunks: Vec<Result<Bytes, Error>> = chunks.iter().map(|c| Ok(Bytes::from(c.to_string()))).collect();
        run_with(chunks, SseDecoder::new(), ends)
    }

    fn run_with(
        chunks: Vec<Result<Bytes, Error>>,
        decoder: SseDecoder,
        ends: &'static [&'static str],
    ) -> Vec<Result<Value, String>> {
        let meta = ResponseMeta::new(StatusCode::OK, HeaderMap::new());
        let stream: EventStream<Value> =
            EventStream::new(meta, futures_util::stream::iter(chunks), decoder, ends, None);
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        rt.block_on(stream.map(|r| r.map_err(|e| e.to_string())).collect())
    }

    #[test]
    fn items_until_done_skipping_comments() {
        let got = run(&[
            ": keep-alive\n\n",
            "data: {\"a\":1}\n",
            "\ndata: {\"a\"",
            ":2}\n\ndata: [DONE]\n\n",
            "data: {}\n\n",
        ]);
        assert_eq!(got, vec![Ok(serde_json::json!({"a": 1})), Ok(serde_json::json!({"a": 2}))]);
    }

    /// The gateway's `hook_results` event (first, as the gateway 1.15.2 sends it, or after
    /// `[DONE]`) is kept for `hook_results()`, not yielded.
    #[test]
    fn hook_results_events_are_kept_not_yielded() {
        let before = r#"{"hook_results":{"before_request_hooks":[{"id":"g1","verdict":false,"checks":[]}]}}"#;
        let after = r#"{"hook_results":{"after_request_hooks":[{"id":"g2","verdict":true,"checks":[]}]}}"#;
        let chunks: Vec<Result<Bytes, Error>> = [
            format!("data: {before}\n\n"),
            "data: {\"a\":1}\n\n".to_string(),
            format!("data: [DONE]\n\ndata: {after}\n\n"),
        ]
        .into_iter()
        .map(|c| Ok(Bytes::from(c)))
        .collect();
        let meta = ResponseMeta::new(StatusCode::OK, HeaderMap::new());
        let mut stream: EventStream<Value> =
            EventStream::new(meta, futures_util::stream::iter(chunks), SseDecoder::new(), &[], None);
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let first = rt.block_on(stream.next()).unwrap().unwrap();
        assert_eq!(first, serde_json::json!({"a": 1}));
        let hooks = stream.hook_results().unwrap();
        assert_eq!((hooks.before_request_hooks[0].id.as_str(), hooks.after_request_hooks.len()), ("g1", 0));
        assert!(rt.block_on(stream.next()).is_none());
        let hooks = stream.hook_results().unwrap();
        assert_eq!(hooks.after_request_hooks[0].id, "g2");
        assert_eq!(hooks.failed().count(), 1);
    }

    #[test]
    fn multi_line_data_and_a_last_event_without_its_blank_line() {
        let got = run(&["data: {\"a\":\ndata: 3}\n\n", "data: {\"b\":4}\n\ndata: [DONE]"]);
        assert_eq!(got, vec![Ok(serde_json::json!({"a": 3})), Ok(serde_json::json!({"b": 4}))]);
    }

    #[test]
    fn a_body_that_ends_before_done_is_incomplete() {
        let incomplete = "the stream ended after 2 events without `data: [DONE]`: the provider or the gateway \
                          stopped mid-way, the reply may be partial";
        let got = run(&["data: {\"a\":1}\n\n", "data: {\"b\":4}"]);
        assert_eq!(got, vec![Ok(serde_json::json!({"a": 1})), Ok(serde_json::json!({"b": 4})), Err(incomplete.into())]);
        // Nothing at all is incomplete too; a terminal type of another endpoint is data.
        assert_eq!(run(&[]), vec![Err(incomplete.replace(" 2 ", " 0 "))]);
        let completed = r#"{"type":"response.completed","response":{"id":"r"}}"#;
        assert_eq!(run(&[&format!("data: {completed}\n\n")]).len(), 2);
    }

    #[test]
    fn a_terminal_event_completes_a_stream_by_its_name_or_its_type() {
        let created = r#"{"type":"response.created","response":{"id":"r"}}"#;
        let completed = r#"{"type":"response.completed","response":{"id":"r"}}"#;
        let named =
            format!("event: response.created\ndata: {created}\n\nevent: response.completed\ndata: {completed}\n\n");
        assert_eq!(run_until(&[&named], RESPONSES).len(), 2);
        let unnamed = format!("data: {created}\n\ndata: {{ \"type\" : \"response.failed\" }}");
        assert_eq!(run_until(&[&unnamed], RESPONSES).len(), 2);
        // `[DONE]` completes any stream.
        assert_eq!(run_until(&[&format!("data: {created}\n\ndata: [DONE]\n\n")], RESPONSES).len(), 1);
        // The type's name in a text, or an event named otherwise, does not.
        let text = r#"{"type":"response.output_text.delta","delta":"\"response.completed\""}"#;
        let misnamed = format!("event: response.created\ndata: {completed}\n\n");
        for body in [format!("data: {created}\n\ndata: {text}\n\n"), misnamed] {
            let got = run_until(&[&body], RESPONSES);
            let last = got.last().unwrap().as_ref().unwrap_err();
            assert!(
                last.contains(
                    "without `data: [DONE]` or a `response.completed`, `response.failed`, `response.incomplete` event"
                ),
                "{last}"
            );
        }
    }

    /// The gateway's chat stream for an Anthropic `error` event (gateway 1.15.2).
    #[test]
    fn a_provider_error_relayed_as_a_finish_reason_is_an_error() {
        let hello = r#"{"id":"a","object":"chat.completion.chunk","provider":"anthropic","choices":[{"delta":{"content":"hello"},"index":0,"finish_reason":null}]}"#;
        let failed = r#"{"id":"a","object":"chat.completion.chunk","model":"","provider":"anthropic","choices":[{"finish_reason":"overloaded_error","delta":{"content":""}}]}"#;
        let got = run(&[&format!("data: {hello}\n\ndata: {failed}\n\ndata: [DONE]\n\n")]);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1], Err("the stream reported an error: overloaded_error (from anthropic)".into()));
        // Finish reasons of OpenAI's, and `error` inside a text, are data.
        for reason in ["stop", "length", "tool_calls", "content_filter"] {
            let chunk =
                format!(r#"{{"choices":[{{"delta":{{"content":"an api_error"}},"finish_reason":"{reason}"}}]}}"#);
            assert!(run(&[&format!("data: {chunk}\n\ndata: [DONE]\n\n")])[0].is_ok());
        }
    }

    #[test]
    fn error_events_end_the_stream_with_an_error() {
        let got = run(&["data: {\"a\":1}\n\n", "data: {\"error\":{\"message\":\"overloaded\"}}\n\n", "data: {}\n\n"]);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], Err("the stream reported an error: overloaded".to_string()));
        let got = run(&["event: error\ndata: upstream reset\n\n"]);
        assert_eq!(got, vec![Err("the stream reported an error: upstream reset".to_string())]);
    }

    #[test]
    fn nothing_follows_an_error_in_the_same_read() {
        let got = run(&["data: {\"a\":1}\n\ndata: {\"error\":{\"message\":\"x\"}}\n\ndata: {\"b\":2}\n\n"]);
        assert_eq!(got.len(), 2, "{got:?}");
        let got = run(&["data: nope\n\ndata: {\"b\":2}\n\n"]);
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[test]
    fn undecodable_items_are_decode_errors_with_the_data() {
        let chunks = vec![Ok(Bytes::from_static(b"data: not json\n\n"))];
        let meta = ResponseMeta::new(StatusCode::OK, HeaderMap::new());
        let stream: EventStream<Value> =
            EventStream::new(meta, futures_util::stream::iter(chunks), SseDecoder::new(), &[], None);
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let items: Vec<_> = rt.block_on(stream.collect());
        assert!(matches!(&items[0], Err(Error::Decode { body, .. }) if body == "not json"));
    }

    #[test]
    fn a_limit_ends_the_stream_after_the_events_before_it() {
        let chunks = vec![Ok(Bytes::from_static(b"data: {\"a\":1}\n\ndata: {\"b\":\"0123456789\"}\n\ndata: {}\n\n"))];
        let got = run_with(chunks, SseDecoder::with_limits(20, 1000), &[]);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0], Ok(serde_json::json!({"a": 1})));
        assert_eq!(
            got[1],
            Err("a line of the event stream is larger than the limit of 20 bytes (option `max_sse_line_bytes`)".into())
        );
    }

    #[test]
    fn error_objects_are_found_however_the_key_is_written() {
        let got = run(&["data: {\"a\":1}\n\n", "data: {\"\\u0065rror\":{\"message\":\"escaped\"}}\n\n"]);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1], Err("the stream reported an error: escaped".to_string()));
        // The text `"error"` as a value is data.
        let got = run(&["data: {\"delta\":\"error\"}\n\ndata: [DONE]\n\n"]);
        assert_eq!(got, vec![Ok(serde_json::json!({"delta": "error"}))]);
    }

    #[test]
    fn responses_streams_report_only_top_level_errors() {
        // Lifecycle events carry the response, whose `error` is null or, in `response.failed`,
        // an object: data either way, as the key is not at the top level.
        let created = r#"{"type":"response.created","response":{"id":"r","error":null}}"#;
        let failed =
            r#"{"type":"response.failed","response":{"id":"r","error":{"code":"server_error","message":"x"}}}"#;
        let got = run_until(
            &[&format!("event: response.created\ndata: {created}\n\nevent: response.failed\ndata: {failed}\n\n")],
            RESPONSES,
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].as_ref().unwrap()["response"]["error"], Value::Null);
        assert_eq!(got[1].as_ref().unwrap()["response"]["error"]["message"], "x");
        // The Responses `error` event has its message at the top level.
        let error = r#"{"type":"error","code":"ERR_SOMETHING","message":"Something happened","param":null}"#;
        let got = run(&[&format!("event: error\ndata: {error}\n\ndata: {created}\n\n")]);
        assert_eq!(got, vec![Err("the stream reported an error: Something happened".to_string())]);
        // Without a message, the whole data.
        let got = run(&["event: error\ndata: {\"code\":1}\n\n"]);
        assert_eq!(got, vec![Err("the stream reported an error: {\"code\":1}".to_string())]);
    }

    #[test]
    fn json_lines_are_records_with_errors_as_data() {
        let chunks: [&[u8]; 3] = [
            b"{\"custom_id\":\"a\",\"error\":null}\n{\"custom_id\"",
            b":\"b\",\"error\":{\"message\":\"x\"}}\n\nnot json\n{\"c\":1}\n",
            b"{\"bad\":\"\xff\"}",
        ];
        let chunks: Vec<Result<Bytes, Error>> = chunks.iter().map(|c| Ok(Bytes::copy_from_slice(c))).collect();
        let meta = ResponseMeta::new(StatusCode::OK, HeaderMap::new());
        let stream: EventStream<Value> =
            EventStream::lines(meta, futures_util::stream::iter(chunks), LineDecoder::new(1000), None);
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let items: Vec<_> = rt.block_on(stream.collect());
        assert_eq!(items.len(), 5, "{items:?}");
        assert_eq!(items[1].as_ref().unwrap()["error"]["message"], "x");
        assert!(matches!(&items[2], Err(Error::Decode { body, .. }) if body == "not json"));
        assert_eq!(items[3].as_ref().unwrap()["c"], 1);
        // Invalid UTF-8 reads as U+FFFD, in the last line, which has no line break.
        assert_eq!(items[4].as_ref().unwrap()["bad"], "\u{fffd}");
    }
}
