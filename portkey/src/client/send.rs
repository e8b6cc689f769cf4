//! The one request path: send with retries, check the status, decode JSON or open a stream.
//!
//! What it guarantees, for both flavors:
//! - redirects are never followed (see [`Error::Redirect`]), so the request's secrets reach
//!   the configured host only;
//! - the client's own timeouts (`response_timeout` per attempt, `read_timeout` between reads,
//!   an optional `total_timeout`) never stand in for the gateway's `request_timeout`;
//! - what a reply can make the client hold is bounded by its [`Limits`](crate::Limits);
//! - at most `max_connections` calls are in flight; a call (or a stream) keeps its place until
//!   its body is read or dropped.

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use futures_util::future::Either;
use http::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::Instant;
use tracing::Instrument;
use tracing::field::Empty;

use super::transport::{self, RequestBody, ResponseBody};
use super::{Client, Flavor};
use crate::core::download::Download;
use crate::core::limits::{read_limited, read_prefix};
use crate::core::lines::LineDecoder;
use crate::core::multipart::EncodedForm;
use crate::core::request::Call;
use crate::core::retry::{self, Attempt};
use crate::core::sse::SseDecoder;
use crate::core::stream::EventStream;
use crate::core::timeouts::{Guarded, after};
use crate::{ApiError, ApiResponse, Error, ResponseMeta};

/// A reply, from either transport.
type Response = http::Response<ResponseBody>;

/// What an attempt leads to ([`Client::judge`]).
enum Step {
    /// A 2xx reply.
    Done(Response),
    /// Another attempt, after this wait.
    Retry(Duration),
    /// An error reply, to read into [`Error::Api`].
    Read(Response),
    /// The call fails.
    Fail(Error),
}

/// A 2xx response, with what reading its body needs.
pub(crate) struct Sent {
    response: Response,
    /// The call's place among the client's `max_connections`.
    permit: OwnedSemaphorePermit,
    /// The longest gap between reads of the body.
    read: Duration,
    /// When the whole call must be over, if ever.
    deadline: Option<Instant>,
}

impl Sent {
    /// The status and headers, the body as a guarded stream of chunks, and the permit to keep
    /// while the body is read.
    fn into_parts(self) -> (ResponseMeta, GuardedBody, OwnedSemaphorePermit) {
        let (meta, body) = split(self.response);
        (meta, guard(body, self.read, self.deadline), self.permit)
    }
}

impl<F: Flavor> Client<F> {
    /// Sends `call`, retrying what the policy allows, and returns the 2xx response. A non-2xx
    /// response is read (up to `max_error_body_bytes`) and returned as [`Error::Api`].
    ///
    /// This future is moved (copied) a few times per call and held per call in flight, so it
    /// is kept small: the rare steps (waiting for a place, building a form, reading an error
    /// reply, waiting to retry) are boxed, and what an attempt leaves is consumed in one
    /// synchronous step ([`Self::judge`]) before the next wait, so none of it is stored here.
    pub(crate) async fn send(&self, call: &Call, span: &tracing::Span) -> Result<Sent, Error> {
        let options = call.options.get();
        if let Some(problem) = &options.problem {
            return Err(Error::InvalidOption(problem.clone()));
        }
        let settings = &self.shared.resolved.settings;
        let response_timeout = options.response_timeout.unwrap_or(settings.timeouts.response);
        let read = options.read_timeout.unwrap_or(settings.timeouts.read);
        let deadline = options.total_timeout.or(settings.timeouts.total).map(after);
        // A form with a reader part cannot be sent twice.
        let replayable = call.form.as_ref().is_none_or(|form| form.replayable());
        let max_retries = if replayable { options.max_retries.unwrap_or(settings.max_retries) } else { 0 };
        if settings.debug {
            // Header values that may be secrets are marked sensitive and print as `Sensitive`.
            let headers = call.headers(&self.shared.headers);
            tracing::debug!(target: "portkey", method = %call.method, path = %call.path, ?headers, "request");
        }
        // Free places are handed to waiting calls first, so taking one without waiting is fair.
        let permit = match std::sync::Arc::clone(&self.shared.permits).try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => Box::pin(self.wait_for_permit(deadline)).await?,
        };

