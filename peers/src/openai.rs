//! async-openai pointed at the gateway with Portkey's headers: the pattern Portkey's docs lead
//! with. In Python it reads
//!
//! ```text
//! client = OpenAI(api_key=..., base_url=PORTKEY_GATEWAY_URL,
//!                 default_headers=createHeaders(provider="openai", api_key="PORTKEY_API_KEY"))
//! ```
//!
//! and in Rust, with [`portkey::create_headers`] as the counterpart of `createHeaders`:
//!
//! ```no_run
//! let options = portkey::Options::builder().api_key("PORTKEY_API_KEY").provider("openai").build()?;
//! let client = portkey_peers::openai::client("https://api.portkey.ai/v1", "OPENAI_API_KEY", &options)?;
//! # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! ```

use async_openai::Client;
use async_openai::config::OpenAIConfig;

/// An error while configuring the client: an option the headers could not carry, or a header
/// async-openai refused.
pub type ConfigError = Box<dyn std::error::Error + Send + Sync>;

/// An async-openai client that sends its requests to `base_url` (the gateway) with the headers
/// `portkey::create_headers(options)` gives, and `api_key` as its bearer token (the provider's
/// key, or any text when the gateway holds it: a virtual key, a config, an integration).
///
/// `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID` are read from the environment, as async-openai always
/// does.
pub fn client(base_url: &str, api_key: &str, options: &portkey::Options) -> Result<Client<OpenAIConfig>, ConfigError> {
    install_crypto();
    let mut config = OpenAIConfig::new().with_api_base(base_url.trim_end_matches('/')).with_api_key(api_key);
    for (name, value) in &portkey::create_headers(options)? {
        config = config.with_header(name.clone(), value.as_bytes())?;
    }
    Ok(Client::with_config(config))
}

/// Gives async-openai's reqwest (built without a crypto provider of its own, see Cargo.toml) the
/// `ring` provider the portkey client already uses. Installing twice is harmless.
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
