//! End-to-end tests against the REAL open-source Portkey gateway (`@portkey-ai/gateway`, run
//! with Node.js on 127.0.0.1), in front of an in-process mock provider ([`MockProvider`]).
//!
//! The gateway is installed on first use by `.ci/install-gateway` (into `<workspace>/.gateway`)
//! and started once per test binary ([`Gateway::shared`]); each test starts its own mock
//! provider(s), so tests run in parallel without sharing state. Without Node.js and npm these
//! tests fail, saying how to install them.
//!
//! Every test body runs twice, with the blocking `Portkey` client and with the async
//! `AsyncPortkey` client (the harness is in `e2e/mod.rs`): `cargo test chat_plain::` runs
//! `chat_plain::blocking` and `chat_plain::asynchronous`. The data plane (Responses, images,
//! audio, files, batches, moderations) is in `gateway_data_plane.rs`.

#[macro_use]
mod e2e;

use std::time::Duration;

use e2e::{AnyClient, Harness, TestClient, api_error, assert_no_portkey_headers, no_change, only_request};
use futures_util::StreamExt;
use portkey::types::{
    ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ChatMessage, Completion, CompletionRequest,
    EmbeddingRequest, EmbeddingResponse, ModelList, StreamOptions,
};
use portkey::{ApiErrorKind, ApiResponse, Error, RequestOptions, ResponseMeta};
use portkey_tests::mock_provider::{MODELS, fake_embedding};
use serde_json::json;

impl TestClient<'_> {
    fn chat(&self, request: ChatCompletionRequest) -> Result<ApiResponse<ChatCompletion>, Error> {
        self.chat_with(request, RequestOptions::new())
    }

    fn chat_with(
        &self,
        request: ChatCompletionRequest,
        options: RequestOptions,
    ) -> Result<ApiResponse<ChatCompletion>, Error> {
        call!(self, |c| c.chat().completions().create_with(request, options))
    }

    /// Opens a chat stream and reads it to the end: the response's metadata and every item.
    fn chat_stream(
        &self,
        request: ChatCompletionRequest,
    ) -> Result<(ResponseMeta, Vec<Result<ChatCompletionChunk, Error>>), Error> {
        match &self.client {
            AnyClient::Blocking(c) => {
                let stream = c.chat().completions().create_stream(request)?;
                let meta = stream.meta().clone();
                Ok((meta, stream.collect()))
            }
            AnyClient::Async(c) => self.harness.block_on(async {
                let stream = c.chat().completions().create_stream(request).await?;
                let meta = stream.meta().clone();
                Ok((meta, stream.collect().await))
            }),
        }
    }

    fn completion(&self, request: CompletionRequest) -> Result<ApiResponse<Completion>, Error> {
        call!(self, |c| c.completions().create(request))
    }

    fn embeddings(&self, request: EmbeddingRequest) -> Result<ApiResponse<EmbeddingResponse>, Error> {
        call!(self, |c| c.embeddings().create(request))
    }

    fn models(&self) -> Result<ApiResponse<ModelList>, Error> {
        call!(self, |c| c.models().list())
    }
}

e2e_tests!(
    chat_plain,
    chat_stream,
    completions_plain,
    embeddings,
    models_list,
    fallback_to_second_target,
    loadbalance_follows_weights,
    gateway_retries_are_counted,
    trace_id_is_echoed_not_forwarded,
    forward_headers_forwards_only_the_listed,
    gateway_request_timeout_is_a_typed_408,
    gateway_rejections_are_typed_400s,
    strict_open_ai_compliance_with_anthropic,
    a_denying_guardrail_is_a_typed_446,
    a_flagging_guardrail_is_a_246_success_with_its_verdicts,
    chat_streams_failing_mid_way_end_with_a_typed_error,
);

// ---------------------------------------------------------------------------------------------

