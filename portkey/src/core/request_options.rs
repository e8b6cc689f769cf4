//! [`RequestOptions`]: settings for one call (extra headers, query, body fields, timeouts).

use std::fmt;
use std::sync::LazyLock;
use std::time::Duration;

use http::{HeaderMap, HeaderName};
use serde_json::{Map, Value};

use crate::OptionError;

/// Settings for a single call, the counterpart of the Python SDK's `extra_headers`,
/// `extra_query`, `extra_body` and `timeout` arguments. Extra headers win over the client's.
///
/// Setters never fail; a header that cannot be sent is reported by the call, naming it.
///
/// Most calls set nothing: the settings then take no allocation and the options one word of
/// the call.
#[derive(Clone, Default)]
pub struct RequestOptions(Option<Box<Settings>>);

/// What [`RequestOptions`] holds once something is set.
#[derive(Clone, Debug, Default)]
pub(crate) struct Settings {
    pub(crate) headers: HeaderMap,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Map<String, Value>,
    pub(crate) response_timeout: Option<Duration>,
    pub(crate) read_timeout: Option<Duration>,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) problem: Option<OptionError>,
}

/// Whether a header's value may be a secret, so it must never print: a name that looks like a
/// credential's (`x-goog-api-key`, `x-auth-token`, `cookie`...), or the header (with or
/// without the `x-portkey-` prefix, as `forward_headers` sends it) of an option the schema
/// marks sensitive.
pub(crate) fn is_sensitive_header(name: &str) -> bool {
    crate::options::redact::is_credential_name(name)
        || crate::OPTION_TABLE.iter().filter(|o| o.is_sensitive()).filter_map(|o| o.header).any(|header| {
            let bare = header.strip_prefix(crate::PORTKEY_HEADER_PREFIX).unwrap_or(header);
            header.eq_ignore_ascii_case(name) || bare.eq_ignore_ascii_case(name)
        })
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.get();
        f.debug_struct("RequestOptions")
            .field("headers", &s.headers)
            .field("query", &s.query)
            .field("body", &s.body)
            .field("response_timeout", &s.response_timeout)
            .field("read_timeout", &s.read_timeout)
            .field("total_timeout", &s.total_timeout)
            .field("max_retries", &s.max_retries)
            .field("problem", &s.problem)
            .finish()
    }
}

impl RequestOptions {
    /// No extra settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The settings (all unset when none was given).
    pub(crate) fn get(&self) -> &Settings {
        static NONE: LazyLock<Settings> = LazyLock::new(Settings::default);
        self.0.as_deref().unwrap_or(&NONE)
    }

    /// The settings, to change.
    pub(crate) fn get_mut(&mut self) -> &mut Settings {
        self.0.get_or_insert_default()
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
                value.set_sensitive(is_sensitive_header(name.as_str()));
                self.get_mut().headers.insert(name, value);
            }
            Err(e) => {
                self.get_mut().problem.get_or_insert(e);
            }
        }
        self
    }

    /// Adds a query parameter to this call's URL.
    #[must_use]
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.get_mut().query.push((name.into(), value.into()));
        self
    }

    /// Puts `pairs` before the query parameters already set (a typed query's, before the
    /// call's own).
    pub(crate) fn prepend_query(mut self, pairs: Vec<(String, String)>) -> Self {
        if !pairs.is_empty() {
            let query = &mut self.get_mut().query;
            let rest = std::mem::take(query);
            *query = pairs;
            query.extend(rest);
        }
        self
    }

    /// Adds a top-level field to this call's body, as the Python SDK's `extra_body`: it
    /// replaces the request's field of the same name (on `chat.completions.create`, only the
    /// fields the SDK lets its `extra_body` replace, see
    /// [`EndpointInfo::extra_body_replaces`](crate::endpoints::EndpointInfo::extra_body_replaces)).
    /// A form takes it as a field (lists as `name[]`, objects as `name[key]`); a call without a
    /// body sends the fields as its JSON body; a `GET` fails with
    /// [`OptionError::InvalidBodyField`](crate::OptionError::InvalidBodyField).
    #[must_use]
    pub fn body_field(mut self, name: impl Into<String>, value: Value) -> Self {
        self.get_mut().body.insert(name.into(), value);
        self
    }

    /// The Python SDK's per-call `timeout`: the longest wait for the response headers and
    /// between two reads of the body, for this call (it overrides the client's
    /// `response_timeout` and `read_timeout`). The gateway's own deadline is the
    /// `x-portkey-request-timeout` header (the `request_timeout` option).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.get_mut().response_timeout = Some(timeout);
        self.get_mut().read_timeout = Some(timeout);
        self
    }

    /// The longest wait for the response headers of each attempt of this call.
    #[must_use]
    pub fn response_timeout(mut self, timeout: Duration) -> Self {
        self.get_mut().response_timeout = Some(timeout);
        self
    }

    /// The longest gap between two reads of this call's body (or stream).
    #[must_use]
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.get_mut().read_timeout = Some(timeout);
        self
    }

    /// A deadline for the whole call: every attempt, the waits between them, and the body or
    /// the whole stream.
    #[must_use]
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.get_mut().total_timeout = Some(timeout);
        self
    }

    /// How many times this call may be retried (overrides `max_retries`).
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.get_mut().max_retries = Some(retries);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_headers_are_kept_as_errors_naming_them() {
        let o = RequestOptions::new().header("x-ok", "1").header("x-bad", "a\nb").header("x-later", "2");
        assert_eq!(o.get().headers.len(), 2);
        let e = o.get().problem.clone().unwrap();
        assert_eq!(e.to_string(), "header `x-bad` contains a line break or another control character");
    }

    #[test]
    fn credentials_and_the_schemas_sensitive_headers_are_sensitive() {
        let o = RequestOptions::new()
            .header("Authorization", "Bearer sk")
            .header("x-portkey-virtual-key", "vk")
            .header("X-Portkey-Config", "{}")
            .header("aws-session-token", "forwarded")
            .header("x-trace", "t")
            .header("x-portkey-trace-id", "t");
        for name in ["authorization", "x-portkey-virtual-key", "x-portkey-config", "aws-session-token"] {
            assert!(o.get().headers[name].is_sensitive(), "{name}");
        }
        assert!(!o.get().headers["x-trace"].is_sensitive());
        assert!(!o.get().headers["x-portkey-trace-id"].is_sensitive());
    }
}
