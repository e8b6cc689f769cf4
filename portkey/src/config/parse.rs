//! JSON -> typed config, with errors that name the field. Only types, modes and fields are
//! checked here; the rules live in `validate`.
//!
//! Error messages never contain the text of a string value (it may be a key); numbers, mode
//! names and key names are shown.

use std::str::FromStr;

use serde_json::{Map, Value};

use super::validate::{ConfigError, join};
use super::{Cache, Condition, Config, Retry, Strategy, Target};
use crate::Secret;

type Result<T> = std::result::Result<T, ConfigError>;

pub(super) fn config(value: &Value, path: &str) -> Result<Config> {
    Ok(Config { root: node(value, path, true)? })
}

pub(super) fn target(value: &Value, path: &str) -> Result<Target> {
    node(value, path, false)
}

/// A config's root (`root`: `name` and `weight` are kept in `extra`) or a target.
fn node(value: &Value, path: &str, root: bool) -> Result<Target> {
    let obj = object(value, path)?;
    let mut t = Target::default();
    for (key, value) in obj {
        let p = join(path, key);
        match key.as_str() {
            "strategy" => t.strategy = Some(strategy(value, &p)?),
            "targets" => t.targets = each(value, &p, target)?,
            "name" if !root => t.name = Some(string(value, &p)?),
            "weight" if !root => {
                t.weight = Some(value.as_f64().ok_or_else(|| expected(&p, "a number", value))?);
            }
            "provider" => t.provider = Some(string(value, &p)?),
            "api_key" => t.api_key = Some(Secret::new(string(value, &p)?)),
            "virtual_key" => t.virtual_key = Some(Secret::new(string(value, &p)?)),
            "custom_host" => t.custom_host = Some(string(value, &p)?),
            "override_params" => t.override_params = Some(Value::Object(object(value, &p)?.clone())),
            "retry" => t.retry = Some(retry(value, &p)?),
            "cache" => t.cache = Some(cache(value, &p)?),
            "request_timeout" => t.request_timeout = Some(uint(value, &p)?),
            "forward_headers" => t.forward_headers = Some(each(value, &p, string)?),
            "strict_open_ai_compliance" => {
                t.strict_open_ai_compliance = Some(value.as_bool().ok_or_else(|| expected(&p, "a boolean", value))?)
            }
            _ => {
                t.extra.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(t)
}

pub(super) fn strategy(value: &Value, path: &str) -> Result<Strategy> {
    let obj = object(value, path)?;
    known_keys(obj, path, &["mode", "on_status_codes", "conditions", "default"])?;
    let mut s = Strategy::new(mode(obj, path)?);
    if let Some(v) = obj.get("on_status_codes") {
        s.on_status_codes = Some(status_codes(v, &join(path, "on_status_codes"))?);
    }
    if let Some(v) = obj.get("conditions") {
        s.conditions = each(v, &join(path, "conditions"), condition)?;
    }
    if let Some(v) = obj.get("default") {
        s.default = Some(string(v, &join(path, "default"))?);
    }
    Ok(s)
}

pub(super) fn condition(value: &Value, path: &str) -> Result<Condition> {
    let obj = object(value, path)?;
    known_keys(obj, path, &["query", "then"])?;
    let query = required(obj, path, "query")?.clone();
    let then = string(required(obj, path, "then")?, &join(path, "then"))?;
    Ok(Condition { query, then })
}

pub(super) fn retry(value: &Value, path: &str) -> Result<Retry> {
    let obj = object(value, path)?;
    known_keys(obj, path, &["attempts", "on_status_codes", "use_retry_after_header"])?;
    let attempts_path = join(path, "attempts");
    let attempts = uint(required(obj, path, "attempts")?, &attempts_path)?;
    let attempts = u32::try_from(attempts).map_err(|_| ConfigError::new(&attempts_path, "is too large"))?;
    let mut r = Retry::attempts(attempts);
    if let Some(v) = obj.get("on_status_codes") {
        r.on_status_codes = Some(status_codes(v, &join(path, "on_status_codes"))?);
    }
    if let Some(v) = obj.get("use_retry_after_header") {
        let p = join(path, "use_retry_after_header");
        r.use_retry_after_header = Some(v.as_bool().ok_or_else(|| expected(&p, "a boolean", v))?);
    }
    Ok(r)
}

pub(super) fn cache(value: &Value, path: &str) -> Result<Cache> {
    let obj = object(value, path)?;
    known_keys(obj, path, &["mode", "max_age"])?;
    let mut c = Cache::new(mode(obj, path)?);
    if let Some(v) = obj.get("max_age") {
        c.max_age = Some(uint(v, &join(path, "max_age"))?);
    }
    Ok(c)
}

fn status_codes(value: &Value, path: &str) -> Result<Vec<u16>> {
    each(value, path, |v, p| match v.as_u64().map(u16::try_from) {
        Some(Ok(code)) => Ok(code),
        _ if v.is_number() => Err(ConfigError::new(p, format!("{}, got {v}", super::validate::STATUS_RULE))),
        _ => Err(expected(p, "an HTTP status code", v)),
    })
}

/// The items of an array, each parsed at `path[i]`.
fn each<T>(value: &Value, path: &str, item: impl Fn(&Value, &str) -> Result<T>) -> Result<Vec<T>> {
    array(value, path)?.iter().enumerate().map(|(i, v)| item(v, &format!("{path}[{i}]"))).collect()
}

/// The required `mode` of a strategy or a cache (its error carries the path of the value).
fn mode<M: FromStr<Err = ConfigError>>(obj: &Map<String, Value>, path: &str) -> Result<M> {
    let mode_path = join(path, "mode");
    let mode = string(required(obj, path, "mode")?, &mode_path)?;
    mode.parse().map_err(|e: ConfigError| ConfigError::new(&mode_path, e.message()))
}

fn required<'a>(obj: &'a Map<String, Value>, path: &str, key: &str) -> Result<&'a Value> {
    obj.get(key).ok_or_else(|| ConfigError::new(&join(path, key), "missing"))
}

fn known_keys(obj: &Map<String, Value>, path: &str, known: &[&str]) -> Result<()> {
    match obj.keys().find(|k| !known.contains(&k.as_str())) {
        Some(key) => {
            Err(ConfigError::new(path, format!("unknown field `{key}`, expected one of {}", known.join(", "))))
        }
        None => Ok(()),
    }
}

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    value.as_object().ok_or_else(|| expected(path, "a JSON object", value))
}

fn array<'a>(value: &'a Value, path: &str) -> Result<&'a Vec<Value>> {
    value.as_array().ok_or_else(|| expected(path, "an array", value))
}

fn string(value: &Value, path: &str) -> Result<String> {
    value.as_str().map(str::to_string).ok_or_else(|| expected(path, "a string", value))
}

fn uint(value: &Value, path: &str) -> Result<u64> {
    value.as_u64().ok_or_else(|| expected(path, "a non-negative integer", value))
}

/// `expected X, got Y`: Y is the JSON type, or the number itself (never a string's text).
fn expected(path: &str, what: &str, got: &Value) -> ConfigError {
    let got = match got {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(_) => "a string".to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    };
    ConfigError::new(path, format!("expected {what}, got {got}"))
}
