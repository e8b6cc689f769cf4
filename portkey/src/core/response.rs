//! [`ApiResponse`]: a typed body together with the response's status and headers.

use std::ops::{Deref, DerefMut};

use http::{HeaderMap, StatusCode};

use crate::core::gateway::{CacheStatus, Gateway};

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

    /// The gateway's headers read as typed values: trace id, request id, cache status, retry
    /// count, last used config target, provider.
    pub fn gateway(&self) -> Gateway<'_> {
        Gateway::new(&self.headers)
    }

    /// `x-portkey-trace-id`: the trace the request was logged under (empty ones are `None`).
    pub fn trace_id(&self) -> Option<&str> {
        self.gateway().trace_id()
    }

    /// `x-portkey-cache-status`: whether the reply came from the gateway's cache.
    pub fn cache_status(&self) -> Option<CacheStatus> {
        self.gateway().cache_status()
    }

    /// `x-portkey-last-used-option-index`: which config target answered (`config`,
    /// `config.targets[1]`, ...).
    pub fn last_used_option_index(&self) -> Option<&str> {
        self.gateway().last_used_option_index()
    }

    /// `x-portkey-retry-attempt-count`: the gateway's retries (`-1` when they ran out).
    pub fn retry_attempt_count(&self) -> Option<i64> {
        self.gateway().retry_attempt_count()
    }

    /// `x-portkey-provider`: the provider that answered.
    pub fn provider(&self) -> Option<&str> {
        self.gateway().provider()
    }

    /// The request id (`x-portkey-request-id`, else `x-request-id`).
    pub fn request_id(&self) -> Option<&str> {
        self.gateway().request_id()
    }

    /// Status 246: the gateway served the reply, but a guardrail of the request failed (one
    /// that does not deny); the verdicts are in the body's `hook_results`.
    pub fn guardrail_failed(&self) -> bool {
        self.status.as_u16() == 246
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
