//! The body of `POST /responses` ([`ResponseRequest`]) and its input items.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value, json};

use crate::types::Extra;

use super::TextOrList;
use super::items::{ContentPart, FunctionCallOutput, FunctionToolCall, ItemStatus, ReasoningItem};
use crate::types::Role;
use crate::types::default_model;
use crate::types::object::json_object;
use crate::types::object::setters;
use crate::types::tagged::{self, Fields, Tagged};

/// The body of `POST /responses` (and of `responses.parse`). `POST /responses/input_tokens`
/// takes a subset of these fields: [`InputTokenCountRequest::from`](super::InputTokenCountRequest).
///
/// Unset options are left out of the body; parameters this type does not name (`conversation`,
/// `prompt`, `stream_options`, `context_management`, ...) go in `extra`. `stream` is set by the
/// client's `create_stream` and refused by `create`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRequest {
    /// The model; [`DEFAULT_MODEL`](crate::types::DEFAULT_MODEL) (`"portkey-default"`) when not given.
    pub model: String,
    /// The input: text, or a list of items (messages, function call outputs, ...).
    pub input: Option<ResponseInput>,
    /// A system (developer) message put before the input.
    pub instructions: Option<String>,
    /// Tools the model may call: `{"type": "function", "name": ..., "parameters": ...}`,
    /// `{"type": "web_search"}`, `{"type": "file_search", "vector_store_ids": [...]}`, ...
    pub tools: Option<Vec<Value>>,
    /// `"none"`, `"auto"`, `"required"`, or `{"type": "function", "name": ...}` and the like.
    pub tool_choice: Option<Value>,
    /// Whether the model may call several tools at once.
    pub parallel_tool_calls: Option<bool>,
    /// Sampling temperature (0 to 2).
    pub temperature: Option<f64>,
    /// Nucleus sampling: the probability mass of the tokens considered.
    pub top_p: Option<f64>,
    /// The most tokens to generate, reasoning tokens included.
    pub max_output_tokens: Option<u32>,
    /// The most calls to built-in tools.
    pub max_tool_calls: Option<u32>,
    /// The response this one continues (the conversation so far is taken from it).
    pub previous_response_id: Option<String>,
    /// Whether the provider stores the response (to retrieve it, or continue from it, later).
    pub store: Option<bool>,
    /// Key-value pairs stored with the response (OpenAI's `metadata`, not Portkey's).
    pub metadata: Option<Map<String, Value>>,
    /// Options of reasoning models: `effort`, `summary`.
    pub reasoning: Option<Reasoning>,
    /// Options of the text output: `{"format": {"type": "json_schema", ...}, "verbosity": ...}`.
    pub text: Option<Value>,
    /// Extra output to include: `"reasoning.encrypted_content"`, `"file_search_call.results"`, ...
    pub include: Option<Vec<String>>,
    /// Whether to stream the answer as server-sent [`ResponseStreamEvent`](super::ResponseStreamEvent)s.
    pub stream: Option<bool>,
    /// `"auto"` (drop the oldest input when it does not fit) or `"disabled"`.
    pub truncation: Option<String>,
    /// Whether to run the response in the background (then poll it with `retrieve`).
    pub background: Option<bool>,
    /// `"auto"`, `"default"`, `"flex"`, `"scale"` or `"priority"`.
    pub service_tier: Option<String>,
    /// How many most likely tokens (0 to 20) to return at each position.
    pub top_logprobs: Option<u32>,
    /// A key for the provider's prompt cache.
    pub prompt_cache_key: Option<String>,
    /// A stable id of the end user, for abuse detection.
    pub safety_identifier: Option<String>,
    /// An id of the end user (deprecated by OpenAI for `safety_identifier` and `prompt_cache_key`).
    pub user: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ResponseRequest {
    model: or(default_model()),
    input: opt,
    instructions: opt,
    tools: opt,
    tool_choice: opt,
    parallel_tool_calls: opt,
    temperature: opt,
    top_p: opt,
    max_output_tokens: opt,
    max_tool_calls: opt,
    previous_response_id: opt,
    store: opt,
    metadata: opt,
    reasoning: opt,
    text: opt,
    include: opt,
    stream: opt,
    truncation: opt,
    background: opt,
    service_tier: opt,
    top_logprobs: opt,
    prompt_cache_key: opt,
    safety_identifier: opt,
    user: opt,
});

