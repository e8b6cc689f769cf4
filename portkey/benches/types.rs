//! Decoding of the typed responses: a streamed chat chunk and a full chat completion, from text
//! (`serde_json::from_str`, as the client reads them) and from a `Value` (`serde_json::from_value`);
//! and a long Responses event stream's data lines, into `ResponseStreamEvent`s against into
//! `serde_json::Value`s (`cargo bench --bench types -- responses`).

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use portkey::types::{ChatCompletion, ChatCompletionChunk, ResponseStreamEvent};
use serde_json::{Value, json};

const CHUNK: &str = r#"{"id":"chatcmpl-AbC123","object":"chat.completion.chunk","created":1727000003,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":{"content":" word"},"logprobs":null,"finish_reason":null}],"usage":null}"#;

const COMPLETION: &str = r#"{"id":"chatcmpl-AbC123","object":"chat.completion","created":1727000000,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},{"id":"call_def","type":"function","function":{"name":"get_time","arguments":"{}"}}],"refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"tool_calls"},{"index":1,"message":{"role":"assistant","content":"The weather in Paris is 18C and sunny, with a light breeze from the west. It is a good day for a walk along the Seine.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_0ba0d124f1"}"#;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("types");
    for (name, text) in [("chunk", CHUNK), ("completion", COMPLETION)] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        let value: Value = serde_json::from_str(text).unwrap();
        group.bench_function(format!("{name} from_str"), |b| {
            b.iter(|| match name {
                "chunk" => drop(black_box(serde_json::from_str::<ChatCompletionChunk>(black_box(text)).unwrap())),
                _ => drop(black_box(serde_json::from_str::<ChatCompletion>(black_box(text)).unwrap())),
            })
        });
        // The `Value` is cloned outside the timed part.
        group.bench_function(format!("{name} from_value"), |b| {
            b.iter_batched(
                || value.clone(),
                |value| match name {
                    "chunk" => drop(black_box(serde_json::from_value::<ChatCompletionChunk>(value).unwrap())),
                    _ => drop(black_box(serde_json::from_value::<ChatCompletion>(value).unwrap())),
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

/// The data lines of a streamed response of `deltas` text deltas, as OpenAI sends them: the
/// lifecycle and item events around them, the whole response at the end.
fn responses_stream(deltas: usize) -> Vec<String> {
    let id = "msg_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b";
    let words = ["Once", " upon", " a", " time", ",", " in", " a", " peaceful", " grove", " beneath", " the", " moon"];
    let text: String = (0..deltas).map(|i| words[i % words.len()]).collect();
    let response = |status: &str, output: Value| {
        json!({"id": "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b", "object": "response",
               "created_at": 1741476542, "status": status, "background": false, "error": null,
               "incomplete_details": null, "instructions": null, "max_output_tokens": null,
               "model": "gpt-4.1-2025-04-14", "output": output, "parallel_tool_calls": true,
               "previous_response_id": null, "reasoning": {"effort": null, "summary": null}, "store": true,
               "temperature": 1.0, "text": {"format": {"type": "text"}}, "tool_choice": "auto", "tools": [],
               "top_p": 1.0, "truncation": "disabled", "usage": null, "user": null, "metadata": {}})
    };
    let part = |text: &str| json!({"type": "output_text", "annotations": [], "logprobs": [], "text": text});
    let message = |status: &str, content: Value| json!({"id": id, "type": "message", "status": status, "content": content, "role": "assistant"});
    let mut events = vec![
        json!({"type": "response.created", "sequence_number": 0, "response": response("in_progress", json!([]))}),
        json!({"type": "response.in_progress", "sequence_number": 1, "response": response("in_progress", json!([]))}),
        json!({"type": "response.output_item.added", "sequence_number": 2, "output_index": 0,
               "item": message("in_progress", json!([]))}),
        json!({"type": "response.content_part.added", "sequence_number": 3, "item_id": id, "output_index": 0,
               "content_index": 0, "part": part("")}),
    ];
    for i in 0..deltas {
        events.push(json!({"type": "response.output_text.delta", "sequence_number": events.len(), "item_id": id,
                           "output_index": 0, "content_index": 0, "delta": words[i % words.len()],
                           "logprobs": [], "obfuscation": "Xy3kq9"}));
    }
    let mut completed = response("completed", json!([message("completed", json!([part(&text)]))]));
    completed["usage"] = json!({"input_tokens": 36, "input_tokens_details": {"cached_tokens": 0},
                                "output_tokens": deltas, "output_tokens_details": {"reasoning_tokens": 0},
                                "total_tokens": 36 + deltas});
    let n = events.len();
    events.extend([
        json!({"type": "response.output_text.done", "sequence_number": n, "item_id": id, "output_index": 0,
               "content_index": 0, "text": text, "logprobs": []}),
        json!({"type": "response.content_part.done", "sequence_number": n + 1, "item_id": id, "output_index": 0,
               "content_index": 0, "part": part(&text)}),
        json!({"type": "response.output_item.done", "sequence_number": n + 2, "output_index": 0,
               "item": message("completed", json!([part(&text)]))}),
        json!({"type": "response.completed", "sequence_number": n + 3, "response": completed}),
    ]);
    events.iter().map(Value::to_string).collect()
}

fn responses(c: &mut Criterion) {
    // 2000 events: 1992 text deltas and the 8 events around them.
    let lines = responses_stream(1992);
    assert_eq!(lines.len(), 2000);
    // The typed events are the ones the stream holds, and write back as they came.
    for line in &lines {
        let event: ResponseStreamEvent = serde_json::from_str(line).unwrap();
        assert!(!matches!(event, ResponseStreamEvent::Unknown(_)), "{line}");
        assert_eq!(serde_json::to_value(&event).unwrap(), serde_json::from_str::<Value>(line).unwrap());
    }
    let bytes: usize = lines.iter().map(String::len).sum();
    let mut group = c.benchmark_group("responses");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("2000 events into ResponseStreamEvent", |b| {
        b.iter(|| {
            for line in &lines {
                drop(black_box(serde_json::from_str::<ResponseStreamEvent>(black_box(line)).unwrap()));
            }
        })
    });
    group.bench_function("2000 events into Value", |b| {
        b.iter(|| {
            for line in &lines {
                drop(black_box(serde_json::from_str::<Value>(black_box(line)).unwrap()));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench, responses);
criterion_main!(benches);
