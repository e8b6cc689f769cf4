//! The checks [`ConfigBuilder::build`](super::ConfigBuilder::build) and
//! [`Config::from_json`](super::Config::from_json) run.

use std::fmt;

use serde_json::Value;

use super::{Config, Strategy, StrategyMode, Target};

/// A config the gateway would reject (or could not use), found before sending it.
///
/// `Display`: `invalid config: <path>: <message>`, e.g.
/// `invalid config: targets[1].weight: must be a finite number >= 0`. The path is empty for
/// the config as a whole. Secret values never appear in the message.
///
/// The rules, at the top level and in every (nested) target:
/// * a `strategy` needs non-empty `targets`, and `targets` need a `strategy`;
/// * credentials: a target needs `provider` and `api_key`, or `virtual_key`, or `strategy` and
///   `targets` (or what the gateway accepts instead of a key: provider `ollama` or `triton`;
///   `aws_access_key_id` and `aws_secret_access_key`; provider `vertex-ai` with `vertex_region`
///   and `vertex_project_id` or `vertex_service_account_json`). The top level may instead have
///   only `cache`, `retry`, `request_timeout` or hooks (the provider then comes from the
///   client's options);
/// * `weight`: a finite number >= 0; a loadbalance needs a target with a weight > 0 (a missing
///   weight counts as 1);
/// * a conditional strategy needs `conditions`; each `query` must be a JSON object; each
///   `then` and the `default` must name a target (`name`); `conditions` and `default` belong
///   to the conditional mode only;
/// * status codes (`strategy.on_status_codes`, `retry.on_status_codes`) are within 100..=599;
/// * `request_timeout` and `cache.max_age` are > 0;
/// * `custom_host` is an absolute http(s)/ws(s) URL and not a Portkey API host;
/// * `override_params` is a JSON object;
/// * `extra` holds no key that has a typed field (`api_key`, `retry`, ...);
/// * the top level (a config's root target) has no typed `name` or `weight` (in `extra` they
///   are sent as they are).
///
/// The gateway sets no limit on `retry.attempts`, and neither does this check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    path: String,
    message: String,
}

impl ConfigError {
    pub(super) fn new(path: &str, message: impl Into<String>) -> Self {
        ConfigError { path: path.to_string(), message: message.into() }
    }

