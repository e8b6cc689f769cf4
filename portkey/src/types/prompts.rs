//! Portkey's saved prompts: `POST /prompts/{id}/render` takes a [`PromptRenderRequest`] and
//! answers with a [`PromptRender`] (the request the prompt makes, its variables filled in);
//! `POST /prompts/{id}/completions` takes a [`PromptCompletionRequest`] and answers with a
//! [`ChatCompletion`](super::ChatCompletion), or with a stream of
//! [`ChatCompletionChunk`](super::ChatCompletionChunk)s.
//!
//! A prompt of the text-completion kind renders to a
//! [`CompletionRequest`] ([`PromptRenderData::Text`]), and its
//! completions answer in the same types as a chat prompt's: each choice's `text` is in its `extra`.
//!
//! ```
//! use portkey::types::{PromptCompletionRequest, PromptRender};
//! use serde_json::json;
//!
//! let request = PromptCompletionRequest::new([("name", "Ada")]).variable("tone", "warm").max_tokens(64);
//! assert_eq!(
//!     serde_json::to_value(&request)?,
//!     json!({"variables": {"name": "Ada", "tone": "warm"}, "max_tokens": 64, "stream": false})
//! );
//!
//! let render: PromptRender = serde_json::from_value(json!({
//!     "success": true,
//!     "data": {"model": "gpt-4o-mini", "max_tokens": 64,
//!              "messages": [{"role": "system", "content": "Be warm."}, {"role": "user", "content": "Hi Ada"}]}
//! }))?;
//! let request = render.chat_request().expect("a chat prompt");
//! assert_eq!(request.messages[1].text(), Some("Hi Ada"));
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::types::Extra;

use super::object::json_object;
use super::object::setters;
use super::{ChatCompletionRequest, CompletionRequest};

/// Declares a prompt request type: `variables`, the hyperparameters the SDK names, `stream`,
/// and `extra`, with builders.
macro_rules! prompt_request {
    ($(#[$meta:meta])* $ty:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $ty {
            /// The values of the prompt template's variables (`{{name}}`), by name.
            pub variables: Map<String, Value>,
            /// Overrides the prompt's sampling temperature.
            pub temperature: Option<f64>,
            /// Overrides the prompt's most tokens to generate.
            pub max_tokens: Option<u32>,
            /// Overrides the prompt's top-k sampling.
            pub top_k: Option<u32>,
            /// Overrides the prompt's nucleus sampling.
            pub top_p: Option<f64>,
            /// Whether the answer is streamed.
            pub stream: Option<bool>,
            /// Other hyperparameters (`presence_penalty`, `stop`, ...), sent at the top level of
            /// the body as given.
            /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
            pub extra: Extra,
        }

        json_object!($ty { variables: default, temperature: opt, max_tokens: opt, top_k: opt, top_p: opt, stream: opt });

        impl $ty {
            /// A request with `variables` (a [`Map`], or pairs such as `[("name", "Ada")]`) and
            /// `"stream": false`, as the SDK sends it.
            pub fn new<K: Into<String>, V: Into<Value>>(variables: impl IntoIterator<Item = (K, V)>) -> Self {
                let variables = variables.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
                $ty { variables, stream: Some(false), ..Self::default() }
            }

            /// Sets the variable `name`.
            pub fn variable(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
                self.variables.insert(name.into(), value.into());
                self
            }

            setters! {
                temperature = f64 => "overrides the prompt's sampling temperature.",
                max_tokens = u32 => "overrides the prompt's most tokens to generate.",
                top_k = u32 => "overrides the prompt's top-k sampling.",
                top_p = f64 => "overrides the prompt's nucleus sampling.",
                stream = bool => "whether the answer is streamed (the client's `create_stream` sets it, `create` refuses it).",
            }

            /// Sets a hyperparameter this type does not name (sent at the top level of the body).
            pub fn param(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
                self.extra.insert(key.into(), value.into());
                self
            }
        }
    };
}

prompt_request!(
    /// The body of `POST /prompts/{id}/render`: the variables to fill in, and hyperparameters
    /// that override the prompt's.
    PromptRenderRequest
);

prompt_request!(
    /// The body of `POST /prompts/{id}/completions`: the variables to fill in, and
    /// hyperparameters that override the prompt's. `stream` is set by the client's
    /// `create_stream` and refused by `create`.
    PromptCompletionRequest
);

/// The answer to a [`PromptRenderRequest`]: `{"success": true, "data": {...}}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PromptRender {
    /// Whether the prompt rendered.
    pub success: Option<bool>,
    /// The request the prompt makes, its variables filled in.
    pub data: PromptRenderData,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(PromptRender { success: opt, data: default });

impl PromptRender {
    /// The rendered chat request, if the prompt is a chat prompt: send it to
    /// `chat().completions().create(..)` as it is, or change it first.
    pub fn chat_request(&self) -> Option<&ChatCompletionRequest> {
        match &self.data {
            PromptRenderData::Chat(request) => Some(request),
            PromptRenderData::Text(_) => None,
        }
    }

    /// The rendered text-completion request, if the prompt is a text-completion prompt.
    pub fn text_request(&self) -> Option<&CompletionRequest> {
        match &self.data {
            PromptRenderData::Text(request) => Some(request),
            PromptRenderData::Chat(_) => None,
        }
    }
}

