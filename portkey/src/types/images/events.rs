//! The events of a streamed image generation or edit ([`ImageStreamEvent`]).

use crate::types::Extra;

use super::response::ImageUsage;
use crate::Error;
use crate::types::form::decode_base64;
use crate::types::object::json_object;
use crate::types::tagged::tagged_enum;

tagged_enum! {
    /// One server-sent event of `images.generate_stream` or `images.edit_stream`, told apart by
    /// its `type`: partial images while the image is made (as many as `partial_images` asked
    /// for), then the complete image; `Unknown` for any other kind (kept whole).
    ///
    /// [`image_bytes`](Self::image_bytes) decodes the image an event carries.
    pub enum ImageStreamEvent("an image stream event") {
        /// `image_generation.partial_image`: a partial image, while generating.
        GenerationPartialImage(ImagePartialImageEvent) = "image_generation.partial_image",
        /// `image_generation.completed`: the generated image, with the usage.
        GenerationCompleted(ImageCompletedEvent) = "image_generation.completed",
        /// `image_edit.partial_image`: a partial image, while editing.
        EditPartialImage(ImagePartialImageEvent) = "image_edit.partial_image",
        /// `image_edit.completed`: the edited image, with the usage.
        EditCompleted(ImageCompletedEvent) = "image_edit.completed",
    }
}

impl ImageStreamEvent {
    /// The partial image of a `*.partial_image` event; `None` for any other event.
    pub fn partial_image(&self) -> Option<&ImagePartialImageEvent> {
        match self {
            ImageStreamEvent::GenerationPartialImage(event) | ImageStreamEvent::EditPartialImage(event) => Some(event),
            _ => None,
        }
    }

    /// The complete image of a `*.completed` event; `None` for any other event.
    pub fn completed(&self) -> Option<&ImageCompletedEvent> {
        match self {
            ImageStreamEvent::GenerationCompleted(event) | ImageStreamEvent::EditCompleted(event) => Some(event),
            _ => None,
        }
    }

    /// The base64 image the event carries (partial or complete); `None` for an unknown event.
    pub fn b64_json(&self) -> Option<&str> {
        match (self.partial_image(), self.completed()) {
            (Some(partial), _) => Some(&partial.b64_json),
            (_, Some(completed)) => Some(&completed.b64_json),
            _ => None,
        }
    }

    /// The bytes of the image the event carries (partial or complete), decoded: `Ok(None)` for
    /// an unknown event; [`Error::Decode`] naming `b64_json` when the base64 is invalid.
    pub fn image_bytes(&self) -> Result<Option<Vec<u8>>, Error> {
        self.b64_json().map(|data| decode_base64("b64_json", data)).transpose()
    }

    /// The bytes of a partial image, decoded: `Ok(None)` for any other event.
    pub fn partial_image_bytes(&self) -> Result<Option<Vec<u8>>, Error> {
        self.partial_image().map(ImagePartialImageEvent::bytes).transpose()
    }
}

/// A partial image (`image_generation.partial_image`, `image_edit.partial_image`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImagePartialImageEvent {
    /// The partial image, base64-encoded.
    pub b64_json: String,
    /// Which partial image this is (from 0).
    pub partial_image_index: u32,
    /// The background asked for: `transparent`, `opaque` or `auto`.
    pub background: Option<String>,
    /// When the event was made (Unix seconds).
    pub created_at: u64,
    /// The output format asked for: `png`, `webp` or `jpeg`.
    pub output_format: Option<String>,
    /// The quality asked for: `low`, `medium`, `high` or `auto`.
    pub quality: Option<String>,
    /// The size asked for: `1024x1024`, ... or `auto`.
    pub size: Option<String>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ImagePartialImageEvent {
    b64_json: default,
    partial_image_index: default,
    background: opt,
    created_at: default,
    output_format: opt,
    quality: opt,
    size: opt,
});

impl ImagePartialImageEvent {
    /// The partial image's bytes, decoded from `b64_json`.
    pub fn bytes(&self) -> Result<Vec<u8>, Error> {
        decode_base64("b64_json", &self.b64_json)
    }
}

/// The complete image (`image_generation.completed`, `image_edit.completed`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImageCompletedEvent {
    /// The image, base64-encoded.
    pub b64_json: String,
    /// The background used: `transparent`, `opaque` or `auto`.
    pub background: Option<String>,
    /// When the event was made (Unix seconds).
    pub created_at: u64,
    /// The output format used: `png`, `webp` or `jpeg`.
    pub output_format: Option<String>,
    /// The quality used: `low`, `medium`, `high` or `auto`.
    pub quality: Option<String>,
    /// The size made: `1024x1024`, ... or `auto`.
    pub size: Option<String>,
    /// Token usage (GPT image models).
    pub usage: Option<ImageUsage>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ImageCompletedEvent {
    b64_json: default,
    background: opt,
    created_at: default,
    output_format: opt,
    quality: opt,
    size: opt,
    usage: opt,
});

impl ImageCompletedEvent {
    /// The image's bytes, decoded from `b64_json`.
    pub fn bytes(&self) -> Result<Vec<u8>, Error> {
        decode_base64("b64_json", &self.b64_json)
    }
}
