//! Client behaviour: every test body runs against a `MockGateway` with the async client
//! (`AsyncPortkey`, driven by its own runtime) and with the blocking client (`Portkey`), through
//! one small harness (`support`), so both flavors are held to the same expectations.

mod support;

use std::time::Duration;

use http::Method;
use portkey::testing::{MockGateway, MockReply};
use portkey::types::{
    ChatCompletionRequest, ChatMessage, CompletionRequest, EmbeddingRequest, FeedbackRequest, StreamOptions,
};
use portkey::{ApiErrorKind, Error, Portkey, RequestOptions};
use serde_json::{Value, json};
use support::*;

// ---------------------------------------------------------------------------------------------
// Chat completions
// ---------------------------------------------------------------------------------------------

#[test]
fn chat_returns_the_typed_echo_with_gateway_metadata_and_sends_the_expected_request() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client =
            Client::new(kind, &gateway, |b| b.trace_id("t-1").provider("openai").metadata(json!({"user": "u-1"})));
        let reply = client.chat(hello("hello world")).unwrap();

        assert_eq!(reply.text(), Some("echo: hello world"));
        assert_eq!(reply.model, "gpt-4o-mini");
        assert_eq!(serde_json::to_value(&reply.body).unwrap()["object"], "chat.completion");
        assert_eq!(reply.choices.len(), 1);
        assert_eq!(reply.choices[0].finish_reason.as_str(), "stop");
        let usage = reply.usage.as_ref().expect("usage");
        assert_eq!((usage.prompt_tokens, usage.completion_tokens, usage.total_tokens), (2, 3, 5));

        let meta = reply.meta();
        assert_eq!(meta.status(), 200);
        assert_eq!(meta.trace_id(), Some("t-1"));
        assert_eq!(meta.last_used_option_index(), Some("config"));
        assert_eq!(meta.retry_attempt_count(), Some(0));
        assert_eq!(meta.cache_status(), Some(portkey::CacheStatus::Disabled));
        assert_eq!(meta.provider(), Some("openai"));
        assert_eq!(meta.header("x-mock-seq"), Some("1"));

        let sent = only_request(&gateway);
        assert_eq!(sent.method, "POST");
        assert_eq!(sent.path, "/v1/chat/completions");
        assert_eq!(sent.query, None);
        assert_eq!(sent.header("x-portkey-trace-id"), Some("t-1"));
        assert_eq!(sent.header("x-portkey-provider"), Some("openai"));
        let metadata: Value =
            serde_json::from_str(sent.header("x-portkey-metadata").expect("metadata header")).unwrap();
        assert_eq!(metadata["user"], "u-1");
        assert_eq!(sent.header("authorization"), Some("Bearer OPENAI_API_KEY"));
        assert_eq!(sent.header("content-type"), Some("application/json"));
        assert_eq!(sent.header_all("x-portkey-trace-id").len(), 1);
        assert_eq!(
            sent.json(),
            Some(json!({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hello world"}]}))
        );
    });
}

#[test]
fn a_configured_authorization_replaces_the_placeholder() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.authorization("Bearer sk-real"));
        client.chat(hello("hi")).unwrap();
        assert_eq!(only_request(&gateway).header_all("authorization"), ["Bearer sk-real"]);
    });
}

#[test]
fn chat_with_stream_true_is_refused_before_sending() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b);
        let error = client.chat(hello("hi").stream(true)).unwrap_err();
        assert!(matches!(error, Error::InvalidOption(_)), "{error:?}");
        assert!(gateway.requests().is_empty());
    });
}

#[test]
fn unknown_response_fields_are_kept() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        gateway.enqueue(MockReply::json(
            200,
            json!({
                "id": "msg_1",
                "object": "chat.completion",
                "created": 1,
                "model": "claude-3-5-sonnet",
                "provider": "anthropic",
                "choices": [{
                    "index": 0,
                    "message": {"role": "assistant", "content": "hi there", "reasoning": "thought"},
                    "finish_reason": "end_turn",
                    "stop_sequence": "###",
                }],
                "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3, "cache_read_input_tokens": 7},
            }),
        ));
        let client = Client::new(kind, &gateway, |b| b);
        let reply = client.chat(hello("hi")).unwrap();
        assert_eq!(reply.text(), Some("hi there"));
        assert_eq!(reply.extra.get("provider"), Some(&json!("anthropic")));
        assert_eq!(reply.choices[0].extra.get("stop_sequence"), Some(&json!("###")));
        assert_eq!(reply.choices[0].finish_reason.as_str(), "end_turn");
        assert_eq!(reply.choices[0].message.extra.get("reasoning"), Some(&json!("thought")));
        let usage = reply.usage.as_ref().unwrap();
        assert_eq!(usage.extra.get("cache_read_input_tokens"), Some(&json!(7)));
        // A scripted reply has none of the gateway headers.
        assert_eq!(reply.meta().trace_id(), None);
    });
}

// ---------------------------------------------------------------------------------------------
// Streaming
// ---------------------------------------------------------------------------------------------

#[test]
fn chat_stream_reassembles_the_echo_and_ends_at_done() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.trace_id("t-stream"));
        let (meta, chunks) = client.stream_chat(hello("one two three")).unwrap();
        assert_eq!(meta.status(), 200);
        assert_eq!(meta.trace_id(), Some("t-stream"));
        assert_eq!(meta.header("content-type"), Some("text/event-stream"));
        assert!(chunks.iter().all(Result::is_ok), "{chunks:?}");
        // A role chunk, one chunk per word, a finish chunk; nothing after [DONE].
        assert_eq!(chunks.len(), 1 + 4 + 1);
        assert_eq!(stream_text(&chunks), "echo: one two three");
        let last = chunks.last().unwrap().as_ref().unwrap();
        assert_eq!(last.choices[0].finish_reason.as_ref().map(|r| r.as_str()), Some("stop"));
        assert!(chunks.iter().all(|c| c.as_ref().unwrap().usage.is_none()));
        assert_eq!(serde_json::to_value(chunks[0].as_ref().unwrap()).unwrap()["object"], "chat.completion.chunk");

        let sent = only_request(&gateway);
        assert_eq!(sent.path, "/v1/chat/completions");
        let body = sent.json().unwrap();
        assert_eq!(body["stream"], true);
        assert_eq!(body["messages"][0]["content"], "one two three");
    });
}

