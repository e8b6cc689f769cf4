//! A typed gateway config: the JSON object sent in the `x-portkey-config` header.
//!
//! A [`Config`] routes requests: to one target, to the first target that succeeds
//! ([`Config::fallback`]), to targets picked by weight ([`Config::loadbalance`]), or to the target
//! a metadata condition names ([`Config::conditional`]). It also carries retries, caching and
//! timeouts. Build one, and [`ConfigBuilder::build`] checks it the way the gateway would, so a
//! mistake is reported before any request is sent, naming the field (`targets[1].weight`).
//!
//! ```
//! use portkey::config::{Config, Retry, Target};
//! use serde_json::json;
//!
//! let config = Config::fallback([
//!     Target::provider("openai").api_key("sk-a").override_params(json!({"model": "gpt-4o"})),
//!     Target::virtual_key("vk-anthropic"),
//! ])
//! .on_status_codes([429, 500])
//! .retry(Retry::attempts(3))
//! .build()?;
//!
//! assert_eq!(
//!     serde_json::Value::Object(config.to_json()),
//!     json!({
//!         "strategy": {"mode": "fallback", "on_status_codes": [429, 500]},
//!         "targets": [
//!             {"provider": "openai", "api_key": "sk-a", "override_params": {"model": "gpt-4o"}},
//!             {"virtual_key": "vk-anthropic"}
//!         ],
//!         "retry": {"attempts": 3}
//!     })
//! );
//! assert!(!format!("{config:?}").contains("sk-a")); // keys are redacted in Debug
//!
//! // A `Config` is a `config` option value.
//! let options = portkey::Options::builder().config(config).build()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A JSON config can be checked too: [`Config::from_json`] parses and validates it.
//!
//! ```
//! use portkey::config::Config;
//! use serde_json::json;
//!
//! let err = Config::from_json(json!({"strategy": {"mode": "roundrobin"}, "targets": []})).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "invalid config: strategy.mode: unknown mode `roundrobin`, expected one of single, loadbalance, fallback, conditional"
//! );
//! ```

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::{Secret, StringOrJson};

mod parse;
mod validate;

#[cfg(test)]
mod tests;

pub use validate::ConfigError;

/// A gateway config: routing strategy, targets, and the behaviour (retry, cache, timeout) that
/// applies to every request sent with it.
///
/// Start from [`Config::single`], [`Config::fallback`], [`Config::loadbalance`],
/// [`Config::conditional`], [`Config::with_strategy`] or [`Config::builder`], then call
/// [`ConfigBuilder::build`]; or parse a JSON config with [`Config::from_json`].
///
/// A config is its root [`Target`] and derefs to it: `config.strategy`, `config.targets`,
/// `config.provider`, `config.retry`, ... are the top-level fields. The root has no `name` or
/// `weight` (a JSON config's `name` and `weight` keys are kept in [`extra`](Target::extra)).
///
/// Serializes (with [`Serialize`] or [`Config::to_json`]) to the gateway's JSON: snake_case keys,
/// unset fields left out, `strategy` first and `targets` second. Secrets are written as they
/// are (the gateway needs them); `Debug` hides them, and the credential-like keys of
/// `override_params` and `extra`.
///
/// `Deserialize` only parses (types, modes, fields); [`Config::from_json`] parses and validates.
#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Config {
    root: Target,
}

