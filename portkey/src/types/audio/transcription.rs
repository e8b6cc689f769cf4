//! Speech to text: the forms of `POST /audio/transcriptions` ([`TranscriptionRequest`]) and
//! `POST /audio/translations` ([`TranslationRequest`]), and their replies
//! ([`TranscriptionReply`]: [`Transcription`], [`TranscriptionVerbose`] or text).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess};
use serde::{Serialize, Serializer};
use serde_json::{Number, Value};

use crate::types::Extra;

use crate::types::form;
use crate::types::object::setters;
use crate::types::object::{JsonFields, json_object, string_enum};
use crate::types::tagged::tagged_enum;
use crate::{FilePart, Multipart};

string_enum! {
    /// The `response_format` of a transcription or translation: which reply it gives.
    pub enum TranscriptionFormat {
        /// `json`: a [`Transcription`] (the default).
        Json = "json",
        /// `verbose_json`: a [`TranscriptionVerbose`], with language, duration, segments and
        /// (with `timestamp_granularities`) words (`whisper-1`).
        VerboseJson = "verbose_json",
        /// `text`: the text alone, as plain text.
        Text = "text",
        /// `srt`: SubRip subtitles, as plain text (`whisper-1`).
        Srt = "srt",
        /// `vtt`: WebVTT subtitles, as plain text (`whisper-1`).
        Vtt = "vtt",
        /// `diarized_json`: segments by speaker (`gpt-4o-transcribe-diarize`), read as a
        /// [`TranscriptionVerbose`].
        DiarizedJson = "diarized_json",
    }
}

/// The form of `POST /audio/transcriptions` (`audio.transcriptions.create`): the audio file,
/// the model and options. Turn it into the [`Multipart`] form the endpoint takes with
/// `.into()`.
///
/// The fields are sent as the SDK sends them: text fields first, in the SDK's order (`model`,
/// `chunking_strategy`, `include[]`, `known_speaker_names[]`, `known_speaker_references[]`,
/// `language`, `prompt`, `response_format`, `temperature`, `timestamp_granularities[]`, then
/// `extra`), then the file `file`. Lists are one `name[]` field per item and objects
/// `name[key]` fields, as the SDK flattens them. `stream` is set by the client's
/// `create_stream`. A file given by path has its duration measured and sent in
/// `x-portkey-audio-file-duration`, as the SDK does.
///
/// ```
/// use portkey::{FilePart, Multipart};
/// use portkey::types::{TranscriptionFormat, TranscriptionRequest};
///
/// let request = TranscriptionRequest::new(FilePart::path("speech.wav"), "whisper-1")
///     .language("en")
///     .response_format(TranscriptionFormat::VerboseJson)
///     .timestamp_granularity("word");
/// let form: Multipart = request.into();
/// let names: Vec<&str> = form.part_names().map(|(name, _)| name).collect();
/// assert_eq!(names, ["model", "language", "response_format", "timestamp_granularities[]", "file"]);
/// ```
#[derive(Debug)]
pub struct TranscriptionRequest {
    /// The audio: flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav or webm.
    pub file: FilePart,
    /// The model: `whisper-1`, `gpt-4o-transcribe`, `gpt-4o-mini-transcribe`, ...
    pub model: String,
    /// How the audio is cut into chunks: `"auto"` or `{"type": "server_vad", ...}`.
    pub chunking_strategy: Option<Value>,
    /// More to include: `"logprobs"` (with `json` and the GPT-4o models).
    pub include: Option<Vec<String>>,
    /// Names of known speakers (diarization).
    pub known_speaker_names: Option<Vec<String>>,
    /// Audio samples of the known speakers, as data URLs (diarization).
    pub known_speaker_references: Option<Vec<String>>,
    /// The language of the audio, ISO-639-1 (`en`).
    pub language: Option<String>,
    /// Text to guide the style, or to continue a previous segment.
    pub prompt: Option<String>,
    /// Which reply: see [`TranscriptionFormat`].
    pub response_format: Option<TranscriptionFormat>,
    /// Sampling temperature (0 to 1).
    pub temperature: Option<f64>,
    /// `word` and/or `segment` timestamps (with `verbose_json`).
    pub timestamp_granularities: Option<Vec<String>>,
    /// More fields, sent after the named ones and flattened as the SDK flattens them.
    pub extra: Extra,
}

