//! What the audio types cannot declare: the reply of a transcription or translation, which is
//! JSON of one of two kinds or text; the text of stream events; speech audio bytes.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess};
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::{
    JsonObject, SpeechAudioDeltaEvent, SpeechStreamEvent, Transcription, TranscriptionStreamEvent,
    TranscriptionVerbose, decode_base64,
};
use crate::Error;

/// The reply of `audio.transcriptions.create` and `audio.translations.create`: a
/// [`Transcription`] (`json`), a [`TranscriptionVerbose`] (`verbose_json`, and the diarized
/// kind), or the text itself (`text`, `srt`, `vtt`).
///
/// Through the gateway a text reply comes back as `{"html-message": "<text>"}`; that exact
/// shape (the key alone) reads as [`Text`](TranscriptionReply::Text) too.
#[derive(Debug, Clone, PartialEq)]
pub enum TranscriptionReply {
    /// `json`: the text (and with some models its log probabilities and usage).
    Json(Transcription),
    /// `verbose_json` (or `diarized_json`): language, duration, segments, words.
    Verbose(TranscriptionVerbose),
    /// `text`, `srt` or `vtt`: the reply as it came.
    Text(String),
}

/// The key the gateway wraps a text reply in.
const GATEWAY_TEXT: &str = "html-message";

/// The keys only the verbose kinds have.
const VERBOSE: &[&str] = &["language", "duration", "segments", "words"];

impl TranscriptionReply {
    /// The transcribed (or translated) text, whatever the kind.
    pub fn text(&self) -> &str {
        match self {
            TranscriptionReply::Json(reply) => &reply.text,
            TranscriptionReply::Verbose(reply) => &reply.text,
            TranscriptionReply::Text(text) => text,
        }
    }

    /// The verbose reply, if it is one.
    pub fn verbose(&self) -> Option<&TranscriptionVerbose> {
        match self {
            TranscriptionReply::Verbose(reply) => Some(reply),
            _ => None,
        }
    }

    fn from_object(object: JsonObject) -> Result<Self, serde_json::Error> {
        if object.len() == 1
            && let Some(Value::String(text)) = object.get(GATEWAY_TEXT)
        {
            return Ok(TranscriptionReply::Text(text.clone()));
        }
        let value = Value::Object(object);
        if VERBOSE.iter().any(|key| value.get(key).is_some()) {
            TranscriptionVerbose::deserialize(value).map(TranscriptionReply::Verbose)
        } else {
            Transcription::deserialize(value).map(TranscriptionReply::Json)
        }
    }
}

impl Default for TranscriptionReply {
    fn default() -> Self {
        TranscriptionReply::Json(Transcription::default())
    }
}

impl Serialize for TranscriptionReply {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            TranscriptionReply::Json(reply) => reply.serialize(serializer),
            TranscriptionReply::Verbose(reply) => reply.serialize(serializer),
            TranscriptionReply::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for TranscriptionReply {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ReplyVisitor;

        impl<'de> de::Visitor<'de> for ReplyVisitor {
            type Value = TranscriptionReply;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a transcription (an object, or text)")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<TranscriptionReply, E> {
                Ok(TranscriptionReply::Text(text.to_owned()))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<TranscriptionReply, E> {
                Ok(TranscriptionReply::Text(text))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TranscriptionReply, A::Error> {
                // Which kind it is shows in its keys: read the object whole, then as that kind
                // (a reply is small).
                let object = JsonObject::deserialize(de::value::MapAccessDeserializer::new(map))?;
                TranscriptionReply::from_object(object).map_err(de::Error::custom)
            }
        }

        deserializer.deserialize_any(ReplyVisitor)
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

    /// The whole text, in the `transcript.text.done` event; `None` for any other event.
    pub fn text(&self) -> Option<&str> {
        match self {
            TranscriptionStreamEvent::TextDone(event) => Some(&event.text),
            _ => None,
        }
    }
}

impl SpeechAudioDeltaEvent {
    /// The audio chunk's bytes, decoded from base64.
    pub fn bytes(&self) -> Result<Vec<u8>, Error> {
        decode_base64("audio", &self.audio)
    }
}

impl SpeechStreamEvent {
    /// The bytes of the audio a `speech.audio.delta` event carries; `None` for other events.
    pub fn audio_bytes(&self) -> Result<Option<Vec<u8>>, Error> {
        match self {
            SpeechStreamEvent::AudioDelta(event) => event.bytes().map(Some),
            _ => Ok(None),
        }
    }
}
