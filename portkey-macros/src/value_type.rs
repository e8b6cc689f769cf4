//! The schema's value types and provider groups, and what each type becomes in Rust.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

/// The type of an option's value, as named in the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    String,
    Secret,
    Bool,
    Integer,
    StringOrJson,
    StringList,
    Url,
    Mode,
    HttpClient,
}

/// Every type name the schema accepts, in the order error messages list them.
pub const TYPE_NAMES: &[(&str, ValueType)] = &[
    ("string", ValueType::String),
    ("secret", ValueType::Secret),
    ("bool", ValueType::Bool),
    ("integer", ValueType::Integer),
    ("string_or_json", ValueType::StringOrJson),
    ("string_list", ValueType::StringList),
    ("url", ValueType::Url),
    ("mode", ValueType::Mode),
    ("http_client", ValueType::HttpClient),
];

/// The provider groups options are filed under.
pub const GROUP_NAMES: &[&str] =
    &["core", "caching", "observability", "openai", "aws", "vertex", "azure", "anthropic", "other", "http"];

/// The legacy routing modes a `mode` value may take.
pub const MODE_NAMES: &[&str] = &["fallback", "ab_test", "single", "proxy"];

/// Joins names for "expected one of" messages.
pub fn one_of(names: impl IntoIterator<Item = &'static str>) -> String {
    names.into_iter().collect::<Vec<_>>().join(", ")
}

impl ValueType {
    pub fn parse(name: &str) -> Option<Self> {
        TYPE_NAMES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    pub fn name(self) -> &'static str {
        TYPE_NAMES.iter().find(|(_, t)| *t == self).map(|(n, _)| *n).unwrap_or("?")
    }

    /// Whether values of this type can be written as a header.
    pub fn can_be_header(self) -> bool {
        self != ValueType::HttpClient
    }

    /// Whether values of this type can come from an environment variable or a JSON map.
    pub fn is_loadable(self) -> bool {
        self != ValueType::HttpClient
    }

    /// The Rust type of the option's field (inside `Option<..>`).
    pub fn rust_type(self) -> TokenStream {
        match self {
            ValueType::String => quote!(::std::string::String),
            ValueType::Secret => quote!(::portkey::Secret),
            ValueType::Bool => quote!(bool),
            ValueType::Integer => quote!(i64),
            ValueType::StringOrJson => quote!(::portkey::StringOrJson),
            ValueType::StringList => quote!(::std::vec::Vec<::std::string::String>),
            ValueType::Url => quote!(::portkey::HttpUrl),
            ValueType::Mode => quote!(::portkey::Mode),
            ValueType::HttpClient => quote!(::portkey::HttpClient),
        }
    }

    /// The `ValueType` variant of the runtime option table.
    pub fn table_variant(self) -> TokenStream {
        match self {
            ValueType::String => quote!(String),
            ValueType::Secret => quote!(Secret),
            ValueType::Bool => quote!(Bool),
            ValueType::Integer => quote!(Integer),
            ValueType::StringOrJson => quote!(StringOrJson),
            ValueType::StringList => quote!(StringList),
            ValueType::Url => quote!(Url),
            ValueType::Mode => quote!(Mode),
            ValueType::HttpClient => quote!(HttpClient),
        }
    }

    /// Checks a schema default against the type; the error says what was expected.
    pub fn check_default(self, value: &Value) -> Result<(), String> {
        let ok = match self {
            ValueType::String | ValueType::Secret | ValueType::Url => value.is_string(),
            ValueType::Bool => value.is_boolean(),
            ValueType::Integer => value.is_i64(),
            ValueType::StringOrJson => value.is_string() || value.is_object(),
            ValueType::StringList => value.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
            ValueType::Mode => value.is_string(),
            ValueType::HttpClient => false,
        };
        if ok {
            return Ok(());
        }
        Err(match self {
            ValueType::String | ValueType::Secret | ValueType::Url => "a JSON string".into(),
            ValueType::Bool => "true or false".into(),
            ValueType::Integer => "an integer".into(),
            ValueType::StringOrJson => "a string or a JSON object".into(),
            ValueType::StringList => "an array of strings".into(),
            ValueType::Mode => format!("a string such as {}", one_of(MODE_NAMES.iter().copied())),
            ValueType::HttpClient => "null (an HTTP client has no default in the schema)".into(),
        })
    }

    /// An `Option<T>` expression building the default from its (already checked) JSON form.
    pub fn default_expr(self, value: &Value) -> TokenStream {
        match self {
            ValueType::Bool => {
                let b = value.as_bool().unwrap_or_default();
                quote!(::std::option::Option::Some(#b))
            }
            ValueType::Integer => {
                let n = value.as_i64().unwrap_or_default();
                quote!(::std::option::Option::Some(#n))
            }
            _ => {
                let ty = self.rust_type();
                let json = value.to_string();
                quote!(::portkey::__private::default_from_json::<#ty>(#json))
            }
        }
    }
}
