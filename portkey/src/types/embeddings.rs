//! What the embedding types cannot declare: the vector as floats.

use super::{Embedding, EmbeddingInput, EmbeddingVector};

impl Embedding {
    /// The vector, when it came as floats (not as base64 text).
    pub fn as_floats(&self) -> Option<&[f64]> {
        match &self.embedding {
            EmbeddingVector::Float(vector) => Some(vector),
            _ => None,
        }
    }
}

impl From<Vec<&str>> for EmbeddingInput {
    fn from(texts: Vec<&str>) -> Self {
        EmbeddingInput::Texts(texts.into_iter().map(str::to_owned).collect())
    }
}

impl<const N: usize> From<[&str; N]> for EmbeddingInput {
    fn from(texts: [&str; N]) -> Self {
        EmbeddingInput::Texts(texts.into_iter().map(str::to_owned).collect())
    }
}