impl TranscriptionRequest {
    /// A request for `model` to transcribe `file`.
    pub fn new(file: FilePart, model: impl Into<String>) -> Self {
        TranscriptionRequest {
            file,
            model: model.into(),
            chunking_strategy: None,
            include: None,
            known_speaker_names: None,
            known_speaker_references: None,
            language: None,
            prompt: None,
            response_format: None,
            temperature: None,
            timestamp_granularities: None,
            extra: Extra::new(),
        }
    }

    /// Sets `chunking_strategy`: `"auto"` or `{"type": "server_vad", ...}`.
    pub fn chunking_strategy(mut self, strategy: impl Into<Value>) -> Self {
        self.chunking_strategy = Some(strategy.into());
        self
    }

    /// Adds an `include` entry (`"logprobs"`).
    pub fn include(mut self, include: impl Into<String>) -> Self {
        self.include.get_or_insert_with(Vec::new).push(include.into());
        self
    }

    /// Adds a known speaker: their name and an audio sample as a data URL.
    pub fn known_speaker(mut self, name: impl Into<String>, reference: impl Into<String>) -> Self {
        self.known_speaker_names.get_or_insert_with(Vec::new).push(name.into());
        self.known_speaker_references.get_or_insert_with(Vec::new).push(reference.into());
        self
    }

    /// Adds a `timestamp_granularities` entry: `"word"` or `"segment"`.
    pub fn timestamp_granularity(mut self, granularity: impl Into<String>) -> Self {
        self.timestamp_granularities.get_or_insert_with(Vec::new).push(granularity.into());
        self
    }

    /// Adds a field this type does not name.
    pub fn extra(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(name.into(), value.into());
        self
    }

    setters! {
        language: String => "the audio's language, ISO-639-1.",
        prompt: String => "text to guide the style.",
        response_format: TranscriptionFormat => "which reply.",
        temperature = f64 => "0 to 1.",
    }
}

impl From<TranscriptionRequest> for Multipart {
    fn from(request: TranscriptionRequest) -> Multipart {
        let form = Multipart::new().text("model", request.model);
        let form = form::opt(form, "chunking_strategy", request.chunking_strategy);
        let form = form::opt(form, "include", request.include);
        let form = form::opt(form, "known_speaker_names", request.known_speaker_names);
        let form = form::opt(form, "known_speaker_references", request.known_speaker_references);
        let form = form::opt(form, "language", request.language);
        let form = form::opt(form, "prompt", request.prompt);
        let form = form::opt(form, "response_format", request.response_format.map(|f| f.as_str().to_owned()));
        let form = form::opt(form, "temperature", request.temperature);
        let form = form::opt(form, "timestamp_granularities", request.timestamp_granularities);
        let form = form::extra(form, &request.extra);
        form.file("file", request.file)
    }
}

/// The form of `POST /audio/translations` (`audio.translations.create`): audio in any
/// language, transcribed into English. Turn it into the [`Multipart`] form the endpoint takes
/// with `.into()`; the fields are sent as the SDK sends them (`model`, `prompt`,
/// `response_format`, `temperature`, then `extra`, then the file `file`).
#[derive(Debug)]
pub struct TranslationRequest {
    /// The audio: flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav or webm.
    pub file: FilePart,
    /// The model (`whisper-1`).
    pub model: String,
    /// Text (in English) to guide the style, or to continue a previous segment.
    pub prompt: Option<String>,
    /// Which reply: `json`, `verbose_json`, `text`, `srt` or `vtt`.
    pub response_format: Option<TranscriptionFormat>,
    /// Sampling temperature (0 to 1).
    pub temperature: Option<f64>,
    /// More fields, sent after the named ones and flattened as the SDK flattens them.
    pub extra: Extra,
}

impl TranslationRequest {
    /// A request for `model` to translate `file` into English.
    pub fn new(file: FilePart, model: impl Into<String>) -> Self {
        TranslationRequest {
            file,
            model: model.into(),
            prompt: None,
            response_format: None,
            temperature: None,
            extra: Extra::new(),
        }
    }

    /// Adds a field this type does not name.
    pub fn extra(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(name.into(), value.into());
        self
    }

    setters! {
        prompt: String => "text to guide the style.",
        response_format: TranscriptionFormat => "which reply.",
        temperature = f64 => "0 to 1.",
    }
}

impl From<TranslationRequest> for Multipart {
    fn from(request: TranslationRequest) -> Multipart {
        let form = Multipart::new().text("model", request.model);
        let form = form::opt(form, "prompt", request.prompt);
        let form = form::opt(form, "response_format", request.response_format.map(|f| f.as_str().to_owned()));
        let form = form::opt(form, "temperature", request.temperature);
        let form = form::extra(form, &request.extra);
        form.file("file", request.file)
    }
}

