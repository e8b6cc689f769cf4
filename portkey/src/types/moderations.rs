//! What the moderation types cannot declare: whether anything was flagged, the categories that
//! apply and the scores by the names the API sends, and input part constructors.

use serde_json::Value;

use super::{
    ImageUrl, ModerationCategories, ModerationCategoryScores, ModerationImage, ModerationInputPart, ModerationResponse,
    ModerationText,
};

impl ModerationResponse {
    /// Whether any input was flagged.
    pub fn flagged(&self) -> bool {
        self.results.iter().any(|result| result.flagged)
    }
}

/// The categories' entries as sent (`"self-harm/intent"`), those the type does not name
/// included.
fn entries<T: serde::Serialize>(categories: &T) -> Vec<(String, Value)> {
    match serde_json::to_value(categories) {
        Ok(Value::Object(entries)) => entries.into_iter().collect(),
        _ => Vec::new(),
    }
}

impl ModerationCategories {
    /// The names (as sent: `"self-harm/intent"`) of the categories that apply, those this type
    /// does not name included.
    pub fn flagged(&self) -> Vec<String> {
        entries(self).into_iter().filter(|(_, v)| v == &Value::Bool(true)).map(|(k, _)| k).collect()
    }
}

impl ModerationCategoryScores {
    /// Every category's score, named as sent, those this type does not name included (when
    /// they are numbers).
    pub fn scores(&self) -> Vec<(String, f64)> {
        entries(self).into_iter().filter_map(|(k, v)| v.as_f64().map(|s| (k, s))).collect()
    }
}

impl ModerationInputPart {
    /// A `text` part.
    pub fn text(text: impl Into<String>) -> Self {
        ModerationInputPart::Text(ModerationText::new(text))
    }

    /// An `image_url` part for the image at `url` (a URL or a `data:` URL).
    pub fn image_url(url: impl Into<String>) -> Self {
        ModerationInputPart::ImageUrl(ModerationImage::new(ImageUrl::new(url)))
    }
}

impl From<Vec<&str>> for super::ModerationInput {
    fn from(texts: Vec<&str>) -> Self {
        super::ModerationInput::Texts(texts.into_iter().map(str::to_owned).collect())
    }
}

impl<const N: usize> From<[&str; N]> for super::ModerationInput {
    fn from(texts: [&str; N]) -> Self {
        super::ModerationInput::Texts(texts.into_iter().map(str::to_owned).collect())
    }
}
