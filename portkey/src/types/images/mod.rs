//! Images: `POST /images/generations` takes an [`ImageGenerateRequest`] (JSON);
//! `POST /images/edits` and `POST /images/variations` take a multipart form, built from an
//! [`ImageEditRequest`] or an [`ImageVariationRequest`] with `.into()`. All three answer with
//! an [`ImagesResponse`], whose images come as base64 ([`Image::bytes`] decodes them) or URLs;
//! `generate_stream` and `edit_stream` give [`ImageStreamEvent`]s (partial images, then the
//! complete one).
//!
//! The field names are those of the OpenAI Python SDK (as vendored by `portkey-ai`). As
//! everywhere in [`crate::types`], unknown fields and explicit `null`s are kept, and an event
//! kind the enum does not name is kept whole in [`ImageStreamEvent::Unknown`].
//!
//! ```
//! use portkey::types::{ImageGenerateRequest, ImageStreamEvent, ImagesResponse};
//! use serde_json::json;
//!
//! let request = ImageGenerateRequest::new("a cat in a hat").model("gpt-image-1").size("1024x1024").quality("low");
//! assert_eq!(
//!     serde_json::to_value(&request)?,
//!     json!({"prompt": "a cat in a hat", "model": "gpt-image-1", "size": "1024x1024", "quality": "low"})
//! );
//!
//! let reply: ImagesResponse = serde_json::from_value(json!({
//!     "created": 1713833628, "data": [{"b64_json": "iVBORw0KGgo="}],
//!     "usage": {"input_tokens": 50, "output_tokens": 272, "total_tokens": 322,
//!               "input_tokens_details": {"image_tokens": 0, "text_tokens": 50}}
//! }))?;
//! assert_eq!(reply.first_bytes()?.as_deref(), Some(&b"\x89PNG\r\n\x1a\n"[..]));
//!
//! let event: ImageStreamEvent = serde_json::from_str(
//!     r#"{"type":"image_generation.partial_image","b64_json":"aGk=","partial_image_index":0,"created_at":1,"size":"1024x1024","quality":"low","background":"opaque","output_format":"png"}"#,
//! )?;
//! assert_eq!(event.partial_image_bytes()?.as_deref(), Some(&b"hi"[..]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod events;
mod request;
mod response;
#[cfg(test)]
mod tests;

pub use events::{ImageCompletedEvent, ImagePartialImageEvent, ImageStreamEvent};
pub use request::{ImageEditRequest, ImageFiles, ImageGenerateRequest, ImageVariationRequest};
pub use response::{Image, ImageTokenDetails, ImageUsage, ImagesResponse};
