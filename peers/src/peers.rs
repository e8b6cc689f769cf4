//! The three clients measured side by side, each doing what its users write: one chat
//! completion round trip with the reply decoded into its typed struct, and one stream with
//! every chunk decoded.
//!
//! * `portkey`: [`portkey::AsyncPortkey`], as built from its options.
//! * `async-openai`: async-openai 0.43 configured with the same options through
//!   [`portkey::create_headers`] ([`crate::openai::client`]).
//! * `raw-reqwest`: the reqwest 0.12 the client is built on, used by hand: the same headers as
//!   the portkey client sends, the same timeouts, the typed request serialized, the reply decoded into the same portkey types, and
//!   for streams the smallest correct SSE split (`\n\n`, `data: `, `[DONE]`). It is the limit:
//!   no retries, limits, error events or metadata.

use std::time::Duration;

use async_openai::config::OpenAIConfig;
use async_openai::types::chat::{
    ChatCompletionRequestUserMessage, CreateChatCompletionRequest, CreateChatCompletionRequestArgs,
};
use futures_util::StreamExt;
use portkey::types::{ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ChatMessage};
use portkey::{AsyncPortkey, Options};

use crate::openai::ConfigError;

/// Which client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peer {
    /// portkey-rs.
    Portkey,
    /// async-openai with Portkey's headers.
    AsyncOpenAi,
    /// reqwest by hand.
    RawReqwest,
}

impl Peer {
    /// Every client, in report order.
    pub const ALL: [Peer; 3] = [Peer::Portkey, Peer::AsyncOpenAi, Peer::RawReqwest];

    /// Its name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Peer::Portkey => "portkey",
            Peer::AsyncOpenAi => "async-openai",
            Peer::RawReqwest => "raw-reqwest",
        }
    }

    /// The client named `name`.
    pub fn from_name(name: &str) -> Option<Peer> {
        Peer::ALL.into_iter().find(|peer| peer.name() == name)
    }
}

/// What every client is configured with: the options a typical gateway user sets.
pub fn options() -> Result<Options, ConfigError> {
    Ok(Options::builder().api_key("pk-bench").virtual_key("vk-bench").trace_id("bench").build()?)
}

const MODEL: &str = "gpt-4o-mini";
const PROMPT: &str = "Describe the image in one sentence.";

/// One built client and the request it sends.
pub enum Client {
    /// portkey-rs.
    Portkey(AsyncPortkey, ChatCompletionRequest),
    /// async-openai.
    AsyncOpenAi(async_openai::Client<OpenAIConfig>, Box<CreateChatCompletionRequest>),
    /// reqwest by hand.
    Raw(Raw),
}

/// The hand-written caller.
pub struct Raw {
    http: reqwest::Client,
    url: String,
    headers: http::HeaderMap,
    request: ChatCompletionRequest,
}

impl Client {
    /// `peer`, sending to the gateway at `base_url` (`http://127.0.0.1:PORT/v1`).
    pub fn new(peer: Peer, base_url: &str) -> Result<Client, ConfigError> {
        let options = options()?;
        let request = ChatCompletionRequest::new(MODEL, [ChatMessage::user(PROMPT)]);
        Ok(match peer {
            Peer::Portkey => {
                let client = portkey::ClientBuilder::<AsyncPortkey>::from_options(options)
                    .base_url(base_url)
                    // The benchmark's machine may have PORTKEY_* set; measure these options only.
                    .build_with_env(&|_| None)?;
                Client::Portkey(client, request)
            }
            Peer::AsyncOpenAi => {
                let client = crate::openai::client(base_url, "OPENAI_API_KEY", &options)?;
                let request = CreateChatCompletionRequestArgs::default()
                    .model(MODEL)
                    .messages([ChatCompletionRequestUserMessage::from(PROMPT).into()])
                    .build()?;
                Client::AsyncOpenAi(client, Box::new(request))
            }
            Peer::RawReqwest => {
                // The very headers the portkey client sends (its options' and the SDK's own
                // `x-portkey-runtime`, `x-portkey-package-version`...), so both send the same
                // request and only the work around it differs.
                let mut headers = portkey::ResolvedOptions::resolve_with(&options, &|_| None)?.headers;
                headers.insert(http::header::ACCEPT, http::HeaderValue::from_static("application/json"));
                headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
                headers.insert(http::header::AUTHORIZATION, http::HeaderValue::from_static("Bearer OPENAI_API_KEY"));
                // The client's own timeouts (the Python SDK's 5 s connect, 600 s read).
                let http = reqwest::Client::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .read_timeout(Duration::from_secs(600))
                    .build()?;
                let url = format!("{}/chat/completions", base_url.trim_end_matches('/'));
                Client::Raw(Raw { http, url, headers, request })
            }
        })
    }

