//! `POST /moderations`: a [`ModerationRequest`] (text, texts, or text and image parts),
//! answered by a [`ModerationResponse`] with one [`Moderation`] per input.
//!
//! The category names are those OpenAI sends (`"self-harm/intent"` is `self_harm_intent`); a
//! category it adds later lands in the `extra` of [`ModerationCategories`],
//! [`ModerationCategoryScores`] and [`ModerationAppliedInputTypes`] and decodes as the others do.
//!
//! ```
//! use portkey::types::{ModerationRequest, ModerationResponse};
//! use serde_json::json;
//!
//! let request = ModerationRequest::new("I will hurt you").model("omni-moderation-latest");
//! assert_eq!(serde_json::to_value(&request)?, json!({"input": "I will hurt you", "model": "omni-moderation-latest"}));
//!
//! let reply: ModerationResponse = serde_json::from_value(json!({
//!     "id": "modr-1", "model": "omni-moderation-latest",
//!     "results": [{"flagged": true, "categories": {"violence": true, "hate": false},
//!                  "category_scores": {"violence": 0.93, "hate": 0.01}}]
//! }))?;
//! assert!(reply.flagged());
//! assert_eq!(reply.results[0].categories.flagged(), ["violence"]);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess};
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::types::Extra;

use super::object::json_object;
use super::tagged::tagged_enum;

/// The body of `POST /moderations`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModerationRequest {
    /// What to classify.
    pub input: ModerationInput,
    /// The model: `"omni-moderation-latest"` (text and images), `"text-moderation-latest"`, ...
    pub model: Option<String>,
    /// Fields this type does not name, sent at the top level of the body as given.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ModerationRequest { input: default, model: opt });

impl ModerationRequest {
    /// A request to classify `input`: a string, strings, or [`ModerationInputPart`]s.
    pub fn new(input: impl Into<ModerationInput>) -> Self {
        ModerationRequest { input: input.into(), ..Self::default() }
    }

    /// Sets `model`.
    pub fn model(mut self, model: impl Into<String>) -> Self {
        self.model = Some(model.into());
        self
    }
}

/// The `input` of a [`ModerationRequest`].
#[derive(Debug, Clone, PartialEq)]
pub enum ModerationInput {
    /// One text.
    Text(String),
    /// Several texts, one result each.
    Texts(Vec<String>),
    /// Text and image parts, classified together.
    Parts(Vec<ModerationInputPart>),
}

impl Default for ModerationInput {
    fn default() -> Self {
        ModerationInput::Text(String::new())
    }
}

impl From<&str> for ModerationInput {
    fn from(text: &str) -> Self {
        ModerationInput::Text(text.to_owned())
    }
}

impl From<String> for ModerationInput {
    fn from(text: String) -> Self {
        ModerationInput::Text(text)
    }
}

impl From<Vec<String>> for ModerationInput {
    fn from(texts: Vec<String>) -> Self {
        ModerationInput::Texts(texts)
    }
}

impl From<Vec<&str>> for ModerationInput {
    fn from(texts: Vec<&str>) -> Self {
        ModerationInput::Texts(texts.into_iter().map(str::to_owned).collect())
    }
}

impl<const N: usize> From<[&str; N]> for ModerationInput {
    fn from(texts: [&str; N]) -> Self {
        ModerationInput::Texts(texts.into_iter().map(str::to_owned).collect())
    }
}

impl From<Vec<ModerationInputPart>> for ModerationInput {
    fn from(parts: Vec<ModerationInputPart>) -> Self {
        ModerationInput::Parts(parts)
    }
}

impl<const N: usize> From<[ModerationInputPart; N]> for ModerationInput {
    fn from(parts: [ModerationInputPart; N]) -> Self {
        ModerationInput::Parts(parts.into())
    }
}

impl Serialize for ModerationInput {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ModerationInput::Text(text) => serializer.serialize_str(text),
            ModerationInput::Texts(texts) => texts.serialize(serializer),
            ModerationInput::Parts(parts) => parts.serialize(serializer),
        }
    }
}

/// An element of a list `input`: a string or a part.
enum Element {
    Text(String),
    Part(ModerationInputPart),
}

