//! The response object ([`Response`]) and the replies of the other Responses endpoints.

use serde_json::{Map, Number, Value};

use crate::types::Extra;

use super::items::OutputItem;
use super::request::{InputItem, Reasoning};
use crate::types::object::{json_object, string_enum};

string_enum! {
    /// The status of a [`Response`].
    pub enum ResponseStatus {
        /// `"completed"`.
        Completed = "completed",
        /// `"failed"`: see the response's `error`.
        Failed = "failed",
        /// `"in_progress"`: still being generated.
        InProgress = "in_progress",
        /// `"cancelled"`: a background response cancelled.
        Cancelled = "cancelled",
        /// `"queued"`: a background response waiting to start.
        Queued = "queued",
        /// `"incomplete"`: cut short, see `incomplete_details`.
        Incomplete = "incomplete",
    }
}

/// The answer to a [`ResponseRequest`](super::ResponseRequest) (`"object": "response"`), also
/// given by `retrieve` and `cancel`, and carried by the stream's lifecycle events.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The response's id (`resp_...`).
    pub id: String,
    /// `"response"`.
    pub object: String,
    /// When it was created, in Unix seconds (as sent: an integer from OpenAI).
    pub created_at: Number,
    /// Where it stands: completed, failed, in progress, ...
    pub status: Option<ResponseStatus>,
    /// The model that answered.
    pub model: String,
    /// What the model produced: messages, tool calls, reasoning, ...
    pub output: Vec<OutputItem>,
    /// Token counts.
    pub usage: Option<ResponseUsage>,
    /// Why it failed, when it did.
    pub error: Option<ResponseError>,
    /// Why it is incomplete, when it is.
    pub incomplete_details: Option<IncompleteDetails>,
    /// The request's instructions: text, or input items.
    pub instructions: Option<Value>,
    /// The request's `metadata`.
    pub metadata: Option<Map<String, Value>>,
    /// The request's sampling temperature.
    pub temperature: Option<f64>,
    /// The request's nucleus sampling.
    pub top_p: Option<f64>,
    /// The request's `max_output_tokens`.
    pub max_output_tokens: Option<u64>,
    /// The response this one continues.
    pub previous_response_id: Option<String>,
    /// Whether the model could call several tools at once.
    pub parallel_tool_calls: Option<bool>,
    /// The request's `tool_choice`.
    pub tool_choice: Option<Value>,
    /// The request's tools.
    pub tools: Option<Vec<Value>>,
    /// The request's reasoning options.
    pub reasoning: Option<Reasoning>,
    /// The request's text output options.
    pub text: Option<Value>,
    /// The request's `truncation`.
    pub truncation: Option<String>,
    /// Whether it ran in the background.
    pub background: Option<bool>,
    /// When it completed, in Unix seconds.
    pub completed_at: Option<Number>,
    /// The service tier it ran in.
    pub service_tier: Option<String>,
    /// The request's `user`.
    pub user: Option<String>,
    /// Fields this type does not name (`store`, `conversation`, `provider`, ...), kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(Response {
    id: default,
    object: default,
    created_at: or(Number::from(0)),
    status: opt,
    model: default,
    output: default,
    usage: opt,
    error: opt,
    incomplete_details: opt,
    instructions: opt,
    metadata: opt,
    temperature: opt,
    top_p: opt,
    max_output_tokens: opt,
    previous_response_id: opt,
    parallel_tool_calls: opt,
    tool_choice: opt,
    tools: opt,
    reasoning: opt,
    text: opt,
    truncation: opt,
    background: opt,
    completed_at: opt,
    service_tier: opt,
    user: opt,
});

impl Default for Response {
    fn default() -> Self {
        Response {
            id: String::new(),
            object: String::new(),
            created_at: Number::from(0),
            status: None,
            model: String::new(),
            output: Vec::new(),
            usage: None,
            error: None,
            incomplete_details: None,
            instructions: None,
            metadata: None,
            temperature: None,
            top_p: None,
            max_output_tokens: None,
            previous_response_id: None,
            parallel_tool_calls: None,
            tool_choice: None,
            tools: None,
            reasoning: None,
            text: None,
            truncation: None,
            background: None,
            completed_at: None,
            service_tier: None,
            user: None,
            extra: Extra::new(),
        }
    }
}

impl Response {
    /// The text of every `output_text` part of every message in `output`, one after the other
    /// (`""` when there is none), as the Python SDK's `Response.output_text`.
    pub fn output_text(&self) -> String {
        let mut text = String::new();
        for item in &self.output {
            if let OutputItem::Message(message) = item {
                message.push_text(&mut text);
            }
        }
        text
    }

    /// [`output_text`](Self::output_text) decoded as `T`: the answer to a request whose `text`
    /// asked for a `json_schema` format (`responses.parse`). `None` when there is no text (a
    /// refusal, or only tool calls), else the decoding's outcome. The counterpart of the
    /// Python SDK's `output_parsed`, with serde in place of pydantic.
    pub fn output_parsed<T: serde::de::DeserializeOwned>(&self) -> Option<Result<T, serde_json::Error>> {
        let text = self.output_text();
        (!text.is_empty()).then(|| serde_json::from_str(&text))
    }
}

/// Token counts of a [`Response`] (`usage`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResponseUsage {
    /// Tokens in the input.
    pub input_tokens: u64,
    /// Tokens generated, reasoning tokens included.
    pub output_tokens: u64,
    /// Tokens in total.
    pub total_tokens: u64,
    /// Breakdown of the input tokens (`cached_tokens`).
    pub input_tokens_details: Option<Value>,
    /// Breakdown of the output tokens (`reasoning_tokens`).
    pub output_tokens_details: Option<Value>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ResponseUsage {
    input_tokens: default,
    output_tokens: default,
    total_tokens: default,
    input_tokens_details: opt,
    output_tokens_details: opt,
});

/// Why a [`Response`] failed (`error`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResponseError {
    /// `"server_error"`, `"rate_limit_exceeded"`, `"invalid_prompt"`, ...
    pub code: Option<String>,
    /// What went wrong.
    pub message: String,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ResponseError { code: opt, message: default });

/// Why a [`Response`] is incomplete (`incomplete_details`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IncompleteDetails {
    /// `"max_output_tokens"` or `"content_filter"`.
    pub reason: Option<String>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(IncompleteDetails { reason: opt });

/// The answer to `POST /responses/input_tokens` (`"object": "response.input_tokens"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InputTokenCount {
    /// `"response.input_tokens"`.
    pub object: String,
    /// How many tokens the input would take.
    pub input_tokens: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(InputTokenCount { object: default, input_tokens: default });

/// A page of `GET /responses/{id}/input_items` (`"object": "list"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResponseItemList {
    /// `"list"`.
    pub object: String,
    /// The items of this page.
    pub data: Vec<InputItem>,
    /// The id of the page's first item.
    pub first_id: Option<String>,
    /// The id of the page's last item (the `after` of the next page).
    pub last_id: Option<String>,
    /// Whether more items follow.
    pub has_more: bool,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ResponseItemList { object: default, data: default, first_id: opt, last_id: opt, has_more: default });
