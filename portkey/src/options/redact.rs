//! What `Debug` and logs hide: values under names that look like credentials, wherever they
//! sit (headers, JSON keys at any depth, JSON given as text, URL user info and query).
//!
//! The rule is a pattern, not a list: any name holding one of [`MARKERS`] is a credential's.
//! A name matched by mistake only hides a value from `Debug`; a credential missed by a list
//! would print in clear.

use serde_json::Value;

/// What a credential's name holds, in lower case: `x-goog-api-key`, `anthropic-api-key`,
/// `x-auth-token`, `x-amz-security-token`, `apikey`, `x-client-secret`, `proxy-authorization`,
/// `cookie`, `aws_secret_access_key`, `oracle_key_passphrase`, `private_key`...
const MARKERS: &[&str] =
    &["key", "token", "secret", "auth", "password", "passwd", "passphrase", "cookie", "credential"];

/// What a redacted value shows instead.
pub(crate) const REDACTED: &str = "[redacted]";
/// What redacted URL parts show (brackets would be percent-encoded there).
const REDACTED_IN_URL: &str = "redacted";

/// Whether `name` (a header name, a JSON key, a query parameter) looks like a credential's.
pub(crate) fn is_credential_name(name: &str) -> bool {
    // `x-portkey-trace-id` is no key.
    let lower = name.to_ascii_lowercase().replace("portkey", "");
    MARKERS.iter().any(|marker| lower.contains(marker))
}

/// A copy of `value` fit to show: under a credential-like key the whole value (string, list or
/// object) is replaced by `"[redacted]"`; strings are shown as [`redact_text`] shows them.
pub(crate) fn redact(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), if is_credential_name(k) { Value::from(REDACTED) } else { redact(v) }))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        Value::String(text) => redact_text(text).map_or_else(|| value.clone(), Value::String),
        other => other.clone(),
    }
}

/// Text fit to show: JSON text (a service account's key file given as a string) with its
/// credentials redacted, a PEM private key or unparsable JSON-looking text hidden whole, a URL
/// with its credentials hidden; `None` when it shows as it is.
pub(crate) fn redact_text(text: &str) -> Option<String> {
    if text.contains("PRIVATE KEY") {
        return Some(REDACTED.into());
    }
    if text.trim_start().starts_with(['{', '[']) {
        let shown =
            serde_json::from_str::<Value>(text).map_or_else(|_| REDACTED.into(), |json| redact(&json).to_string());
        return Some(shown);
    }
    redact_url(text)
}

/// A URL fit to show: its user name and password, and the values of credential-like query
/// parameters, replaced by `redacted`; `None` for text that is no URL, or a URL without
/// credentials.
pub(crate) fn redact_url(text: &str) -> Option<String> {
    if !text.contains("://") {
        return None;
    }
    let mut url = url::Url::parse(text).ok()?;
    let user_info = !url.username().is_empty() || url.password().is_some();
    let secret_query = url.query_pairs().any(|(name, _)| is_credential_name(&name));
    if !user_info && !secret_query {
        return None;
    }
    if user_info {
        let _ = url.set_username(if url.username().is_empty() { "" } else { REDACTED_IN_URL });
        if url.password().is_some() {
            let _ = url.set_password(Some(REDACTED_IN_URL));
        }
    }
    if secret_query {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if is_credential_name(&name) { REDACTED_IN_URL.into() } else { value.into_owned() };
                (name.into_owned(), value)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    Some(url.into())
}

/// Whether a URL carries credentials (user info, or a credential-like query parameter).
pub(crate) fn url_has_credentials(text: &str) -> bool {
    redact_url(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn credential_names_are_found_by_pattern() {
        for name in [
            "authorization",
            "Proxy-Authorization",
            "cookie",
            "x-goog-api-key",
            "openai-api-key",
            "anthropic-api-key",
            "x-auth-token",
            "x-access-token",
            "x-amz-security-token",
            "apikey",
            "x-client-secret",
            "X-Portkey-Virtual-Key",
            "oracle_key_passphrase",
            "db_password",
            "aws_credentials",
        ] {
            assert!(is_credential_name(name), "{name}");
        }
        for name in ["x-portkey-trace-id", "content-type", "x-request-id", "x-portkey-metadata", "provider"] {
            assert!(!is_credential_name(name), "{name}");
        }
    }

    #[test]
    fn json_hides_credentials_in_lists_objects_text_and_urls() {
        let service_account = json!({"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\nMII"});
        let shown = redact(&json!({
            "provider": "vertex-ai",
            "api_keys": ["sk-one", "sk-two"],
            "credentials": {"client": "c-1", "value": "hidden-3"},
            "vertex_service_account_json": service_account.to_string(),
            "pem": "-----BEGIN PRIVATE KEY-----\nMII",
            "custom_host": "https://user:pw-4@host.test/v1?api_key=qk-5&region=eu",
            "headers": {"cookie": "session=c-6", "x-auth": "a-7", "x-trace": "shown-8"},
        }))
        .to_string();
        for secret in ["sk-one", "sk-two", "hidden-3", "MII", "pw-4", "user", "qk-5", "c-6", "a-7"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        for kept in ["vertex-ai", "service_account", "host.test", "region=eu", "shown-8"] {
            assert!(shown.contains(kept), "{kept} not in {shown}");
        }
    }

    #[test]
    fn urls_without_credentials_are_kept_as_they_are() {
        assert_eq!(redact_url("https://host.test/v1?region=eu"), None);
        assert_eq!(redact_url("not a url"), None);
        assert_eq!(redact_url("https://u:p@h.test/").unwrap(), "https://redacted:redacted@h.test/");
        assert!(url_has_credentials("https://h.test/?token=t"));
        assert!(!url_has_credentials("https://h.test/?q=t"));
    }
}
