//! Audio: text to speech (`POST /audio/speech` takes a [`SpeechRequest`] and answers with the
//! audio's bytes, or with [`SpeechStreamEvent`]s when `stream_format` is `sse`), and speech to
//! text (`POST /audio/transcriptions` and `/audio/translations` take a multipart form built
//! from a [`TranscriptionRequest`] or a [`TranslationRequest`] with `.into()`, and answer with a
//! [`TranscriptionReply`], or [`TranscriptionStreamEvent`]s from `create_stream`).
//!
//! The field names are those of the OpenAI Python SDK (as vendored by `portkey-ai`). As
//! everywhere in [`crate::types`], unknown fields and explicit `null`s are kept, and a kind an
//! enum does not name is kept in its `Unknown` (or `Other`) variant.
//!
//! # Text replies
//!
//! With `response_format` `text`, `srt` or `vtt` a transcription's reply is plain text, not
//! JSON. The transcription and translation endpoints read their reply as JSON when its
//! `Content-Type` says JSON, and otherwise hand the text to the reply type as a JSON string:
//! [`TranscriptionReply`] keeps it as [`TranscriptionReply::Text`] (with `_byot`, your type
//! sees a string: `serde_json::Value::String`, or `String` itself).
//!
//! ```
//! use portkey::types::{SpeechRequest, TranscriptionReply, TranscriptionStreamEvent};
//! use serde_json::json;
//!
//! let request = SpeechRequest::new("gpt-4o-mini-tts", "Hello!", "coral").response_format("wav").speed(1.25);
//! assert_eq!(
//!     serde_json::to_value(&request)?,
//!     json!({"model": "gpt-4o-mini-tts", "input": "Hello!", "voice": "coral", "response_format": "wav", "speed": 1.25})
//! );
//!
//! let reply: TranscriptionReply = serde_json::from_value(json!({"text": "Hello there."}))?;
//! assert_eq!(reply.text(), "Hello there.");
//! let reply: TranscriptionReply = serde_json::from_value(json!("1\n00:00:00,000 --> 00:00:01,000\nHello there.\n"))?;
//! assert!(matches!(reply, TranscriptionReply::Text(_)));
//!
//! let event: TranscriptionStreamEvent = serde_json::from_str(r#"{"type":"transcript.text.delta","delta":"Hel"}"#)?;
//! assert_eq!(event.text_delta(), Some("Hel"));
//! # Ok::<(), serde_json::Error>(())
//! ```

mod events;
mod speech;
#[cfg(test)]
mod tests;
mod transcription;

pub use events::{
    TranscriptTextDeltaEvent, TranscriptTextDoneEvent, TranscriptTextSegmentEvent, TranscriptionStreamEvent,
};
pub use speech::{SpeechAudioDeltaEvent, SpeechAudioDoneEvent, SpeechRequest, SpeechStreamEvent};
pub use transcription::{
    AudioTokenUsage, DurationUsage, TranscriptLogprob, Transcription, TranscriptionFormat, TranscriptionReply,
    TranscriptionRequest, TranscriptionSegment, TranscriptionUsage, TranscriptionVerbose, TranscriptionWord,
    TranslationRequest,
};
