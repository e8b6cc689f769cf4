//! Hardening, with both clients: secrets stay with the configured host and out of logs,
//! what a server can make the client hold is bounded, the client's own timeouts never stand in
//! for the gateway's, and compressed replies decode.

mod support;

use std::time::Duration;

use portkey::config::{Config, Target};
use portkey::testing::{MockGateway, MockReply};
use portkey::{Error, HttpClient, Limit, RequestOptions};
use serde_json::json;
use support::*;

/// Secrets a client sends, each in another header.
const KEYS: [&str; 6] = ["pk-live-1", "vk-live-2", "sk-in-config-3", "aws-secret-4", "aws-token-5", "sk-auth-6"];

fn with_secrets(b: Builder) -> Builder {
    let config = Config::single(Target::provider("openai").api_key(KEYS[2])).build().unwrap();
    b.api_key(KEYS[0])
        .virtual_key(KEYS[1])
        .config(config)
        .aws_secret_access_key(KEYS[3])
        .aws_session_token(KEYS[4])
        .authorization(KEYS[5])
}

fn assert_hidden(what: &str, text: &str) {
    for key in KEYS {
        assert!(!text.contains(key), "{what} shows {key}: {text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Redirects
// ---------------------------------------------------------------------------------------------

#[test]
fn redirects_are_never_followed_so_secrets_stay_with_the_gateway() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let elsewhere = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, with_secrets);
        for status in [301, 302, 303, 307, 308] {
            gateway.clear();
            let target = format!("http://user:pw@{}/v1/chat/completions?token=t-9#frag", elsewhere.addr());
            gateway.enqueue(MockReply::text(status, "moved").header("location", &target));
            let error = client.chat(hello("x")).unwrap_err();
            let Error::Redirect { status: got, location } = &error else { panic!("{status}: {error:?}") };
            assert_eq!(got.as_u16(), status);
            let shown = format!("http://{}/v1/chat/completions", elsewhere.addr());
            assert_eq!(location.as_deref(), Some(shown.as_str()), "no credentials, query or fragment");
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
            assert!(error.to_string().contains("does not follow redirects"), "{error}");
            assert_hidden("a redirect error", &format!("{error} {error:?}"));
            assert_eq!(gateway.requests().len(), 1, "{status}: not retried");
        }
        // A 303 is not turned into a bodiless GET either: nothing reached the other host.
        assert!(elsewhere.requests().is_empty(), "{:?}", elsewhere.requests());
    });
}

#[test]
fn a_user_supplied_client_that_follows_redirects_gets_the_reply_refused() {
    let gateway = MockGateway::start().unwrap();
    let elsewhere = MockGateway::start().unwrap();
    let target = format!("{}/chat/completions", elsewhere.url());
    // A reqwest client with reqwest's defaults follows the redirect itself...
    gateway.enqueue(MockReply::text(307, "").header("location", &target));
    let client = Client::build(
        Kind::Blocking,
        |b| b.base_url(gateway.url()).http_client(reqwest::Client::new()).max_retries(0),
        &no_env,
    )
    .unwrap();
    let error = client.chat(hello("x")).unwrap_err();
    assert!(matches!(&error, Error::Redirect { location: Some(l), .. } if l == &target), "{error:?}");
    assert_eq!(elsewhere.requests().len(), 1, "reqwest's own policy followed it");

    // ...one from `HttpClient::default_builder` does not.
    elsewhere.clear();
    gateway.enqueue(MockReply::text(307, "").header("location", &target));
    let safe = HttpClient::default_builder().build().unwrap();
    let client =
        Client::build(Kind::Blocking, |b| b.base_url(gateway.url()).http_client(safe).max_retries(0), &no_env).unwrap();
    assert!(matches!(client.chat(hello("x")).unwrap_err(), Error::Redirect { .. }));
    assert!(elsewhere.requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Secrets in Debug, logs and URLs
// ---------------------------------------------------------------------------------------------

#[test]
fn the_clients_debug_hides_the_environment_and_configs_with_keys() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let url = gateway.url();
        let env = |name: &str| match name {
            "PORTKEY_API_KEY" => Some(KEYS[0].to_string()),
            "PORTKEY_PROXY" => Some(url.clone()),
            _ => None,
        };
        let client = Client::build(kind, |b| b, &env).unwrap();
        let shown = client.debug_text();
        assert_hidden("the client's Debug (key from the environment)", &shown);
        assert!(shown.contains("PORTKEY_API_KEY"), "the variable's name is shown: {shown}");

        // A config holding a provider key, typed or as raw JSON text.
        let raw = format!(r#"{{"provider": "openai", "api_key": "{}"}}"#, KEYS[2]);
        for client in [
            Client::new(kind, &gateway, with_secrets),
            Client::new(kind, &gateway, |b| b.config(raw.as_str())),
            Client::new(kind, &gateway, |b| b.config(json!({"targets": [{"api_key": KEYS[2]}]}))),
        ] {
            assert_hidden("the client's Debug", &client.debug_text());
            let resolved = match &client {
                Client::Async { client, .. } => client.resolved().clone(),
                Client::Blocking(client) => client.resolved().clone(),
            };
            assert_hidden("ResolvedOptions' Debug", &format!("{resolved:?}"));
            assert!(resolved.headers["x-portkey-config"].is_sensitive());
            let headers = portkey::create_headers(&resolved.options).unwrap();
            assert_hidden("create_headers' Debug", &format!("{headers:?}"));
        }
    });
}

