//! [`RequestOptions`]: settings for one call (extra headers, query, body fields, timeout).

use std::time::Duration;

use http::{HeaderMap, HeaderName};
use serde_json::{Map, Value};

use crate::OptionError;

/// Settings for a single call, the counterpart of the Python SDK's `extra_headers`,
/// `extra_query`, `extra_body` and `timeout` arguments. Extra headers win over the client's.
///
/// Setters never fail; a header that cannot be sent is reported by the call, naming it.
#[derive(Clone, Debug, Default)]
pub struct RequestOptions {
    pub(crate) headers: HeaderMap,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Map<String, Value>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) problem: Option<OptionError>,
}

/// Header names whose values are credentials: marked sensitive so they never print.
fn is_credential(name: &str) -> bool {
    ["authorization", "api-key", "apikey", "token", "secret", "password", "cookie"].iter().any(|m| name.contains(m))
}

impl RequestOptions {
    /// No extra settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a header to this call (replacing a client header of the same name).
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let bad = |problem| OptionError::InvalidHeader { name: name.to_string(), problem };
        let parsed = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| bad("is not a valid header name"))
            .and_then(|n| crate::__private::checked_text(value).map(|v| (n, v)).map_err(bad));
        match parsed {
            Ok((name, mut value)) => {
                value.set_sensitive(is_credential(name.as_str()));
                self.headers.insert(name, value);
            }
            Err(e) => {
                self.problem.get_or_insert(e);
            }
        }
        self
    }

    /// Adds a query parameter to this call's URL.
    #[must_use]
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a top-level field to this call's JSON body (replacing a field of the same name).
    #[must_use]
    pub fn body_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.body.insert(name.into(), value);
        self
    }

    /// A timeout for this call (overrides `request_timeout`).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times this call may be retried (overrides `max_retries`).
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_headers_are_kept_as_errors_naming_them() {
        let o = RequestOptions::new().header("x-ok", "1").header("x-bad", "a\nb").header("x-later", "2");
        assert_eq!(o.headers.len(), 2);
        let e = o.problem.unwrap();
        assert_eq!(e.to_string(), "header `x-bad` contains a line break or another control character");
    }

    #[test]
    fn credentials_are_sensitive() {
        let o = RequestOptions::new().header("Authorization", "Bearer sk").header("x-trace", "t");
        assert!(o.headers["authorization"].is_sensitive());
        assert!(!o.headers["x-trace"].is_sensitive());
    }
}