/// One place a request can go: a provider with credentials, a virtual key, or a nested
/// strategy with its own targets. The top level of a [`Config`] is a target too (its root).
///
/// Built by value: `Target::provider("openai").api_key("sk-...").weight(0.7)`. The gateway
/// requires `provider` and `api_key`, or `virtual_key`, or `strategy` and `targets`;
/// [`ConfigBuilder::build`] checks this (also accepting the provider-specific credentials the
/// gateway accepts: `ollama`/`triton` without a key, `aws_access_key_id` with
/// `aws_secret_access_key`, `vertex-ai` with `vertex_region` and a project or service account).
#[derive(Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Target {
    /// How requests are routed between [`targets`](Target::targets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategy: Option<Strategy>,
    /// The targets the strategy routes between.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// The name conditional routing refers to (a condition's `then`, the `default`). Not set on
    /// a config's root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The share of traffic in a loadbalance strategy (relative; the gateway counts a missing
    /// weight as 1). A whole number is written without a fraction (`1`, not `1.0`). Not set on
    /// a config's root.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "whole_as_integer")]
    pub weight: Option<f64>,
    /// The provider (`openai`, `anthropic`, `groq`, ...); on a config's root, the provider of a
    /// config without targets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The provider API key.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "expose_secret")]
    pub api_key: Option<Secret>,
    /// A Portkey virtual key (hosted Portkey), instead of `provider` and `api_key`.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "expose_secret")]
    pub virtual_key: Option<Secret>,
    /// The provider base URL to use instead of the provider's own (`http://127.0.0.1:1234/v1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_host: Option<String>,
    /// Request body fields set on the requests sent to this target (on a config's root: every
    /// request), a JSON object such as `{"model": "gpt-4o"}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub override_params: Option<Value>,
    /// Gateway-side retries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry: Option<Retry>,
    /// Gateway-side response cache.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache: Option<Cache>,
    /// The gateway's timeout for each provider request, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_timeout: Option<u64>,
    /// Request headers the gateway forwards to the provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forward_headers: Option<Vec<String>>,
    /// `false` lets the gateway return provider-specific fields (strict by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strict_open_ai_compliance: Option<bool>,
    /// Any other key, sent as it is: provider-specific settings (`aws_*`, `vertex_*`,
    /// `azure_*`, `openai_project` ...), hooks, guardrails.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How a config (or a nested target) routes requests between its targets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Strategy {
    /// The routing mode.
    pub mode: StrategyMode,
    /// The statuses that make a fallback move on (default: any non-2xx status).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_status_codes: Option<Vec<u16>>,
    /// The conditions of a conditional strategy, tried in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// The target `name` a conditional strategy uses when no condition matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// A routing mode (`strategy.mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StrategyMode {
    /// Send to the first target.
    Single,
    /// Try the targets in order until one succeeds.
    Fallback,
    /// Pick a target at random, by weight.
    Loadbalance,
    /// Pick the target the first matching condition names.
    Conditional,
}

/// A rule of a conditional strategy: when `query` matches the request (its metadata, ...),
/// the target named `then` is used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Condition {
    /// A query object, e.g. `{"metadata.plan": {"$eq": "paid"}}`.
    pub query: Value,
    /// The `name` of the target to use.
    pub then: String,
}

/// Gateway-side retries of a failed provider request.
///
/// The gateway sets no upper bound on `attempts`; hosted Portkey may.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Retry {
    /// How many times to retry after the first attempt.
    pub attempts: u32,
    /// The statuses that are retried (gateway default: 429, 500, 502, 503, 504).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_status_codes: Option<Vec<u16>>,
    /// Wait as the provider's `Retry-After` header says. (Broken in the open-source gateway
    /// 1.15.2: it answers 500 when the provider sends `Retry-After`.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_retry_after_header: Option<bool>,
}

/// Gateway-side response cache. (The open-source gateway accepts it but has no cache backend;
/// hosted Portkey caches.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Cache {
    /// Exact-match or semantic cache.
    pub mode: CacheMode,
    /// How long a cached response is used, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u64>,
}

/// A cache mode (`cache.mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CacheMode {
    /// Reuse the response of an identical request.
    Simple,
    /// Reuse the response of a similar request.
    Semantic,
}

/// Builds a [`Config`]; [`build`](ConfigBuilder::build) validates it.
#[derive(Clone, Debug)]
#[must_use = "call .build() to get the Config"]
pub struct ConfigBuilder {
    config: Config,
    pending: Option<ConfigError>,
}

fn expose_secret<S: Serializer>(secret: &Option<Secret>, serializer: S) -> Result<S::Ok, S::Error> {
    match secret {
        Some(s) => serializer.serialize_str(s.expose()),
        None => serializer.serialize_none(),
    }
}

