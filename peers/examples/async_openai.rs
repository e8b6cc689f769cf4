//! The pattern Portkey's docs lead with, in Rust: the OpenAI SDK (here async-openai) sends its
//! requests to the gateway, carrying Portkey's headers from `portkey::create_headers(..)`.
//!
//! ```text
//! cargo run -p portkey-peers --example async_openai
//! ```
//!
//! It runs against a local `MockGateway`; for the real gateway, use its URL
//! (`https://api.portkey.ai/v1`, or `http://localhost:8787/v1` for the open-source one) and your
//! keys.

use async_openai::types::chat::{ChatCompletionRequestUserMessage, CreateChatCompletionRequestArgs};
use portkey::testing::{MockGateway, MockReply};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let gateway = MockGateway::start()?;
    gateway.enqueue(MockReply::bytes(200, "application/json", portkey_peers::replies::completion()));

    // Python: OpenAI(base_url=PORTKEY_GATEWAY_URL, default_headers=createHeaders(api_key=..., provider="openai"))
    let options =
        portkey::Options::builder().api_key("PORTKEY_API_KEY").provider("openai").trace_id("example-1").build()?;
    let client = portkey_peers::openai::client(&gateway.url(), "OPENAI_API_KEY", &options)?;

    let request = CreateChatCompletionRequestArgs::default()
        .model("gpt-4o-mini")
        .messages([ChatCompletionRequestUserMessage::from("Describe the image in one sentence.").into()])
        .build()?;
    let reply = client.chat().create(request).await?;
    println!("reply: {}", reply.choices[0].message.content.as_deref().unwrap_or_default());

    for request in gateway.requests() {
        println!("{} {}", request.method, request.path);
        for (name, value) in request.headers.iter().filter(|(name, _)| name.starts_with("x-portkey-")) {
            let shown = if name == "x-portkey-api-key" { "[redacted]" } else { value };
            println!("  {name}: {shown}");
        }
    }
    Ok(())
}
