//! `POST /chat/completions`: [`ChatCompletionRequest`], answered by a [`ChatCompletion`], or by a
//! stream of [`ChatCompletionChunk`]s when `stream` is set.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::types::Extra;

use super::object::json_object;
use super::{Usage, default_model};

fn function_type() -> String {
    "function".to_owned()
}

/// The body of `POST /chat/completions`.
///
/// Unset options are left out of the body; parameters this type does not name (`audio`,
/// `modalities`, `prediction`, `service_tier`, `web_search_options`, ...) go in `extra`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatCompletionRequest {
    /// The model; [`DEFAULT_MODEL`](super::DEFAULT_MODEL) (`"portkey-default"`) when not given.
    pub model: String,
    /// The conversation so far.
    pub messages: Vec<ChatMessage>,
    /// Sampling temperature (0 to 2).
    pub temperature: Option<f64>,
    /// Nucleus sampling: the probability mass of the tokens considered.
    pub top_p: Option<f64>,
    /// How many choices to generate.
    pub n: Option<u32>,
    /// Whether to stream the answer as server-sent [`ChatCompletionChunk`]s.
    pub stream: Option<bool>,
    /// Options of a streamed answer.
    pub stream_options: Option<StreamOptions>,
    /// Up to 4 sequences where generation stops.
    pub stop: Option<StopSequences>,
    /// The most tokens to generate (deprecated by OpenAI for `max_completion_tokens`).
    pub max_tokens: Option<u32>,
    /// The most tokens to generate, reasoning tokens included.
    pub max_completion_tokens: Option<u32>,
    /// Penalty (-2 to 2) for tokens that already appeared.
    pub presence_penalty: Option<f64>,
    /// Penalty (-2 to 2) for tokens by how often they appeared.
    pub frequency_penalty: Option<f64>,
    /// Token id (as a string) → bias (-100 to 100).
    pub logit_bias: Option<Map<String, Value>>,
    /// Whether to return the log probabilities of the output tokens.
    pub logprobs: Option<bool>,
    /// How many most likely tokens (0 to 20) to return at each position, with `logprobs`.
    pub top_logprobs: Option<u32>,
    /// An id of the end user.
    pub user: Option<String>,
    /// Seed for deterministic sampling (best effort).
    pub seed: Option<i64>,
    /// Tools the model may call.
    pub tools: Option<Vec<Tool>>,
    /// `"none"`, `"auto"`, `"required"` or `{"type": "function", "function": {"name": ...}}`.
    pub tool_choice: Option<Value>,
    /// Whether the model may call several tools at once.
    pub parallel_tool_calls: Option<bool>,
    /// `{"type": "text"}`, `{"type": "json_object"}` or `{"type": "json_schema", ...}`.
    pub response_format: Option<Value>,
    /// Key-value pairs stored with the completion (OpenAI's `metadata`, not Portkey's).
    pub metadata: Option<Map<String, Value>>,
    /// Whether the provider stores the completion.
    pub store: Option<bool>,
    /// Reasoning effort of reasoning models: `"minimal"`, `"low"`, `"medium"` or `"high"`.
    pub reasoning_effort: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ChatCompletionRequest {
    model: or(default_model()),
    messages: default,
    temperature: opt,
    top_p: opt,
    n: opt,
    stream: opt,
    stream_options: opt,
    stop: opt,
    max_tokens: opt,
    max_completion_tokens: opt,
    presence_penalty: opt,
    frequency_penalty: opt,
    logit_bias: opt,
    logprobs: opt,
    top_logprobs: opt,
    user: opt,
    seed: opt,
    tools: opt,
    tool_choice: opt,
    parallel_tool_calls: opt,
    response_format: opt,
    metadata: opt,
    store: opt,
    reasoning_effort: opt,
});

impl Default for ChatCompletionRequest {
    fn default() -> Self {
        ChatCompletionRequest {
            model: default_model(),
            messages: Vec::new(),
            temperature: None,
            top_p: None,
            n: None,
            stream: None,
            stream_options: None,
            stop: None,
            max_tokens: None,
            max_completion_tokens: None,
            presence_penalty: None,
            frequency_penalty: None,
            logit_bias: None,
            logprobs: None,
            top_logprobs: None,
            user: None,
            seed: None,
            tools: None,
            tool_choice: None,
            parallel_tool_calls: None,
            response_format: None,
            metadata: None,
            store: None,
            reasoning_effort: None,
            extra: Extra::new(),
        }
    }
}