#[test]
fn the_debug_log_hides_configs_and_per_call_secret_headers() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| with_secrets(b).debug(true));
        let per_call = RequestOptions::new()
            .header("x-portkey-virtual-key", "vk-per-call-7")
            .header("x-portkey-aws-session-token", "token-per-call-8")
            .header("x-portkey-trace-id", "trace-shown-9");
        let log = traced(|| {
            client.chat_with(hello("x"), per_call).unwrap();
        });
        assert!(log.contains("x-portkey-config"), "the header is listed: {log}");
        assert!(log.contains("trace-shown-9"), "values that are not secret show: {log}");
        assert_hidden("the debug log", &log);
        assert!(!log.contains("vk-per-call-7") && !log.contains("token-per-call-8"), "{log}");
        // They were sent.
        let sent = only_request(&gateway);
        assert_eq!(sent.header("x-portkey-virtual-key"), Some("vk-per-call-7"));
        assert!(sent.header("x-portkey-config").unwrap().contains(KEYS[2]));
    });
}

#[test]
fn urls_with_credentials_are_refused_naming_the_option() {
    for_both(|kind| {
        let error = Client::build(kind, |b| b.base_url("http://user:secret-pw@127.0.0.1:1/v1"), &no_env).err().unwrap();
        assert!(error.to_string().contains("`base_url`") && error.to_string().contains("user name or password"));
        assert!(!format!("{error} {error:?}").contains("secret-pw"));
        let env = |name: &str| (name == "PORTKEY_PROXY").then(|| "http://u:secret-pw@127.0.0.1:1/v1".to_string());
        let error = Client::build(kind, |b| b, &env).err().unwrap();
        assert!(error.to_string().contains("`base_url`"), "{error}");
        let error =
            Client::build(kind, |b| b.base_url("http://127.0.0.1:1/v1").websocket_base_url("ws://u@h/"), &no_env)
                .err()
                .unwrap();
        assert!(error.to_string().contains("`websocket_base_url`"), "{error}");
    });
}

// ---------------------------------------------------------------------------------------------
// Size limits
// ---------------------------------------------------------------------------------------------

/// A chat completion chunk carrying `text`, as event data.
fn chunk(text: &str) -> String {
    json!({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
           "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": null}]})
    .to_string()
}

fn padded(bytes: usize) -> serde_json::Value {
    json!({"id": "x", "object": "chat.completion", "created": 1, "model": "m", "choices": [], "pad": "p".repeat(bytes)})
}