        let mut retry = 0;
        loop {
            let step = {
                // Files are opened here, per attempt: a missing one fails before anything is sent.
                let form = match &call.form {
                    Some(form) => Some(Box::pin(form.build()).await?),
                    None => None,
                };
                // Built per attempt: the URL, the body and one copy of the client's headers.
                let sending = self.attempt(call, call.headers(&self.shared.headers), call.body_bytes()?, form)?;
                let attempt_ends = deadline.map_or(after(response_timeout), |d| d.min(after(response_timeout)));
                let outcome = tokio::time::timeout_at(attempt_ends, sending).await;
                self.judge(outcome, call, retry < max_retries, retry, span)
            };
            let (wait, failure) = match step {
                Step::Done(response) => return Ok(Sent { response, permit, read, deadline }),
                Step::Retry(wait) => (wait, None),
                Step::Fail(error) => (Duration::ZERO, Some(error)),
                Step::Read(reply) => (Duration::ZERO, Some(Box::pin(self.api_error(reply, read, deadline)).await)),
            };
            let failure = match (failure, deadline) {
                (Some(error), _) => Some(error),
                // Waiting would pass the deadline: the call is over.
                (None, Some(deadline)) if after(wait) >= deadline => Some(Error::Timeout),
                _ => None,
            };
            if let Some(error) = failure {
                if settings.debug {
                    tracing::debug!(target: "portkey", %error, retries = retry, "request failed");
                }
                return Err(error);
            }
            retry += 1;
            span.record("portkey.client_retries", retry);
            if settings.debug {
                tracing::debug!(target: "portkey", retry, wait_ms = wait.as_millis() as u64, "retrying");
            }
            Box::pin(tokio::time::sleep(wait)).await;
        }
    }

    /// Sends one attempt of `call`: through the client's own transport, or through reqwest
    /// (the user's client, proxies, a URL the own transport cannot send to).
    fn attempt(
        &self,
        call: &Call,
        mut headers: HeaderMap,
        body: Option<Bytes>,
        form: Option<EncodedForm>,
    ) -> Result<impl Future<Output = Result<Response, Error>> + Send + 'static, Error> {
        let base_url = &self.shared.resolved.settings.base_url;
        let transport = &self.shared.transport;
        if let Some(form) = &form {
            put_form_headers(&mut headers, form)?;
        }
        if let Some(own) = transport.own()
            && let Some(uri) = self.shared.urls.uri(call, base_url)?
        {
            let body = match form {
                Some(form) => RequestBody::Form(form),
                None => RequestBody::full(body),
            };
            return Ok(Either::Left(own.send(call.method.clone(), uri, headers, body)));
        }
        let url = self.shared.urls.url(call, base_url)?;
        let request = transport.reqwest()?.request(call.method.clone(), url).headers(headers);
        let request = match (body, form) {
            (_, Some(form)) => request.body(reqwest::Body::wrap_stream(form.body)),
            (Some(body), None) => request.body(body),
            (None, None) => request,
        };
        // Boxed, so that the own transport's calls do not carry its larger state.
        Ok(Either::Right(Box::pin(transport::send_reqwest(request, self.shared.followed_base.as_ref()))))
    }

    /// What one attempt's outcome means: a 2xx reply to read, a wait before retrying (when
    /// `may_retry` and the policy allows), an error reply to read, or an error.
    fn judge(
        &self,
        outcome: Result<Result<Response, Error>, tokio::time::error::Elapsed>,
        call: &Call,
        may_retry: bool,
        retry: u32,
        span: &tracing::Span,
    ) -> Step {
        let wait = |attempt: &Attempt, headers: Option<&http::HeaderMap>| {
            (may_retry && retry::is_retryable(attempt)).then(|| retry::delay(retry, headers, fastrand::f64()))
        };
        match outcome {
            Ok(Ok(response)) if response.status().is_redirection() => {
                let location = response.headers().get(http::header::LOCATION).and_then(|v| v.to_str().ok());
                // Not followed, so the location is relative to the URL requested.
                let requested = self.shared.urls.url(call, &self.shared.resolved.settings.base_url).ok();
                let location = location.and_then(|l| requested?.join(l).ok());
                Step::Fail(Error::Redirect { status: response.status(), location: location.map(transport::shown_url) })
            }
            Ok(Ok(response)) if response.status().is_success() => {
                span.record("http.response.status_code", response.status().as_u16());
                Step::Done(response)
            }
            Ok(Ok(response)) => {
                let status = response.status();
                match wait(&Attempt::Status(status, response.headers()), Some(response.headers())) {
                    Some(wait) => Step::Retry(wait),
                    None => {
                        span.record("http.response.status_code", status.as_u16());
                        Step::Read(response)
                    }
                }
            }
            Ok(Err(e)) => {
                // No reply: the connection failed or timed out, or the request could not be sent.
                let transient = matches!(e, Error::Connection(_) | Error::MalformedReply(_) | Error::Timeout);
                match transient.then(|| wait(&Attempt::Transport, None)).flatten() {
                    Some(wait) => Step::Retry(wait),
                    None => Step::Fail(e),
                }
            }
            // No response headers in time.
            Err(_) => wait(&Attempt::Transport, None).map_or(Step::Fail(Error::Timeout), Step::Retry),
        }
    }

    /// Waits for a place among the client's `max_connections`, until `deadline` if any.
    #[cold]
    async fn wait_for_permit(&self, deadline: Option<Instant>) -> Result<OwnedSemaphorePermit, Error> {
        let acquire = std::sync::Arc::clone(&self.shared.permits).acquire_owned();
        let permit = match deadline {
            Some(deadline) => tokio::time::timeout_at(deadline, acquire).await.map_err(|_| Error::Timeout)?,
            None => acquire.await,
        };
        // The semaphore is never closed.
        permit.map_err(|_| Error::Runtime(std::io::Error::other("the client's connection pool is closed")))
    }

    /// Reads an error response into [`Error::Api`], keeping at most `max_error_body_bytes` of
    /// its body.
    async fn api_error(&self, response: Response, read: Duration, deadline: Option<Instant>) -> Error {
        let (meta, body) = split(response);
        let body = guard(body, read, deadline);
        let (bytes, truncated) = read_prefix(body, self.shared.resolved.settings.limits.error_body_bytes).await;
        let (status, headers) = meta.into_parts();
        let mut error = ApiError::from_response(status, headers, String::from_utf8_lossy(&bytes).into_owned());
        error.body_truncated = truncated;
        Error::Api(Box::new(error))
    }
}

