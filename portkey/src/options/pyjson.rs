//! JSON text exactly as Python's `json.dumps(value)` writes it with default arguments, and
//! Python's `repr(value)` of a value loaded from JSON.
//!
//! The Python SDK sends dict-valued options (config, metadata) as `json.dumps(dict)`, so the
//! wire bytes depend on its choices: `", "` and `": "` separators, `ensure_ascii` escaping
//! (`\u00e9`, surrogate pairs for characters beyond the BMP, lowercase hex), and Python's
//! float `repr` (`1e+16`, `1e-05`, `1.0`). Object keys keep their order (serde_json's
//! `preserve_order`).

use serde_json::{Map, Number, Value};

/// `json.dumps(value)` of a JSON object.
pub fn dumps_object(map: &Map<String, Value>) -> String {
    let mut out = String::with_capacity(64);
    write_object(&mut out, map, Style::Json);
    out
}

/// `json.dumps(value)`.
pub fn dumps(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, Style::Json);
    out
}

/// Which of Python's two spellings of a loaded JSON value to write. They differ only in the
/// constants and the strings: numbers are written alike (JSON values hold no NaN or infinity).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `json.dumps`: `null`, `true`, `"text"` with `ensure_ascii` escapes.
    Json,
    /// `repr`: `None`, `True`, `'text'` with Python's string escapes.
    Python,
}

/// Python's `repr(value)` (which is also `str(value)` for everything but strings) of a value
/// as `json.loads` returns it: `['a', 1, None, True, 2.5, {'k': 'v'}]`.
pub fn repr(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, Style::Python);
    out
}

/// Python's `repr(str)`: single quotes unless the text has `'` and no `"`, backslash escapes
/// for the quote, `\\`, `\t`, `\n`, `\r`, and `\xNN` / `\uNNNN` / `\UNNNNNNNN` for characters
/// that are not printable.
fn write_str_repr(out: &mut String, s: &str) {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
}

/// Python's `str.isprintable` for one character, for the characters that matter here: ASCII
/// exactly; beyond it, control and format characters, separators other than the space, and
/// private-use characters are not printable. (Unassigned code points would need Unicode's
/// tables; header values cannot carry non-ASCII text anyway.)
fn is_printable(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return (0x20..0x7f).contains(&u);
    }
    !matches!(u,
        0x80..=0xa0 | 0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x1680 | 0x180e
        | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x2064 | 0x2066..=0x206f | 0x3000
        | 0xd800..=0xf8ff | 0xfeff | 0xfff9..=0xfffb | 0xf0000..)
}

fn write_value(out: &mut String, value: &Value, style: Style) {
    let python = style == Style::Python;
    match value {
        Value::Null => out.push_str(if python { "None" } else { "null" }),
        Value::Bool(b) => out.push_str(match (b, python) {
            (true, true) => "True",
            (false, true) => "False",
            (true, false) => "true",
            (false, false) => "false",
        }),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => write_text(out, s, style),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, style);
            }
            out.push(']');
        }
        Value::Object(map) => write_object(out, map, style),
    }
}

fn write_object(out: &mut String, map: &Map<String, Value>, style: Style) {
    out.push('{');
    for (i, (key, item)) in map.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_text(out, key, style);
        out.push_str(": ");
        write_value(out, item, style);
    }
    out.push('}');
}

fn write_text(out: &mut String, s: &str, style: Style) {
    match style {
        Style::Json => write_string(out, s),
        Style::Python => write_str_repr(out, s),
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    // Fast path: nothing to escape.
    if s.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\') {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

fn write_number(out: &mut String, n: &Number) {
    if let Some(i) = n.as_i64() {
        out.push_str(&i.to_string());
    } else if let Some(u) = n.as_u64() {
        out.push_str(&u.to_string());
    } else if let Some(f) = n.as_f64() {
        out.push_str(&float_repr(f));
    }
}

/// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the
/// decimal exponent is in `-4 < exp <= 16` and in `d.ddde±XX` form otherwise.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    // `{:e}` gives the shortest round-trip digits: "1.5e-5", "1e16", "0e0".
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let decpt = exp + 1; // value = 0.DIGITS * 10^decpt
    let body = if decpt <= -4 || decpt > 16 {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{first}{frac}e{esign}{:02}", exp.abs())
    } else if decpt <= 0 {
        format!("0.{}{digits}", "0".repeat((-decpt) as usize))
    } else if decpt as usize >= digits.len() {
        format!("{digits}{}.0", "0".repeat(decpt as usize - digits.len()))
    } else {
        let (int, frac) = digits.split_at(decpt as usize);
        format!("{int}.{frac}")
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn separators_and_escapes_match_python() {
        let v = json!({"a": "é", "b": [1, 2.5, true, null], "c": "😀", "d": {"e": "q\"\\\n\u{7f}"}});
        assert_eq!(
            dumps(&v),
            r#"{"a": "\u00e9", "b": [1, 2.5, true, null], "c": "\ud83d\ude00", "d": {"e": "q\"\\\n\u007f"}}"#
        );
        assert_eq!(dumps(&json!({})), "{}");
        assert_eq!(dumps(&json!([])), "[]");
    }

    #[test]
    fn floats_match_python_repr() {
        let cases = [
            (1.0, "1.0"),
            (1.5, "1.5"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-0.0, "-0.0"),
            (0.1, "0.1"),
            (123456.789, "123456.789"),
            (1.2345e20, "1.2345e+20"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
        ];
        for (f, want) in cases {
            assert_eq!(float_repr(f), want, "{f}");
        }
    }
}
