//! Resolving a client's options the way the Python SDK client does: base URL and API key from
//! the explicit options, the process-wide defaults and the environment, and the full set of
//! headers the client sends.

use http::header::AUTHORIZATION;
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::__private::{Forwarded, put_header};
use crate::options::client_side::ClientSettings;
use crate::options::constants::{LOCAL_BASE_URL, PORTKEY_BASE_URL};
use crate::options::info::table_position;
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
    /// The headers requests on the OpenAI-compatible routes (chat, completions, embeddings,
    /// models) add, as the Python SDK's vendored OpenAI client does: the placeholder
    /// `Authorization: Bearer OPENAI_API_KEY` when none is configured, and `OpenAI-Organization`
    /// / `OpenAI-Project` from the `OPENAI_ORG_ID` / `OPENAI_PROJECT_ID` variables.
    pub openai_route_headers: HeaderMap,
}

/// The `Authorization` the Python SDK's chat client sends when none is configured: its vendored
/// OpenAI client is built with the literal API key `OPENAI_API_KEY`.
const OPENAI_PLACEHOLDER_AUTH: &str = "Bearer OPENAI_API_KEY";

/// The environment variables the vendored OpenAI client reads, and the headers it sends them as.
pub(crate) const OPENAI_ROUTE_ENV: [(&str, &str); 2] =
    [("OPENAI_ORG_ID", "openai-organization"), ("OPENAI_PROJECT_ID", "openai-project")];

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
        let openai_route_headers = openai_route_headers(env)?;
        let env = Options::implicit_env_with(env)?;

        let api_key = first_set([explicit.api_key.clone(), globals.api_key, env.api_key], Secret::is_empty)
            .unwrap_or_else(|| Secret::new(""));
        let base_url =
            first_set([explicit.base_url.clone(), globals.base_url, env.base_url], |u| u.as_str().is_empty())
                .unwrap_or_else(|| HttpUrl::from(if api_key.is_empty() { LOCAL_BASE_URL } else { PORTKEY_BASE_URL }));
        if base_url.as_str() == PORTKEY_BASE_URL && api_key.is_empty() {
            return Err(OptionError::MissingApiKey);
        }
        refuse_credentials("base_url", &base_url)?;
        if let Some(url) = &explicit.websocket_base_url {
            refuse_credentials("websocket_base_url", url)?;
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
        let settings = ClientSettings::from_options(client_side)?;
        let mut openai_route_headers = openai_route_headers;
        if !headers.contains_key(AUTHORIZATION) {
            openai_route_headers.insert(AUTHORIZATION, HeaderValue::from_static(OPENAI_PLACEHOLDER_AUTH));
        }
        Ok(ResolvedOptions { options, api_key, settings, headers, openai_route_headers })
    }
}

/// `OpenAI-Organization` / `OpenAI-Project` from the environment (an empty variable still sends
/// an empty header, as the vendored OpenAI client does).
fn openai_route_headers(env: &dyn Fn(&str) -> Option<String>) -> Result<HeaderMap, OptionError> {
    let mut headers = HeaderMap::new();
    for (var, name) in OPENAI_ROUTE_ENV {
        if let Some(value) = env(var) {
            let value = crate::__private::checked_text(&value)
                .map_err(|problem| OptionError::InvalidHeader { name: format!("{name} (from {var})"), problem })?;
            headers.insert(HeaderName::from_static(name), value);
        }
    }
    Ok(headers)
}

/// A URL the client connects to must not carry a user name or password: they would show
/// wherever the URL does (`Debug`, `base_url()`, logs). Keys go in their own options.
fn refuse_credentials(option: &'static str, url: &HttpUrl) -> Result<(), OptionError> {
    let parsed = url::Url::parse(url.as_str()).ok();
    match parsed {
        Some(u) if !u.username().is_empty() || u.password().is_some() => Err(OptionError::InvalidValue {
            option,
            header: None,
            problem: "contains a user name or password",
            expected: "a URL without credentials (send keys with api_key, authorization or the provider options)",
        }),
        _ => Ok(()),
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
