#![deny(missing_docs)]
//! # portkey
//!
//! The Rust client for the [Portkey AI gateway](https://portkey.ai): one API for 40+ LLM
//! providers, with fallbacks, load balancing, caching and observability. Everything a client
//! tells the gateway travels as `x-portkey-*` headers; this crate writes them exactly as the
//! Python SDK `portkey-ai` does.
//!
//! ```no_run
//! # #[cfg(feature = "chat")]
//! # async fn demo() -> Result<(), portkey::Error> {
//! use futures_util::StreamExt;
//! use portkey::AsyncPortkey;
//! use portkey::types::{ChatCompletionRequest, ChatMessage};
//!
//! let client = AsyncPortkey::builder().api_key("pk-...").virtual_key("vk-...").build()?;
//! let request = ChatCompletionRequest::new("gpt-4o-mini", [ChatMessage::user("Hello")]);
//! let reply = client.chat().completions().create(request.clone()).await?;
//! println!("{} (trace {:?})", reply.text().unwrap_or_default(), reply.meta.trace_id());
//!
//! let mut stream = client.chat().completions().create_stream(request).await?;
//! while let Some(chunk) = stream.next().await {
//!     print!("{}", chunk?.delta_text().unwrap_or_default());
//! }
//! # Ok(()) }
//! ```
//!
//! [`Portkey`] is the blocking client with the same API. Both are [`Client`]s built on one
//! request core; see [`Error`] for what calls return, [`config`] for typed routing configs and
//! `testing::MockGateway` (feature `testing`) for tests without a network.
//!
//! Every client option is declared once, in `schema/options.json`; the [`Options`] struct, its
//! [`ClientBuilder`] setters, environment loading, header serialization and the
//! [`OPTION_TABLE`] are generated from that file at compile time.
//!
//! ```
//! use portkey::{Options, create_headers};
//! use serde_json::json;
//!
//! let options = Options::builder()
//!     .api_key("pk-...")
//!     .provider("openai")
//!     .config(json!({"retry": {"attempts": 3}}))
//!     .metadata(json!({"user": "u-1"}))
//!     .build()?;
//! let headers = create_headers(&options)?;
//! assert_eq!(headers["x-portkey-config"], r#"{"retry": {"attempts": 3}}"#);
//! assert!(!format!("{options:?}").contains("pk-")); // secrets are redacted
//! # Ok::<(), portkey::OptionError>(())
//! ```

// Lets the generated code name this crate `::portkey` from inside it too.
extern crate self as portkey;

// The pipeline, stage by stage:
// - `options/`: `schema/options.json` expanded into the options API, with its hand-written support;
// - `endpoints/`: the gateway's resources, `client.chat().completions().create(..)`;
// - `core/`: the one request core (URL, headers, body, retries, limits, SSE), sans flavor;
// - `client/`: the two flavors, async and blocking, over that core.
// `types/` and `config/` are the typed data the calls carry.
mod client;
pub mod config;
pub(crate) mod core;
pub mod endpoints;
mod error;
mod options;
/// The server-sent-events decoder the clients stream with, for reading SSE from elsewhere.
pub mod sse {
    pub use crate::core::sse::{SseDecoder, SseEvent};
}
#[cfg(feature = "testing")]
pub mod testing;
pub mod types;

#[doc(hidden)]
pub mod __private;

pub use client::{Async, AsyncPortkey, Blocking, BlockingDownload, BlockingStream, BoxFuture, Client, Flavor, Portkey};
pub use core::download::Download;
pub use core::gateway::{CacheStatus, Gateway, GuardrailCheck, HookResult, HookResults};
pub use core::limits::{Limit, Limits};
pub use core::multipart::{FilePart, FileParts, Multipart, Progress};
pub use core::request_options::RequestOptions;
pub use core::response::{ApiResponse, ResponseMeta};
pub use core::stream::EventStream;
pub use core::timeouts::Timeouts;
pub use error::{ApiError, ApiErrorKind, Error, TransportError};
pub use options::client_side::ClientSettings;
pub use options::constants::*;
pub use options::error::OptionError;
pub use options::info::{Group, OptionInfo, ValueType, table_contains};
pub use options::resolve::{ResolvedOptions, USER_AGENT_LIKE_HEADERS};
pub use options::secret::Secret;
pub use options::value::OptionValue;
pub use options::values::{HttpClient, HttpUrl, Mode, StringOrJson};
pub use options::{ClientBuilder, ClientSideOptions, OPTION_TABLE, Options, create_headers, globals, pyjson};

/// The HTTP types headers are returned in.
pub use http;

/// The legacy routing modes (the Python SDK's name for [`Mode`]).
pub type Modes = Mode;
