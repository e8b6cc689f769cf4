//! Comparing a request a client sent with one the Python SDK sent (the wire captures).

use std::collections::BTreeMap;

use portkey::testing::RecordedRequest;
use serde_json::Value;

/// Whether `name` is one of the capture's ignored headers (`x-stainless-*` is a prefix).
pub fn is_ignored(name: &str, ignored: &[String]) -> bool {
    ignored.iter().any(|i| i.strip_suffix('*').map_or(i == name, |prefix| name.starts_with(prefix)))
}

/// What differs in method, path, query and headers between `got` and the captured `want`.
/// Headers the capture ignores are left out; a name sent twice is one value joined with
/// `", "` (as the capture records it); a content type is compared without its parameters
/// (a multipart boundary differs on every request).
pub fn request_diffs(want: &Value, got: &RecordedRequest, ignored: &[String]) -> Vec<String> {
    let mut diffs = Vec::new();
    if got.method != want["method"] {
        diffs.push(format!("method {} != {}", got.method, want["method"]));
    }
    if got.path != want["path"] {
        diffs.push(format!("path {} != {}", got.path, want["path"]));
    }
    if got.query.clone().unwrap_or_default() != want["query"].as_str().unwrap_or_default() {
        diffs.push(format!("query {:?} != {}", got.query, want["query"]));
    }
    let mut headers: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in &got.headers {
        if !is_ignored(name, ignored) {
            let value = if name == "content-type" { value.split(';').next().unwrap_or_default() } else { value };
            headers
                .entry(name.clone())
                .and_modify(|v| *v = format!("{v}, {value}"))
                .or_insert_with(|| value.to_string());
        }
    }
    let want_headers = want["headers"].as_object().expect("captured headers");
    for (name, value) in want_headers {
        match headers.get(name) {
            Some(v) if v == value.as_str().unwrap_or_default() => {}
            other => diffs.push(format!("header {name}: want {value}, got {other:?}")),
        }
    }
    for name in headers.keys().filter(|n| !want_headers.contains_key(*n)) {
        diffs.push(format!("extra header {name}: {:?}", headers[name]));
    }
    diffs
}
