//! The reply of `POST /images/generations`, `/images/edits` and `/images/variations`
//! ([`ImagesResponse`]).

use crate::types::Extra;

use crate::Error;
use crate::types::form::decode_base64;
use crate::types::object::json_object;

/// The reply of `images.generate`, `images.edit` and `images.create_variation`: the images
/// made, each as base64 (`b64_json`) or a URL, and for the GPT image models the settings used
/// and the token usage.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImagesResponse {
    /// When the images were made (Unix seconds).
    pub created: u64,
    /// The images.
    pub data: Vec<Image>,
    /// The background used: `transparent` or `opaque` (GPT image models).
    pub background: Option<String>,
    /// The output format used: `png`, `webp` or `jpeg` (GPT image models).
    pub output_format: Option<String>,
    /// The quality used: `low`, `medium` or `high` (GPT image models).
    pub quality: Option<String>,
    /// The size made: `1024x1024`, `1024x1536`, ... (GPT image models).
    pub size: Option<String>,
    /// Token usage (GPT image models).
    pub usage: Option<ImageUsage>,
    /// Fields this type does not name, kept as they came (`provider`, ...).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ImagesResponse {
    created: default,
    data: default,
    background: opt,
    output_format: opt,
    quality: opt,
    size: opt,
    usage: opt,
});

impl ImagesResponse {
    /// The first image.
    pub fn first(&self) -> Option<&Image> {
        self.data.first()
    }

    /// The bytes of the first image, decoded from its `b64_json`: `Ok(None)` when there is no
    /// image or it came as a URL only; [`Error::Decode`] when the base64 is invalid.
    pub fn first_bytes(&self) -> Result<Option<Vec<u8>>, Error> {
        match self.first() {
            Some(image) => image.bytes(),
            None => Ok(None),
        }
    }
}

/// One image of an [`ImagesResponse`]: its bytes as base64, or a URL to fetch it from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Image {
    /// The image, base64-encoded: the GPT image models' default, or with
    /// `response_format: "b64_json"`.
    pub b64_json: Option<String>,
    /// Where to fetch the image (DALL·E's default, `response_format: "url"`; valid for an hour).
    pub url: Option<String>,
    /// The prompt the model actually used (DALL·E 3).
    pub revised_prompt: Option<String>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(Image { b64_json: opt, url: opt, revised_prompt: opt });

impl Image {
    /// The image's bytes, decoded from `b64_json`: `Ok(None)` when it came as a URL only;
    /// [`Error::Decode`] naming `b64_json` when the base64 is invalid.
    pub fn bytes(&self) -> Result<Option<Vec<u8>>, Error> {
        self.b64_json.as_deref().map(|data| decode_base64("b64_json", data)).transpose()
    }
}

/// Token usage of an image generation or edit (GPT image models).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImageUsage {
    /// Tokens of the input: text and images.
    pub input_tokens: u64,
    /// Tokens of the output images.
    pub output_tokens: u64,
    /// All the tokens.
    pub total_tokens: u64,
    /// The input tokens, text and image.
    pub input_tokens_details: Option<ImageTokenDetails>,
    /// The output tokens, text and image.
    pub output_tokens_details: Option<ImageTokenDetails>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ImageUsage {
    input_tokens: default,
    output_tokens: default,
    total_tokens: default,
    input_tokens_details: opt,
    output_tokens_details: opt,
});

/// Tokens by kind: text and image.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImageTokenDetails {
    /// Image tokens.
    pub image_tokens: u64,
    /// Text tokens.
    pub text_tokens: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ImageTokenDetails { image_tokens: default, text_tokens: default });
