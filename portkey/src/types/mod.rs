//! Request and response types of the gateway API: the OpenAI-compatible bodies of
//! `/chat/completions` (and the stored completions, see [`stored`]), `/completions`,
//! `/embeddings`, `/models`, `/responses` (see [`responses`]), `/images/*` (see [`images`]),
//! `/audio/*` (see [`audio`]), `/files`, `/batches` and `/moderations`, and Portkey's
//! `/feedback`, `/prompts/{id}/render` and `/prompts/{id}/completions`.
//!
//! The field names are those of the Python SDK `portkey-ai` (and so of the OpenAI API).
//! Nothing is lost on the way through a type:
//!
//! * every struct has an `extra` ([`Extra`], a small ordered JSON object) with the fields it
//!   does not name: for responses they are
//!   kept as they came (`provider`, `content_blocks`, `service_tier`, ...), for requests they are
//!   sent at the top level of the body as given, for parameters the types do not name;
//! * an explicit `null` reads as `None` (or the field's default) and is written back as `null`,
//!   while an absent field stays absent, so JSON → type → JSON gives back the same JSON;
//! * responses are read leniently: `id`, `object`, `created`, `model`, `choices` and the like
//!   default when a provider leaves them out (or sends `null`).
//!
//! Setting a named field always wins over a same-named key in `extra`: the key is only written
//! while the field is unset (`None`, or its default value).
//!
//! ```
//! use portkey::types::{ChatCompletion, ChatCompletionRequest, ChatMessage};
//! use serde_json::json;
//!
//! let request = ChatCompletionRequest::new("gpt-4o-mini", [ChatMessage::user("Hi")]).max_tokens(64);
//! assert_eq!(
//!     serde_json::to_value(&request)?,
//!     json!({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 64})
//! );
//!
//! let body = json!({
//!     "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
//!     "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello!", "refusal": null},
//!                  "logprobs": null, "finish_reason": "stop"}],
//!     "provider": "openai"
//! });
//! let completion: ChatCompletion = serde_json::from_value(body.clone())?;
//! assert_eq!(completion.text(), Some("Hello!"));
//! assert_eq!(completion.extra["provider"], "openai");
//! assert_eq!(serde_json::to_value(&completion)?, body);
//! # Ok::<(), serde_json::Error>(())
//! ```

pub mod extra;
mod form;
mod object;
mod tagged;
#[cfg(test)]
mod test_support;

pub mod audio;
pub mod batches;
pub mod chat;
pub mod completions;
pub mod embeddings;
pub mod feedback;
pub mod files;
pub mod images;
pub mod models;
pub mod moderations;
pub mod prompts;
pub mod responses;
pub mod stored;

pub use audio::{
    AudioTokenUsage, DurationUsage, SpeechAudioDeltaEvent, SpeechAudioDoneEvent, SpeechRequest, SpeechStreamEvent,
    TranscriptLogprob, TranscriptTextDeltaEvent, TranscriptTextDoneEvent, TranscriptTextSegmentEvent, Transcription,
    TranscriptionFormat, TranscriptionReply, TranscriptionRequest, TranscriptionSegment, TranscriptionStreamEvent,
    TranscriptionUsage, TranscriptionVerbose, TranscriptionWord, TranslationRequest,
};
pub use batches::{
    Batch, BatchError, BatchErrors, BatchList, BatchOutputError, BatchOutputLine, BatchOutputResponse, BatchRequest,
    BatchRequestCounts, BatchStatus, OutputExpiresAfter,
};
pub use chat::{
    ChatAnnotation, ChatChoice, ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ChatDelta, ChatMessage,
    ChunkChoice, FunctionCall, FunctionCallDelta, FunctionDefinition, MessageContent, Role, StopSequences,
    StreamOptions, Tool, ToolCall, ToolCallDelta, UrlCitation,
};
pub use completions::{Completion, CompletionChoice, CompletionRequest};
pub use embeddings::{Embedding, EmbeddingInput, EmbeddingRequest, EmbeddingResponse, EmbeddingUsage, EmbeddingVector};
pub use feedback::{FeedbackRequest, FeedbackResponse};
pub use files::{FileDeleted, FileList, FileObject, FileStatus};
pub use images::{
    Image, ImageCompletedEvent, ImageEditRequest, ImageFiles, ImageGenerateRequest, ImagePartialImageEvent,
    ImageStreamEvent, ImageTokenDetails, ImageUsage, ImageVariationRequest, ImagesResponse,
};
pub use models::{Model, ModelDeleted, ModelList};
pub use moderations::{
    ImageUrl, Moderation, ModerationAppliedInputTypes, ModerationCategories, ModerationCategoryScores, ModerationImage,
    ModerationInput, ModerationInputPart, ModerationRequest, ModerationResponse, ModerationText,
};
pub use prompts::{PromptCompletionRequest, PromptRender, PromptRenderData, PromptRenderRequest};
pub use responses::{
    Annotation, AnnotationAddedEvent, ArgumentsDoneEvent, AudioDeltaEvent, AudioDoneEvent, CodeDoneEvent,
    CompactRequest, CompactedResponse, CompactionItem, ContentPart, ContentPartEvent, CustomToolCall,
    CustomToolCallInputDoneEvent, ErrorEvent, FileSearchCall, FunctionCallOutput, FunctionToolCall,
    ImageGenerationCall, IncompleteDetails, InputContent, InputFile, InputImage, InputItem, InputMessage,
    InputTokenCount, InputTokenCountRequest, ItemDeltaEvent, ItemEvent, ItemReference, ItemStatus, McpCall, OutputItem,
    OutputItemEvent, OutputMessage, OutputText, PartialImageEvent, Reasoning, ReasoningItem, Refusal, RefusalDoneEvent,
    Response, ResponseError, ResponseEvent, ResponseInput, ResponseItemList, ResponseRequest, ResponseStatus,
    ResponseStreamEvent, ResponseUsage, SummaryPartEvent, SummaryTextDeltaEvent, SummaryTextDoneEvent, TextDeltaEvent,
    TextDoneEvent, TextPart, ToolCallItem, WebSearchCall,
};
pub use stored::{
    ChatCompletionDeleted, ChatCompletionList, ChatCompletionStoreMessage, ChatCompletionStoreMessageList,
    ChatCompletionUpdateRequest,
};