#[test]
fn chat_stream_includes_a_usage_chunk_when_asked() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b);
        let mut request = hello("count me");
        request.stream_options = Some(StreamOptions { include_usage: Some(true), ..Default::default() });
        let (_, chunks) = client.stream_chat(request).unwrap();
        assert_eq!(stream_text(&chunks), "echo: count me");
        let last = chunks.last().unwrap().as_ref().unwrap();
        assert!(last.choices.is_empty());
        let usage = last.usage.as_ref().expect("usage chunk");
        assert_eq!((usage.prompt_tokens, usage.completion_tokens, usage.total_tokens), (2, 3, 5));
        assert_eq!(only_request(&gateway).json().unwrap()["stream_options"], json!({"include_usage": true}));
    });
}

fn chunk_json(text: &str) -> String {
    json!({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
           "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": null}]})
    .to_string()
}

#[test]
fn chat_stream_skips_comments_and_joins_multi_line_data() {
    for_both(|kind| {
        for framed in [true, false] {
            let gateway = MockGateway::start().unwrap();
            let first = chunk_json("Hel");
            // The second chunk's JSON is split over two `data:` lines of one event.
            let second = chunk_json("lo");
            let (head, tail) = second.split_at(second.find("\"choices\"").unwrap());
            let after = chunk_json("after done");
            let body = format!(
                ": keep-alive\n\nevent: message\ndata: {first}\n\n:ping\n\ndata: {head}\ndata: {tail}\n\n\
                 data: [DONE]\n\ndata: {after}\n\n"
            );
            let reply = MockReply::raw_sse(body);
            gateway.enqueue(if framed { reply.chunk_delay(Duration::from_millis(2)) } else { reply });
            let client = Client::new(kind, &gateway, |b| b);
            let (_, chunks) = client.stream_chat(hello("x")).unwrap();
            assert_eq!(chunks.len(), 2, "framed: {framed}: {chunks:?}");
            assert_eq!(stream_text(&chunks), "Hello");
        }
    });
}

#[test]
fn a_chat_stream_whose_body_ends_before_done_ends_with_stream_incomplete() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        gateway.enqueue(MockReply::sse([chunk_json("a"), chunk_json("b")]));
        let client = Client::new(kind, &gateway, |b| b);
        let (_, mut chunks) = client.stream_chat(hello("x")).unwrap();
        assert!(matches!(chunks.pop(), Some(Err(Error::StreamIncomplete { received: 2, ends: [] }))), "{chunks:?}");
        assert_eq!(stream_text(&chunks), "ab");
    });
}

#[test]
fn an_error_event_mid_stream_yields_a_stream_error_then_ends_and_is_not_retried() {
    for_both(|kind| {
        // Events sent one frame each, then the whole body in one frame (where the events after
        // the error are already decoded when the error is returned).
        for framed in [true, false] {
            let gateway = MockGateway::start().unwrap();
            let body = format!(
                "data: {}\n\ndata: {{\"error\":{{\"message\":\"boom\"}}}}\n\ndata: {}\n\ndata: [DONE]\n\n",
                chunk_json("partial"),
                chunk_json("never")
            );
            let reply = MockReply::raw_sse(body);
            gateway.enqueue(if framed { reply.chunk_delay(Duration::from_millis(5)) } else { reply });
            let client = Client::new(kind, &gateway, |b| b.max_retries(3));
            let (_, chunks) = client.stream_chat(hello("x")).unwrap();
            assert_eq!(chunks.len(), 2, "framed: {framed}: nothing may follow the error: {chunks:?}");
            assert_eq!(chunks[0].as_ref().unwrap().delta_text(), Some("partial"));
            match &chunks[1] {
                Err(Error::Stream { message, data }) => {
                    assert_eq!(message, "boom");
                    assert!(data.contains("boom"), "{data}");
                }
                other => panic!("expected a stream error, got {other:?}"),
            }
            assert_eq!(gateway.requests().len(), 1, "a started stream is never retried");
        }
    });
}

#[test]
fn an_error_typed_event_is_a_stream_error() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        gateway.enqueue(MockReply::raw_sse(format!(
            "data: {}\n\nevent: error\ndata: upstream reset\n\n",
            chunk_json("a")
        )));
        let client = Client::new(kind, &gateway, |b| b);
        let (_, chunks) = client.stream_chat(hello("x")).unwrap();
        assert_eq!(chunks.len(), 2, "{chunks:?}");
        assert!(matches!(&chunks[1], Err(Error::Stream { message, .. }) if message == "upstream reset"), "{chunks:?}");
    });
}

#[test]
fn an_undecodable_stream_item_is_a_decode_error_with_its_data() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        gateway.enqueue(MockReply::sse(["not json", "[DONE]"]));
        let client = Client::new(kind, &gateway, |b| b);
        let (_, chunks) = client.stream_chat(hello("x")).unwrap();
        assert_eq!(chunks.len(), 1, "{chunks:?}");
        assert!(matches!(&chunks[0], Err(Error::Decode { body, .. }) if body == "not json"), "{chunks:?}");
        // Like any error, it ends the stream: a valid chunk after it is not delivered.
        gateway.enqueue(MockReply::sse(["not json".to_string(), chunk_json("after"), "[DONE]".to_string()]));
        let (_, chunks) = client.stream_chat(hello("x")).unwrap();
        assert_eq!(chunks.len(), 1, "nothing may follow the error: {chunks:?}");
        assert!(matches!(&chunks[0], Err(Error::Decode { .. })), "{chunks:?}");
    });
}

