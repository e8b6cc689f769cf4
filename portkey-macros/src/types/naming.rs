//! Rust names from spec names: `CreateChatCompletionRequest`, `self-harm/intent`,
//! `response.output_text.delta`, `Error-2`.

/// `PascalCase` of a name made of words split on anything but letters and digits, and on
/// case changes (`output_text.delta` → `OutputTextDelta`; `Error-2` → `Error2`;
/// `gpt-4o` → `Gpt4o`). A name starting with a digit gets `V` in front.
pub fn pascal(name: &str) -> String {
    let mut out = String::new();
    let mut upper_next = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if upper_next {
                out.push(c.to_ascii_uppercase());
                upper_next = false;
            } else {
                out.push(c);
            }
        } else {
            upper_next = true;
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if out.is_empty() {
        out.push_str("Empty");
    }
    out
}

/// `snake_case` of a JSON key: lowercase words joined by `_` (`self-harm/intent` →
/// `self_harm_intent`, `camelCase` → `camel_case`). A name starting with a digit gets `n_`.
pub fn snake(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "n_");
    }
    if out.is_empty() {
        out.push_str("field");
    }
    out
}

/// Words Rust reserves: a field with such a name is a raw identifier (`r#type`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final",
    "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// The Rust name of a field: `snake_case`, raw for keywords (`self`, `super`, `crate` and
/// `Self` cannot be raw, so they get a `_` after them).
pub fn field(wire: &str) -> String {
    let name = snake(wire);
    match name.as_str() {
        "self" | "super" | "crate" | "extra" => format!("{name}_"),
        n if KEYWORDS.contains(&n) => format!("r#{n}"),
        _ => name,
    }
}

/// A plural list name's item: `tools` → `Tool`, `entries` → `Entry`, `data` → `Datum` is not
/// attempted (only `-ies` and a plain `-s`).
pub fn singular(pascal_name: &str) -> String {
    if let Some(stem) = pascal_name.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if pascal_name.ends_with("ss") || pascal_name.ends_with("us") || pascal_name.len() < 4 {
        return format!("{pascal_name}Item");
    }
    match pascal_name.strip_suffix('s') {
        Some(stem) => stem.to_string(),
        None => format!("{pascal_name}Item"),
    }
}

/// The longest common prefix of the names, cut at a word (an uppercase letter), so that what
/// is left of each name is still a name: `ChatCompletionNamedToolChoice` and
/// `ChatCompletionAllowedToolsChoice` share `ChatCompletion`.
pub fn common_prefix(names: &[&str]) -> usize {
    let Some(first) = names.first() else { return 0 };
    let mut len = first.len();
    for name in &names[1..] {
        len = len.min(first.bytes().zip(name.bytes()).take_while(|(a, b)| a == b).count());
    }
    // Back to the start of a word, leaving at least one word of every name.
    while len > 0 && !(first.as_bytes().get(len).is_some_and(u8::is_ascii_uppercase)) {
        len -= 1;
    }
    if names.iter().any(|n| n.len() <= len || !n.as_bytes()[len].is_ascii_uppercase()) {
        return 0;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(pascal("response.output_text.delta"), "ResponseOutputTextDelta");
        assert_eq!(pascal("Error-2"), "Error2");
        assert_eq!(pascal("24h"), "V24h");
        assert_eq!(pascal("in_memory"), "InMemory");
        assert_eq!(snake("self-harm/intent"), "self_harm_intent");
        assert_eq!(snake("pageSize"), "page_size");
        assert_eq!(snake("include[]"), "include");
        assert_eq!(field("type"), "r#type");
        assert_eq!(field("self"), "self_");
        assert_eq!(singular("Tools"), "Tool");
        assert_eq!(singular("Entries"), "Entry");
        assert_eq!(singular("Status"), "StatusItem");
        let names = ["ChatCompletionNamedToolChoice", "ChatCompletionAllowedToolsChoice"];
        assert_eq!(common_prefix(&names), "ChatCompletion".len());
        assert_eq!(common_prefix(&["ResponseFoo", "ResponseFooBar"]), "Response".len());
        assert_eq!(common_prefix(&["Text", "TextDelta"]), 0);
    }
}
