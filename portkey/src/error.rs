//! [`Error`]: everything a request can fail with. Messages never contain secrets: no header
//! values, no API keys, no URLs with credentials.

use std::fmt;

use http::{HeaderMap, StatusCode};
use serde_json::Value;

use crate::OptionError;
use crate::core::gateway::Gateway;
use crate::core::limits::Limit;

/// What went wrong with a call to the gateway.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The gateway answered with a non-success status.
    Api(Box<ApiError>),
    /// The request took longer than its timeout.
    Timeout,
    /// The gateway could not be reached (refused, reset, DNS, TLS, too many open files...).
    /// The message includes the root cause.
    Connection(TransportError),
    /// The reply is not valid HTTP (a bad status line, a header without a colon, too many
    /// headers): the request reached the gateway, or something on the way, and may have run.
    /// It is retried as the Python SDK retries any reply it cannot read.
    MalformedReply(TransportError),
    /// The gateway answered with a redirect. The client never follows one: the request's
    /// headers carry secrets that must not reach another host, and following a 303 would
    /// turn a `POST` into a bodiless `GET`. Point `base_url` at the final address instead.
    Redirect {
        /// The redirect's status (or, when a user-supplied HTTP client followed it, the final
        /// response's).
        status: StatusCode,
        /// Where it pointed: scheme, host, port and path only (no credentials, no query).
        location: Option<String>,
    },
    /// A reply went over one of the client's size [`Limits`](crate::Limits); the connection
    /// was dropped.
    LimitExceeded {
        /// Which limit.
        limit: Limit,
        /// Its value, in bytes.
        max: u64,
    },
    /// An argument of a call that cannot be sent (an empty path parameter, for example).
    InvalidArgument {
        /// The argument's name.
        name: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A file to upload or to save to could not be opened, read or written; nothing was sent
    /// when it was an upload's file that could not be opened.
    File {
        /// The file's path.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A success response whose body is not what was expected; the raw body is kept.
    Decode {
        /// What did not parse.
        message: String,
        /// The body as received.
        body: String,
    },
    /// The stream carried an error event after it had started.
    Stream {
        /// The error message of the event.
        message: String,
        /// The event's data, as received.
        data: String,
    },
    /// The stream's body ended before its terminal event: `data: [DONE]`, or one of the event
    /// types that end the endpoint's stream (`response.completed`, `response.failed` or
    /// `response.incomplete` for the Responses API). The provider or the gateway stopped mid-way
    /// (the gateway closes its stream cleanly when the provider's connection breaks), so what
    /// arrived may be only part of the reply. It is the stream's last item.
    StreamIncomplete {
        /// How many items the stream yielded before it ended.
        received: u64,
        /// The event types that would have ended it, besides `data: [DONE]`.
        ends: &'static [&'static str],
    },
    /// An option or a per-call setting that cannot be used.
    InvalidOption(OptionError),
    /// An environment variable that does not parse.
    Environment(OptionError),
    /// The blocking client was called from inside an async runtime.
    BlockingInAsyncContext,
    /// The blocking client's runtime could not start.
    Runtime(std::io::Error),
    /// Any other failure of the HTTP layer (a reply's body cut off or badly compressed, say).
    Http(TransportError),
}

impl Error {
    /// The HTTP status, for API errors and redirects.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The gateway's headers of an error reply ([`Error::Api`]), read as typed values.
    pub fn gateway(&self) -> Option<Gateway<'_>> {
        self.as_api().map(ApiError::gateway)
    }

    /// The API error, if this is one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Maps a reqwest error to `Timeout`, `Connection` or `Http`, without its URL.
    pub(crate) fn from_reqwest(e: reqwest::Error) -> Self {
        let e = e.without_url();
        if e.is_timeout() {
            Error::Timeout
        } else if is_malformed_reply(&e) {
            Error::MalformedReply(TransportError::new(e))
        } else if e.is_connect() || e.is_request() {
            Error::Connection(TransportError::new(e))
        } else {
            Error::Http(TransportError::new(e))
        }
    }
}

/// Whether `e`, or one of its causes, is hyper's "this reply is not valid HTTP".
pub(crate) fn is_malformed_reply(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(cause) = source {
        if cause.downcast_ref::<hyper::Error>().is_some_and(hyper::Error::is_parse) {
            return true;
        }
        source = cause.source();
    }
    false
}

/// A failure of the HTTP layer, from the client's own HTTP client (hyper-util) or from reqwest:
/// its message, and the causes down to the root one as [`source`](std::error::Error::source).
/// It never holds a URL or a header value.
pub struct TransportError(Box<dyn std::error::Error + Send + Sync>);

