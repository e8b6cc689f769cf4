//! Wire conformance for every endpoint: each call the Python SDK made in
//! `tests/endpoints/wire.json` (`conformance/capture_endpoints.py`: every resource method driven
//! with representative arguments against a capture server) is replayed with the async and the
//! blocking client against a `MockGateway`, through the endpoint's `ENDPOINT_TABLE` entry and
//! the same support functions the generated methods call. Method, path, query, headers (less
//! user-agent-like ones), and the JSON body or the multipart parts (names, file names, content
//! types, bytes) must be what the SDK sent. Helpers (written by hand, or left out) are skipped, by
//! name: `polling.rs` checks the helpers' request sequences.

use std::path::PathBuf;

mod support;

use base64::Engine;
use futures_util::StreamExt;
use portkey::__private::endpoint::{self, Payload};
use portkey::endpoints::{BodyKind, ENDPOINT_TABLE, EndpointInfo, LEFT_OUT, LOCAL_METHODS, ReplyKind};
use portkey::testing::{MockGateway, MockReply, RecordedRequest};
use portkey::{AsyncPortkey, FilePart, Multipart, Portkey, RequestOptions};
use serde_json::{Value, json};
use support::wire::request_diffs;

fn capture() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("endpoints").join("wire.json");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .expect("wire.json is JSON")
}

fn b64(text: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(text.as_str().unwrap_or_default()).expect("base64")
}

