//! [`ApiResponse`]: a typed body together with the response's status and headers.

use std::ops::{Deref, DerefMut};

use http::{HeaderMap, StatusCode};

/// The status and headers of a gateway response, with accessors for Portkey's own headers.
#[derive(Clone, Debug)]
pub struct ResponseMeta {
    status: StatusCode,
    headers: HeaderMap,
}

impl ResponseMeta {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap) -> Self {
        ResponseMeta { status, headers }
    }

    pub(crate) fn into_parts(self) -> (StatusCode, HeaderMap) {
        (self.status, self.headers)
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every response header.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// One header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `x-portkey-trace-id`: the trace the request was logged under (empty ones are `None`).
    pub fn trace_id(&self) -> Option<&str> {
        self.header("x-portkey-trace-id").filter(|s| !s.is_empty())
    }

    /// `x-portkey-cache-status` (`HIT`, `MISS`, `DISABLED`, ...).
    pub fn cache_status(&self) -> Option<&str> {
        self.header("x-portkey-cache-status")
    }

    /// `x-portkey-last-used-option-index`: which config target answered (`config`,
    /// `config.targets[1]`, ...).
    pub fn last_used_option_index(&self) -> Option<&str> {
        self.header("x-portkey-last-used-option-index")
    }

    /// `x-portkey-retry-attempt-count`: the gateway's retries (`-1` when they ran out).
    pub fn retry_attempt_count(&self) -> Option<i64> {
        self.header("x-portkey-retry-attempt-count").and_then(|v| v.trim().parse().ok())
    }

    /// `x-portkey-provider`: the provider that answered.
    pub fn provider(&self) -> Option<&str> {
        self.header("x-portkey-provider")
    }

    /// The request id (`x-portkey-request-id`, else `x-request-id`).
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-portkey-request-id").or_else(|| self.header("x-request-id"))
    }
}

/// A typed response body with its [`ResponseMeta`]. Derefs to the body.
#[derive(Clone, Debug)]
pub struct ApiResponse<T> {
    /// The body. (Named `body` so that a body's own `data` field, as in model lists and
    /// embeddings, reads naturally through `Deref`: `reply.data`.)
    pub body: T,
    /// Status and headers.
    pub meta: ResponseMeta,
}

impl<T> ApiResponse<T> {
    /// The body, dropping the metadata.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Status and headers.
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }
}

impl<T> Deref for ApiResponse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

impl<T> DerefMut for ApiResponse<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.body
    }
}