/// The reply of `audio.transcriptions.create` and `audio.translations.create`, whichever
/// `response_format` was asked for: JSON with only `text` (and `logprobs`, `usage`) is a
/// [`Transcription`]; JSON with `language`, `duration`, `segments` or `words` (`verbose_json`,
/// `diarized_json`) a [`TranscriptionVerbose`]; a reply that is not JSON (`text`, `srt`, `vtt`:
/// the endpoint reads it as text when its `Content-Type` is not JSON) is [`Text`](Self::Text),
/// and so is the JSON the Portkey gateway wraps such a reply in, `{"html-message": "<text>"}`
/// (the Python SDK leaves that as a `Transcription` without `text`).
///
/// [`text`](Self::text) gives the transcript in every case.
#[derive(Debug, Clone, PartialEq)]
pub enum TranscriptionReply {
    /// `json`: the text.
    Json(Transcription),
    /// `verbose_json` (or `diarized_json`): the text with language, duration, segments, words.
    Verbose(TranscriptionVerbose),
    /// `text`, `srt` or `vtt`: the reply's text as it came.
    Text(String),
}

impl TranscriptionReply {
    /// The transcript: the `text` of a JSON reply, or the whole text reply (subtitles, for
    /// `srt` and `vtt`).
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

    /// The usage, if the reply has one.
    pub fn usage(&self) -> Option<&TranscriptionUsage> {
        match self {
            TranscriptionReply::Json(reply) => reply.usage.as_ref(),
            TranscriptionReply::Verbose(reply) => reply.usage.as_ref(),
            TranscriptionReply::Text(_) => None,
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
                // One pass into every field either kind names, then split.
                let any = AnyTranscription::read_fields(map)?;
                Ok(any.split())
            }
        }

        deserializer.deserialize_any(ReplyVisitor)
    }
}

/// The key under which the Portkey gateway wraps a `text/plain` reply into JSON
/// (`{"html-message": "<text>"}`): a `text`, `srt` or `vtt` transcription that went through it.
const GATEWAY_TEXT: &str = "html-message";

/// Every field of [`Transcription`] and [`TranscriptionVerbose`]: a reply is read into it in
/// one pass, then split into the kind it is.
struct AnyTranscription {
    text: String,
    logprobs: Option<Vec<TranscriptLogprob>>,
    usage: Option<TranscriptionUsage>,
    language: Option<String>,
    duration: Option<f64>,
    segments: Option<Vec<TranscriptionSegment>>,
    words: Option<Vec<TranscriptionWord>>,
    extra: Extra,
}

json_object!(AnyTranscription {
    text: default,
    logprobs: opt,
    usage: opt,
    language: opt,
    duration: opt,
    segments: opt,
    words: opt,
});

impl AnyTranscription {
    fn split(self) -> TranscriptionReply {
        let AnyTranscription { text, logprobs, usage, language, duration, segments, words, mut extra } = self;
        let nothing_else = text.is_empty() && logprobs.is_none() && usage.is_none() && extra.len() == 1;
        if nothing_else {
            // A text reply the gateway wrapped into JSON (see `GATEWAY_TEXT`); the only key,
            // so putting anything else back keeps the order.
            match extra.remove(GATEWAY_TEXT) {
                Some(Value::String(text)) => return TranscriptionReply::Text(text),
                Some(other) => drop(extra.insert(GATEWAY_TEXT.into(), other)),
                None => {}
            }
        }
        if language.is_none() && duration.is_none() && segments.is_none() && words.is_none() {
            return TranscriptionReply::Json(Transcription { text, logprobs, usage, extra });
        }
        if let Some(logprobs) = logprobs {
            // Not a field of the verbose kind: kept with the others it does not name.
            extra.insert("logprobs".into(), serde_json::to_value(logprobs).unwrap_or(Value::Null));
        }
        TranscriptionReply::Verbose(TranscriptionVerbose { language, duration, text, segments, words, usage, extra })
    }
}

/// A transcription or translation in `json` format.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Transcription {
    /// The transcript.
    pub text: String,
    /// Log probabilities of the transcript's tokens (with `include: ["logprobs"]`).
    pub logprobs: Option<Vec<TranscriptLogprob>>,
    /// The usage: tokens (GPT-4o models) or seconds of audio (`whisper-1`).
    pub usage: Option<TranscriptionUsage>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(Transcription { text: default, logprobs: opt, usage: opt });