impl Default for ResponseRequest {
    fn default() -> Self {
        ResponseRequest {
            model: default_model(),
            input: None,
            instructions: None,
            tools: None,
            tool_choice: None,
            parallel_tool_calls: None,
            temperature: None,
            top_p: None,
            max_output_tokens: None,
            max_tool_calls: None,
            previous_response_id: None,
            store: None,
            metadata: None,
            reasoning: None,
            text: None,
            include: None,
            stream: None,
            truncation: None,
            background: None,
            service_tier: None,
            top_logprobs: None,
            prompt_cache_key: None,
            safety_identifier: None,
            user: None,
            extra: Extra::new(),
        }
    }
}

impl ResponseRequest {
    /// A request for `model` to answer `input` (text, or items), with every option unset.
    pub fn new(model: impl Into<String>, input: impl Into<ResponseInput>) -> Self {
        ResponseRequest { model: model.into(), input: Some(input.into()), ..Self::default() }
    }

    setters! {
        instructions: String => "a system (developer) message put before the input.",
        tool_choice: Value => "`\"none\"`, `\"auto\"`, `\"required\"`, or `{\"type\": \"function\", \"name\": ...}`.",
        temperature = f64 => "sampling temperature (0 to 2).",
        top_p = f64 => "nucleus sampling.",
        max_output_tokens = u32 => "the most tokens to generate, reasoning included.",
        previous_response_id: String => "this response continues that one.",
        store = bool => "whether the provider stores the response.",
        parallel_tool_calls = bool => "whether the model may call several tools at once.",
        truncation: String => "`\"auto\"` or `\"disabled\"`.",
        user: String => "an id of the end user.",
        stream = bool => "whether to stream (the client's `create_stream` sets it, `create` refuses it).",
    }

    /// Adds a tool, as its JSON (`{"type": "web_search"}`, ...).
    pub fn tool(mut self, tool: Value) -> Self {
        self.tools.get_or_insert_with(Vec::new).push(tool);
        self
    }

    /// Adds a function tool; `parameters` is the JSON Schema of its arguments.
    pub fn function_tool(self, name: &str, description: &str, parameters: Value) -> Self {
        self.tool(json!({"type": "function", "name": name, "description": description, "parameters": parameters}))
    }

    /// Adds a `metadata` entry.
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata.get_or_insert_with(Map::new).insert(key.into(), Value::String(value.into()));
        self
    }

    /// Sets `reasoning.effort`: `"minimal"`, `"low"`, `"medium"` or `"high"`.
    pub fn reasoning_effort(mut self, effort: impl Into<String>) -> Self {
        self.reasoning.get_or_insert_with(Reasoning::default).effort = Some(effort.into());
        self
    }

    /// Adds an `include` entry.
    pub fn include(mut self, include: impl Into<String>) -> Self {
        self.include.get_or_insert_with(Vec::new).push(include.into());
        self
    }
}

/// Options of reasoning models (`reasoning`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reasoning {
    /// How hard to think: `"minimal"`, `"low"`, `"medium"` or `"high"`.
    pub effort: Option<String>,
    /// Whether to summarize the reasoning: `"auto"`, `"concise"` or `"detailed"`.
    pub summary: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(Reasoning { effort: opt, summary: opt });

/// The `input` of a [`ResponseRequest`]: text, or a list of items.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseInput {
    /// Text, as a user message.
    Text(String),
    /// Items: messages, function call outputs, earlier output items.
    Items(Vec<InputItem>),
}

