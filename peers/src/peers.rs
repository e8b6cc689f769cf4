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
//! * `raw-hyper`, not among the three compared by default: the same by hand on
//!   hyper-util's pooled HTTP/1 client, under reqwest (no URL parsed per call, no reqwest
//!   layers), with the same headers, timeouts and decode. It shows what reqwest itself costs:
//!   name it in `PEERS_INTERLEAVED` (`portkey,raw-hyper,raw-reqwest`).

use std::time::Duration;

use async_openai::config::OpenAIConfig;
use async_openai::types::chat::{
    ChatCompletionRequestUserMessage, CreateChatCompletionRequest, CreateChatCompletionRequestArgs,
};
use futures_util::StreamExt;
use http_body_util::BodyExt;
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
    /// hyper-util's client by hand (only when named).
    RawHyper,
}

impl Peer {
    /// The three clients compared, in report order (`raw-hyper` runs only when named).
    pub const ALL: [Peer; 3] = [Peer::Portkey, Peer::AsyncOpenAi, Peer::RawReqwest];

    /// Its name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Peer::Portkey => "portkey",
            Peer::AsyncOpenAi => "async-openai",
            Peer::RawReqwest => "raw-reqwest",
            Peer::RawHyper => "raw-hyper",
        }
    }

    /// The client named `name`.
    pub fn from_name(name: &str) -> Option<Peer> {
        Peer::ALL.into_iter().chain([Peer::RawHyper]).find(|peer| peer.name() == name)
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
    /// hyper-util's client by hand.
    Hyper(Hyper),
}

/// The pooled HTTP/1 client of hyper-util that reqwest is built on, for plain `http`.
type HyperClient = hyper_util::client::legacy::Client<
    hyper_util::client::legacy::connect::HttpConnector,
    http_body_util::Full<bytes::Bytes>,
>;

/// The hand-written caller on hyper-util.
pub struct Hyper {
    http: HyperClient,
    uri: http::Uri,
    headers: http::HeaderMap,
    request: ChatCompletionRequest,
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
            Peer::RawHyper => {
                let headers = raw_headers(&options)?;
                let mut connector = hyper_util::client::legacy::connect::HttpConnector::new();
                // As the raw reqwest caller: 5 s to connect, and `TCP_NODELAY` (reqwest's default).
                connector.set_connect_timeout(Some(Duration::from_secs(5)));
                connector.set_nodelay(true);
                let http =
                    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build(connector);
                let uri = format!("{}/chat/completions", base_url.trim_end_matches('/')).parse()?;
                Client::Hyper(Hyper { http, uri, headers, request })
            }
            Peer::RawReqwest => {
                let headers = raw_headers(&options)?;
                // The client's own timeouts (the Python SDK's 5 s connect, 600 s read).
                let http = reqwest::Client::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .read_timeout(READ_TIMEOUT)
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
            Client::Hyper(hyper) => {
                let response = hyper.send(hyper.request.clone(), "application/json").await?;
                // The body within the read timeout too, as reqwest's `read_timeout` guards it.
                let body = tokio::time::timeout(READ_TIMEOUT, response.into_body().collect()).await??;
                let reply: ChatCompletion = serde_json::from_slice(&body.to_bytes())?;
                reply.text().map_or(0, str::len)
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
                chunks = count_chunks(response.bytes_stream()).await?;
            }
            Client::Hyper(hyper) => {
                let response = hyper.send(hyper.request.clone().stream(true), "text/event-stream").await?;
                // Unlike reqwest's `read_timeout`, no gap between reads is timed here.
                chunks = count_chunks(response.into_body().into_data_stream()).await?;
            }
        }
        Ok(chunks)
    }
}

/// The longest wait for a reply (the Python SDK's 600 s read timeout).
const READ_TIMEOUT: Duration = Duration::from_secs(600);

/// The raw callers' headers: the very headers the portkey client sends (its options' and the
/// SDK's own `x-portkey-runtime`, `x-portkey-package-version`...), so that every client sends
/// the same request and only the work around it differs.
fn raw_headers(options: &Options) -> Result<http::HeaderMap, ConfigError> {
    let mut headers = portkey::ResolvedOptions::resolve_with(options, &|_| None)?.headers;
    headers.insert(http::header::ACCEPT, http::HeaderValue::from_static("application/json"));
    headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
    headers.insert(http::header::AUTHORIZATION, http::HeaderValue::from_static("Bearer OPENAI_API_KEY"));
    Ok(headers)
}

impl Hyper {
    /// Sends `request` asking for `accept`, and returns the 2xx response once its headers are
    /// in (within the read timeout, as reqwest's `read_timeout` waits for them).
    async fn send(
        &self,
        request: ChatCompletionRequest,
        accept: &'static str,
    ) -> Result<http::Response<hyper::body::Incoming>, ConfigError> {
        let body = bytes::Bytes::from(serde_json::to_vec(&request)?);
        let mut http_request = http::Request::post(self.uri.clone()).body(http_body_util::Full::new(body))?;
        *http_request.headers_mut() = self.headers.clone();
        http_request.headers_mut().insert(http::header::ACCEPT, http::HeaderValue::from_static(accept));
        let response = tokio::time::timeout(READ_TIMEOUT, self.http.request(http_request)).await??;
        if !response.status().is_success() {
            return Err(format!("status {}", response.status()).into());
        }
        Ok(response)
    }
}

/// The smallest correct split of an event stream (`\n\n`, `data: `, `[DONE]`), every chunk
/// decoded; returns the number of chunks with choices.
async fn count_chunks<E>(
    mut body: impl futures_util::Stream<Item = Result<bytes::Bytes, E>> + Unpin,
) -> Result<usize, ConfigError>
where
    ConfigError: From<E>,
{
    let mut chunks = 0;
    let mut pending: Vec<u8> = Vec::new();
    while let Some(bytes) = body.next().await {
        pending.extend_from_slice(&bytes?);
        let mut start = 0;
        while let Some(end) = find(&pending[start..], b"\n\n") {
            let event = &pending[start..start + end];
            start += end + 2;
            let Some(data) = event.strip_prefix(b"data: ") else { continue };
            if data == b"[DONE]" {
                return Ok(chunks);
            }
            let chunk: ChatCompletionChunk = serde_json::from_slice(data)?;
            chunks += usize::from(!chunk.choices.is_empty());
        }
        pending.drain(..start);
    }
    Ok(chunks)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}
