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

/// The names in `forward_headers`. Options whose header (less the `x-portkey-` prefix) is listed
/// are sent without the prefix; names match with `_` read as `-`, as the Python SDK does.
pub struct Forwarded<'a>(&'a [String]);

impl<'a> Forwarded<'a> {
    /// Reads the `forward_headers` option.
    pub fn new(list: Option<&'a [String]>) -> Self {
        Forwarded(list.unwrap_or_default())
    }

    fn contains(&self, name: &str) -> bool {
        let dashed = |b: u8| if b == b'_' { b'-' } else { b };
        self.0.iter().any(|h| h.len() == name.len() && h.bytes().map(dashed).eq(name.bytes()))
    }
}

/// Writes one option's header, if the option is set and the Python SDK would send it. `name` is
/// the option's header name, made once at compile time.
pub fn put_header<T: OptionValue>(
    headers: &mut HeaderMap,
    info: &'static OptionInfo,
    name: &HeaderName,
    value: Option<&T>,
    forwarded: &Forwarded<'_>,
) -> Result<(), OptionError> {
    let (Some(header), Some(value)) = (info.header, value) else { return Ok(()) };
    let Some(text) = value.header_text() else { return Ok(()) };
    let text = match info.value_prefix {
        Some(prefix) if !text.starts_with(prefix) => format!("{prefix}{text}").into(),
        _ => text,
    };
    let mut value = checked_value(text).map_err(|problem| invalid(info, problem))?;
    value.set_sensitive(info.is_secret());
    let name = match header.strip_prefix(PREFIX) {
        Some(bare) if forwarded.contains(bare) => {
            HeaderName::from_bytes(bare.as_bytes()).map_err(|_| invalid(info, "is not a valid header name"))?
        }
        _ => name.clone(),
    };
    headers.insert(name, value);
    Ok(())
}

/// What is wrong with `text` as a header value, apart from control characters (which
/// `HeaderValue` refuses itself): the Python SDK could send it too only if it is ASCII (httpx
/// refuses anything else) with no whitespace at either end (h11 refuses that).
fn text_problem(text: &str) -> Option<&'static str> {
    if !text.is_ascii() {
        return Some("contains a non-ASCII character, which HTTP header values cannot carry");
    }
    let edge = |b: Option<&u8>| matches!(b, Some(b' ' | b'\t'));
    (edge(text.as_bytes().first()) || edge(text.as_bytes().last()))
        .then_some("starts or ends with whitespace, which HTTP strips or refuses")
}

/// The header value for `text`, or what is wrong with it; owned text is not copied.
fn checked_value(text: std::borrow::Cow<'_, str>) -> Result<HeaderValue, &'static str> {
    if let Some(problem) = text_problem(&text) {
        return Err(problem);
    }
    let value = match text {
        std::borrow::Cow::Borrowed(s) => HeaderValue::from_str(s),
        std::borrow::Cow::Owned(s) => HeaderValue::from_maybe_shared(bytes::Bytes::from(s)),
    };
    // Text is ASCII here, so the only characters `HeaderValue` refuses are control characters.
    value.map_err(|_| "contains a line break or another control character")
}

/// The header value for `text`, or what is wrong with it.
pub(crate) fn checked_text(text: &str) -> Result<HeaderValue, &'static str> {
    checked_value(text.into())
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
    forwarded: &Forwarded<'_>,
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