#[test]
fn a_reply_over_max_response_bytes_is_a_typed_error_and_the_client_carries_on() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.max_response_bytes(4096));
        gateway.enqueue(MockReply::json(200, padded(10_000)));
        let error = client.chat(hello("x")).unwrap_err();
        assert!(matches!(error, Error::LimitExceeded { limit: Limit::ResponseBody, max: 4096 }), "{error:?}");
        assert!(error.to_string().contains("max_response_bytes"), "{error}");
        // Just under the limit is fine, and so is the next call.
        gateway.enqueue(MockReply::json(200, padded(3000)));
        client.chat(hello("x")).unwrap();
        assert_eq!(client.chat(hello("again")).unwrap().text(), Some("echo: again"));
    });
}

#[test]
fn error_bodies_are_truncated_to_max_error_body_bytes() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.max_error_body_bytes(100).max_retries(0));
        gateway.enqueue(MockReply::text(500, "e".repeat(50_000)));
        let error = client.chat(hello("x")).unwrap_err();
        let kept = api(&error);
        assert_eq!(kept.status.as_u16(), 500);
        assert_eq!(kept.body.len(), 100);
        assert!(kept.body_truncated);
        gateway.enqueue(MockReply::text(400, "short"));
        let error = client.chat(hello("x")).unwrap_err();
        assert_eq!((api(&error).body.as_str(), api(&error).body_truncated), ("short", false));
    });
}

#[test]
fn stream_lines_and_events_over_their_limits_end_the_stream_with_a_typed_error() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.max_sse_line_bytes(1024).max_sse_event_bytes(4096));
        // One event, then a line longer than 1 KiB.
        gateway.enqueue(MockReply::sse([chunk("ok"), chunk(&"x".repeat(2000))]));
        let (_, items) = client.stream_chat(hello("x")).unwrap();
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0].as_ref().unwrap().delta_text(), Some("ok"));
        assert!(matches!(items[1], Err(Error::LimitExceeded { limit: Limit::SseLine, max: 1024 })), "{items:?}");

        // Short lines that never end an event.
        gateway.enqueue(MockReply::raw_sse("data: 0123456789\n".repeat(1000)));
        let (_, items) = client.stream_chat(hello("x")).unwrap();
        assert!(matches!(items.as_slice(), [Err(Error::LimitExceeded { limit: Limit::SseEvent, max: 4096 })]));
    });
}

// ---------------------------------------------------------------------------------------------
// Timeouts
// ---------------------------------------------------------------------------------------------

fn slow_stream(events: usize, every: Duration) -> MockReply {
    MockReply::sse(std::iter::repeat_n(chunk("."), events).chain(["[DONE]".to_string()])).chunk_delay(every)
}

#[test]
fn request_timeout_is_the_gateways_deadline_not_the_clients() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.request_timeout(1500));
        // A healthy stream longer than request_timeout is not cut.
        gateway.enqueue(slow_stream(8, Duration::from_millis(250)));
        let (_, items) = client.stream_chat(hello("x")).unwrap();
        assert_eq!(items.len(), 8, "{items:?}");
        assert!(items.iter().all(Result::is_ok));
        // A reply slower than request_timeout is the gateway's business: it answers 408.
        gateway.enqueue(MockReply::json(200, padded(1)).delay(Duration::from_millis(1700)));
        client.chat(hello("x")).unwrap();
        let sent = gateway.requests();
        assert!(sent.iter().all(|r| r.header("x-portkey-request-timeout") == Some("1500")));
    });
}