#[test]
fn an_http_error_status_is_returned_by_create_stream_itself() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let body = json!({"error": {"message": "rate limited", "type": "rate_limit_error", "code": "rl"}});
        gateway.enqueue(MockReply::json(429, body.clone()));
        let client = Client::new(kind, &gateway, |b| b.max_retries(0));
        let error = client.stream_chat(hello("x")).unwrap_err();
        let e = api(&error);
        assert_eq!(e.status, 429);
        assert_eq!(e.kind(), ApiErrorKind::RateLimit);
        assert_eq!(e.message, "rate limited");
        assert_eq!(e.code.as_deref(), Some("rl"));
        assert_eq!(e.json(), Some(body));
        assert_eq!(gateway.requests().len(), 1);

        // A 500 is retried before the stream starts (default: once), then reported.
        gateway.clear();
        gateway.enqueue(quick_503());
        gateway.enqueue(MockReply::json(500, json!({"error": {"message": "internal"}})).header("retry-after-ms", "1"));
        let client = Client::new(kind, &gateway, |b| b);
        let error = client.stream_chat(hello("x")).unwrap_err();
        assert_eq!(api(&error).status, 500);
        assert_eq!(api(&error).message, "internal");
        assert!(api(&error).body.contains("\"internal\""));
        assert_eq!(gateway.requests().len(), 2);

        // And a retry that succeeds opens the stream.
        gateway.clear();
        gateway.enqueue(quick_503());
        let (_, chunks) = client.stream_chat(hello("retried")).unwrap();
        assert_eq!(stream_text(&chunks), "echo: retried");
        assert_eq!(gateway.requests().len(), 2);
    });
}

#[test]
fn a_json_reply_to_a_stream_call_is_a_decode_error_keeping_the_reply() {
    // A gateway that drops `stream` answers with the whole completion as JSON; the SDK reads
    // no event from it, and the client says what it got instead.
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let completion = json!({"id": "chatcmpl-1", "object": "chat.completion", "choices": []});
        gateway.enqueue(MockReply::json(200, completion.clone()));
        let client = Client::new(kind, &gateway, |b| b);
        let error = client.stream_chat(hello("x")).unwrap_err();
        let Error::Decode { message, body } = &error else { panic!("{error:?}") };
        assert!(message.contains("text/event-stream") && message.contains("application/json"), "{message}");
        assert_eq!(serde_json::from_str::<Value>(body).unwrap(), completion);
        assert_eq!(gateway.requests().len(), 1, "not retried");
    });
}

// ---------------------------------------------------------------------------------------------
// Other resources and the generic methods
// ---------------------------------------------------------------------------------------------

#[test]
fn completions_plain_and_streamed() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b);
        let reply = client.completion(CompletionRequest::new("gpt-3.5-turbo-instruct", "say this")).unwrap();
        assert_eq!(reply.text(), Some("echo: say this"));
        assert_eq!(serde_json::to_value(&reply.body).unwrap()["object"], "text_completion");
        assert_eq!(reply.usage.as_ref().unwrap().total_tokens, 5);

        let (meta, chunks) = client.stream_completion(CompletionRequest::new("gpt-3.5-turbo-instruct", "a b")).unwrap();
        assert_eq!(meta.status(), 200);
        let text: String = chunks.iter().map(|c| c.as_ref().unwrap().text().unwrap_or_default().to_string()).collect();
        assert_eq!(text, "echo: a b");

        let requests = gateway.requests();
        assert_eq!(requests.len(), 2);
        for r in &requests {
            assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/v1/completions"));
            assert_eq!(r.header("authorization"), Some("Bearer OPENAI_API_KEY"));
        }
        assert_eq!(requests[0].json(), Some(json!({"model": "gpt-3.5-turbo-instruct", "prompt": "say this"})));
        assert_eq!(requests[1].json().unwrap()["stream"], true);
        assert_eq!(requests[1].json().unwrap()["prompt"], "a b");
    });
}

#[test]
fn embeddings_models_and_feedback() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b);

        let embedded =
            client.embeddings(EmbeddingRequest::new("text-embedding-3-small", vec!["a", "b c"])).unwrap().into_body();
        assert_eq!(embedded.data.len(), 2);
        assert_eq!(embedded.data[1].index, 1);
        assert_eq!(embedded.data[0].as_floats().map(<[f64]>::len), Some(8));
        assert_ne!(embedded.data[0].embedding, embedded.data[1].embedding);
        assert_eq!(embedded.usage.prompt_tokens, 3);

        let models = client.models().unwrap().into_body();
        let ids: Vec<&str> = models.data.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["gpt-4o-mini", "claude-3-5-sonnet"]);
        assert_eq!(models.data[1].owned_by, "anthropic");

        let model = client.model("my model/1").unwrap();
        assert_eq!(model.id, "my%20model%2F1", "the id travels as one percent-encoded path segment");
        for empty in ["", ".", ".."] {
            let error = client.model(empty).unwrap_err();
            assert!(matches!(error, Error::InvalidArgument { name: "model", .. }), "{error:?}");
        }

        let feedback = client.feedback(FeedbackRequest::new("trace-9", 1)).unwrap();
        assert_eq!(feedback.status.as_deref(), Some("success"));
        assert_eq!(feedback.feedback_ids.as_deref(), Some(&["fb-mock-4".to_owned()][..]));

        let r = gateway.requests();
        assert_eq!(r.len(), 4);
        assert_eq!((r[0].method.as_str(), r[0].path.as_str()), ("POST", "/v1/embeddings"));
        assert_eq!(r[0].json(), Some(json!({"model": "text-embedding-3-small", "input": ["a", "b c"]})));
        assert_eq!((r[1].method.as_str(), r[1].path.as_str()), ("GET", "/v1/models"));
        assert!(r[1].body.is_empty());
        assert_eq!(r[1].header("content-type"), None);
        assert_eq!((r[2].method.as_str(), r[2].path.as_str()), ("GET", "/v1/models/my%20model%2F1"));
        assert_eq!((r[3].method.as_str(), r[3].path.as_str()), ("POST", "/v1/feedback"));
        assert_eq!(r[3].json(), Some(json!({"trace_id": "trace-9", "value": 1})));
        // Feedback goes through Portkey's own client: no placeholder authorization.
        assert_eq!(r[3].header("authorization"), None);
    });
}

