//! The items of a response's `output` ([`OutputItem`]) and the content parts of messages
//! ([`ContentPart`]).

use serde_json::Value;

use crate::types::Extra;

use crate::types::Role;
use crate::types::object::{json_object, string_enum};
use crate::types::tagged::tagged_enum;

string_enum! {
    /// The status of an item: a message, a tool call, a reasoning item.
    pub enum ItemStatus {
        /// `"in_progress"`: still being generated.
        InProgress = "in_progress",
        /// `"completed"`.
        Completed = "completed",
        /// `"incomplete"`: cut short (the response ran out of tokens, say).
        Incomplete = "incomplete",
        /// `"searching"`: a web or file search running.
        Searching = "searching",
        /// `"generating"`: an image being generated.
        Generating = "generating",
        /// `"interpreting"`: code being run.
        Interpreting = "interpreting",
        /// `"calling"`: an MCP tool being called.
        Calling = "calling",
        /// `"failed"`.
        Failed = "failed",
    }
}

tagged_enum! {
    /// One item of a response's `output`, told apart by its `type`.
    pub enum OutputItem("a Responses output item") {
        /// `"message"`: text (or a refusal) from the model.
        Message(OutputMessage) = "message",
        /// `"function_call"`: the model calls one of your functions.
        FunctionCall(FunctionToolCall) = "function_call",
        /// `"function_call_output"`: the result of a function call.
        FunctionCallOutput(FunctionCallOutput) = "function_call_output",
        /// `"reasoning"`: the model's reasoning (a summary, or encrypted content).
        Reasoning(ReasoningItem) = "reasoning",
        /// `"web_search_call"`: the built-in web search.
        WebSearchCall(WebSearchCall) = "web_search_call",
        /// `"file_search_call"`: the built-in file search.
        FileSearchCall(FileSearchCall) = "file_search_call",
        /// `"image_generation_call"`: the built-in image generation.
        ImageGenerationCall(ImageGenerationCall) = "image_generation_call",
        /// `"code_interpreter_call"`: the built-in code interpreter (`code`, `outputs`... in `extra`).
        CodeInterpreterCall(ToolCallItem) = "code_interpreter_call",
        /// `"computer_call"`: the computer-use tool (`call_id`, `action`... in `extra`).
        ComputerCall(ToolCallItem) = "computer_call",
        /// `"mcp_call"`: a call to a tool of a remote MCP server.
        McpCall(McpCall) = "mcp_call",
        /// `"mcp_list_tools"`: the tools of an MCP server (`server_label`, `tools` in `extra`).
        McpListTools(ToolCallItem) = "mcp_list_tools",
        /// `"custom_tool_call"`: the model calls one of your custom (free-form) tools.
        CustomToolCall(CustomToolCall) = "custom_tool_call",
        /// `"compaction"`: a conversation compacted by `responses.compact`, to pass as input.
        Compaction(CompactionItem) = "compaction",
    }
}

impl OutputItem {
    /// The message, if this item is one.
    pub fn as_message(&self) -> Option<&OutputMessage> {
        match self {
            OutputItem::Message(message) => Some(message),
            _ => None,
        }
    }

    /// The function call, if this item is one.
    pub fn as_function_call(&self) -> Option<&FunctionToolCall> {
        match self {
            OutputItem::FunctionCall(call) => Some(call),
            _ => None,
        }
    }
}

/// A message from the model (`"type": "message"` in `output`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutputMessage {
    /// The message's id.
    pub id: String,
    /// `"assistant"`.
    pub role: Role,
    /// Whether it is complete.
    pub status: Option<ItemStatus>,
    /// Its parts: [`ContentPart::OutputText`]s and [`ContentPart::Refusal`]s.
    pub content: Vec<ContentPart>,
    /// Fields this type does not name (`phase`, ...), kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(OutputMessage { id: default, role: default, status: opt, content: default });

impl OutputMessage {
    /// The text of every `output_text` part, one after the other (refusals left out).
    pub fn text(&self) -> String {
        let mut text = String::new();
        self.push_text(&mut text);
        text
    }

    pub(crate) fn push_text(&self, out: &mut String) {
        for part in &self.content {
            if let ContentPart::OutputText(part) = part {
                out.push_str(&part.text);
            }
        }
    }

    /// The refusal, if the model refused (the first `refusal` part).
    pub fn refusal(&self) -> Option<&str> {
        self.content.iter().find_map(|part| match part {
            ContentPart::Refusal(refusal) => Some(refusal.refusal.as_str()),
            _ => None,
        })
    }
}

