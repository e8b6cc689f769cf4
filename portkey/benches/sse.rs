//! SSE decoding throughput of a large stream (the decoder alone, and typed chunks through the
//! client over loopback), and the heap one stream's decoding holds.

use std::collections::VecDeque;
use std::hint::black_box;

mod heap;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_util::StreamExt;
use portkey::AsyncPortkey;
use portkey::sse::SseDecoder;
use portkey::testing::{MockGateway, MockReply};
use portkey::types::{ChatCompletionChunk, ChatCompletionRequest, ChatMessage};

const EVENTS: usize = 20_000;

fn stream_text() -> String {
    let mut text = String::new();
    text.push_str(": keep-alive\n\n");
    for i in 0..EVENTS {
        text.push_str(&format!(
            "data: {{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\
             \"model\":\"gpt-4o-mini\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\" word{i}\"}},\
             \"logprobs\":null,\"finish_reason\":null}}]}}\n\n"
        ));
    }
    text.push_str("data: [DONE]\n\n");
    text
}

/// A decoder with the client's default limits, as the clients stream with.
fn limited_decoder() -> SseDecoder {
    let limits = portkey::Limits::default();
    SseDecoder::with_limits(limits.sse_line_bytes, limits.sse_event_bytes)
}

fn decode_all(bytes: &[u8], chunk: usize) -> usize {
    let mut decoder = limited_decoder();
    let mut events = VecDeque::new();
    let mut n = 0;
    for piece in bytes.chunks(chunk) {
        decoder.feed(piece, &mut events).expect("within the limits");
        n += events.drain(..).count();
    }
    n + usize::from(decoder.finish().is_some())
}

async fn read_stream(client: &AsyncPortkey, gateway: &MockGateway, text: &str) -> usize {
    gateway.enqueue(MockReply::raw_sse(text.to_string()));
    let request = ChatCompletionRequest::new("gpt-4o-mini", [ChatMessage::user("go")]);
    let mut stream = client.chat().completions().create_stream(request).await.unwrap();
    let mut n = 0;
    while let Some(chunk) = stream.next().await {
        let chunk: ChatCompletionChunk = chunk.unwrap();
        n += chunk.delta_text().map_or(0, str::len);
    }
    n
}

fn bench(c: &mut Criterion) {
    let text = stream_text();
    let mut group = c.benchmark_group("sse");
    group.throughput(Throughput::Bytes(text.len() as u64));
    for chunk in [64, 16 * 1024] {
        group.bench_function(format!("decoder, {} MB in {chunk} B chunks", text.len() / 1_000_000), |b| {
            b.iter(|| assert_eq!(decode_all(black_box(text.as_bytes()), chunk), EVENTS + 1))
        });
    }

    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let gateway = MockGateway::start().unwrap();
    let client = AsyncPortkey::builder().base_url(gateway.url()).build_with_env(&|_| None).unwrap();
    group.sample_size(20);
    group.bench_function("typed chunks through the client", |b| {
        b.to_async(&rt).iter(|| read_stream(&client, &gateway, &text));
    });
    group.finish();

    // Memory: the heap one stream's decoding holds (decoder buffer, pending events, one typed
    // chunk at a time), fed in 16 KB pieces as a socket delivers them.
    let (chars, peak) = heap::peak_during(|| {
        let (mut decoder, mut events, mut chars) = (limited_decoder(), VecDeque::new(), 0);
        for piece in text.as_bytes().chunks(16 * 1024) {
            decoder.feed(piece, &mut events).expect("within the limits");
            for event in events.drain(..).filter(|e| e.data != "[DONE]") {
                let chunk: ChatCompletionChunk = serde_json::from_str(&event.data).unwrap();
                chars += chunk.delta_text().map_or(0, str::len);
            }
        }
        chars
    });
    println!(
        "memory: decoding a {} KB stream of {EVENTS} chunks ({chars} chars of text) peaks at {} KB of heap",
        text.len() / 1024,
        peak.div_ceil(1024)
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