    /// Where the problem is: `targets[1].weight`, `strategy.mode`, or `""` for the whole config.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "invalid config: {}", self.message)
        } else {
            write!(f, "invalid config: {}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

/// `path.key`, or `key` at the top.
pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

pub(super) const STATUS_RULE: &str = "must be an HTTP status code (100..=599)";

/// The typed fields of a target (and of a config's root, which has no `name` or `weight`).
const FIELDS: &[&str] = &[
    "strategy",
    "targets",
    "name",
    "weight",
    "provider",
    "api_key",
    "virtual_key",
    "custom_host",
    "override_params",
    "retry",
    "cache",
    "request_timeout",
    "forward_headers",
    "strict_open_ai_compliance",
];

/// A non-empty string (or an object) under `key` in `extra`.
fn has_extra(t: &Target, key: &str) -> bool {
    match t.extra.get(key) {
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Object(_)) => true,
        _ => false,
    }
}

/// Credentials the gateway accepts besides `provider` + `api_key`.
fn has_provider_credentials(t: &Target) -> bool {
    let provider = t.provider.as_deref().unwrap_or("");
    matches!(provider, "ollama" | "triton")
        || (has_extra(t, "aws_access_key_id") && has_extra(t, "aws_secret_access_key"))
        || (provider == "vertex-ai"
            && has_extra(t, "vertex_region")
            && (has_extra(t, "vertex_project_id") || has_extra(t, "vertex_service_account_json")))
}

pub(super) fn config(c: &Config) -> Result<(), ConfigError> {
    target(c, "", true)
}

/// A target at `path`, or (`root`) a config's root: it has no `name` or `weight`, and may carry
/// only behaviour (the provider then comes from the client's options).
fn target(n: &Target, path: &str, root: bool) -> Result<(), ConfigError> {
    let at = |key: &str| join(path, key);

    // Strategy and targets go together.
    match (&n.strategy, n.targets.is_empty()) {
        (Some(s), true) => {
            return Err(ConfigError::new(&at("targets"), format!("must not be empty with the {} strategy", s.mode)));
        }
        (None, false) => return Err(ConfigError::new(&at("strategy"), "required when `targets` is set")),
        _ => {}
    }

    // Credentials.
    let routed = n.strategy.is_some();
    let keyed = n.provider.is_some() && n.api_key.is_some();
    let behaviour_only = root
        && (n.cache.is_some()
            || n.retry.is_some()
            || n.request_timeout.is_some()
            || n.extra.contains_key("before_request_hooks")
            || n.extra.contains_key("after_request_hooks"));
    if !(routed || keyed || n.virtual_key.is_some() || has_provider_credentials(n) || behaviour_only) {
        return Err(match (n.provider.is_some(), root) {
            (true, _) => {
                ConfigError::new(&at("api_key"), "missing: `provider` needs an `api_key` (or use `virtual_key`)")
            }
            (false, false) => ConfigError::new(
                path,
                "needs credentials: `provider` and `api_key`, or `virtual_key`, or `strategy` and `targets`",
            ),
            (false, true) => ConfigError::new(
                path,
                "needs `provider` and `api_key`, or `virtual_key`, or `strategy` and `targets`, \
                 or at least one of `cache`, `retry`, `request_timeout`",
            ),
        });
    }

    if let Some(s) = &n.strategy {
        strategy(s, &at("strategy"))?;
    }

    // The target's own fields.
    let own = [("name", n.name.is_some()), ("weight", n.weight.is_some())];
    if root && let Some((key, _)) = own.into_iter().find(|&(_, set)| set) {
        return Err(ConfigError::new(&at(key), format!("only a target has a `{key}` (a config's goes in `extra`)")));
    }
    if let Some(w) = n.weight
        && !(w.is_finite() && w >= 0.0)
    {
        return Err(ConfigError::new(&at("weight"), "must be a finite number >= 0"));
    }
    if let Some(host) = &n.custom_host {
        custom_host(host, &at("custom_host"))?;
    }
    if let Some(params) = &n.override_params
        && !params.is_object()
    {
        return Err(ConfigError::new(&at("override_params"), "must be a JSON object"));
    }
    if let Some(r) = &n.retry
        && let Some(codes) = &r.on_status_codes
    {
        status_codes(codes, &at("retry.on_status_codes"))?;
    }
    if let Some(c) = &n.cache
        && c.max_age == Some(0)
    {
        return Err(ConfigError::new(&at("cache.max_age"), "must be > 0 (seconds)"));
    }
    if n.request_timeout == Some(0) {
        return Err(ConfigError::new(&at("request_timeout"), "must be > 0 (milliseconds)"));
    }
    let typed = |key: &str| FIELDS.contains(&key) && !(root && matches!(key, "name" | "weight"));
    if let Some(key) = n.extra.keys().find(|k| typed(k)) {
        return Err(ConfigError::new(&at("extra"), format!("`{key}` is a typed field; set it with its setter")));
    }

    // The targets, then what the strategy says about them.
    for (i, t) in n.targets.iter().enumerate() {
        target(t, &format!("{}[{i}]", at("targets")), false)?;
    }
    if let Some(s) = &n.strategy {
        if s.mode == StrategyMode::Loadbalance && n.targets.iter().all(|t| t.weight == Some(0.0)) {
            return Err(ConfigError::new(
                &at("targets"),
                "every weight is 0; a loadbalance needs a target with a weight > 0",
            ));
        }
        if s.mode == StrategyMode::Conditional {
            let named = |name: &str| n.targets.iter().any(|t| t.name.as_deref() == Some(name));
            for (i, c) in s.conditions.iter().enumerate() {
                if !named(&c.then) {
                    let p = format!("{}[{i}].then", at("strategy.conditions"));
                    return Err(ConfigError::new(&p, format!("no target is named `{}`", c.then)));
                }
            }
            if let Some(default) = &s.default
                && !named(default)
            {
                return Err(ConfigError::new(&at("strategy.default"), format!("no target is named `{default}`")));
            }
        }
    }
    Ok(())
}

fn strategy(s: &Strategy, path: &str) -> Result<(), ConfigError> {
    if let Some(codes) = &s.on_status_codes {
        status_codes(codes, &join(path, "on_status_codes"))?;
    }
    let conditional = s.mode == StrategyMode::Conditional;
    if conditional && s.conditions.is_empty() {
        return Err(ConfigError::new(&join(path, "conditions"), "must not be empty with the conditional strategy"));
    }
    if !conditional && !s.conditions.is_empty() {
        return Err(ConfigError::new(&join(path, "conditions"), "only used by the conditional strategy"));
    }
    if !conditional && s.default.is_some() {
        return Err(ConfigError::new(&join(path, "default"), "only used by the conditional strategy"));
    }
    for (i, c) in s.conditions.iter().enumerate() {
        if !c.query.is_object() {
            return Err(ConfigError::new(&format!("{path}.conditions[{i}].query"), "must be a JSON object"));
        }
    }
    Ok(())
}

fn status_codes(codes: &[u16], path: &str) -> Result<(), ConfigError> {
    match codes.iter().position(|c| !(100..=599).contains(c)) {
        Some(i) => Err(ConfigError::new(&format!("{path}[{i}]"), format!("{STATUS_RULE}, got {}", codes[i]))),
        None => Ok(()),
    }
}

fn custom_host(host: &str, path: &str) -> Result<(), ConfigError> {
    crate::HttpUrl::from(host).check().map_err(|expected| ConfigError::new(path, format!("must be {expected}")))?;
    if host.contains("api.portkey") {
        return Err(ConfigError::new(path, "must not be a Portkey API host (the gateway rejects it)"));
    }
    Ok(())
}