/// JavaScript has one number type: write `2.0` as `2`, as a JSON config would have it.
fn whole_as_integer<S: Serializer>(number: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    match *number {
        Some(n) if n.fract() == 0.0 && n.abs() <= EXACT => serializer.serialize_i64(n as i64),
        Some(n) => serializer.serialize_f64(n),
        None => serializer.serialize_none(),
    }
}

impl Config {
    /// An empty builder: set `provider` and `api_key` (a config without targets), or only
    /// `retry`, `cache`, `request_timeout` (the provider then comes from the client options).
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder { config: Config::default(), pending: None }
    }

    /// Routes every request to `target` (`strategy.mode: single`).
    pub fn single(target: Target) -> ConfigBuilder {
        Config::with_strategy(Strategy::single(), [target])
    }

    /// Tries the targets in order until one succeeds (`strategy.mode: fallback`).
    pub fn fallback(targets: impl IntoIterator<Item = Target>) -> ConfigBuilder {
        Config::with_strategy(Strategy::fallback(), targets)
    }

    /// Sends each request to a target picked at random by [`Target::weight`]
    /// (`strategy.mode: loadbalance`).
    pub fn loadbalance(targets: impl IntoIterator<Item = Target>) -> ConfigBuilder {
        Config::with_strategy(Strategy::loadbalance(), targets)
    }

    /// Sends each request to the target named by the first matching condition, else to the
    /// target named `default` (`strategy.mode: conditional`). Name targets with
    /// [`Target::name`].
    pub fn conditional(
        conditions: impl IntoIterator<Item = Condition>,
        default: impl Into<String>,
        targets: impl IntoIterator<Item = Target>,
    ) -> ConfigBuilder {
        Config::with_strategy(Strategy::conditional(conditions).default_target(default), targets)
    }

    /// Routes between `targets` with the given strategy.
    pub fn with_strategy(strategy: Strategy, targets: impl IntoIterator<Item = Target>) -> ConfigBuilder {
        ConfigBuilder { config: Config { root: Target::with_strategy(strategy, targets) }, pending: None }
    }

    /// Parses a JSON config and validates it as [`ConfigBuilder::build`] does.
    ///
    /// Errors name the field: `strategy.mode: unknown mode `roundrobin`, expected one of
    /// single, loadbalance, fallback, conditional`. Keys without a typed field go to `extra`.
    pub fn from_json(value: Value) -> Result<Config, ConfigError> {
        let config = parse::config(&value, "")?;
        config.validate()?;
        Ok(config)
    }

    /// Parses JSON text and validates it as [`Config::from_json`] does.
    pub fn from_json_str(text: &str) -> Result<Config, ConfigError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| ConfigError::new("", format!("not valid JSON: {e}")))?;
        Config::from_json(value)
    }

    /// Checks the config as the gateway would (see [`ConfigError`] for the rules).
    pub fn validate(&self) -> Result<(), ConfigError> {
        validate::config(self)
    }

    /// The JSON object sent in the `x-portkey-config` header (secrets included).
    pub fn to_json(&self) -> Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(map)) => map,
            // A struct with string keys always serializes to an object.
            _ => Map::new(),
        }
    }
}

/// The config as a JSON `config` option value ([`StringOrJson::Json`]), so that
/// `Options::builder().config(config)` works.
impl From<Config> for StringOrJson {
    fn from(config: Config) -> Self {
        StringOrJson::Json(config.to_json())
    }
}

/// The config's root target: its top-level fields.
impl Deref for Config {
    type Target = Target;

    fn deref(&self) -> &Target {
        &self.root
    }
}

impl DerefMut for Config {
    fn deref_mut(&mut self) -> &mut Target {
        &mut self.root
    }
}

impl ConfigBuilder {
    /// Sets the routing strategy (replacing the one the constructor set).
    pub fn strategy(mut self, strategy: Strategy) -> Self {
        self.config.root.strategy = Some(strategy);
        self
    }

    /// Adds a target.
    pub fn target(mut self, target: Target) -> Self {
        self.config.root.targets.push(target);
        self
    }