/// The model calls one of your functions (`"type": "function_call"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunctionToolCall {
    /// The item's id.
    pub id: Option<String>,
    /// The call's id, which the [`FunctionCallOutput`] answering it repeats.
    pub call_id: String,
    /// The function's name.
    pub name: String,
    /// The arguments, as a JSON string (which the model may have got wrong).
    pub arguments: String,
    /// Whether the call is complete.
    pub status: Option<ItemStatus>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(FunctionToolCall { id: opt, call_id: default, name: default, arguments: default, status: opt });

/// The result of a function call (`"type": "function_call_output"`), sent back as an input item.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunctionCallOutput {
    /// The item's id.
    pub id: Option<String>,
    /// The call this answers.
    pub call_id: String,
    /// The result: a string, or a list of content parts.
    pub output: Value,
    /// Whether the item is complete.
    pub status: Option<ItemStatus>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(FunctionCallOutput { id: opt, call_id: default, output: default, status: opt });

impl FunctionCallOutput {
    /// The text `output` of the call `call_id`.
    pub fn new(call_id: impl Into<String>, output: impl Into<String>) -> Self {
        FunctionCallOutput { call_id: call_id.into(), output: Value::String(output.into()), ..Self::default() }
    }
}

/// The model's reasoning (`"type": "reasoning"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReasoningItem {
    /// The item's id.
    pub id: String,
    /// A summary of the reasoning: [`ContentPart::SummaryText`]s.
    pub summary: Vec<ContentPart>,
    /// The reasoning itself, when the provider shows it: [`ContentPart::ReasoningText`]s.
    pub content: Option<Vec<ContentPart>>,
    /// The reasoning, encrypted, to pass back in the next request (with
    /// `include: ["reasoning.encrypted_content"]`).
    pub encrypted_content: Option<String>,
    /// Whether the item is complete.
    pub status: Option<ItemStatus>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ReasoningItem { id: default, summary: default, content: opt, encrypted_content: opt, status: opt });

/// A built-in web search (`"type": "web_search_call"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WebSearchCall {
    /// The item's id.
    pub id: String,
    /// Whether the search is done.
    pub status: Option<ItemStatus>,
    /// What was done: `{"type": "search", "query": ...}`, `{"type": "open_page", "url": ...}`, ...
    pub action: Option<Value>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(WebSearchCall { id: default, status: opt, action: opt });

/// A built-in file search (`"type": "file_search_call"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileSearchCall {
    /// The item's id.
    pub id: String,
    /// Whether the search is done.
    pub status: Option<ItemStatus>,
    /// The queries searched for.
    pub queries: Vec<String>,
    /// What was found (`file_id`, `filename`, `score`, `text`, ...), with
    /// `include: ["file_search_call.results"]`.
    pub results: Option<Vec<Value>>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(FileSearchCall { id: default, status: opt, queries: default, results: opt });

/// A built-in image generation (`"type": "image_generation_call"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImageGenerationCall {
    /// The item's id.
    pub id: String,
    /// Whether the image is done.
    pub status: Option<ItemStatus>,
    /// The image, base64-encoded.
    pub result: Option<String>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ImageGenerationCall { id: default, status: opt, result: opt });

/// A built-in tool's call with no fields typed beyond its id and status (code interpreter,
/// computer use, MCP tool listing): the rest is in `extra`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ToolCallItem {
    /// The item's id.
    pub id: String,
    /// Whether the call is done.
    pub status: Option<ItemStatus>,
    /// Every other field, kept as it came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ToolCallItem { id: default, status: opt });

/// A call to a tool of a remote MCP server (`"type": "mcp_call"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct McpCall {
    /// The item's id.
    pub id: String,
    /// The label of the MCP server.
    pub server_label: String,
    /// The tool's name.
    pub name: String,
    /// The arguments, as a JSON string.
    pub arguments: String,
    /// The tool's output.
    pub output: Option<String>,
    /// The error of the call, if it failed.
    pub error: Option<String>,
    /// Whether the call is done.
    pub status: Option<ItemStatus>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(McpCall {
    id: default,
    server_label: default,
    name: default,
    arguments: default,
    output: opt,
    error: opt,
    status: opt,
});

/// The model calls one of your custom (free-form input) tools (`"type": "custom_tool_call"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CustomToolCall {
    /// The item's id.
    pub id: Option<String>,
    /// The call's id.
    pub call_id: String,
    /// The tool's name.
    pub name: String,
    /// The input the model wrote for the tool.
    pub input: String,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(CustomToolCall { id: opt, call_id: default, name: default, input: default });

