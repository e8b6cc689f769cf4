//! Text to speech: [`SpeechRequest`], and the events of a speech stream
//! ([`SpeechStreamEvent`], with `stream_format: "sse"`).

use serde_json::{Map, Value};

use crate::types::Extra;

use super::transcription::AudioTokenUsage;
use crate::Error;
use crate::types::form::decode_base64;
use crate::types::object::json_object;
use crate::types::object::setters;
use crate::types::tagged::tagged_enum;

/// The body of `POST /audio/speech` (`audio.speech.create`): the text to say, the model and
/// the voice.
///
/// The reply is the audio's bytes, read as they arrive: a
/// [`Download`](crate::Download) (or [`BlockingDownload`](crate::BlockingDownload)) to write to
/// a file or a writer. With `stream_format: "sse"` the reply is server-sent
/// [`SpeechStreamEvent`]s instead: use `client.audio().speech().create_stream(request)`.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeechRequest {
    /// The model: `tts-1`, `tts-1-hd`, `gpt-4o-mini-tts`, ...
    pub model: String,
    /// The text to say (up to 4096 characters).
    pub input: String,
    /// The voice: a name (`"alloy"`, `"coral"`, ...) or a custom voice, `{"id": "voice_1234"}`.
    pub voice: Option<Value>,
    /// How to say it: tone, accent, pace (not with `tts-1` and `tts-1-hd`).
    pub instructions: Option<String>,
    /// The audio format: `mp3` (the default), `opus`, `aac`, `flac`, `wav` or `pcm`.
    pub response_format: Option<String>,
    /// The speed, from 0.25 to 4.0 (1.0 by default).
    pub speed: Option<f64>,
    /// `audio` (the default: the bytes) or `sse` (server-sent events; not with `tts-1` and
    /// `tts-1-hd`). `create_stream` sets `sse`.
    pub stream_format: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(SpeechRequest {
    model: default,
    input: default,
    voice: opt,
    instructions: opt,
    response_format: opt,
    speed: opt,
    stream_format: opt,
});

impl Default for SpeechRequest {
    fn default() -> Self {
        SpeechRequest {
            model: String::new(),
            input: String::new(),
            voice: None,
            instructions: None,
            response_format: None,
            speed: None,
            stream_format: None,
            extra: Extra::new(),
        }
    }
}

impl SpeechRequest {
    /// A request for `model` to say `input` with the voice named `voice`.
    pub fn new(model: impl Into<String>, input: impl Into<String>, voice: impl Into<String>) -> Self {
        SpeechRequest {
            model: model.into(),
            input: input.into(),
            voice: Some(Value::String(voice.into())),
            ..Self::default()
        }
    }

    /// Sets `voice` to a custom voice: `{"id": id}`.
    pub fn voice_id(mut self, id: impl Into<String>) -> Self {
        let mut voice = Map::new();
        voice.insert("id".into(), Value::String(id.into()));
        self.voice = Some(Value::Object(voice));
        self
    }

    setters! {
        instructions: String => "how to say it.",
        response_format: String => "`mp3`, `opus`, `aac`, `flac`, `wav` or `pcm`.",
        speed = f64 => "0.25 to 4.0.",
        stream_format: String => "`audio` or `sse` (`create_stream` sets `sse`).",
    }
}

tagged_enum! {
    /// One server-sent event of a speech stream (`stream_format: "sse"`), told apart by its
    /// `type`: pieces of audio, then the end with the usage; `Unknown` for any other kind
    /// (kept whole).
    pub enum SpeechStreamEvent("a speech stream event") {
        /// `speech.audio.delta`: a piece of the audio, base64-encoded: see [`audio_bytes`](Self::audio_bytes).
        AudioDelta(SpeechAudioDeltaEvent) = "speech.audio.delta",
        /// `speech.audio.done`: the audio is complete.
        AudioDone(SpeechAudioDoneEvent) = "speech.audio.done",
    }
}

impl SpeechStreamEvent {
    /// The bytes of the piece of audio a `speech.audio.delta` event carries, decoded:
    /// `Ok(None)` for any other event; [`Error::Decode`] naming `audio` when the base64 is
    /// invalid.
    pub fn audio_bytes(&self) -> Result<Option<Vec<u8>>, Error> {
        match self {
            SpeechStreamEvent::AudioDelta(event) => event.bytes().map(Some),
            _ => Ok(None),
        }
    }
}

/// A piece of the audio (`speech.audio.delta`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpeechAudioDeltaEvent {
    /// The piece, base64-encoded.
    pub audio: String,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(SpeechAudioDeltaEvent { audio: default });

impl SpeechAudioDeltaEvent {
    /// The piece's bytes, decoded from `audio`.
    pub fn bytes(&self) -> Result<Vec<u8>, Error> {
        decode_base64("audio", &self.audio)
    }
}

/// The audio is complete (`speech.audio.done`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpeechAudioDoneEvent {
    /// The tokens used.
    pub usage: Option<AudioTokenUsage>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(SpeechAudioDoneEvent { usage: opt });
