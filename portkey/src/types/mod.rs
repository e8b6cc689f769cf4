//! Request, query, reply and event types of the gateway API, generated from declarations:
//! OpenAI's and Portkey's OpenAPI documents (carried in `schema/openapi/`) and what
//! `schema/types.json` says of them (Rust names, how unions are told apart, what the SDK sends
//! where the spec is wrong). Every type an endpoint of `schema/endpoints.json` takes or returns
//! is here, behind the Cargo feature of the API area that uses it (`chat`, `responses`, ...;
//! see the crate's features). `tests/types/surface.txt` lists them all, with their fields.
//!
//! Beside the generated types, this module holds what cannot be declared: accessors
//! ([`ChatCompletion::text`], [`Response::output_text`], [`ResponseStreamEvent::text_delta`]...),
//! constructors that read better than the generated ones ([`ChatMessage::user`],
//! [`InputItem::user`]) and conversions.
//!
//! Nothing is lost on the way through a type:
//!
//! * every struct has an `extra` ([`Extra`], a small ordered JSON object) with the fields it
//!   does not name: for replies they are kept as they came (`provider`, `content_blocks`, ...),
//!   for requests they are sent at the top level of the body as given;
//! * an explicit `null` reads as `None` (or the field's default) and is written back as `null`,
//!   while an absent field stays absent: JSON → type → JSON gives back the same JSON;
//! * replies are read leniently: a required field a provider leaves out reads as its default,
//!   and is left out again when written;
//! * a fixed field (`"object": "chat.completion"`) is not stored but written as given (another
//!   value that came is kept in `extra`);
//! * every enum has an `Other` variant keeping an unknown value, and every union an `Unknown`
//!   variant keeping a new kind whole; errors name the field path.
//!
//! Setting a named field always wins over a same-named key in `extra`.
//!
//! ```
//! # #[cfg(feature = "chat")] {
//! use portkey::types::{ChatCompletion, ChatCompletionRequest, ChatMessage};
//! use serde_json::json;
//!
//! let request = ChatCompletionRequest::new("gpt-4o-mini", [ChatMessage::user("Hi")]).max_tokens(64);
//! assert_eq!(
//!     serde_json::to_value(&request)?,
//!     json!({"messages": [{"role": "user", "content": "Hi"}], "model": "gpt-4o-mini", "max_tokens": 64})
//! );
//!
//! let body = json!({
//!     "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
//!     "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello!", "refusal": null},
//!                  "logprobs": null, "finish_reason": "stop"}],
//!     "provider": "openai"
//! });
//! let completion: ChatCompletion = serde_json::from_value(body.clone())?;
//! assert_eq!(completion.text(), Some("Hello!"));
//! assert_eq!(completion.extra["provider"], "openai");
//! assert_eq!(serde_json::to_value(&completion)?, body);
//! # }
//! # Ok::<(), serde_json::Error>(())
//! ```

pub mod extra;
// The runtime the generated types call: a build with some areas only uses some of it.
#[cfg_attr(not(feature = "full"), allow(dead_code, unused_imports, unused_macros))]
mod form;
mod generated;
mod number;
#[cfg_attr(not(feature = "full"), allow(dead_code, unused_imports, unused_macros))]
mod object;
#[cfg_attr(not(feature = "full"), allow(dead_code, unused_imports, unused_macros))]
pub(crate) mod runtime;
#[cfg_attr(not(feature = "full"), allow(dead_code, unused_imports, unused_macros))]
mod union;

#[cfg(feature = "audio")]
mod audio;
#[cfg(feature = "batches")]
mod batches;
#[cfg(feature = "chat")]
mod chat;
#[cfg(feature = "completions")]
mod completions;
#[cfg(feature = "embeddings")]
mod embeddings;
#[cfg(feature = "images")]
mod images;
#[cfg(feature = "moderations")]
mod moderations;
#[cfg(feature = "prompts")]
mod prompts;
#[cfg(feature = "responses")]
mod responses;
#[cfg(test)]
mod tests;

#[cfg(feature = "audio")]
pub use audio::TranscriptionReply;
pub use extra::Extra;
pub use generated::*;
pub use number::Number;
#[cfg(feature = "prompts")]
pub use prompts::{PromptCompletionRequest, PromptRender, PromptRenderData, PromptRenderRequest};

/// The model requests name when none is given: the Python SDK's default, which lets the
/// gateway config (or the provider's default) pick the model.
pub const DEFAULT_MODEL: &str = "portkey-default";

/// A JSON object of values of one type, in the order they came (`metadata`, `logit_bias`).
pub type Map<V> = indexmap::IndexMap<String, V>;

/// A JSON object that keeps every field: the reply (or event) type of the endpoints that have
/// no Rust type yet.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// A page of a list reply ([`FileList`], [`BatchList`], [`ModelList`], ...): its items, which
/// the `_all` methods yield one by one across pages.
pub trait Page {
    /// The type of the page's items.
    type Item;

    /// The page's items (`data`).
    fn items(&self) -> &[Self::Item];

    /// The page's items, taken.
    fn into_items(self) -> Vec<Self::Item>;
}

/// The bytes of base64 text (image and audio payloads), an error naming `what`.
#[cfg(any(feature = "audio", feature = "images"))]
pub(crate) use form::decode_base64;