fn chat_request(model: &str, text: &str) -> ChatCompletionRequest {
    ChatCompletionRequest::new(model, [ChatMessage::system("be brief"), ChatMessage::user(text)])
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

fn chat_plain(h: &Harness) {
    let mock = h.mock("chat");
    let client = h.openai_client(&mock, no_change());
    let reply = client.chat(chat_request("gpt-4o-mini", "hello gateway")).expect("chat through the gateway");

    assert_eq!(reply.text(), Some("echo: hello gateway"));
    assert_eq!(reply.choices[0].finish_reason.as_str(), "stop");
    assert_eq!(reply.model, "gpt-4o-mini");
    assert_eq!(reply.usage.as_ref().map(|u| u.total_tokens), Some(8));
    assert_eq!(reply.meta.status(), 200);
    assert_eq!(reply.meta.provider(), Some("openai"));
    assert_eq!(reply.meta.last_used_option_index(), Some("config"));
    assert_eq!(reply.meta.header("x-mock-server"), Some(mock.name()));

    let request = only_request(&mock);
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/v1/chat/completions"));
    assert_eq!(request.header("authorization"), Some("Bearer sk-test"));
    assert_eq!(request.body["model"], "gpt-4o-mini");
    assert_eq!(
        request.body["messages"],
        json!([{"role": "system", "content": "be brief"}, {"role": "user", "content": "hello gateway"}])
    );
    assert_no_portkey_headers(&request);
}

fn chat_stream(h: &Harness) {
    let mock = h.mock("stream");
    let client = h.openai_client(&mock, no_change());
    let mut request = chat_request("gpt-4o-mini", "stream me please");
    request.stream_options = Some(StreamOptions { include_usage: Some(true), ..StreamOptions::default() });
    let (meta, items) = client.chat_stream(request).expect("opening the stream");

    assert_eq!(meta.status(), 200);
    assert!(meta.header("content-type").is_some_and(|t| t.starts_with("text/event-stream")), "{meta:?}");
    let chunks: Vec<ChatCompletionChunk> = items.into_iter().map(|c| c.expect("a chunk")).collect();
    // Role chunk, 4 word chunks, finish chunk, usage chunk.
    assert_eq!(chunks.len(), 7, "{chunks:#?}");
    let text: String = chunks.iter().filter_map(ChatCompletionChunk::delta_text).collect();
    assert_eq!(text, "echo: stream me please");
    assert!(chunks.iter().all(|c| serde_json::to_value(c).unwrap()["object"] == "chat.completion.chunk"));
    let finishes: Vec<_> =
        chunks.iter().flat_map(|c| &c.choices).filter_map(|c| c.finish_reason.as_ref().map(|r| r.as_str())).collect();
    assert_eq!(finishes, ["stop"]);
    let usage = chunks.last().and_then(|c| c.usage.as_ref()).expect("a usage chunk last");
    assert_eq!(usage.completion_tokens, 4);

    let request = only_request(&mock);
    assert_eq!(request.path, "/v1/chat/completions");
    assert_eq!(request.body["stream"], true);
    assert_eq!(request.body["stream_options"], json!({"include_usage": true}));
}

fn completions_plain(h: &Harness) {
    let mock = h.mock("completions");
    let client = h.openai_client(&mock, no_change());
    let reply = client.completion(CompletionRequest::new("gpt-3.5-turbo-instruct", "say this")).expect("completion");

    assert_eq!(reply.text(), Some("echo: say this"));
    assert_eq!(serde_json::to_value(&reply.body).unwrap()["object"], "text_completion");
    assert_eq!(reply.choices[0].finish_reason.as_str(), "stop");
    assert_eq!(reply.meta.header("x-mock-server"), Some(mock.name()));

    let request = only_request(&mock);
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/v1/completions"));
    assert_eq!(request.body["prompt"], "say this");
    assert_eq!(request.body["model"], "gpt-3.5-turbo-instruct");
}

fn embeddings(h: &Harness) {
    let mock = h.mock("embeddings");
    let client = h.openai_client(&mock, no_change());
    let reply = client
        .embeddings(EmbeddingRequest::new("text-embedding-3-small", vec!["alpha", "beta"]))
        .expect("embeddings through the gateway");

    let vectors = &reply.data;
    assert_eq!(vectors.len(), 2);
    for (i, text) in ["alpha", "beta"].into_iter().enumerate() {
        assert_eq!(vectors[i].index, i as i64);
        assert_eq!(vectors[i].as_floats(), Some(&fake_embedding(text)[..]), "embedding of {text}");
    }
    assert_ne!(vectors[0].as_floats(), vectors[1].as_floats());
    assert_eq!(reply.model, "text-embedding-3-small");
    assert_eq!(reply.usage.total_tokens, 2);

    let request = only_request(&mock);
    assert_eq!(request.path, "/v1/embeddings");
    assert_eq!(request.body["input"], json!(["alpha", "beta"]));
}

fn models_list(h: &Harness) {
    let mock = h.mock("models");
    let client = h.openai_client(&mock, no_change());
    let reply = client.models().expect("models through the gateway");

    let models = &reply.data;
    let ids: Vec<&str> = models.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, MODELS);
    assert!(models.iter().all(|m| m.owned_by == mock.name()), "{reply:?}");

    let request = only_request(&mock);
    assert_eq!((request.method.as_str(), request.path.as_str()), ("GET", "/v1/models"));
    assert_eq!(request.header("authorization"), Some("Bearer sk-test"));
}

