//! Quickstart: a chat completion, a streamed one, and a fallback config.
//!
//! Run: `cargo run -p portkey --features testing --example quickstart`
//!
//! With `PORTKEY_API_KEY` set (and `PORTKEY_VIRTUAL_KEY`, or `PORTKEY_PROVIDER` +
//! `PORTKEY_AUTHORIZATION`), it talks to the hosted Portkey API. Without it, it starts a local
//! `MockGateway` on 127.0.0.1 and says so.

use futures_util::StreamExt;
use portkey::config::{Config, Target};
use portkey::testing::MockGateway;
use portkey::types::{ChatCompletionRequest, ChatMessage};
use portkey::{AsyncPortkey, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let model = std::env::var("PORTKEY_MODEL").unwrap_or_else(|_| "gpt-4o-mini".into());
    // Keep the mock alive for the whole run (it stops when dropped).
    let (client, _mock) = if std::env::var("PORTKEY_API_KEY").is_ok_and(|k| !k.is_empty()) {
        println!("PORTKEY_API_KEY is set: using the hosted Portkey API.");
        (AsyncPortkey::from_env()?, None)
    } else {
        let mock = MockGateway::start()?;
        println!("No PORTKEY_API_KEY set: running against a local MockGateway at {}.\n", mock.url());
        let client =
            AsyncPortkey::builder().base_url(mock.url()).provider("openai").authorization("sk-demo").build()?;
        (client, Some(mock))
    };

    // 1. A chat completion, with a trace id for Portkey's logs.
    let traced = client.with_options(|o| o.trace_id("quickstart-1"))?;
    let request = ChatCompletionRequest::new(
        &model,
        [ChatMessage::system("You are terse."), ChatMessage::user("Say hello to Rust.")],
    );
    let reply = traced.chat().completions().create(request.clone()).await?;
    println!("chat: {}", reply.text().unwrap_or_default());
    println!(
        "      trace id {:?}, served by {:?}, tokens {:?}\n",
        reply.meta.trace_id(),
        reply.meta.last_used_option_index(),
        reply.usage.as_ref().map(|u| u.total_tokens)
    );

    // 2. The same request, streamed.
    print!("stream:");
    let mut stream = client.chat().completions().create_stream(request.clone()).await?;
    while let Some(chunk) = stream.next().await {
        print!("{}", chunk?.delta_text().unwrap_or_default());
    }
    println!("\n");

    // 3. A fallback config: the first target fails, the second answers (on the hosted API,
    //    replace the virtual keys with your own).
    let config = Config::fallback([Target::virtual_key("vk-primary"), Target::virtual_key("vk-backup")])
        .on_status_codes([429, 500, 503])
        .build()?;
    println!("fallback config: {}", serde_json::Value::Object(config.to_json()));
    let with_fallback = client.with_options(|o| o.config(config))?;
    match with_fallback.chat().completions().create(request).await {
        Ok(reply) => println!("fallback config: {}", reply.text().unwrap_or_default()),
        Err(Error::Api(e)) => println!("fallback config: the gateway said {} ({:?})", e.status, e.message),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
