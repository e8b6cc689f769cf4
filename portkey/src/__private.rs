//! Support for the code `portkey_macros::portkey_options!` generates. Not a public API: the
//! generated code reaches it as `::portkey::__private`.

use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

pub use crate::option_value::OptionValue;
use crate::{OptionError, OptionInfo};
pub use {http, serde, serde_json};

/// The prefix of every Portkey header.
const PREFIX: &str = crate::constants::PORTKEY_HEADER_PREFIX;

/// Prints as `[redacted]` in `Debug` output.
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The names in `forward_headers`, with `_` written as `-` as the Python SDK does. Options whose
/// header (less the `x-portkey-` prefix) is listed are sent without the prefix.
pub struct Forwarded(Vec<String>);

impl Forwarded {
    /// Reads the `forward_headers` option.
    pub fn new(list: Option<&[String]>) -> Self {
        Forwarded(list.unwrap_or_default().iter().map(|h| h.replace('_', "-")).collect())
    }

    fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|h| h == name)
    }
}

/// Writes one option's header, if the option is set and the Python SDK would send it.
pub fn put_header<T: OptionValue>(
    headers: &mut HeaderMap,
    info: &'static OptionInfo,
    value: Option<&T>,
    forwarded: &Forwarded,
) -> Result<(), OptionError> {
    let (Some(header), Some(value)) = (info.header, value) else { return Ok(()) };
    let Some(text) = value.header_text() else { return Ok(()) };
    let text = match info.value_prefix {
        Some(prefix) if !text.starts_with(prefix) => format!("{prefix}{text}").into(),
        _ => text,
    };
    let mut value = header_value(info, &text)?;
    value.set_sensitive(info.is_secret());
    let name = match header.strip_prefix(PREFIX) {
        Some(bare) if forwarded.contains(bare) => bare,
        _ => header,
    };
    let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid(info, "is not a valid header name"))?;
    headers.insert(name, value);
    Ok(())
}

/// A header value the Python SDK could send too: ASCII only (httpx refuses anything else), no
/// control characters but tab (h11 refuses line breaks; a header must never carry one) and no
/// whitespace at either end (h11 refuses that too).
fn header_value(info: &'static OptionInfo, text: &str) -> Result<HeaderValue, OptionError> {
    checked_text(text).map_err(|problem| invalid(info, problem))
}

/// The header value for `text`, or what is wrong with it.
pub(crate) fn checked_text(text: &str) -> Result<HeaderValue, &'static str> {
    if !text.is_ascii() {
        return Err("contains a non-ASCII character, which HTTP header values cannot carry");
    }
    if text.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err("contains a line break or another control character");
    }
    if text.starts_with([' ', '\t']) || text.ends_with([' ', '\t']) {
        return Err("starts or ends with whitespace, which HTTP strips or refuses");
    }
    HeaderValue::from_str(text).map_err(|_| "is not a valid header value")
}

fn invalid(info: &'static OptionInfo, problem: &'static str) -> OptionError {
    OptionError::InvalidValue {
        option: info.name,
        header: info.header,
        problem,
        expected: "printable ASCII text without line breaks",
    }
}

/// Writes an extra option's header the way the Python SDK writes an unknown keyword argument.
pub fn put_extra_header(
    headers: &mut HeaderMap,
    name: &str,
    value: &str,
    forwarded: &Forwarded,
) -> Result<(), OptionError> {
    if value.is_empty() {
        return Ok(());
    }
    let bad = |problem| OptionError::InvalidExtraOption { name: name.to_string(), problem };
    let dashed = name.replace('_', "-");
    let header = if forwarded.contains(&dashed) { dashed } else { format!("{PREFIX}{dashed}") };
    let header = HeaderName::from_bytes(header.as_bytes()).map_err(|_| bad("does not make a valid header name"))?;
    let value = checked_text(value).map_err(bad)?;
    headers.insert(header, value);
    Ok(())
}

/// An extra option's name must make a header and must not shadow an option of the schema.
pub fn check_extra_name(table: &[OptionInfo], name: &str) -> Result<(), OptionError> {
    let bad = |problem| OptionError::InvalidExtraOption { name: name.to_string(), problem };
    if table.iter().any(|o| o.name == name) {
        return Err(bad("is an option of the schema: set it with its own setter"));
    }
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        return Err(bad("must be made of ASCII letters, digits, `_` and `-`"));
    }
    Ok(())
}

/// Reads `extra_options` from a JSON object of strings.
pub fn extra_from_json(value: &Value) -> Result<Vec<(String, String)>, OptionError> {
    let bad = OptionError::InvalidExtraOption {
        name: "extra_options".into(),
        problem: "must be a JSON object whose values are strings",
    };
    let Value::Object(map) = value else { return Err(bad) };
    map.iter().map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())).ok_or(bad.clone())).collect()
}

/// Checks a set value beyond its type.
pub fn validate<T: OptionValue>(info: &'static OptionInfo, value: Option<&T>) -> Result<(), OptionError> {
    match value.map(T::check) {
        Some(Err(expected)) => {
            Err(OptionError::InvalidValue { option: info.name, header: info.header, problem: "is not valid", expected })
        }
        _ => Ok(()),
    }
}

/// Reads an option's environment variable; unset and empty both mean "not given".
pub fn from_env<T: OptionValue>(
    info: &'static OptionInfo,
    get: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<T>, OptionError> {
    let Some(var) = info.env else { return Ok(None) };
    match get(var) {
        Some(raw) if !raw.is_empty() => {
            T::parse_env(&raw).map(Some).map_err(|expected| OptionError::Env { var, option: info.name, expected })
        }
        _ => Ok(None),
    }
}

/// Reads an option from a JSON value; `null` means "not given".
pub fn from_json<T: OptionValue>(info: &'static OptionInfo, value: &Value) -> Result<Option<T>, OptionError> {
    if value.is_null() {
        return Ok(None);
    }
    T::from_json(value).map(Some).map_err(|expected| OptionError::InvalidValue {
        option: info.name,
        header: info.header,
        problem: "has the wrong JSON type",
        expected,
    })
}

/// A schema default, from its JSON text (checked against the type when the macro ran).
pub fn default_from_json<T: OptionValue>(json: &str) -> Option<T> {
    serde_json::from_str::<Value>(json).ok().and_then(|v| T::from_json(&v).ok())
}
