//! The endpoint table's entry type and its enums, for introspection and for the request core.

pub use crate::core::request::Route;

/// One endpoint of the schema, as recorded in the generated
/// [`ENDPOINT_TABLE`](crate::endpoints::ENDPOINT_TABLE).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EndpointInfo {
    /// Its place in [`ENDPOINT_TABLE`](crate::endpoints::ENDPOINT_TABLE).
    pub index: usize,
    /// The Python SDK's name for it: resource path and method, `beta.threads.runs.list`.
    pub name: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path template under the base URL, `/threads/{thread_id}/runs`.
    pub path: &'static str,
    /// The template's parameters, in order.
    pub path_params: &'static [&'static str],
    /// Which of the SDK's HTTP paths it takes.
    pub route: Route,
    /// The `Accept` header it sends, as the SDK does.
    pub accept: &'static str,
    /// Headers it always sends, as the SDK does (`openai-beta: assistants=v2`).
    pub headers: &'static [(&'static str, &'static str)],
    /// Whether the duration of the upload's `file` (a path) is measured and sent as
    /// `x-portkey-audio-file-duration`, as the SDK does unless `calculate_audio_duration` is off.
    pub audio_duration: bool,
    /// The query parameters it takes.
    pub query: &'static [&'static str],
    /// What the request carries.
    pub body: BodyKind,
    /// For a multipart body, the parts that are files.
    pub files: &'static [&'static str],
    /// The Rust type of the body (JSON, or a multipart form type), if there is one.
    pub request_type: Option<&'static str>,
    /// The Rust type of its query parameters, if it has them typed.
    pub query_type: Option<&'static str>,
    /// The API area (Cargo feature) its methods sit behind, if any.
    pub area: Option<&'static str>,
    /// How the reply is read.
    pub reply: ReplyKind,
    /// The Rust type of the reply (or of each JSONL record), if there is one.
    pub reply_type: Option<&'static str>,
    /// For a list with a typed reply, the Rust type of its items (what `_all` yields).
    pub item_type: Option<&'static str>,
    /// Whether it has a streaming variant, and how that asks for server-sent events.
    pub stream: Option<StreamVia>,
    /// The Rust type of each streamed event, if there is one.
    pub event_type: Option<&'static str>,
    /// The event types (`type`, or the SSE `event:` name) after which its stream may end,
    /// besides `data: [DONE]`, which ends every stream (`response.completed`, say). A stream
    /// whose body ends before either yields [`Error::StreamIncomplete`](crate::Error::StreamIncomplete).
    pub stream_ends: &'static [&'static str],
    /// For a JSON body whose SDK method lets its `extra_body` replace only the parameters it
    /// names (`chat.completions.create`: `model`, `messages`, `temperature`...), those: a
    /// per-call [`body_field`](crate::RequestOptions::body_field) replaces only them, and any
    /// other field the request sets wins over it. Empty: it replaces any field.
    pub extra_body_replaces: &'static [&'static str],
    /// `cursor` or `page`, for list methods.
    pub pages: Option<&'static str>,
    /// One line saying what it does.
    pub doc: &'static str,
}

/// What a request carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// Nothing.
    None,
    /// A JSON document.
    Json,
    /// `{}`, always (as the SDK's OpenAI route sends with some `DELETE`s).
    EmptyJson,
    /// A multipart form ([`Multipart`](crate::Multipart)), file parts streamed.
    Multipart,
    /// Raw bytes.
    Bytes,
}

/// How a reply is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplyKind {
    /// A JSON document, decoded whole.
    Json,
    /// Bytes, read as they arrive ([`Download`](crate::Download)).
    Bytes,
    /// JSON lines, one decoded record at a time.
    Jsonl,
    /// A JSON document, or text when the reply's `Content-Type` is not JSON (audio
    /// transcriptions in `text`, `srt` or `vtt`), which the reply type reads as a JSON string
    /// (see [`TranscriptionReply`](crate::types::TranscriptionReply)).
    JsonOrText,
    /// Nothing worth reading.
    Empty,
}

/// How a streaming variant asks for server-sent events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamVia {
    /// `"stream": true` in the JSON body.
    Body,
    /// `stream=true` in the query.
    Query,
    /// A `stream` field `true` in the multipart form.
    Form,
    /// The endpoint always streams.
    Always,
}
