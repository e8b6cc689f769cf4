//! `client.webhooks()`: checking a webhook's signature and reading its payload, as the SDK
//! does (the "standard webhooks" scheme of its vendored OpenAI client). Nothing is sent.
//!
//! The scheme: headers `webhook-id`, `webhook-timestamp` and `webhook-signature` (space-
//! separated `v1,<base64>` tokens); the key is the base64 after `whsec_` (or the secret's bytes
//! without that prefix); the signature is HMAC-SHA256 over `{id}.{timestamp}.{payload}`,
//! standard base64. The timestamp must be within `tolerance` seconds of now, either way.
//! Signatures are compared in constant time.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use hmac::{Hmac, Mac};
use http::HeaderMap;
use serde_json::Value;
use sha2::Sha256;

use super::Webhooks;
use crate::Flavor;

/// The SDK's default tolerance: five minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// The environment variable the SDK's OpenAI client reads the secret from last.
pub(crate) const WEBHOOK_SECRET_ENV: &str = "OPENAI_WEBHOOK_SECRET";

/// Why a webhook was refused. The messages are the SDK's.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// No secret: none given, none on the client (`webhook_secret`), none in
    /// `OPENAI_WEBHOOK_SECRET`.
    MissingSecret,
    /// A `whsec_` secret that is not valid base64.
    InvalidSecret(String),
    /// A required header is missing.
    MissingHeader(&'static str),
    /// `webhook-timestamp` is not an integer.
    InvalidTimestamp,
    /// The timestamp is older than the tolerance.
    TooOld,
    /// The timestamp is further in the future than the tolerance.
    TooNew,
    /// No signature of the header matches.
    SignatureMismatch,
    /// A signature token with non-ASCII characters was reached before a match.
    NonAsciiSignature,
    /// The payload is not UTF-8.
    InvalidPayload,
    /// The payload is not JSON (`unwrap` only).
    InvalidJson(String),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingSecret => f.write_str(
                "The webhook secret must either be set using the env var, OPENAI_WEBHOOK_SECRET, on the client \
                 class, OpenAI(webhook_secret='123'), or passed to this function",
            ),
            WebhookError::InvalidSecret(problem) => write!(f, "invalid webhook secret: {problem}"),
            WebhookError::MissingHeader(name) => write!(f, "Could not find {name} header"),
            WebhookError::InvalidTimestamp => f.write_str("Invalid webhook timestamp format"),
            WebhookError::TooOld => f.write_str("Webhook timestamp is too old"),
            WebhookError::TooNew => f.write_str("Webhook timestamp is too new"),
            WebhookError::SignatureMismatch => {
                f.write_str("The given webhook signature does not match the expected signature")
            }
            WebhookError::NonAsciiSignature => {
                f.write_str("comparing strings with non-ASCII characters is not supported")
            }
            WebhookError::InvalidPayload => f.write_str("the webhook payload is not UTF-8"),
            WebhookError::InvalidJson(problem) => write!(f, "the webhook payload is not JSON: {problem}"),
        }
    }
}

impl std::error::Error for WebhookError {}

impl<F: Flavor> Webhooks<'_, F> {
    /// Checks `payload`'s signature with `secret`, or else the client's `webhook_secret`, or
    /// else `OPENAI_WEBHOOK_SECRET` as it was when the client was built; the timestamp may be
    /// [`DEFAULT_TOLERANCE`] away from now. The SDK's `client.webhooks.verify_signature(..)`.
    pub fn verify_signature(
        &self,
        payload: &[u8],
        headers: &HeaderMap,
        secret: Option<&str>,
    ) -> Result<(), WebhookError> {
        self.verify_signature_with(payload, headers, secret, DEFAULT_TOLERANCE)
    }

    /// [`verify_signature`](Self::verify_signature) with another tolerance.
    pub fn verify_signature_with(
        &self,
        payload: &[u8],
        headers: &HeaderMap,
        secret: Option<&str>,
        tolerance: Duration,
    ) -> Result<(), WebhookError> {
        self.verify_signature_at(payload, headers, secret, tolerance, SystemTime::now())
    }

    /// [`verify_signature_with`](Self::verify_signature_with) as if the time were `now`, for
    /// tests and for replaying recorded webhooks.
    pub fn verify_signature_at(
        &self,
        payload: &[u8],
        headers: &HeaderMap,
        secret: Option<&str>,
        tolerance: Duration,
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let secret = self.secret(secret)?;
        verify(payload, headers, &secret, tolerance, unix_seconds(now))
    }

    /// Checks the signature as [`verify_signature`](Self::verify_signature) does, then returns
    /// the payload as JSON (a UTF-8 byte order mark is skipped, as the SDK's `json.loads`
    /// skips it in bytes). The SDK's `client.webhooks.unwrap(..)`.
    pub fn unwrap(&self, payload: &[u8], headers: &HeaderMap, secret: Option<&str>) -> Result<Value, WebhookError> {
        self.unwrap_at(payload, headers, secret, SystemTime::now())
    }

    /// [`unwrap`](Self::unwrap) as if the time were `now`.
    pub fn unwrap_at(
        &self,
        payload: &[u8],
        headers: &HeaderMap,
        secret: Option<&str>,
        now: SystemTime,
    ) -> Result<Value, WebhookError> {
        self.verify_signature_at(payload, headers, secret, DEFAULT_TOLERANCE, now)?;
        parse(payload)
    }

    /// The secret the SDK would use: the call's, the client's, the environment's.
    fn secret(&self, given: Option<&str>) -> Result<String, WebhookError> {
        given
            .map(str::to_string)
            .or_else(|| self.client.resolved().settings.webhook_secret.as_ref().map(|s| s.expose().to_string()))
            .or_else(|| self.client.env_var(WEBHOOK_SECRET_ENV))
            .ok_or(WebhookError::MissingSecret)
    }
}

