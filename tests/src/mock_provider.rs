//! [`MockProvider`]: an OpenAI-compatible provider on `127.0.0.1`, to put behind the real
//! Portkey gateway (as its `custom_host`) in the end-to-end tests.
//!
//! It is the Rust counterpart of the research script `mock_openai.py`: an HTTP/1.1 server on its
//! own thread with its own tokio runtime, which records every request it receives (even when the
//! caller hangs up before the answer) and answers like a provider would.
//!
//! # Endpoints
//!
//! Any prefix before these is accepted (`/v1/chat/completions`, `/openai/deployments/x/chat/completions`):
//!
//! - `POST …/chat/completions`: `"echo: <last user message>"`, as JSON, or with `"stream": true`
//!   as server-sent events (a role chunk, one chunk per word, a `finish_reason` chunk, a usage
//!   chunk when `stream_options.include_usage`, then `data: [DONE]`);
//! - `POST …/completions`: `"echo: <prompt>"`, JSON or SSE;
//! - `POST …/embeddings`: eight deterministic floats per input ([`fake_embedding`]);
//! - `POST …/messages`: a minimal Anthropic Messages API, JSON or SSE;
//! - `GET …/models` and `GET …/models/<id>`;
//! - `POST …/responses`: a Responses API reply whose text is `"echo: <last user input>"`, as
//!   JSON, or with `"stream": true` as server-sent events with `event:` lines
//!   (`response.created`, one `response.output_text.delta` per word, `response.completed`);
//!   see [`responses`];
//! - `POST …/images/generations` (`b64_json` of [`fake_image`] of the prompt), `POST
//!   …/images/edits` (multipart; echoes the image parts' bytes back as `b64_json`), both also
//!   as `event:`-named server-sent events (partial images, then the image) when asked to
//!   stream, `POST …/audio/speech` ([`fake_speech`] of the input, binary) and `POST
//!   …/audio/transcriptions` (multipart; JSON, verbose JSON or plain text per
//!   `response_format`, or `transcript.text.*` events with `stream=true`); see [`media`];
//! - `POST …/files` (multipart; the file is kept), `GET …/files` (a page), `GET …/files/<id>`
//!   and `…/files/<id>/content`, `DELETE …/files/<id>`, `POST …/batches` (over a kept input
//!   file: the output is computed at once), `GET …/batches` (a page), `GET …/batches/<id>`
//!   (then `completed`, with its `output_file_id`), `POST …/batches/<id>/cancel` and `POST
//!   …/moderations`; see [`data`].
//!
//! Multipart bodies can be read back with [`Recorded::parts`].
//!
//! # Model triggers
//!
//! The `model` of the request body picks the behaviour:
//!
//! | model | behaviour |
//! |---|---|
//! | `fail-<code>` | that status with an OpenAI-style error; `fail-429` adds `Retry-After: 1` |
//! | `flaky-<code>-<n>` | the first `n` requests with that model fail like `fail-<code>`, later ones succeed |
//! | `slow-<ms>` | waits that many milliseconds, then answers normally |
//! | `stream-cut` | a stream stops after its first piece of text: the body ends cleanly, no terminal event |
//! | `stream-error` | a stream fails after its first piece of text with the provider's error event (chat: `data: {"error": ...}`; Messages: `event: error` with an `overloaded_error`; Responses: an `error` event) |
//!
//! Every response carries `x-mock-server: <name>` and `x-mock-seq: <n>` (1-based request number).

use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{Value, json};
use tokio::sync::oneshot;

pub mod data;
pub mod media;
pub mod multipart;
pub mod responses;

pub use data::moderation_flags;
pub use media::{fake_image, fake_speech, partial_image};
pub use multipart::Part;

/// The models `GET …/models` lists.
pub const MODELS: [&str; 4] = ["gpt-4o-mini", "gpt-4o", "text-embedding-3-small", "gpt-3.5-turbo-instruct"];

