//! The requests: [`ImageGenerateRequest`] (a JSON body), [`ImageEditRequest`] and
//! [`ImageVariationRequest`] (multipart forms).

use serde_json::Value;

use crate::types::Extra;

use crate::types::form;
use crate::types::object::json_object;
use crate::types::object::setters;
use crate::{FilePart, Multipart};

/// The body of `POST /images/generations` (`images.generate`).
///
/// Unset options are left out of the body; parameters this type does not name go in `extra`.
/// `stream` is set by the client's `generate_stream` (with `partial_images` for partial images)
/// and refused by `generate`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImageGenerateRequest {
    /// What to draw.
    pub prompt: String,
    /// The model: `gpt-image-1`, `dall-e-3`, ...; left out, the provider's default.
    pub model: Option<String>,
    /// How many images (DALL·E 3: only 1).
    pub n: Option<u32>,
    /// `1024x1024`, `1536x1024`, `1024x1536`, `auto` (GPT image models); `256x256`, ...
    pub size: Option<String>,
    /// `auto`, `high`, `medium`, `low` (GPT image models); `hd`, `standard` (DALL·E 3).
    pub quality: Option<String>,
    /// `vivid` or `natural` (DALL·E 3).
    pub style: Option<String>,
    /// `url` or `b64_json` (DALL·E; the GPT image models always answer with base64).
    pub response_format: Option<String>,
    /// `transparent`, `opaque` or `auto` (GPT image models).
    pub background: Option<String>,
    /// `png`, `jpeg` or `webp` (GPT image models).
    pub output_format: Option<String>,
    /// The compression (0 to 100) of `jpeg` and `webp` output.
    pub output_compression: Option<u32>,
    /// `low` or `auto`: how strict the content moderation is (GPT image models).
    pub moderation: Option<String>,
    /// How many partial images (0 to 3) a stream sends before the complete image.
    pub partial_images: Option<u32>,
    /// An id of the end user, for abuse detection.
    pub user: Option<String>,
    /// Whether to stream the image as [`ImageStreamEvent`](super::ImageStreamEvent)s.
    pub stream: Option<bool>,
    /// Fields this type does not name, kept as they came (and sent as given).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ImageGenerateRequest {
    prompt: default,
    model: opt,
    n: opt,
    size: opt,
    quality: opt,
    style: opt,
    response_format: opt,
    background: opt,
    output_format: opt,
    output_compression: opt,
    moderation: opt,
    partial_images: opt,
    user: opt,
    stream: opt,
});

impl ImageGenerateRequest {
    /// A request to draw `prompt`, with every option unset.
    pub fn new(prompt: impl Into<String>) -> Self {
        ImageGenerateRequest { prompt: prompt.into(), ..Self::default() }
    }

    setters! {
        model: String => "the model.",
        n = u32 => "how many images.",
        size: String => "the size, `1024x1024`, ...",
        quality: String => "`low`, `medium`, `high`, `auto`, `hd` or `standard`.",
        style: String => "`vivid` or `natural` (DALL·E 3).",
        response_format: String => "`url` or `b64_json`.",
        background: String => "`transparent`, `opaque` or `auto`.",
        output_format: String => "`png`, `jpeg` or `webp`.",
        output_compression = u32 => "0 to 100, for `jpeg` and `webp`.",
        moderation: String => "`low` or `auto`.",
        partial_images = u32 => "how many partial images (0 to 3) a stream sends.",
        user: String => "an id of the end user.",
        stream = bool => "the client's `generate_stream` sets it, `generate` refuses it.",
    }
}

/// The image(s) an [`ImageEditRequest`] edits: one image is sent as the part `image`, a list
/// as one `image[]` part per image (as the SDK sends `image=[...]`, even a list of one).
#[derive(Debug)]
pub enum ImageFiles {
    /// One image: the part `image`.
    One(FilePart),
    /// Several images (GPT image models): `image[]` parts.
    List(Vec<FilePart>),
}