    /// Adds targets.
    pub fn targets(mut self, targets: impl IntoIterator<Item = Target>) -> Self {
        self.config.root.targets.extend(targets);
        self
    }

    /// The statuses that make the strategy move on to the next target (fallback). Needs a
    /// strategy: start from [`Config::fallback`] or another strategy constructor.
    pub fn on_status_codes(mut self, codes: impl IntoIterator<Item = u16>) -> Self {
        match self.config.root.strategy.as_mut() {
            Some(strategy) => strategy.on_status_codes = Some(codes.into_iter().collect()),
            None => {
                self.pending.get_or_insert_with(|| {
                    ConfigError::new(
                        "strategy.on_status_codes",
                        "set without a strategy (start from `Config::fallback`)",
                    )
                });
            }
        }
        self
    }

    /// Validates the config and returns it.
    pub fn build(self) -> Result<Config, ConfigError> {
        if let Some(err) = self.pending {
            return Err(err);
        }
        self.config.validate()?;
        Ok(self.config)
    }
}

impl Target {
    /// An empty target; set its fields with the setters.
    pub fn new() -> Self {
        Target::default()
    }

    /// A target for `provider`; add [`api_key`](Target::api_key).
    pub fn provider(provider: impl Into<String>) -> Self {
        Target::new().with_provider(provider)
    }

    /// A target for a Portkey virtual key.
    pub fn virtual_key(virtual_key: impl Into<Secret>) -> Self {
        Target::new().with_virtual_key(virtual_key)
    }

    /// A nested fallback between `targets`.
    pub fn fallback(targets: impl IntoIterator<Item = Target>) -> Self {
        Target::with_strategy(Strategy::fallback(), targets)
    }

    /// A nested loadbalance between `targets`.
    pub fn loadbalance(targets: impl IntoIterator<Item = Target>) -> Self {
        Target::with_strategy(Strategy::loadbalance(), targets)
    }

    /// A nested strategy routing between `targets`.
    pub fn with_strategy(strategy: Strategy, targets: impl IntoIterator<Item = Target>) -> Self {
        Target { strategy: Some(strategy), targets: targets.into_iter().collect(), ..Target::default() }
    }

    /// Sets the loadbalance weight (a finite number >= 0).
    pub fn weight(mut self, weight: f64) -> Self {
        self.weight = Some(weight);
        self
    }

    /// Sets the name conditional routing refers to.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

/// The setters a [`Target`] and a [`ConfigBuilder`] (for its root target) share, written once.
///
/// `$ty, [$path]` are the type and the fields from `self` to the target it sets; `$provider` and
/// `$virtual_key` name the setters of those two fields (on `Target`, `provider` and
/// `virtual_key` are constructors).
macro_rules! shared_setters {
    ($ty:ident, [$($path:ident).*], $provider:ident, $virtual_key:ident) => {
        impl $ty {
            /// Sets the provider (`openai`, `anthropic`, ...).
            pub fn $provider(mut self, provider: impl Into<String>) -> Self {
                self$(.$path)*.provider = Some(provider.into());
                self
            }

            /// Sets the Portkey virtual key, instead of `provider` and `api_key`.
            pub fn $virtual_key(mut self, virtual_key: impl Into<Secret>) -> Self {
                self$(.$path)*.virtual_key = Some(virtual_key.into());
                self
            }

            /// Sets the provider API key.
            pub fn api_key(mut self, api_key: impl Into<Secret>) -> Self {
                self$(.$path)*.api_key = Some(api_key.into());
                self
            }

            /// Sets the provider base URL to use instead of the provider's own.
            pub fn custom_host(mut self, url: impl Into<String>) -> Self {
                self$(.$path)*.custom_host = Some(url.into());
                self
            }

            /// Sets request body fields the gateway sets on each request (a JSON object).
            pub fn override_params(mut self, params: impl Into<Value>) -> Self {
                self$(.$path)*.override_params = Some(params.into());
                self
            }

            /// Sets the gateway-side retries.
            pub fn retry(mut self, retry: Retry) -> Self {
                self$(.$path)*.retry = Some(retry);
                self
            }

            /// Sets the gateway-side response cache.
            pub fn cache(mut self, cache: Cache) -> Self {
                self$(.$path)*.cache = Some(cache);
                self
            }

            /// Sets the gateway's timeout for each provider request, in milliseconds.
            pub fn request_timeout(mut self, millis: u64) -> Self {
                self$(.$path)*.request_timeout = Some(millis);
                self
            }

            /// Sets the request headers the gateway forwards to the provider.
            pub fn forward_headers(mut self, headers: impl IntoIterator<Item = impl Into<String>>) -> Self {
                self$(.$path)*.forward_headers = Some(headers.into_iter().map(Into::into).collect());
                self
            }

            /// Sets strict OpenAI compliance (`false` lets provider-specific fields through).
            pub fn strict_open_ai_compliance(mut self, strict: bool) -> Self {
                self$(.$path)*.strict_open_ai_compliance = Some(strict);
                self
            }

            /// Sets another key (provider-specific settings, hooks, ...), sent as it is.
            pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
                self$(.$path)*.extra.insert(key.into(), value.into());
                self
            }
        }
    };
}

