//! The harness the client behaviour tests share: every test body runs against a
//! `MockGateway` with the async client (`AsyncPortkey`, driven by its own runtime) and with the
//! blocking client (`Portkey`), so both flavors are held to the same expectations.

// Each test binary uses part of the harness.
#![allow(dead_code)]

pub mod wire;

use std::io;
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use http::Method;
use portkey::testing::{MockGateway, MockReply, RecordedRequest};
use portkey::types::{
    ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ChatMessage, Completion, CompletionRequest,
    EmbeddingRequest, EmbeddingResponse, FeedbackRequest, FeedbackResponse, Model, ModelList,
};
use portkey::{
    ApiError, ApiResponse, AsyncPortkey, ClientBuilder, Error, Options, Portkey, RequestOptions, ResponseMeta,
};
use serde_json::{Value, json};

/// Which client a test body runs with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Async,
    Blocking,
}

/// The options of a client under construction (the same generated setters as both clients').
pub type Builder = ClientBuilder<()>;

/// An environment with nothing in it, so the machine's `PORTKEY_*` variables do not leak in.
pub fn no_env(_: &str) -> Option<String> {
    None
}

/// Either client; the async one carries the runtime its calls are driven on.
pub enum Client {
    Async { client: AsyncPortkey, rt: Arc<tokio::runtime::Runtime> },
    Blocking(Portkey),
}

/// Runs the same call with either client: awaited on the client's runtime, or called directly.
#[macro_export]
macro_rules! both {
    ($self:expr, |$c:ident| $call:expr) => {
        match $self {
            Client::Async { client: $c, rt } => rt.block_on(async { $call.await }),
            Client::Blocking($c) => $call,
        }
    };
}

/// A chunk list and the stream's metadata.
pub type Streamed<T> = Result<(ResponseMeta, Vec<Result<T, Error>>), Error>;

impl Client {
    pub fn build(
        kind: Kind,
        setup: impl FnOnce(Builder) -> Builder,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, Error> {
        let options = setup(Builder::from_options(Options::sdk_defaults())).into_options();
        Ok(match kind {
            Kind::Async => Client::Async {
                client: ClientBuilder::<AsyncPortkey>::from_options(options).build_with_env(env)?,
                rt: Arc::new(tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()),
            },
            Kind::Blocking => Client::Blocking(ClientBuilder::<Portkey>::from_options(options).build_with_env(env)?),
        })
    }

    /// A client of `kind` for `gateway`, with more options set by `setup`.
    pub fn new(kind: Kind, gateway: &MockGateway, setup: impl FnOnce(Builder) -> Builder) -> Self {
        Self::at(kind, &gateway.url(), setup)
    }

    /// A client of `kind` for the base URL `url`.
    pub fn at(kind: Kind, url: &str, setup: impl FnOnce(Builder) -> Builder) -> Self {
        let url = url.to_string();
        Self::build(kind, |b| setup(b.base_url(url)), &no_env).expect("client builds")
    }

    pub fn with_options(&self, change: impl FnOnce(Builder) -> Builder) -> Result<Self, Error> {
        fn convert<A, B>(b: ClientBuilder<A>, change: impl FnOnce(Builder) -> Builder) -> ClientBuilder<B> {
            ClientBuilder::from_options(change(Builder::from_options(b.into_options())).into_options())
        }
        Ok(match self {
            Client::Async { client, rt } => {
                Client::Async { client: client.with_options(|b| convert(b, change))?, rt: Arc::clone(rt) }
            }
            Client::Blocking(client) => Client::Blocking(client.with_options(|b| convert(b, change))?),
        })
    }

    pub fn debug_text(&self) -> String {
        match self {
            Client::Async { client, .. } => format!("{client:?}"),
            Client::Blocking(client) => format!("{client:?}"),
        }
    }

    pub fn chat(&self, request: ChatCompletionRequest) -> Result<ApiResponse<ChatCompletion>, Error> {
        both!(self, |c| c.chat().completions().create(request))
    }

    pub fn chat_with(
        &self,
        request: ChatCompletionRequest,
        options: RequestOptions,
    ) -> Result<ApiResponse<ChatCompletion>, Error> {
        both!(self, |c| c.chat().completions().create_with(request, options))
    }

    pub fn stream_chat(&self, request: ChatCompletionRequest) -> Streamed<ChatCompletionChunk> {
        self.stream_chat_with(request, RequestOptions::new())
    }

    pub fn stream_chat_with(
        &self,
        request: ChatCompletionRequest,
        options: RequestOptions,
    ) -> Streamed<ChatCompletionChunk> {
        match self {
            Client::Async { client, rt } => rt.block_on(async {
                let stream = client.chat().completions().create_stream_with(request, options).await?;
                let meta = stream.meta().clone();
                Ok((meta, stream.collect().await))
            }),
            Client::Blocking(client) => {
                let stream = client.chat().completions().create_stream_with(request, options)?;
                let meta = stream.meta().clone();
                Ok((meta, stream.collect()))
            }
        }
    }

    pub fn completion(&self, request: CompletionRequest) -> Result<ApiResponse<Completion>, Error> {
        both!(self, |c| c.completions().create(request))
    }

    pub fn stream_completion(&self, request: CompletionRequest) -> Streamed<Completion> {
        match self {
            Client::Async { client, rt } => rt.block_on(async {
                let stream = client.completions().create_stream(request).await?;
                let meta = stream.meta().clone();
                Ok((meta, stream.collect().await))
            }),
            Client::Blocking(client) => {
                let stream = client.completions().create_stream(request)?;
                let meta = stream.meta().clone();
                Ok((meta, stream.collect()))
            }
        }
    }

    pub fn embeddings(&self, request: EmbeddingRequest) -> Result<ApiResponse<EmbeddingResponse>, Error> {
        both!(self, |c| c.embeddings().create(request))
    }

    pub fn models(&self) -> Result<ApiResponse<ModelList>, Error> {
        both!(self, |c| c.models().list())
    }

    pub fn model(&self, id: &str) -> Result<ApiResponse<Model>, Error> {
        both!(self, |c| c.models().retrieve(id))
    }

    pub fn feedback(&self, request: FeedbackRequest) -> Result<ApiResponse<FeedbackResponse>, Error> {
        both!(self, |c| c.feedback().create(request))
    }

    pub fn post(&self, path: &str, body: &Value) -> Result<ApiResponse<Value>, Error> {
        both!(self, |c| c.post::<Value, Value>(path, body))
    }

    pub fn get(&self, path: &str) -> Result<ApiResponse<Value>, Error> {
        both!(self, |c| c.get::<Value>(path))
    }

    pub fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        options: RequestOptions,
    ) -> Result<ApiResponse<Value>, Error> {
        both!(self, |c| c.request(method, path, body, options))
    }
}