fn fallback_to_second_target(h: &Harness) {
    let (a, b) = (h.mock("A"), h.mock("B"));
    let config = json!({
        "strategy": {"mode": "fallback"},
        "targets": [
            {"provider": "openai", "api_key": "sk-a", "custom_host": a.base_url(),
             "override_params": {"model": "fail-500"}},
            {"provider": "openai", "api_key": "sk-b", "custom_host": b.base_url()},
        ],
    });
    let client = h.client(|builder| builder.config(config).max_retries(0));
    let reply = client.chat(chat_request("gpt-4o-mini", "fall back")).expect("the fallback target answers");

    assert_eq!(reply.meta.status(), 200);
    assert_eq!(reply.text(), Some("echo: fall back"));
    assert_eq!(reply.meta.last_used_option_index(), Some("config.targets[1]"));
    assert_eq!(reply.meta.header("x-mock-server"), Some(b.name()));

    let first = only_request(&a);
    assert_eq!(first.header("authorization"), Some("Bearer sk-a"));
    assert_eq!(first.body["model"], "fail-500");
    assert_eq!(first.status, Some(500));
    let second = only_request(&b);
    assert_eq!(second.header("authorization"), Some("Bearer sk-b"));
    assert_eq!(second.body["model"], "gpt-4o-mini");
    assert_eq!(second.status, Some(200));
}

fn loadbalance_follows_weights(h: &Harness) {
    const N: usize = 5;
    let (a, b) = (h.mock("A"), h.mock("B"));
    let config = json!({
        "strategy": {"mode": "loadbalance"},
        "targets": [
            {"provider": "openai", "api_key": "sk-a", "custom_host": a.base_url(), "weight": 1},
            {"provider": "openai", "api_key": "sk-b", "custom_host": b.base_url(), "weight": 0},
        ],
    });
    let client = h.client(|builder| builder.config(config));
    for i in 0..N {
        let reply = client.chat(chat_request("gpt-4o-mini", &format!("request {i}"))).expect("loadbalanced chat");
        assert_eq!(reply.text(), Some(format!("echo: request {i}").as_str()));
        assert_eq!(reply.meta.last_used_option_index(), Some("config.targets[0]"));
        assert_eq!(reply.meta.header("x-mock-server"), Some(a.name()));
    }
    let to_a = a.requests();
    assert_eq!(to_a.len(), N);
    assert!(to_a.iter().all(|r| r.header("authorization") == Some("Bearer sk-a")));
    assert_eq!(b.requests().len(), 0);
}

fn gateway_retries_are_counted(h: &Harness) {
    let mock = h.mock("retry");
    // Client retries off: only the gateway retries (after ~1 s of its own backoff).
    let client = h.openai_client(
        &mock,
        Box::new(|b| b.config(json!({"retry": {"attempts": 2, "on_status_codes": [429]}})).max_retries(0)),
    );
    let reply = client.chat(chat_request("flaky-429-1", "try again")).expect("the retry succeeds");

    assert_eq!(reply.meta.status(), 200);
    assert_eq!(reply.text(), Some("echo: try again"));
    assert_eq!(reply.meta.retry_attempt_count(), Some(1));

    let requests = mock.requests();
    let statuses: Vec<_> = requests.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(429), Some(200)], "{requests:#?}");
    assert!(requests.iter().all(|r| r.body["model"] == "flaky-429-1"));
}

