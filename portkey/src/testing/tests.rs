//! Tests of the mock gateway, driven by a real HTTP client.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::defaults::{embedding, pieces};
use super::{MockGateway, MockReply};

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

/// Posts `body` as JSON to `path` (relative to the gateway URL) and returns status, headers and JSON.
async fn post(gateway: &MockGateway, path: &str, body: Value) -> (u16, reqwest::header::HeaderMap, Value) {
    let response = client().post(format!("{}{path}", gateway.url())).json(&body).send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let json = response.json().await.unwrap();
    (status, headers, json)
}

async fn get(gateway: &MockGateway, path: &str) -> (u16, Value) {
    let response = client().get(format!("{}{path}", gateway.url())).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

/// The `data:` payloads of an SSE body.
fn sse_data(body: &str) -> Vec<String> {
    body.split("\n\n")
        .filter(|event| !event.trim().is_empty())
        .map(|event| event.lines().filter_map(|line| line.strip_prefix("data: ")).collect::<Vec<_>>().join("\n"))
        .collect()
}

/// Sends a raw HTTP/1.1 request with plain std I/O and returns the whole response text.
fn raw_request(gateway: &MockGateway, request: &str) -> std::io::Result<String> {
    let mut stream = std::net::TcpStream::connect(gateway.addr())?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.write_all(request.as_bytes())?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response)
}

#[test]
fn pieces_reassemble_exactly() {
    assert_eq!(pieces("echo: hello big world"), ["echo:", " hello", " big", " world"]);
    assert_eq!(pieces("echo: "), ["echo: "]);
    assert_eq!(pieces("  a  b\n"), ["  a", "  b\n"]);
    assert!(pieces("").is_empty());
    for text in ["echo: x", "echo:  two  spaces ", "echo: multi\nline", "echo: ünï cödé"] {
        assert_eq!(pieces(text).concat(), text);
    }
}

#[test]
fn embedding_is_deterministic_and_bounded() {
    assert_eq!(embedding("hello"), embedding("hello"));
    assert_ne!(embedding("hello"), embedding("hellp"));
    let e = embedding("");
    assert_eq!(e.len(), 8);
    assert!(e.iter().all(|x| (-1.0..=1.0).contains(x)));
}

#[test]
fn url_and_addr_are_loopback() {
    let gateway = MockGateway::start().unwrap();
    let addr = gateway.addr();
    assert!(addr.ip().is_loopback());
    assert_ne!(addr.port(), 0);
    assert_eq!(gateway.url(), format!("http://127.0.0.1:{}/v1", addr.port()));
    assert!(format!("{gateway:?}").contains("MockGateway"));
}

#[tokio::test(flavor = "current_thread")]
async fn chat_completion_default_json() {
    let gateway = MockGateway::start().unwrap();
    let (status, headers, body) = post(
        &gateway,
        "/chat/completions",
        json!({"model": "gpt-4o-mini", "messages": [
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": "hello there"},
            {"role": "assistant", "content": "hi"},
            {"role": "user", "content": [{"type": "text", "text": "how are"}, {"type": "text", "text": "you"}]},
        ]}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(
        body,
        json!({
            "id": "chatcmpl-mock-1",
            "object": "chat.completion",
            "created": 1700000000,
            "model": "gpt-4o-mini",
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": "echo: how are you"},
                "logprobs": null,
                "finish_reason": "stop",
            }],
            "usage": {"prompt_tokens": 8, "completion_tokens": 4, "total_tokens": 12},
        })
    );
    // No user message: empty echo.
    let (_, _, body) =
        post(&gateway, "/chat/completions", json!({"model": "m", "messages": [{"role": "system", "content": "x"}]}))
            .await;
    assert_eq!(body["id"], "chatcmpl-mock-2");
    assert_eq!(body["choices"][0]["message"]["content"], "echo: ");
}

