//! What the Portkey gateway says about a reply beyond the provider's answer: [`Gateway`], its
//! headers (trace, request id, cache, retries, routing), the same on a reply, a stream before
//! its first event, a download and an [`ApiError`](crate::ApiError); and [`HookResults`], the
//! verdicts of the guardrails a config runs (not in any OpenAPI document: read from the
//! open-source gateway's code, 1.15.2).

use std::fmt;

use http::HeaderMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The gateway's headers of one reply, read as typed values. Get it from
/// [`ResponseMeta::gateway`](crate::ResponseMeta::gateway), [`ApiError::gateway`](crate::ApiError::gateway)
/// or [`Error::gateway`](crate::Error::gateway).
#[derive(Clone, Copy)]
pub struct Gateway<'a> {
    headers: &'a HeaderMap,
}

impl<'a> Gateway<'a> {
    /// The gateway's view of `headers`.
    pub fn new(headers: &'a HeaderMap) -> Self {
        Gateway { headers }
    }

    fn header(&self, name: &str) -> Option<&'a str> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty())
    }

    /// `x-portkey-trace-id`: the trace the request was logged under.
    pub fn trace_id(&self) -> Option<&'a str> {
        self.header("x-portkey-trace-id")
    }

    /// The request id (`x-portkey-request-id`, else the provider's `x-request-id`).
    pub fn request_id(&self) -> Option<&'a str> {
        self.header("x-portkey-request-id").or_else(|| self.header("x-request-id"))
    }

    /// `x-portkey-cache-status`: whether the reply came from the gateway's cache.
    pub fn cache_status(&self) -> Option<CacheStatus> {
        self.header("x-portkey-cache-status").map(CacheStatus::parse)
    }

    /// `x-portkey-retry-attempt-count`: how many times the gateway retried (`-1` when its
    /// retries ran out).
    pub fn retry_attempt_count(&self) -> Option<i64> {
        self.header("x-portkey-retry-attempt-count").and_then(|v| v.parse().ok())
    }

    /// `x-portkey-last-used-option-index`: which config target answered (`config`,
    /// `config.targets[1]`, ...).
    pub fn last_used_option_index(&self) -> Option<&'a str> {
        self.header("x-portkey-last-used-option-index")
    }

    /// `x-portkey-provider`: the provider that answered.
    pub fn provider(&self) -> Option<&'a str> {
        self.header("x-portkey-provider")
    }

    /// `x-portkey-gateway-exception`: the gateway itself failed (not the provider).
    pub fn is_gateway_exception(&self) -> bool {
        self.header("x-portkey-gateway-exception").is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }
}

impl fmt::Debug for Gateway<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gateway")
            .field("trace_id", &self.trace_id())
            .field("request_id", &self.request_id())
            .field("cache_status", &self.cache_status())
            .field("retry_attempt_count", &self.retry_attempt_count())
            .field("last_used_option_index", &self.last_used_option_index())
            .field("provider", &self.provider())
            .finish()
    }
}

/// `x-portkey-cache-status`, as the gateway spells it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CacheStatus {
    /// `HIT`: served from the simple cache.
    Hit,
    /// `SEMANTIC HIT`: served from the semantic cache.
    SemanticHit,
    /// `MISS`: not cached yet; the reply is stored.
    Miss,
    /// `SEMANTIC MISS`: no semantically close entry; the reply is stored.
    SemanticMiss,
    /// `DISABLED`: caching is off for this request.
    Disabled,
    /// `REFRESH`: the cache was bypassed (`cache_force_refresh`) and refreshed.
    Refresh,
    /// A status this version does not know, as sent.
    Other(String),
}

