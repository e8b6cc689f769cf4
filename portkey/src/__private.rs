//! Support for the code `portkey_macros::portkey_options!` generates. Not a public API: the
//! generated code reaches it as `::portkey::__private`.

use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

pub use crate::options::value::{Coerced, OptionValue};
use crate::{OptionError, OptionInfo, ValueType};
pub use {bytes, http, serde, serde_json};

/// What the generated types call.
#[cfg_attr(not(feature = "full"), allow(unused_imports))]
pub(crate) use crate::types::runtime as types;

/// What the generated endpoint methods call.
pub use crate::endpoints::support as endpoint;

/// The prefix of every Portkey header.
const PREFIX: &str = crate::options::constants::PORTKEY_HEADER_PREFIX;

/// Prints as `[redacted]` in `Debug` output.
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Prints a sensitive option's value the way its type redacts it (`[redacted]`, or a JSON
/// object with its credential-like keys hidden).
pub struct Sensitive<'a, T>(pub &'a T);

impl<T: OptionValue> std::fmt::Debug for Sensitive<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt_sensitive(f)
    }
}

/// Values given as text their option's type cannot hold, keyed by option name (see
/// `Options::text_values`).
pub type TextValues = Vec<(&'static str, String)>;

/// The text value given for the option `name`, if any.
pub fn text_value<'a>(values: &'a TextValues, name: &str) -> Option<&'a String> {
    values.iter().find(|(n, _)| *n == name).map(|(_, text)| text)
}

/// Sets (or, with `None`, removes) the text value of the option `name`.
pub fn set_text_value(values: &mut TextValues, name: &'static str, text: Option<String>) {
    values.retain(|(n, _)| *n != name);
    if let Some(text) = text {
        values.push((name, text));
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
    // A URL (`custom_host`) may carry credentials of its own.
    let url_credentials = info.value_type == ValueType::Url && crate::options::redact::url_has_credentials(&text);
    let mut value = checked_value(text).map_err(|problem| invalid(info, problem))?;
    value.set_sensitive(info.is_sensitive() || url_credentials);
    let name = match header.strip_prefix(PREFIX) {
        Some(bare) if forwarded.contains(bare) => {
            HeaderName::from_bytes(bare.as_bytes()).map_err(|_| invalid(info, "is not a valid header name"))?
        }
        _ => name.clone(),
    };
    headers.insert(name, value);
    Ok(())
}

/// Writes one option's header from its typed value, or else from the text it was given as
/// (see [`from_python`]).
pub fn put_option<T: OptionValue>(
    headers: &mut HeaderMap,
    info: &'static OptionInfo,
    name: &HeaderName,
    value: Option<&T>,
    text: &TextValues,
    forwarded: &Forwarded<'_>,
) -> Result<(), OptionError> {
    match value {
        Some(value) => put_header(headers, info, name, Some(value), forwarded),
        None if text.is_empty() => Ok(()),
        None => put_header(headers, info, name, text_value(text, info.name), forwarded),
    }
}

/// Writes the `forward_headers` option as the Python SDK does: always as
/// `x-portkey-forward-headers` (the names joined with `,`); when the list names
/// `forward-headers` itself, also as a bare `forward-headers` header holding Python's
/// `str(list)`.
pub fn put_forward_headers(
    headers: &mut HeaderMap,
    info: &'static OptionInfo,
    name: &HeaderName,
    value: Option<&Vec<String>>,
    text: &TextValues,
    forwarded: &Forwarded<'_>,
) -> Result<(), OptionError> {
    let (Some(list), Some(bare)) = (value, info.header.and_then(|h| h.strip_prefix(PREFIX))) else {
        return put_option(headers, info, name, value, text, forwarded);
    };
    if !list.is_empty() && forwarded.contains(bare) {
        let items = list.iter().map(|s| Value::String(s.clone())).collect();
        let repr = crate::options::pyjson::repr(&Value::Array(items));
        let mut value = checked_value(repr.into()).map_err(|problem| invalid(info, problem))?;
        value.set_sensitive(info.is_sensitive());
        let bare = HeaderName::from_bytes(bare.as_bytes()).map_err(|_| invalid(info, "is not a valid header name"))?;
        headers.insert(bare, value);
    }
    put_header(headers, info, name, Some(list), &Forwarded::new(None))
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
    let mut value = checked_text(value).map_err(bad)?;
    // The schema does not know what an extra option holds; it may be a credential.
    value.set_sensitive(true);
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

/// Reads an option from a JSON value the way the Python SDK takes a keyword argument of any
/// type (`Options::from_map`): a value of the option's type is kept typed; any other value is
/// sent as the SDK sends it (see `python_values.rs`), in the typed field when the type
/// can hold that text and in `text` otherwise. A value the SDK itself fails on is an error
/// naming the option.
pub fn from_python<T: OptionValue>(
    info: &'static OptionInfo,
    value: &Value,
    field: &mut Option<T>,
    text: &mut TextValues,
) -> Result<(), OptionError> {
    use crate::options::python_values::{Rule, Sent, sent};
    set_text_value(text, info.name, None);
    *field = None;
    let rule = match info.value_type {
        ValueType::Mode => Rule::Mode,
        _ if info.value_prefix.is_some() => Rule::Prefixed,
        _ if info.name == "forward_headers" => Rule::ForwardList,
        _ => Rule::Plain,
    };
    if value.is_null() && rule != Rule::Mode {
        return Ok(());
    }
    if let Ok(typed) = T::from_json(value) {
        *field = Some(typed);
        return Ok(());
    }
    let fails = |expected| OptionError::UnsupportedValue { option: info.name, expected };
    if info.value_type == ValueType::HttpClient {
        return Err(fails(T::EXPECTED));
    }
    match sent(rule, value) {
        Sent::Nothing => {}
        Sent::Fails(expected) => return Err(fails(expected)),
        Sent::Text(t) => match T::from_text(t) {
            Coerced::Typed(typed) => *field = Some(typed),
            Coerced::Text(t) => set_text_value(text, info.name, Some(t)),
        },
    }
    Ok(())
}

/// Adds an option the schema does not name, as the Python SDK takes an unknown keyword
/// argument of any type (`Options::from_map`): sent as text, falsy values left out.
pub fn extra_from_python(
    table: &[OptionInfo],
    extra: &mut Vec<(String, String)>,
    name: &str,
    value: &Value,
) -> Result<(), OptionError> {
    use crate::options::python_values::{Rule, Sent, sent};
    check_extra_name(table, name)?;
    extra.retain(|(n, _)| n != name);
    if let Sent::Text(text) = sent(Rule::Plain, value) {
        extra.push((name.to_string(), text));
    }
    Ok(())
}

/// A schema default, from its JSON text (checked against the type when the macro ran).
pub fn default_from_json<T: OptionValue>(json: &str) -> Option<T> {
    serde_json::from_str::<Value>(json).ok().and_then(|v| T::from_json(&v).ok())
}