/// How many floats [`fake_embedding`] returns.
pub const EMBEDDING_DIMENSIONS: usize = 8;

/// A request the mock received.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// The 1-based number of the request (the `x-mock-seq` of its answer).
    pub seq: u64,
    /// The HTTP method, e.g. `"POST"`.
    pub method: String,
    /// The path, e.g. `"/v1/chat/completions"`.
    pub path: String,
    /// The query string without the `?`, if any.
    pub query: Option<String>,
    /// The headers, lowercase names, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body parsed as JSON; a JSON string of the text when it is not JSON; `null` when empty.
    pub body: Value,
    /// The body as received.
    pub raw_body: Bytes,
    /// The status the mock answered (or started to answer) with; `None` while it has not
    /// answered yet, e.g. when the caller hung up during a `slow-<ms>` wait.
    pub status: Option<u16>,
}

impl Recorded {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The names of the headers starting with `prefix` (lowercase).
    pub fn header_names_starting_with(&self, prefix: &str) -> Vec<&str> {
        self.headers.iter().map(|(n, _)| n.as_str()).filter(|n| n.starts_with(prefix)).collect()
    }

    /// The parts of a `multipart/form-data` body, in order; `None` when the body is not one.
    pub fn parts(&self) -> Option<Vec<Part>> {
        multipart::parse(self.header("content-type")?, &self.raw_body)
    }
}

/// An OpenAI-compatible provider on a free port of `127.0.0.1`; see the [module docs](self).
///
/// Dropping it stops the server (connections in flight are dropped).
pub struct MockProvider {
    name: String,
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MockProvider {
    /// Starts a provider named `name` (sent back as `x-mock-server`).
    pub fn start(name: &str) -> std::io::Result<MockProvider> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let shared = Arc::new(Shared { name: name.to_owned(), state: Mutex::default() });
        let (shutdown, shutdown_rx) = oneshot::channel();
        let thread = std::thread::Builder::new().name(format!("mock-provider-{name}-{}", addr.port())).spawn({
            let shared = Arc::clone(&shared);
            move || {
                runtime.block_on(serve(listener, shared, shutdown_rx));
                drop(runtime);
            }
        })?;
        Ok(MockProvider { name: name.to_owned(), addr, shared, shutdown: Some(shutdown), thread: Some(thread) })
    }

    /// The name given to [`start`](Self::start).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `http://127.0.0.1:PORT/v1`: the custom host to give the gateway.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Every request received since the start or the last [`reset`](Self::reset), in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().requests.clone()
    }

    /// Forgets the recorded requests and the `flaky-*` counters, and restarts the numbering.
    pub fn reset(&self) {
        let mut state = self.shared.lock();
        state.requests.clear();
        state.flaky.clear();
        state.seq = 0;
        state.files.clear();
        state.batches.clear();
    }
}

impl fmt::Debug for MockProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockProvider")
            .field("name", &self.name)
            .field("addr", &self.addr)
            .field("requests", &self.shared.lock().requests.len())
            .finish()
    }
}

