//! Webhook signatures, checked against the real SDK: every case of `tests/webhooks/vectors.json`
//! (`conformance/webhook_vectors.py`: payloads signed in Python, then run through the SDK's
//! `verify_signature` and `unwrap` at a fixed time) gives the same outcome with
//! `client.webhooks()`: the same success and JSON, or the same error class and message.

use std::time::{Duration, UNIX_EPOCH};

use base64::Engine;
use http::{HeaderMap, HeaderName, HeaderValue};
use portkey::Portkey;
use portkey::endpoints::webhooks::WebhookError;
use serde_json::Value;

/// Cases Rust cannot or does not mirror, with the reason (README, "Where Rust differs").
const DIFFERENCES: &[(&str, &str)] = &[
    ("timestamp arabic-indic digits", "Python's int() reads any Unicode digit; Rust reads ASCII digits"),
    ("tolerance -1 timestamp +0", "a negative tolerance: Rust's is a Duration"),
    (
        "duplicate header name case variants bad first",
        "a Python dict keeps the first spelling; an HTTP header map joins both values",
    ),
    (
        "duplicate header name case variants good first",
        "a Python dict keeps the first spelling; an HTTP header map joins both values",
    ),
    ("unwrap UTF-8 BOM str", "Rust takes the payload as bytes, where the SDK's json.loads skips a byte order mark"),
];

/// The SDK's exception class and message for a Rust error.
fn python(error: &WebhookError) -> (&'static str, String) {
    let class = match error {
        WebhookError::MissingSecret | WebhookError::MissingHeader(_) => "ValueError",
        WebhookError::InvalidTimestamp
        | WebhookError::TooOld
        | WebhookError::TooNew
        | WebhookError::SignatureMismatch => "InvalidWebhookSignatureError",
        WebhookError::NonAsciiSignature => "TypeError",
        WebhookError::InvalidSecret(message) => return ("Error", message.clone()),
        WebhookError::InvalidPayload => return ("UnicodeDecodeError", String::new()),
        WebhookError::InvalidJson(_) => return ("JSONDecodeError", String::new()),
        _ => "unknown",
    };
    (class, error.to_string())
}

/// Whether `got` is the outcome the SDK recorded.
fn same(want: &Value, got: Result<Value, WebhookError>) -> Result<(), String> {
    match (want.get("ok"), got) {
        (Some(Value::Bool(true)), Ok(Value::Null)) => Ok(()),
        (Some(value), Ok(got)) if *value == got => Ok(()),
        (None, Err(e)) => {
            let (class, message) = python(&e);
            let want_message = want["message"].as_str().unwrap_or_default();
            let message_ok = message.is_empty() || message == want_message;
            if want["error"] == class && message_ok {
                Ok(())
            } else {
                Err(format!("got {class}: {message}; want {want}"))
            }
        }
        (_, got) => Err(format!("got {got:?}; want {want}")),
    }
}

/// The case's headers, when each is a valid HTTP header.
fn header_map(pairs: &Value) -> Option<HeaderMap> {
    let mut headers = HeaderMap::new();
    for pair in pairs.as_array()? {
        let name = HeaderName::from_bytes(pair[0].as_str()?.as_bytes()).ok()?;
        headers.append(name, HeaderValue::from_bytes(pair[1].as_str()?.as_bytes()).ok()?);
    }
    Some(headers)
}

#[test]
fn webhooks_verify_and_unwrap_as_the_sdk_does() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/webhooks/vectors.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (mut checked, mut skipped, mut failures) = (0, Vec::new(), Vec::new());
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        if case["headers_as"] == "list" || DIFFERENCES.iter().any(|(n, _)| *n == name) {
            skipped.push(name);
            continue;
        }
        let payload = match case["payload"].as_str() {
            Some(text) => text.as_bytes().to_vec(),
            None => base64::engine::general_purpose::STANDARD.decode(case["payload_b64"].as_str().unwrap()).unwrap(),
        };
        // A value HTTP cannot carry (a line break...) never reaches a webhook handler.
        let Some(headers) = header_map(&case["headers"]) else {
            skipped.push(name);
            continue;
        };
        let env = case["env"].clone();
        let mut builder = Portkey::builder().api_key("pk-test");
        if let Some(secret) = case["client_webhook_secret"].as_str() {
            builder = builder.webhook_secret(secret);
        }
        let client = builder.build_with_env(&|var| env[var].as_str().map(str::to_string)).unwrap();
        let now = UNIX_EPOCH + Duration::from_secs_f64(case["now"].as_f64().unwrap());
        let secret = case["secret"].as_str();
        let tolerance = Duration::from_secs(case["tolerance"].as_u64().unwrap_or(300));
        let webhooks = client.webhooks();
        let verified = webhooks.verify_signature_at(&payload, &headers, secret, tolerance, now).map(|()| Value::Null);
        let unwrapped = webhooks.unwrap_at(&payload, &headers, secret, now);
        for (what, want, got) in [("verify", &case["verify"], verified), ("unwrap", &case["unwrap"], unwrapped)] {
            if let Err(problem) = same(want, got) {
                failures.push(format!("{name} ({what}): {problem}"));
            }
        }
        checked += 1;
    }
    eprintln!("{checked} cases checked, {} skipped: {skipped:?}", skipped.len());
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert!(checked > 150);
}
