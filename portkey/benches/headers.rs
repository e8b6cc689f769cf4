//! Header serialization: a typical client (5 options) and every header option at once, and the
//! per-request cost once a client has resolved its headers (it clones the prebuilt map).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use portkey::{OPTION_TABLE, Options, ResolvedOptions, ValueType};
use serde_json::{Map, Value, json};

fn typical() -> Options {
    Options::builder()
        .api_key("pk-live-0123456789")
        .virtual_key("vk-openai-prod")
        .trace_id("trace-4f1c2a")
        .metadata(json!({"user": "u-123", "plan": "paid"}))
        .config(json!({"retry": {"attempts": 3}, "cache": {"mode": "simple"}}))
        .into_options()
}

/// Every option that is sent as a header, with a representative value of its type.
fn full() -> Options {
    let mut map = Map::new();
    for info in OPTION_TABLE.iter().filter(|o| o.header.is_some()) {
        let value = match info.value_type {
            ValueType::Bool => json!(true),
            ValueType::Integer => json!(30_000),
            ValueType::StringOrJson => json!({"name": info.name, "n": 1}),
            ValueType::StringList => json!(["x-a", "x-b"]),
            ValueType::Url => json!("https://example.test/v1"),
            ValueType::Mode => json!("fallback"),
            _ => Value::String(format!("value-{}", info.name)),
        };
        map.insert(info.name.to_string(), value);
    }
    Options::from_map(&map).expect("valid options")
}

fn bench(c: &mut Criterion) {
    let (typical, full) = (typical(), full());
    c.bench_function("create_headers/typical (5 options)", |b| b.iter(|| black_box(&typical).create_headers()));
    c.bench_function(&format!("create_headers/full ({} headers)", full.create_headers().unwrap().len()), |b| {
        b.iter(|| black_box(&full).create_headers())
    });
    let mut client_options = Options::sdk_defaults();
    client_options.overlay(&typical);
    let resolved = ResolvedOptions::resolve_with(&client_options, &|_| None).unwrap();
    c.bench_function("per request/clone the client's prebuilt headers", |b| {
        b.iter(|| black_box(&resolved.headers).clone())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
