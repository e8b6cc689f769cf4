//! When to retry a failed attempt, and how long to wait first.
//!
//! The Python SDK (its own client and the OpenAI client it vendors, both `_should_retry`)
//! retries a reply only when its status is 500 or more and it carries none of
//! `x-portkey-trace-id`, `x-portkey-request-id` and `x-portkey-gateway-exception` (a header
//! with an empty value counts as absent, as in Python): a reply the gateway made was already
//! retried as the request's config says, and sending it again would multiply those retries.
//! So a 429, a 408 or a 409 is never retried by the client, whatever `x-should-retry` says.
//! Connection errors and timeouts are retried (as the vendored OpenAI client does; the SDK's
//! Portkey route does not retry timeouts, see README). Between attempts it honours
//! `retry-after-ms` / `retry-after` up to 60 s, and otherwise waits `0.5 s * 2^attempt`, capped
//! at 8 s, minus up to 25 % jitter. It never applies once a stream has started: by then the
//! response is already returned.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};

/// The first backoff step.
const INITIAL_DELAY: Duration = Duration::from_millis(500);
/// The longest backoff step.
const MAX_DELAY: Duration = Duration::from_secs(8);
/// The longest `Retry-After` honoured; longer ones fall back to backoff.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// How an attempt ended, as far as retrying is concerned.
#[derive(Debug)]
pub enum Attempt<'a> {
    /// The gateway could not be reached, or did not answer in time.
    Transport,
    /// The gateway answered with this non-success status and these headers.
    Status(StatusCode, &'a HeaderMap),
}

/// The reply headers by which the gateway says it made the reply (and so retried already).
const GATEWAY_MADE: [&str; 3] = ["x-portkey-trace-id", "x-portkey-request-id", "x-portkey-gateway-exception"];

/// Whether an attempt that ended so may be retried.
pub fn is_retryable(attempt: &Attempt<'_>) -> bool {
    match attempt {
        Attempt::Transport => true,
        Attempt::Status(status, headers) => {
            status.as_u16() >= 500
                && !GATEWAY_MADE.iter().any(|name| headers.get(*name).is_some_and(|value| !value.is_empty()))
        }
    }
}

/// How long to wait before retry number `retry` (0 for the first retry). `jitter` is a number
/// in `[0, 1)`; tests pass a fixed one.
pub fn delay(retry: u32, headers: Option<&HeaderMap>, jitter: f64) -> Duration {
    if let Some(wait) = headers.and_then(retry_after) {
        return wait;
    }
    let base = INITIAL_DELAY.saturating_mul(2u32.saturating_pow(retry.min(16))).min(MAX_DELAY);
    base.mul_f64(1.0 - 0.25 * jitter.clamp(0.0, 1.0))
}

/// The server's requested wait, if it gave a usable one (more than zero, at most 60 s).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let wait = if let Some(ms) = text("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        Some(ms / 1000.0)
    } else if let Some(value) = text("retry-after") {
        value.parse::<f64>().ok().or_else(|| {
            let at = httpdate_parse(value)?;
            Some(at.duration_since(SystemTime::now()).map_or(0.0, |d| d.as_secs_f64()))
        })
    } else {
        None
    }?;
    (wait.is_finite() && wait > 0.0 && wait <= MAX_RETRY_AFTER.as_secs_f64()).then(|| Duration::from_secs_f64(wait))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form `Retry-After` dates take.
fn httpdate_parse(s: &str) -> Option<SystemTime> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else { return None };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let (day, year): (i64, i64) = (day.parse().ok()?, year.parse().ok()?);
    let hms: Vec<i64> = time.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let [h, m, sec] = hms.as_slice() else { return None };
    // Days since 1970-01-01 (civil-from-days inverse, Howard Hinnant's algorithm).
    let (y, mo) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + h * 3600 + m * 60 + sec;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (http::HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn retryable_statuses_and_transport_errors() {
        let none = HeaderMap::new();
        let retryable = |code: u16, headers: &HeaderMap| {
            is_retryable(&Attempt::Status(StatusCode::from_u16(code).unwrap(), headers))
        };
        for code in [500, 502, 503, 504, 599, 600] {
            assert!(retryable(code, &none), "{code}");
        }
        for code in [400, 401, 403, 404, 408, 409, 422, 429] {
            assert!(!retryable(code, &none), "{code}");
        }
        assert!(is_retryable(&Attempt::Transport));
        // What the gateway answered, it already retried.
        for name in GATEWAY_MADE {
            let made = headers(&[(name, "t-1")]);
            assert!(!retryable(503, &made), "{name}");
            let empty = headers(&[(name, "")]);
            assert!(retryable(503, &empty), "{name} empty counts as absent");
        }
        // `x-should-retry` is not read, as in the SDK.
        assert!(!retryable(400, &headers(&[("x-should-retry", "true")])));
        assert!(retryable(500, &headers(&[("x-should-retry", "false")])));
    }

    #[test]
    fn exponential_backoff_with_jitter_and_a_cap() {
        assert_eq!(delay(0, None, 0.0), Duration::from_millis(500));
        assert_eq!(delay(1, None, 0.0), Duration::from_secs(1));
        assert_eq!(delay(3, None, 0.0), Duration::from_secs(4));
        assert_eq!(delay(10, None, 0.0), Duration::from_secs(8));
        assert_eq!(delay(0, None, 1.0), Duration::from_millis(375));
        assert_eq!(delay(u32::MAX, None, 0.5), Duration::from_secs(7));
    }

    #[test]
    fn retry_after_is_honoured_within_limits() {
        assert_eq!(delay(0, Some(&headers(&[("retry-after", "2")])), 0.0), Duration::from_secs(2));
        assert_eq!(delay(0, Some(&headers(&[("retry-after-ms", "150")])), 0.0), Duration::from_millis(150));
        assert_eq!(delay(0, Some(&headers(&[("retry-after", "600")])), 0.0), Duration::from_millis(500));
        assert_eq!(delay(0, Some(&headers(&[("retry-after", "0")])), 0.0), Duration::from_millis(500));
        assert_eq!(delay(0, Some(&headers(&[("retry-after", "soon")])), 0.0), Duration::from_millis(500));
        // A date in the past means "now", which falls back to backoff.
        let past = headers(&[("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")]);
        assert_eq!(delay(0, Some(&past), 0.0), Duration::from_millis(500));
    }

    #[test]
    fn http_dates_parse() {
        let t = httpdate_parse("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs(), 784_111_777);
        assert!(httpdate_parse("yesterday").is_none());
    }
}