#[test]
fn generic_post_get_and_request() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.trace_id("t-gen"));

        let posted =
            client.post("/chat/completions", &json!({"model": "m", "messages": [{"role": "user", "content": "raw"}]}));
        let posted = posted.unwrap();
        assert_eq!(posted["choices"][0]["message"]["content"], "echo: raw");
        assert_eq!(posted.meta().trace_id(), Some("t-gen"));

        let models = client.get("/models").unwrap();
        assert_eq!(models["data"][0]["id"], "gpt-4o-mini");

        let custom = client
            .request(
                Method::PUT,
                "/prompts/p-1",
                Some(json!({"name": "x"})),
                RequestOptions::new().query("version", "2").header("x-extra", "1"),
            )
            .unwrap_err();
        assert_eq!(api(&custom).kind(), ApiErrorKind::NotFound);
        assert!(api(&custom).message.contains("no route for PUT /v1/prompts/p-1"), "{}", api(&custom).message);

        let r = gateway.requests();
        assert_eq!(r.len(), 3, "a 404 is not retried");
        assert_eq!((r[0].method.as_str(), r[0].path.as_str()), ("POST", "/v1/chat/completions"));
        assert_eq!(r[0].json().unwrap()["messages"][0]["content"], "raw");
        assert_eq!(r[0].header("x-portkey-trace-id"), Some("t-gen"));
        assert_eq!((r[1].method.as_str(), r[1].path.as_str()), ("GET", "/v1/models"));
        assert_eq!(
            (r[2].method.as_str(), r[2].path.as_str(), r[2].query.as_deref()),
            ("PUT", "/v1/prompts/p-1", Some("version=2"))
        );
        assert_eq!(r[2].json(), Some(json!({"name": "x"})));
        assert_eq!(r[2].header("x-extra"), Some("1"));
        assert_eq!(r[2].header("content-type"), Some("application/json"));
    });
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[test]
fn error_statuses_map_to_api_errors_with_their_details() {
    let cases = [
        (400, ApiErrorKind::BadRequest),
        (401, ApiErrorKind::Authentication),
        (403, ApiErrorKind::PermissionDenied),
        (404, ApiErrorKind::NotFound),
        (409, ApiErrorKind::Conflict),
        (422, ApiErrorKind::UnprocessableEntity),
        (429, ApiErrorKind::RateLimit),
        (412, ApiErrorKind::PolicyExhausted),
        (446, ApiErrorKind::GuardrailDenied),
        (500, ApiErrorKind::InternalServer),
        (503, ApiErrorKind::InternalServer),
    ];
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.max_retries(0));
        for (status, want) in cases {
            let body = json!({"error": {
                "message": format!("problem {status}"),
                "type": format!("type_{status}"),
                "code": format!("code_{status}"),
                "param": "messages",
            }, "provider": "openai"});
            gateway.enqueue(MockReply::json(status, body.clone()).header("x-portkey-trace-id", "t-err"));
            let error = client.chat(hello("x")).unwrap_err();
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
            let e = api(&error);
            assert_eq!(e.kind(), want, "{status}");
            assert_eq!(e.status, status);
            assert_eq!(e.message, format!("problem {status}"));
            assert_eq!(e.error_type.as_deref(), Some(format!("type_{status}").as_str()));
            assert_eq!(e.code.as_deref(), Some(format!("code_{status}").as_str()));
            assert_eq!(e.param.as_deref(), Some("messages"));
            assert_eq!(serde_json::from_str::<Value>(&e.body).unwrap(), body);
            assert_eq!(e.trace_id(), Some("t-err"));
            assert_eq!(error.gateway().and_then(|g| g.trace_id()), Some("t-err"));
            assert_eq!(error.to_string(), format!("Error code: {status} - problem {status}"));
        }
        assert_eq!(gateway.requests().len(), cases.len(), "max_retries(0): one request each");

        // The mock's `fail-<code>` models, a gateway-style body and a plain-text body.
        let error = client.chat(ChatCompletionRequest::new("fail-422", [ChatMessage::user("x")])).unwrap_err();
        assert_eq!((api(&error).kind(), api(&error).code.as_deref()), (ApiErrorKind::UnprocessableEntity, Some("422")));
        gateway.enqueue(MockReply::json(400, json!({"status": "failure", "message": "Invalid config passed"})));
        let error = client.chat(hello("x")).unwrap_err();
        assert_eq!(api(&error).message, "Invalid config passed");
        assert_eq!(api(&error).code, None);
        gateway.enqueue(MockReply::text(418, "short and stout"));
        let error = client.chat(hello("x")).unwrap_err();
        assert_eq!((api(&error).kind(), api(&error).message.as_str()), (ApiErrorKind::Other, "short and stout"));
    });
}

#[test]
fn a_success_that_is_not_json_is_a_decode_error_keeping_the_body() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        gateway.enqueue(MockReply::text(200, "<html>gateway page</html>"));
        let client = Client::new(kind, &gateway, |b| b);
        match client.chat(hello("x")).unwrap_err() {
            Error::Decode { message, body } => {
                assert_eq!(body, "<html>gateway page</html>");
                assert!(!message.is_empty());
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        assert_eq!(gateway.requests().len(), 1, "a decode error is not retried");
    });
}

