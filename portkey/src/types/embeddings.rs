//! `POST /embeddings`: [`EmbeddingRequest`], answered by an [`EmbeddingResponse`].

use serde::{Deserialize, Serialize};

use crate::types::Extra;

use super::default_model;
use super::object::json_object;

/// The body of `POST /embeddings`.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddingRequest {
    /// The model; [`DEFAULT_MODEL`](super::DEFAULT_MODEL) (`"portkey-default"`) when not given.
    pub model: String,
    /// What to embed.
    pub input: EmbeddingInput,
    /// `"float"` or `"base64"`.
    pub encoding_format: Option<String>,
    /// How many dimensions the embeddings should have (for models that can shorten them).
    pub dimensions: Option<u32>,
    /// An id of the end user.
    pub user: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(EmbeddingRequest {
    model: or(default_model()),
    input: default,
    encoding_format: opt,
    dimensions: opt,
    user: opt,
});

impl Default for EmbeddingRequest {
    fn default() -> Self {
        EmbeddingRequest {
            model: default_model(),
            input: EmbeddingInput::default(),
            encoding_format: None,
            dimensions: None,
            user: None,
            extra: Extra::new(),
        }
    }
}

impl EmbeddingRequest {
    /// A request for `model` to embed `input`, with every option unset.
    pub fn new(model: impl Into<String>, input: impl Into<EmbeddingInput>) -> Self {
        EmbeddingRequest { model: model.into(), input: input.into(), ..Self::default() }
    }
}

/// The `input` of an [`EmbeddingRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EmbeddingInput {
    /// One text.
    Text(String),
    /// Several texts, embedded each.
    Texts(Vec<String>),
    /// One text, as tokens.
    Tokens(Vec<i64>),
    /// Several texts, as tokens.
    TokenBatches(Vec<Vec<i64>>),
}

impl Default for EmbeddingInput {
    fn default() -> Self {
        EmbeddingInput::Text(String::new())
    }
}

impl From<&str> for EmbeddingInput {
    fn from(text: &str) -> Self {
        EmbeddingInput::Text(text.to_owned())
    }
}

impl From<String> for EmbeddingInput {
    fn from(text: String) -> Self {
        EmbeddingInput::Text(text)
    }
}

impl From<Vec<String>> for EmbeddingInput {
    fn from(texts: Vec<String>) -> Self {
        EmbeddingInput::Texts(texts)
    }
}

impl From<Vec<&str>> for EmbeddingInput {
    fn from(texts: Vec<&str>) -> Self {
        EmbeddingInput::Texts(texts.into_iter().map(str::to_owned).collect())
    }
}

/// The answer to an [`EmbeddingRequest`] (`"object": "list"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EmbeddingResponse {
    /// `"list"`.
    pub object: String,
    /// The embeddings, one per input.
    pub data: Vec<Embedding>,
    /// The model that answered.
    pub model: String,
    /// Token counts.
    pub usage: Option<EmbeddingUsage>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(EmbeddingResponse { object: default, data: default, model: default, usage: opt });

/// One embedding of an [`EmbeddingResponse`] (`"object": "embedding"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Embedding {
    /// `"embedding"`.
    pub object: String,
    /// Which input it embeds.
    pub index: u32,
    /// The vector.
    pub embedding: EmbeddingVector,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(Embedding { object: default, index: default, embedding: default });

impl Embedding {
    /// The vector, if it came as floats (`encoding_format` `"float"`, the default).
    pub fn as_floats(&self) -> Option<&[f64]> {
        match &self.embedding {
            EmbeddingVector::Float(vector) => Some(vector),
            EmbeddingVector::Base64(_) => None,
        }
    }
}

/// The vector of an [`Embedding`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EmbeddingVector {
    /// Floats (`encoding_format` `"float"`).
    Float(Vec<f64>),
    /// Little-endian `f32`s, base64-encoded (`encoding_format` `"base64"`).
    Base64(String),
}

impl Default for EmbeddingVector {
    fn default() -> Self {
        EmbeddingVector::Float(Vec::new())
    }
}