impl<'de> Deserialize<'de> for Element {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> de::Visitor<'de> for Visitor {
            type Value = Element;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a string or an input part")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Element, E> {
                Ok(Element::Text(text.to_owned()))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Element, E> {
                Ok(Element::Text(text))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Element, A::Error> {
                ModerationInputPart::deserialize(MapAccessDeserializer::new(map)).map(Element::Part)
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

impl<'de> Deserialize<'de> for ModerationInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> de::Visitor<'de> for Visitor {
            type Value = ModerationInput;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a string, a list of strings or a list of input parts")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<ModerationInput, E> {
                Ok(ModerationInput::Text(text.to_owned()))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<ModerationInput, E> {
                Ok(ModerationInput::Text(text))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ModerationInput, A::Error> {
                let (mut texts, mut parts) = (Vec::new(), Vec::new());
                while let Some(element) = seq.next_element::<Element>()? {
                    match element {
                        Element::Text(text) => texts.push(text),
                        Element::Part(part) => parts.push(part),
                    }
                    if !texts.is_empty() && !parts.is_empty() {
                        return Err(de::Error::custom("a list of strings and input parts mixed"));
                    }
                }
                Ok(if parts.is_empty() { ModerationInput::Texts(texts) } else { ModerationInput::Parts(parts) })
            }
        }

        deserializer.deserialize_any(Visitor)
    }
}

tagged_enum! {
    /// A part of a multimodal moderation `input`, told apart by its `type`.
    pub enum ModerationInputPart("a moderation input part") {
        /// `"text"`.
        Text(ModerationText) = "text",
        /// `"image_url"`: an image, by URL or `data:` URL.
        ImageUrl(ModerationImage) = "image_url",
    }
}

impl ModerationInputPart {
    /// A `text` part.
    pub fn text(text: impl Into<String>) -> Self {
        ModerationInputPart::Text(ModerationText { text: text.into(), extra: Extra::new() })
    }

    /// An `image_url` part for the image at `url` (a URL or a `data:` URL).
    pub fn image_url(url: impl Into<String>) -> Self {
        ModerationInputPart::ImageUrl(ModerationImage {
            image_url: ImageUrl { url: url.into(), extra: Extra::new() },
            extra: Extra::new(),
        })
    }
}

/// A `text` part of a moderation input.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModerationText {
    /// The text.
    pub text: String,
    /// Fields this type does not name, kept as they came (and sent as given).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ModerationText { text: default });

/// An `image_url` part of a moderation input.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModerationImage {
    /// Where the image is.
    pub image_url: ImageUrl,
    /// Fields this type does not name, kept as they came (and sent as given).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ModerationImage { image_url: default });

/// The image of an `image_url` part.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImageUrl {
    /// A URL, or a `data:` URL of base64 bytes.
    pub url: String,
    /// Fields this type does not name, kept as they came (and sent as given).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ImageUrl { url: default });

/// The answer to a [`ModerationRequest`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModerationResponse {
    /// The moderation's id (`modr-...`).
    pub id: String,
    /// The model that classified.
    pub model: String,
    /// One result per input (one for a list of parts).
    pub results: Vec<Moderation>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ModerationResponse { id: default, model: default, results: default });

impl ModerationResponse {
    /// Whether any input was flagged.
    pub fn flagged(&self) -> bool {
        self.results.iter().any(|result| result.flagged)
    }
}

/// The classification of one input.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Moderation {
    /// Whether any category applies.
    pub flagged: bool,
    /// Which categories apply.
    pub categories: ModerationCategories,
    /// The score of each category (0 to 1).
    pub category_scores: ModerationCategoryScores,
    /// Which input types (`"text"`, `"image"`) each category's score applies to.
    pub category_applied_input_types: Option<ModerationAppliedInputTypes>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(Moderation {
    flagged: default,
    categories: default,
    category_scores: default,
    category_applied_input_types: opt,
});