#[test]
fn connection_refused_is_a_connection_error() {
    for_both(|kind| {
        let url = dead_port_url();
        let client = Client::at(kind, &url, |b| b.max_retries(0));
        let error = client.chat(hello("x")).unwrap_err();
        assert!(matches!(error, Error::Connection(_)), "{error:?}");
        assert!(!error.to_string().contains(&url), "no URL in the message: {error}");
        // The root cause is in the chain of sources, and in the message.
        let mut source = std::error::Error::source(&error);
        let mut refused = false;
        while let Some(cause) = source {
            let io = cause.downcast_ref::<std::io::Error>();
            refused |= io.is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused);
            source = cause.source();
        }
        assert!(refused, "{error:?}");
        assert!(error.to_string().contains("refused"), "{error}");
        // With the default retry (after ~0.4 s), the error is still a connection error.
        let client = Client::at(kind, &url, |b| b);
        let error = client.models().unwrap_err();
        assert!(matches!(error, Error::Connection(_)), "{error:?}");
    });
}

#[test]
fn response_timeout_gives_a_timeout_error() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        gateway.enqueue(MockReply::json(200, json!({})).delay(Duration::from_secs(5)));
        let client = Client::new(kind, &gateway, |b| b.response_timeout(200).max_retries(0));
        let error = client.chat(hello("x")).unwrap_err();
        assert!(matches!(error, Error::Timeout), "{error:?}");
        assert_eq!(gateway.requests().len(), 1);
    });
}

#[test]
fn a_per_call_timeout_overrides_the_client_one() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        gateway.enqueue(MockReply::json(200, json!({})).delay(Duration::from_secs(5)));
        let client = Client::new(kind, &gateway, |b| b);
        let options = RequestOptions::new().timeout(Duration::from_millis(200)).max_retries(0);
        let error = client.chat_with(hello("x"), options).unwrap_err();
        assert!(matches!(error, Error::Timeout), "{error:?}");
        assert_eq!(gateway.requests().len(), 1);
    });
}

#[test]
fn timeouts_are_retried() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        for _ in 0..2 {
            gateway.enqueue(MockReply::json(200, json!({})).delay(Duration::from_secs(5)));
        }
        let client = Client::new(kind, &gateway, |b| b.response_timeout(150));
        let error = client.chat(hello("x")).unwrap_err();
        assert!(matches!(error, Error::Timeout), "{error:?}");
        assert_eq!(gateway.requests().len(), 2, "default max_retries 1: two attempts");
    });
}

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

#[test]
fn default_retries_once_then_succeeds() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        gateway.enqueue(quick_503());
        let client = Client::new(kind, &gateway, |b| b);
        let reply = client.chat(hello("again")).unwrap();
        assert_eq!(reply.text(), Some("echo: again"));
        let requests = gateway.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].body, requests[1].body, "the retry sends the same body");
        assert_eq!(reply.meta().header("x-mock-seq"), Some("2"));
    });
}

#[test]
fn default_backoff_without_retry_after_still_retries() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        gateway.enqueue(MockReply::json(502, json!({"error": {"message": "bad gateway"}})));
        let client = Client::new(kind, &gateway, |b| b);
        assert_eq!(client.chat(hello("x")).unwrap().text(), Some("echo: x"));
        assert_eq!(gateway.requests().len(), 2);
    });
}

#[test]
fn two_failures_exhaust_the_default_retry() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        gateway.enqueue(quick_503());
        gateway.enqueue(quick_503());
        let client = Client::new(kind, &gateway, |b| b);
        let error = client.chat(hello("x")).unwrap_err();
        assert_eq!(api(&error).status, 503);
        assert_eq!(api(&error).message, "overloaded");
        assert_eq!(gateway.requests().len(), 2);
    });
}

#[test]
fn max_retries_two_makes_three_attempts() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        for _ in 0..3 {
            gateway.enqueue(quick_503());
        }
        let client = Client::new(kind, &gateway, |b| b.max_retries(2));
        let error = client.chat(hello("x")).unwrap_err();
        assert_eq!(api(&error).status, 503);
        assert_eq!(gateway.requests().len(), 3);

        // Two failures, then success: three requests and a reply.
        gateway.clear();
        gateway.enqueue(quick_503());
        gateway.enqueue(quick_503());
        assert_eq!(client.chat(hello("third")).unwrap().text(), Some("echo: third"));
        assert_eq!(gateway.requests().len(), 3);
    });
}

#[test]
fn per_call_max_retries_overrides_the_client() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        gateway.enqueue(quick_503());
        let client = Client::new(kind, &gateway, |b| b.max_retries(5));
        let error = client.chat_with(hello("x"), RequestOptions::new().max_retries(0)).unwrap_err();
        assert_eq!(api(&error).status, 503);
        assert_eq!(gateway.requests().len(), 1);
    });
}