impl From<FilePart> for ImageFiles {
    fn from(image: FilePart) -> Self {
        ImageFiles::One(image)
    }
}

impl From<Vec<FilePart>> for ImageFiles {
    fn from(images: Vec<FilePart>) -> Self {
        ImageFiles::List(images)
    }
}

impl<const N: usize> From<[FilePart; N]> for ImageFiles {
    fn from(images: [FilePart; N]) -> Self {
        ImageFiles::List(images.into())
    }
}

/// The form of `POST /images/edits` (`images.edit`): the image(s) to edit, the prompt, an
/// optional mask and options. Turn it into the [`Multipart`] form the endpoint takes with
/// `.into()`.
///
/// The fields are sent as the SDK sends them: text fields first (`prompt`, `background`, ...,
/// `user`, then `extra`), then the files (`image` or `image[]`, then `mask`). Files are
/// streamed from memory, a path or a reader (see [`FilePart`]). `stream` is set by the client's
/// `edit_stream`.
///
/// ```
/// use portkey::{FilePart, Multipart};
/// use portkey::types::ImageEditRequest;
///
/// let request = ImageEditRequest::new(FilePart::path("cat.png"), "add a hat").model("gpt-image-1").size("1024x1024");
/// let form: Multipart = request.into();
/// let names: Vec<(&str, bool)> = form.part_names().collect();
/// assert_eq!(names, [("prompt", false), ("model", false), ("size", false), ("image", true)]);
/// ```
#[derive(Debug)]
pub struct ImageEditRequest {
    /// The image(s) to edit.
    pub image: ImageFiles,
    /// What to change.
    pub prompt: String,
    /// A PNG whose transparent areas show where to edit (applies to the first image).
    pub mask: Option<FilePart>,
    /// `transparent`, `opaque` or `auto` (GPT image models).
    pub background: Option<String>,
    /// `high` or `low`: how closely to match the input's style and features (GPT image models).
    pub input_fidelity: Option<String>,
    /// The model: `gpt-image-1`, `dall-e-2`, ...
    pub model: Option<String>,
    /// How many images.
    pub n: Option<u32>,
    /// The compression (0 to 100) of `jpeg` and `webp` output.
    pub output_compression: Option<u32>,
    /// `png`, `jpeg` or `webp` (GPT image models).
    pub output_format: Option<String>,
    /// How many partial images (0 to 3) a stream sends before the complete image.
    pub partial_images: Option<u32>,
    /// `auto`, `high`, `medium`, `low` or `standard`.
    pub quality: Option<String>,
    /// `url` or `b64_json` (DALL·E 2).
    pub response_format: Option<String>,
    /// `1024x1024`, `1536x1024`, `1024x1536`, `auto`, `256x256`, `512x512`.
    pub size: Option<String>,
    /// An id of the end user, for abuse detection.
    pub user: Option<String>,
    /// More fields, sent after the named ones and flattened as the SDK flattens them (a list
    /// is one `name[]` field per item, an object `name[key]` fields).
    pub extra: Extra,
}

impl ImageEditRequest {
    /// A request to edit `image` (one file, or several: see [`ImageFiles`]) as `prompt` says.
    pub fn new(image: impl Into<ImageFiles>, prompt: impl Into<String>) -> Self {
        ImageEditRequest {
            image: image.into(),
            prompt: prompt.into(),
            mask: None,
            background: None,
            input_fidelity: None,
            model: None,
            n: None,
            output_compression: None,
            output_format: None,
            partial_images: None,
            quality: None,
            response_format: None,
            size: None,
            user: None,
            extra: Extra::new(),
        }
    }

    /// Adds an image: the request then sends a list (`image[]` parts).
    pub fn add_image(mut self, image: FilePart) -> Self {
        self.image = match self.image {
            ImageFiles::One(first) => ImageFiles::List(vec![first, image]),
            ImageFiles::List(mut images) => {
                images.push(image);
                ImageFiles::List(images)
            }
        };
        self
    }

    /// Sets `mask`.
    pub fn mask(mut self, mask: FilePart) -> Self {
        self.mask = Some(mask);
        self
    }