shared_setters!(Target, [], with_provider, with_virtual_key);
shared_setters!(ConfigBuilder, [config.root], provider, virtual_key);

impl Strategy {
    /// A strategy with the given mode and nothing else set.
    pub fn new(mode: StrategyMode) -> Self {
        Strategy { mode, on_status_codes: None, conditions: Vec::new(), default: None }
    }

    /// `{"mode": "single"}`.
    pub fn single() -> Self {
        Strategy::new(StrategyMode::Single)
    }

    /// `{"mode": "fallback"}`.
    pub fn fallback() -> Self {
        Strategy::new(StrategyMode::Fallback)
    }

    /// `{"mode": "loadbalance"}`.
    pub fn loadbalance() -> Self {
        Strategy::new(StrategyMode::Loadbalance)
    }

    /// `{"mode": "conditional", "conditions": [...]}`; add a
    /// [`default_target`](Strategy::default_target).
    pub fn conditional(conditions: impl IntoIterator<Item = Condition>) -> Self {
        Strategy { conditions: conditions.into_iter().collect(), ..Strategy::new(StrategyMode::Conditional) }
    }

    /// Sets the statuses that make a fallback move on.
    pub fn on_status_codes(mut self, codes: impl IntoIterator<Item = u16>) -> Self {
        self.on_status_codes = Some(codes.into_iter().collect());
        self
    }

    /// Adds a condition (conditional mode).
    pub fn condition(mut self, condition: Condition) -> Self {
        self.conditions.push(condition);
        self
    }

    /// Sets the `default` target name (conditional mode).
    pub fn default_target(mut self, name: impl Into<String>) -> Self {
        self.default = Some(name.into());
        self
    }
}

impl StrategyMode {
    /// Every mode, in the gateway's order.
    pub const ALL: [StrategyMode; 4] =
        [StrategyMode::Single, StrategyMode::Loadbalance, StrategyMode::Fallback, StrategyMode::Conditional];

    /// The mode's JSON text.
    pub fn as_str(self) -> &'static str {
        match self {
            StrategyMode::Single => "single",
            StrategyMode::Fallback => "fallback",
            StrategyMode::Loadbalance => "loadbalance",
            StrategyMode::Conditional => "conditional",
        }
    }
}

impl Condition {
    /// A condition: when `query` matches, use the target named `then`.
    pub fn new(query: Value, then: impl Into<String>) -> Self {
        Condition { query, then: then.into() }
    }
}

impl Retry {
    /// Retry up to `attempts` times (on the gateway's default statuses).
    pub fn attempts(attempts: u32) -> Self {
        Retry { attempts, on_status_codes: None, use_retry_after_header: None }
    }

    /// Sets the statuses that are retried.
    pub fn on_status_codes(mut self, codes: impl IntoIterator<Item = u16>) -> Self {
        self.on_status_codes = Some(codes.into_iter().collect());
        self
    }