/// The Python SDK's retry decision (`_should_retry`, portkey-ai 2.3.4), case by case: a reply
/// is retried only with a status of 500 or more and none of the headers by which the gateway
/// says it made the reply (it already retried as its config says); `x-should-retry` is not read.
#[test]
fn replies_are_retried_as_the_sdk_retries_them() {
    /// A reply's status and extra headers, and whether the SDK retries it.
    type Case = (u16, &'static [(&'static str, &'static str)], bool);
    let cases: &[Case] = &[
        (500, &[], true),
        (502, &[], true),
        (503, &[("retry-after-ms", "5")], true),
        (503, &[("x-portkey-trace-id", "t-1")], false),
        (500, &[("x-portkey-request-id", "r-1")], false),
        (502, &[("x-portkey-gateway-exception", "true")], false),
        (503, &[("x-portkey-trace-id", "")], true),
        (429, &[("retry-after-ms", "1")], false),
        (408, &[], false),
        (409, &[], false),
        (400, &[("x-should-retry", "true")], false),
        (500, &[("x-should-retry", "false")], true),
    ];
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.max_retries(1));
        for (status, headers, retried) in cases {
            gateway.clear();
            let mut reply =
                MockReply::json(*status, json!({"error": {"message": "first"}})).header("retry-after-ms", "1");
            for (name, value) in *headers {
                reply = reply.header(name, value);
            }
            gateway.enqueue(reply);
            let result = client.chat(hello("x"));
            let attempts = gateway.requests().len();
            assert_eq!(attempts, if *retried { 2 } else { 1 }, "{status} {headers:?}");
            if *retried {
                assert_eq!(result.unwrap().text(), Some("echo: x"));
            } else {
                let error = result.unwrap_err();
                assert_eq!((api(&error).status.as_u16(), api(&error).message.as_str()), (*status, "first"));
            }
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Per-call options and derived clients
// ---------------------------------------------------------------------------------------------

#[test]
fn request_options_add_headers_query_and_body_fields() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.trace_id("client-trace"));
        let options = RequestOptions::new()
            .header("x-portkey-trace-id", "call-trace")
            .header("x-custom", "v")
            .query("api-version", "2024-06-01")
            .query("a", "b c")
            .body_field("temperature", json!(0.5))
            .body_field("custom_field", json!({"k": [1, 2]}));
        let reply = client.chat_with(hello("opts"), options).unwrap();
        assert_eq!(reply.meta().trace_id(), Some("call-trace"));
        let sent = only_request(&gateway);
        assert_eq!(sent.header_all("x-portkey-trace-id"), ["call-trace"]);
        assert_eq!(sent.header("x-custom"), Some("v"));
        assert_eq!(sent.query.as_deref(), Some("api-version=2024-06-01&a=b+c"));
        assert_eq!(sent.path, "/v1/chat/completions");
        let body = sent.json().unwrap();
        assert_eq!(body["temperature"], 0.5);
        assert_eq!(body["custom_field"], json!({"k": [1, 2]}));
        assert_eq!(body["model"], "gpt-4o-mini");

        // The options were for that call only.
        gateway.clear();
        client.chat(hello("plain")).unwrap();
        let sent = only_request(&gateway);
        assert_eq!(sent.header("x-portkey-trace-id"), Some("client-trace"));
        assert_eq!((sent.header("x-custom"), sent.query.as_deref()), (None, None));
        assert!(sent.json().unwrap().get("custom_field").is_none());
    });
}

/// As `chat.completions.create(seed=1, temperature=0.5, extra_body={"seed": 2, "temperature":
/// 0.9, "top_k": 3})` sends `seed` 1, `temperature` 0.9 and `top_k` 3 (measured: the SDK names
/// `temperature` to its OpenAI client, which lets `extra_body` replace it, and routes `seed`
/// through its own `extra_body`, after the caller's); embeddings replace any field.
#[test]
fn body_fields_take_precedence_as_the_sdks_extra_body_does() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b);
        let options = RequestOptions::new()
            .body_field("seed", json!(2))
            .body_field("temperature", json!(0.9))
            .body_field("top_k", json!(3));
        client.chat_with(hello("x").seed(1).temperature(0.5), options.clone()).unwrap();
        let body = only_request(&gateway).json().unwrap();
        assert_eq!((&body["seed"], &body["temperature"], &body["top_k"]), (&json!(1), &json!(0.9), &json!(3)));

        // Unset on the request, the body field is sent.
        gateway.clear();
        client.chat_with(hello("x"), options).unwrap();
        let body = only_request(&gateway).json().unwrap();
        assert_eq!((&body["seed"], &body["temperature"]), (&json!(2), &json!(0.9)));

        gateway.clear();
        gateway.enqueue(MockReply::json(200, json!({"object": "list", "data": [], "model": "m"})));
        let request = portkey::types::EmbeddingRequest::new("m", "hi").dimensions(8);
        let options = RequestOptions::new().body_field("dimensions", json!(16));
        both!(&client, |c| c.embeddings().create_with(request, options)).unwrap();
        assert_eq!(only_request(&gateway).json().unwrap()["dimensions"], 16);
    });
}

#[test]
fn an_invalid_header_value_is_refused_before_anything_is_sent() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b);
        let options = RequestOptions::new().header("x-portkey-trace-id", "bad\nvalue");
        let error = client.chat_with(hello("x"), options.clone()).unwrap_err();
        assert!(matches!(error, Error::InvalidOption(_)), "{error:?}");
        assert!(error.to_string().contains("x-portkey-trace-id"), "{error}");
        let error = client.stream_chat_with(hello("x"), options.clone()).unwrap_err();
        assert!(matches!(error, Error::InvalidOption(_)), "{error:?}");
        let error = client.request(Method::GET, "/models", None, options).unwrap_err();
        assert!(matches!(error, Error::InvalidOption(_)), "{error:?}");
        let error = client.chat_with(hello("x"), RequestOptions::new().header("bad name", "v")).unwrap_err();
        assert!(matches!(error, Error::InvalidOption(_)), "{error:?}");
        assert!(gateway.requests().is_empty());
    });
}

#[test]
fn with_options_makes_a_changed_client_and_leaves_the_original_alone() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.trace_id("old").provider("openai"));
        let derived = client.with_options(|b| b.trace_id("new")).unwrap();
        assert_eq!(derived.chat(hello("x")).unwrap().meta().trace_id(), Some("new"));
        assert_eq!(client.chat(hello("x")).unwrap().meta().trace_id(), Some("old"));
        let r = gateway.requests();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].header("x-portkey-trace-id"), Some("new"));
        assert_eq!(r[0].header("x-portkey-provider"), Some("openai"), "other options are kept");
        assert_eq!(r[1].header("x-portkey-trace-id"), Some("old"));
        // The derived client keeps the original's base URL.
        assert_eq!(r[0].path, "/v1/chat/completions");
    });
}

