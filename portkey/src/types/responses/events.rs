//! The events of a streamed response ([`ResponseStreamEvent`]).
//!
//! Each event's JSON object goes straight into its variant's struct: the `type` picks the
//! variant and the other fields are read in the same pass (fields before a `type` that is not
//! the first key are held as values meanwhile; see `types/tagged.rs`).

use serde_json::Value;

use crate::types::Extra;

use super::items::{Annotation, ContentPart, OutputItem};
use super::response::Response;
use crate::types::object::json_object;
use crate::types::tagged::tagged_enum;

tagged_enum! {
    /// One server-sent event of a streamed response, told apart by its `type`: every kind of the
    /// OpenAI Python SDK's `ResponseStreamEvent`, and `Unknown` for any other (kept whole).
    ///
    /// The text of the answer comes in [`OutputTextDelta`](Self::OutputTextDelta) events
    /// ([`text_delta`](Self::text_delta)); the whole response in the last event,
    /// [`Completed`](Self::Completed) (or [`Failed`](Self::Failed), [`Incomplete`](Self::Incomplete)).
    pub enum ResponseStreamEvent("a Responses stream event") {
        /// `response.output_text.delta`: a piece of a message's text: see [`text_delta`](Self::text_delta).
        OutputTextDelta(TextDeltaEvent) = "response.output_text.delta",
        /// `response.created`: the response was created (`status` `in_progress` or `queued`).
        Created(ResponseEvent) = "response.created",
        /// `response.in_progress`: the response is being generated.
        InProgress(ResponseEvent) = "response.in_progress",
        /// `response.completed`: the response is complete: the whole [`Response`], with `usage`.
        Completed(ResponseEvent) = "response.completed",
        /// `response.failed`: the response failed: see its `error`.
        Failed(ResponseEvent) = "response.failed",
        /// `response.incomplete`: the response ended incomplete: see its `incomplete_details`.
        Incomplete(ResponseEvent) = "response.incomplete",
        /// `response.queued`: the response is queued (background).
        Queued(ResponseEvent) = "response.queued",
        /// `response.output_item.added`: an output item starts.
        OutputItemAdded(OutputItemEvent) = "response.output_item.added",
        /// `response.output_item.done`: an output item is complete.
        OutputItemDone(OutputItemEvent) = "response.output_item.done",
        /// `response.content_part.added`: a content part of a message starts.
        ContentPartAdded(ContentPartEvent) = "response.content_part.added",
        /// `response.content_part.done`: a content part of a message is complete.
        ContentPartDone(ContentPartEvent) = "response.content_part.done",
        /// `response.output_text.done`: a message's text is complete.
        OutputTextDone(TextDoneEvent) = "response.output_text.done",
        /// `response.output_text.annotation.added`: a citation was added to a message's text.
        OutputTextAnnotationAdded(AnnotationAddedEvent) = "response.output_text.annotation.added",
        /// `response.refusal.delta`: a piece of a refusal.
        RefusalDelta(TextDeltaEvent) = "response.refusal.delta",
        /// `response.refusal.done`: a refusal is complete.
        RefusalDone(RefusalDoneEvent) = "response.refusal.done",
        /// `response.function_call_arguments.delta`: a piece of a function call's arguments.
        FunctionCallArgumentsDelta(ItemDeltaEvent) = "response.function_call_arguments.delta",
        /// `response.function_call_arguments.done`: a function call's arguments are complete.
        FunctionCallArgumentsDone(ArgumentsDoneEvent) = "response.function_call_arguments.done",
        /// `response.reasoning_summary_part.added`: a part of a reasoning summary starts.
        ReasoningSummaryPartAdded(SummaryPartEvent) = "response.reasoning_summary_part.added",
        /// `response.reasoning_summary_part.done`: a part of a reasoning summary is complete.
        ReasoningSummaryPartDone(SummaryPartEvent) = "response.reasoning_summary_part.done",
        /// `response.reasoning_summary_text.delta`: a piece of a reasoning summary's text.
        ReasoningSummaryTextDelta(SummaryTextDeltaEvent) = "response.reasoning_summary_text.delta",
        /// `response.reasoning_summary_text.done`: a reasoning summary's text is complete.
        ReasoningSummaryTextDone(SummaryTextDoneEvent) = "response.reasoning_summary_text.done",
        /// `response.reasoning_text.delta`: a piece of the reasoning's text.
        ReasoningTextDelta(TextDeltaEvent) = "response.reasoning_text.delta",
        /// `response.reasoning_text.done`: the reasoning's text is complete.
        ReasoningTextDone(TextDoneEvent) = "response.reasoning_text.done",
        /// `response.file_search_call.in_progress`: a file search starts.
        FileSearchCallInProgress(ItemEvent) = "response.file_search_call.in_progress",
        /// `response.file_search_call.searching`: a file search is searching.
        FileSearchCallSearching(ItemEvent) = "response.file_search_call.searching",
        /// `response.file_search_call.completed`: a file search is complete.
        FileSearchCallCompleted(ItemEvent) = "response.file_search_call.completed",
        /// `response.web_search_call.in_progress`: a web search starts.
        WebSearchCallInProgress(ItemEvent) = "response.web_search_call.in_progress",
        /// `response.web_search_call.searching`: a web search is searching.
        WebSearchCallSearching(ItemEvent) = "response.web_search_call.searching",
        /// `response.web_search_call.completed`: a web search is complete.
        WebSearchCallCompleted(ItemEvent) = "response.web_search_call.completed",
        /// `response.image_generation_call.in_progress`: an image generation starts.
        ImageGenerationCallInProgress(ItemEvent) = "response.image_generation_call.in_progress",
        /// `response.image_generation_call.generating`: an image is being generated.
        ImageGenerationCallGenerating(ItemEvent) = "response.image_generation_call.generating",
        /// `response.image_generation_call.partial_image`: a partial image, while generating.
        ImageGenerationCallPartialImage(PartialImageEvent) = "response.image_generation_call.partial_image",
        /// `response.image_generation_call.completed`: an image generation is complete.
        ImageGenerationCallCompleted(ItemEvent) = "response.image_generation_call.completed",
        /// `response.code_interpreter_call.in_progress`: a code interpreter call starts.
        CodeInterpreterCallInProgress(ItemEvent) = "response.code_interpreter_call.in_progress",
        /// `response.code_interpreter_call.interpreting`: the code interpreter runs the code.
        CodeInterpreterCallInterpreting(ItemEvent) = "response.code_interpreter_call.interpreting",
        /// `response.code_interpreter_call.completed`: a code interpreter call is complete.
        CodeInterpreterCallCompleted(ItemEvent) = "response.code_interpreter_call.completed",
        /// `response.code_interpreter_call_code.delta`: a piece of the code for the code interpreter.
        CodeInterpreterCallCodeDelta(ItemDeltaEvent) = "response.code_interpreter_call_code.delta",
        /// `response.code_interpreter_call_code.done`: the code for the code interpreter is complete.
        CodeInterpreterCallCodeDone(CodeDoneEvent) = "response.code_interpreter_call_code.done",
        /// `response.mcp_call_arguments.delta`: a piece of an MCP tool call's arguments.
        McpCallArgumentsDelta(ItemDeltaEvent) = "response.mcp_call_arguments.delta",
        /// `response.mcp_call_arguments.done`: an MCP tool call's arguments are complete.
        McpCallArgumentsDone(ArgumentsDoneEvent) = "response.mcp_call_arguments.done",
        /// `response.mcp_call.in_progress`: an MCP tool call starts.
        McpCallInProgress(ItemEvent) = "response.mcp_call.in_progress",
        /// `response.mcp_call.completed`: an MCP tool call is complete.
        McpCallCompleted(ItemEvent) = "response.mcp_call.completed",
        /// `response.mcp_call.failed`: an MCP tool call failed.
        McpCallFailed(ItemEvent) = "response.mcp_call.failed",
        /// `response.mcp_list_tools.in_progress`: listing an MCP server's tools starts.
        McpListToolsInProgress(ItemEvent) = "response.mcp_list_tools.in_progress",
        /// `response.mcp_list_tools.completed`: listing an MCP server's tools is complete.
        McpListToolsCompleted(ItemEvent) = "response.mcp_list_tools.completed",
        /// `response.mcp_list_tools.failed`: listing an MCP server's tools failed.
        McpListToolsFailed(ItemEvent) = "response.mcp_list_tools.failed",
        /// `response.custom_tool_call_input.delta`: a piece of a custom tool call's input.
        CustomToolCallInputDelta(ItemDeltaEvent) = "response.custom_tool_call_input.delta",
        /// `response.custom_tool_call_input.done`: a custom tool call's input is complete.
        CustomToolCallInputDone(CustomToolCallInputDoneEvent) = "response.custom_tool_call_input.done",
        /// `response.audio.delta`: a piece of audio (base64).
        AudioDelta(AudioDeltaEvent) = "response.audio.delta",
        /// `response.audio.done`: the audio is complete.
        AudioDone(AudioDoneEvent) = "response.audio.done",
        /// `response.audio.transcript.delta`: a piece of the audio's transcript.
        AudioTranscriptDelta(AudioDeltaEvent) = "response.audio.transcript.delta",
        /// `response.audio.transcript.done`: the audio's transcript is complete.
        AudioTranscriptDone(AudioDoneEvent) = "response.audio.transcript.done",
        /// `error`: an error (the client usually reports an `event: error` as [`Error::Stream`](crate::Error::Stream) instead).
        Error(ErrorEvent) = "error",
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
            ResponseStreamEvent::Created(event)
            | ResponseStreamEvent::InProgress(event)
            | ResponseStreamEvent::Completed(event)
            | ResponseStreamEvent::Failed(event)
            | ResponseStreamEvent::Incomplete(event)
            | ResponseStreamEvent::Queued(event) => Some(&event.response),
            _ => None,
        }
    }
}