/// Token counts of an [`EmbeddingResponse`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EmbeddingUsage {
    /// Tokens in the input.
    pub prompt_tokens: u64,
    /// Tokens in total.
    pub total_tokens: u64,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(EmbeddingUsage { prompt_tokens: default, total_tokens: default });

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn round_trip(value: Value) -> EmbeddingResponse {
        let response: EmbeddingResponse = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&response).unwrap(), value);
        let response: EmbeddingResponse = serde_json::from_str(&value.to_string()).unwrap();
        assert_eq!(serde_json::to_value(&response).unwrap(), value);
        response
    }

    #[test]
    fn request_serializes_only_what_is_set() {
        let request = EmbeddingRequest::new("text-embedding-3-small", "The food was delicious");
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"model": "text-embedding-3-small", "input": "The food was delicious"})
        );
        let mut request = EmbeddingRequest { dimensions: Some(256), ..EmbeddingRequest::new("m", vec!["a", "b"]) };
        request.extra.insert("input_type".into(), json!("query"));
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"model": "m", "input": ["a", "b"], "dimensions": 256, "input_type": "query"})
        );
        assert_eq!(EmbeddingRequest::new("m", vec!["a".to_owned()]).input, EmbeddingInput::Texts(vec!["a".into()]));
        assert_eq!(EmbeddingRequest::new("m", "a".to_owned()).input, EmbeddingInput::Text("a".into()));
    }

    #[test]
    fn request_defaults_and_inputs() {
        let request: EmbeddingRequest = serde_json::from_value(json!({"input": [1, 2, 3]})).unwrap();
        assert_eq!(request.model, "portkey-default");
        assert_eq!(request.input, EmbeddingInput::Tokens(vec![1, 2, 3]));
        let request: EmbeddingRequest = serde_json::from_value(json!({"input": [[1], [2, 3]]})).unwrap();
        assert_eq!(request.input, EmbeddingInput::TokenBatches(vec![vec![1], vec![2, 3]]));
        let value = json!({"model": "m", "input": ["x"], "encoding_format": "base64", "dimensions": 8, "user": "u"});
        let request: EmbeddingRequest = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(request.encoding_format.as_deref(), Some("base64"));
        assert_eq!(serde_json::to_value(&request).unwrap(), value);
        assert_eq!(
            serde_json::to_value(EmbeddingRequest::default()).unwrap(),
            json!({"model": "portkey-default", "input": ""})
        );
    }

    #[test]
    fn float_embeddings() {
        let response = round_trip(json!({
            "object": "list",
            "data": [
                {"object": "embedding", "index": 0, "embedding": [-0.006929283, -0.005336422, 0.024047505]},
                {"object": "embedding", "index": 1, "embedding": [0.0123, -1.5e-7, 0.5]}
            ],
            "model": "text-embedding-3-small",
            "usage": {"prompt_tokens": 8, "total_tokens": 8}
        }));
        assert_eq!(response.data.len(), 2);
        assert_eq!(response.data[0].as_floats().unwrap()[0], -0.006929283);
        assert_eq!(response.data[1].index, 1);
        assert_eq!(response.usage.as_ref().unwrap().prompt_tokens, 8);
    }

    #[test]
    fn base64_embeddings_via_portkey() {
        let response = round_trip(json!({
            "object": "list",
            "data": [{"object": "embedding", "index": 0, "embedding": "AACAPwAAAEA="}],
            "model": "embed-english-v3.0",
            "provider": "cohere",
            "usage": {"prompt_tokens": 3, "total_tokens": 3, "search_units": null}
        }));
        assert_eq!(response.data[0].embedding, EmbeddingVector::Base64("AACAPwAAAEA=".into()));
        assert_eq!(response.data[0].as_floats(), None);
        assert_eq!(response.extra["provider"], "cohere");
        let lenient: EmbeddingResponse = serde_json::from_value(json!({"data": [{"embedding": [1.5]}]})).unwrap();
        assert_eq!(lenient.data[0].as_floats(), Some(&[1.5][..]));
        assert_eq!(lenient.usage, None);
    }
}