#[test]
fn a_derived_client_with_another_base_url_sends_there_after_its_original_called() {
    for_both(|kind| {
        let (first, second) = (MockGateway::start().unwrap(), MockGateway::start().unwrap());
        let client = Client::new(kind, &first, |b| b);
        // The original has parsed (and keeps) its chat URL before the derived client exists.
        client.chat(hello("x")).unwrap();
        let derived = client.with_options(|b| b.base_url(second.url())).unwrap();
        derived.chat(hello("x")).unwrap();
        client.chat(hello("x")).unwrap();
        let kept = client.with_options(|b| b.trace_id("same base")).unwrap();
        kept.chat(hello("x")).unwrap();
        assert_eq!(first.requests().len(), 3);
        assert_eq!(second.requests().len(), 1);
        assert_eq!(second.requests()[0].path, "/v1/chat/completions");
    });
}

#[test]
fn a_user_supplied_reqwest_client_is_used() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-custom-client", reqwest::header::HeaderValue::from_static("yes"));
        let http = reqwest::Client::builder().default_headers(headers).build().unwrap();
        let client = Client::new(kind, &gateway, |b| b.http_client(http).trace_id("t-http"));
        client.chat(hello("x")).unwrap();
        let derived = client.with_options(|b| b.trace_id("t-derived")).unwrap();
        derived.models().unwrap();
        let r = gateway.requests();
        assert_eq!(r.len(), 2);
        for sent in &r {
            assert_eq!(sent.header("x-custom-client"), Some("yes"));
        }
        assert_eq!(r[0].header("x-portkey-trace-id"), Some("t-http"));
        assert_eq!(r[1].header("x-portkey-trace-id"), Some("t-derived"));
    });
}

// ---------------------------------------------------------------------------------------------
// The blocking client inside an async runtime
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_blocking_client_refuses_to_block_inside_a_runtime_without_panicking() {
    let gateway = MockGateway::start().unwrap();
    let client: Portkey = Portkey::builder().base_url(gateway.url()).build_with_env(&no_env).unwrap();

    let error = client.chat().completions().create(hello("x")).unwrap_err();
    assert!(matches!(error, Error::BlockingInAsyncContext), "{error:?}");
    assert!(error.to_string().contains("AsyncPortkey"), "{error}");
    let error = client.chat().completions().create_stream(hello("x")).unwrap_err();
    assert!(matches!(error, Error::BlockingInAsyncContext), "{error:?}");
    let error = client.models().list().unwrap_err();
    assert!(matches!(error, Error::BlockingInAsyncContext), "{error:?}");
    assert!(gateway.requests().is_empty());

    // Dropping a blocking client (and its runtime) here must not panic.
    let dropped: Portkey = Portkey::builder().base_url(gateway.url()).build_with_env(&no_env).unwrap();
    drop(dropped);

    // The same client works from a plain thread, streams included.
    let moved = client.clone();
    let chunks = std::thread::spawn(move || {
        let stream = moved.chat().completions().create_stream(hello("a b")).unwrap();
        stream.map(|c| c.unwrap().delta_text().unwrap_or_default().to_string()).collect::<String>()
    })
    .join()
    .unwrap();
    assert_eq!(chunks, "echo: a b");
    // And dropping the used client here does not panic either.
    drop(client);
}

/// `Error::BlockingInAsyncContext` itself recommends `tokio::task::spawn_blocking`: a blocking
/// client must work there.
#[tokio::test]
async fn the_blocking_client_refuses_spawn_blocking_threads_too_but_works_from_own_threads() {
    // spawn_blocking threads carry the runtime's context, and tokio cannot tell them from its
    // async threads: the rule is "not inside a tokio runtime", with a clear error.
    let gateway = MockGateway::start().unwrap();
    let client: Portkey = Portkey::builder().base_url(gateway.url()).build_with_env(&no_env).unwrap();
    let moved = client.clone();
    let result = tokio::task::spawn_blocking(move || moved.chat().completions().create(hello("from spawn_blocking")))
        .await
        .expect("no panic in spawn_blocking");
    let err = result.unwrap_err();
    assert!(matches!(err, Error::BlockingInAsyncContext), "{err:?}");
    assert!(err.to_string().contains("use AsyncPortkey"), "{err}");
    assert_eq!(gateway.requests().len(), 0);

    let moved = client.clone();
    let text = std::thread::spawn(move || {
        moved.chat().completions().create(hello("from a thread")).map(|r| r.text().map(str::to_string))
    })
    .join()
    .expect("no panic in a thread");
    assert_eq!(text.unwrap().as_deref(), Some("echo: from a thread"));
    assert_eq!(gateway.requests().len(), 1);
}

#[test]
fn a_blocking_stream_read_inside_a_runtime_yields_an_error_and_ends() {
    let gateway = MockGateway::start().unwrap();
    let client: Portkey = Portkey::builder().base_url(gateway.url()).build_with_env(&no_env).unwrap();
    let mut stream = client.chat().completions().create_stream(hello("a b c")).unwrap();
    assert!(stream.next().unwrap().is_ok());
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let items: Vec<_> = rt.block_on(async { stream.by_ref().collect() });
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(matches!(items[0], Err(Error::BlockingInAsyncContext)), "{items:?}");
    assert!(stream.next().is_none());
}

// ---------------------------------------------------------------------------------------------
// Secrets, tracing and the environment
// ---------------------------------------------------------------------------------------------

const SECRETS: [&str; 2] = ["pk-secret-123", "sk-secret-456"];

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret}: {text}");
    }
}