/// A conversation compacted by `POST /responses/compact` (an [`OutputItem::Compaction`]): pass it
/// back as input to continue the conversation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompactionItem {
    /// The item's id.
    pub id: String,
    /// The compacted conversation, encrypted.
    pub encrypted_content: String,
    /// Who made the item.
    pub created_by: Option<String>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(CompactionItem { id: default, encrypted_content: default, created_by: opt });

tagged_enum! {
    /// A part of a message's content (input or output), or of a reasoning item, told apart by
    /// its `type`.
    pub enum ContentPart("a content part") {
        /// `"input_text"`: text you send.
        InputText(TextPart) = "input_text",
        /// `"input_image"`: an image you send.
        InputImage(InputImage) = "input_image",
        /// `"input_file"`: a file you send.
        InputFile(InputFile) = "input_file",
        /// `"output_text"`: text from the model.
        OutputText(OutputText) = "output_text",
        /// `"refusal"`: the model's refusal.
        Refusal(Refusal) = "refusal",
        /// `"reasoning_text"`: reasoning, in a reasoning item's `content`.
        ReasoningText(TextPart) = "reasoning_text",
        /// `"summary_text"`: a summary of the reasoning, in a reasoning item's `summary`.
        SummaryText(TextPart) = "summary_text",
    }
}

impl ContentPart {
    /// An `input_text` part.
    pub fn input_text(text: impl Into<String>) -> Self {
        ContentPart::InputText(TextPart { text: text.into(), extra: Extra::new() })
    }

    /// An `input_image` part for the image at `image_url` (a URL or a `data:` URL).
    pub fn input_image(image_url: impl Into<String>) -> Self {
        ContentPart::InputImage(InputImage { image_url: Some(image_url.into()), ..InputImage::default() })
    }

    /// The text of a text part (`input_text`, `output_text`, `reasoning_text`, `summary_text`).
    pub fn text(&self) -> Option<&str> {
        match self {
            ContentPart::InputText(part) | ContentPart::ReasoningText(part) | ContentPart::SummaryText(part) => {
                Some(&part.text)
            }
            ContentPart::OutputText(part) => Some(&part.text),
            _ => None,
        }
    }
}

/// A text part with nothing but its text (`input_text`, `reasoning_text`, `summary_text`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextPart {
    /// The text.
    pub text: String,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(TextPart { text: default });

/// An image you send (`input_image`): by URL or by uploaded file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InputImage {
    /// A URL, or a `data:` URL with the image base64-encoded.
    pub image_url: Option<String>,
    /// The id of an uploaded file.
    pub file_id: Option<String>,
    /// `"low"`, `"high"` or `"auto"`.
    pub detail: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(InputImage { image_url: opt, file_id: opt, detail: opt });

/// A file you send (`input_file`): by id, URL or content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InputFile {
    /// The id of an uploaded file.
    pub file_id: Option<String>,
    /// The file's URL.
    pub file_url: Option<String>,
    /// The file's content, base64-encoded.
    pub file_data: Option<String>,
    /// The file's name.
    pub filename: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(InputFile { file_id: opt, file_url: opt, file_data: opt, filename: opt });

/// Text from the model (`output_text`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutputText {
    /// The text.
    pub text: String,
    /// Citations of the text's sources.
    pub annotations: Vec<Annotation>,
    /// Log probabilities of the tokens, with `include: ["message.output_text.logprobs"]`.
    pub logprobs: Option<Vec<Value>>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(OutputText { text: default, annotations: default, logprobs: opt });

/// The model's refusal (`refusal`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Refusal {
    /// Why it refused.
    pub refusal: String,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(Refusal { refusal: default });

/// A citation in an [`OutputText`]: `url_citation` (`url`, `title`, `start_index`,
/// `end_index`), `file_citation` (`file_id`, `filename`, `index`), `container_file_citation`,
/// `file_path`, or any other kind (its fields in `extra`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Annotation {
    /// The kind: `"url_citation"`, `"file_citation"`, ...
    pub r#type: String,
    /// The cited page's URL.
    pub url: Option<String>,
    /// The cited page's title.
    pub title: Option<String>,
    /// Where the citation starts in the text (characters).
    pub start_index: Option<u64>,
    /// Where the citation ends in the text (characters).
    pub end_index: Option<u64>,
    /// The cited file's id.
    pub file_id: Option<String>,
    /// The cited file's name.
    pub filename: Option<String>,
    /// Where in the text the file is cited.
    pub index: Option<u64>,
    /// The container of a cited container file.
    pub container_id: Option<String>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(Annotation {
    r#type as "type": default,
    url: opt,
    title: opt,
    start_index: opt,
    end_index: opt,
    file_id: opt,
    filename: opt,
    index: opt,
    container_id: opt,
});