/// A lifecycle event of the response (`response.created`, `response.completed`, ...), carrying
/// the response as it stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResponseEvent {
    /// The response, as it stands (complete in `response.completed`).
    pub response: Response,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ResponseEvent { response: default, sequence_number: default });

/// An output item starts (`response.output_item.added`) or is complete (`.done`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutputItemEvent {
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The item (complete in `.done`).
    pub item: OutputItem,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(OutputItemEvent { output_index: default, item: default, sequence_number: default });

/// A content part starts (`response.content_part.added`) or is complete (`.done`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContentPartEvent {
    /// The id of the output item.
    pub item_id: String,
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The index of the content part in the item's content.
    pub content_index: u32,
    /// The part (complete in `.done`).
    pub part: ContentPart,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ContentPartEvent {
    item_id: default,
    output_index: default,
    content_index: default,
    part: default,
    sequence_number: default,
});

/// A piece of text: of a message (`response.output_text.delta`), of a refusal
/// (`response.refusal.delta`) or of the reasoning (`response.reasoning_text.delta`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextDeltaEvent {
    /// The id of the output item.
    pub item_id: String,
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The index of the content part in the item's content.
    pub content_index: u32,
    /// The text added.
    pub delta: String,
    /// Log probabilities of the piece's tokens, when asked for.
    pub logprobs: Option<Vec<Value>>,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Random characters OpenAI pads delta events with, so that their sizes do not give the
    /// text away (`stream_options.include_obfuscation: false` leaves them out).
    pub obfuscation: Option<String>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(TextDeltaEvent {
    item_id: default,
    output_index: default,
    content_index: default,
    delta: default,
    logprobs: opt,
    sequence_number: default,
    obfuscation: opt,
});

