//! The client-side options, handled by hand.
//!
//! [`ClientSettings::from_options`] destructures `ClientSideOptions` without `..`: when the
//! schema gains a client-side option, this file stops compiling until it handles it. (The
//! project's compile-fail tests build this very file against a schema with one more option.)
//! Paths go through `::portkey` so the file compiles in those tests too.

use std::time::Duration;

use crate::options::ClientSideOptions;

/// Retries when `max_retries` is unset: the Python SDK's chat client retries once.
const DEFAULT_MAX_RETRIES: u32 = 1;

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
    /// The per-request timeout, from `request_timeout` (milliseconds).
    pub timeout: Option<Duration>,
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
    /// Reads the client-side options; unset ones take the Python SDK client's defaults.
    pub fn from_options(options: ClientSideOptions) -> Self {
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
        } = options;
        ClientSettings {
            base_url: base_url.map_or_else(|| ::portkey::LOCAL_BASE_URL.to_string(), |u| u.to_string()),
            websocket_base_url: websocket_base_url.map(|u| u.to_string()),
            webhook_secret,
            http_client,
            timeout: request_timeout
                .and_then(|ms| u64::try_from(ms).ok())
                .filter(|ms| *ms > 0)
                .map(Duration::from_millis),
            debug: debug.unwrap_or(false),
            instrumentation: instrumentation.unwrap_or(false),
            calculate_audio_duration: calculate_audio_duration.unwrap_or(true),
            max_retries: max_retries.map_or(DEFAULT_MAX_RETRIES, |n| u32::try_from(n.max(0)).unwrap_or(u32::MAX)),
        }
    }
}