/// The reply kinds. Each takes the call by value and returns one `async` block rather than
/// being an `async fn`, which would store its arguments twice in its future: a call's future
/// is copied as each level starts, so every byte of it is paid for on every call.
#[allow(clippy::manual_async_fn, reason = "an async fn stores its arguments twice")]
impl<F: Flavor> Client<F> {
    /// Sends `call` (or returns its error) and decodes the JSON reply into `T`.
    pub(crate) fn json<T: DeserializeOwned>(
        &self,
        call: Result<Call, Error>,
    ) -> impl Future<Output = Result<ApiResponse<T>, Error>> + '_ {
        self.reply(call, |client, meta, bytes| match serde_json::from_slice(&bytes) {
            Ok(body) => Ok(ApiResponse { body, meta }),
            Err(e) => Err(client.decode_error(e, &bytes)),
        })
    }

    /// Sends `call` and decodes the reply into `T`: as JSON when its `Content-Type` says JSON
    /// (or, without a `Content-Type`, when it parses as JSON), else as text, which `T` reads as
    /// a JSON string (audio transcriptions in `text`, `srt` or `vtt`).
    pub(crate) fn json_or_text<T: DeserializeOwned>(
        &self,
        call: Result<Call, Error>,
    ) -> impl Future<Output = Result<ApiResponse<T>, Error>> + '_ {
        self.reply(call, |client, meta, bytes| {
            let content_type = meta.headers().get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
            let json = match content_type {
                Some(content_type) => is_json_type(content_type),
                None => serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_ok(),
            };
            let decoded = if json {
                serde_json::from_slice(&bytes)
            } else {
                match std::str::from_utf8(&bytes) {
                    Ok(text) => serde_json::from_value(Value::String(text.to_owned())),
                    Err(_) => Err(serde::de::Error::custom("the reply is neither JSON nor UTF-8 text")),
                }
            };
            match decoded {
                Ok(body) => Ok(ApiResponse { body, meta }),
                Err(e) => Err(client.decode_error(e, &bytes)),
            }
        })
    }

    /// Sends `call`, reads (at most `max_response_bytes` of) the 2xx reply's body and hands it
    /// to `decode`.
    fn reply<T, D>(&self, call: Result<Call, Error>, decode: D) -> impl Future<Output = Result<T, Error>> + '_
    where
        D: FnOnce(&Self, ResponseMeta, Bytes) -> Result<T, Error> + 'static,
    {
        async move {
            let (sent, span) = self.send_call(call).await?;
            let limits = self.shared.resolved.settings.limits;
            // From the body's size hint: its `Content-Length`, as hyper read it.
            let length = http_body::Body::size_hint(sent.response.body()).exact();
            let (meta, mut body, permit) = sent.into_parts();
            // By reference: moved in, the body would be stored twice in this future.
            let bytes = read_limited(&mut body, length, limits.response_bytes).await?;
            drop(permit);
            if !span.is_disabled() {
                record_response(&span, &bytes);
            }
            decode(self, meta, bytes)
        }
    }

    /// A reply that did not decode, with (at most `max_error_body_bytes` of) its body.
    #[cold]
    fn decode_error(&self, error: serde_json::Error, bytes: &[u8]) -> Error {
        let kept = &bytes[..bytes.len().min(self.shared.resolved.settings.limits.error_body_bytes)];
        Error::Decode { message: error.to_string(), body: String::from_utf8_lossy(kept).into_owned() }
    }

    /// Sends `call` and reads (at most `max_response_bytes` of) a reply whose content does not
    /// matter.
    pub(crate) fn empty(&self, call: Result<Call, Error>) -> impl Future<Output = Result<ApiResponse<()>, Error>> + '_ {
        self.reply(call, |_, meta, _| Ok(ApiResponse { body: (), meta }))
    }

    /// Sends `call` and returns the 2xx reply's body as a [`Download`], read as it arrives.
    pub(crate) fn download(&self, call: Result<Call, Error>) -> impl Future<Output = Result<Download, Error>> + '_ {
        async move {
            let (sent, _) = self.send_call(call).await?;
            let (meta, body, permit) = sent.into_parts();
            Ok(Download::new(meta, body, self.shared.resolved.settings.limits.response_bytes, Some(permit)))
        }
    }

    /// Sends `call` and returns the 2xx reply's JSON lines as a stream of decoded records.
    pub(crate) fn jsonl<T: DeserializeOwned + Send + 'static>(
        &self,
        call: Result<Call, Error>,
    ) -> impl Future<Output = Result<EventStream<T>, Error>> + '_ {
        async move {
            let (sent, _) = self.send_call(call).await?;
            let decoder = LineDecoder::new(self.shared.resolved.settings.limits.sse_line_bytes);
            let (meta, body, permit) = sent.into_parts();
            Ok(EventStream::lines(meta, body, decoder, Some(permit)))
        }
    }

    /// Sends `call` and, once the status is known to be 2xx, returns the decoded event stream.
    /// Retries happen only before this point: never once a stream has started.
    /// The stream is complete at `data: [DONE]` or at an event whose type is one of `ends`.
    pub(crate) fn stream<T: DeserializeOwned + Send + 'static>(
        &self,
        call: Result<Call, Error>,
        ends: &'static [&'static str],
    ) -> impl Future<Output = Result<EventStream<T>, Error>> + '_ {
        async move {
            let (sent, _) = self.send_call(call).await?;
            let limits = self.shared.resolved.settings.limits;
            let decoder = SseDecoder::with_limits(limits.sse_line_bytes, limits.sse_event_bytes);
            let (meta, body, permit) = sent.into_parts();
            let content_type = meta.headers().get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
            if content_type.is_some_and(is_json_type) {
                return Err(Box::pin(self.not_a_stream(meta, body)).await);
            }
            Ok(EventStream::new(meta, body, decoder, ends, Some(permit)))
        }
    }

    /// Sends `call` (or returns its error) in its span.
    fn send_call(&self, call: Result<Call, Error>) -> impl Future<Output = Result<(Sent, tracing::Span), Error>> + '_ {
        async move {
            let call = match call {
                Ok(ref call) => call,
                Err(error) => return Err(error),
            };
            let span = self.span(call);
            let sent = if span.is_none() {
                self.send(call, &span).await?
            } else {
                self.send(call, &span).instrument(span.clone()).await?
            };
            Ok((sent, span))
        }
    }

    /// A stream asked for, and a JSON reply instead (a gateway that dropped `stream`, say):
    /// an error keeping (at most `max_error_body_bytes` of) the reply, rather than a stream
    /// with no events.
    #[cold]
    async fn not_a_stream(&self, meta: ResponseMeta, body: GuardedBody) -> Error {
        let (kept, _) = read_prefix(body, self.shared.resolved.settings.limits.error_body_bytes).await;
        let content_type = meta.headers().get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        Error::Decode {
            message: format!(
                "expected server-sent events (text/event-stream), got a {} reply",
                content_type.unwrap_or_default()
            ),
            body: String::from_utf8_lossy(&kept).into_owned(),
        }
    }

    /// A span with OpenTelemetry GenAI attribute names, when `instrumentation` is on.
    fn span(&self, call: &Call) -> tracing::Span {
        if !self.shared.resolved.settings.instrumentation {
            return tracing::Span::none();
        }
        let operation = match &*call.path {
            p if p.ends_with("/chat/completions") => "chat",
            p if p.ends_with("/completions") => "text_completion",
            p if p.ends_with("/embeddings") => "embeddings",
            _ => "request",
        };
        let model = call.model().unwrap_or_default();
        let host = url::Url::parse(&self.shared.resolved.settings.base_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        tracing::info_span!(
            target: "portkey",
            "portkey.request",
            otel.name = %format!("{operation} {model}").trim_end(),
            gen_ai.operation.name = operation,
            gen_ai.system = "portkey",
            gen_ai.request.model = %model,
            server.address = %host,
            http.request.method = %call.method,
            url.path = %call.path,
            http.response.status_code = Empty,
            gen_ai.response.id = Empty,
            gen_ai.response.model = Empty,
            gen_ai.usage.input_tokens = Empty,
            gen_ai.usage.output_tokens = Empty,
            portkey.client_retries = Empty,
        )
    }
}