impl CacheStatus {
    /// Reads the header's value (case aside).
    pub fn parse(value: &str) -> Self {
        const KNOWN: [(&str, CacheStatus); 6] = [
            ("HIT", CacheStatus::Hit),
            ("SEMANTIC HIT", CacheStatus::SemanticHit),
            ("MISS", CacheStatus::Miss),
            ("SEMANTIC MISS", CacheStatus::SemanticMiss),
            ("DISABLED", CacheStatus::Disabled),
            ("REFRESH", CacheStatus::Refresh),
        ];
        let value = value.trim();
        KNOWN
            .into_iter()
            .find(|(text, _)| text.eq_ignore_ascii_case(value))
            .map_or_else(|| CacheStatus::Other(value.to_string()), |(_, status)| status)
    }

    /// The header's value.
    pub fn as_str(&self) -> &str {
        match self {
            CacheStatus::Hit => "HIT",
            CacheStatus::SemanticHit => "SEMANTIC HIT",
            CacheStatus::Miss => "MISS",
            CacheStatus::SemanticMiss => "SEMANTIC MISS",
            CacheStatus::Disabled => "DISABLED",
            CacheStatus::Refresh => "REFRESH",
            CacheStatus::Other(other) => other,
        }
    }

    /// Whether the reply came from the cache (`HIT` or `SEMANTIC HIT`).
    pub fn is_hit(&self) -> bool {
        matches!(self, CacheStatus::Hit | CacheStatus::SemanticHit)
    }
}

impl fmt::Display for CacheStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `hook_results` of a reply: the guardrails (and other hooks) run before the request and
/// after the provider's reply. On a 246 reply (served, a guardrail failed), a 446 error (a
/// guardrail denied it) and, with `strict_open_ai_compliance(false)`, on every reply whose
/// request ran hooks, streams included.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HookResults {
    /// The hooks run on the request (`input_guardrails`, `before_request_hooks`).
    pub before_request_hooks: Vec<HookResult>,
    /// The hooks run on the reply (`output_guardrails`, `after_request_hooks`).
    pub after_request_hooks: Vec<HookResult>,
    /// Fields this version does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl HookResults {
    /// The `hook_results` of a reply's JSON object, if it has them in a readable shape.
    pub fn of(object: &Value) -> Option<Self> {
        Self::read(object.get("hook_results")?)
    }

    /// `hook_results`' own value, if it has a readable shape.
    pub(crate) fn read(value: &Value) -> Option<Self> {
        Self::deserialize(value).ok()
    }

    /// Every hook that ran and failed (its verdict is false), before and after the request.
    pub fn failed(&self) -> impl Iterator<Item = &HookResult> {
        self.before_request_hooks.iter().chain(&self.after_request_hooks).filter(|hook| !hook.verdict && !hook.skipped)
    }

    /// Adds `other`'s hooks (a stream may bring the request's and the reply's apart).
    pub(crate) fn merge(&mut self, other: HookResults) {
        self.before_request_hooks.extend(other.before_request_hooks);
        self.after_request_hooks.extend(other.after_request_hooks);
        self.extra.extend(other.extra);
    }
}

