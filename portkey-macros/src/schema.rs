//! The options schema: parsing the JSON file and checking every entry.
//!
//! Checking collects every problem instead of stopping at the first, so one build reports all
//! of them; each message names the option (or its position when the name itself is bad).

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::value_type::{GROUP_NAMES, TYPE_NAMES, ValueType, one_of};

/// The prefix every Portkey header carries.
pub const HEADER_PREFIX: &str = "x-portkey-";

/// One checked option of the schema.
#[derive(Clone, Debug)]
pub struct OptionSpec {
    pub name: String,
    pub header: Option<String>,
    pub ty: ValueType,
    pub group: String,
    pub env: Option<String>,
    pub implicit_env: bool,
    pub default: Option<Value>,
    pub client: bool,
    pub value_prefix: Option<String>,
    /// Secret values, and values marked `sensitive` (which may hold secrets, as a routing
    /// config holds provider keys): redacted in `Debug` and sensitive as headers.
    pub sensitive: bool,
    /// Whether the Python SDK has the option (`"sdk": false` marks portkey-rs's own options,
    /// which the conformance generators leave out).
    pub sdk: bool,
    pub doc: String,
}

/// The checked schema, options in file order (the expansion must be deterministic).
#[derive(Clone, Debug)]
pub struct Schema {
    pub options: Vec<OptionSpec>,
}

const FIELDS: &[&str] = &[
    "name",
    "header",
    "unprefixed",
    "type",
    "group",
    "env",
    "implicit_env",
    "default",
    "client",
    "value_prefix",
    "sensitive",
    "sdk",
    "doc",
];

/// Parses schema text; a syntax error names the line and column.
pub fn parse_document(text: &str) -> Result<Value, String> {
    // serde_json's message ends with "at line L column C".
    serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))
}

/// Returns the `options` array of a schema document.
pub fn options_array(doc: Value) -> Result<Vec<Value>, String> {
    match doc {
        Value::Object(mut map) => match map.remove("options") {
            Some(Value::Array(a)) => Ok(a),
            Some(_) => Err("`options` must be an array of option entries".into()),
            None => Err("the schema must be an object with an `options` array".into()),
        },
        _ => Err("the schema must be a JSON object with an `options` array".into()),
    }
}

/// A problem of the schema, with the position of the entry it is about, when it is about one.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub entry: Option<usize>,
    pub message: String,
}

/// Checks every entry. Returns the entries that passed (for a duplicate, the first) and every
/// problem found; the caller fails the build when there are problems, but still generates from
/// the good entries so that the schema errors are not buried under errors of code using them.
pub fn check(entries: &[Value]) -> (Schema, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut options = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let (spec, found) = check_entry(index, entry);
        options.extend(spec.map(|spec| (index, spec)));
        problems.extend(found.into_iter().map(|message| Problem { entry: Some(index), message }));
    }
    let options = keep_unique(options, &mut problems);
    (Schema { options }, problems)
}

/// Drops (and reports) every option that repeats an earlier one's name, header or variable.
fn keep_unique(options: Vec<(usize, OptionSpec)>, problems: &mut Vec<Problem>) -> Vec<OptionSpec> {
    let mut names = HashSet::new();
    let mut headers = HashSet::new();
    let mut envs = HashSet::new();
    let mut kept = Vec::with_capacity(options.len());
    for (index, o) in options {
        let mut repeats = Vec::new();
        if !names.insert(o.name.clone()) {
            repeats.push(format!("option `{}`: duplicate option name", o.name));
        }
        if let Some(h) = &o.header
            && !headers.insert(h.to_ascii_lowercase())
        {
            repeats.push(format!("option `{}`: duplicate header `{h}`", o.name));
        }
        if let Some(e) = &o.env
            && !envs.insert(e.clone())
        {
            repeats.push(format!("option `{}`: duplicate environment variable `{e}`", o.name));
        }
        if repeats.is_empty() {
            kept.push(o);
        }
        problems.extend(repeats.into_iter().map(|message| Problem { entry: Some(index), message }));
    }
    kept
}

