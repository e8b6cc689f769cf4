//! The Responses API: `POST /responses` takes a [`ResponseRequest`] and answers with a
//! [`Response`], or with a stream of [`ResponseStreamEvent`]s when `stream` is set;
//! `GET /responses/{id}` and `POST /responses/{id}/cancel` give a [`Response`] too,
//! `POST /responses/input_tokens` ([`InputTokenCountRequest`]) an [`InputTokenCount`],
//! `POST /responses/compact` ([`CompactRequest`]) a [`CompactedResponse`], and
//! `GET /responses/{id}/input_items` a [`ResponseItemList`].
//!
//! The field names are those of the OpenAI Python SDK's `types/responses` (as vendored by
//! `portkey-ai`). As everywhere in [`crate::types`], unknown fields and explicit `null`s are kept:
//! JSON → type → JSON gives back the same JSON. The enums of objects told apart by `type`
//! ([`OutputItem`], [`ContentPart`], [`InputItem`], [`ResponseStreamEvent`]) and of strings
//! ([`ResponseStatus`], [`ItemStatus`]) keep what they do not know in an `Unknown` (or `Other`)
//! variant, so a new kind never breaks decoding.
//!
//! ```
//! use portkey::types::{Response, ResponseRequest, ResponseStreamEvent};
//! use serde_json::json;
//!
//! let request = ResponseRequest::new("gpt-4.1-mini", "Say hi").instructions("Be terse.").max_output_tokens(64);
//! assert_eq!(
//!     serde_json::to_value(&request)?,
//!     json!({"model": "gpt-4.1-mini", "input": "Say hi", "instructions": "Be terse.", "max_output_tokens": 64})
//! );
//!
//! let response: Response = serde_json::from_value(json!({
//!     "id": "resp_1", "object": "response", "created_at": 1741476542, "status": "completed",
//!     "model": "gpt-4.1-mini",
//!     "output": [{"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
//!                 "content": [{"type": "output_text", "text": "Hi!", "annotations": []}]}]
//! }))?;
//! assert_eq!(response.output_text(), "Hi!");
//!
//! let event: ResponseStreamEvent = serde_json::from_str(
//!     r#"{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]}"#,
//! )?;
//! assert_eq!(event.text_delta(), Some("Hi"));
//! # Ok::<(), serde_json::Error>(())
//! ```

mod compact;
mod events;
mod items;
mod request;
mod response;
#[cfg(test)]
mod tests;

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, SeqAccess};

pub use compact::{CompactRequest, CompactedResponse, InputTokenCountRequest};
pub use events::{
    AnnotationAddedEvent, ArgumentsDoneEvent, AudioDeltaEvent, AudioDoneEvent, CodeDoneEvent, ContentPartEvent,
    CustomToolCallInputDoneEvent, ErrorEvent, ItemDeltaEvent, ItemEvent, OutputItemEvent, PartialImageEvent,
    RefusalDoneEvent, ResponseEvent, ResponseStreamEvent, SummaryPartEvent, SummaryTextDeltaEvent,
    SummaryTextDoneEvent, TextDeltaEvent, TextDoneEvent,
};
pub use items::{
    Annotation, CompactionItem, ContentPart, CustomToolCall, FileSearchCall, FunctionCallOutput, FunctionToolCall,
    ImageGenerationCall, InputFile, InputImage, ItemStatus, McpCall, OutputItem, OutputMessage, OutputText,
    ReasoningItem, Refusal, TextPart, ToolCallItem, WebSearchCall,
};
pub use request::{InputContent, InputItem, InputMessage, ItemReference, Reasoning, ResponseInput, ResponseRequest};
pub use response::{
    IncompleteDetails, InputTokenCount, Response, ResponseError, ResponseItemList, ResponseStatus, ResponseUsage,
};

/// A string or a list of `T` (`input`, a message's `content`), read in one pass.
enum TextOrList<T> {
    Text(String),
    List(Vec<T>),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for TextOrList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> de::Visitor<'de> for Visitor<T> {
            type Value = TextOrList<T>;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a string or a list")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(TextOrList::Text(text.to_owned()))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
                Ok(TextOrList::Text(text))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(TextOrList::List(items))
            }
        }

        deserializer.deserialize_any(Visitor(PhantomData))
    }
}