#[tokio::test(flavor = "current_thread")]
async fn gateway_headers_on_default_responses() {
    let gateway = MockGateway::start().unwrap();
    let response = client()
        .post(format!("{}/chat/completions", gateway.url()))
        .header("x-portkey-trace-id", "trace-123")
        .header("x-portkey-provider", "anthropic")
        .json(&json!({"model": "m", "messages": []}))
        .send()
        .await
        .unwrap();
    let h = response.headers();
    assert_eq!(h["x-portkey-trace-id"], "trace-123");
    assert_eq!(h["x-portkey-provider"], "anthropic");
    assert_eq!(h["x-portkey-last-used-option-index"], "config");
    assert_eq!(h["x-portkey-retry-attempt-count"], "0");
    assert_eq!(h["x-portkey-cache-status"], "DISABLED");
    assert_eq!(h["x-mock-seq"], "1");

    // Without the request headers; also on a 404.
    let response = client().get(format!("{}/nope", gateway.url())).send().await.unwrap();
    let h = response.headers();
    assert_eq!(h["x-portkey-trace-id"], "");
    assert_eq!(h["x-portkey-provider"], "openai");
    assert_eq!(h["x-mock-seq"], "2");
}

#[tokio::test(flavor = "current_thread")]
async fn chat_completion_stream() {
    let gateway = MockGateway::start().unwrap();
    let response = client()
        .post(format!("{}/chat/completions", gateway.url()))
        .json(&json!({
            "model": "gpt-4o-mini",
            "stream": true,
            "stream_options": {"include_usage": true},
            "messages": [{"role": "user", "content": "the quick brown fox"}],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    assert_eq!(response.headers()["x-portkey-cache-status"], "DISABLED");
    let text = response.text().await.unwrap();
    assert!(text.ends_with("data: [DONE]\n\n"), "{text}");
    let data = sse_data(&text);
    assert_eq!(data.last().unwrap(), "[DONE]");
    let chunks: Vec<Value> = data[..data.len() - 1].iter().map(|d| serde_json::from_str(d).unwrap()).collect();
    for chunk in &chunks {
        assert_eq!(chunk["id"], "chatcmpl-mock-1");
        assert_eq!(chunk["object"], "chat.completion.chunk");
        assert_eq!(chunk["created"], 1700000000);
        assert_eq!(chunk["model"], "gpt-4o-mini");
    }
    assert_eq!(
        chunks[0]["choices"],
        json!([{"index": 0, "delta": {"role": "assistant", "content": ""}, "logprobs": null, "finish_reason": null}])
    );
    // echo: the quick brown fox = 5 word chunks.
    let words: Vec<&str> = chunks[1..6].iter().map(|c| c["choices"][0]["delta"]["content"].as_str().unwrap()).collect();
    assert_eq!(words, ["echo:", " the", " quick", " brown", " fox"]);
    assert_eq!(words.concat(), "echo: the quick brown fox");
    assert!(chunks[1..6].iter().all(|c| c["choices"][0]["finish_reason"].is_null()));
    assert_eq!(chunks[6]["choices"], json!([{"index": 0, "delta": {}, "logprobs": null, "finish_reason": "stop"}]));
    assert_eq!(chunks[7]["choices"], json!([]));
    assert_eq!(chunks[7]["usage"], json!({"prompt_tokens": 4, "completion_tokens": 5, "total_tokens": 9}));
    assert_eq!(chunks.len(), 8);

    // Without include_usage: no usage chunk.
    let response = client()
        .post(format!("{}/chat/completions", gateway.url()))
        .json(&json!({"model": "m", "stream": true, "messages": [{"role": "user", "content": "hi"}]}))
        .send()
        .await
        .unwrap();
    let data = sse_data(&response.text().await.unwrap());
    assert_eq!(data.len(), 1 + 2 + 1 + 1);
    assert!(data.iter().all(|d| !d.contains("usage")));
}

#[tokio::test(flavor = "current_thread")]
async fn scripted_sse_with_chunk_delay_arrives_incrementally() {
    let gateway = MockGateway::start().unwrap();
    let delay = Duration::from_millis(150);
    gateway.enqueue(MockReply::sse(["one", "two", "three", "four", "[DONE]"]).chunk_delay(delay));
    let started = Instant::now();
    let mut response = client().post(format!("{}/chat/completions", gateway.url())).send().await.unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut first_chunk = None;
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.unwrap() {
        first_chunk.get_or_insert_with(|| started.elapsed());
        body.extend_from_slice(&chunk);
    }
    let total = started.elapsed();
    let first_chunk = first_chunk.unwrap();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        "data: one\n\ndata: two\n\ndata: three\n\ndata: four\n\ndata: [DONE]\n\n"
    );
    assert!(total >= delay * 4, "total {total:?}");
    assert!(first_chunk + delay * 2 < total, "first chunk at {first_chunk:?}, total {total:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn scripted_raw_sse_is_sent_verbatim() {
    let gateway = MockGateway::start().unwrap();
    let raw = "event: ping\ndata: {\"a\":1}\n\n: comment\n\ndata: [DONE]\n\n";
    gateway.enqueue(MockReply::raw_sse(raw));
    gateway.enqueue(MockReply::raw_sse(raw).chunk_delay(Duration::from_millis(5)));
    for _ in 0..2 {
        let response = client().get(format!("{}/anything", gateway.url())).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        assert_eq!(response.text().await.unwrap(), raw);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn completions_json_and_stream() {
    let gateway = MockGateway::start().unwrap();
    let (status, _, body) = post(&gateway, "/completions", json!({"model": "davinci", "prompt": "say this"})).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({
            "id": "cmpl-mock-1",
            "object": "text_completion",
            "created": 1700000000,
            "model": "davinci",
            "choices": [{"text": "echo: say this", "index": 0, "logprobs": null, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 2, "completion_tokens": 3, "total_tokens": 5},
        })
    );

    let response = client()
        .post(format!("{}/completions", gateway.url()))
        .json(&json!({"model": "davinci", "prompt": "say this", "stream": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let data = sse_data(&response.text().await.unwrap());
    assert_eq!(data.last().unwrap(), "[DONE]");
    let chunks: Vec<Value> = data[..data.len() - 1].iter().map(|d| serde_json::from_str(d).unwrap()).collect();
    let text: String = chunks.iter().map(|c| c["choices"][0]["text"].as_str().unwrap()).collect();
    assert_eq!(text, "echo: say this");
    assert_eq!(chunks.len(), 4);
    assert_eq!(chunks[3]["choices"][0]["finish_reason"], "stop");
    assert!(chunks.iter().all(|c| c["id"] == "cmpl-mock-2" && c["object"] == "text_completion"));
}

#[tokio::test(flavor = "current_thread")]
async fn embeddings_are_deterministic() {
    let gateway = MockGateway::start().unwrap();
    let (status, _, one) =
        post(&gateway, "/embeddings", json!({"model": "text-embedding-3-small", "input": "hi there"})).await;
    assert_eq!(status, 200);
    assert_eq!(one["object"], "list");
    assert_eq!(one["model"], "text-embedding-3-small");
    assert_eq!(one["usage"], json!({"prompt_tokens": 2, "total_tokens": 2}));
    assert_eq!(one["data"][0]["object"], "embedding");
    assert_eq!(one["data"][0]["index"], 0);
    assert_eq!(one["data"][0]["embedding"].as_array().unwrap().len(), 8);

    let (_, _, many) = post(&gateway, "/embeddings", json!({"model": "e", "input": ["other", "hi there"]})).await;
    let data = many["data"].as_array().unwrap();
    assert_eq!(data.len(), 2);
    assert_eq!(data[1]["index"], 1);
    assert_eq!(data[1]["embedding"], one["data"][0]["embedding"]);
    assert_ne!(data[0]["embedding"], data[1]["embedding"]);
}

#[tokio::test(flavor = "current_thread")]
async fn models_list_and_retrieve() {
    let gateway = MockGateway::start().unwrap();
    let (status, list) = get(&gateway, "/models").await;
    assert_eq!(status, 200);
    assert_eq!(
        list,
        json!({"object": "list", "data": [
            {"id": "gpt-4o-mini", "object": "model", "created": 1700000000, "owned_by": "openai"},
            {"id": "claude-3-5-sonnet", "object": "model", "created": 1700000000, "owned_by": "anthropic"},
        ]})
    );
    let (status, model) = get(&gateway, "/models/my-model").await;
    assert_eq!(status, 200);
    assert_eq!(model, json!({"id": "my-model", "object": "model", "created": 1700000000, "owned_by": "mock"}));
    // Without the /v1 prefix too.
    let response = client().get(format!("http://{}/models", gateway.addr())).send().await.unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test(flavor = "current_thread")]
async fn feedback_is_acknowledged() {
    let gateway = MockGateway::start().unwrap();
    let (status, _, body) = post(&gateway, "/feedback", json!({"trace_id": "t", "value": 1})).await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"status": "success", "message": "feedback created", "feedback_ids": ["fb-mock-1"]}));
}

#[tokio::test(flavor = "current_thread")]
async fn unknown_route_is_404() {
    let gateway = MockGateway::start().unwrap();
    let (status, body) = get(&gateway, "/nowhere").await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"error": {"message": "mock gateway: no route for GET /v1/nowhere", "type": "not_found", "param": null, "code": null}})
    );
    // Wrong method on a known path.
    let (status, body) = get(&gateway, "/chat/completions").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["message"], "mock gateway: no route for GET /v1/chat/completions");
}

#[tokio::test(flavor = "current_thread")]
async fn wrong_content_type_is_400() {
    let gateway = MockGateway::start().unwrap();
    let url = format!("{}/chat/completions", gateway.url());
    let response = client().post(&url).header("content-type", "text/plain").body("{}").send().await.unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(response.headers()["x-portkey-provider"], "openai");
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"status": "failure", "message": "Invalid content type passed"})
    );
    let response = client()
        .post(&url)
        .header("content-type", "application/json; charset=utf-8")
        .body(r#"{"model":"m","messages":[]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // Not JSON at all.
    let response = client().post(&url).header("content-type", "application/json").body("{").send().await.unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(response.json::<Value>().await.unwrap()["error"]["type"], "invalid_request_error");
}