impl Serialize for ResponseInput {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ResponseInput::Text(text) => serializer.serialize_str(text),
            ResponseInput::Items(items) => items.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ResponseInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match TextOrList::deserialize(deserializer)? {
            TextOrList::Text(text) => ResponseInput::Text(text),
            TextOrList::List(items) => ResponseInput::Items(items),
        })
    }
}

impl From<&str> for ResponseInput {
    fn from(text: &str) -> Self {
        ResponseInput::Text(text.to_owned())
    }
}

impl From<String> for ResponseInput {
    fn from(text: String) -> Self {
        ResponseInput::Text(text)
    }
}

impl From<Vec<InputItem>> for ResponseInput {
    fn from(items: Vec<InputItem>) -> Self {
        ResponseInput::Items(items)
    }
}

impl<const N: usize> From<[InputItem; N]> for ResponseInput {
    fn from(items: [InputItem; N]) -> Self {
        ResponseInput::Items(items.into())
    }
}

impl FromIterator<InputItem> for ResponseInput {
    fn from_iter<I: IntoIterator<Item = InputItem>>(items: I) -> Self {
        ResponseInput::Items(items.into_iter().collect())
    }
}

/// One item of a request's `input` (or of `GET /responses/{id}/input_items`), told apart by
/// its `type`; an object without a `type` is a message (as `{"role": "user", "content": "Hi"}`).
#[derive(Debug, Clone, PartialEq)]
pub enum InputItem {
    /// `"message"` (or no `type`): a message from the user, the developer, or an earlier answer.
    Message(InputMessage),
    /// `"function_call"`: an earlier function call of the model, sent back.
    FunctionCall(FunctionToolCall),
    /// `"function_call_output"`: the result of a function call.
    FunctionCallOutput(FunctionCallOutput),
    /// `"reasoning"`: an earlier reasoning item, sent back.
    Reasoning(ReasoningItem),
    /// `"item_reference"`: an earlier item, by id.
    ItemReference(ItemReference),
    /// A `type` this enum does not name, kept whole: the `type` and every field, as they came.
    Unknown(Map<String, Value>),
}

impl InputItem {
    /// A message of `role` with `content`.
    pub fn message(role: Role, content: impl Into<InputContent>) -> Self {
        InputItem::Message(InputMessage::new(role, content))
    }

    /// A `user` message.
    pub fn user(content: impl Into<InputContent>) -> Self {
        Self::message(Role::User, content)
    }

    /// A `system` message.
    pub fn system(content: impl Into<InputContent>) -> Self {
        Self::message(Role::System, content)
    }

    /// A `developer` message.
    pub fn developer(content: impl Into<InputContent>) -> Self {
        Self::message(Role::Developer, content)
    }

    /// An `assistant` message.
    pub fn assistant(content: impl Into<InputContent>) -> Self {
        Self::message(Role::Assistant, content)
    }

    /// The text `output` of the function call `call_id`.
    pub fn function_call_output(call_id: impl Into<String>, output: impl Into<String>) -> Self {
        InputItem::FunctionCallOutput(FunctionCallOutput::new(call_id, output))
    }

    /// The item's `type` (`"message"` for a message without one, `""` for an `Unknown` object
    /// without one).
    pub fn kind(&self) -> &str {
        match self {
            InputItem::Message(_) => "message",
            InputItem::FunctionCall(_) => "function_call",
            InputItem::FunctionCallOutput(_) => "function_call_output",
            InputItem::Reasoning(_) => "reasoning",
            InputItem::ItemReference(_) => "item_reference",
            InputItem::Unknown(object) => object.get("type").and_then(Value::as_str).unwrap_or(""),
        }
    }
}

impl Tagged for InputItem {
    const EXPECTING: &'static str = "a Responses input item";