impl Drop for MockProvider {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A deterministic pseudo-embedding of `text`: [`EMBEDDING_DIMENSIONS`] floats in `[-1, 1]`.
pub fn fake_embedding(text: &str) -> Vec<f64> {
    // FNV-1a, re-seeded per dimension.
    (0..EMBEDDING_DIMENSIONS as u64)
        .map(|i| {
            let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            for byte in text.bytes() {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
            let unit = (hash % 20_001) as f64 / 10_000.0 - 1.0;
            (unit * 10_000.0).round() / 10_000.0
        })
        .collect()
}

struct Shared {
    name: String,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    seq: u64,
    requests: Vec<Recorded>,
    /// Requests seen per `flaky-*` model.
    flaky: HashMap<String, u64>,
    /// Files uploaded (and batch outputs).
    files: data::Kept<data::StoredFile>,
    /// Batches created.
    batches: data::Kept<Value>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records a request; returns its sequence number.
    fn record(&self, mut request: Recorded) -> u64 {
        let mut state = self.lock();
        state.seq += 1;
        request.seq = state.seq;
        state.requests.push(request);
        state.seq
    }

    fn set_status(&self, seq: u64, status: u16) {
        if let Some(request) = self.lock().requests.iter_mut().find(|r| r.seq == seq) {
            request.status = Some(status);
        }
    }

    /// Counts one more request for a `flaky-*` model; returns how many came before it.
    fn flaky_count(&self, model: &str) -> u64 {
        let mut state = self.lock();
        let count = state.flaky.entry(model.to_owned()).or_default();
        *count += 1;
        *count - 1
    }
}

type Body = UnsyncBoxBody<Bytes, Infallible>;

async fn serve(listener: std::net::TcpListener, shared: Arc<Shared>, mut shutdown: oneshot::Receiver<()>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    let shared = Arc::clone(&shared);
                    tokio::spawn(async move {
                        let service = service_fn(move |request| handle(Arc::clone(&shared), request));
                        let _ = http1::Builder::new()
                            .timer(TokioTimer::new())
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
        }
    }
}

async fn handle(shared: Arc<Shared>, request: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    let (parts, body) = request.into_parts();
    let raw_body = body.collect().await.map(|c| c.to_bytes()).unwrap_or_default();
    let body = if raw_body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&raw_body).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&raw_body).into()))
    };
    let recorded = Recorded {
        seq: 0,
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect(),
        body,
        raw_body,
        status: None,
    };
    // Recorded before anything is answered, so a request is kept even if the caller hangs up.
    let seq = shared.record(recorded.clone());
    let reply = respond(&shared, &recorded).await;
    shared.set_status(seq, reply.status.as_u16());
    Ok(reply.into_response(&shared.name, seq))
}

/// What to answer, before the common headers.
struct Reply {
    status: StatusCode,
    headers: Vec<(&'static str, String)>,
    body: ReplyBody,
}

enum ReplyBody {
    Json(Value),
    /// Any bytes, with their content type.
    Bytes(&'static str, Bytes),
    /// Server-sent events, each already formatted (one body frame each).
    Sse(Vec<String>),
}

impl Reply {
    fn json(status: u16, value: Value) -> Reply {
        Reply {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
            headers: vec![],
            body: ReplyBody::Json(value),
        }
    }

    fn bytes(content_type: &'static str, bytes: impl Into<Bytes>) -> Reply {
        Reply { status: StatusCode::OK, headers: vec![], body: ReplyBody::Bytes(content_type, bytes.into()) }
    }

    fn sse(events: Vec<String>) -> Reply {
        Reply { status: StatusCode::OK, headers: vec![], body: ReplyBody::Sse(events) }
    }

    fn error(status: u16, message: &str, error_type: &str) -> Reply {
        let body =
            json!({"error": {"message": message, "type": error_type, "param": null, "code": status.to_string()}});
        let mut reply = Reply::json(status, body);
        if status == 429 {
            reply.headers.push(("retry-after", "1".to_owned()));
        }
        reply
    }

