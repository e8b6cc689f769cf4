//! The default behaviour: what the gateway and an OpenAI-compatible provider would answer.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode};
use serde_json::{Value, json};

use super::RecordedRequest;
use super::reply::sse_event;
use super::server::{Body, frames_body, full_body};

/// The `created` timestamp of every generated object.
const CREATED: u64 = 1_700_000_000;

/// What the default behaviour answers, before the common headers are added.
enum Outcome {
    Json(StatusCode, Value),
    /// Server-sent events, each already formatted.
    Sse(Vec<String>),
}

/// Answers `request`, the request number `seq`, like the gateway would.
pub(super) async fn respond(request: &RecordedRequest, seq: u64) -> Response<Body> {
    let (content_type, body) = match outcome(request, seq).await {
        Outcome::Json(status, value) => {
            let mut response = Response::new(full_body(Bytes::from(value.to_string())));
            *response.status_mut() = status;
            ("application/json", response)
        }
        Outcome::Sse(events) => {
            let frames = events.into_iter().map(Bytes::from).collect();
            ("text/event-stream", Response::new(frames_body(frames, None)))
        }
    };
    let mut response = body;
    let headers = response.headers_mut();
    headers.insert(http::header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if content_type == "text/event-stream" {
        headers.insert(http::header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    let echoed = |name: &str, default: &'static str| {
        request.header(name).and_then(|v| HeaderValue::from_str(v).ok()).unwrap_or(HeaderValue::from_static(default))
    };
    headers.insert("x-portkey-trace-id", echoed("x-portkey-trace-id", ""));
    headers.insert("x-portkey-last-used-option-index", HeaderValue::from_static("config"));
    headers.insert("x-portkey-retry-attempt-count", HeaderValue::from_static("0"));
    headers.insert("x-portkey-cache-status", HeaderValue::from_static("DISABLED"));
    headers.insert("x-portkey-provider", echoed("x-portkey-provider", "openai"));
    headers.insert("x-mock-seq", HeaderValue::from(seq));
    response
}

async fn outcome(request: &RecordedRequest, seq: u64) -> Outcome {
    let method = request.method.as_str();
    if method == "POST"
        && let Some(content_type) = request.header("content-type")
        && !content_type.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/json")
    {
        return Outcome::Json(
            StatusCode::BAD_REQUEST,
            json!({"status": "failure", "message": "Invalid content type passed"}),
        );
    }
    let path = request.path.as_str();
    let route = path.strip_prefix("/v1").filter(|rest| rest.is_empty() || rest.starts_with('/')).unwrap_or(path);
    match (method, route) {
        ("POST", "/chat/completions") => with_body(request, |body| generate(body, seq, Kind::Chat)).await,
        ("POST", "/completions") => with_body(request, |body| generate(body, seq, Kind::Completion)).await,
        ("POST", "/embeddings") => with_body(request, embeddings).await,
        ("GET", "/models") => Outcome::Json(
            StatusCode::OK,
            json!({"object": "list", "data": [
                {"id": "gpt-4o-mini", "object": "model", "created": CREATED, "owned_by": "openai"},
                {"id": "claude-3-5-sonnet", "object": "model", "created": CREATED, "owned_by": "anthropic"},
            ]}),
        ),
        ("GET", route) if route.strip_prefix("/models/").is_some_and(|id| !id.is_empty()) => {
            let id = &route["/models/".len()..];
            Outcome::Json(StatusCode::OK, json!({"id": id, "object": "model", "created": CREATED, "owned_by": "mock"}))
        }
        ("POST", "/feedback") => Outcome::Json(
            StatusCode::OK,
            json!({"status": "success", "message": "feedback created", "feedback_ids": [format!("fb-mock-{seq}")]}),
        ),
        _ => Outcome::Json(
            StatusCode::NOT_FOUND,
            openai_error(&format!("mock gateway: no route for {method} {path}"), "not_found", Value::Null),
        ),
    }
}

fn openai_error(message: &str, kind: &str, code: Value) -> Value {
    json!({"error": {"message": message, "type": kind, "param": null, "code": code}})
}

/// Parses the JSON body, applies the model triggers, then answers with `answer`.
async fn with_body(request: &RecordedRequest, answer: impl FnOnce(&Value) -> Outcome) -> Outcome {
    let body = match serde_json::from_slice::<Value>(&request.body) {
        Ok(body @ Value::Object(_)) => body,
        Ok(_) => {
            let error = openai_error(
                "mock gateway: the request body is not a JSON object",
                "invalid_request_error",
                Value::Null,
            );
            return Outcome::Json(StatusCode::BAD_REQUEST, error);
        }
        Err(e) => {
            let message = format!("mock gateway: the request body is not valid JSON: {e}");
            return Outcome::Json(
                StatusCode::BAD_REQUEST,
                openai_error(&message, "invalid_request_error", Value::Null),
            );
        }
    };
    let model = body["model"].as_str().unwrap_or("");
    if let Some(status) = model.strip_prefix("fail-").and_then(|code| code.parse::<u16>().ok())
        && let Ok(status) = StatusCode::from_u16(status)
    {
        let code = status.as_u16().to_string();
        let mut error = openai_error(&format!("mock forced failure {code}"), "mock_error", Value::String(code));
        error["provider"] = json!("openai");
        return Outcome::Json(status, error);
    }
    if let Some(ms) = model.strip_prefix("slow-").and_then(|ms| ms.parse::<u64>().ok()) {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    answer(&body)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Chat,
    Completion,
}

/// Chat completions and (legacy) completions: echo the input, as JSON or as a stream.
fn generate(body: &Value, seq: u64, kind: Kind) -> Outcome {
    let model = body["model"].clone();
    let model = if model.is_null() { json!("") } else { model };
    // The texts to echo (one per choice) and the number of prompt words.
    let (inputs, prompt_tokens) = match kind {
        Kind::Chat => {
            let messages = body["messages"].as_array().map(Vec::as_slice).unwrap_or_default();
            let prompt_tokens = messages.iter().map(|m| words(&content_text(&m["content"]))).sum::<usize>();
            let last_user = messages.iter().rev().find(|m| m["role"] == "user").map(|m| content_text(&m["content"]));
            (vec![last_user.unwrap_or_default()], prompt_tokens)
        }
        Kind::Completion => {
            let prompts = texts(&body["prompt"]);
            let prompt_tokens = prompts.iter().map(|p| words(p)).sum();
            (if prompts.is_empty() { vec![String::new()] } else { prompts }, prompt_tokens)
        }
    };
    let replies: Vec<String> = inputs.iter().map(|input| format!("echo: {input}")).collect();
    let completion_tokens = replies.iter().map(|r| words(r)).sum::<usize>();
    let usage = json!({
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    });
    let (id, object, chunk_object) = match kind {
        Kind::Chat => (format!("chatcmpl-mock-{seq}"), "chat.completion", "chat.completion.chunk"),
        Kind::Completion => (format!("cmpl-mock-{seq}"), "text_completion", "text_completion"),
    };
    let choice = |index: usize, delta: Value, finish_reason: Value| match kind {
        Kind::Chat => json!({"index": index, "delta": delta, "logprobs": null, "finish_reason": finish_reason}),
        Kind::Completion => {
            json!({"text": delta, "index": index, "logprobs": null, "finish_reason": finish_reason})
        }
    };

    if body["stream"] != json!(true) {
        let choices: Vec<Value> = replies
            .iter()
            .enumerate()
            .map(|(index, reply)| match kind {
                Kind::Chat => json!({
                    "index": index,
                    "message": {"role": "assistant", "content": reply},
                    "logprobs": null,
                    "finish_reason": "stop",
                }),
                Kind::Completion => choice(index, json!(reply), json!("stop")),
            })
            .collect();
        return Outcome::Json(
            StatusCode::OK,
            json!({"id": id, "object": object, "created": CREATED, "model": model, "choices": choices, "usage": usage}),
        );
    }

    let chunk = |choices: Vec<Value>| {
        sse_event(
            &json!({"id": id, "object": chunk_object, "created": CREATED, "model": model, "choices": choices})
                .to_string(),
        )
    };
    let mut events = Vec::new();
    for (index, reply) in replies.iter().enumerate() {
        if kind == Kind::Chat {
            events.push(chunk(vec![choice(index, json!({"role": "assistant", "content": ""}), Value::Null)]));
        }
        for piece in pieces(reply) {
            let delta = match kind {
                Kind::Chat => json!({"content": piece}),
                Kind::Completion => json!(piece),
            };
            events.push(chunk(vec![choice(index, delta, Value::Null)]));
        }
        let delta = match kind {
            Kind::Chat => json!({}),
            Kind::Completion => json!(""),
        };
        events.push(chunk(vec![choice(index, delta, json!("stop"))]));
    }
    if body["stream_options"]["include_usage"] == json!(true) {
        let usage_chunk = json!({"id": id, "object": chunk_object, "created": CREATED, "model": model, "choices": [], "usage": usage});
        events.push(sse_event(&usage_chunk.to_string()));
    }
    events.push(sse_event("[DONE]"));
    Outcome::Sse(events)
}

/// Embeddings: eight deterministic floats per input text.
fn embeddings(body: &Value) -> Outcome {
    let inputs = texts(&body["input"]);
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(index, text)| json!({"object": "embedding", "index": index, "embedding": embedding(text)}))
        .collect();
    let tokens = inputs.iter().map(|t| words(t)).sum::<usize>();
    Outcome::Json(
        StatusCode::OK,
        json!({
            "object": "list",
            "data": data,
            "model": body["model"],
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        }),
    )
}

/// Eight floats in `[-1, 1]` derived from `text` (FNV-1a, then splitmix64), rounded to 6 decimals.
pub(super) fn embedding(text: &str) -> Vec<f64> {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (0..8u64)
        .map(|i| {
            let mut z = hash.wrapping_add(0x9e37_79b9_7f4a_7c15_u64.wrapping_mul(i + 1));
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            let unit = (z >> 11) as f64 / (1u64 << 53) as f64;
            ((unit * 2.0 - 1.0) * 1e6).round() / 1e6
        })
        .collect()
}

/// The texts of an `input` or `prompt` field: a string, or an array of strings (other items are
/// taken as their JSON text).
fn texts(value: &Value) -> Vec<String> {
    match value {
        Value::Null => Vec::new(),
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => {
            items.iter().map(|item| item.as_str().map_or_else(|| item.to_string(), str::to_owned)).collect()
        }
        other => vec![other.to_string()],
    }
}

/// The text of a chat message `content`: a string, or the `text` of its parts joined by spaces.
fn content_text(content: &Value) -> String {
    match content {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts.iter().filter_map(|part| part["text"].as_str()).collect::<Vec<_>>().join(" "),
        _ => String::new(),
    }
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Splits `text` into stream pieces: the first word, then each following word with the
/// whitespace before it (trailing whitespace goes with the last piece). The pieces concatenate
/// back to `text` exactly.
pub(super) fn pieces(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut seen_word = false;
    let mut space_start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            space_start.get_or_insert(i);
        } else {
            if let Some(space) = space_start.take()
                && seen_word
            {
                pieces.push(&text[start..space]);
                start = space;
            }
            seen_word = true;
        }
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}
