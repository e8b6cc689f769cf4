//! What the image types cannot declare: the images' bytes, decoded from base64.

use super::{
    Image, ImageCompletedEvent, ImageEditCompletedEvent, ImageEditPartialImageEvent, ImageEditStreamEvent,
    ImagePartialImageEvent, ImageStreamEvent, ImagesResponse, decode_base64,
};
use crate::Error;

impl super::ImageEditRequest {
    /// Adds an image to edit (one becomes several, sent as `image[]` each).
    pub fn add_image(mut self, image: crate::FilePart) -> Self {
        let images = std::mem::replace(&mut self.image, crate::FileParts::Many(Vec::new()));
        self.image = images.push(image);
        self
    }
}

impl ImagesResponse {
    /// The first image, if any.
    pub fn first(&self) -> Option<&Image> {
        self.data.as_ref().and_then(|images| images.first())
    }

    /// The first image's bytes, when it came as base64 (the GPT image models answer so).
    pub fn first_bytes(&self) -> Result<Option<Vec<u8>>, Error> {
        match self.first() {
            Some(image) => image.bytes(),
            None => Ok(None),
        }
    }
}

impl Image {
    /// The image's bytes, when it came as base64 (`b64_json`), not as a URL.
    pub fn bytes(&self) -> Result<Option<Vec<u8>>, Error> {
        self.b64_json.as_deref().map(|data| decode_base64("b64_json", data)).transpose()
    }
}

/// `bytes()` for the events that carry an image as base64.
macro_rules! event_bytes {
    ($($ty:ident),*) => {$(
        impl $ty {
            /// The image's bytes, decoded from `b64_json`.
            pub fn bytes(&self) -> Result<Vec<u8>, Error> {
                decode_base64("b64_json", &self.b64_json)
            }
        }
    )*};
}

event_bytes!(ImagePartialImageEvent, ImageCompletedEvent, ImageEditPartialImageEvent, ImageEditCompletedEvent);

impl ImageStreamEvent {
    /// The bytes of the image the event carries (partial or final), if it carries one.
    pub fn image_bytes(&self) -> Result<Option<Vec<u8>>, Error> {
        match self {
            ImageStreamEvent::PartialImage(event) => event.bytes().map(Some),
            ImageStreamEvent::Completed(event) => event.bytes().map(Some),
            ImageStreamEvent::Unknown(_) => Ok(None),
        }
    }
}

impl ImageEditStreamEvent {
    /// The bytes of the image the event carries (partial or final), if it carries one.
    pub fn image_bytes(&self) -> Result<Option<Vec<u8>>, Error> {
        match self {
            ImageEditStreamEvent::PartialImage(event) => event.bytes().map(Some),
            ImageEditStreamEvent::Completed(event) => event.bytes().map(Some),
            ImageEditStreamEvent::Unknown(_) => Ok(None),
        }
    }
}