    /// One chat completion; returns the length of the reply's text (so the decode is used).
    /// Every client takes its request by value, so each pays for one copy.
    pub async fn call(&self) -> Result<usize, ConfigError> {
        Ok(match self {
            Client::Portkey(client, request) => {
                let reply = client.chat().completions().create(request.clone()).await?;
                reply.text().map_or(0, str::len)
            }
            Client::AsyncOpenAi(client, request) => {
                let reply = client.chat().create(CreateChatCompletionRequest::clone(request)).await?;
                reply.choices.first().and_then(|c| c.message.content.as_deref()).map_or(0, str::len)
            }
            Client::Raw(raw) => {
                let request = raw.request.clone();
                let body = serde_json::to_vec(&request)?;
                let response = raw.http.post(&raw.url).headers(raw.headers.clone()).body(body).send().await?;
                if !response.status().is_success() {
                    return Err(format!("status {}", response.status()).into());
                }
                let reply: ChatCompletion = serde_json::from_slice(&response.bytes().await?)?;
                reply.text().map_or(0, str::len)
            }
        })
    }

    /// One streamed chat completion, every chunk decoded; returns the number of chunks.
    pub async fn stream(&self) -> Result<usize, ConfigError> {
        let mut chunks = 0;
        match self {
            Client::Portkey(client, request) => {
                let mut stream = client.chat().completions().create_stream(request.clone()).await?;
                while let Some(chunk) = stream.next().await {
                    let chunk: ChatCompletionChunk = chunk?;
                    chunks += usize::from(!chunk.choices.is_empty());
                }
            }
            Client::AsyncOpenAi(client, request) => {
                let mut stream = client.chat().create_stream(CreateChatCompletionRequest::clone(request)).await?;
                while let Some(chunk) = stream.next().await {
                    chunks += usize::from(!chunk?.choices.is_empty());
                }
            }
            Client::Raw(raw) => {
                let request = raw.request.clone().stream(true);
                let body = serde_json::to_vec(&request)?;
                let mut headers = raw.headers.clone();
                headers.insert(http::header::ACCEPT, http::HeaderValue::from_static("text/event-stream"));
                let response = raw.http.post(&raw.url).headers(headers).body(body).send().await?;
                if !response.status().is_success() {
                    return Err(format!("status {}", response.status()).into());
                }
                let mut body = response.bytes_stream();
                let mut pending: Vec<u8> = Vec::new();
                'read: while let Some(bytes) = body.next().await {
                    pending.extend_from_slice(&bytes?);
                    let mut start = 0;
                    while let Some(end) = find(&pending[start..], b"\n\n") {
                        let event = &pending[start..start + end];
                        start += end + 2;
                        let Some(data) = event.strip_prefix(b"data: ") else { continue };
                        if data == b"[DONE]" {
                            break 'read;
                        }
                        let chunk: ChatCompletionChunk = serde_json::from_slice(data)?;
                        chunks += usize::from(!chunk.choices.is_empty());
                    }
                    pending.drain(..start);
                }
            }
        }
        Ok(chunks)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}