/// Checks one entry: its problems, and the option as far as it can be generated. An entry
/// with a usable name and type yields an option even with other problems, the faulty fields
/// left out or neutral (no header, no variable, no default, group `other`), so that code using
/// the option still compiles while the schema errors are reported.
fn check_entry(index: usize, entry: &Value) -> (Option<OptionSpec>, Vec<String>) {
    let Some(obj) = entry.as_object() else {
        return (None, vec![format!("option #{index}: each entry must be a JSON object")]);
    };
    let name = match obj.get("name") {
        Some(Value::String(n)) if is_snake_ident(n) => n.clone(),
        Some(Value::String(n)) => {
            return (
                None,
                vec![format!(
                    "option #{index} (`{n}`): name must be snake_case ASCII (a-z, 0-9, _), starting with a letter"
                )],
            );
        }
        _ => return (None, vec![format!("option #{index}: missing string field `name`")]),
    };
    let mut p = Vec::new();
    let mut problem = |msg: String| p.push(format!("option `{name}`: {msg}"));

    for key in obj.keys() {
        if !FIELDS.contains(&key.as_str()) {
            problem(format!("unknown field `{key}` (expected one of: {})", FIELDS.join(", ")));
        }
    }
    let ty = match obj.get("type") {
        Some(Value::String(t)) => ValueType::parse(t).or_else(|| {
            problem(format!("unknown type `{t}` (expected one of: {})", one_of(TYPE_NAMES.iter().map(|(n, _)| *n))));
            None
        }),
        _ => {
            problem("missing string field `type`".into());
            None
        }
    };
    let group = match obj.get("group") {
        Some(Value::String(g)) if GROUP_NAMES.contains(&g.as_str()) => g.clone(),
        Some(Value::String(g)) => {
            problem(format!("unknown group `{g}` (expected one of: {})", one_of(GROUP_NAMES.iter().copied())));
            String::new()
        }
        _ => {
            problem("missing string field `group`".into());
            String::new()
        }
    };
    let doc = match obj.get("doc") {
        Some(Value::String(d)) if !d.trim().is_empty() && !d.contains('\n') => d.trim().to_string(),
        Some(Value::String(_)) => {
            problem("`doc` must be one non-empty line".into());
            String::new()
        }
        _ => {
            problem("missing doc: every option needs a one-line `doc`".into());
            String::new()
        }
    };
    let unprefixed = bool_field(obj, "unprefixed", &mut problem);
    let implicit_env = bool_field(obj, "implicit_env", &mut problem);
    let client = bool_field(obj, "client", &mut problem);
    let marked_sensitive = bool_field(obj, "sensitive", &mut problem);
    // Unlike the other flags, `sdk` is true when absent.
    let sdk = match obj.get("sdk") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            problem("`sdk` must be true or false".into());
            true
        }
    };
    if marked_sensitive && ty == Some(ValueType::Secret) {
        problem("`sensitive` is implied by type `secret`; remove it".into());
    }
    let header = opt_string_field(obj, "header", &mut problem);
    let env = opt_string_field(obj, "env", &mut problem);
    let value_prefix = opt_string_field(obj, "value_prefix", &mut problem);
    if !obj.contains_key("header") {
        problem("missing field `header` (a header name, or null for a client-side-only option)".into());
    }
    if !sdk && (header.is_some() || !client) {
        problem(
            "an option the Python SDK lacks (`\"sdk\": false`) must be client-side: no header, `\"client\": true`"
                .into(),
        );
    }

    match &header {
        Some(h) => {
            if let Some(msg) = header_problem(&name, h, unprefixed) {
                problem(msg);
            }
            if ty.is_some_and(|t| !t.can_be_header()) {
                problem(format!(
                    "type `{}` cannot be sent as a header; set `header` to null",
                    ty.map_or("", |t| t.name())
                ));
            }
        }
        None => {
            if unprefixed {
                problem("`unprefixed` only applies to options with a header".into());
            }
            if value_prefix.is_some() {
                problem("`value_prefix` only applies to options with a header".into());
            }
            if !client {
                problem("no header and not consumed by the client: set a header or `\"client\": true`".into());
            }
        }
    }
    if let Some(e) = &env {
        if !is_env_name(e) {
            problem(format!("environment variable `{e}` must be upper-case ASCII (A-Z, 0-9, _)"));
        }
        if ty.is_some_and(|t| !t.is_loadable()) {
            problem("this type cannot be read from the environment; set `env` to null".into());
        }
    } else if implicit_env {
        problem("`implicit_env` needs an `env` variable".into());
    }
    let default = match obj.get("default") {
        None | Some(Value::Null) => None,
        Some(v) => {
            if let Some(t) = ty
                && let Err(expected) = t.check_default(v)
            {
                problem(format!("default does not match type `{}`: expected {expected}", t.name()));
            }
            Some(v.clone())
        }
    };

    let Some(ty) = ty else { return (None, p) };
    // What a faulty entry is generated as (no change to a valid one).
    let header = header.filter(|h| ty.can_be_header() && header_problem(&name, h, unprefixed).is_none());
    let env = env.filter(|e| ty.is_loadable() && is_env_name(e));
    let default = default.filter(|v| ty.check_default(v).is_ok());
    let implicit_env = implicit_env && env.is_some();
    let group = if group.is_empty() { "other".to_string() } else { group };
    let spec = OptionSpec {
        name,
        client: client || header.is_none(),
        header,
        ty,
        group,
        env,
        implicit_env,
        default,
        value_prefix,
        sensitive: marked_sensitive || ty == ValueType::Secret,
        sdk,
        doc,
    };
    (Some(spec), p)
}