#[tokio::test(flavor = "current_thread")]
async fn model_triggers_fail_and_slow() {
    let gateway = MockGateway::start().unwrap();
    let (status, headers, body) =
        post(&gateway, "/chat/completions", json!({"model": "fail-500", "messages": []})).await;
    assert_eq!(status, 500);
    assert_eq!(headers["x-portkey-cache-status"], "DISABLED");
    assert_eq!(
        body,
        json!({
            "error": {"message": "mock forced failure 500", "type": "mock_error", "param": null, "code": "500"},
            "provider": "openai",
        })
    );
    let (status, _, body) = post(&gateway, "/embeddings", json!({"model": "fail-429", "input": "x"})).await;
    assert_eq!(status, 429);
    assert_eq!(body["error"]["code"], "429");

    let started = Instant::now();
    let (status, _, body) = post(&gateway, "/completions", json!({"model": "slow-300", "prompt": "p"})).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(status, 200);
    assert_eq!(body["model"], "slow-300");
    assert_eq!(gateway.requests().len(), 3);
}

#[tokio::test(flavor = "current_thread")]
async fn scripted_replies_fifo_then_default() {
    let gateway = MockGateway::start().unwrap();
    gateway.enqueue(MockReply::json(429, json!({"error": "slow down"})).header("retry-after", "2"));
    gateway.enqueue(MockReply::text(503, "unavailable").header("x-multi", "a").header("x-multi", "b"));
    gateway.enqueue(
        MockReply::json(200, json!({"ok": true}))
            .header("content-type", "application/vnd.custom+json")
            .delay(Duration::from_millis(200)),
    );
    let url = format!("{}/models", gateway.url());

    let response = client().get(&url).send().await.unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "2");
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["x-mock-seq"], "1");
    assert!(response.headers().get("x-portkey-cache-status").is_none());
    assert_eq!(response.json::<Value>().await.unwrap(), json!({"error": "slow down"}));

    let response = client().get(&url).send().await.unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["content-type"], "text/plain");
    let multi: Vec<_> = response.headers().get_all("x-multi").iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(multi, ["a", "b"]);
    assert_eq!(response.text().await.unwrap(), "unavailable");

    let started = Instant::now();
    let response = client().get(&url).send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(response.headers()["content-type"], "application/vnd.custom+json");
    // The request is recorded before the delayed answer.
    assert_eq!(gateway.requests().len(), 3);

    // Queue exhausted: default behaviour again.
    let (status, body) = get(&gateway, "/models").await;
    assert_eq!(status, 200);
    assert_eq!(body["object"], "list");
}

