//! The events of a streamed transcription ([`TranscriptionStreamEvent`]).

use crate::types::Extra;

use super::transcription::{TranscriptLogprob, TranscriptionUsage};
use crate::types::object::json_object;
use crate::types::tagged::tagged_enum;

tagged_enum! {
    /// One server-sent event of `audio.transcriptions.create_stream` (GPT-4o transcription
    /// models; `whisper-1` does not stream), told apart by its `type`: pieces of the text, then
    /// the whole text with the usage; `Unknown` for any other kind (kept whole).
    pub enum TranscriptionStreamEvent("a transcription stream event") {
        /// `transcript.text.delta`: a piece of the text: see [`text_delta`](Self::text_delta).
        TextDelta(TranscriptTextDeltaEvent) = "transcript.text.delta",
        /// `transcript.text.done`: the whole text, with the usage.
        TextDone(TranscriptTextDoneEvent) = "transcript.text.done",
        /// `transcript.text.segment`: a segment of a diarized transcript, with its speaker.
        TextSegment(TranscriptTextSegmentEvent) = "transcript.text.segment",
    }
}

impl TranscriptionStreamEvent {
    /// The text a `transcript.text.delta` event adds; `None` for any other event.
    pub fn text_delta(&self) -> Option<&str> {
        match self {
            TranscriptionStreamEvent::TextDelta(event) => Some(&event.delta),
            _ => None,
        }
    }

    /// The whole text of a `transcript.text.done` event; `None` for any other event.
    pub fn text(&self) -> Option<&str> {
        match self {
            TranscriptionStreamEvent::TextDone(event) => Some(&event.text),
            _ => None,
        }
    }
}

/// A piece of the transcript (`transcript.text.delta`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TranscriptTextDeltaEvent {
    /// The text added.
    pub delta: String,
    /// Log probabilities of the piece's tokens (with `include: ["logprobs"]`).
    pub logprobs: Option<Vec<TranscriptLogprob>>,
    /// The segment the piece belongs to (diarized).
    pub segment_id: Option<String>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(TranscriptTextDeltaEvent { delta: default, logprobs: opt, segment_id: opt });

/// The transcript is complete (`transcript.text.done`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TranscriptTextDoneEvent {
    /// The whole transcript.
    pub text: String,
    /// Log probabilities of its tokens (with `include: ["logprobs"]`).
    pub logprobs: Option<Vec<TranscriptLogprob>>,
    /// The usage.
    pub usage: Option<TranscriptionUsage>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(TranscriptTextDoneEvent { text: default, logprobs: opt, usage: opt });

/// A segment of a diarized transcript (`transcript.text.segment`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TranscriptTextSegmentEvent {
    /// The segment's id.
    pub id: String,
    /// When it starts, in seconds.
    pub start: f64,
    /// When it ends, in seconds.
    pub end: f64,
    /// Who speaks.
    pub speaker: String,
    /// Its text.
    pub text: String,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(TranscriptTextSegmentEvent { id: default, start: default, end: default, speaker: default, text: default });