pub use extra::Extra;
use object::json_object;

/// The model requests name when none is given: the Python SDK's default, which lets the
/// gateway config (or the provider's default) pick the model.
pub const DEFAULT_MODEL: &str = "portkey-default";

pub(crate) fn default_model() -> String {
    DEFAULT_MODEL.to_owned()
}

/// Token counts of a chat or text completion (`usage`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Usage {
    /// Tokens in the prompt.
    pub prompt_tokens: u64,
    /// Tokens in the generated completion.
    pub completion_tokens: u64,
    /// Tokens in total (prompt and completion).
    pub total_tokens: u64,
    /// Breakdown of the prompt tokens.
    pub prompt_tokens_details: Option<PromptTokensDetails>,
    /// Breakdown of the completion tokens.
    pub completion_tokens_details: Option<CompletionTokensDetails>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(Usage {
    prompt_tokens: default,
    completion_tokens: default,
    total_tokens: default,
    prompt_tokens_details: opt,
    completion_tokens_details: opt,
});

/// The prompt tokens of a [`Usage`], by kind (`prompt_tokens_details`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PromptTokensDetails {
    /// Tokens read from the provider's prompt cache.
    pub cached_tokens: Option<u64>,
    /// Audio input tokens.
    pub audio_tokens: Option<u64>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(PromptTokensDetails { cached_tokens: opt, audio_tokens: opt });

/// The completion tokens of a [`Usage`], by kind (`completion_tokens_details`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompletionTokensDetails {
    /// Tokens the model spent reasoning.
    pub reasoning_tokens: Option<u64>,
    /// Audio output tokens.
    pub audio_tokens: Option<u64>,
    /// Tokens of a predicted output that appeared in the completion.
    pub accepted_prediction_tokens: Option<u64>,
    /// Tokens of a predicted output that did not (still billed).
    pub rejected_prediction_tokens: Option<u64>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(CompletionTokensDetails {
    reasoning_tokens: opt,
    audio_tokens: opt,
    accepted_prediction_tokens: opt,
    rejected_prediction_tokens: opt,
});

/// A JSON object that keeps every field: the reply (or event) type of the endpoints that have
/// no Rust type yet.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// A page of a list reply ([`FileList`], [`BatchList`], [`ModelList`], ...): its items, which
/// the `_all` methods yield one by one across pages.
pub trait Page {
    /// The type of the page's items.
    type Item;

    /// The page's items (`data`).
    fn items(&self) -> &[Self::Item];

    /// The page's items, taken.
    fn into_items(self) -> Vec<Self::Item>;
}

macro_rules! pages {
    ($($page:ty => $item:ty),* $(,)?) => {$(
        impl Page for $page {
            type Item = $item;

            fn items(&self) -> &[$item] {
                &self.data
            }

            fn into_items(self) -> Vec<$item> {
                self.data
            }
        }
    )*};
}

pages!(
    ModelList => Model,
    ResponseItemList => InputItem,
    FileList => FileObject,
    BatchList => Batch,
    ChatCompletionList => ChatCompletion,
    ChatCompletionStoreMessageList => ChatCompletionStoreMessage,
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn usage_round_trips_with_details_and_provider_fields() {
        let value = json!({
            "prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                          "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0},
            "cache_read_input_tokens": 0
        });
        let usage: Usage = serde_json::from_value(value.clone()).unwrap();
        assert_eq!((usage.prompt_tokens, usage.completion_tokens, usage.total_tokens), (19, 10, 29));
        assert_eq!(usage.prompt_tokens_details.as_ref().unwrap().cached_tokens, Some(0));
        let completion = usage.completion_tokens_details.as_ref().unwrap();
        assert_eq!((completion.reasoning_tokens, completion.rejected_prediction_tokens), (Some(0), Some(0)));
        assert_eq!(usage.extra["cache_read_input_tokens"], 0);
        assert_eq!(serde_json::to_value(&usage).unwrap(), value);
    }

    #[test]
    fn usage_is_lenient() {
        let usage: Usage = serde_json::from_value(json!({"total_tokens": 3})).unwrap();
        assert_eq!(usage, Usage { total_tokens: 3, ..Usage::default() });
    }
}