/// Whether a `Content-Type` is JSON: `application/json` or `*/*+json`, parameters aside.
fn is_json_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.rsplit_once('+').is_some_and(|(_, suffix)| suffix.eq_ignore_ascii_case("json"))
}

/// A form's `content-type` (with its boundary) and, when known, its `content-length`.
fn put_form_headers(headers: &mut HeaderMap, form: &EncodedForm) -> Result<(), Error> {
    let content_type = http::HeaderValue::from_str(&form.content_type)
        .map_err(|_| Error::InvalidArgument { name: "form", problem: "makes an invalid content type" })?;
    headers.insert(http::header::CONTENT_TYPE, content_type);
    if let Some(length) = form.length {
        headers.insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(length));
    }
    Ok(())
}

/// A response body as a stream of chunks that fails with [`Error::Timeout`] past the read gap
/// or the deadline.
type GuardedBody = Guarded<http_body_util::BodyDataStream<ResponseBody>>;

fn guard(body: ResponseBody, read: Duration, deadline: Option<Instant>) -> GuardedBody {
    Guarded::new(http_body_util::BodyExt::into_data_stream(body), read, deadline)
}

/// The response's status and headers (moved, not copied) and its body.
fn split(response: Response) -> (ResponseMeta, ResponseBody) {
    let (parts, body) = response.into_parts();
    (ResponseMeta::new(parts.status, parts.headers), body)
}