/// Seconds since the Unix epoch, truncated (Python's `int(time.time())`).
fn unix_seconds(time: SystemTime) -> i128 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i128::from(after.as_secs()),
        Err(before) => -i128::from(before.duration().as_secs()),
    }
}

/// The check itself, at the time `now` (seconds since the Unix epoch), in the SDK's order:
/// headers, timestamp format, tolerance, secret, signatures.
pub fn verify(
    payload: &[u8],
    headers: &HeaderMap,
    secret: &str,
    tolerance: Duration,
    now: i128,
) -> Result<(), WebhookError> {
    let signatures = header(headers, "webhook-signature")?;
    let timestamp = header(headers, "webhook-timestamp")?;
    let id = header(headers, "webhook-id")?;
    let at = python_int(&timestamp).ok_or(WebhookError::InvalidTimestamp)?;
    let tolerance = i128::from(tolerance.as_secs());
    if now - at > tolerance {
        return Err(WebhookError::TooOld);
    }
    if at > now + tolerance {
        return Err(WebhookError::TooNew);
    }
    let key = match secret.strip_prefix("whsec_") {
        Some(encoded) => python_b64decode(encoded).map_err(WebhookError::InvalidSecret)?,
        None => secret.as_bytes().to_vec(),
    };
    let payload = std::str::from_utf8(payload).map_err(|_| WebhookError::InvalidPayload)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|e| WebhookError::InvalidSecret(e.to_string()))?;
    mac.update(format!("{id}.{timestamp}.{payload}").as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    for token in signatures.split_whitespace() {
        let token = token.strip_prefix("v1,").unwrap_or(token);
        if !token.is_ascii() {
            return Err(WebhookError::NonAsciiSignature);
        }
        if constant_time_eq(expected.as_bytes(), token.as_bytes()) {
            return Ok(());
        }
    }
    Err(WebhookError::SignatureMismatch)
}

/// The payload as JSON, a leading UTF-8 byte order mark skipped.
pub fn parse(payload: &[u8]) -> Result<Value, WebhookError> {
    let payload = payload.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(payload);
    serde_json::from_slice(payload).map_err(|e| WebhookError::InvalidJson(e.to_string()))
}

/// A header's value; repeated ones joined with `", "` (as httpx joins them).
fn header(headers: &HeaderMap, name: &'static str) -> Result<String, WebhookError> {
    let values: Vec<String> =
        headers.get_all(name).iter().map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).collect();
    if values.is_empty() {
        return Err(WebhookError::MissingHeader(name));
    }
    Ok(values.join(", "))
}

/// Equal contents, compared in time that depends on the lengths only.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Python's `int(text)` for ASCII digits: surrounding whitespace, a sign, single underscores
/// between digits. Values past 128 bits saturate (they fail the tolerance check either way).
fn python_int(text: &str) -> Option<i128> {
    let text = text.trim();
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    let mut value: i128 = 0;
    for b in digits.bytes().filter(|&b| b != b'_') {
        let digit = i128::from(char::from(b).to_digit(10)?);
        value = value.saturating_mul(10).saturating_add(digit);
    }
    Some(if negative { -value } else { value })
}

/// Python's `base64.b64decode(text)` (not validating): characters outside the alphabet are
/// skipped, padding ends the input, and an incomplete group is an error with binascii's message.
fn python_b64decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut quad, mut left, mut pads, mut data) = (0u8, 0u8, 0u8, 0usize);
    for c in text.bytes() {
        if c == b'=' {
            if quad >= 2 {
                pads += 1;
                if quad + pads >= 4 {
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(v) = base64_value(c) else { continue };
        pads = 0;
        data += 1;
        match quad {
            0 => left = v,
            1 => {
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
            }
            2 => {
                out.push((left << 4) | (v >> 2));
                left = v & 0x03;
            }
            _ => out.push((left << 6) | v),
        }
        quad = (quad + 1) % 4;
    }
    match quad {
        0 => Ok(out),
        1 => Err(format!(
            "Invalid base64-encoded string: number of data characters ({data}) cannot be 1 more than a multiple of 4"
        )),
        _ => Err("Incorrect padding".into()),
    }
}

fn base64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_int_and_b64decode_follow_python() {
        assert_eq!(python_int(" +1_750_000_000 "), Some(1_750_000_000));
        assert_eq!(python_int("-0012"), Some(-12));
        for bad in ["", "1__0", "_1", "1_", "1.5", "0x10", "+"] {
            assert_eq!(python_int(bad), None, "{bad}");
        }
        assert_eq!(python_b64decode("aGk=").unwrap(), b"hi");
        assert_eq!(python_b64decode("aG k=!").unwrap(), b"hi", "characters outside the alphabet are skipped");
        assert_eq!(python_b64decode("aGk=trailing").unwrap(), b"hi", "padding ends the input");
        assert_eq!(python_b64decode("aGk").unwrap_err(), "Incorrect padding");
        assert!(python_b64decode("aGkaa").unwrap_err().contains("(5) cannot be 1 more than a multiple of 4"));
    }
}
