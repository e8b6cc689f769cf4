//! The spec's descriptions (Markdown) as rustdoc text that builds without warnings and without
//! doctests: relative links made absolute, untagged and indented code blocks marked as text,
//! bare URLs, stray brackets and angle brackets escaped.

/// `description` as a doc comment's text; `base` is the site relative links point into
/// (`https://platform.openai.com`).
pub fn rustdoc(description: &str, base: &str) -> String {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    let mut previous_blank = true;
    for line in description.trim().lines() {
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
            out.push(line.to_string());
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
            let info = trimmed[marker.len()..].trim();
            let indent = &line[..line.len() - trimmed.len()];
            // Rust (or untagged) blocks would be compiled as doctests.
            let info = if info.is_empty() || info == "rust" { "text" } else { info };
            out.push(format!("{indent}{marker}{info}"));
            fence = Some(marker);
            previous_blank = false;
            continue;
        }
        // Four spaces after a blank line open an indented code block, which rustdoc would
        // compile: keep at most three.
        let indent = line.len() - trimmed.len();
        let line = if indent >= 4 && previous_blank { format!("   {trimmed}") } else { line.to_string() };
        previous_blank = trimmed.is_empty();
        out.push(inline(&line, base));
    }
    if fence.is_some() {
        out.push("```".to_string());
    }
    out.join("\n")
}

/// Escapes what rustdoc would read as an intra-doc link, an HTML tag or a bare URL, outside
/// code spans.
fn inline(line: &str, base: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&prose(&rest[..start], base));
        let ticks = rest[start..].chars().take_while(|c| *c == '`').count();
        let marker = &rest[start..start + ticks];
        match rest[start + ticks..].find(marker) {
            Some(end) => {
                let close = start + ticks + end + ticks;
                out.push_str(&rest[start..close]);
                rest = &rest[close..];
            }
            None => {
                out.push_str(&prose(&rest[start..], base));
                return out;
            }
        }
    }
    out.push_str(&prose(rest, base));
    out
}

fn prose(text: &str, base: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '[' => {
                // A Markdown link `[text](url)` stays; its relative URL is made absolute.
                if let Some(close) = find(&chars, i + 1, ']')
                    && chars.get(close + 1) == Some(&'(')
                    && let Some(end) = find(&chars, close + 2, ')')
                {
                    let label: String = chars[i + 1..close].iter().collect();
                    let url: String = chars[close + 2..end].iter().collect();
                    let url = if url.starts_with('/') { format!("{base}{url}") } else { url };
                    out.push('[');
                    out.push_str(&prose(&label, base));
                    out.push_str("](");
                    out.push_str(&url);
                    out.push(')');
                    i = end + 1;
                    continue;
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => {
                // `<https://...>` is an autolink; anything else that looks like a tag is text.
                let next: String = chars[i + 1..].iter().take(8).collect();
                if (next.starts_with("http://") || next.starts_with("https:/"))
                    && let Some(end) = find(&chars, i + 1, '>')
                {
                    out.extend(&chars[i..=end]);
                    i = end + 1;
                    continue;
                }
                out.push_str("&lt;");
            }
            '>' if i > 0 => out.push_str("&gt;"),
            'h' if starts(&chars, i, "http://") || starts(&chars, i, "https://") => {
                let end = (i..chars.len())
                    .find(|&j| chars[j].is_whitespace() || matches!(chars[j], ')' | '>' | '"' | '\''))
                    .unwrap_or(chars.len());
                let mut url: String = chars[i..end].iter().collect();
                let mut tail = String::new();
                while url.ends_with(['.', ',', ';', ':']) {
                    tail.insert(0, url.pop().unwrap_or('.'));
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&tail);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn find(chars: &[char], from: usize, wanted: char) -> Option<usize> {
    (from..chars.len()).find(|&j| chars[j] == wanted)
}

fn starts(chars: &[char], at: usize, prefix: &str) -> bool {
    prefix.chars().enumerate().all(|(k, p)| chars.get(at + k) == Some(&p))
}

/// The first sentence of a doc text (for setters' docs), without a trailing period.
pub fn first_sentence(doc: &str) -> String {
    let para = doc.split("\n\n").next().unwrap_or("").replace('\n', " ");
    let end = para.find(". ").unwrap_or(para.len());
    let sentence = para[..end].trim().trim_end_matches('.');
    // A sentence cut inside a code span or a link would leave the Markdown unbalanced.
    if sentence.matches('`').count() % 2 == 1 || sentence.matches('[').count() != sentence.matches(']').count() {
        return String::new();
    }
    sentence.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_safe_rustdoc() {
        let base = "https://platform.openai.com";
        assert_eq!(
            rustdoc("See [the guide](/docs/guides/x).", base),
            "See [the guide](https://platform.openai.com/docs/guides/x)."
        );
        assert_eq!(rustdoc("Ends with [DONE] and <model>.", base), "Ends with \\[DONE\\] and &lt;model&gt;.");
        assert_eq!(rustdoc("At https://example.com.", base), "At <https://example.com>.");
        assert_eq!(rustdoc("`[x] <y>` stays", base), "`[x] <y>` stays");
        assert_eq!(rustdoc("a\n```\nlet x;\n```", base), "a\n```text\nlet x;\n```");
        assert_eq!(rustdoc("a\n\n    code", base), "a\n\n   code");
        assert_eq!(rustdoc("open\n```json\n{}", base), "open\n```json\n{}\n```");
        assert_eq!(first_sentence("Sets it. More."), "Sets it");
    }
}