impl ChatCompletionRequest {
    /// A request for `model` to continue `messages`, with every option unset.
    pub fn new(model: impl Into<String>, messages: impl IntoIterator<Item = ChatMessage>) -> Self {
        ChatCompletionRequest { model: model.into(), messages: messages.into_iter().collect(), ..Self::default() }
    }

    /// Sets `temperature`.
    pub fn temperature(mut self, temperature: f64) -> Self {
        self.temperature = Some(temperature);
        self
    }

    /// Sets `max_tokens`.
    pub fn max_tokens(mut self, max_tokens: u32) -> Self {
        self.max_tokens = Some(max_tokens);
        self
    }

    /// Sets `stream`.
    pub fn stream(mut self, stream: bool) -> Self {
        self.stream = Some(stream);
        self
    }
}

/// Options of a streamed answer (`stream_options`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StreamOptions {
    /// Whether a last chunk, with empty `choices`, carries the `usage` of the whole request.
    pub include_usage: Option<bool>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(StreamOptions { include_usage: opt });

/// `stop`: one sequence or several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StopSequences {
    /// A single stop sequence.
    One(String),
    /// Several stop sequences.
    Many(Vec<String>),
}

impl From<&str> for StopSequences {
    fn from(stop: &str) -> Self {
        StopSequences::One(stop.to_owned())
    }
}

impl From<String> for StopSequences {
    fn from(stop: String) -> Self {
        StopSequences::One(stop)
    }
}

impl From<Vec<String>> for StopSequences {
    fn from(stops: Vec<String>) -> Self {
        StopSequences::Many(stops)
    }
}

/// Who wrote a [`ChatMessage`]; written as its lowercase name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Role {
    /// `"system"`: instructions.
    System,
    /// `"user"`: the end user.
    User,
    /// `"assistant"`: the model. The default, as it is the role of a reply that leaves it out.
    #[default]
    Assistant,
    /// `"tool"`: the result of a tool call.
    Tool,
    /// `"developer"`: instructions, for reasoning models.
    Developer,
    /// `"function"`: the result of a (legacy) function call.
    Function,
    /// Any other role, kept as it came.
    Other(String),
}

impl Role {
    /// The role's name, as sent.
    pub fn as_str(&self) -> &str {
        match self {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::Tool => "tool",
            Role::Developer => "developer",
            Role::Function => "function",
            Role::Other(role) => role,
        }
    }
}

impl From<&str> for Role {
    fn from(role: &str) -> Self {
        match role {
            "system" => Role::System,
            "user" => Role::User,
            "assistant" => Role::Assistant,
            "tool" => Role::Tool,
            "developer" => Role::Developer,
            "function" => Role::Function,
            other => Role::Other(other.to_owned()),
        }
    }
}

impl From<String> for Role {
    fn from(role: String) -> Self {
        match Role::from(role.as_str()) {
            Role::Other(_) => Role::Other(role),
            known => known,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Role::from)
    }
}

/// The `content` of a [`ChatMessage`]: plain text, or an array of parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MessageContent {
    /// Plain text.
    Text(String),
    /// Content parts, such as `{"type": "text", "text": ...}` or
    /// `{"type": "image_url", "image_url": {"url": ...}}`.
    Parts(Vec<Value>),
}

impl MessageContent {
    /// The text, if the content is plain text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            MessageContent::Text(text) => Some(text),
            MessageContent::Parts(_) => None,
        }
    }
}

impl From<&str> for MessageContent {
    fn from(text: &str) -> Self {
        MessageContent::Text(text.to_owned())
    }
}

impl From<String> for MessageContent {
    fn from(text: String) -> Self {
        MessageContent::Text(text)
    }
}

impl From<Vec<Value>> for MessageContent {
    fn from(parts: Vec<Value>) -> Self {
        MessageContent::Parts(parts)
    }
}