/// Declares a struct with one field per moderation category, of type `Option<$field>`.
macro_rules! categories {
    ($(#[$meta:meta])* $ty:ident($field:ty, $what:literal)) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $ty {
            #[doc = concat!("`harassment`: ", $what)]
            pub harassment: Option<$field>,
            #[doc = concat!("`harassment/threatening`: ", $what)]
            pub harassment_threatening: Option<$field>,
            #[doc = concat!("`hate`: ", $what)]
            pub hate: Option<$field>,
            #[doc = concat!("`hate/threatening`: ", $what)]
            pub hate_threatening: Option<$field>,
            #[doc = concat!("`illicit`: ", $what)]
            pub illicit: Option<$field>,
            #[doc = concat!("`illicit/violent`: ", $what)]
            pub illicit_violent: Option<$field>,
            #[doc = concat!("`self-harm`: ", $what)]
            pub self_harm: Option<$field>,
            #[doc = concat!("`self-harm/instructions`: ", $what)]
            pub self_harm_instructions: Option<$field>,
            #[doc = concat!("`self-harm/intent`: ", $what)]
            pub self_harm_intent: Option<$field>,
            #[doc = concat!("`sexual`: ", $what)]
            pub sexual: Option<$field>,
            #[doc = concat!("`sexual/minors`: ", $what)]
            pub sexual_minors: Option<$field>,
            #[doc = concat!("`violence`: ", $what)]
            pub violence: Option<$field>,
            #[doc = concat!("`violence/graphic`: ", $what)]
            pub violence_graphic: Option<$field>,
            /// Categories this type does not name, kept as they came.
            /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
            pub extra: Extra,
        }

        json_object!($ty {
            harassment: opt,
            harassment_threatening as "harassment/threatening": opt,
            hate: opt,
            hate_threatening as "hate/threatening": opt,
            illicit: opt,
            illicit_violent as "illicit/violent": opt,
            self_harm as "self-harm": opt,
            self_harm_instructions as "self-harm/instructions": opt,
            self_harm_intent as "self-harm/intent": opt,
            sexual: opt,
            sexual_minors as "sexual/minors": opt,
            violence: opt,
            violence_graphic as "violence/graphic": opt,
        });

        impl $ty {
            /// Every category with a value, named as sent (`"self-harm/intent"`), the named ones
            /// first, then those in `extra`.
            #[allow(dead_code)]
            fn entries(&self) -> impl Iterator<Item = (&str, Option<&$field>, Option<&Value>)> {
                let named = [
                    ("harassment", self.harassment.as_ref()),
                    ("harassment/threatening", self.harassment_threatening.as_ref()),
                    ("hate", self.hate.as_ref()),
                    ("hate/threatening", self.hate_threatening.as_ref()),
                    ("illicit", self.illicit.as_ref()),
                    ("illicit/violent", self.illicit_violent.as_ref()),
                    ("self-harm", self.self_harm.as_ref()),
                    ("self-harm/instructions", self.self_harm_instructions.as_ref()),
                    ("self-harm/intent", self.self_harm_intent.as_ref()),
                    ("sexual", self.sexual.as_ref()),
                    ("sexual/minors", self.sexual_minors.as_ref()),
                    ("violence", self.violence.as_ref()),
                    ("violence/graphic", self.violence_graphic.as_ref()),
                ];
                let named = named.into_iter().filter_map(|(name, value)| value.map(|v| (name, Some(v), None)));
                let extra = self.extra.iter().map(|(name, value)| (name, None, Some(value)));
                named.chain(extra)
            }
        }
    };
}

categories!(
    /// Which categories apply to an input (`categories`).
    ModerationCategories(bool, "whether it applies.")
);

impl ModerationCategories {
    /// The names (as sent: `"self-harm/intent"`) of the categories that apply, those this type
    /// does not name included.
    pub fn flagged(&self) -> Vec<&str> {
        self.entries()
            .filter(|(_, named, extra)| {
                named.copied().unwrap_or(false) || extra.and_then(|v| v.as_bool()) == Some(true)
            })
            .map(|(name, _, _)| name)
            .collect()
    }
}

categories!(
    /// The score of each category for an input (`category_scores`).
    ModerationCategoryScores(f64, "its score, 0 to 1.")
);

impl ModerationCategoryScores {
    /// Every category's score, named as sent, those this type does not name included (when
    /// they are numbers).
    pub fn scores(&self) -> Vec<(&str, f64)> {
        self.entries()
            .filter_map(|(name, named, extra)| {
                named.copied().or_else(|| extra.and_then(Value::as_f64)).map(|s| (name, s))
            })
            .collect()
    }
}

