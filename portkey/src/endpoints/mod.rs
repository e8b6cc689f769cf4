//! Stage two of the pipeline: `schema/endpoints.json` becomes the gateway's resources, for
//! both clients: `client.audio().transcriptions().create(..)`.
//!
//! Every public resource method of the Python SDK is declared once in the schema, with its
//! HTTP method, path, query parameters, body and reply kinds, streaming and paging; the
//! [`portkey_endpoints!`](portkey_macros::portkey_endpoints) call in `generated.rs` expands it
//! into one struct per resource (`BetaThreadsRuns<'a, F>`) and, for each endpoint:
//!
//! - the plain method (`list`), returning `F::Output`: a future for
//!   [`AsyncPortkey`](crate::AsyncPortkey), the value itself for [`Portkey`](crate::Portkey);
//! - `_with`, taking [`RequestOptions`](crate::RequestOptions) (query parameters, headers,
//!   timeouts for this call);
//! - `_byot` ("bring your own types"), generic over your own body (`Serialize`) and reply
//!   (`DeserializeOwned`) types, so a provider-specific field never blocks you;
//! - for streaming endpoints, the same three with `_stream`, yielding typed events.
//!
//! Path parameters are percent-encoded as path segments; an empty one is
//! [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming it, before anything is
//! sent. Where no Rust type exists yet, replies are a [`JsonObject`](crate::types::JsonObject)
//! that keeps every field. [`ENDPOINT_TABLE`] lists every endpoint; [`LEFT_OUT`] lists the
//! SDK's methods left out on purpose, with the reason.

mod audio_duration;
mod generated;
mod info;
mod polling;
#[cfg(feature = "audio")]
mod speech;
#[doc(hidden)]
pub mod support;
pub mod webhooks;

pub use generated::*;
pub use info::{BodyKind, EndpointInfo, ReplyKind, Route, StreamVia};
pub use polling::{DEFAULT_PART_SIZE, Poll};