fn bool_field(obj: &Map<String, Value>, key: &str, problem: &mut impl FnMut(String)) -> bool {
    match obj.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            problem(format!("`{key}` must be true or false"));
            false
        }
    }
}

fn opt_string_field(obj: &Map<String, Value>, key: &str, problem: &mut impl FnMut(String)) -> Option<String> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            problem(format!("`{key}` must be a string or null"));
            None
        }
    }
}

/// What is wrong with a header name, if anything. Prefixed headers must be exactly what the
/// Python SDK derives from the option name, or the two clients would disagree on the wire.
fn header_problem(name: &str, header: &str, unprefixed: bool) -> Option<String> {
    if header.is_empty() || !header.bytes().all(is_token_byte) {
        return Some(format!("header `{header}` is not a valid HTTP header name"));
    }
    let derived = format!("{HEADER_PREFIX}{}", name.replace('_', "-"));
    let prefixed = header.to_ascii_lowercase().starts_with(HEADER_PREFIX);
    match (prefixed, unprefixed) {
        (false, false) => Some(format!(
            "header `{header}` must start with `{HEADER_PREFIX}` (mark a standard header with `\"unprefixed\": true`)"
        )),
        (true, true) => Some(format!("header `{header}` has the `{HEADER_PREFIX}` prefix but is marked `unprefixed`")),
        (true, false) if header != derived => {
            Some(format!("header `{header}` must be `{derived}`: the Python SDK derives it from the option name"))
        }
        _ => None,
    }
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_snake_ident(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !is_reserved(s)
}

fn is_reserved(s: &str) -> bool {
    // Keywords, and names the generated struct already uses for its own methods.
    const RESERVED: &[&str] = &[
        "as",
        "async",
        "await",
        "break",
        "const",
        "continue",
        "crate",
        "dyn",
        "else",
        "enum",
        "extern",
        "false",
        "fn",
        "for",
        "gen",
        "if",
        "impl",
        "in",
        "let",
        "loop",
        "match",
        "mod",
        "move",
        "mut",
        "pub",
        "ref",
        "return",
        "self",
        "static",
        "struct",
        "super",
        "trait",
        "true",
        "type",
        "unsafe",
        "use",
        "where",
        "while",
        "abstract",
        "become",
        "box",
        "do",
        "final",
        "macro",
        "override",
        "priv",
        "try",
        "typeof",
        "unsized",
        "virtual",
        "yield",
        "new",
        "build",
        "options",
        "into_options",
        "extra_options",
        "text_values",
    ];
    RESERVED.contains(&s)
}

fn is_env_name(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_uppercase())
        && bytes.all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(extra: Value) -> Value {
        let mut base = json!({
            "name": "trace_id", "header": "x-portkey-trace-id", "type": "string",
            "group": "observability", "env": "PORTKEY_TRACE_ID", "default": null, "doc": "Trace id."
        });
        for (k, v) in extra.as_object().unwrap() {
            base[k] = v.clone();
        }
        base
    }

    fn problems(entries: Vec<Value>) -> Vec<String> {
        check(&entries).1.into_iter().map(|p| p.message).collect()
    }

    /// The schema, when it has no problems.
    fn valid(entries: &[Value]) -> Result<Schema, Vec<Problem>> {
        let (schema, problems) = check(entries);
        if problems.is_empty() { Ok(schema) } else { Err(problems) }
    }

    #[test]
    fn a_good_entry_passes() {
        let schema = valid(&[entry(json!({}))]).expect("valid");
        assert_eq!(schema.options[0].header.as_deref(), Some("x-portkey-trace-id"));
        assert_eq!(schema.options[0].ty, ValueType::String);
    }

    #[test]
    fn unknown_type_names_option_and_choices() {
        let p = problems(vec![entry(json!({"type": "strng"}))]);
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("option `trace_id`: unknown type `strng`"), "{p:?}");
        assert!(p[0].contains("string_or_json"));
    }

    #[test]
    fn unknown_group_and_missing_doc_are_both_reported() {
        let mut e = entry(json!({"group": "space"}));
        e.as_object_mut().unwrap().remove("doc");
        let p = problems(vec![e]);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].contains("unknown group `space`"));
        assert!(p[1].contains("missing doc"));
    }

    #[test]
    fn duplicates_are_reported() {
        let a = entry(json!({}));
        let b = entry(json!({"env": "OTHER"}));
        let c = entry(
            json!({"name": "authorization", "header": "Authorization", "unprefixed": true, "env": "PORTKEY_TRACE_ID"}),
        );
        let d = entry(json!({"name": "auth", "header": "authorization", "unprefixed": true, "env": null}));
        let (schema, located) = check(&[a.clone(), b.clone(), c.clone(), d.clone()]);
        let kept: Vec<_> = schema.options.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(kept, ["trace_id"], "a duplicate is dropped, the first kept");
        assert!(located.iter().all(|p| p.entry.is_some_and(|i| i > 0)), "{located:?}");
        let p = problems(vec![a, b, c, d]);
        assert!(p.iter().any(|m| m == "option `trace_id`: duplicate option name"), "{p:?}");
        assert!(
            p.iter().any(|m| m.contains("`authorization`") && m.contains("duplicate environment variable")),
            "{p:?}"
        );
        assert!(p.iter().any(|m| m == "option `auth`: duplicate header `authorization`"), "{p:?}");
    }

    #[test]
    fn header_rules() {
        let p = problems(vec![entry(json!({"header": "trace-id"}))]);
        assert!(p[0].contains("must start with `x-portkey-`"), "{p:?}");
        let p = problems(vec![entry(json!({"header": "x-portkey-trace"}))]);
        assert!(p[0].contains("must be `x-portkey-trace-id`"), "{p:?}");
        let p = problems(vec![entry(json!({"header": "x portkey"}))]);
        assert!(p[0].contains("not a valid HTTP header name"), "{p:?}");
        let ok = valid(&[entry(
            json!({"name": "authorization", "header": "Authorization", "unprefixed": true, "env": null}),
        )]);
        assert!(ok.is_ok());
    }

    #[test]
    fn client_side_only_needs_client_flag() {
        let p = problems(vec![entry(json!({"header": null}))]);
        assert!(p[0].contains("not consumed by the client"), "{p:?}");
        assert!(valid(&[entry(json!({"header": null, "client": true}))]).is_ok());
    }

    #[test]
    fn sensitivity_and_sdk_flags() {
        let schema = valid(&[
            entry(json!({"sensitive": true})),
            entry(json!({"name": "key", "header": "x-portkey-key", "type": "secret", "env": null})),
        ])
        .unwrap();
        assert!(schema.options[0].sensitive && schema.options[1].sensitive);
        assert!(schema.options[0].sdk);
        let p = problems(vec![entry(json!({"type": "secret", "sensitive": true}))]);
        assert!(p[0].contains("`sensitive` is implied by type `secret`"), "{p:?}");
        let p = problems(vec![entry(json!({"sdk": false}))]);
        assert!(p[0].contains("must be client-side"), "{p:?}");
        let p = problems(vec![entry(json!({"sdk": "no", "sensitive": 1}))]);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(valid(&[entry(json!({"sdk": false, "header": null, "client": true}))]).is_ok());
    }

    #[test]
    fn defaults_are_typed() {
        let p = problems(vec![entry(json!({"type": "bool", "default": "yes"}))]);
        assert!(p[0].contains("default does not match type `bool`: expected true or false"), "{p:?}");
        let p = problems(vec![entry(json!({"type": "mode", "default": 3}))]);
        assert!(p[0].contains("a string such as fallback, ab_test, single, proxy"), "{p:?}");
        let p = problems(vec![entry(json!({"type": "integer", "default": 1.5}))]);
        assert!(p[0].contains("expected an integer"), "{p:?}");
    }

    #[test]
    fn bad_names_and_fields() {
        let p = problems(vec![entry(json!({"name": "Trace"}))]);
        assert!(p[0].contains("snake_case"), "{p:?}");
        let p = problems(vec![entry(json!({"colour": 1}))]);
        assert!(p[0].contains("unknown field `colour`"), "{p:?}");
        let p = problems(vec![json!(3)]);
        assert!(p[0].contains("must be a JSON object"));
    }

    #[test]
    fn http_client_cannot_be_a_header_or_env() {
        let p = problems(vec![entry(json!({"type": "http_client"}))]);
        assert!(p.iter().any(|m| m.contains("cannot be sent as a header")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("cannot be read from the environment")), "{p:?}");
    }

    #[test]
    fn invalid_json_names_position() {
        let e = parse_document("{\n  \"options\": [,]\n}").unwrap_err();
        assert!(e.starts_with("invalid JSON: ") && e.ends_with("at line 2 column 15"), "{e}");
    }
}