#[test]
fn a_stalled_stream_times_out_after_read_timeout_and_total_timeout_bounds_the_call() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.read_timeout(400));
        // The first event comes at once, the next after 3 s.
        gateway.enqueue(slow_stream(3, Duration::from_secs(3)));
        let (_, items) = client.stream_chat(hello("x")).unwrap();
        assert!(matches!(items.as_slice(), [Ok(_), Err(Error::Timeout)]), "{items:?}");

        // Per call: a longer read gap lets the same stream through...
        gateway.enqueue(slow_stream(2, Duration::from_millis(600)));
        let options = RequestOptions::new().read_timeout(Duration::from_secs(5));
        let (_, items) = client.stream_chat_with(hello("x"), options).unwrap();
        assert_eq!(items.iter().filter(|i| i.is_ok()).count(), 2, "{items:?}");

        // ...and a total deadline cuts a healthy one.
        gateway.enqueue(slow_stream(20, Duration::from_millis(200)));
        let options = RequestOptions::new().total_timeout(Duration::from_millis(900));
        let (_, items) = client.stream_chat_with(hello("x"), options).unwrap();
        assert!(matches!(items.last(), Some(Err(Error::Timeout))), "{items:?}");
        assert!(items.len() < 20, "{items:?}");
    });
}

#[test]
fn the_default_response_timeout_outlasts_the_gateways_deadline() {
    let gateway = MockGateway::start().unwrap();
    let client = Client::new(Kind::Blocking, &gateway, |b| b.request_timeout(900_000));
    let Client::Blocking(client) = client else { unreachable!() };
    let timeouts = client.resolved().settings.timeouts;
    assert_eq!(timeouts.response, Duration::from_secs(930));
    assert_eq!((timeouts.read, timeouts.total), (Duration::from_secs(600), None));
    let error = Client::build(Kind::Async, |b| b.base_url(gateway.url()).read_timeout(0), &no_env).err().unwrap();
    assert!(error.to_string().contains("`read_timeout`"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Compression and the connection pool
// ---------------------------------------------------------------------------------------------

#[test]
fn compressed_replies_decode_and_count_against_the_limit_decoded() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.max_response_bytes(200_000));
        let body = padded(1000).to_string();
        for encoding in ["gzip", "br", "zstd", "deflate"] {
            gateway.clear();
            let reply = MockReply::bytes(200, "application/json", compressed(encoding, body.as_bytes()))
                .header("content-encoding", encoding);
            gateway.enqueue(reply);
            let reply = client.chat(hello("x")).unwrap_or_else(|e| panic!("{encoding}: {e}"));
            assert_eq!(reply.extra["pad"].as_str().map(str::len), Some(1000), "{encoding}");
            let accepted = only_request(&gateway).header("accept-encoding").unwrap_or_default().to_string();
            for name in ["gzip", "br", "zstd"] {
                assert!(accepted.contains(name), "accept-encoding: {accepted}");
            }
        }
        // A small compressed body that decodes past the limit (a "zip bomb") is refused.
        let bomb = compressed("gzip", padded(1_000_000).to_string().as_bytes());
        assert!(bomb.len() < 10_000);
        gateway.enqueue(MockReply::bytes(200, "application/json", bomb).header("content-encoding", "gzip"));
        let error = client.chat(hello("x")).unwrap_err();
        assert!(matches!(error, Error::LimitExceeded { limit: Limit::ResponseBody, .. }), "{error:?}");
    });
}

#[test]
fn max_connections_caps_the_calls_in_flight() {
    let gateway = MockGateway::start().unwrap();
    let Client::Async { client, rt } = Client::new(Kind::Async, &gateway, |b| b.max_connections(2)) else {
        unreachable!()
    };
    // Idle connections follow max_connections unless set.
    assert_eq!(client.resolved().settings.pool_max_idle_per_host, 2);
    for _ in 0..3 {
        gateway.enqueue(MockReply::json(200, padded(1)).delay(Duration::from_secs(3)));
    }
    rt.block_on(async {
        let calls = (0..3).map(|_| client.chat().completions().create(hello("x")));
        let all = futures_util::future::join_all(calls);
        let peek = async {
            tokio::time::sleep(Duration::from_millis(1500)).await;
            gateway.requests().len()
        };
        let (results, in_flight) = tokio::join!(all, peek);
        assert_eq!(in_flight, 2, "the third call waits for a place");
        assert!(results.iter().all(Result::is_ok));
    });
    assert_eq!(gateway.requests().len(), 3);
}