/// Runs `test` with the async client, then with the blocking one (even if the first run
/// failed), and fails naming the clients it failed with. Each run prints its kind first, so
/// the captured output tells which panic came from which client.
pub fn for_both(test: impl Fn(Kind)) {
    let failed: Vec<Kind> = [Kind::Async, Kind::Blocking]
        .into_iter()
        .filter(|&kind| {
            eprintln!("--- {kind:?} client");
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(kind))).is_err()
        })
        .collect();
    assert!(failed.is_empty(), "failed with the {failed:?} client(s); see the panics above");
}

pub fn hello(text: &str) -> ChatCompletionRequest {
    ChatCompletionRequest::new("gpt-4o-mini", [ChatMessage::user(text)])
}

pub fn only_request(gateway: &MockGateway) -> RecordedRequest {
    let requests = gateway.requests();
    assert_eq!(requests.len(), 1, "requests: {requests:#?}");
    requests.into_iter().next().unwrap()
}

pub fn api(error: &Error) -> &ApiError {
    error.as_api().unwrap_or_else(|| panic!("expected an API error, got {error:?}"))
}

/// A scripted 503 the client may retry after 1 ms.
pub fn quick_503() -> MockReply {
    MockReply::json(503, json!({"error": {"message": "overloaded", "type": "server_error"}}))
        .header("retry-after-ms", "1")
}

pub fn stream_text(chunks: &[Result<ChatCompletionChunk, Error>]) -> String {
    chunks.iter().map(|c| c.as_ref().unwrap().delta_text().unwrap_or_default()).collect()
}

/// A port on 127.0.0.1 nobody listens on (bound, then released).
pub fn dead_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/v1")
}

/// An in-memory log for a `tracing-subscriber` fmt layer.
#[derive(Clone, Default)]
pub struct Capture(Arc<Mutex<Vec<u8>>>);

impl io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Capture {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// Runs `f` with a subscriber that logs everything (spans included) into the returned text.
pub fn traced(f: impl FnOnce()) -> String {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(
            tracing_subscriber::fmt::format::FmtSpan::NEW | tracing_subscriber::fmt::format::FmtSpan::CLOSE,
        )
        .finish();
    tracing::subscriber::with_default(subscriber, f);
    capture.text()
}

/// `bytes` compressed with `encoding` (`gzip`, `deflate`, `br` or `zstd`), for replies the
/// client must decode.
pub fn compressed(encoding: &str, bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    match encoding {
        "gzip" => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(bytes).unwrap();
            e.finish().unwrap()
        }
        "deflate" => {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(bytes).unwrap();
            e.finish().unwrap()
        }
        "br" => {
            let mut out = Vec::new();
            brotli::CompressorWriter::new(&mut out, 4096, 5, 22).write_all(bytes).unwrap();
            out
        }
        "zstd" => zstd::encode_all(bytes, 3).unwrap(),
        other => panic!("{other}"),
    }
}