    /// Adds a field this type does not name.
    pub fn extra(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(name.into(), value.into());
        self
    }

    setters! {
        background: String => "`transparent`, `opaque` or `auto`.",
        input_fidelity: String => "`high` or `low`.",
        model: String => "the model.",
        n = u32 => "how many images.",
        output_compression = u32 => "0 to 100, for `jpeg` and `webp`.",
        output_format: String => "`png`, `jpeg` or `webp`.",
        partial_images = u32 => "how many partial images (0 to 3) a stream sends.",
        quality: String => "`auto`, `high`, `medium`, `low` or `standard`.",
        response_format: String => "`url` or `b64_json`.",
        size: String => "the size, `1024x1024`, ...",
        user: String => "an id of the end user.",
    }
}

impl From<ImageEditRequest> for Multipart {
    fn from(request: ImageEditRequest) -> Multipart {
        let form = Multipart::new().text("prompt", request.prompt);
        let form = form::opt(form, "background", request.background);
        let form = form::opt(form, "input_fidelity", request.input_fidelity);
        let form = form::opt(form, "model", request.model);
        let form = form::opt(form, "n", request.n);
        let form = form::opt(form, "output_compression", request.output_compression);
        let form = form::opt(form, "output_format", request.output_format);
        let form = form::opt(form, "partial_images", request.partial_images);
        let form = form::opt(form, "quality", request.quality);
        let form = form::opt(form, "response_format", request.response_format);
        let form = form::opt(form, "size", request.size);
        let form = form::opt(form, "user", request.user);
        let form = form::extra(form, &request.extra);
        let form = match request.image {
            ImageFiles::One(image) => form.file("image", image),
            ImageFiles::List(images) => images.into_iter().fold(form, |form, image| form.file("image[]", image)),
        };
        match request.mask {
            Some(mask) => form.file("mask", mask),
            None => form,
        }
    }
}

/// The form of `POST /images/variations` (`images.create_variation`, DALL·E 2): the image to
/// make variations of, and options. Turn it into the [`Multipart`] form the endpoint takes
/// with `.into()`; the fields are sent as the SDK sends them (`model`, `n`,
/// `response_format`, `size`, `user`, then `extra`, then the file `image`).
#[derive(Debug)]
pub struct ImageVariationRequest {
    /// The image: a square PNG under 4 MB.
    pub image: FilePart,
    /// The model (`dall-e-2`).
    pub model: Option<String>,
    /// How many variations (1 to 10).
    pub n: Option<u32>,
    /// `url` or `b64_json`.
    pub response_format: Option<String>,
    /// `256x256`, `512x512` or `1024x1024`.
    pub size: Option<String>,
    /// An id of the end user, for abuse detection.
    pub user: Option<String>,
    /// More fields, sent after the named ones and flattened as the SDK flattens them.
    pub extra: Extra,
}

impl ImageVariationRequest {
    /// A request for variations of `image`.
    pub fn new(image: FilePart) -> Self {
        ImageVariationRequest {
            image,
            model: None,
            n: None,
            response_format: None,
            size: None,
            user: None,
            extra: Extra::new(),
        }
    }

    /// Adds a field this type does not name.
    pub fn extra(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(name.into(), value.into());
        self
    }

    setters! {
        model: String => "the model.",
        n = u32 => "how many variations.",
        response_format: String => "`url` or `b64_json`.",
        size: String => "`256x256`, `512x512` or `1024x1024`.",
        user: String => "an id of the end user.",
    }
}

impl From<ImageVariationRequest> for Multipart {
    fn from(request: ImageVariationRequest) -> Multipart {
        let form = form::opt(Multipart::new(), "model", request.model);
        let form = form::opt(form, "n", request.n);
        let form = form::opt(form, "response_format", request.response_format);
        let form = form::opt(form, "size", request.size);
        let form = form::opt(form, "user", request.user);
        let form = form::extra(form, &request.extra);
        form.file("image", request.image)
    }
}