/// The `data` of a [`PromptRender`]: the request a prompt makes.
///
/// An object with a `prompt` and no `messages` is a text-completion request; any other, a
/// chat request.
#[derive(Debug, Clone, PartialEq)]
// A render is read once and handed on: a box would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum PromptRenderData {
    /// A chat prompt's request (`messages`, `model`, hyperparameters, `tools`, ...).
    Chat(ChatCompletionRequest),
    /// A text-completion prompt's request (`prompt`, `model`, hyperparameters, ...).
    Text(CompletionRequest),
}

impl Default for PromptRenderData {
    fn default() -> Self {
        PromptRenderData::Chat(ChatCompletionRequest::default())
    }
}

impl Serialize for PromptRenderData {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PromptRenderData::Chat(request) => request.serialize(serializer),
            PromptRenderData::Text(request) => request.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for PromptRenderData {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Which kind it is shows only in the keys: read the (small) object first.
        let object = Map::<String, Value>::deserialize(deserializer)?;
        let text = object.contains_key("prompt") && !object.contains_key("messages");
        let value = Value::Object(object);
        let data = if text {
            CompletionRequest::deserialize(value).map(PromptRenderData::Text)
        } else {
            ChatCompletionRequest::deserialize(value).map(PromptRenderData::Chat)
        };
        data.map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{ChatCompletion, ChatCompletionChunk};
    use serde_json::json;

    #[test]
    fn requests_are_built_and_read_back() {
        let mut variables = Map::new();
        variables.insert("user_input".into(), json!("Hello"));
        let request = PromptRenderRequest::new(variables)
            .variable("items", json!(["a", "b"]))
            .temperature(0.2)
            .top_k(5)
            .top_p(0.9)
            .param("presence_penalty", 0.5);
        let value = json!({"variables": {"user_input": "Hello", "items": ["a", "b"]}, "temperature": 0.2,
                           "top_k": 5, "top_p": 0.9, "stream": false, "presence_penalty": 0.5});
        assert_eq!(serde_json::to_value(&request).unwrap(), value);
        assert_eq!(serde_json::from_value::<PromptRenderRequest>(value).unwrap(), request);
        let request = PromptCompletionRequest::new([("a", 1)]).stream(true);
        assert_eq!(serde_json::to_value(&request).unwrap(), json!({"variables": {"a": 1}, "stream": true}));
        let bare = PromptCompletionRequest { variables: Map::new(), ..Default::default() };
        assert_eq!(serde_json::to_value(&bare).unwrap(), json!({"variables": {}}));
    }

    #[test]
    fn renders_round_trip_as_chat_requests() {
        let value = json!({
            "success": true,
            "data": {
                "model": "gpt-4o-mini", "max_tokens": 256, "temperature": 0.7, "top_p": 1.0,
                "messages": [{"role": "system", "content": "You are helpful."},
                             {"role": "user", "content": [{"type": "text", "text": "Hi"}]}],
                "stop_sequences": null, "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}],
                "tool_choice": "auto"
            }
        });
        let render: PromptRender = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(render.success, Some(true));
        let request = render.chat_request().unwrap();
        assert_eq!(request.model, "gpt-4o-mini");
        assert_eq!(request.messages[0].role(), "system");
        assert_eq!(request.max_tokens, Some(256));
        assert_eq!(request.temperature, Some(0.7));
        assert_eq!(request.tools.as_ref().map(Vec::len), Some(1));
        assert!(render.text_request().is_none());
        assert_eq!(serde_json::to_value(&render).unwrap(), value);

        let text = json!({"success": true, "data": {"model": "gpt-3.5-turbo-instruct", "prompt": "Say hi to Ada"}});
        let render: PromptRender = serde_json::from_value(text.clone()).unwrap();
        assert_eq!(
            render.text_request().and_then(|r| r.prompt.as_ref()),
            Some(&crate::types::CompletionPrompt::from("Say hi to Ada"))
        );
        assert!(render.chat_request().is_none());
        assert_eq!(serde_json::to_value(&render).unwrap(), text);
    }

    #[test]
    fn text_prompt_completions_read_as_chat_completions() {
        let value = json!({"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "gpt-3.5-turbo-instruct",
                           "choices": [{"index": 0, "text": "Hi Ada!", "logprobs": null, "finish_reason": "stop"}],
                           "provider": "openai"});
        let completion: ChatCompletion = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(completion.choices[0].extra["text"], "Hi Ada!");
        assert_eq!(serde_json::to_value(&completion).unwrap()["choices"][0]["text"], "Hi Ada!");
        let chunk: ChatCompletionChunk = serde_json::from_value(json!({"id": "c", "object": "text_completion",
            "choices": [{"index": 0, "text": "Hi", "finish_reason": null}]}))
        .unwrap();
        assert_eq!(chunk.choices[0].extra["text"], "Hi");
    }

    #[test]
    fn errors_name_the_field_path() {
        let error = serde_json::from_value::<PromptRender>(json!({"data": {"messages": [{"role": 1}]}}))
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("data: messages: role: invalid type: integer `1`"), "{error}");
        let error =
            serde_json::from_value::<PromptCompletionRequest>(json!({"variables": []})).unwrap_err().to_string();
        assert!(error.starts_with("variables: invalid type: sequence"), "{error}");
    }
}
