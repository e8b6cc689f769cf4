//! What the Responses types cannot declare: the answer's text (and that text decoded), the
//! text of stream events and the response lifecycle events carry, and input item constructors.

use super::{
    EasyInputMessage, EasyInputMessageContent, EasyInputMessageRole, FunctionCallOutput, FunctionCallOutputOutput,
    InputItem, OutputItem, OutputMessage, OutputMessageContent, Response, ResponseInput, ResponseStreamEvent,
};

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

impl OutputMessage {
    /// The text of the message's `output_text` parts, one after the other.
    pub fn text(&self) -> String {
        let mut text = String::new();
        self.push_text(&mut text);
        text
    }

    fn push_text(&self, text: &mut String) {
        for part in &self.content {
            if let OutputMessageContent::OutputText(part) = part {
                text.push_str(&part.text);
            }
        }
    }
}

impl OutputItem {
    /// The item, if it is a message.
    pub fn as_message(&self) -> Option<&OutputMessage> {
        match self {
            OutputItem::Message(message) => Some(message),
            _ => None,
        }
    }

    /// The item, if it is a function call.
    pub fn as_function_call(&self) -> Option<&super::FunctionToolCall> {
        match self {
            OutputItem::FunctionCall(call) => Some(call),
            _ => None,
        }
    }
}

impl ResponseStreamEvent {
    /// The text a `response.output_text.delta` event adds to the answer; `None` for any other event.
    pub fn text_delta(&self) -> Option<&str> {
        match self {
            ResponseStreamEvent::OutputTextDelta(event) => Some(&event.delta),
            _ => None,
        }
    }

    /// The response a lifecycle event carries (`response.created`, `.in_progress`, `.completed`,
    /// `.failed`, `.incomplete`, `.queued`).
    pub fn response(&self) -> Option<&Response> {
        match self {
            ResponseStreamEvent::Created(event) => Some(&event.response),
            ResponseStreamEvent::InProgress(event) => Some(&event.response),
            ResponseStreamEvent::Completed(event) => Some(&event.response),
            ResponseStreamEvent::Failed(event) => Some(&event.response),
            ResponseStreamEvent::Incomplete(event) => Some(&event.response),
            ResponseStreamEvent::Queued(event) => Some(&event.response),
            _ => None,
        }
    }
}

impl InputItem {
    /// A message of `role` with `content` (text, or input parts), written without `type`, as
    /// the SDK's easy input messages are.
    pub fn message(role: EasyInputMessageRole, content: impl Into<EasyInputMessageContent>) -> Self {
        InputItem::Message(EasyInputMessage::new(role, content))
    }

    /// A `user` message.
    pub fn user(content: impl Into<EasyInputMessageContent>) -> Self {
        Self::message(EasyInputMessageRole::User, content)
    }

    /// A `system` message.
    pub fn system(content: impl Into<EasyInputMessageContent>) -> Self {
        Self::message(EasyInputMessageRole::System, content)
    }

    /// A `developer` message: instructions, for reasoning models.
    pub fn developer(content: impl Into<EasyInputMessageContent>) -> Self {
        Self::message(EasyInputMessageRole::Developer, content)
    }

    /// An `assistant` message (an earlier answer).
    pub fn assistant(content: impl Into<EasyInputMessageContent>) -> Self {
        Self::message(EasyInputMessageRole::Assistant, content)
    }

    /// The result of the function call `call_id`, sent back.
    pub fn function_call_output(call_id: impl Into<String>, output: impl Into<FunctionCallOutputOutput>) -> Self {
        InputItem::FunctionCallOutput(FunctionCallOutput::new(output).call_id(call_id))
    }
}

impl FromIterator<InputItem> for ResponseInput {
    fn from_iter<I: IntoIterator<Item = InputItem>>(items: I) -> Self {
        ResponseInput::Items(items.into_iter().collect())
    }
}

impl From<&super::ResponseRequest> for super::InputTokenCountRequest {
    /// The token count of what `request` would send: the fields the two share (model, input,
    /// instructions, tools, ...); the others are left out.
    fn from(request: &super::ResponseRequest) -> Self {
        let value = serde_json::to_value(request).unwrap_or_default();
        let mut count: super::InputTokenCountRequest = serde_json::from_value(value).unwrap_or_default();
        count.extra.clear();
        count
    }
}