fn trace_id_is_echoed_not_forwarded(h: &Harness) {
    let mock = h.mock("trace");
    let client = h.openai_client(&mock, Box::new(|b| b.trace_id("trace-e2e-1")));
    let reply = client.chat(chat_request("gpt-4o-mini", "trace me")).expect("traced chat");

    assert_eq!(reply.meta.trace_id(), Some("trace-e2e-1"));
    let request = only_request(&mock);
    assert_no_portkey_headers(&request);
    assert!(!request.headers.iter().any(|(_, v)| v.contains("trace-e2e-1")), "{request:#?}");
}

fn forward_headers_forwards_only_the_listed(h: &Harness) {
    let mock = h.mock("forward");
    let client = h.openai_client(&mock, Box::new(|b| b.forward_headers(["x-my-header"])));
    let options = RequestOptions::new().header("x-my-header", "v1").header("x-not-listed", "v2");
    let reply = client.chat_with(chat_request("gpt-4o-mini", "forward"), options).expect("chat");
    assert_eq!(reply.text(), Some("echo: forward"));

    let request = only_request(&mock);
    assert_eq!(request.header("x-my-header"), Some("v1"));
    assert_eq!(request.header("x-not-listed"), None, "{request:#?}");
    assert_no_portkey_headers(&request);
}

fn gateway_request_timeout_is_a_typed_408(h: &Harness) {
    let mock = h.mock("timeout");
    let client = h.openai_client(&mock, Box::new(|b| b.request_timeout(300).max_retries(0)));
    // The client would use the same 300 ms itself; let it wait longer than the gateway.
    let options = RequestOptions::new().timeout(Duration::from_secs(10));
    let error = api_error(client.chat_with(chat_request("slow-1500", "too slow"), options));

    assert_eq!(error.status, 408);
    assert_eq!(error.kind(), ApiErrorKind::RequestTimeout);
    assert!(error.message.contains("timeout"), "{error:?}");
    assert_eq!(error.error_type.as_deref(), Some("timeout_error"));

    let request = only_request(&mock);
    assert_eq!(request.body["model"], "slow-1500");
}

fn gateway_rejections_are_typed_400s(h: &Harness) {
    let mock = h.mock("rejected");

    // A string config goes out as is: the gateway wants JSON.
    let client = h.openai_client(&mock, Box::new(|b| b.config("{not json")));
    let error = api_error(client.chat(chat_request("gpt-4o-mini", "bad config")));
    assert_eq!((error.status.as_u16(), error.kind()), (400, ApiErrorKind::BadRequest));
    assert_eq!(error.message, "Invalid config passed. You need to pass a valid json");

    // Valid JSON, invalid schema.
    let client = h.client(|b| {
        b.config(json!({
            "strategy": {"mode": "roundrobin"},
            "targets": [{"provider": "openai", "api_key": "sk-a", "custom_host": mock.base_url()}],
        }))
    });
    let error = api_error(client.chat(chat_request("gpt-4o-mini", "bad mode")));
    assert_eq!((error.status.as_u16(), error.kind()), (400, ApiErrorKind::BadRequest));
    assert_eq!(error.message, "Invalid config passed");
    let errors = error.json().map(|body| body["errors"].to_string()).unwrap_or_default();
    assert!(errors.contains("Invalid 'mode' value"), "{error:?}");

    // An unknown provider.
    let client = h.client(|b| b.provider("not-a-provider").custom_host(mock.base_url()).authorization("sk-test"));
    let error = api_error(client.chat(chat_request("gpt-4o-mini", "bad provider")));
    assert_eq!((error.status.as_u16(), error.kind()), (400, ApiErrorKind::BadRequest));
    assert_eq!(error.message, "Invalid provider passed");

    assert_eq!(mock.requests().len(), 0, "the gateway rejected every request itself");
}