impl TransportError {
    pub(crate) fn new(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        TransportError(Box::new(e))
    }

    pub(crate) fn from_boxed(e: Box<dyn std::error::Error + Send + Sync>) -> Self {
        TransportError(e)
    }

    /// The underlying error, to downcast: a `reqwest::Error` when reqwest sent the request,
    /// else hyper-util's (`hyper_util::client::legacy::Error`), hyper's, or a reply decoder's
    /// `std::io::Error`.
    pub fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The underlying error's own source, so that a chain of causes reads as the underlying
/// error's (its message is this one's).
impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

/// A transport error, as [`Error::Timeout`], [`Error::Connection`] or [`Error::Http`], with its
/// URL removed.
impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        Error::from_reqwest(e)
    }
}

impl From<OptionError> for Error {
    fn from(e: OptionError) -> Self {
        match e {
            OptionError::Env { .. } | OptionError::Proxy { .. } => Error::Environment(e),
            _ => Error::InvalidOption(e),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::Timeout => f.write_str("the request timed out"),
            Error::Connection(e) => {
                write!(f, "could not reach the gateway: {e}")?;
                write_causes(f, e)
            }
            Error::MalformedReply(e) => {
                write!(f, "the request reached the gateway (it may have run), but its reply is not valid HTTP: {e}")?;
                write_causes(f, e)
            }
            Error::Redirect { status, location } => {
                let to = location.as_deref().unwrap_or("an unknown location");
                write!(
                    f,
                    "the request was redirected to {to} (HTTP {}); portkey-rs does not follow redirects \
                     (they would carry the request's secrets to another host): set base_url to the final address",
                    status.as_u16()
                )
            }
            Error::LimitExceeded { limit, max } => {
                write!(f, "{} is larger than the limit of {max} bytes (option `{}`)", limit.what(), limit.option())
            }
            Error::InvalidArgument { name, problem } => write!(f, "invalid argument `{name}`: {problem}"),
            Error::File { path, source } => write!(f, "file `{}`: {source}", path.display()),
            Error::Decode { message, body } => {
                write!(f, "could not decode the response ({message}); body of {} bytes", body.len())
            }
            Error::Stream { message, .. } => write!(f, "the stream reported an error: {message}"),
            Error::StreamIncomplete { received, ends } => {
                write!(f, "the stream ended after {received} events without `data: [DONE]`")?;
                for (i, end) in ends.iter().enumerate() {
                    f.write_str(if i == 0 { " or a `" } else { "`, `" })?;
                    f.write_str(end)?;
                }
                f.write_str(if ends.is_empty() { "" } else { "` event" })?;
                f.write_str(": the provider or the gateway stopped mid-way, the reply may be partial")
            }
            Error::InvalidOption(e) | Error::Environment(e) => e.fmt(f),
            Error::BlockingInAsyncContext => f.write_str(
                "the blocking Portkey client was called inside a tokio runtime (its async tasks or its \
                 spawn_blocking threads); use AsyncPortkey there, or call Portkey from a thread of your own",
            ),
            Error::Http(e) => write!(f, "HTTP error: {e}"),
            Error::Runtime(e) => write!(f, "the blocking client's runtime could not start: {e}"),
        }
    }
}

/// Appends the messages of `e`'s sources that are not already part of the message, so the
/// root cause (`Too many open files (os error 24)`, `Connection refused`) shows in `Display`.
/// Transport errors carry no URL (hyper-util's have none; reqwest's are dropped, see
/// [`Error::from_reqwest`]), so nothing secret is added.
fn write_causes(f: &mut fmt::Formatter<'_>, e: &TransportError) -> fmt::Result {
    let mut shown = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !text.is_empty() && !shown.contains(&text) {
            write!(f, ": {text}")?;
            shown.push_str(&text);
        }
        source = cause.source();
    }
    Ok(())
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connection(e) | Error::MalformedReply(e) | Error::Http(e) => Some(e),
            Error::InvalidOption(e) | Error::Environment(e) => Some(e),
            Error::File { source, .. } => Some(source),
            Error::Runtime(e) => Some(e),
            _ => None,
        }
    }
}

/// The kind of an API error, by status, as the Python SDK names its exceptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400.
    BadRequest,
    /// 401.
    Authentication,
    /// 403.
    PermissionDenied,
    /// 404.
    NotFound,
    /// 408.
    RequestTimeout,
    /// 409.
    Conflict,
    /// 422.
    UnprocessableEntity,
    /// 429.
    RateLimit,
    /// 412: a budget or rate-limit policy of the key or workspace is exhausted (Portkey's).
    PolicyExhausted,
    /// 446: a guardrail of the request (or of the provider's reply) failed and denies it
    /// (Portkey's); the verdicts are in the body's `hook_results`.
    GuardrailDenied,
    /// 5xx.
    InternalServer,
    /// Any other status.
    Other,
}

