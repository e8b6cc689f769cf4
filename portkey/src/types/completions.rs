//! `POST /completions` (legacy text completions): [`CompletionRequest`], answered by a
//! [`Completion`], or by a stream of [`Completion`] chunks when `stream` is set.

use serde_json::{Map, Value};

use crate::types::Extra;

use super::chat::{StopSequences, StreamOptions};
use super::object::json_object;
use super::{Usage, default_model};

/// The body of `POST /completions`.
///
/// Unset options are left out of the body; parameters this type does not name go in `extra`.
#[derive(Debug, Clone, PartialEq)]
pub struct CompletionRequest {
    /// The model; [`DEFAULT_MODEL`](super::DEFAULT_MODEL) (`"portkey-default"`) when not given.
    pub model: String,
    /// The prompt: a string, an array of strings, an array of tokens or an array of token arrays.
    pub prompt: Option<Value>,
    /// The most tokens to generate.
    pub max_tokens: Option<u32>,
    /// Sampling temperature (0 to 2).
    pub temperature: Option<f64>,
    /// Nucleus sampling: the probability mass of the tokens considered.
    pub top_p: Option<f64>,
    /// How many completions to generate.
    pub n: Option<u32>,
    /// Whether to stream the answer as server-sent [`Completion`] chunks.
    pub stream: Option<bool>,
    /// Options of a streamed answer.
    pub stream_options: Option<StreamOptions>,
    /// Up to 4 sequences where generation stops.
    pub stop: Option<StopSequences>,
    /// How many most likely tokens (up to 5) to return the log probabilities of.
    pub logprobs: Option<u32>,
    /// Whether to echo the prompt before the completion.
    pub echo: Option<bool>,
    /// Text that comes after the completion.
    pub suffix: Option<String>,
    /// Penalty (-2 to 2) for tokens that already appeared.
    pub presence_penalty: Option<f64>,
    /// Penalty (-2 to 2) for tokens by how often they appeared.
    pub frequency_penalty: Option<f64>,
    /// Generate this many completions server-side and return the best `n`.
    pub best_of: Option<u32>,
    /// Token id (as a string) → bias (-100 to 100).
    pub logit_bias: Option<Map<String, Value>>,
    /// An id of the end user.
    pub user: Option<String>,
    /// Seed for deterministic sampling (best effort).
    pub seed: Option<i64>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(CompletionRequest {
    model: or(default_model()),
    prompt: opt,
    max_tokens: opt,
    temperature: opt,
    top_p: opt,
    n: opt,
    stream: opt,
    stream_options: opt,
    stop: opt,
    logprobs: opt,
    echo: opt,
    suffix: opt,
    presence_penalty: opt,
    frequency_penalty: opt,
    best_of: opt,
    logit_bias: opt,
    user: opt,
    seed: opt,
});

impl Default for CompletionRequest {
    fn default() -> Self {
        CompletionRequest {
            model: default_model(),
            prompt: None,
            max_tokens: None,
            temperature: None,
            top_p: None,
            n: None,
            stream: None,
            stream_options: None,
            stop: None,
            logprobs: None,
            echo: None,
            suffix: None,
            presence_penalty: None,
            frequency_penalty: None,
            best_of: None,
            logit_bias: None,
            user: None,
            seed: None,
            extra: Extra::new(),
        }
    }
}

impl CompletionRequest {
    /// A request for `model` to complete `prompt`, with every option unset.
    pub fn new(model: impl Into<String>, prompt: impl Into<String>) -> Self {
        CompletionRequest { model: model.into(), prompt: Some(Value::String(prompt.into())), ..Self::default() }
    }
}

/// The answer to a [`CompletionRequest`] (`"object": "text_completion"`), or one chunk of a
/// streamed answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Completion {
    /// The completion's id.
    pub id: String,
    /// `"text_completion"`.
    pub object: String,
    /// When it was created, in Unix seconds.
    pub created: i64,
    /// The model that answered.
    pub model: String,
    /// The generated choices (or, in a chunk, their next pieces).
    pub choices: Vec<CompletionChoice>,
    /// Token counts.
    pub usage: Option<Usage>,
    /// The backend configuration the model ran with.
    pub system_fingerprint: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(Completion {
    id: default,
    object: default,
    created: default,
    model: default,
    choices: default,
    usage: opt,
    system_fingerprint: opt,
});

impl Completion {
    /// The text of the first choice.
    pub fn text(&self) -> Option<&str> {
        self.choices.first().map(|choice| choice.text.as_str())
    }
}

/// One of the choices of a [`Completion`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompletionChoice {
    /// The generated text (or, in a chunk, its next piece).
    pub text: String,
    /// The choice's index.
    pub index: u32,
    /// Why generation stopped: `"stop"`, `"length"` or `"content_filter"`.
    pub finish_reason: Option<String>,
    /// Log probabilities of the tokens, when requested.
    pub logprobs: Option<Value>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(CompletionChoice { text: default, index: default, finish_reason: opt, logprobs: opt });

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(value: Value) -> Completion {
        let completion: Completion = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&completion).unwrap(), value);
        completion
    }

    #[test]
    fn request_serializes_only_what_is_set() {
        let request = CompletionRequest::new("gpt-3.5-turbo-instruct", "Say this is a test");
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"model": "gpt-3.5-turbo-instruct", "prompt": "Say this is a test"})
        );
        let mut request = CompletionRequest { max_tokens: Some(7), stop: Some("\n".into()), ..request };
        request.extra.insert("top_k".into(), json!(40));
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"model": "gpt-3.5-turbo-instruct", "prompt": "Say this is a test", "max_tokens": 7,
                   "stop": "\n", "top_k": 40})
        );
    }

    #[test]
    fn request_defaults() {
        assert_eq!(serde_json::to_value(CompletionRequest::default()).unwrap(), json!({"model": "portkey-default"}));
        let request: CompletionRequest = serde_json::from_value(json!({"prompt": ["a", "b"], "echo": true})).unwrap();
        assert_eq!(request.model, "portkey-default");
        assert_eq!(request.prompt, Some(json!(["a", "b"])));
        assert_eq!(request.echo, Some(true));
    }

    #[test]
    fn request_round_trips() {
        let value = json!({"model": "m", "prompt": [[1, 2], [3]], "max_tokens": 5, "temperature": 0.7,
                           "top_p": 1.0, "n": 2, "stream": true, "stream_options": {"include_usage": true},
                           "stop": ["x"], "logprobs": 2, "echo": false, "suffix": "end",
                           "presence_penalty": 0.1, "frequency_penalty": 0.2, "best_of": 3,
                           "logit_bias": {"1": 5}, "user": "u", "seed": 1, "custom": null});
        let request: CompletionRequest = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(request.best_of, Some(3));
        assert_eq!(request.logprobs, Some(2));
        assert_eq!(serde_json::to_value(&request).unwrap(), value);
    }

    #[test]
    fn completion() {
        let completion = round_trip(json!({
            "id": "cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7", "object": "text_completion", "created": 1589478378,
            "model": "gpt-3.5-turbo-instruct",
            "system_fingerprint": "fp_44709d6fcb",
            "choices": [{"text": "\n\nThis is indeed a test", "index": 0, "logprobs": null, "finish_reason": "length"}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}
        }));
        assert_eq!(completion.text(), Some("\n\nThis is indeed a test"));
        assert_eq!(completion.choices[0].finish_reason.as_deref(), Some("length"));
        assert_eq!(completion.usage.as_ref().unwrap().total_tokens, 12);
    }

    #[test]
    fn completion_with_logprobs_and_provider() {
        let completion = round_trip(json!({
            "id": "cmpl-2", "object": "text_completion", "created": 1589478379, "model": "m",
            "provider": "together-ai",
            "choices": [{"text": " yes", "index": 0, "finish_reason": "stop",
                         "logprobs": {"tokens": [" yes"], "token_logprobs": [-0.01], "top_logprobs": [{" yes": -0.01}],
                                      "text_offset": [0]}}]
        }));
        assert_eq!(completion.extra["provider"], "together-ai");
        assert_eq!(completion.choices[0].logprobs.as_ref().unwrap()["tokens"][0], " yes");
        assert_eq!(completion.usage, None);
    }

    #[test]
    fn stream_chunks() {
        let chunk = round_trip(json!({
            "id": "cmpl-3", "object": "text_completion", "created": 1589478380, "model": "gpt-3.5-turbo-instruct",
            "choices": [{"text": "Hel", "index": 0, "logprobs": null, "finish_reason": null}]
        }));
        assert_eq!(chunk.text(), Some("Hel"));
        assert_eq!(chunk.choices[0].finish_reason, None);
        let last = round_trip(json!({
            "id": "cmpl-3", "object": "text_completion", "created": 1589478380, "model": "gpt-3.5-turbo-instruct",
            "choices": [], "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}
        }));
        assert_eq!(last.text(), None);
        let lenient: Completion = serde_json::from_value(json!({"choices": [{"text": "x"}]})).unwrap();
        assert_eq!(lenient.text(), Some("x"));
        assert_eq!(lenient.created, 0);
    }
}