    fn into_response(self, name: &str, seq: u64) -> Response<Body> {
        let (content_type, body) = match self.body {
            ReplyBody::Json(value) => ("application/json", Full::new(Bytes::from(value.to_string())).boxed_unsync()),
            ReplyBody::Bytes(content_type, bytes) => (content_type, Full::new(bytes).boxed_unsync()),
            ReplyBody::Sse(events) => {
                let frames = events.into_iter().map(|e| Ok::<_, Infallible>(Frame::data(Bytes::from(e))));
                ("text/event-stream", StreamBody::new(futures_util::stream::iter(frames)).boxed_unsync())
            }
        };
        let mut response = Response::new(body);
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(http::header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if content_type == "text/event-stream" {
            headers.insert(http::header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
        if let Ok(name) = HeaderValue::from_str(name) {
            headers.insert("x-mock-server", name);
        }
        headers.insert("x-mock-seq", HeaderValue::from(seq));
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        }
        response
    }
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn data_event(value: &Value) -> String {
    format!("data: {value}\n\n")
}

/// An event named after the `type` of its data (`event: <type>`), as OpenAI sends the events
/// of the Responses API and of image streams.
fn named_event(value: &Value) -> String {
    format!("event: {}\ndata: {value}\n\n", value["type"].as_str().unwrap_or_default())
}

/// The text of the last user message (string content, or the text parts of array content).
fn last_user_text(messages: &Value) -> String {
    let Some(messages) = messages.as_array() else { return String::new() };
    messages
        .iter()
        .rev()
        .find(|m| m["role"] == "user")
        .map(|m| match &m["content"] {
            Value::String(text) => text.clone(),
            Value::Array(parts) => parts.iter().filter_map(|p| p["text"].as_str()).collect::<Vec<_>>().join(" "),
            _ => String::new(),
        })
        .unwrap_or_default()
}

/// Applies the model triggers: `Some(reply)` when the model asks for a failure.
async fn triggers(shared: &Shared, model: &str) -> Option<Reply> {
    if let Some(code) = model.strip_prefix("fail-").and_then(|c| c.parse::<u16>().ok()) {
        return Some(Reply::error(code, &format!("mock forced failure {code}"), "mock_error"));
    }
    if let Some((code, n)) = model.strip_prefix("flaky-").and_then(|rest| rest.split_once('-')) {
        if let (Ok(code), Ok(n)) = (code.parse::<u16>(), n.parse::<u64>()) {
            let before = shared.flaky_count(model);
            if before < n {
                return Some(Reply::error(code, &format!("mock flaky failure {}/{n}", before + 1), "mock_error"));
            }
        }
        return None;
    }
    if let Some(ms) = model.strip_prefix("slow-").and_then(|ms| ms.parse::<u64>().ok()) {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    None
}

async fn respond(shared: &Shared, request: &Recorded) -> Reply {
    let path = request.path.trim_end_matches('/');
    match request.method.as_str() {
        "GET" => {
            if let Some(reply) = data::get(shared, path, request.query.as_deref()) {
                return reply;
            }
            if let Some((rest, id)) = path.rsplit_once('/')
                && rest.ends_with("/models")
            {
                return Reply::json(200, json!({"id": id, "object": "model", "created": 0, "owned_by": shared.name}));
            }
            if path.ends_with("/models") {
                let data: Vec<Value> = MODELS
                    .iter()
                    .map(|id| json!({"id": id, "object": "model", "created": 0, "owned_by": shared.name}))
                    .collect();
                return Reply::json(200, json!({"object": "list", "data": data}));
            }
            Reply::error(404, &format!("mock: no GET route {}", request.path), "invalid_request_error")
        }
        "POST" => {
            // Multipart forms and bodiless calls first: their bodies are not JSON objects.
            if let Some(parts) = request.parts() {
                return if path.ends_with("/images/edits") {
                    media::image_edit(shared, &parts)
                } else if path.ends_with("/audio/transcriptions") {
                    media::transcription(&parts)
                } else if path.ends_with("/files") {
                    data::upload(shared, &parts)
                } else {
                    Reply::error(404, &format!("mock: no multipart route {}", request.path), "invalid_request_error")
                };
            }
            if let Some(reply) = data::post_without_body(shared, path) {
                return reply;
            }
            let body = &request.body;
            if !body.is_object() {
                return Reply::error(400, "mock: the body must be a JSON object", "invalid_request_error");
            }
            let reply = if path.ends_with("/chat/completions") {
                chat(shared, body).await
            } else if path.ends_with("/completions") {
                completions(shared, body).await
            } else if path.ends_with("/embeddings") {
                embeddings(shared, body).await
            } else if path.ends_with("/messages") {
                anthropic_messages(shared, body).await
            } else if path.ends_with("/responses") {
                responses::create(shared, body).await
            } else if path.ends_with("/images/generations") {
                media::image_generation(shared, body).await
            } else if path.ends_with("/audio/speech") {
                media::speech(shared, body).await
            } else if path.ends_with("/batches") {
                data::create_batch(shared, body)
            } else if path.ends_with("/moderations") {
                data::moderation(body)
            } else {
                Reply::error(404, &format!("mock: no POST route {}", request.path), "invalid_request_error")
            };
            broken_stream(path, model_of(body, ""), reply)
        }
        "DELETE" => data::delete(shared, path).unwrap_or_else(|| {
            Reply::error(404, &format!("mock: no DELETE route {}", request.path), "invalid_request_error")
        }),
        method => Reply::error(404, &format!("mock: no {method} route {}", request.path), "invalid_request_error"),
    }
}

/// The `stream-cut` and `stream-error` triggers: a stream that stops after its first piece of
/// text, cleanly or with the error event the provider behind `path` sends mid-stream.
fn broken_stream(path: &str, model: &str, mut reply: Reply) -> Reply {
    let ReplyBody::Sse(events) = &mut reply.body else { return reply };
    if model != "stream-cut" && model != "stream-error" {
        return reply;
    }
    // Chat and Responses: an opening event, then one with text; Messages: two opening events.
    events.truncate(if path.ends_with("/messages") { 3 } else { 2 });
    if model == "stream-error" {
        let message = "mock stream failure";
        events.push(if path.ends_with("/messages") {
            named_event(&json!({"type": "error", "error": {"type": "overloaded_error", "message": message}}))
        } else if path.ends_with("/responses") {
            named_event(&json!({"type": "error", "code": "server_error", "message": message, "param": null,
                                "sequence_number": 2}))
        } else {
            data_event(&json!({"error": {"message": message, "type": "server_error", "param": null, "code": null}}))
        });
    }
    reply
}

fn model_of<'a>(body: &'a Value, default: &'a str) -> &'a str {
    body["model"].as_str().unwrap_or(default)
}

async fn chat(shared: &Shared, body: &Value) -> Reply {
    let model = model_of(body, "gpt-4o-mini");
    if let Some(reply) = triggers(shared, model).await {
        return reply;
    }
    let text = format!("echo: {}", last_user_text(&body["messages"]));
    let words = text.split(' ').count();
    let id = format!("chatcmpl-{}", shared.name);
    let usage = json!({"prompt_tokens": 5, "completion_tokens": words, "total_tokens": 5 + words});
    if body["stream"] == true {
        let base = json!({"id": id, "object": "chat.completion.chunk", "created": now(), "model": model,
                          "system_fingerprint": shared.name});
        let chunk = |choices: Value| {
            let mut chunk = base.clone();
            chunk["choices"] = choices;
            chunk
        };
        let mut events = vec![data_event(&chunk(json!([{"index": 0, "delta": {"role": "assistant", "content": ""},
                                             "logprobs": null, "finish_reason": null}])))];
        for (i, word) in text.split(' ').enumerate() {
            let piece = if i == 0 { word.to_owned() } else { format!(" {word}") };
            events.push(data_event(&chunk(
                json!([{"index": 0, "delta": {"content": piece}, "logprobs": null, "finish_reason": null}]),
            )));
        }
        events.push(data_event(&chunk(json!([{"index": 0, "delta": {}, "logprobs": null, "finish_reason": "stop"}]))));
        if body["stream_options"]["include_usage"] == true {
            let mut last = chunk(json!([]));
            last["usage"] = usage;
            events.push(data_event(&last));
        }
        events.push("data: [DONE]\n\n".to_owned());
        return Reply::sse(events);
    }
    Reply::json(
        200,
        json!({
            "id": id, "object": "chat.completion", "created": now(), "model": model,
            "system_fingerprint": shared.name,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text, "refusal": null},
                         "logprobs": null, "finish_reason": "stop"}],
            "usage": usage,
        }),
    )
}

async fn completions(shared: &Shared, body: &Value) -> Reply {
    let model = model_of(body, "gpt-3.5-turbo-instruct");
    if let Some(reply) = triggers(shared, model).await {
        return reply;
    }
    let prompt = match &body["prompt"] {
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            items.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect::<Vec<_>>().join(" ")
        }
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let text = format!("echo: {prompt}");
    let id = format!("cmpl-{}", shared.name);
    if body["stream"] == true {
        let chunk = |text: &str, finish: Value| {
            json!({"id": id, "object": "text_completion", "created": now(), "model": model,
                   "choices": [{"index": 0, "text": text, "logprobs": null, "finish_reason": finish}]})
        };
        let mut events: Vec<String> = text
            .split(' ')
            .enumerate()
            .map(|(i, w)| data_event(&chunk(&if i == 0 { w.to_owned() } else { format!(" {w}") }, Value::Null)))
            .collect();
        events.push(data_event(&chunk("", json!("stop"))));
        events.push("data: [DONE]\n\n".to_owned());
        return Reply::sse(events);
    }
    let words = text.split(' ').count();
    Reply::json(
        200,
        json!({
            "id": id, "object": "text_completion", "created": now(), "model": model,
            "system_fingerprint": shared.name,
            "choices": [{"index": 0, "text": text, "logprobs": null, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 3, "completion_tokens": words, "total_tokens": 3 + words},
        }),
    )
}

async fn embeddings(shared: &Shared, body: &Value) -> Reply {
    let model = model_of(body, "text-embedding-3-small");
    if let Some(reply) = triggers(shared, model).await {
        return reply;
    }
    let inputs: Vec<String> = match &body["input"] {
        Value::Array(items) => items.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect(),
        Value::String(s) => vec![s.clone()],
        other => vec![other.to_string()],
    };
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(i, text)| json!({"object": "embedding", "index": i, "embedding": fake_embedding(text)}))
        .collect();
    Reply::json(
        200,
        json!({"object": "list", "model": model, "data": data,
               "usage": {"prompt_tokens": inputs.len(), "total_tokens": inputs.len()}}),
    )
}

async fn anthropic_messages(shared: &Shared, body: &Value) -> Reply {
    let model = model_of(body, "claude-mock");
    if let Some(reply) = triggers(shared, model).await {
        return reply;
    }
    let text = format!("echo: {}", last_user_text(&body["messages"]));
    let id = format!("msg_{}", shared.name);
    let output_tokens = text.split(' ').count();
    if body["stream"] == true {
        let event = |name: &str, value: Value| format!("event: {name}\ndata: {value}\n\n");
        return Reply::sse(vec![
            event(
                "message_start",
                json!({"type": "message_start", "message": {
                    "id": id, "type": "message", "role": "assistant", "model": model, "content": [],
                    "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 5, "output_tokens": 0}}}),
            ),
            event(
                "content_block_start",
                json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
            ),
            event(
                "content_block_delta",
                json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}}),
            ),
            event("content_block_stop", json!({"type": "content_block_stop", "index": 0})),
            event(
                "message_delta",
                json!({"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null},
                       "usage": {"output_tokens": output_tokens}}),
            ),
            event("message_stop", json!({"type": "message_stop"})),
        ]);
    }
    Reply::json(
        200,
        json!({"id": id, "type": "message", "role": "assistant", "model": model,
               "content": [{"type": "text", "text": text}], "stop_reason": "end_turn", "stop_sequence": null,
               "usage": {"input_tokens": 5, "output_tokens": output_tokens}}),
    )
}