#[test]
fn secrets_never_show_in_debug_output_or_errors() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key(SECRETS[0]).authorization(SECRETS[1]).max_retries(0));
        assert_no_secret("the client's Debug", &client.debug_text());
        let derived = client.with_options(|b| b.trace_id("t")).unwrap();
        assert_no_secret("a derived client's Debug", &derived.debug_text());

        // They are sent, though.
        client.chat(hello("x")).unwrap();
        let sent = only_request(&gateway);
        assert_eq!(sent.header("x-portkey-api-key"), Some(SECRETS[0]));
        assert_eq!(sent.header("authorization"), Some(format!("Bearer {}", SECRETS[1]).as_str()));

        let mut errors = Vec::new();
        gateway.enqueue(MockReply::json(401, json!({"error": {"message": "Invalid API key", "type": "auth"}})));
        errors.push(client.chat(hello("x")).unwrap_err());
        errors.push(client.chat(ChatCompletionRequest::new("fail-500", [ChatMessage::user("x")])).unwrap_err());
        gateway.enqueue(MockReply::text(200, "not json"));
        errors.push(client.models().unwrap_err());
        gateway.enqueue(MockReply::json(200, json!({})).delay(Duration::from_secs(5)));
        errors
            .push(client.chat_with(hello("x"), RequestOptions::new().timeout(Duration::from_millis(100))).unwrap_err());
        errors.push(client.chat_with(hello("x"), RequestOptions::new().header("authorization", "a\nb")).unwrap_err());
        let dead =
            Client::at(kind, &dead_port_url(), |b| b.api_key(SECRETS[0]).authorization(SECRETS[1]).max_retries(0));
        assert_no_secret("a client's Debug", &dead.debug_text());
        errors.push(dead.chat(hello("x")).unwrap_err());
        assert_eq!(api(&errors[0]).kind(), ApiErrorKind::Authentication);
        assert!(matches!(errors[3], Error::Timeout), "{:?}", errors[3]);
        assert!(matches!(errors[5], Error::Connection(_)), "{:?}", errors[5]);
        for error in &errors {
            assert_no_secret("an error's Display", &error.to_string());
            assert_no_secret("an error's Debug", &format!("{error:?}"));
            let mut source = std::error::Error::source(error);
            while let Some(s) = source {
                assert_no_secret("an error source", &format!("{s} {s:?}"));
                source = s.source();
            }
        }
    });
}

#[test]
fn instrumentation_and_debug_emit_tracing_without_secrets() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let secrets = |b: Builder| b.api_key(SECRETS[0]).authorization(SECRETS[1]);

        // Instrumentation: a span with the GenAI attributes, including the response's.
        let client = Client::new(kind, &gateway, |b| secrets(b).instrumentation(true));
        let log = traced(|| {
            client.chat(hello("traced")).unwrap();
        });
        assert!(log.contains("portkey.request"), "{log}");
        assert!(log.contains("gen_ai.operation.name=\"chat\"") || log.contains("gen_ai.operation.name=chat"), "{log}");
        assert!(
            log.contains("gen_ai.request.model=\"gpt-4o-mini\"") || log.contains("gen_ai.request.model=gpt-4o-mini"),
            "{log}"
        );
        assert!(log.contains("gen_ai.usage.input_tokens=1"), "{log}");
        assert!(log.contains("chatcmpl-mock-1"), "the response id is recorded: {log}");
        assert_no_secret("the instrumentation log", &log);

        // Debug: the request is logged, with its headers, secrets hidden.
        let client = Client::new(kind, &gateway, |b| secrets(b).debug(true));
        let log = traced(|| {
            client.chat(hello("debugged")).unwrap();
            client.chat(ChatCompletionRequest::new("fail-400", [ChatMessage::user("x")])).unwrap_err();
        });
        assert!(log.contains("/chat/completions"), "{log}");
        assert!(log.contains("request failed"), "{log}");
        assert!(log.contains("x-portkey-api-key"), "the headers are listed: {log}");
        assert_no_secret("the debug log", &log);

        // Both, with a retry: the embeddings operation and the retry count.
        let client = Client::new(kind, &gateway, |b| secrets(b).debug(true).instrumentation(true));
        gateway.enqueue(quick_503());
        let log = traced(|| {
            client.embeddings(EmbeddingRequest::new("text-embedding-3-small", "x")).unwrap();
        });
        assert!(
            log.contains("gen_ai.operation.name=\"embeddings\"") || log.contains("gen_ai.operation.name=embeddings"),
            "{log}"
        );
        assert!(log.contains("gen_ai.request.model"), "{log}");
        assert!(log.contains("retrying"), "{log}");
        assert_no_secret("the debug + instrumentation log", &log);

        // Neither: nothing from the client.
        let client = Client::new(kind, &gateway, secrets);
        let log = traced(|| {
            client.chat(hello("quiet")).unwrap();
        });
        assert!(!log.contains("portkey.request") && !log.contains("gen_ai"), "{log}");
    });
}

#[test]
fn build_with_env_reads_the_api_key_and_proxy() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let url = gateway.url();
        let env = |name: &str| match name {
            "PORTKEY_API_KEY" => Some("pk-env-789".to_string()),
            "PORTKEY_PROXY" => Some(url.clone()),
            _ => None,
        };
        // No base_url: PORTKEY_PROXY gives it.
        let client = Client::build(kind, |b| b, &env).unwrap();
        client.chat(hello("env")).unwrap();
        let sent = only_request(&gateway);
        assert_eq!(sent.header("x-portkey-api-key"), Some("pk-env-789"));
        assert_eq!(sent.path, "/v1/chat/completions");

        // An explicit api_key wins over the environment.
        gateway.clear();
        let client = Client::build(kind, |b| b.api_key("pk-explicit"), &env).unwrap();
        client.chat(hello("env")).unwrap();
        assert_eq!(only_request(&gateway).header("x-portkey-api-key"), Some("pk-explicit"));

        // Without a key in the environment, an empty one is sent to a local gateway (as the
        // Python SDK does).
        gateway.clear();
        let client = Client::new(kind, &gateway, |b| b);
        client.chat(hello("env")).unwrap();
        assert_eq!(only_request(&gateway).header("x-portkey-api-key"), Some(""));

        // The hosted API without any key is refused when building.
        let error =
            Client::build(kind, |b| b.base_url(portkey::PORTKEY_BASE_URL), &no_env).err().expect("no key, hosted API");
        assert!(matches!(error, Error::InvalidOption(_) | Error::Environment(_)), "{error:?}");
    });
}
