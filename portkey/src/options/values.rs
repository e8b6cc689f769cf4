//! Value types of options that are more than plain strings, numbers and booleans.

use std::borrow::Cow;
use std::fmt;

use serde_json::{Map, Value};

use super::redact::{redact, redact_url};

/// Text, or a JSON object: the type of `config` and `metadata`.
///
/// The Python SDK sends a string as it is and a dict as `json.dumps(dict)`; so does this.
/// `Debug` hides the values of keys that look like credentials (`api_key`, `*secret*`, ...).
#[derive(Clone, PartialEq)]
pub enum StringOrJson {
    /// Sent as it is (a config id such as `pc-abc123`, or JSON text).
    String(String),
    /// Sent as Python's `json.dumps` of the object.
    Json(Map<String, Value>),
}

impl StringOrJson {
    /// The JSON object, if this is one.
    pub fn as_json(&self) -> Option<&Map<String, Value>> {
        match self {
            StringOrJson::Json(m) => Some(m),
            StringOrJson::String(_) => None,
        }
    }
}

/// Text that is JSON (a config written out by hand) is shown with the same keys hidden; text
/// that looks like JSON but does not parse is hidden whole.
impl fmt::Debug for StringOrJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StringOrJson::String(s) if s.trim_start().starts_with(['{', '[']) => {
                match serde_json::from_str::<Value>(s) {
                    Ok(json) => f.debug_tuple("String").field(&redact(&json).to_string()).finish(),
                    Err(_) => f.write_str("String([redacted])"),
                }
            }
            StringOrJson::String(s) => f.debug_tuple("String").field(s).finish(),
            StringOrJson::Json(m) => f.debug_tuple("Json").field(&redact(&Value::Object(m.clone()))).finish(),
        }
    }
}

impl From<&str> for StringOrJson {
    fn from(s: &str) -> Self {
        StringOrJson::String(s.to_string())
    }
}

impl From<String> for StringOrJson {
    fn from(s: String) -> Self {
        StringOrJson::String(s)
    }
}

impl From<Map<String, Value>> for StringOrJson {
    fn from(m: Map<String, Value>) -> Self {
        StringOrJson::Json(m)
    }
}

/// A JSON value: an object becomes [`StringOrJson::Json`], a string stays a string, and
/// anything else is kept as its JSON text.
impl From<Value> for StringOrJson {
    fn from(v: Value) -> Self {
        match v {
            Value::Object(m) => StringOrJson::Json(m),
            Value::String(s) => StringOrJson::String(s),
            other => StringOrJson::String(other.to_string()),
        }
    }
}

/// A URL option (`base_url`, `custom_host`, ...). Setting one never fails; it is checked when
/// the options are validated: it must be an absolute `http`, `https`, `ws` or `wss` URL.
/// `Debug` hides the credentials in it (user name, password, credential-like query values).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpUrl(String);

impl fmt::Debug for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("HttpUrl").field(&redact_url(&self.0).as_deref().unwrap_or(&self.0)).finish()
    }
}

impl HttpUrl {
    /// The URL as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks the URL; the error says what was expected.
    pub fn check(&self) -> Result<(), &'static str> {
        const EXPECTED: &str = "an absolute http(s) or ws(s) URL with a host";
        match url::Url::parse(&self.0) {
            Ok(u) if matches!(u.scheme(), "http" | "https" | "ws" | "wss") && u.has_host() => Ok(()),
            _ => Err(EXPECTED),
        }
    }
}

impl fmt::Display for HttpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for HttpUrl {
    fn from(s: &str) -> Self {
        HttpUrl(s.to_string())
    }
}

impl From<String> for HttpUrl {
    fn from(s: String) -> Self {
        HttpUrl(s)
    }
}

impl From<url::Url> for HttpUrl {
    fn from(u: url::Url) -> Self {
        HttpUrl(u.into())
    }
}

/// The legacy routing modes of the Python SDK (`portkey_ai.Modes`), plus any other text, which
/// the SDK also accepts and sends.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Try targets in order until one succeeds.
    Fallback,
    /// Split traffic between targets.
    AbTest,
    /// One target.
    Single,
    /// Forward the request as it is.
    Proxy,
    /// Any other text, sent as the Python SDK sends it.
    Other(String),
}

impl Mode {
    /// The four named modes, in the SDK's order.
    pub const NAMED: [Mode; 4] = [Mode::Fallback, Mode::AbTest, Mode::Single, Mode::Proxy];

    /// The mode's text (`fallback`, `ab_test`, `single`, `proxy`, or the other text).
    pub fn as_str(&self) -> &str {
        match self {
            Mode::Fallback => "fallback",
            Mode::AbTest => "ab_test",
            Mode::Single => "single",
            Mode::Proxy => "proxy",
            Mode::Other(s) => s,
        }
    }