#[tokio::test(flavor = "current_thread")]
async fn requests_are_recorded() {
    let gateway = MockGateway::start().unwrap();
    client()
        .post(format!("{}/chat/completions?debug=1&x=y", gateway.url()))
        .header("X-Portkey-Api-Key", "pk-test")
        .header("x-portkey-metadata", "{\"a\":1}")
        .header("x-repeat", "one")
        .header("x-repeat", "two")
        .json(&json!({"model": "fail-400", "messages": []}))
        .send()
        .await
        .unwrap();
    client().get(format!("{}/models", gateway.url())).send().await.unwrap();

    let requests = gateway.requests();
    assert_eq!(requests.len(), 2);
    let first = &requests[0];
    assert_eq!(first.method, "POST");
    assert_eq!(first.path, "/v1/chat/completions");
    assert_eq!(first.query.as_deref(), Some("debug=1&x=y"));
    assert_eq!(first.header("x-portkey-api-key"), Some("pk-test"));
    assert_eq!(first.header("X-PORTKEY-API-KEY"), Some("pk-test"));
    assert_eq!(first.header("x-portkey-metadata"), Some("{\"a\":1}"));
    assert_eq!(first.header("x-repeat"), Some("one"));
    assert_eq!(first.header_all("X-Repeat"), ["one", "two"]);
    assert!(first.header_all("missing").is_empty());
    assert!(first.headers.iter().all(|(name, _)| *name == name.to_lowercase()));
    assert_eq!(first.json(), Some(json!({"model": "fail-400", "messages": []})));
    let second = &requests[1];
    assert_eq!((second.method.as_str(), second.path.as_str(), second.query.as_deref()), ("GET", "/v1/models", None));
    assert!(second.body.is_empty());
    assert_eq!(second.json(), None);

    gateway.clear();
    assert!(gateway.requests().is_empty());
    // The counter keeps going after clear.
    let response = client().get(format!("{}/models", gateway.url())).send().await.unwrap();
    assert_eq!(response.headers()["x-mock-seq"], "3");
    assert_eq!(gateway.requests().len(), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn drop_shuts_down() {
    let gateway = MockGateway::start().unwrap();
    let url = format!("{}/models", gateway.url());
    let client = client();
    assert_eq!(client.get(&url).send().await.unwrap().status(), 200);
    drop(gateway);
    assert!(client.get(&url).send().await.is_err());
    assert!(reqwest::Client::new().get(&url).send().await.is_err());
}

#[tokio::test(flavor = "current_thread")]
async fn drop_does_not_wait_for_in_flight_requests() {
    let gateway = MockGateway::start().unwrap();
    gateway.enqueue(MockReply::text(200, "late").delay(Duration::from_secs(60)));
    let url = format!("{}/models", gateway.url());
    let request = tokio::spawn(async move { client().get(&url).send().await });
    let waited = Instant::now();
    while gateway.requests().is_empty() {
        assert!(waited.elapsed() < Duration::from_secs(10), "request never arrived");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let started = Instant::now();
    drop(gateway);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(request.await.unwrap().is_err());
}

#[test]
fn works_from_sync_code_without_a_runtime() {
    let gateway = MockGateway::start().unwrap();
    gateway.enqueue(MockReply::text(201, "scripted"));
    let response = raw_request(&gateway, "GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");
    assert!(response.ends_with("scripted"), "{response}");
    let body = r#"{"model":"m","messages":[{"role":"user","content":"sync"}]}"#;
    let request = format!(
        "POST /chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let response = raw_request(&gateway, &request).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"content\":\"echo: sync\""), "{response}");
    assert!(response.to_ascii_lowercase().contains("x-mock-seq: 2"), "{response}");
    let recorded = gateway.requests();
    assert_eq!(recorded[1].path, "/chat/completions");
    assert_eq!(recorded[1].body, body.as_bytes());

    let addr = gateway.addr();
    drop(gateway);
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[test]
fn several_gateways_run_side_by_side() {
    let a = MockGateway::start().unwrap();
    let b = MockGateway::start().unwrap();
    assert_ne!(a.addr(), b.addr());
    let response = raw_request(&b, "GET /v1/models/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    assert!(response.contains("\"owned_by\":\"mock\""), "{response}");
    assert!(a.requests().is_empty());
    assert_eq!(b.requests().len(), 1);
}
