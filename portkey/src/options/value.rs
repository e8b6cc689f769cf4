//! [`OptionValue`]: how each value type is written as a header, read from the environment and
//! read from JSON. The generated code calls these through `__private`; one impl per type keeps
//! the generated code a plain list of calls.

use std::borrow::Cow;
use std::fmt;

use serde_json::Value;

use crate::{HttpClient, HttpUrl, Mode, Secret, StringOrJson};

/// A type an option's value can have.
pub trait OptionValue: Sized {
    /// What a good value looks like, for error messages.
    const EXPECTED: &'static str;

    /// The header text, as the Python SDK's `createHeaders` writes it; `None` where the SDK
    /// leaves the header out (empty strings, zero, empty lists).
    fn header_text(&self) -> Option<Cow<'_, str>>;

    /// Checks the value beyond its type (for example, that a URL parses).
    fn check(&self) -> Result<(), &'static str> {
        Ok(())
    }

    /// Parses an environment variable's text; `Err` says what was expected.
    fn parse_env(raw: &str) -> Result<Self, &'static str>;

    /// Reads a JSON value (never `null`); `Err` says what was expected.
    fn from_json(value: &Value) -> Result<Self, &'static str>;

    /// A value from the text the Python SDK would send for a value of another type
    /// (`str(value)`): the typed value when this type can hold that text, else the text itself.
    fn from_text(text: String) -> Coerced<Self> {
        Coerced::Text(text)
    }

    /// `Debug` for a value whose option is marked sensitive (it may hold secrets).
    fn fmt_sensitive(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The text the Python SDK sends for a value of another type, as an option keeps it.
#[derive(Debug, PartialEq)]
pub enum Coerced<T> {
    /// A value of the option's own type (`"123"` for a string option given `123`).
    Typed(T),
    /// Text the option's type cannot hold (`"yes"` for a boolean), sent as it is.
    Text(String),
}

fn non_empty(s: &str) -> Option<Cow<'_, str>> {
    (!s.is_empty()).then_some(Cow::Borrowed(s))
}

impl OptionValue for String {
    const EXPECTED: &'static str = "a string";

    fn header_text(&self) -> Option<Cow<'_, str>> {
        non_empty(self)
    }

    fn parse_env(raw: &str) -> Result<Self, &'static str> {
        Ok(raw.to_string())
    }

    fn from_json(value: &Value) -> Result<Self, &'static str> {
        value.as_str().map(str::to_string).ok_or(Self::EXPECTED)
    }

    fn from_text(text: String) -> Coerced<Self> {
        Coerced::Typed(text)
    }
}

impl OptionValue for Secret {
    const EXPECTED: &'static str = "a string";

    fn header_text(&self) -> Option<Cow<'_, str>> {
        non_empty(self.expose())
    }

    fn parse_env(raw: &str) -> Result<Self, &'static str> {
        Ok(Secret::new(raw))
    }

    fn from_json(value: &Value) -> Result<Self, &'static str> {
        value.as_str().map(Secret::new).ok_or(Self::EXPECTED)
    }

    fn from_text(text: String) -> Coerced<Self> {
        Coerced::Typed(Secret::new(text))
    }
}

impl OptionValue for bool {
    const EXPECTED: &'static str = "true or false";

    fn header_text(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(if *self { "true" } else { "false" }))
    }

    fn parse_env(raw: &str) -> Result<Self, &'static str> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Ok(true),
            "false" | "0" | "no" | "off" => Ok(false),
            _ => Err("true or false (or 1/0, yes/no, on/off)"),
        }
    }

    fn from_json(value: &Value) -> Result<Self, &'static str> {
        value.as_bool().ok_or(Self::EXPECTED)
    }
}

impl OptionValue for i64 {
    const EXPECTED: &'static str = "an integer";

    fn header_text(&self) -> Option<Cow<'_, str>> {
        (*self != 0).then(|| Cow::Owned(self.to_string()))
    }

    fn parse_env(raw: &str) -> Result<Self, &'static str> {
        raw.trim().parse().map_err(|_| Self::EXPECTED)
    }

    fn from_json(value: &Value) -> Result<Self, &'static str> {
        value.as_i64().ok_or(Self::EXPECTED)
    }
}

impl OptionValue for StringOrJson {
    const EXPECTED: &'static str = "a string or a JSON object";

