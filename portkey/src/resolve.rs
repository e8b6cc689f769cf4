//! Resolving a client's options the way the Python SDK client does: base URL and API key from
//! the explicit options, the process-wide defaults and the environment, and the full set of
//! headers the client sends.

use http::{HeaderMap, HeaderName, HeaderValue};

use crate::__private::{Forwarded, put_header};
use crate::client_side::ClientSettings;
use crate::constants::{LOCAL_BASE_URL, PORTKEY_BASE_URL};
use crate::option_info::table_position;
use crate::{HttpUrl, OPTION_TABLE, OptionError, OptionInfo, Options, Secret, globals};

/// The `api_key` entry of the table (found at compile time; the seed check guarantees it).
static API_KEY: &OptionInfo = match table_position(&OPTION_TABLE, "api_key") {
    Some(i) => &OPTION_TABLE[i],
    None => panic!("the options schema has no `api_key`"),
};

/// Its header (`x-portkey-api-key`), as the schema names it.
const API_KEY_HEADER: &str = match API_KEY.header {
    Some(header) => header,
    None => panic!("the schema's `api_key` has no header"),
};

/// A client's options after resolution.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ResolvedOptions {
    /// The options whose headers the client sends: the explicit options, with the global
    /// `config` and `mode` where they are unset.
    pub options: Options,
    /// The Portkey API key (empty when none is known and the base URL is not the hosted API).
    pub api_key: Secret,
    /// What the client itself does (base URL, timeout, HTTP client, ...).
    pub settings: ClientSettings,
    /// Every header the client sends with each request.
    pub headers: HeaderMap,
}

/// The first value that is set and not empty, as Python's `a or b or c`.
fn first_set<T>(candidates: [Option<T>; 3], is_empty: impl Fn(&T) -> bool) -> Option<T> {
    candidates.into_iter().flatten().find(|v| !is_empty(v))
}

impl ResolvedOptions {
    /// Resolves against the process environment.
    pub fn resolve(explicit: &Options) -> Result<Self, OptionError> {
        Self::resolve_with(explicit, &|name| std::env::var(name).ok())
    }

    /// Resolves with environment variables looked up by `env`.
    ///
    /// `explicit` is what the user gave, on top of [`Options::sdk_defaults`] as client builders
    /// start from (so `strict_open_ai_compliance` is `false` unless unset or changed).
    ///
    /// As in the Python SDK: the base URL is the explicit one, else `PORTKEY_PROXY`, else the
    /// hosted API when an API key is known, else the local gateway; the API key is the explicit
    /// one, else `PORTKEY_API_KEY`, and the hosted API without a key is an error. Empty values
    /// count as unset. Process-wide defaults ([`crate::globals`]) sit between explicit options
    /// and the environment.
    pub fn resolve_with(explicit: &Options, env: &dyn Fn(&str) -> Option<String>) -> Result<Self, OptionError> {
        explicit.validate()?;
        let globals = globals::as_options();
        let env = Options::implicit_env_with(env)?;

        let api_key = first_set([explicit.api_key.clone(), globals.api_key, env.api_key], Secret::is_empty)
            .unwrap_or_else(|| Secret::new(""));
        let base_url =
            first_set([explicit.base_url.clone(), globals.base_url, env.base_url], |u| u.as_str().is_empty())
                .unwrap_or_else(|| HttpUrl::from(if api_key.is_empty() { LOCAL_BASE_URL } else { PORTKEY_BASE_URL }));
        if base_url.as_str() == PORTKEY_BASE_URL && api_key.is_empty() {
            return Err(OptionError::MissingApiKey);
        }

        // Headers come from the explicit options, as in the SDK, with the global config and
        // mode where unset. The resolved key is sent on its own (see `default_headers`).
        let mut options = explicit.clone();
        options.config = options.config.or(globals.config);
        options.mode = options.mode.or(globals.mode);
        let mut headers = default_headers(&api_key)?;
        headers.extend(options.create_headers()?);
        let mut client_side = options.client_side();
        client_side.base_url = Some(base_url);
        let settings = ClientSettings::from_options(client_side);
        Ok(ResolvedOptions { options, api_key, settings, headers })
    }
}

/// The Python SDK client's default headers: the API key (sent even when empty), the package
/// version and the runtime.
fn default_headers(api_key: &Secret) -> Result<HeaderMap, OptionError> {
    let mut headers = HeaderMap::new();
    let name = HeaderName::from_static(API_KEY_HEADER);
    if api_key.is_empty() {
        headers.insert(name, HeaderValue::from_static(""));
    } else {
        put_header(&mut headers, API_KEY, &name, Some(api_key), &Forwarded::new(None))?;
    }
    headers.insert(
        HeaderName::from_static("x-portkey-package-version"),
        HeaderValue::from_static(concat!("portkey-rs-", env!("CARGO_PKG_VERSION"))),
    );
    headers.insert(HeaderName::from_static("x-portkey-runtime"), HeaderValue::from_static("rust"));
    Ok(headers)
}

/// Header names that identify the client rather than the request (left out of comparisons with
/// the Python SDK).
pub const USER_AGENT_LIKE_HEADERS: &[&str] =
    &["x-portkey-package-version", "x-portkey-runtime", "x-portkey-runtime-version"];
