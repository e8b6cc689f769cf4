//! The one request path: send with retries, check the status, decode JSON or open a stream.

use futures_util::TryStreamExt;
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::Instrument;
use tracing::field::Empty;

use super::{Client, Flavor};
use crate::core::request::Call;
use crate::core::retry::{self, Attempt};
use crate::core::stream::EventStream;
use crate::{ApiError, ApiResponse, Error, ResponseMeta};

impl<F: Flavor> Client<F> {
    /// Sends `call`, retrying what the policy allows, and returns the 2xx response. A non-2xx
    /// response is read and returned as [`Error::Api`] with its body.
    pub(crate) async fn send(&self, call: &Call, span: &tracing::Span) -> Result<reqwest::Response, Error> {
        if let Some(problem) = &call.options.problem {
            return Err(Error::InvalidOption(problem.clone()));
        }
        let settings = &self.shared.resolved.settings;
        let url = call.url(&settings.base_url)?;
        let body = call.body_bytes()?;
        let timeout = call.options.timeout.or(settings.timeout);
        let max_retries = call.options.max_retries.unwrap_or(settings.max_retries);
        if settings.debug {
            // Secret header values are marked sensitive and print as `Sensitive`.
            let headers = call.headers(&self.shared.resolved.headers);
            tracing::debug!(target: "portkey", method = %call.method, path = %call.path, ?headers, "request");
        }

        let mut retry = 0;
        loop {
            // Built per attempt: one copy of the client's headers per request sent.
            let headers = call.headers(&self.shared.resolved.headers);
            let mut request = self.shared.http.request(call.method.clone(), url.clone()).headers(headers);
            if let Some(body) = &body {
                request = request.body(body.clone());
            }
            if let Some(timeout) = timeout {
                request = request.timeout(timeout);
            }
            let outcome = request.send().await;
            let (wait, failure) = match outcome {
                Ok(response) if response.status().is_success() => {
                    span.record("http.response.status_code", response.status().as_u16());
                    return Ok(response);
                }
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    let attempt = Attempt::Status(status, &headers);
                    let wait = (retry < max_retries && retry::is_retryable(&attempt))
                        .then(|| retry::delay(retry, Some(&headers), fastrand::f64()));
                    let failure = match wait {
                        Some(_) => None,
                        None => {
                            span.record("http.response.status_code", status.as_u16());
                            let body = response.text().await.unwrap_or_default();
                            Some(Error::Api(Box::new(ApiError::from_response(status, headers, body))))
                        }
                    };
                    (wait, failure)
                }
                Err(e) => {
                    let transient = e.is_connect() || e.is_timeout() || e.is_request();
                    let wait = (retry < max_retries && transient && retry::is_retryable(&Attempt::Transport))
                        .then(|| retry::delay(retry, None, fastrand::f64()));
                    (wait, wait.is_none().then(|| Error::from_reqwest(e)))
                }
            };
            if let Some(error) = failure {
                if settings.debug {
                    tracing::debug!(target: "portkey", %error, retries = retry, "request failed");
                }
                return Err(error);
            }
            let wait = wait.unwrap_or_default();
            retry += 1;
            span.record("portkey.client_retries", retry);
            if settings.debug {
                tracing::debug!(target: "portkey", retry, wait_ms = wait.as_millis() as u64, "retrying");
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// Sends `call` and decodes the JSON reply into `T`.
    pub(crate) async fn json<T: DeserializeOwned>(&self, call: Call) -> Result<ApiResponse<T>, Error> {
        let span = self.span(&call);
        let response = self.send(&call, &span).instrument(span.clone()).await?;
        let (meta, body) = split(response);
        let bytes = body.collect().await.map_err(Error::from_reqwest)?.to_bytes();
        if !span.is_disabled() {
            record_response(&span, &bytes);
        }
        match serde_json::from_slice(&bytes) {
            Ok(body) => Ok(ApiResponse { body, meta }),
            Err(e) => Err(Error::Decode { message: e.to_string(), body: String::from_utf8_lossy(&bytes).into_owned() }),
        }
    }

    /// Sends `call` and, once the status is known to be 2xx, returns the decoded event stream.
    /// Retries happen only before this point: never once a stream has started.
    pub(crate) async fn stream<T: DeserializeOwned + Send + 'static>(
        &self,
        call: Call,
    ) -> Result<EventStream<T>, Error> {
        let span = self.span(&call);
        let response = self.send(&call, &span).instrument(span.clone()).await?;
        let (meta, body) = split(response);
        Ok(EventStream::new(meta, body.into_data_stream().map_err(Error::from_reqwest)))
    }

    /// A span with OpenTelemetry GenAI attribute names, when `instrumentation` is on.
    fn span(&self, call: &Call) -> tracing::Span {
        if !self.shared.resolved.settings.instrumentation {
            return tracing::Span::none();
        }
        let operation = match call.path.as_str() {
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

/// The response's status and headers (moved, not copied) and its body.
fn split(response: reqwest::Response) -> (ResponseMeta, reqwest::Body) {
    let (parts, body) = http::Response::from(response).into_parts();
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
