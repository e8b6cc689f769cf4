//! One request round trip, and 64 concurrent ones, through the client and through raw reqwest
//! against the same loopback `MockGateway`. Raw reqwest does what a hand-written caller must: the
//! same headers, the same client timeouts (the SDK's 5 s connect / 600 s read), serializing the
//! typed request and decoding the typed reply. The difference is the client's own overhead.

use criterion::{Criterion, criterion_group, criterion_main};
use futures_util::future::join_all;
use portkey::AsyncPortkey;
use portkey::testing::MockGateway;
use portkey::types::{ChatCompletion, ChatCompletionRequest, ChatMessage};

struct Setup {
    _gateway: MockGateway,
    client: AsyncPortkey,
    raw: reqwest::Client,
    url: String,
    headers: http::HeaderMap,
    request: ChatCompletionRequest,
}

fn setup() -> Setup {
    let gateway = MockGateway::start().expect("mock gateway");
    let client = AsyncPortkey::builder()
        .base_url(gateway.url())
        .api_key("pk-bench")
        .virtual_key("vk-bench")
        .trace_id("bench")
        .build_with_env(&|_| None)
        .expect("client");
    let request = ChatCompletionRequest::new("gpt-4o-mini", [ChatMessage::user("Hello there, benchmark")]);
    let mut headers = client.resolved().headers.clone();
    headers.insert("accept", "application/json".parse().unwrap());
    headers.insert("content-type", "application/json".parse().unwrap());
    headers.insert("authorization", "Bearer OPENAI_API_KEY".parse().unwrap());
    Setup {
        url: format!("{}/chat/completions", gateway.url()),
        _gateway: gateway,
        client,
        raw: reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(5))
            .read_timeout(std::time::Duration::from_secs(600))
            .build()
            .unwrap(),
        headers,
        request,
    }
}

async fn raw_call(s: &Setup) -> ChatCompletion {
    // The client takes its request by value; both sides pay for that copy.
    let request = s.request.clone();
    let body = serde_json::to_vec(&request).unwrap();
    let response = s.raw.post(&s.url).headers(s.headers.clone()).body(body).send().await.unwrap();
    assert!(response.status().is_success());
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

async fn client_call(s: &Setup) -> ChatCompletion {
    s.client.chat().completions().create(s.request.clone()).await.unwrap().into_body()
}

fn bench(c: &mut Criterion) {
    // One client thread and the mock's own thread: the two cores, no scheduler noise between.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let s = setup();
    let mut group = c.benchmark_group("round trip");
    group.measurement_time(std::time::Duration::from_secs(10));
    group.bench_function("raw reqwest", |b| b.to_async(&rt).iter(|| raw_call(&s)));
    group.bench_function("portkey client", |b| b.to_async(&rt).iter(|| client_call(&s)));
    group.finish();

    let mut group = c.benchmark_group("64 concurrent");
    group.sample_size(20);
    group.bench_function("raw reqwest", |b| b.to_async(&rt).iter(|| join_all((0..64).map(|_| raw_call(&s)))));
    group.bench_function("portkey client", |b| b.to_async(&rt).iter(|| join_all((0..64).map(|_| client_call(&s)))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