    fn read<'de, A: serde::de::MapAccess<'de>>(tag: Option<&str>, fields: Fields<A>) -> Result<Self, A::Error> {
        match tag {
            None => tagged::known(fields).map(InputItem::Message),
            Some("message") => {
                let message: InputMessage = tagged::known(fields)?;
                Ok(InputItem::Message(InputMessage { r#type: Some("message".to_owned()), ..message }))
            }
            Some("function_call") => tagged::known(fields).map(InputItem::FunctionCall),
            Some("function_call_output") => tagged::known(fields).map(InputItem::FunctionCallOutput),
            Some("reasoning") => tagged::known(fields).map(InputItem::Reasoning),
            Some("item_reference") => tagged::known(fields).map(InputItem::ItemReference),
            Some(_) => tagged::unknown(tag, fields).map(InputItem::Unknown),
        }
    }
}

impl<'de> Deserialize<'de> for InputItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        tagged::deserialize(deserializer)
    }
}

impl Serialize for InputItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // A message writes its own `type`, if it has one.
            InputItem::Message(message) => message.serialize(serializer),
            InputItem::FunctionCall(call) => tagged::write(serializer, "function_call", call),
            InputItem::FunctionCallOutput(output) => tagged::write(serializer, "function_call_output", output),
            InputItem::Reasoning(reasoning) => tagged::write(serializer, "reasoning", reasoning),
            InputItem::ItemReference(reference) => tagged::write(serializer, "item_reference", reference),
            InputItem::Unknown(object) => object.serialize(serializer),
        }
    }
}

impl From<InputMessage> for InputItem {
    fn from(message: InputMessage) -> Self {
        InputItem::Message(message)
    }
}

impl From<FunctionCallOutput> for InputItem {
    fn from(output: FunctionCallOutput) -> Self {
        InputItem::FunctionCallOutput(output)
    }
}

/// A message of the input: `{"role": "user", "content": "Hi"}`, or with `"type": "message"`,
/// an `id` and a `status` as `GET /responses/{id}/input_items` lists them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InputMessage {
    /// `"message"`, when the message came (or is to be sent) with its `type`; `None` leaves it out.
    pub r#type: Option<String>,
    /// The item's id, in listed items.
    pub id: Option<String>,
    /// Who wrote it: `user`, `system`, `developer` or `assistant`.
    pub role: Option<Role>,
    /// The content: text, or a list of parts.
    pub content: Option<InputContent>,
    /// Whether the item is complete, in listed items.
    pub status: Option<ItemStatus>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(InputMessage { r#type as "type": opt, id: opt, role: opt, content: opt, status: opt });

impl InputMessage {
    /// A message of `role` with `content` (no `type`, as the SDK's easy input messages).
    pub fn new(role: Role, content: impl Into<InputContent>) -> Self {
        InputMessage { role: Some(role), content: Some(content.into()), ..Self::default() }
    }

    /// The content, if it is plain text.
    pub fn text(&self) -> Option<&str> {
        match &self.content {
            Some(InputContent::Text(text)) => Some(text),
            _ => None,
        }
    }
}

/// The `content` of an [`InputMessage`]: text, or a list of parts.
#[derive(Debug, Clone, PartialEq)]
pub enum InputContent {
    /// Plain text.
    Text(String),
    /// Parts: [`ContentPart::input_text`], [`ContentPart::input_image`], ... (or the
    /// `output_text` parts of an earlier answer).
    Parts(Vec<ContentPart>),
}

impl Serialize for InputContent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            InputContent::Text(text) => serializer.serialize_str(text),
            InputContent::Parts(parts) => parts.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for InputContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match TextOrList::deserialize(deserializer)? {
            TextOrList::Text(text) => InputContent::Text(text),
            TextOrList::List(parts) => InputContent::Parts(parts),
        })
    }
}

impl From<&str> for InputContent {
    fn from(text: &str) -> Self {
        InputContent::Text(text.to_owned())
    }
}

impl From<String> for InputContent {
    fn from(text: String) -> Self {
        InputContent::Text(text)
    }
}

impl From<Vec<ContentPart>> for InputContent {
    fn from(parts: Vec<ContentPart>) -> Self {
        InputContent::Parts(parts)
    }
}

/// An earlier item, by id (`"type": "item_reference"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemReference {
    /// The item's id.
    pub id: String,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ItemReference { id: default });
