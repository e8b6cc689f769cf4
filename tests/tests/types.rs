//! The generated types (`portkey::types`) against their declarations:
//!
//! - `tests/types/surface.txt`, every generated type with its fields, is what the build
//!   generates (`UPDATE_SNAPSHOTS=1 cargo test -p portkey-tests --test types` rewrites it after a
//!   schema edit, so the edit shows up as a reviewable diff);
//! - every request and response example of OpenAI's spec for an endpoint decodes into the
//!   endpoint's type and writes back the same JSON;
//! - decoding random JSON into any generated type never panics, and whatever decodes writes
//!   back to JSON that decodes to the same value again. The values are random JSON, with object
//!   keys and strings drawn mostly from the names the types know, and real replies with one node
//!   changed, so that decoding reaches the nested structs and the unions.

use std::path::PathBuf;

use portkey::endpoints::{ENDPOINT_TABLE, Route};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Decodes `text` as `T` the way the client does (from the bytes) and writes it back.
fn rewrite<T: DeserializeOwned + Serialize>(text: &str) -> Result<String, String> {
    let decoded = serde_json::from_slice::<T>(text.as_bytes()).map_err(|e| e.to_string())?;
    serde_json::to_string(&decoded).map_err(|e| e.to_string())
}

portkey_macros::portkey_type_table!("../../schema/types.json", rewrite);

fn file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn the_generated_types_match_their_snapshot() {
    let path = file("types/surface.txt");
    let surface = portkey::types::TYPES_SURFACE;
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, surface).expect("write the snapshot");
    }
    let snapshot = std::fs::read_to_string(&path).unwrap_or_default();
    if snapshot != surface {
        let first = snapshot.lines().zip(surface.lines()).position(|(a, b)| a != b);
        panic!(
            "tests/types/surface.txt differs from the generated types (first differing line: {:?}); review the \
             change and run `UPDATE_SNAPSHOTS=1 cargo test -p portkey-tests --test types`",
            first.map(|i| i + 1)
        );
    }
    assert!(TYPE_NAMES.len() > 1000, "{} types", TYPE_NAMES.len());
}

/// JSON values equal up to how numbers are written (`1` and `1.0`) and the order of keys.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// The JSON body of a curl example (`-d '{...}'`), if it has one.
fn curl_body(curl: &str) -> Option<Value> {
    let start = curl.find("-d '")? + 4;
    let end = curl[start..].find("'")? + start;
    serde_json::from_str(&curl[start..end]).ok()
}

/// The JSON documents of a response example: the document itself, or each `data:` line of an
/// event stream.
fn reply_documents(text: &str) -> Vec<Value> {
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        return vec![value];
    }
    text.lines()
        .filter_map(|line| line.strip_prefix("data:"))
        .filter_map(|data| serde_json::from_str(data.trim()).ok())
        .collect()
}

fn shape(path: &str) -> String {
    path.split('/').map(|s| if s.starts_with('{') { "{}" } else { s }).collect::<Vec<_>>().join("/")
}

/// Examples the spec gets wrong: neither its schema nor the SDK's types take what they show.
const WRONG_EXAMPLES: &[(&str, usize, &str)] = &[
    (
        "beta.chatkit.sessions.create",
        0,
        "`expires_after` is `1800`; the spec and the SDK (`ChatSessionExpiresAfterParam`) take an object {anchor, seconds}",
    ),
    (
        "fine_tuning.alpha.graders.run",
        0,
        "`metadata.token_usage` is an object; the spec and the SDK (`Optional[int]`) take an integer",
    ),
];