/// Records the response id, model and token usage on the span.
fn record_response(span: &tracing::Span, bytes: &[u8]) {
    let Ok(json) = serde_json::from_slice::<Value>(bytes) else { return };
    if let Some(id) = json.get("id").and_then(Value::as_str) {
        span.record("gen_ai.response.id", id);
    }
    if let Some(model) = json.get("model").and_then(Value::as_str) {
        span.record("gen_ai.response.model", model);
    }
    let usage = |name| json.get("usage").and_then(|u| u.get(name)).and_then(Value::as_u64);
    if let Some(n) = usage("prompt_tokens") {
        span.record("gen_ai.usage.input_tokens", n);
    }
    if let Some(n) = usage("completion_tokens") {
        span.record("gen_ai.usage.output_tokens", n);
    }
}

#[cfg(test)]
mod tests {
    use crate::core::request::{Call, Route};

    /// A call's future is boxed and copied as it starts, and held per call in flight: past
    /// 1 KiB, the box no longer comes from the allocator's per-thread cache (glibc's tcache),
    /// and every copy costs more. Each of these was 1.1 to 1.4 KiB before they were trimmed.
    #[test]
    #[cfg(feature = "chat")]
    fn call_futures_stay_under_a_kibibyte() {
        let client = crate::AsyncPortkey::builder().api_key("k").build_with_env(&|_| None).unwrap();
        let call = || Ok(Call::new(http::Method::POST, "/chat/completions", None, Route::OpenAi));
        let sizes = [
            ("json", size_of_val(&client.json::<crate::types::ChatCompletion>(call()))),
            ("stream", size_of_val(&client.stream::<crate::types::ChatCompletionChunk>(call(), &[]))),
            ("download", size_of_val(&client.download(call()))),
        ];
        for (kind, size) in sizes {
            assert!(size <= 1024, "the {kind} future takes {size} bytes");
        }
    }
}