fn strict_open_ai_compliance_with_anthropic(h: &Harness) {
    let mock = h.mock("anthropic");
    let anthropic = |strict: bool| {
        let custom_host = mock.base_url();
        h.client(move |b| {
            b.provider("anthropic").custom_host(custom_host).authorization("sk-ant").strict_open_ai_compliance(strict)
        })
    };
    let request = || chat_request("claude-mock", "hi claude").max_tokens(64);

    // Strict: the plain OpenAI shape.
    let reply = anthropic(true).chat(request()).expect("strict anthropic chat");
    assert_eq!(reply.text(), Some("echo: hi claude"));
    assert_eq!(reply.choices[0].finish_reason.as_str(), "stop");
    assert_eq!(reply.meta.provider(), Some("anthropic"));
    assert!(!reply.choices[0].message.extra.contains_key("content_blocks"), "{reply:#?}");

    // Not strict: the gateway adds Anthropic's own fields, and the client keeps them.
    let reply = anthropic(false).chat(request()).expect("non-strict anthropic chat");
    assert_eq!(reply.text(), Some("echo: hi claude"));
    assert_eq!(reply.choices[0].finish_reason.as_str(), "end_turn");
    assert_eq!(
        reply.choices[0].message.extra.get("content_blocks"),
        Some(&json!([{"type": "text", "text": "echo: hi claude"}])),
        "{reply:#?}"
    );

    // Both went to the Messages API, translated.
    let requests = mock.requests();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    for request in &requests {
        assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/v1/messages"));
        assert_eq!(request.header("x-api-key"), Some("sk-ant"));
        assert!(request.header("anthropic-version").is_some(), "{request:#?}");
        assert_eq!(request.body["max_tokens"], 64);
        assert_eq!(request.body["messages"], json!([{"role": "user", "content": "hi claude"}]));
        assert!(request.body["system"].to_string().contains("be brief"), "{request:#?}");
        assert_no_portkey_headers(request);
    }
}

// ---------------------------------------------------------------------------------------------
// Guardrails (the gateway's `default.contains` check, run locally)
// ---------------------------------------------------------------------------------------------

/// A config whose input guardrail fails on the word "forbidden"; `deny` decides 446 or 246.
fn guarded(mock: &portkey_tests::mock_provider::MockProvider, deny: bool) -> serde_json::Value {
    json!({
        "provider": "openai", "api_key": "sk-a", "custom_host": mock.base_url(),
        "input_guardrails": [{"default.contains": {"operator": "none", "words": ["forbidden"]}, "deny": deny}],
    })
}

fn a_denying_guardrail_is_a_typed_446(h: &Harness) {
    let mock = h.mock("A");
    let client = h.client(|builder| builder.config(guarded(&mock, true)).max_retries(0));
    let error = api_error(client.chat(chat_request("gpt-4o-mini", "this is forbidden")));

    assert_eq!((error.status.as_u16(), error.kind()), (446, ApiErrorKind::GuardrailDenied));
    assert_eq!(error.error_type.as_deref(), Some("hooks_failed"));
    let hooks = error.hook_results().expect("the verdicts");
    let failed: Vec<_> = hooks.failed().collect();
    assert_eq!(failed.len(), 1, "{hooks:#?}");
    assert!(failed[0].deny && failed[0].kind.as_deref() == Some("guardrail"), "{hooks:#?}");
    assert_eq!(failed[0].checks[0].id, "default.contains");
    assert_eq!(failed[0].checks[0].data.as_ref().unwrap()["foundWords"], json!(["forbidden"]));
    assert_eq!(error.gateway().last_used_option_index(), Some("config"));
    assert!(mock.requests().is_empty(), "the provider was not called");
}