/// A transcription or translation in `verbose_json` format (or `diarized_json`, whose
/// segments have a `speaker`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TranscriptionVerbose {
    /// The language of the audio (`english`).
    pub language: Option<String>,
    /// The audio's length, in seconds.
    pub duration: Option<f64>,
    /// The transcript.
    pub text: String,
    /// The transcript's segments, with their timestamps.
    pub segments: Option<Vec<TranscriptionSegment>>,
    /// The transcript's words, with their timestamps (with `timestamp_granularities: ["word"]`).
    pub words: Option<Vec<TranscriptionWord>>,
    /// The usage: seconds of audio.
    pub usage: Option<TranscriptionUsage>,
    /// Fields this type does not name, kept as they came (`task`, ...).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(TranscriptionVerbose {
    language: opt,
    duration: opt,
    text: default,
    segments: opt,
    words: opt,
    usage: opt,
});

/// A segment of a verbose transcription: its text, timestamps and (`whisper-1`) decoding
/// statistics, or (diarized) its speaker.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TranscriptionSegment {
    /// The segment's id: a number (`whisper-1`) or a string (`seg_001`, diarized).
    pub id: Option<Value>,
    /// When it starts, in seconds.
    pub start: f64,
    /// When it ends, in seconds.
    pub end: f64,
    /// Its text.
    pub text: String,
    /// Who speaks (diarized).
    pub speaker: Option<String>,
    /// The seek offset of the segment.
    pub seek: Option<u64>,
    /// Its token ids.
    pub tokens: Option<Vec<u64>>,
    /// The temperature used to decode it.
    pub temperature: Option<f64>,
    /// The average log probability of its tokens (below -1: the decoding may have failed).
    pub avg_logprob: Option<f64>,
    /// Its compression ratio (above 2.4: the decoding may have failed).
    pub compression_ratio: Option<f64>,
    /// The probability that it holds no speech.
    pub no_speech_prob: Option<f64>,
    /// Fields this type does not name, kept as they came (`type`, ...).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(TranscriptionSegment {
    id: opt,
    start: default,
    end: default,
    text: default,
    speaker: opt,
    seek: opt,
    tokens: opt,
    temperature: opt,
    avg_logprob: opt,
    compression_ratio: opt,
    no_speech_prob: opt,
});

/// A word of a verbose transcription, with its timestamps.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TranscriptionWord {
    /// The word.
    pub word: String,
    /// When it starts, in seconds.
    pub start: f64,
    /// When it ends, in seconds.
    pub end: f64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(TranscriptionWord { word: default, start: default, end: default });

/// The log probability of a token of a transcript.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TranscriptLogprob {
    /// The token.
    pub token: Option<String>,
    /// Its UTF-8 bytes (as numbers, kept as they came).
    pub bytes: Option<Vec<Number>>,
    /// Its log probability.
    pub logprob: Option<f64>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(TranscriptLogprob { token: opt, bytes: opt, logprob: opt });

tagged_enum! {
    /// The usage of a transcription, told apart by its `type`: tokens (GPT-4o models) or
    /// seconds of audio (`whisper-1`); `Unknown` for any other kind (kept whole).
    pub enum TranscriptionUsage("a transcription usage") {
        /// `tokens`: billed by tokens.
        Tokens(AudioTokenUsage) = "tokens",
        /// `duration`: billed by seconds of audio.
        Duration(DurationUsage) = "duration",
    }
}

/// Token usage of a transcription (`"type": "tokens"`) or of a speech stream.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AudioTokenUsage {
    /// Tokens of the input (audio and text).
    pub input_tokens: u64,
    /// Tokens of the output.
    pub output_tokens: u64,
    /// All the tokens.
    pub total_tokens: u64,
    /// The input tokens by kind: `audio_tokens`, `text_tokens`.
    pub input_token_details: Option<Value>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(AudioTokenUsage {
    input_tokens: default,
    output_tokens: default,
    total_tokens: default,
    input_token_details: opt,
});

/// Usage by seconds of audio (`"type": "duration"`).
#[derive(Debug, Clone, PartialEq)]
pub struct DurationUsage {
    /// The seconds of audio, as the number came (OpenAI sends an integer); see
    /// [`as_secs_f64`](Self::as_secs_f64).
    pub seconds: Number,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(DurationUsage { seconds: or(Number::from(0u8)) });

impl Default for DurationUsage {
    fn default() -> Self {
        DurationUsage { seconds: Number::from(0u8), extra: Extra::new() }
    }
}

impl DurationUsage {
    /// The seconds of audio.
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds.as_f64().unwrap_or_default()
    }
}