#[test]
fn the_spec_examples_decode_and_write_back() {
    let text = std::fs::read_to_string(file("../schema/openapi/openai.json")).expect("the carried spec");
    let spec: Value = serde_json::from_str(&text).expect("JSON");
    let paths = spec["paths"].as_object().expect("paths");
    let (mut checked, mut problems) = (0, Vec::new());
    for e in ENDPOINT_TABLE.iter().filter(|e| e.route == Route::OpenAi) {
        let Some((_, item)) = paths.iter().find(|(p, _)| shape(p) == shape(e.path)) else { continue };
        let op = &item[e.method.to_ascii_lowercase()];
        let examples = match &op["x-oaiMeta"]["examples"] {
            Value::Array(list) => list.clone(),
            Value::Object(one) => vec![Value::Object(one.clone())],
            _ => Vec::new(),
        };
        for (i, example) in examples.iter().enumerate() {
            if WRONG_EXAMPLES.iter().any(|(name, n, _)| *name == e.name && *n == i) {
                continue;
            }
            let mut check = |ty: Option<&str>, document: Value, what: &str| {
                let Some(ty) = ty else { return };
                let text = document.to_string();
                match for_type(ty, &text) {
                    None => {}
                    Some(Ok(written)) => {
                        checked += 1;
                        let written: Value = serde_json::from_str(&written).expect("JSON");
                        if !same(&written, &document) {
                            problems.push(format!(
                                "{} example {i} ({what}, {ty}): wrote {written}\nread {document}",
                                e.name
                            ));
                        }
                    }
                    Some(Err(error)) => {
                        problems.push(format!("{} example {i} ({what}, {ty}): {error}\n{document}", e.name))
                    }
                }
            };
            if let Some(body) = example["request"]["curl"].as_str().and_then(curl_body) {
                check(e.request_type, body, "request");
            }
            if let Some(reply) = example["response"].as_str() {
                let documents = reply_documents(reply);
                let streamed = documents.len() > 1
                    || documents.first().is_some_and(|d| {
                        d.get("type").is_some()
                            && e.event_type.is_some()
                            && e.reply_type != e.event_type
                            && reply.contains("data:")
                    });
                for document in documents {
                    let ty = if streamed { e.event_type } else { e.reply_type };
                    check(ty, document, "reply");
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} examples:\n{}",
        problems.len(),
        checked + problems.len(),
        problems.join("\n\n")
    );
    assert!(checked > 150, "only {checked} examples checked");
}

const WORDS: &[&str] = &[
    "id",
    "html-message",
    "object",
    "created",
    "created_at",
    "model",
    "choices",
    "index",
    "message",
    "delta",
    "role",
    "content",
    "text",
    "refusal",
    "tool_calls",
    "function",
    "name",
    "arguments",
    "finish_reason",
    "logprobs",
    "usage",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "data",
    "embedding",
    "input",
    "output",
    "status",
    "type",
    "error",
    "code",
    "param",
    "item_id",
    "output_index",
    "content_index",
    "sequence_number",
    "response",
    "item",
    "part",
    "annotations",
    "summary",
    "call_id",
    "user",
    "assistant",
    "system",
    "tool",
    "developer",
    "message",
    "output_text",
    "input_text",
    "function_call",
    "function_call_output",
    "reasoning",
    "response.created",
    "response.completed",
    "response.failed",
    "response.output_text.delta",
    "response.output_item.added",
    "response.content_part.added",
    "response.function_call_arguments.delta",
    "completed",
    "in_progress",
    "failed",
    "list",
    "has_more",
    "first_id",
    "last_id",
    "messages",
    "stream",
    "tools",
    "metadata",
    "incomplete_details",
    "input_tokens",
    "output_tokens",
    "obfuscation",
    "delta_text",
    "url",
    "b64_json",
    "status_code",
    "body",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![4 => proptest::sample::select(WORDS).prop_map(str::to_owned), 1 => "[a-z_.]{0,8}"]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        word().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((word(), inner), 0..7)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// Real replies, requests and events; the property also feeds them with one node replaced by
/// random JSON, which reaches every depth of the types.
const SEEDS: &[&str] = &[
    r#"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Hi","refusal":null,"tool_calls":[{"id":"t","type":"function","function":{"name":"f","arguments":"{}"}}]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}"#,
    r#"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" a","tool_calls":[{"index":0,"function":{"arguments":"{"}}]},"finish_reason":null}]}"#,
    r#"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"x"}]}],"tools":[{"type":"function","function":{"name":"f","parameters":{}}}],"stop":["a"],"stream_options":{"include_usage":true}}"#,
    r#"{"id":"resp_1","object":"response","created_at":1,"status":"completed","model":"m","output":[{"type":"message","id":"msg_1","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi","annotations":[]}]},{"type":"function_call","id":"fc","call_id":"c","name":"f","arguments":"{}"},{"type":"reasoning","id":"rs","summary":[{"type":"summary_text","text":"s"}]}],"usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3}}"#,
    r#"{"id":"cmp_1","object":"response.compaction","created_at":1,"output":[{"type":"message","id":"msg_1","role":"user","content":[{"type":"input_text","text":"Hi"}]},{"type":"compaction","id":"cmp_i","encrypted_content":"gAAA","created_by":null}],"usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3}}"#,
    r#"{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","sequence_number":3}"#,
    r#"{"type":"response.completed","sequence_number":9,"response":{"id":"resp_1","object":"response","status":"completed","output":[]}}"#,
    r#"{"type":"response.output_item.added","output_index":0,"sequence_number":1,"item":{"type":"message","id":"m","role":"assistant","content":[]}}"#,
    r#"{"type":"response.function_call_arguments.delta","item_id":"fc","output_index":1,"delta":"{","sequence_number":4}"#,
    r#"{"type":"error","code":"x","message":"m","param":null,"sequence_number":1}"#,
    r#"{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"x"},{"type":"input_image","image_url":"u"}]},{"type":"function_call_output","call_id":"c","output":"o"}],"tools":[]}"#,
    r#"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2]}],"model":"m","usage":{"prompt_tokens":1,"total_tokens":1}}"#,
    r#"{"id":"batch_1","object":"batch","endpoint":"/v1/chat/completions","status":"completed","input_file_id":"f","completion_window":"24h","created_at":1,"request_counts":{"total":2,"completed":2,"failed":0},"errors":{"object":"list","data":[{"code":"c","message":"m","line":1}]}}"#,
    r#"{"id":"r1","custom_id":"a","response":{"status_code":200,"request_id":"q","body":{"id":"c","object":"chat.completion","choices":[]}},"error":null}"#,
    r#"{"object":"list","data":[{"id":"file-1","object":"file","bytes":3,"created_at":1,"filename":"a.jsonl","purpose":"batch","status":"processed"}],"has_more":false}"#,
    r#"{"id":"modr-1","model":"omni","results":[{"flagged":true,"categories":{"harassment":true,"violence":false},"category_scores":{"harassment":0.9},"category_applied_input_types":{"harassment":["text"]}}]}"#,
    r#"{"success":true,"data":{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":5}}"#,
    r#"{"created":1,"data":[{"b64_json":"aGk=","revised_prompt":"p"}],"usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3,"input_tokens_details":{"text_tokens":1,"image_tokens":0}}}"#,
    r#"{"type":"image_generation.partial_image","b64_json":"aGk=","partial_image_index":0,"created_at":1,"size":"1024x1024"}"#,
    r#"{"task":"transcribe","language":"en","duration":1.5,"text":"hi","segments":[{"id":0,"start":0.0,"end":1.5,"text":"hi","tokens":[1]}],"words":[{"word":"hi","start":0.0,"end":0.5}],"usage":{"type":"duration","seconds":2}}"#,
    r#"{"type":"transcript.text.delta","delta":"hi","logprobs":[{"token":"hi","logprob":-0.1,"bytes":[104,105]}]}"#,
    r#"{"type":"speech.audio.delta","audio":"aGk="}"#,
];

/// How a node of a seed changes.
#[derive(Clone, Debug)]
enum Change {
    /// Replaced by random JSON (any type: mostly the wrong one).
    Replace(Value),
    /// Replaced by another value of the same JSON type; in an object, a key removed or added.
    Vary(u64),
}

/// `seed` with the node that `pick` lands on (counting in document order) changed.
fn mutate(seed: &str, pick: usize, change: Change) -> Value {
    fn nodes(value: &Value) -> usize {
        1 + match value {
            Value::Array(items) => items.iter().map(nodes).sum(),
            Value::Object(map) => map.values().map(nodes).sum(),
            _ => 0,
        }
    }
    fn vary(value: &mut Value, n: u64) {
        let word = || Value::from(WORDS[n as usize % WORDS.len()]);
        match value {
            Value::String(_) => *value = word(),
            Value::Number(_) => {
                *value = if n.is_multiple_of(3) { Value::from(n as f64 / 7.0) } else { Value::from(n % 1000) }
            }
            Value::Bool(b) => *b = !*b,
            Value::Null => *value = word(),
            Value::Array(items) => match items.pop() {
                Some(last) if n.is_multiple_of(2) => items.extend([last.clone(), last]),
                _ => {}
            },
            Value::Object(map) => {
                let key = map.keys().nth(n as usize % map.len().max(1)).cloned();
                match key {
                    Some(key) if n.is_multiple_of(2) => {
                        map.remove(&key);
                    }
                    _ => {
                        map.insert(WORDS[n as usize % WORDS.len()].to_owned(), Value::Null);
                    }
                }
            }
        }
    }
    fn change_at(value: &mut Value, mut at: usize, change: &mut Option<Change>) {
        if at == 0 {
            match change.take() {
                Some(Change::Replace(random)) => *value = random,
                Some(Change::Vary(n)) => vary(value, n),
                None => {}
            }
            return;
        }
        at -= 1;
        let children: Vec<&mut Value> = match value {
            Value::Array(items) => items.iter_mut().collect(),
            Value::Object(map) => map.values_mut().collect(),
            _ => Vec::new(),
        };
        for child in children {
            let size = nodes(child);
            if at < size {
                return change_at(child, at, change);
            }
            at -= size;
        }
    }
    let mut value: Value = serde_json::from_str(seed).unwrap();
    let at = pick % nodes(&value);
    change_at(&mut value, at, &mut Some(change));
    value
}

fn mutated() -> impl Strategy<Value = Value> {
    let change = prop_oneof![json().prop_map(Change::Replace), any::<u64>().prop_map(Change::Vary)];
    (proptest::sample::select(SEEDS), any::<usize>(), change)
        .prop_map(|(seed, pick, change)| mutate(seed, pick, change))
}

/// If `text` decodes as the type `name`, what it writes decodes again to a value writing the
/// same JSON (compared as values: a field the input lacked is written where the type names it).
fn check(name: &str, text: &str) -> Result<(), TestCaseError> {
    let Some(Ok(written)) = for_type(name, text) else { return Ok(()) };
    let rewritten = match for_type(name, &written) {
        Some(Ok(rewritten)) => rewritten,
        other => return Err(TestCaseError::fail(format!("{name}: {written} does not decode again: {other:?}"))),
    };
    let parse = |text: &str| serde_json::from_str::<Value>(text).map_err(|e| TestCaseError::fail(e.to_string()));
    prop_assert!(
        same(&parse(&written)?, &parse(&rewritten)?),
        "{} from {}: {} then {}",
        name,
        text,
        written,
        rewritten
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_json_decodes_or_errs_and_round_trips(value in prop_oneof![json(), mutated()]) {
        let text = value.to_string();
        for name in TYPE_NAMES {
            check(name, &text)?;
        }
    }
}

/// A value of the wrong type deep inside is an error naming the path to it.
#[test]
fn errors_name_the_path_to_the_field() {
    let body = r#"{"id": "c", "choices": [{"index": 0, "message": {"role": "assistant", "content": 5}}]}"#;
    let error = serde_json::from_str::<portkey::types::ChatCompletion>(body).unwrap_err().to_string();
    assert!(error.starts_with("choices: message: content: "), "{error}");
    let event = r#"{"type": "response.completed", "response": {"id": "r", "output": [{"type": "message", "content": [{"type": "output_text", "text": 7}]}]}}"#;
    let error = serde_json::from_str::<portkey::types::ResponseStreamEvent>(event).unwrap_err().to_string();
    assert!(error.starts_with("response: output: content: text: "), "{error}");
}

/// The generator reaches what it is meant to: many values decode as chat completions, and
/// many as known Responses stream events (not only as `Unknown`), so the property above runs
/// through the nested structs and the unions.
#[test]
fn random_values_reach_the_nested_types() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut completions, mut events) = (0, 0);
    for _ in 0..2000 {
        let text = prop_oneof![json(), mutated()].new_tree(&mut runner).unwrap().current().to_string();
        completions += usize::from(serde_json::from_str::<portkey::types::ChatCompletion>(&text).is_ok());
        let event = serde_json::from_str::<portkey::types::ResponseStreamEvent>(&text);
        events += usize::from(matches!(event, Ok(e) if !matches!(e, portkey::types::ResponseStreamEvent::Unknown(_))));
    }
    assert!(completions > 200, "{completions} of 2000 decoded as ChatCompletion");
    assert!(events > 40, "{events} of 2000 decoded as a known ResponseStreamEvent");
}

/// Every area of `schema/types.json` is a feature of `portkey`, the default ones are the
/// default features, and `full` holds them all.
#[test]
fn the_areas_are_the_crates_features() {
    let manifest = std::fs::read_to_string(file("../portkey/Cargo.toml")).expect("portkey/Cargo.toml");
    let features = manifest.split("[features]").nth(1).expect("a [features] table");
    let list = |name: &str| -> Vec<String> {
        let line = features.lines().find(|l| l.starts_with(&format!("{name} = ["))).unwrap_or_else(|| panic!("{name}"));
        line.split('"').skip(1).step_by(2).map(str::to_string).collect()
    };
    let (default, full) = (list("default"), list("full"));
    for (name, _, is_default) in portkey::types::AREAS {
        assert!(features.lines().any(|l| l.starts_with(&format!("{name} = ["))), "no feature `{name}`");
        assert!(full.iter().any(|f| f == name), "`full` lacks `{name}`");
        assert_eq!(default.iter().any(|f| f == name), *is_default, "`{name}` in the default features");
    }
    assert_eq!(full.len(), portkey::types::AREAS.len(), "`full` names only areas");
}