/// A text is complete: a message's (`response.output_text.done`) or the reasoning's
/// (`response.reasoning_text.done`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextDoneEvent {
    /// The id of the output item.
    pub item_id: String,
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The index of the content part in the item's content.
    pub content_index: u32,
    /// The whole text.
    pub text: String,
    /// Log probabilities of the tokens, when asked for.
    pub logprobs: Option<Vec<Value>>,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(TextDoneEvent {
    item_id: default,
    output_index: default,
    content_index: default,
    text: default,
    logprobs: opt,
    sequence_number: default,
});

/// A refusal is complete (`response.refusal.done`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RefusalDoneEvent {
    /// The id of the output item.
    pub item_id: String,
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The index of the content part in the item's content.
    pub content_index: u32,
    /// The whole refusal.
    pub refusal: String,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(RefusalDoneEvent {
    item_id: default,
    output_index: default,
    content_index: default,
    refusal: default,
    sequence_number: default,
});

/// A citation was added to a message's text (`response.output_text.annotation.added`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AnnotationAddedEvent {
    /// The id of the output item.
    pub item_id: String,
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The index of the content part in the item's content.
    pub content_index: u32,
    /// The index of the annotation in the part's `annotations`.
    pub annotation_index: u32,
    /// The citation.
    pub annotation: Annotation,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(AnnotationAddedEvent {
    item_id: default,
    output_index: default,
    content_index: default,
    annotation_index: default,
    annotation: default,
    sequence_number: default,
});

/// A piece of a tool call's input: function call arguments
/// (`response.function_call_arguments.delta`), MCP call arguments, custom tool input, code for the
/// code interpreter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemDeltaEvent {
    /// The id of the output item.
    pub item_id: String,
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The text added.
    pub delta: String,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Random characters OpenAI pads delta events with, so that their sizes do not give the
    /// text away (`stream_options.include_obfuscation: false` leaves them out).
    pub obfuscation: Option<String>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ItemDeltaEvent {
    item_id: default,
    output_index: default,
    delta: default,
    sequence_number: default,
    obfuscation: opt
});

