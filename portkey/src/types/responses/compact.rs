//! `POST /responses/compact` ([`CompactRequest`] → [`CompactedResponse`]) and
//! `POST /responses/input_tokens` ([`InputTokenCountRequest`] → [`InputTokenCount`](super::InputTokenCount)):
//! the two calls that take a conversation without answering it.

use serde_json::Value;

use crate::types::Extra;

use super::items::OutputItem;
use super::request::{Reasoning, ResponseInput, ResponseRequest};
use super::response::ResponseUsage;
use crate::types::object::json_object;
use crate::types::object::setters;

/// The body of `POST /responses/compact`: a conversation (its `input`, or the response it
/// continues) to shrink into the user messages and one encrypted
/// [`CompactionItem`](super::CompactionItem).
///
/// ```
/// use portkey::types::CompactRequest;
///
/// let request = CompactRequest::new("gpt-5.1").previous_response_id("resp_1");
/// assert_eq!(serde_json::to_string(&request)?, r#"{"model":"gpt-5.1","previous_response_id":"resp_1"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompactRequest {
    /// The model that compacts.
    pub model: String,
    /// The conversation: text, or a list of items.
    pub input: Option<ResponseInput>,
    /// A system (developer) message put before the input.
    pub instructions: Option<String>,
    /// The response whose conversation to compact.
    pub previous_response_id: Option<String>,
    /// A key for the provider's prompt cache.
    pub prompt_cache_key: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(CompactRequest {
    model: default,
    input: opt,
    instructions: opt,
    previous_response_id: opt,
    prompt_cache_key: opt,
});

impl CompactRequest {
    /// A request for `model` to compact, with nothing else set: add the `input` or the
    /// `previous_response_id`.
    pub fn new(model: impl Into<String>) -> Self {
        CompactRequest { model: model.into(), ..Self::default() }
    }

    setters! {
        input: ResponseInput => "the conversation, text or items.",
        instructions: String => "a system (developer) message put before the input.",
        previous_response_id: String => "the response whose conversation to compact.",
        prompt_cache_key: String => "a key for the provider's prompt cache.",
    }
}

/// The answer to `POST /responses/compact` (`"object": "response.compaction"`): the user
/// messages, then one [`OutputItem::Compaction`] to pass as input to the next response.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompactedResponse {
    /// The compacted conversation's id.
    pub id: String,
    /// `"response.compaction"`.
    pub object: String,
    /// When it was made, in Unix seconds.
    pub created_at: i64,
    /// The user messages, followed by a single compaction item.
    pub output: Vec<OutputItem>,
    /// The tokens the compaction took.
    pub usage: Option<ResponseUsage>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(CompactedResponse { id: default, object: default, created_at: default, output: default, usage: opt });

/// The body of `POST /responses/input_tokens`: what a [`ResponseRequest`] would send, for
/// counting its input tokens without running it ([`From<&ResponseRequest>`] keeps the fields
/// that count).
///
/// ```
/// use portkey::types::{InputTokenCountRequest, ResponseRequest};
///
/// let request = ResponseRequest::new("gpt-4.1-mini", "Say hi").instructions("Be terse.").temperature(0.2);
/// let count = InputTokenCountRequest::from(&request);
/// assert_eq!(
///     serde_json::to_string(&count)?,
///     r#"{"model":"gpt-4.1-mini","input":"Say hi","instructions":"Be terse."}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InputTokenCountRequest {
    /// The model whose tokenizer counts.
    pub model: Option<String>,
    /// The input: text, or a list of items.
    pub input: Option<ResponseInput>,
    /// A system (developer) message put before the input.
    pub instructions: Option<String>,
    /// The conversation the input belongs to: an id, or `{"id": ...}`.
    pub conversation: Option<Value>,
    /// The response the input continues.
    pub previous_response_id: Option<String>,
    /// Tools the model may call (their definitions count).
    pub tools: Option<Vec<Value>>,
    /// `"none"`, `"auto"`, `"required"`, or a specific tool.
    pub tool_choice: Option<Value>,
    /// Whether the model may call several tools at once.
    pub parallel_tool_calls: Option<bool>,
    /// Options of reasoning models.
    pub reasoning: Option<Reasoning>,
    /// Options of the text output (a `json_schema` format counts).
    pub text: Option<Value>,
    /// `"auto"` or `"disabled"`.
    pub truncation: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(InputTokenCountRequest {
    model: opt,
    input: opt,
    instructions: opt,
    conversation: opt,
    previous_response_id: opt,
    tools: opt,
    tool_choice: opt,
    parallel_tool_calls: opt,
    reasoning: opt,
    text: opt,
    truncation: opt,
});

impl InputTokenCountRequest {
    /// A count of `input`'s tokens for `model`.
    pub fn new(model: impl Into<String>, input: impl Into<ResponseInput>) -> Self {
        InputTokenCountRequest { model: Some(model.into()), input: Some(input.into()), ..Self::default() }
    }
}

impl From<&ResponseRequest> for InputTokenCountRequest {
    /// The fields of `request` that count (`conversation` is taken from its `extra`); sampling
    /// and storage options are left out, as the endpoint takes none.
    fn from(request: &ResponseRequest) -> Self {
        InputTokenCountRequest {
            model: Some(request.model.clone()),
            input: request.input.clone(),
            instructions: request.instructions.clone(),
            conversation: request.extra.get("conversation").cloned(),
            previous_response_id: request.previous_response_id.clone(),
            tools: request.tools.clone(),
            tool_choice: request.tool_choice.clone(),
            parallel_tool_calls: request.parallel_tool_calls,
            reasoning: request.reasoning.clone(),
            text: request.text.clone(),
            truncation: request.truncation.clone(),
            extra: Extra::new(),
        }
    }
}