fn a_flagging_guardrail_is_a_246_success_with_its_verdicts(h: &Harness) {
    let mock = h.mock("A");
    let client = h.client(|builder| builder.config(guarded(&mock, false)).max_retries(0));
    let reply = client.chat(chat_request("gpt-4o-mini", "this is forbidden")).expect("served despite the verdict");
    assert_eq!(reply.meta.status(), 246);
    assert!(reply.meta.guardrail_failed());
    assert_eq!(reply.text(), Some("echo: this is forbidden"));
    let hooks = reply.hook_results().expect("the verdicts");
    assert_eq!(hooks.failed().count(), 1, "{hooks:#?}");
    assert!(!hooks.before_request_hooks[0].deny);

    // Streamed, not strict: the gateway sends the verdicts as an event before the first
    // chunk; the stream keeps them aside and its items are the chunks.
    let request = chat_request("gpt-4o-mini", "this is forbidden");
    let options = RequestOptions::new().header("x-portkey-strict-open-ai-compliance", "false");
    let (meta, items, hooks) = match &client.client {
        AnyClient::Blocking(c) => {
            let mut stream = c.chat().completions().create_stream_with(request, options).unwrap();
            let items: Vec<_> = stream.by_ref().collect();
            (stream.meta().clone(), items, stream.hook_results())
        }
        AnyClient::Async(c) => client.harness.block_on(async {
            let mut stream = c.chat().completions().create_stream_with(request, options).await.unwrap();
            let mut items = Vec::new();
            while let Some(item) = stream.next().await {
                items.push(item);
            }
            (stream.meta().clone(), items, stream.hook_results())
        }),
    };
    assert!(meta.guardrail_failed());
    assert!(!items.is_empty() && items.iter().all(Result::is_ok), "{items:?}");
    let text: String = items.iter().filter_map(|c| c.as_ref().ok()?.delta_text()).collect();
    assert_eq!(text, "echo: this is forbidden");
    let hooks = hooks.expect("the stream's verdicts");
    assert_eq!(hooks.failed().next().map(|h| h.checks[0].id.as_str()), Some("default.contains"));
}

// ---------------------------------------------------------------------------------------------
// Streams that fail mid-way (the mock's `stream-error` and `stream-cut` models)
// ---------------------------------------------------------------------------------------------

/// What the gateway relays when the provider fails mid-stream: OpenAI's `error` data as is;
/// Anthropic's `error` event as a chunk whose `finish_reason` is the error's type, then
/// `[DONE]`; and when the provider's body just stops, a clean end without `[DONE]` (as also
/// when its connection breaks: the gateway logs it and closes the stream).
fn chat_streams_failing_mid_way_end_with_a_typed_error(h: &Harness) {
    let mock = h.mock("broken-stream");
    let openai = h.openai_client(&mock, no_change());
    let custom_host = mock.base_url();
    let anthropic = h.client(move |b| b.provider("anthropic").custom_host(custom_host).authorization("sk-ant"));
    // The mock's chat stream has a role chunk then a word each; its Messages stream, two
    // opening events then all the text.
    for (client, provider, texts, text) in
        [(&openai, "openai", 2, "echo:"), (&anthropic, "anthropic", 3, "echo: a b c")]
    {
        let (_, mut items) = client.chat_stream(chat_request("stream-error", "a b c")).expect("opening the stream");
        let last = items.pop();
        let expected = if provider == "openai" { "mock stream failure" } else { "overloaded_error (from anthropic)" };
        assert!(
            matches!(&last, Some(Err(Error::Stream { message, .. })) if message == expected),
            "{provider}: {last:?} after {items:?}"
        );
        assert_eq!(items.len(), texts, "{provider}: the chunks before the failure: {items:?}");
        assert!(items.iter().all(Result::is_ok), "{items:?}");

        let (_, mut items) = client.chat_stream(chat_request("stream-cut", "a b c")).expect("opening the stream");
        let last = items.pop();
        assert!(
            matches!(last, Some(Err(Error::StreamIncomplete { received, ends: [] })) if received == texts as u64),
            "{provider}: {last:?} after {items:?}"
        );
        let got: String = items.iter().filter_map(|c| c.as_ref().unwrap().delta_text()).collect();
        assert_eq!(got, text, "{provider}");
    }
    assert_eq!(mock.requests().len(), 4, "no stream was sent again");
}