categories!(
    /// Which input types each category's score applies to (`category_applied_input_types`).
    ModerationAppliedInputTypes(Vec<String>, "the input types (`\"text\"`, `\"image\"`) its score applies to.")
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn result() -> Value {
        json!({
            "flagged": true,
            "categories": {
                "sexual": false, "sexual/minors": false, "harassment": false, "harassment/threatening": false,
                "hate": false, "hate/threatening": false, "illicit": false, "illicit/violent": false,
                "self-harm": false, "self-harm/intent": false, "self-harm/instructions": false,
                "violence": true, "violence/graphic": false
            },
            "category_scores": {
                "sexual": 2.3e-05, "sexual/minors": 1.5e-06, "harassment": 0.0013, "harassment/threatening": 0.0009,
                "hate": 3.1e-05, "hate/threatening": 2.1e-06, "illicit": 0.0007, "illicit/violent": 0.0004,
                "self-harm": 1.0e-05, "self-harm/intent": 2.0e-06, "self-harm/instructions": 1.1e-06,
                "violence": 0.87, "violence/graphic": 0.004
            },
            "category_applied_input_types": {
                "sexual": ["text", "image"], "sexual/minors": ["text"], "harassment": ["text"],
                "harassment/threatening": ["text"], "hate": ["text"], "hate/threatening": ["text"],
                "illicit": ["text"], "illicit/violent": ["text"], "self-harm": ["text", "image"],
                "self-harm/intent": ["text", "image"], "self-harm/instructions": ["text", "image"],
                "violence": ["text", "image"], "violence/graphic": ["text", "image"]
            }
        })
    }

    #[test]
    fn responses_round_trip() {
        let value = json!({"id": "modr-970d", "model": "omni-moderation-latest", "results": [result()]});
        let reply: ModerationResponse = serde_json::from_value(value.clone()).unwrap();
        assert!(reply.flagged());
        let moderation = &reply.results[0];
        assert_eq!(moderation.categories.violence, Some(true));
        assert_eq!(moderation.categories.self_harm_intent, Some(false));
        assert_eq!(moderation.categories.flagged(), ["violence"]);
        assert_eq!(moderation.category_scores.violence, Some(0.87));
        assert_eq!(moderation.category_scores.scores().len(), 13);
        let types = moderation.category_applied_input_types.as_ref().unwrap();
        assert_eq!(types.violence_graphic.as_deref(), Some(&["text".to_owned(), "image".to_owned()][..]));
        assert!(moderation.categories.extra.is_empty());
        assert_eq!(serde_json::to_value(&reply).unwrap(), value);
    }

    #[test]
    fn new_categories_do_not_break_decoding() {
        let value = json!({"id": "m", "model": "x", "results": [{
            "flagged": true,
            "categories": {"violence": false, "fraud": true, "sexual/minors": null},
            "category_scores": {"violence": 0.01, "fraud": 0.9},
            "category_applied_input_types": {"fraud": ["text"]}
        }]});
        let reply: ModerationResponse = serde_json::from_value(value.clone()).unwrap();
        let moderation = &reply.results[0];
        assert_eq!(moderation.categories.flagged(), ["fraud"]);
        assert_eq!(moderation.categories.sexual_minors, None);
        assert_eq!(moderation.category_scores.scores(), [("violence", 0.01), ("fraud", 0.9)]);
        assert_eq!(serde_json::to_value(&reply).unwrap(), value);
    }

    #[test]
    fn every_input_shape_round_trips() {
        for value in [
            json!({"input": "hello"}),
            json!({"input": ["a", "b"], "model": "text-moderation-latest"}),
            json!({"input": [{"type": "text", "text": "hi"}, {"type": "image_url", "image_url": {"url": "https://x/y.png"}},
                             {"type": "audio", "data": "..."}], "model": "omni-moderation-latest"}),
            json!({"input": []}),
        ] {
            let request: ModerationRequest = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(serde_json::to_value(&request).unwrap(), value);
        }
        let request = ModerationRequest::new([
            ModerationInputPart::text("hi"),
            ModerationInputPart::image_url("data:image/png;base64,AA"),
        ]);
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"input": [{"type": "text", "text": "hi"}, {"type": "image_url", "image_url": {"url": "data:image/png;base64,AA"}}]})
        );
        let texts = ModerationRequest::new(["a", "b"]);
        assert_eq!(texts.input, ModerationInput::Texts(vec!["a".into(), "b".into()]));
    }

    #[test]
    fn errors_name_the_field_path() {
        let error = serde_json::from_value::<ModerationRequest>(json!({"input": ["a", {"type": "text", "text": "b"}]}))
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("input: a list of strings and input parts mixed"), "{error}");
        let error = serde_json::from_value::<ModerationRequest>(json!({"input": 3})).unwrap_err().to_string();
        assert!(error.starts_with("input: invalid type: integer `3`"), "{error}");
        let error =
            serde_json::from_value::<ModerationResponse>(json!({"results": [{"category_scores": {"hate": "high"}}]}))
                .unwrap_err()
                .to_string();
        assert!(error.starts_with("results: category_scores: hate: invalid type: string \"high\""), "{error}");
    }
}
