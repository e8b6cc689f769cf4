//! What the Python SDK's `createHeaders` sends for a keyword argument of any type, for
//! `Options::from_map` (the entry point keyed by Python names, which takes what a Python user
//! would pass). The typed builder does not go through here: it stays strict.
//!
//! `createHeaders` turns booleans into `"true"`/`"false"` and mappings into `json.dumps`, leaves
//! out falsy values (`None`, `0`, `""`, `[]`), sends everything else as `str(value)`, and has
//! three special cases: `mode` (`"proxy "` goes in front unless the value contains `"proxy"`),
//! `authorization` (`"Bearer "` goes in front, which needs a string) and `forward_headers`
//! (iterated as a list of names, then joined with `,`).

use serde_json::Value;

use crate::options::pyjson::{dumps_object, repr};

/// How an option's value is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    /// Any option without a special case.
    Plain,
    /// `mode`.
    Mode,
    /// An option whose value gets a prefix (`authorization`).
    Prefixed,
    /// `forward_headers`.
    ForwardList,
}

/// What the SDK does with a value of a type the option does not take.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Sent {
    /// Leaves the header out.
    Nothing,
    /// Sends this text (before any prefix).
    Text(String),
    /// Raises (`TypeError`, `AttributeError`) before sending anything.
    Fails(&'static str),
}

/// What `createHeaders` sends for `value` under `rule`.
pub(crate) fn sent(rule: Rule, value: &Value) -> Sent {
    let text = |t: Option<String>| t.map_or(Sent::Nothing, Sent::Text);
    match (rule, value) {
        // `"proxy" not in None` (or a number) raises.
        (Rule::Mode, Value::Null | Value::Number(_)) => Sent::Fails("a string"),
        (Rule::Mode, Value::Array(items)) => {
            let named = items.iter().any(|i| i.as_str() == Some("proxy"));
            Sent::Text(if named { repr(value) } else { format!("proxy {}", repr(value)) })
        }
        (Rule::Mode, Value::Object(map)) => {
            Sent::Text(if map.contains_key("proxy") { dumps_object(map) } else { format!("proxy {}", repr(value)) })
        }
        // `value.startswith("Bearer ")` needs text.
        (Rule::Prefixed, Value::Number(_) | Value::Array(_)) if header_text(value).is_some() => Sent::Fails("a string"),
        // The list of names is iterated first: `True` and numbers are not iterable, and names
        // must be strings.
        (Rule::ForwardList, Value::Bool(true) | Value::Number(_) | Value::Array(_)) if header_text(value).is_some() => {
            Sent::Fails("a list of strings")
        }
        // Joining a string with `,` joins its characters.
        (Rule::ForwardList, _) => text(header_text(value).map(|t| join_chars(&t))),
        _ => text(header_text(value)),
    }
}

/// The header text the Python SDK's `createHeaders` makes of a JSON-loaded value that is not of
/// the option's own type: `None` for the falsy values it leaves out (`None`, `0`, `0.0`, `""`,
/// `[]`); booleans as `true`/`false`, objects as `json.dumps`, anything else as `str(value)`.
fn header_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Bool(b) => Some(if *b { "true" } else { "false" }.to_string()),
        Value::Number(n) if n.as_f64() == Some(0.0) => None,
        Value::String(s) if s.is_empty() => None,
        Value::Array(items) if items.is_empty() => None,
        Value::Object(map) => Some(dumps_object(map)),
        Value::String(s) => Some(s.clone()),
        other => Some(repr(other)),
    }
}

fn join_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for (i, c) in text.chars().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(s: &str) -> Sent {
        Sent::Text(s.to_string())
    }

    // Expected values are what portkey-ai 2.3.4's createHeaders sends (see the vectors).
    #[test]
    fn plain_values_are_str_of_the_value() {
        assert_eq!(sent(Rule::Plain, &json!(123)), text("123"));
        assert_eq!(sent(Rule::Plain, &json!(30.0)), text("30.0"));
        assert_eq!(sent(Rule::Plain, &json!(1e16)), text("1e+16"));
        assert_eq!(sent(Rule::Plain, &json!(true)), text("true"));
        assert_eq!(sent(Rule::Plain, &json!([1, "x", null, true, 2.5])), text("[1, 'x', None, True, 2.5]"));
        assert_eq!(sent(Rule::Plain, &json!(["it's", "a\"b"])), text(r#"["it's", 'a"b']"#));
        assert_eq!(sent(Rule::Plain, &json!({"a": [1]})), text(r#"{"a": [1]}"#));
        assert_eq!(sent(Rule::Plain, &json!({})), text("{}"));
        for falsy in [json!(null), json!(0), json!(0.0), json!(""), json!([])] {
            assert_eq!(sent(Rule::Plain, &falsy), Sent::Nothing, "{falsy}");
        }
    }

    #[test]
    fn modes_take_the_proxy_prefix_unless_named() {
        assert_eq!(sent(Rule::Mode, &json!(["a"])), text("proxy ['a']"));
        assert_eq!(sent(Rule::Mode, &json!(["proxy"])), text("['proxy']"));
        assert_eq!(sent(Rule::Mode, &json!({"a": 1})), text("proxy {'a': 1}"));
        assert_eq!(sent(Rule::Mode, &json!({"proxy": 1})), text(r#"{"proxy": 1}"#));
        assert_eq!(sent(Rule::Mode, &json!(true)), text("true"));
        assert!(matches!(sent(Rule::Mode, &json!(null)), Sent::Fails(_)));
        assert!(matches!(sent(Rule::Mode, &json!(5)), Sent::Fails(_)));
    }

    #[test]
    fn prefixed_values_must_be_text() {
        assert_eq!(sent(Rule::Prefixed, &json!(true)), text("true"));
        assert_eq!(sent(Rule::Prefixed, &json!({"a": 1})), text(r#"{"a": 1}"#));
        assert_eq!(sent(Rule::Prefixed, &json!(0)), Sent::Nothing);
        assert!(matches!(sent(Rule::Prefixed, &json!(123)), Sent::Fails(_)));
        assert!(matches!(sent(Rule::Prefixed, &json!(["sk-a"])), Sent::Fails(_)));
    }

    #[test]
    fn forward_lists_join_characters_of_text() {
        assert_eq!(sent(Rule::ForwardList, &json!("a,b")), text("a,,,b"));
        assert_eq!(sent(Rule::ForwardList, &json!(false)), text("f,a,l,s,e"));
        assert_eq!(sent(Rule::ForwardList, &json!({"x-a": "1"})), text(r#"{,",x,-,a,",:, ,",1,",}"#));
        assert_eq!(sent(Rule::ForwardList, &json!([])), Sent::Nothing);
        for fails in [json!(true), json!(123), json!([1, 2])] {
            assert!(matches!(sent(Rule::ForwardList, &fails), Sent::Fails(_)), "{fails}");
        }
    }
}
