//! Constants of the Python SDK (`portkey_ai.api_resources.global_constants`), same values.

/// The hosted Portkey API.
pub const PORTKEY_BASE_URL: &str = "https://api.portkey.ai/v1";
/// The hosted Portkey gateway (the same URL as [`PORTKEY_BASE_URL`]).
pub const PORTKEY_GATEWAY_URL: &str = PORTKEY_BASE_URL;
/// A gateway on this machine, used when no API key is known.
pub const LOCAL_BASE_URL: &str = "http://localhost:8787/v1";
/// The environment variable holding the Portkey API key.
pub const PORTKEY_API_KEY_ENV: &str = "PORTKEY_API_KEY";
/// The environment variable holding the base URL of a self-hosted gateway.
pub const PORTKEY_PROXY_ENV: &str = "PORTKEY_PROXY";
/// The prefix of every Portkey header.
pub const PORTKEY_HEADER_PREFIX: &str = "x-portkey-";
/// The SDK's default number of retries.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The SDK's default timeout, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 60;