    fn header_text(&self) -> Option<Cow<'_, str>> {
        match self {
            StringOrJson::String(s) => non_empty(s),
            StringOrJson::Json(m) => Some(Cow::Owned(crate::options::pyjson::dumps_object(m))),
        }
    }

    fn parse_env(raw: &str) -> Result<Self, &'static str> {
        if raw.trim_start().starts_with('{') {
            match serde_json::from_str(raw) {
                Ok(Value::Object(m)) => Ok(StringOrJson::Json(m)),
                _ => Err("a string, or a valid JSON object when it starts with `{`"),
            }
        } else {
            Ok(StringOrJson::String(raw.to_string()))
        }
    }

    fn from_json(value: &Value) -> Result<Self, &'static str> {
        match value {
            Value::String(s) => Ok(StringOrJson::String(s.clone())),
            Value::Object(m) => Ok(StringOrJson::Json(m.clone())),
            _ => Err(Self::EXPECTED),
        }
    }

    fn from_text(text: String) -> Coerced<Self> {
        Coerced::Typed(StringOrJson::String(text))
    }

    fn fmt_sensitive(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Its own `Debug` already hides credential-like keys.
        fmt::Debug::fmt(self, f)
    }
}

impl OptionValue for Vec<String> {
    const EXPECTED: &'static str = "an array of strings";

    fn header_text(&self) -> Option<Cow<'_, str>> {
        (!self.is_empty()).then(|| Cow::Owned(self.join(",")))
    }

    fn parse_env(raw: &str) -> Result<Self, &'static str> {
        Ok(raw.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect())
    }

    fn from_json(value: &Value) -> Result<Self, &'static str> {
        let items = value.as_array().ok_or(Self::EXPECTED)?;
        items.iter().map(|v| v.as_str().map(str::to_string).ok_or(Self::EXPECTED)).collect()
    }
}

impl OptionValue for HttpUrl {
    const EXPECTED: &'static str = "an absolute http(s) or ws(s) URL with a host";

    fn header_text(&self) -> Option<Cow<'_, str>> {
        non_empty(self.as_str())
    }

    fn check(&self) -> Result<(), &'static str> {
        if self.as_str().is_empty() { Ok(()) } else { HttpUrl::check(self) }
    }

    fn parse_env(raw: &str) -> Result<Self, &'static str> {
        let url = HttpUrl::from(raw.trim());
        HttpUrl::check(&url).map(|()| url)
    }

    fn from_json(value: &Value) -> Result<Self, &'static str> {
        value.as_str().map(HttpUrl::from).ok_or("a URL string")
    }

    fn from_text(text: String) -> Coerced<Self> {
        Coerced::Typed(HttpUrl::from(text))
    }
}

impl OptionValue for Mode {
    const EXPECTED: &'static str = "a mode such as fallback, ab_test, single or proxy";

    fn header_text(&self) -> Option<Cow<'_, str>> {
        Some(self.header_value())
    }

    fn parse_env(raw: &str) -> Result<Self, &'static str> {
        Ok(Mode::from(raw.trim()))
    }

    fn from_json(value: &Value) -> Result<Self, &'static str> {
        value.as_str().map(Mode::from).ok_or(Self::EXPECTED)
    }

    fn from_text(text: String) -> Coerced<Self> {
        Coerced::Typed(Mode::from(text))
    }
}

impl OptionValue for HttpClient {
    const EXPECTED: &'static str = "a reqwest client, set in code";

    fn header_text(&self) -> Option<Cow<'_, str>> {
        None
    }

    fn parse_env(_: &str) -> Result<Self, &'static str> {
        Err(Self::EXPECTED)
    }

    fn from_json(_: &Value) -> Result<Self, &'static str> {
        Err(Self::EXPECTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn python_falsy_values_are_left_out() {
        assert_eq!(String::new().header_text(), None);
        assert_eq!(0i64.header_text(), None);
        assert_eq!((-1i64).header_text().as_deref(), Some("-1"));
        assert_eq!(Vec::<String>::new().header_text(), None);
        assert_eq!(false.header_text().as_deref(), Some("false"));
        let empty: StringOrJson = json!({}).into();
        assert_eq!(empty.header_text().as_deref(), Some("{}"));
    }

    #[test]
    fn env_parsing_is_typed() {
        assert_eq!(bool::parse_env("Yes"), Ok(true));
        assert!(bool::parse_env("maybe").is_err());
        assert_eq!(i64::parse_env(" 300 "), Ok(300));
        assert!(i64::parse_env("3s").is_err());
        assert_eq!(Vec::<String>::parse_env("a, b,,c"), Ok(vec!["a".into(), "b".into(), "c".into()]));
        assert!(StringOrJson::parse_env("{oops").is_err());
        assert_eq!(StringOrJson::parse_env("pc-123"), Ok(StringOrJson::String("pc-123".into())));
        assert!(HttpUrl::parse_env("localhost:8787").is_err());
    }

    #[test]
    fn json_reading_is_typed() {
        assert!(bool::from_json(&json!("true")).is_err());
        assert!(i64::from_json(&json!(1.5)).is_err());
        assert!(Vec::<String>::from_json(&json!(["a", 1])).is_err());
        assert!(StringOrJson::from_json(&json!([1])).is_err());
        assert_eq!(Mode::from_json(&json!("single")), Ok(Mode::Single));
        assert!(Mode::from_json(&json!(1)).is_err());
    }
}
