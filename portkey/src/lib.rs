#![deny(missing_docs)]
//! # portkey
//!
//! The Rust client for the [Portkey AI gateway](https://portkey.ai): one API for 40+ LLM
//! providers, with fallbacks, load balancing, caching and observability. Everything a client
//! tells the gateway travels as `x-portkey-*` headers; this crate writes them exactly as the
//! Python SDK `portkey-ai` does.
//!
//! ```no_run
//! use futures_util::StreamExt;
//! use portkey::AsyncPortkey;
//! use portkey::types::{ChatCompletionRequest, ChatMessage};
//!
//! # async fn demo() -> Result<(), portkey::Error> {
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

mod client;
mod client_side;
pub mod config;
mod constants;
pub(crate) mod core;
mod coverage;
mod error;
pub mod globals;
mod option_error;
mod option_info;
mod option_value;
mod options;
pub mod pyjson;
mod python_values;
mod request_options;
mod resolve;
pub mod resources;
mod response;
mod secret;
/// The server-sent-events decoder the clients stream with, for reading SSE from elsewhere.
pub mod sse {
    pub use crate::core::sse::{SseDecoder, SseEvent};
}
#[cfg(feature = "testing")]
pub mod testing;
pub mod types;
mod values;

#[doc(hidden)]
pub mod __private;

pub use client::{Async, AsyncPortkey, Blocking, BlockingStream, BoxFuture, Client, Flavor, Portkey};
pub use client_side::ClientSettings;
pub use constants::*;
pub use core::limits::{Limit, Limits};
pub use core::stream::EventStream;
pub use core::timeouts::Timeouts;
pub use error::{ApiError, ApiErrorKind, Error};
pub use option_error::OptionError;
pub use option_info::{Group, OptionInfo, ValueType, table_contains};
pub use option_value::OptionValue;
pub use options::{ClientBuilder, ClientSideOptions, OPTION_TABLE, Options, create_headers};
pub use request_options::RequestOptions;
pub use resolve::{ResolvedOptions, USER_AGENT_LIKE_HEADERS};
pub use response::{ApiResponse, ResponseMeta};
pub use secret::Secret;
pub use values::{HttpClient, HttpUrl, Mode, StringOrJson};

/// The HTTP types headers are returned in.
pub use http;

/// The legacy routing modes (the Python SDK's name for [`Mode`]).
pub type Modes = Mode;