    /// The `x-portkey-mode` value: as the SDK does, `proxy ` goes in front of any mode whose
    /// text does not contain `proxy`.
    pub fn header_value(&self) -> Cow<'_, str> {
        let text = self.as_str();
        if text.contains("proxy") { Cow::Borrowed(text) } else { Cow::Owned(format!("proxy {text}")) }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The named mode with that text, else [`Mode::Other`].
impl From<&str> for Mode {
    fn from(s: &str) -> Self {
        Mode::NAMED.into_iter().find(|m| m.as_str() == s).unwrap_or_else(|| Mode::Other(s.to_string()))
    }
}

impl From<String> for Mode {
    fn from(s: String) -> Self {
        Mode::from(s.as_str())
    }
}

/// A user-supplied reqwest client (for proxies, TLS settings, connection pools), sending every
/// request in place of the client's own.
///
/// By default the client sends on its own HTTP/1.1 client (hyper-util with rustls, set up as
/// reqwest is; about 0.74 of raw reqwest's CPU per round trip), and on reqwest only for
/// multipart uploads, or when a proxy variable (`HTTP_PROXY`,
/// `HTTPS_PROXY`, `ALL_PROXY`, or their lowercase forms) is set, which reqwest applies with
/// `NO_PROXY`. Both clients take a `reqwest::Client`: the blocking `Portkey` drives it on its
/// own runtime, so the sync and async paths are one implementation.
///
/// Start from [`HttpClient::default_builder`]: a client built from `reqwest::Client::builder()`
/// follows redirects itself, carrying the request's `x-portkey-*` secrets to whatever host a
/// redirect names (portkey-rs then refuses the reply, but the secrets have left).
#[derive(Clone)]
pub struct HttpClient(pub reqwest::Client);

impl HttpClient {
    /// A reqwest builder with the settings portkey-rs's own HTTP client has, to add proxies or
    /// TLS settings to: redirects are never followed, connections open within 5 s, at most 1000
    /// idle connections are kept per host (as many as the client runs calls at once), and
    /// compressed replies (gzip, brotli, zstd, deflate) are decoded.
    pub fn default_builder() -> reqwest::ClientBuilder {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(crate::core::timeouts::DEFAULT_CONNECT_TIMEOUT)
            .pool_max_idle_per_host(crate::options::client_side::DEFAULT_MAX_CONNECTIONS)
    }
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HttpClient(..)")
    }
}

impl From<reqwest::Client> for HttpClient {
    fn from(c: reqwest::Client) -> Self {
        HttpClient(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_text_debug_hides_credentials() {
        let v = StringOrJson::from(r#"{"provider": "openai", "api_key": "sk-1"}"#);
        let shown = format!("{v:?}");
        assert!(!shown.contains("sk-1") && shown.contains("openai"), "{shown}");
        assert_eq!(format!("{:?}", StringOrJson::from(r#"{"api_key": "sk-1"#)), "String([redacted])");
        assert_eq!(format!("{:?}", StringOrJson::from("pc-abc")), r#"String("pc-abc")"#);
    }

    #[test]
    fn json_debug_hides_credentials() {
        let v: StringOrJson =
            json!({"provider": "openai", "api_key": "sk-1", "targets": [{"aws_secret_access_key": "s"}]}).into();
        let shown = format!("{v:?}");
        assert!(!shown.contains("sk-1") && !shown.contains("\"s\""), "{shown}");
        assert!(shown.contains("openai"));
    }

    #[test]
    fn url_debug_hides_passwords() {
        let shown = format!("{:?}", HttpUrl::from("https://user:hunter2@host.test/v1"));
        assert!(!shown.contains("hunter2") && shown.contains("host.test"), "{shown}");
        assert_eq!(format!("{:?}", HttpUrl::from("http://h/v1")), r#"HttpUrl("http://h/v1")"#);
    }

    #[test]
    fn urls_are_checked() {
        assert!(HttpUrl::from("https://api.portkey.ai/v1").check().is_ok());
        assert!(HttpUrl::from("http://127.0.0.1:8787").check().is_ok());
        assert!(HttpUrl::from("api.portkey.ai").check().is_err());
        assert!(HttpUrl::from("ftp://x").check().is_err());
    }

    #[test]
    fn modes_parse_and_encode_as_the_sdk_does() {
        assert_eq!(Mode::from("ab_test"), Mode::AbTest);
        assert_eq!(Mode::from("PROXY"), Mode::Other("PROXY".into()));
        assert_eq!(Mode::Fallback.header_value(), "proxy fallback");
        assert_eq!(Mode::Proxy.header_value(), "proxy");
        assert_eq!(Mode::from("my-proxy-mode").header_value(), "my-proxy-mode");
        assert_eq!(Mode::from("PROXY").header_value(), "proxy PROXY");
    }
}
