//! The client-side options, handled by hand.
//!
//! [`ClientSettings::from_options`] destructures `ClientSideOptions` without `..`: when the
//! schema gains a client-side option, this file stops compiling until it handles it. (The
//! project's compile-fail tests build this very file against a schema with one more option.)
//! Paths go through `::portkey` so the file compiles in those tests too.

use std::time::Duration;

use ::portkey::{Limits, Timeouts};

use crate::options::ClientSideOptions;

/// Retries when `max_retries` is unset: the Python SDK's chat client retries once.
const DEFAULT_MAX_RETRIES: u32 = 1;
/// Requests in flight at once when unset (the Python SDK's httpx pool opens 1000 connections).
/// Idle connections kept per host default to the same number (httpx keeps 100): a client
/// running more calls at once than it keeps would close and reopen connections all the time.
pub(crate) const DEFAULT_MAX_CONNECTIONS: usize = 1000;

/// What the client itself does with the client-side options.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ClientSettings {
    /// Where requests go; already resolved (see `ResolvedOptions`).
    pub base_url: String,
    /// Where realtime connections go, if set.
    pub websocket_base_url: Option<String>,
    /// The secret used to verify webhooks, if set.
    pub webhook_secret: Option<::portkey::Secret>,
    /// A user-supplied HTTP client, if any.
    pub http_client: Option<::portkey::HttpClient>,
    /// The gateway's deadline (`request_timeout`), sent as a header; the client does not
    /// enforce it.
    pub request_timeout: Option<Duration>,
    /// The client's own timeouts.
    pub timeouts: Timeouts,
    /// How much of a reply the client holds at most.
    pub limits: Limits,
    /// Idle connections kept open per host.
    pub pool_max_idle_per_host: usize,
    /// Requests in flight at once; more wait for one to finish.
    pub max_connections: usize,
    /// Emit debug events.
    pub debug: bool,
    /// Emit tracing spans for each request.
    pub instrumentation: bool,
    /// Measure the duration of uploaded audio.
    pub calculate_audio_duration: bool,
    /// How many times a failed request is retried.
    pub max_retries: u32,
}

impl ClientSettings {
    /// Reads the client-side options; unset ones take the Python SDK client's defaults (and
    /// portkey-rs's own, for the settings the SDK lacks). Durations and sizes must be positive.
    pub fn from_options(options: ClientSideOptions) -> Result<Self, ::portkey::OptionError> {
        let ClientSideOptions {
            base_url,
            websocket_base_url,
            webhook_secret,
            debug,
            instrumentation,
            http_client,
            request_timeout,
            calculate_audio_duration,
            max_retries,
            connect_timeout,
            response_timeout,
            read_timeout,
            total_timeout,
            max_response_bytes,
            max_error_body_bytes,
            max_sse_line_bytes,
            max_sse_event_bytes,
            pool_max_idle_per_host,
            max_connections,
        } = options;
        let request_timeout = request_timeout.and_then(|ms| u64::try_from(ms).ok()).filter(|ms| *ms > 0);
        let request_timeout = request_timeout.map(Duration::from_millis);
        // Defaults, then what is set (the structs are non-exhaustive, and this file is also
        // compiled outside the crate).
        let mut timeouts = Timeouts::default();
        timeouts.connect = millis("connect_timeout", connect_timeout)?.unwrap_or(timeouts.connect);
        timeouts.response =
            millis("response_timeout", response_timeout)?.unwrap_or_else(|| Timeouts::response_for(request_timeout));
        timeouts.read = millis("read_timeout", read_timeout)?.unwrap_or(timeouts.read);
        timeouts.total = millis("total_timeout", total_timeout)?;
        let mut limits = Limits::default();
        limits.response_bytes = positive("max_response_bytes", max_response_bytes)?.unwrap_or(limits.response_bytes);
        limits.error_body_bytes =
            size("max_error_body_bytes", max_error_body_bytes)?.unwrap_or(limits.error_body_bytes);
        limits.sse_line_bytes = size("max_sse_line_bytes", max_sse_line_bytes)?.unwrap_or(limits.sse_line_bytes);
        limits.sse_event_bytes = size("max_sse_event_bytes", max_sse_event_bytes)?.unwrap_or(limits.sse_event_bytes);
        let max_connections = size("max_connections", max_connections)?.unwrap_or(DEFAULT_MAX_CONNECTIONS);
        Ok(ClientSettings {
            base_url: base_url.map_or_else(|| ::portkey::LOCAL_BASE_URL.to_string(), |u| u.to_string()),
            websocket_base_url: websocket_base_url.map(|u| u.to_string()),
            webhook_secret,
            http_client,
            request_timeout,
            timeouts,
            limits,
            pool_max_idle_per_host: size("pool_max_idle_per_host", pool_max_idle_per_host)?.unwrap_or(max_connections),
            max_connections,
            debug: debug.unwrap_or(false),
            instrumentation: instrumentation.unwrap_or(false),
            calculate_audio_duration: calculate_audio_duration.unwrap_or(true),
            max_retries: max_retries.map_or(DEFAULT_MAX_RETRIES, |n| u32::try_from(n.max(0)).unwrap_or(u32::MAX)),
        })
    }
}

/// A set option that must be a positive number.
fn positive(option: &'static str, value: Option<i64>) -> Result<Option<u64>, ::portkey::OptionError> {
    match value {
        None => Ok(None),
        Some(n) if n > 0 => Ok(Some(n.unsigned_abs())),
        Some(_) => Err(::portkey::OptionError::InvalidValue {
            option,
            header: None,
            problem: "is zero or negative",
            expected: "a positive number",
        }),
    }
}

fn millis(option: &'static str, value: Option<i64>) -> Result<Option<Duration>, ::portkey::OptionError> {
    Ok(positive(option, value)?.map(Duration::from_millis))
}

fn size(option: &'static str, value: Option<i64>) -> Result<Option<usize>, ::portkey::OptionError> {
    Ok(positive(option, value)?.map(|n| usize::try_from(n).unwrap_or(usize::MAX)))
}
