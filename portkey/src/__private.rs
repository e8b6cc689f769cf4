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
    if !text.is_ascii() {
        return Err(invalid(info, "contains a non-ASCII character, which HTTP header values cannot carry"));
    }
    if text.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err(invalid(info, "contains a line break or another control character"));
    }
    if text.starts_with([' ', '\t']) || text.ends_with([' ', '\t']) {
        return Err(invalid(info, "starts or ends with whitespace, which HTTP strips or refuses"));
    }
    HeaderValue::from_str(text).map_err(|_| invalid(info, "is not a valid header value"))
}

fn invalid(info: &'static OptionInfo, problem: &'static str) -> OptionError {
    OptionError::InvalidValue {
        option: info.name,
        header: info.header,
        problem,
        expected: "printable ASCII text without line breaks",
    }
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