/// A call's arguments are complete: a function call's
/// (`response.function_call_arguments.done`, with its `name`) or an MCP call's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArgumentsDoneEvent {
    /// The id of the output item.
    pub item_id: String,
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The function's name.
    pub name: Option<String>,
    /// The whole arguments, as a JSON string.
    pub arguments: String,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ArgumentsDoneEvent {
    item_id: default,
    output_index: default,
    name: opt,
    arguments: default,
    sequence_number: default,
});

/// A custom tool call's input is complete (`response.custom_tool_call_input.done`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CustomToolCallInputDoneEvent {
    /// The id of the output item.
    pub item_id: String,
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The whole input.
    pub input: String,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(CustomToolCallInputDoneEvent {
    item_id: default,
    output_index: default,
    input: default,
    sequence_number: default,
});

/// The code for the code interpreter is complete (`response.code_interpreter_call_code.done`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CodeDoneEvent {
    /// The id of the output item.
    pub item_id: String,
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The whole code.
    pub code: String,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(CodeDoneEvent { item_id: default, output_index: default, code: default, sequence_number: default });

/// A built-in tool call's progress (`response.web_search_call.searching`,
/// `response.mcp_call.completed`, ...): which item, nothing more.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemEvent {
    /// The id of the output item.
    pub item_id: String,
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ItemEvent { item_id: default, output_index: default, sequence_number: default });

/// A partial image, while generating (`response.image_generation_call.partial_image`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PartialImageEvent {
    /// The id of the output item.
    pub item_id: String,
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The partial image, base64-encoded.
    pub partial_image_b64: String,
    /// Which partial image this is (from 0).
    pub partial_image_index: u32,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(PartialImageEvent {
    item_id: default,
    output_index: default,
    partial_image_b64: default,
    partial_image_index: default,
    sequence_number: default,
});

/// A part of a reasoning summary starts (`response.reasoning_summary_part.added`) or is
/// complete (`.done`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SummaryPartEvent {
    /// The id of the output item.
    pub item_id: String,
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The index of the summary part in the reasoning item's `summary`.
    pub summary_index: u32,
    /// The part (a [`ContentPart::SummaryText`]).
    pub part: ContentPart,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(SummaryPartEvent {
    item_id: default,
    output_index: default,
    summary_index: default,
    part: default,
    sequence_number: default,
});

/// A piece of a reasoning summary's text (`response.reasoning_summary_text.delta`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SummaryTextDeltaEvent {
    /// The id of the output item.
    pub item_id: String,
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The index of the summary part in the reasoning item's `summary`.
    pub summary_index: u32,
    /// The text added.
    pub delta: String,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Random characters OpenAI pads delta events with, so that their sizes do not give the
    /// text away (`stream_options.include_obfuscation: false` leaves them out).
    pub obfuscation: Option<String>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(SummaryTextDeltaEvent {
    item_id: default,
    output_index: default,
    summary_index: default,
    delta: default,
    sequence_number: default,
    obfuscation: opt,
});

/// A reasoning summary's text is complete (`response.reasoning_summary_text.done`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SummaryTextDoneEvent {
    /// The id of the output item.
    pub item_id: String,
    /// The index of the output item in the response's `output`.
    pub output_index: u32,
    /// The index of the summary part in the reasoning item's `summary`.
    pub summary_index: u32,
    /// The whole text.
    pub text: String,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(SummaryTextDoneEvent {
    item_id: default,
    output_index: default,
    summary_index: default,
    text: default,
    sequence_number: default,
});

/// A piece of audio (`response.audio.delta`, base64) or of its transcript
/// (`response.audio.transcript.delta`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AudioDeltaEvent {
    /// The piece.
    pub delta: String,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(AudioDeltaEvent { delta: default, sequence_number: default });

/// The audio (`response.audio.done`) or its transcript (`response.audio.transcript.done`) is
/// complete.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AudioDoneEvent {
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(AudioDoneEvent { sequence_number: default });

/// An error in the stream (`"type": "error"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ErrorEvent {
    /// The error's code.
    pub code: Option<String>,
    /// What went wrong.
    pub message: String,
    /// The parameter it is about.
    pub param: Option<String>,
    /// The event's number in the stream.
    pub sequence_number: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ErrorEvent { code: opt, message: default, param: opt, sequence_number: default });