/// A non-success response: its status, the error's message, type and code, and the raw body.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The error message (`error.message`, or the gateway's `message`, or the body).
    pub message: String,
    /// The error type (`error.type`), if given.
    pub error_type: Option<String>,
    /// The error code (`error.code`), if given.
    pub code: Option<String>,
    /// The parameter at fault (`error.param`), if given.
    pub param: Option<String>,
    /// The body as received, up to the client's `max_error_body_bytes`.
    pub body: String,
    /// Whether the body was longer than `max_error_body_bytes` (the rest was not read).
    pub body_truncated: bool,
    /// The response headers (trace id, request id, ...).
    pub headers: HeaderMap,
}

impl ApiError {
    /// Reads an error response the way the Python SDK does: the message is `error.message`
    /// when the body is JSON with one (or the gateway's top-level `message`), else the body.
    pub fn from_response(status: StatusCode, headers: HeaderMap, body: String) -> Self {
        let json: Option<Value> = serde_json::from_str(&body).ok();
        let error = json.as_ref().and_then(|j| j.get("error")).filter(|e| e.is_object());
        let field = |name: &str| {
            error.and_then(|e| e.get(name)).and_then(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Null => None,
                other => Some(other.to_string()),
            })
        };
        let message = field("message")
            .or_else(|| json.as_ref().and_then(|j| j.get("message")).and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| {
                let text = body.trim();
                if text.is_empty() { format!("Error code: {}", status.as_u16()) } else { text.to_string() }
            });
        ApiError {
            status,
            error_type: field("type"),
            code: field("code"),
            param: field("param"),
            message,
            body,
            body_truncated: false,
            headers,
        }
    }

    /// The kind of error, by status.
    pub fn kind(&self) -> ApiErrorKind {
        match self.status.as_u16() {
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Authentication,
            403 => ApiErrorKind::PermissionDenied,
            404 => ApiErrorKind::NotFound,
            408 => ApiErrorKind::RequestTimeout,
            409 => ApiErrorKind::Conflict,
            422 => ApiErrorKind::UnprocessableEntity,
            429 => ApiErrorKind::RateLimit,
            412 => ApiErrorKind::PolicyExhausted,
            446 => ApiErrorKind::GuardrailDenied,
            500..=599 => ApiErrorKind::InternalServer,
            _ => ApiErrorKind::Other,
        }
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_str(&self.body).ok()
    }

    /// The gateway's trace id for the failed request, if it sent one.
    pub fn trace_id(&self) -> Option<&str> {
        self.gateway().trace_id()
    }

    /// The verdicts of the guardrails the gateway ran (`hook_results`), when the body has them:
    /// a 446 ([`ApiErrorKind::GuardrailDenied`]) says which check denied the request.
    pub fn hook_results(&self) -> Option<crate::HookResults> {
        crate::HookResults::of(&self.json()?)
    }

    /// The gateway's headers of the reply read as typed values (trace id, request id, cache
    /// status, retry count, last used config target, provider).
    pub fn gateway(&self) -> Gateway<'_> {
        Gateway::new(&self.headers)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error code: {} - {}", self.status.as_u16(), self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(status: u16, body: &str) -> ApiError {
        ApiError::from_response(StatusCode::from_u16(status).unwrap(), HeaderMap::new(), body.to_string())
    }

    #[test]
    fn openai_style_error_bodies() {
        let e = parse(
            500,
            r#"{"error":{"message":"openai error: boom","type":"mock_error","param":null,"code":"500"},"provider":"openai"}"#,
        );
        assert_eq!(e.to_string(), "Error code: 500 - openai error: boom");
        assert_eq!(
            (e.error_type.as_deref(), e.code.as_deref(), e.param.as_deref()),
            (Some("mock_error"), Some("500"), None)
        );
        assert_eq!(e.kind(), ApiErrorKind::InternalServer);
    }

    #[test]
    fn gateway_and_plain_error_bodies() {
        let e = parse(400, r#"{"status":"failure","message":"Invalid config passed"}"#);
        assert_eq!((e.message.as_str(), e.kind()), ("Invalid config passed", ApiErrorKind::BadRequest));
        assert_eq!(parse(429, "slow down").message, "slow down");
        assert_eq!(parse(503, "").message, "Error code: 503");
        assert_eq!(parse(418, "{}").kind(), ApiErrorKind::Other);
    }
}