/// Where the replays' files are written: the SDK read them from disk (which is also what makes
/// it measure an audio file's duration), so the replays upload them from paths too.
fn files_dir() -> PathBuf {
    // One per test thread: the two flavors' tests run at once.
    let thread = format!("{:?}", std::thread::current().id()).replace(|c: char| !c.is_ascii_alphanumeric(), "");
    let dir = std::env::temp_dir().join(format!("portkey-endpoint-wire-{}-{thread}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    dir
}

/// The case's multipart parts as a form, in the SDK's order; files are uploaded from paths.
fn form(parts: &Value) -> Multipart {
    let mut form = Multipart::new();
    for part in parts.as_array().expect("parts") {
        let name = part["name"].as_str().expect("name");
        form = match (&part["filename"], &part["value"]) {
            (Value::String(filename), _) => {
                let path = files_dir().join(filename);
                std::fs::write(&path, b64(&part["data_b64"])).expect("write the file");
                let mut file = FilePart::path(path);
                if let Some(ct) = part["content_type"].as_str() {
                    file = file.content_type(ct);
                }
                form.file(name, file)
            }
            (_, Value::String(value)) => match part["content_type"].as_str() {
                Some(ct) => form.field(name, value.clone(), ct),
                None => form.text(name, value.clone()),
            },
            _ => panic!("part {part}"),
        };
    }
    form
}

/// Whether the case asks for server-sent events (in the body, the query or the form).
fn streams(call: &Value) -> bool {
    call["body"]["stream"] == Value::Bool(true)
        || call["query"].as_array().is_some_and(|q| q.iter().any(|p| p[0] == "stream" && p[1] == "true"))
        || call["multipart"].as_array().is_some_and(|m| m.iter().any(|p| p["name"] == "stream" && p["value"] == "true"))
}

/// What one replay produced: the reply's body or first item, to show the client read it.
type Outcome = Result<Value, portkey::Error>;

/// How a case's reply is read.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Json,
    JsonOrText,
    Empty,
    Bytes,
    Jsonl,
    Sse,
}

/// One replay: the endpoint, its path parameters, payload and per-call options, and how to
/// read the reply.
struct Replay {
    info: &'static EndpointInfo,
    params: Vec<String>,
    payload: Payload,
    options: RequestOptions,
    kind: Kind,
}

impl Replay {
    /// Prepares `call` and queues a reply of the right kind on `gateway`.
    fn new(info: &'static EndpointInfo, call: &Value, gateway: &MockGateway) -> Self {
        let params = call["path_params"].as_array().expect("path_params");
        let params = params.iter().map(|p| p[1].as_str().unwrap().to_string()).collect();
        let mut options = RequestOptions::new();
        for pair in call["query"].as_array().expect("query") {
            options = options.query(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        }
        let payload = match info.body {
            BodyKind::None => Payload::None,
            BodyKind::Json => Payload::json(&call["body"]),
            BodyKind::EmptyJson => Payload::empty_json(),
            // A JSON body where the schema has a form (see KNOWN_DIFFERENCES): its fields as text.
            BodyKind::Multipart if call["multipart"].is_null() => {
                let fields = call["body"].as_object().expect("a body");
                Payload::Multipart(
                    fields.iter().fold(Multipart::new(), |f, (k, v)| f.text(k, v.as_str().unwrap_or_default())),
                )
            }
            BodyKind::Multipart => Payload::Multipart(form(&call["multipart"])),
            BodyKind::Bytes => Payload::Bytes(b64(&call["raw_body_b64"]).into()),
        };
        let (kind, reply) = match info.reply {
            _ if streams(call) => (Kind::Sse, MockReply::sse([r#"{"id":"e1"}"#])),
            ReplyKind::Json => (Kind::Json, MockReply::json(200, json!({"id": "x", "object": "list", "data": []}))),
            ReplyKind::JsonOrText => (Kind::JsonOrText, MockReply::json(200, json!({"text": "x"}))),
            ReplyKind::Empty => (Kind::Empty, MockReply::json(200, json!({}))),
            ReplyKind::Bytes => {
                (Kind::Bytes, MockReply::bytes(200, "application/octet-stream", &b"\x00\x01binary"[..]))
            }
            ReplyKind::Jsonl => (Kind::Jsonl, MockReply::bytes(200, "application/jsonl", "{\"custom_id\":\"a\"}\n")),
        };
        gateway.enqueue(reply);
        Replay { info, params, payload, options, kind }
    }
}

fn replay_async(client: &AsyncPortkey, rt: &tokio::runtime::Runtime, r: Replay) -> Outcome {
    let params: Vec<&str> = r.params.iter().map(String::as_str).collect();
    let (info, payload, options) = (r.info, r.payload, r.options);
    rt.block_on(async {
        match r.kind {
            Kind::Json => endpoint::json::<_, Value>(client, info, &params, payload, options).await.map(|r| r.body),
            Kind::JsonOrText => {
                endpoint::json_or_text::<_, Value>(client, info, &params, payload, options).await.map(|r| r.body)
            }
            Kind::Empty => endpoint::empty(client, info, &params, payload, options).await.map(|_| Value::Null),
            Kind::Bytes => {
                let download = endpoint::download(client, info, &params, payload, options).await?;
                download.bytes().await.map(|b| Value::from(b.len()))
            }
            Kind::Jsonl => {
                let mut records = endpoint::jsonl::<_, Value>(client, info, &params, payload, options).await?;
                records.next().await.unwrap_or(Ok(Value::Null))
            }
            Kind::Sse => {
                let mut events = endpoint::sse::<_, Value>(client, info, &params, payload, options).await?;
                events.next().await.unwrap_or(Ok(Value::Null))
            }
        }
    })
}

fn replay_blocking(client: &Portkey, r: Replay) -> Outcome {
    let params: Vec<&str> = r.params.iter().map(String::as_str).collect();
    let (info, payload, options) = (r.info, r.payload, r.options);
    match r.kind {
        Kind::Json => endpoint::json::<_, Value>(client, info, &params, payload, options).map(|r| r.body),
        Kind::JsonOrText => endpoint::json_or_text::<_, Value>(client, info, &params, payload, options).map(|r| r.body),
        Kind::Empty => endpoint::empty(client, info, &params, payload, options).map(|_| Value::Null),
        Kind::Bytes => {
            endpoint::download(client, info, &params, payload, options)?.bytes().map(|b| Value::from(b.len()))
        }
        Kind::Jsonl => {
            endpoint::jsonl::<_, Value>(client, info, &params, payload, options)?.next().unwrap_or(Ok(Value::Null))
        }
        Kind::Sse => {
            endpoint::sse::<_, Value>(client, info, &params, payload, options)?.next().unwrap_or(Ok(Value::Null))
        }
    }
}

/// The parts of a `multipart/form-data` body: name, file name, content type, bytes.
fn parts(got: &RecordedRequest) -> Vec<Value> {
    let content_type = got.header("content-type").unwrap_or_default();
    let Some(boundary) = content_type.split("boundary=").nth(1) else { return Vec::new() };
    let delimiter = format!("--{}", boundary.trim_matches('"'));
    let body = got.body.as_ref();
    let mut out = Vec::new();
    let positions: Vec<usize> = find_all(body, delimiter.as_bytes());
    for pair in positions.windows(2) {
        let chunk = &body[pair[0] + delimiter.len()..pair[1]];
        let chunk = chunk.strip_prefix(b"\r\n").unwrap_or(chunk);
        let chunk = chunk.strip_suffix(b"\r\n").unwrap_or(chunk);
        let split = find_all(chunk, b"\r\n\r\n")[0];
        let head = String::from_utf8_lossy(&chunk[..split]).to_string();
        let data = &chunk[split + 4..];
        let mut part = serde_json::Map::new();
        for line in head.split("\r\n") {
            let (key, value) = line.split_once(": ").unwrap_or_default();
            if key.eq_ignore_ascii_case("content-disposition") {
                for attr in value.split("; ").skip(1) {
                    let (k, v) = attr.split_once('=').unwrap_or_default();
                    part.insert(k.to_string(), Value::from(v.trim_matches('"')));
                }
            } else if key.eq_ignore_ascii_case("content-type") {
                part.insert("content_type".into(), Value::from(value));
            }
        }
        if part.contains_key("filename") {
            part.insert("data_b64".into(), Value::from(base64::engine::general_purpose::STANDARD.encode(data)));
        } else {
            part.insert("value".into(), Value::from(String::from_utf8_lossy(data).to_string()));
        }
        out.push(Value::Object(part));
    }
    out
}

fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    (0..haystack.len().saturating_sub(needle.len() - 1)).filter(|&i| haystack[i..].starts_with(needle)).collect()
}

/// A multipart part as the capture records it (`content_type` null when absent).
fn normalized(part: &Value) -> Value {
    let mut part = part.as_object().cloned().unwrap_or_default();
    part.entry("content_type").or_insert(Value::Null);
    Value::Object(part)
}

/// What differs between the recorded request and the SDK's.
fn compare(want: &Value, got: &RecordedRequest, ignored: &[String]) -> Vec<String> {
    let mut diffs = request_diffs(want, got, ignored);
    if let Some(want_parts) = want["multipart"].as_array() {
        let want_parts: Vec<Value> = want_parts.iter().map(normalized).collect();
        let got_parts: Vec<Value> = parts(got).iter().map(normalized).collect();
        if got_parts != want_parts {
            diffs.push(format!("multipart {} != {}", Value::from(got_parts), Value::from(want_parts)));
        }
    } else if got.json().unwrap_or(Value::Null) != want["body"] {
        diffs.push(format!("body {} != {}", got.json().unwrap_or_default(), want["body"]));
    }
    diffs
}

/// Cases where portkey-rs deliberately sends something else (README, "Where Rust differs from
/// the SDK"). Each must still differ, so the list cannot go stale.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[(
    "containers.files.create (file_id)",
    "the SDK sends JSON when given a file id and a form when given a file; the schema declares the form, \
     which the API also takes with a `file_id` field",
)];

/// Replays every case with `run` against one gateway; fails listing every case that differs.
fn check_all(label: &str, gateway: &MockGateway, run: &dyn Fn(Replay) -> Outcome) {
    let doc = capture();
    let ignored: Vec<String> =
        doc["ignored_headers"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    let (mut replayed, mut skipped, mut failures) = (0, Vec::new(), Vec::new());
    for case in doc["cases"].as_array().expect("cases") {
        let (name, method) = (case["name"].as_str().unwrap(), case["method"].as_str().unwrap());
        let Some(info) = ENDPOINT_TABLE.iter().find(|e| e.name == method) else {
            // Hand-written helpers have their own tests (polling.rs, webhooks.rs).
            let known = LEFT_OUT.iter().chain(LOCAL_METHODS).any(|(n, _)| *n == method);
            assert!(known, "{name}: neither declared, written by hand nor left out");
            skipped.push(name.to_string());
            continue;
        };
        gateway.clear();
        let outcome = run(Replay::new(info, &case["call"], gateway));
        let requests = gateway.requests();
        let mut diffs = match requests.as_slice() {
            [one] => compare(&case["expect"], one, &ignored),
            other => vec![format!("{} requests", other.len())],
        };
        if let Err(e) = &outcome {
            diffs.push(format!("the call failed: {e}"));
        }
        if let Some((_, why)) = KNOWN_DIFFERENCES.iter().find(|(n, _)| *n == name) {
            assert!(!diffs.is_empty(), "{name} is listed as a known difference ({why}) but matches the SDK now");
            skipped.push(name.to_string());
        } else if diffs.is_empty() {
            replayed += 1;
        } else {
            failures.push(format!("{name}:\n    {}", diffs.join("\n    ")));
        }
    }
    eprintln!(
        "{label}: {replayed} cases replayed, {} skipped (left out, known differences): {skipped:?}",
        skipped.len()
    );
    let total = replayed + failures.len();
    assert!(failures.is_empty(), "{label}: {} of {total} cases differ:\n{}", failures.len(), failures.join("\n"));
    assert!(replayed > 300, "{label}: only {replayed} cases replayed");
}

fn builder<C>(url: &str) -> portkey::ClientBuilder<C> {
    let mut options = portkey::Options::sdk_defaults();
    options.base_url = Some(url.into());
    portkey::ClientBuilder::from_options(options).api_key("pk-test").virtual_key("vk-test")
}

#[test]
fn every_endpoint_sends_what_the_sdk_sends_async() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let gateway = MockGateway::start().expect("mock gateway");
    let client = builder::<AsyncPortkey>(&gateway.url()).build_with_env(&|_| None).unwrap();
    check_all("async", &gateway, &|r| replay_async(&client, &rt, r));
}

#[test]
fn every_endpoint_sends_what_the_sdk_sends_blocking() {
    let gateway = MockGateway::start().expect("mock gateway");
    let client = builder::<Portkey>(&gateway.url()).build_with_env(&|_| None).unwrap();
    check_all("blocking", &gateway, &|r| replay_blocking(&client, r));
}

/// Either client, for the typed replays.
enum Typed {
    Async(AsyncPortkey, tokio::runtime::Runtime),
    Blocking(Portkey),
}

/// Makes the call with either client (awaited, or called directly); the reply is dropped.
macro_rules! send {
    ($client:expr, |$c:ident| $call:expr) => {
        match $client {
            Typed::Async($c, rt) => rt.block_on(async { $call.await.map(drop) }),
            Typed::Blocking($c) => $call.map(drop),
        }
    };
}

/// The captured image and audio calls made with the typed requests of `portkey::types` and the
/// generated methods: each must send what the SDK sent (JSON body, or every multipart part in
/// order), as the untyped replays above do.
fn check_typed(client: &Typed, gateway: &MockGateway) {
    use portkey::types::{
        ImageEditRequest, ImageGenerateRequest, ImageVariationRequest, SpeechRequest, TranscriptionFormat,
        TranscriptionRequest, TranslationRequest,
    };
    let doc = capture();
    let ignored: Vec<String> =
        doc["ignored_headers"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    let png = b64(&json!("iVBORw0KGgoAAAANSUhEUg=="));
    let dir = files_dir();
    std::fs::write(dir.join("image.png"), &png).unwrap();
    std::fs::write(dir.join("mask.png"), b64(&json!("iVBORw0KGgoAAAANTUFTSw=="))).unwrap();
    let wav = "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==";
    std::fs::write(dir.join("speech.wav"), b64(&json!(wav))).unwrap();
    let file = |name: &str| FilePart::path(dir.join(name));
    let images = || MockReply::json(200, json!({"created": 1, "data": []}));
    let transcript = || MockReply::json(200, json!({"text": "x"}));
    let events = || MockReply::sse([r#"{"type":"x"}"#]);
    let mut failures = Vec::new();
    let cases = [
        "images.create_variation",
        "images.edit",
        "images.edit (several images)",
        "images.edit (stream)",
        "images.generate",
        "images.generate (stream)",
        "audio.speech.create",
        "audio.transcriptions.create",
        "audio.transcriptions.create (stream)",
        "audio.translations.create",
    ];
    for name in cases {
        gateway.clear();
        let outcome: Result<(), portkey::Error> = match name {
            "images.create_variation" => {
                gateway.enqueue(images());
                let request = ImageVariationRequest::new(file("image.png")).n(1).size("256x256").model("dall-e-2");
                send!(client, |c| c.images().create_variation(request))
            }
            "images.edit" => {
                gateway.enqueue(images());
                let request =
                    ImageEditRequest::new(file("image.png"), "add a hat").model("gpt-image-1").size("1024x1024");
                send!(client, |c| c.images().edit(request))
            }
            "images.edit (several images)" => {
                gateway.enqueue(images());
                let request = ImageEditRequest::new([file("image.png"), file("mask.png")], "combine them")
                    .model("gpt-image-1")
                    .mask(file("mask.png"));
                send!(client, |c| c.images().edit(request))
            }
            "images.edit (stream)" => {
                gateway.enqueue(events());
                let request =
                    ImageEditRequest::new(file("image.png"), "add a hat").model("gpt-image-1").partial_images(1);
                send!(client, |c| c.images().edit_stream(request))
            }
            "images.generate" => {
                gateway.enqueue(images());
                let request =
                    ImageGenerateRequest::new("a cat").model("gpt-image-1").size("1024x1024").n(1).quality("low");
                send!(client, |c| c.images().generate(request))
            }
            "images.generate (stream)" => {
                gateway.enqueue(events());
                let request = ImageGenerateRequest::new("a cat").model("gpt-image-1").partial_images(1);
                send!(client, |c| c.images().generate_stream(request))
            }
            "audio.speech.create" => {
                gateway.enqueue(MockReply::bytes(200, "audio/mpeg", &b"ID3"[..]));
                let request = SpeechRequest::new("tts-1", "Hello!", "alloy").response_format("mp3").speed(1.25);
                send!(client, |c| c.audio().speech().create(request))
            }
            "audio.transcriptions.create" => {
                gateway.enqueue(transcript());
                let request = TranscriptionRequest::new(file("speech.wav"), "whisper-1")
                    .language("en")
                    .response_format(TranscriptionFormat::Json)
                    .temperature(0.0);
                send!(client, |c| c.audio().transcriptions().create(request))
            }
            "audio.transcriptions.create (stream)" => {
                gateway.enqueue(events());
                let request = TranscriptionRequest::new(file("speech.wav"), "gpt-4o-mini-transcribe");
                send!(client, |c| c.audio().transcriptions().create_stream(request))
            }
            "audio.translations.create" => {
                gateway.enqueue(transcript());
                let request =
                    TranslationRequest::new(file("speech.wav"), "whisper-1").prompt("context").temperature(0.0);
                send!(client, |c| c.audio().translations().create(request))
            }
            other => panic!("no typed replay for {other}"),
        };
        let case = doc["cases"].as_array().unwrap().iter().find(|c| c["name"] == name).expect("a captured case");
        let diffs = replay_diffs(case, gateway, &ignored, outcome);
        if !diffs.is_empty() {
            failures.push(format!("{name}:\n    {}", diffs.join("\n    ")));
        }
    }
    assert!(failures.is_empty(), "typed requests differ from the SDK's:\n{}", failures.join("\n"));
}

#[test]
fn typed_media_requests_send_what_the_sdk_sends() {
    let gateway = MockGateway::start().expect("mock gateway");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = builder::<AsyncPortkey>(&gateway.url()).build_with_env(&|_| None).unwrap();
    check_typed(&Typed::Async(client, rt), &gateway);
    let client = builder::<Portkey>(&gateway.url()).build_with_env(&|_| None).unwrap();
    check_typed(&Typed::Blocking(client), &gateway);
}

// Every captured call of an endpoint with typed parameters, made through its typed public
// method: `typed_replay` (generated from the same schemas as the methods) reads the captured
// JSON body as the endpoint's request type and the query pairs as its query type.
portkey_macros::portkey_endpoint_replays!("../../schema/types.json");

/// A captured query parameter as the query type's field reads it: text, a number, a boolean,
/// a list (`name[]`, repeated) or an object (`name[key]`).
fn query_field(pairs: &[(String, String)], name: &str, kind: &str) -> Option<Value> {
    let one = || pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    match kind {
        "integer" => one().map(|v| v.parse::<i64>().map_or(Value::String(v), Value::from)),
        "number" => one().map(|v| v.parse::<f64>().map_or(Value::String(v), Value::from)),
        "bool" => one().map(|v| Value::Bool(v == "true")),
        "list" => {
            let key = format!("{name}[]");
            let items: Vec<Value> =
                pairs.iter().filter(|(k, _)| *k == key || k == name).map(|(_, v)| Value::from(v.clone())).collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        "map" => {
            let prefix = format!("{name}[");
            let entries: serde_json::Map<String, Value> = pairs
                .iter()
                .filter_map(|(k, v)| {
                    Some((k.strip_prefix(&prefix)?.strip_suffix(']')?.to_string(), Value::from(v.clone())))
                })
                .collect();
            (!entries.is_empty()).then_some(Value::Object(entries))
        }
        _ => one().map(Value::String),
    }
}

/// How the one request a typed replay made differs from the SDK's capture of `case` (and
/// whether the call failed): empty when they agree.
fn replay_diffs<T, E: std::fmt::Display>(
    case: &Value,
    gateway: &MockGateway,
    ignored: &[String],
    outcome: Result<T, E>,
) -> Vec<String> {
    let requests = gateway.requests();
    let mut diffs = match requests.as_slice() {
        [one] => compare(&case["expect"], one, ignored),
        other => vec![format!("{} requests", other.len())],
    };
    if let Err(e) = outcome {
        diffs.push(format!("the call failed: {e}"));
    }
    diffs
}

fn check_typed_all(client: &Typed, gateway: &MockGateway) -> usize {
    let doc = capture();
    let ignored: Vec<String> =
        doc["ignored_headers"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    let (mut replayed, mut failures) = (0, Vec::new());
    for case in doc["cases"].as_array().expect("cases") {
        let (name, method) = (case["name"].as_str().unwrap(), case["method"].as_str().unwrap());
        let Some(info) = ENDPOINT_TABLE.iter().find(|e| e.name == method) else { continue };
        if KNOWN_DIFFERENCES.iter().any(|(n, _)| *n == name) || !TYPED_ENDPOINTS.contains(&method) {
            continue;
        }
        gateway.clear();
        // The same reply the untyped replay gets.
        drop(Replay::new(info, &case["call"], gateway));
        let Some(outcome) = typed_replay(client, method, &case["call"]) else { continue };
        let diffs = replay_diffs(case, gateway, &ignored, outcome);
        if diffs.is_empty() {
            replayed += 1;
        } else {
            failures.push(format!("{name}:\n    {}", diffs.join("\n    ")));
        }
    }
    assert!(failures.is_empty(), "{} typed replays differ:\n{}", failures.len(), failures.join("\n"));
    replayed
}

#[test]
fn every_typed_endpoint_sends_what_the_sdk_sends_through_its_typed_method() {
    let gateway = MockGateway::start().expect("mock gateway");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = builder::<AsyncPortkey>(&gateway.url()).build_with_env(&|_| None).unwrap();
    let async_count = check_typed_all(&Typed::Async(client, rt), &gateway);
    let client = builder::<Portkey>(&gateway.url()).build_with_env(&|_| None).unwrap();
    let blocking_count = check_typed_all(&Typed::Blocking(client), &gateway);
    eprintln!("typed replays: {async_count} async, {blocking_count} blocking");
    assert_eq!(async_count, blocking_count);
    assert!(async_count >= 200, "only {async_count} cases replayed through typed methods");
}