    /// Sets whether the provider's `Retry-After` header sets the wait (see the field's note).
    pub fn use_retry_after_header(mut self, use_it: bool) -> Self {
        self.use_retry_after_header = Some(use_it);
        self
    }
}

impl Cache {
    /// A cache with the given mode.
    pub fn new(mode: CacheMode) -> Self {
        Cache { mode, max_age: None }
    }

    /// An exact-match cache.
    pub fn simple() -> Self {
        Cache::new(CacheMode::Simple)
    }

    /// A semantic cache.
    pub fn semantic() -> Self {
        Cache::new(CacheMode::Semantic)
    }

    /// Sets how long a cached response is used, in seconds (> 0).
    pub fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }
}

impl CacheMode {
    /// Every mode.
    pub const ALL: [CacheMode; 2] = [CacheMode::Simple, CacheMode::Semantic];

    /// The mode's JSON text.
    pub fn as_str(self) -> &'static str {
        match self {
            CacheMode::Simple => "simple",
            CacheMode::Semantic => "semantic",
        }
    }
}

macro_rules! text_enum {
    ($ty:ident, $what:literal, $path:literal) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = ConfigError;

            /// Parses the JSON text; the error lists the valid texts.
            fn from_str(s: &str) -> Result<Self, ConfigError> {
                $ty::ALL.into_iter().find(|m| m.as_str() == s).ok_or_else(|| {
                    let expected: Vec<&str> = $ty::ALL.iter().map(|m| m.as_str()).collect();
                    ConfigError::new($path, format!("unknown {} `{s}`, expected one of {}", $what, expected.join(", ")))
                })
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

text_enum!(StrategyMode, "mode", "strategy.mode");
text_enum!(CacheMode, "mode", "cache.mode");

/// `Deserialize` through a JSON value and the path-reporting parser (no validation), the value
/// standing at the given path.
macro_rules! deserialize_via_parser {
    ($($ty:ident => $parse:ident($path:literal)),* $(,)?) => {$(
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = Value::deserialize(deserializer)?;
                parse::$parse(&value, $path).map_err(serde::de::Error::custom)
            }
        }
    )*};
}

deserialize_via_parser! {
    Config => config(""),
    Target => target(""),
    Strategy => strategy("strategy"),
    Condition => condition(""),
    Retry => retry("retry"),
    Cache => cache("cache"),
}

/// Writes only the set fields; secrets and credential-like JSON keys are redacted.
struct DebugFields<'a, 'b> {
    out: fmt::DebugStruct<'a, 'b>,
}

impl<'a, 'b> DebugFields<'a, 'b> {
    fn opt<T: fmt::Debug>(&mut self, name: &str, value: &Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.out.field(name, v);
        }
        self
    }

    fn json(&mut self, name: &str, value: Option<&Value>) -> &mut Self {
        if let Some(v) = value {
            self.out.field(name, &crate::options::redact::redact(v));
        }
        self
    }
}

impl Target {
    /// The set fields, as a struct named `name` (`Target`, or `Config` for a config's root).
    fn debug_as(&self, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = DebugFields { out: f.debug_struct(name) };
        d.opt("strategy", &self.strategy);
        if !self.targets.is_empty() {
            d.out.field("targets", &self.targets);
        }
        d.opt("name", &self.name)
            .opt("weight", &self.weight)
            .opt("provider", &self.provider)
            .opt("api_key", &self.api_key)
            .opt("virtual_key", &self.virtual_key)
            .opt(
                "custom_host",
                &self.custom_host.as_deref().map(|url| crate::options::redact::redact_url(url).unwrap_or(url.into())),
            )
            .json("override_params", self.override_params.as_ref())
            .opt("retry", &self.retry)
            .opt("cache", &self.cache)
            .opt("request_timeout", &self.request_timeout)
            .opt("forward_headers", &self.forward_headers)
            .opt("strict_open_ai_compliance", &self.strict_open_ai_compliance);
        let extra = Value::Object(self.extra.clone());
        d.json("extra", (!self.extra.is_empty()).then_some(&extra));
        d.out.finish()
    }
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.debug_as("Target", f)
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.root.debug_as("Config", f)
    }
}