/// A message of the conversation: one of a request's `messages`, or a choice's reply.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatMessage {
    /// Who wrote it.
    pub role: Role,
    /// The content; `None` (JSON `null`) in a reply that only calls tools.
    pub content: Option<MessageContent>,
    /// A name telling participants of the same role apart.
    pub name: Option<String>,
    /// The tool calls of an assistant message.
    pub tool_calls: Option<Vec<ToolCall>>,
    /// The call a `tool` message answers.
    pub tool_call_id: Option<String>,
    /// The model's refusal to answer, if it refused.
    pub refusal: Option<String>,
    /// Citations of a reply (the web search tool's URLs).
    pub annotations: Option<Vec<ChatAnnotation>>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ChatMessage {
    role: default,
    content: opt,
    name: opt,
    tool_calls: opt,
    tool_call_id: opt,
    refusal: opt,
    annotations: opt,
});

/// An annotation of a reply's text (`"type": "url_citation"`, the only kind OpenAI sends).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatAnnotation {
    /// `"url_citation"`.
    pub r#type: String,
    /// The cited URL and the span of text it supports.
    pub url_citation: Option<UrlCitation>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ChatAnnotation { r#type as "type": default, url_citation: opt });

/// A URL cited by a reply, and where in the text (character offsets).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UrlCitation {
    /// The first character of the supported text.
    pub start_index: u64,
    /// The character after the supported text.
    pub end_index: u64,
    /// The page's title.
    pub title: String,
    /// The page's URL.
    pub url: String,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(UrlCitation { start_index: default, end_index: default, title: default, url: default });

impl ChatMessage {
    /// A message of `role` with `content`.
    pub fn new(role: Role, content: impl Into<MessageContent>) -> Self {
        ChatMessage { role, content: Some(content.into()), ..Self::default() }
    }

    /// A `system` message.
    pub fn system(content: impl Into<MessageContent>) -> Self {
        Self::new(Role::System, content)
    }

    /// A `user` message.
    pub fn user(content: impl Into<MessageContent>) -> Self {
        Self::new(Role::User, content)
    }

    /// An `assistant` message.
    pub fn assistant(content: impl Into<MessageContent>) -> Self {
        Self::new(Role::Assistant, content)
    }

    /// A `tool` message: the result of the tool call `tool_call_id`.
    pub fn tool(content: impl Into<MessageContent>, tool_call_id: impl Into<String>) -> Self {
        ChatMessage { tool_call_id: Some(tool_call_id.into()), ..Self::new(Role::Tool, content) }
    }

    /// The content, if it is plain text.
    pub fn text(&self) -> Option<&str> {
        self.content.as_ref().and_then(MessageContent::as_text)
    }
}

/// A tool the model may call (one of `tools`).
#[derive(Debug, Clone, PartialEq)]
pub struct Tool {
    /// The tool's type: `"function"`.
    pub r#type: String,
    /// The function.
    pub function: FunctionDefinition,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(Tool { r#type as "type": or(function_type()), function: default });

impl Default for Tool {
    fn default() -> Self {
        Tool { r#type: function_type(), function: FunctionDefinition::default(), extra: Extra::new() }
    }
}

impl Tool {
    /// A function tool; `parameters` is the JSON Schema of its arguments.
    pub fn function(name: impl Into<String>, description: impl Into<String>, parameters: Value) -> Self {
        Tool {
            function: FunctionDefinition {
                name: name.into(),
                description: Some(description.into()),
                parameters: Some(parameters),
                ..FunctionDefinition::default()
            },
            ..Tool::default()
        }
    }
}

/// The function of a [`Tool`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunctionDefinition {
    /// The function's name.
    pub name: String,
    /// What the function does, for the model to decide when to call it.
    pub description: Option<String>,
    /// The JSON Schema of the arguments.
    pub parameters: Option<Value>,
    /// Whether the arguments must follow the schema exactly (structured outputs).
    pub strict: Option<bool>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(FunctionDefinition { name: default, description: opt, parameters: opt, strict: opt });

/// A tool call of an assistant message.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCall {
    /// The call's id, which the `tool` message answering it repeats.
    pub id: String,
    /// The tool's type: `"function"`.
    pub r#type: String,
    /// The function called.
    pub function: FunctionCall,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ToolCall { id: default, r#type as "type": or(function_type()), function: default });

impl Default for ToolCall {
    fn default() -> Self {
        ToolCall { id: String::new(), r#type: function_type(), function: FunctionCall::default(), extra: Extra::new() }
    }
}

/// The function a [`ToolCall`] calls.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunctionCall {
    /// The function's name.
    pub name: String,
    /// The arguments, as a JSON string (which the model may have got wrong).
    pub arguments: String,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(FunctionCall { name: default, arguments: default });

/// The answer to a [`ChatCompletionRequest`] (`"object": "chat.completion"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatCompletion {
    /// The completion's id.
    pub id: String,
    /// `"chat.completion"`.
    pub object: String,
    /// When it was created, in Unix seconds.
    pub created: i64,
    /// The model that answered.
    pub model: String,
    /// The generated choices (`n` of them).
    pub choices: Vec<ChatChoice>,
    /// Token counts.
    pub usage: Option<Usage>,
    /// The backend configuration the model ran with.
    pub system_fingerprint: Option<String>,
    /// The processing tier that served the request: `"default"`, `"flex"`, `"priority"`, ...
    pub service_tier: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ChatCompletion {
    id: default,
    object: default,
    created: default,
    model: default,
    choices: default,
    usage: opt,
    system_fingerprint: opt,
    service_tier: opt,
});

impl ChatCompletion {
    /// The text of the first choice's message, if it is plain text.
    pub fn text(&self) -> Option<&str> {
        self.choices.first().and_then(|choice| choice.message.text())
    }
}

/// One of the choices of a [`ChatCompletion`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatChoice {
    /// The choice's index.
    pub index: u32,
    /// The generated message.
    pub message: ChatMessage,
    /// Why generation stopped: `"stop"`, `"length"`, `"tool_calls"`, `"content_filter"`, ...
    pub finish_reason: Option<String>,
    /// Log probabilities of the tokens, when requested.
    pub logprobs: Option<Value>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ChatChoice { index: default, message: default, finish_reason: opt, logprobs: opt });

/// One chunk of a streamed answer (`"object": "chat.completion.chunk"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatCompletionChunk {
    /// The completion's id (the same in every chunk).
    pub id: String,
    /// `"chat.completion.chunk"`.
    pub object: String,
    /// When the completion was created, in Unix seconds.
    pub created: i64,
    /// The model that answers.
    pub model: String,
    /// The choices' increments; empty in the last chunk when it carries `usage`.
    pub choices: Vec<ChunkChoice>,
    /// Token counts of the whole request, in the last chunk with `stream_options.include_usage`.
    pub usage: Option<Usage>,
    /// The backend configuration the model runs with.
    pub system_fingerprint: Option<String>,
    /// The processing tier that served the request: `"default"`, `"flex"`, `"priority"`, ...
    pub service_tier: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ChatCompletionChunk {
    id: default,
    object: default,
    created: default,
    model: default,
    choices: default,
    usage: opt,
    system_fingerprint: opt,
    service_tier: opt,
});

impl ChatCompletionChunk {
    /// The text the first choice's delta adds, if any.
    pub fn delta_text(&self) -> Option<&str> {
        self.choices.first().and_then(|choice| choice.delta.content.as_deref())
    }
}

/// One of the choices of a [`ChatCompletionChunk`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChunkChoice {
    /// The choice's index.
    pub index: u32,
    /// What this chunk adds to the choice's message.
    pub delta: ChatDelta,
    /// Why generation stopped, in the choice's last chunk.
    pub finish_reason: Option<String>,
    /// Log probabilities of the chunk's tokens, when requested.
    pub logprobs: Option<Value>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ChunkChoice { index: default, delta: default, finish_reason: opt, logprobs: opt });

/// What a chunk adds to a choice's message.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatDelta {
    /// The message's role, in its first chunk.
    pub role: Option<Role>,
    /// The next piece of the content.
    pub content: Option<String>,
    /// The next pieces of the tool calls.
    pub tool_calls: Option<Vec<ToolCallDelta>>,
    /// The next piece of a refusal.
    pub refusal: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ChatDelta { role: opt, content: opt, tool_calls: opt, refusal: opt });

/// The next piece of a tool call; the pieces with the same `index` make up one call.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ToolCallDelta {
    /// Which tool call of the message this piece belongs to.
    pub index: u32,
    /// The call's id, in its first piece.
    pub id: Option<String>,
    /// The tool's type (`"function"`), in its first piece.
    pub r#type: Option<String>,
    /// The next piece of the function call.
    pub function: Option<FunctionCallDelta>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ToolCallDelta { index: default, id: opt, r#type as "type": opt, function: opt });

/// The next piece of a function call: its name in the first piece, then bits of the arguments.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunctionCallDelta {
    /// The function's name, in the first piece.
    pub name: Option<String>,
    /// The next bit of the JSON arguments.
    pub arguments: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(FunctionCallDelta { name: opt, arguments: opt });

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;
    use serde_json::json;

    /// Deserializes `value`, checks that it serializes back to exactly `value`, and returns it.
    fn round_trip<T: DeserializeOwned + Serialize>(value: Value) -> T {
        let typed: T = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&typed).unwrap(), value);
        // From text too, as the client reads it.
        let typed: T = serde_json::from_str(&value.to_string()).unwrap();
        assert_eq!(serde_json::to_value(&typed).unwrap(), value);
        typed
    }

    #[test]
    fn request_serializes_only_what_is_set() {
        let request = ChatCompletionRequest::new(
            "gpt-4o-mini",
            [ChatMessage::system("You are terse."), ChatMessage::user("Hello")],
        );
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({
                "model": "gpt-4o-mini",
                "messages": [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Hello"}]
            })
        );
        assert_eq!(
            serde_json::to_string(&request.temperature(0.5).max_tokens(10).stream(true)).unwrap(),
            concat!(
                r#"{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are terse."},"#,
                r#"{"role":"user","content":"Hello"}],"temperature":0.5,"stream":true,"max_tokens":10}"#
            )
        );
    }

    #[test]
    fn request_defaults_to_the_portkey_default_model() {
        let request = ChatCompletionRequest::default();
        assert_eq!(request.model, "portkey-default");
        assert_eq!(serde_json::to_value(&request).unwrap(), json!({"model": "portkey-default", "messages": []}));
        let request: ChatCompletionRequest =
            serde_json::from_value(json!({"messages": [{"role": "user", "content": "Hi"}]})).unwrap();
        assert_eq!(request.model, super::super::DEFAULT_MODEL);
        assert_eq!(request.messages, [ChatMessage::user("Hi")]);
    }

    #[test]
    fn request_extra_goes_to_the_top_level() {
        let mut request = ChatCompletionRequest::new("gpt-4o", [ChatMessage::user("Hi")]);
        request.extra.insert("modalities".into(), json!(["text"]));
        request.extra.insert("service_tier".into(), json!("flex"));
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}],
                   "modalities": ["text"], "service_tier": "flex"})
        );
        // A named field that is set wins over the same key in `extra`.
        request.extra.insert("temperature".into(), json!(1.0));
        assert_eq!(serde_json::to_value(&request).unwrap()["temperature"], 1.0);
        let request = request.temperature(0.25);
        let text = serde_json::to_string(&request).unwrap();
        assert_eq!(text.matches("temperature").count(), 1);
        assert_eq!(serde_json::to_value(&request).unwrap()["temperature"], 0.25);
    }

    #[test]
    fn full_request_round_trips() {
        let request: ChatCompletionRequest = round_trip(json!({
            "model": "gpt-4o",
            "messages": [
                {"role": "developer", "content": "Use tools."},
                {"role": "user", "content": [
                    {"type": "text", "text": "What is in this image?"},
                    {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "low"}}
                ]},
                {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "call_1", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}
                ]},
                {"role": "tool", "tool_call_id": "call_1", "content": "18C"},
                {"role": "critic", "content": "ok", "name": "bob"}
            ],
            "temperature": 0.2, "top_p": 0.9, "n": 1, "stream": true,
            "stream_options": {"include_usage": true},
            "stop": ["\n\n", "END"], "max_tokens": 100, "max_completion_tokens": 200,
            "presence_penalty": 0.5, "frequency_penalty": -0.5, "logit_bias": {"50256": -100},
            "logprobs": true, "top_logprobs": 3, "user": "u-1", "seed": -7,
            "tools": [{"type": "function", "function": {
                "name": "get_weather", "description": "Weather of a city", "strict": true,
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
            }}],
            "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
            "parallel_tool_calls": false,
            "response_format": {"type": "json_object"},
            "metadata": {"trace": "t-1"}, "store": false, "reasoning_effort": "low",
            "prediction": {"type": "content", "content": "x"}
        }));
        assert_eq!(request.messages[0].role, Role::Developer);
        assert_eq!(request.messages[1].text(), None);
        assert!(matches!(&request.messages[1].content, Some(MessageContent::Parts(parts)) if parts.len() == 2));
        assert_eq!(request.messages[2].content, None);
        assert_eq!(request.messages[2].tool_calls.as_ref().unwrap()[0].function.name, "get_weather");
        assert_eq!(request.messages[3], ChatMessage::tool("18C", "call_1"));
        assert_eq!(request.messages[4].role, Role::Other("critic".into()));
        assert_eq!(request.stop, Some(StopSequences::Many(vec!["\n\n".into(), "END".into()])));
        assert_eq!(request.stream_options.as_ref().unwrap().include_usage, Some(true));
        assert_eq!(request.tools.as_ref().unwrap()[0].function.strict, Some(true));
        assert_eq!(request.seed, Some(-7));
        assert_eq!(request.extra["prediction"]["type"], "content");
        let request: ChatCompletionRequest = round_trip(json!({"model": "m", "messages": [], "stop": "END"}));
        assert_eq!(request.stop, Some("END".into()));
    }

    #[test]
    fn tool_constructor() {
        let tool = Tool::function("get_weather", "Weather of a city", json!({"type": "object"}));
        assert_eq!(
            serde_json::to_value(&tool).unwrap(),
            json!({"type": "function", "function": {"name": "get_weather", "description": "Weather of a city",
                   "parameters": {"type": "object"}}})
        );
    }

    #[test]
    fn roles_keep_their_names() {
        for name in ["system", "user", "assistant", "tool", "developer", "function", "narrator"] {
            let role: Role = serde_json::from_value(json!(name)).unwrap();
            assert_eq!(role.as_str(), name);
            assert_eq!(role.to_string(), name);
            assert_eq!(serde_json::to_value(&role).unwrap(), json!(name));
        }
        assert_eq!(Role::from("user".to_owned()), Role::User);
        assert!(serde_json::from_value::<Role>(json!(1)).is_err());
    }

    #[test]
    fn completion_with_tool_calls_and_null_content() {
        let completion: ChatCompletion = round_trip(json!({
            "id": "chatcmpl-AbC123",
            "object": "chat.completion",
            "created": 1727000000,
            "model": "gpt-4o-mini-2024-07-18",
            "choices": [{
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": null,
                    "tool_calls": [{
                        "id": "call_abc", "type": "function",
                        "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}
                    }, {
                        "id": "call_def", "type": "function",
                        "function": {"name": "get_time", "arguments": "{}"}
                    }],
                    "refusal": null,
                    "annotations": []
                },
                "logprobs": null,
                "finish_reason": "tool_calls"
            }],
            "usage": {
                "prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                    "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
            },
            "service_tier": "default",
            "system_fingerprint": "fp_0ba0d124f1"
        }));
        assert_eq!(completion.id, "chatcmpl-AbC123");
        assert_eq!(completion.object, "chat.completion");
        assert_eq!(completion.created, 1727000000);
        assert_eq!(completion.system_fingerprint.as_deref(), Some("fp_0ba0d124f1"));
        assert_eq!(completion.service_tier.as_deref(), Some("default"));
        assert_eq!(completion.text(), None);
        let choice = &completion.choices[0];
        assert_eq!(choice.finish_reason.as_deref(), Some("tool_calls"));
        assert_eq!(choice.logprobs, None);
        assert_eq!(choice.message.role, Role::Assistant);
        assert_eq!(choice.message.content, None);
        assert_eq!(choice.message.refusal, None);
        assert_eq!(choice.message.annotations, Some(vec![]));
        let calls = choice.message.tool_calls.as_ref().unwrap();
        assert_eq!(calls.len(), 2);
        assert_eq!((calls[0].id.as_str(), calls[0].r#type.as_str()), ("call_abc", "function"));
        assert_eq!(calls[0].function.arguments, r#"{"city":"Paris"}"#);
        let usage = completion.usage.as_ref().unwrap();
        assert_eq!((usage.prompt_tokens, usage.completion_tokens, usage.total_tokens), (82, 17, 99));

        // The reply goes back into the conversation as it came.
        let message = serde_json::to_value(&choice.message).unwrap();
        assert_eq!(message["content"], Value::Null);
        assert_eq!(message["tool_calls"][1]["function"]["name"], "get_time");
    }

    #[test]
    fn url_citations_are_typed() {
        let message: ChatMessage = round_trip(json!({
            "role": "assistant", "content": "See example.com.",
            "annotations": [{"type": "url_citation",
                             "url_citation": {"start_index": 4, "end_index": 15, "title": "Example", "url": "https://example.com/"}}]
        }));
        let annotation = &message.annotations.as_ref().unwrap()[0];
        let citation = annotation.url_citation.as_ref().unwrap();
        assert_eq!(annotation.r#type, "url_citation");
        assert_eq!((citation.start_index, citation.end_index, citation.url.as_str()), (4, 15, "https://example.com/"));
    }

    #[test]
    fn completion_with_text() {
        let completion: ChatCompletion = round_trip(json!({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1727000001, "model": "gpt-4o",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello!", "refusal": null},
                         "logprobs": null, "finish_reason": "stop"},
                        {"index": 1, "message": {"role": "assistant", "content": "Hi!", "refusal": null},
                         "logprobs": {"content": [{"token": "Hi", "logprob": -0.1, "bytes": [72, 105],
                                                   "top_logprobs": []}], "refusal": null},
                         "finish_reason": "length"}],
            "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11},
            "system_fingerprint": null
        }));
        assert_eq!(completion.text(), Some("Hello!"));
        assert_eq!(completion.system_fingerprint, None);
        assert_eq!(completion.choices[1].logprobs.as_ref().unwrap()["content"][0]["token"], "Hi");
    }

    #[test]
    fn anthropic_completion_via_portkey() {
        let completion: ChatCompletion = round_trip(json!({
            "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
            "object": "chat.completion",
            "created": 1727000002,
            "model": "claude-3-5-sonnet-20241022",
            "provider": "anthropic",
            "choices": [{
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": "Let me check the weather.",
                    "tool_calls": [{"id": "toolu_01A", "type": "function",
                                    "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}],
                    "content_blocks": [
                        {"type": "thinking", "thinking": "The user wants weather.", "signature": "EqQB"},
                        {"type": "text", "text": "Let me check the weather."}
                    ]
                },
                "logprobs": null,
                "finish_reason": "tool_calls"
            }],
            "usage": {"prompt_tokens": 412, "completion_tokens": 57, "total_tokens": 469,
                      "cache_read_input_tokens": 0, "cache_creation_input_tokens": 0}
        }));
        assert_eq!(completion.extra["provider"], "anthropic");
        assert_eq!(completion.system_fingerprint, None);
        assert_eq!(completion.text(), Some("Let me check the weather."));
        let message = &completion.choices[0].message;
        assert_eq!(message.extra["content_blocks"][0]["type"], "thinking");
        assert_eq!(message.tool_calls.as_ref().unwrap()[0].id, "toolu_01A");
        assert_eq!(completion.usage.as_ref().unwrap().extra["cache_read_input_tokens"], 0);
    }

    #[test]
    fn completion_is_lenient() {
        let completion: ChatCompletion = serde_json::from_value(json!({
            "choices": [{"message": {"content": "hi"}}],
            "created": null
        }))
        .unwrap();
        assert_eq!(completion.id, "");
        assert_eq!(completion.created, 0);
        assert_eq!(completion.text(), Some("hi"));
        assert_eq!(completion.choices[0].message.role, Role::Assistant);
        assert_eq!(serde_json::to_value(&completion).unwrap()["created"], Value::Null);
        let empty: ChatCompletion = serde_json::from_value(json!({})).unwrap();
        assert_eq!(empty, ChatCompletion::default());
        assert_eq!(empty.text(), None);
    }

    #[test]
    fn stream_chunks() {
        let head = json!({"id": "chatcmpl-9", "object": "chat.completion.chunk", "created": 1727000003,
                          "model": "gpt-4o-mini", "service_tier": "default", "system_fingerprint": "fp_1"});
        let chunk = |fields: Value| {
            let mut value = head.clone();
            value.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
            round_trip::<ChatCompletionChunk>(value)
        };

        let role =
            chunk(json!({"choices": [{"index": 0, "delta": {"role": "assistant", "content": "", "refusal": null},
                                             "logprobs": null, "finish_reason": null}], "usage": null}));
        assert_eq!(role.choices[0].delta.role, Some(Role::Assistant));
        assert_eq!(role.delta_text(), Some(""));
        assert_eq!(role.usage, None);

        let content = chunk(json!({"choices": [{"index": 0, "delta": {"content": "Hel"}, "logprobs": null,
                                                "finish_reason": null}], "usage": null}));
        assert_eq!(content.delta_text(), Some("Hel"));
        assert_eq!(content.choices[0].delta.role, None);
        assert_eq!(content.choices[0].finish_reason, None);

        let finish = chunk(json!({"choices": [{"index": 0, "delta": {}, "logprobs": null, "finish_reason": "stop"}],
                                  "usage": null}));
        assert_eq!(finish.delta_text(), None);
        assert_eq!(finish.choices[0].finish_reason.as_deref(), Some("stop"));
        assert_eq!(finish.choices[0].delta, ChatDelta::default());

        let usage = chunk(json!({"choices": [], "usage": {"prompt_tokens": 8, "completion_tokens": 2,
                                 "total_tokens": 10, "prompt_tokens_details": {"cached_tokens": 0}}}));
        assert!(usage.choices.is_empty());
        assert_eq!(usage.delta_text(), None);
        assert_eq!(usage.usage.as_ref().unwrap().total_tokens, 10);
    }

    #[test]
    fn stream_tool_call_chunks() {
        let first: ChatCompletionChunk = round_trip(json!({
            "id": "chatcmpl-10", "object": "chat.completion.chunk", "created": 1727000004, "model": "gpt-4o",
            "system_fingerprint": null,
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": null, "tool_calls": [
                {"index": 0, "id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": ""}}
            ], "refusal": null}, "logprobs": null, "finish_reason": null}]
        }));
        let call = &first.choices[0].delta.tool_calls.as_ref().unwrap()[0];
        assert_eq!((call.index, call.id.as_deref(), call.r#type.as_deref()), (0, Some("call_1"), Some("function")));
        assert_eq!(call.function.as_ref().unwrap().name.as_deref(), Some("get_weather"));
        assert_eq!(first.delta_text(), None);

        let next: ChatCompletionChunk = round_trip(json!({
            "id": "chatcmpl-10", "object": "chat.completion.chunk", "created": 1727000004, "model": "gpt-4o",
            "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": "{\"ci"}}]},
                         "logprobs": null, "finish_reason": null}]
        }));
        let call = &next.choices[0].delta.tool_calls.as_ref().unwrap()[0];
        assert_eq!(call.id, None);
        assert_eq!(call.function.as_ref().unwrap().arguments.as_deref(), Some("{\"ci"));
    }

    #[test]
    fn anthropic_stream_chunk_via_portkey() {
        let chunk: ChatCompletionChunk = round_trip(json!({
            "id": "msg_01", "object": "chat.completion.chunk", "created": 1727000005,
            "model": "claude-3-5-sonnet-20241022", "provider": "anthropic",
            "choices": [{"index": 0, "finish_reason": null,
                         "delta": {"content": "Hi", "content_blocks": [{"index": 1, "delta": {"text": "Hi"}}]}}]
        }));
        assert_eq!(chunk.delta_text(), Some("Hi"));
        assert_eq!(chunk.extra["provider"], "anthropic");
        assert!(chunk.choices[0].delta.extra.contains_key("content_blocks"));
        assert_eq!(chunk.choices[0].logprobs, None);
    }
}
