//! async-openai configured from `portkey::create_headers`, against a `MockGateway`: it reaches the
//! gateway's path with every Portkey header the portkey client itself sends for the same
//! options, and decodes the gateway's replies.

use async_openai::types::chat::{ChatCompletionRequestUserMessage, CreateChatCompletionRequestArgs};
use futures_util::StreamExt;
use portkey::testing::{MockGateway, MockReply, RecordedRequest};
use portkey::types::{ChatCompletionRequest, ChatMessage};
use portkey_peers::replies;

fn options() -> portkey::Options {
    portkey::Options::builder()
        .api_key("pk-test")
        .provider("openai")
        .trace_id("trace-7")
        .metadata(serde_json::json!({"_user": "u-1"}))
        .config(serde_json::json!({"retry": {"attempts": 2}}))
        .build()
        .unwrap()
}

fn portkey_headers(request: &RecordedRequest) -> Vec<(String, String)> {
    let mut headers: Vec<_> =
        request.headers.iter().filter(|(name, _)| name.starts_with("x-portkey-")).cloned().collect();
    headers.sort();
    headers
}

fn request() -> async_openai::types::chat::CreateChatCompletionRequest {
    CreateChatCompletionRequestArgs::default()
        .model("gpt-4o-mini")
        .messages([ChatCompletionRequestUserMessage::from("Hi").into()])
        .build()
        .unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn async_openai_sends_what_the_portkey_client_sends() {
    let gateway = MockGateway::start().unwrap();
    gateway.enqueue(MockReply::bytes(200, "application/json", replies::completion()));
    gateway.enqueue(MockReply::bytes(200, "application/json", replies::completion()));

    let openai = portkey_peers::openai::client(&gateway.url(), "sk-provider", &options()).unwrap();
    let reply = openai.chat().create(request()).await.unwrap();
    assert!(reply.choices[0].message.content.as_deref().unwrap().starts_with("The image shows"));

    let portkey = portkey::ClientBuilder::<portkey::AsyncPortkey>::from_options(options())
        .base_url(gateway.url())
        .build_with_env(&|_| None)
        .unwrap();
    portkey
        .chat()
        .completions()
        .create(ChatCompletionRequest::new("gpt-4o-mini", [ChatMessage::user("Hi")]))
        .await
        .unwrap();

    let [from_openai, from_portkey] = <[RecordedRequest; 2]>::try_from(gateway.requests()).unwrap();
    assert_eq!((from_openai.method.as_str(), from_openai.path.as_str()), ("POST", "/v1/chat/completions"));
    assert_eq!(from_openai.path, from_portkey.path);
    let headers = portkey_headers(&from_openai);
    // The portkey client also says who it is, as the Python SDK's client does (and its
    // `createHeaders` does not).
    let mut client_headers = portkey_headers(&from_portkey);
    client_headers.retain(|(name, _)| name != "x-portkey-package-version" && name != "x-portkey-runtime");
    assert_eq!(headers, client_headers);
    let names: Vec<&str> = headers.iter().map(|(name, _)| name.as_str()).collect();
    for name in
        ["x-portkey-api-key", "x-portkey-provider", "x-portkey-trace-id", "x-portkey-metadata", "x-portkey-config"]
    {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    assert_eq!(from_openai.header("authorization"), Some("Bearer sk-provider"));
    assert_eq!(from_openai.json().unwrap()["messages"], serde_json::json!([{"role": "user", "content": "Hi"}]));
}

#[tokio::test(flavor = "current_thread")]
async fn async_openai_streams_through_the_gateway() {
    let gateway = MockGateway::start().unwrap();
    gateway.enqueue(MockReply::bytes(200, "text/event-stream", replies::stream()));
    let openai = portkey_peers::openai::client(&gateway.url(), "sk-provider", &options()).unwrap();
    let mut stream = openai.chat().create_stream(request()).await.unwrap();
    let mut text = String::new();
    let mut chunks = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        chunks += 1;
        text.push_str(chunk.choices[0].delta.content.as_deref().unwrap_or_default());
    }
    assert_eq!(chunks, replies::STREAM_CHUNKS);
    assert!(text.starts_with(" word1 word2"), "{}", &text[..40]);
    assert_eq!(gateway.requests()[0].json().unwrap()["stream"], true);
}

/// The three clients of the benchmark, and `raw-hyper`, each read the whole reply and stream
/// from the peer server, so the benchmark compares the same work.
#[test]
fn every_peer_reads_the_same_replies() {
    use portkey_peers::peers::{Client, Peer};
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async {
        let (listener, addr) = portkey_peers::server::bind(0).await.unwrap();
        tokio::task::spawn_local(portkey_peers::server::serve(listener));
        let url = format!("http://{addr}/v1");
        let completion: serde_json::Value = serde_json::from_slice(&replies::completion()).unwrap();
        let text_len = completion["choices"][0]["message"]["content"].as_str().unwrap().len();
        for peer in Peer::ALL.into_iter().chain([Peer::RawHyper]) {
            let client = Client::new(peer, &url).unwrap();
            assert_eq!(client.call().await.unwrap(), text_len, "{}", peer.name());
            assert_eq!(client.stream().await.unwrap(), replies::STREAM_CHUNKS, "{}", peer.name());
        }
    });
}
