//! Decoding of the typed responses: a streamed chat chunk and a full chat completion, from text
//! (`serde_json::from_str`, as the client reads them) and from a `Value` (`serde_json::from_value`).

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use portkey::types::{ChatCompletion, ChatCompletionChunk};
use serde_json::Value;

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

criterion_group!(benches, bench);
criterion_main!(benches);
