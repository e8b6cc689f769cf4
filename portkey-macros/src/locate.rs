//! Where each entry of a schema file starts, so a problem can name its `file:line`.
//!
//! `serde_json::Value` keeps no positions, so this scans the (already parsed, hence valid) text
//! once: strings and escapes skipped, nesting counted, and the line of every element of one
//! top-level array recorded.

/// The 1-based line on which each element of the array under `key` starts, in order. The array
/// may be the document itself (`key` empty) or a member of the top-level object. Returns fewer
/// lines than elements only for text that is not valid JSON.
pub fn entry_lines(text: &str, key: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut line = 1;
    let mut depth = 0usize;
    // The depth of the elements of the wanted array, once it is open.
    let mut elements_at = key.is_empty().then_some(1);
    let mut expecting_element = key.is_empty();
    let mut last_string = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        if expecting_element && Some(depth) == elements_at && c != ']' {
            lines.push(line);
            expecting_element = false;
        }
        match c {
            '"' => {
                last_string.clear();
                while let Some(s) = chars.next() {
                    match s {
                        '"' => break,
                        '\\' => {
                            chars.next();
                        }
                        '\n' => line += 1,
                        _ => last_string.push(s),
                    }
                }
            }
            '{' | '[' => {
                depth += 1;
                if c == '[' && depth == 2 && elements_at.is_none() && last_string == key {
                    elements_at = Some(2);
                    expecting_element = true;
                }
            }
            '}' | ']' => {
                if Some(depth) == elements_at && c == ']' {
                    elements_at = None;
                    expecting_element = false;
                }
                depth = depth.saturating_sub(1);
            }
            ',' if Some(depth) == elements_at => expecting_element = true,
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::entry_lines;

    #[test]
    fn lines_of_the_named_array() {
        let text = "{\n  \"doc\": \"options: [\\\"x\\\"]\",\n  \"nested\": {\"options\": [1]},\n  \"options\": [\n    {\"name\": \"a\", \"list\": [1, 2]},\n\n    {\"name\": \"b\",\n     \"s\": \"}]\"}, {\"name\": \"c\"}\n  ]\n}";
        assert_eq!(entry_lines(text, "options"), [5, 7, 8]);
        assert_eq!(entry_lines(text, "missing"), Vec::<usize>::new());
    }

    #[test]
    fn a_bare_array() {
        assert_eq!(entry_lines("[\n {\"a\": 1},\n 2,\n \"x\"\n]", ""), [2, 3, 4]);
        assert_eq!(entry_lines("[]", ""), Vec::<usize>::new());
    }
}