/// One hook (a guardrail, a mutator) and its checks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HookResult {
    /// The hook's id (`input_guardrail_x1y`, or the guardrail's own id).
    pub id: String,
    /// Whether every check passed (a check that errored without `fail_on_error` passes).
    pub verdict: bool,
    /// Whether the hook failed and denies the request (a 446).
    pub deny: bool,
    /// Whether the hook was skipped (it does not apply to the request: an embedding's output,
    /// a reply that was not a 200); it then has no verdict.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub skipped: bool,
    /// `guardrail` or `mutator`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Whether a check changed the request or the reply.
    pub transformed: bool,
    /// Whether the hook ran without holding the request back.
    #[serde(rename = "async")]
    pub is_async: bool,
    /// The checks, in order.
    pub checks: Vec<GuardrailCheck>,
    /// The feedback the hook's `on_fail` / `on_success` sends, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Value>,
    /// Milliseconds the hook took.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execution_time: Option<f64>,
    /// When it ran (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields this version does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One check of a hook (`default.contains`, `default.regexMatch`, a partner's...).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GuardrailCheck {
    /// The check's id (`default.contains`).
    pub id: String,
    /// Whether it passed.
    pub verdict: bool,
    /// What the check found (its own shape: `explanation`, `foundWords`...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// Why the check could not run, if it could not (`name`, `message`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
    /// Whether an error of this check fails the hook.
    pub fail_on_error: bool,
    /// Whether the check changed the request or the reply.
    pub transformed: bool,
    /// Milliseconds the check took.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execution_time: Option<f64>,
    /// When it ran (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields this version does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_read_as_typed_values() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("x-portkey-trace-id", "t-1"),
            ("x-request-id", "r-1"),
            ("x-portkey-cache-status", "semantic hit"),
            ("x-portkey-retry-attempt-count", "-1"),
            ("x-portkey-last-used-option-index", "config.targets[1]"),
            ("x-portkey-provider", "openai"),
            ("x-portkey-gateway-exception", "true"),
        ] {
            headers.insert(name, value.parse().unwrap());
        }
        let gateway = Gateway::new(&headers);
        assert_eq!((gateway.trace_id(), gateway.request_id()), (Some("t-1"), Some("r-1")));
        assert_eq!(gateway.cache_status(), Some(CacheStatus::SemanticHit));
        assert_eq!(gateway.retry_attempt_count(), Some(-1));
        assert_eq!(gateway.last_used_option_index(), Some("config.targets[1]"));
        assert_eq!(gateway.provider(), Some("openai"));
        assert!(gateway.is_gateway_exception());
        assert!(format!("{gateway:?}").contains("SemanticHit"));
        let none = HeaderMap::new();
        assert_eq!(Gateway::new(&none).cache_status(), None);
    }

    /// A 446 body as the open-source gateway 1.15.2 writes it (`default.contains`, deny).
    #[test]
    fn hook_results_read_from_the_gateways_body() {
        let body = serde_json::json!({
            "error": {"message": "The guardrail checks defined in the config failed.", "type": "hooks_failed"},
            "hook_results": {
                "before_request_hooks": [{
                    "verdict": false, "id": "input_guardrail_abc", "transformed": false,
                    "checks": [{
                        "data": {"explanation": "Check failed", "foundWords": ["forbidden"]},
                        "verdict": false, "id": "default.contains", "execution_time": 0,
                        "transformed": false, "created_at": "2026-12-07T16:00:00.000Z", "log": null,
                        "fail_on_error": false
                    }],
                    "feedback": null, "execution_time": 1, "async": false, "type": "guardrail",
                    "created_at": "2026-12-07T16:00:00.000Z", "deny": true
                }],
                "after_request_hooks": []
            }
        });
        let hooks = HookResults::of(&body).unwrap();
        let failed: Vec<&HookResult> = hooks.failed().collect();
        assert_eq!(failed.len(), 1);
        let hook = failed[0];
        assert!(hook.deny && !hook.verdict && !hook.is_async);
        assert_eq!((hook.id.as_str(), hook.kind.as_deref()), ("input_guardrail_abc", Some("guardrail")));
        assert_eq!(hook.checks[0].id, "default.contains");
        assert_eq!(hook.checks[0].data.as_ref().unwrap()["foundWords"][0], "forbidden");
        assert_eq!(hook.checks[0].extra["log"], Value::Null);
        assert_eq!(HookResults::of(&serde_json::json!({"id": "x"})), None);
    }

    #[test]
    fn cache_statuses_round_trip_and_keep_unknown_ones() {
        for text in ["HIT", "SEMANTIC HIT", "MISS", "SEMANTIC MISS", "DISABLED", "REFRESH"] {
            assert_eq!(CacheStatus::parse(text).as_str(), text);
        }
        assert_eq!(CacheStatus::parse("STALE"), CacheStatus::Other("STALE".into()));
        assert!(CacheStatus::parse("HIT").is_hit() && !CacheStatus::parse("MISS").is_hit());
    }
}
