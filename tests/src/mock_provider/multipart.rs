//! A `multipart/form-data` reader, enough for what the clients and the gateway send.

use bytes::Bytes;

/// One part of a `multipart/form-data` body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The `name` of its `Content-Disposition`.
    pub name: String,
    /// The `filename` of its `Content-Disposition`, for a file part.
    pub filename: Option<String>,
    /// Its `Content-Type`, if it has one.
    pub content_type: Option<String>,
    /// Its bytes.
    pub data: Bytes,
}

impl Part {
    /// The bytes as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// The parts of `body`, whose `Content-Type` header is `content_type`; `None` when it is not
/// `multipart/form-data` with a boundary, or when the body does not follow it.
pub fn parse(content_type: &str, body: &[u8]) -> Option<Vec<Part>> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    let boundary = params
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim_matches('"'))?;
    let delimiter = format!("--{boundary}");
    let body = Bytes::copy_from_slice(body);
    let mut parts = Vec::new();
    let mut at = find(&body, delimiter.as_bytes(), 0)? + delimiter.len();
    loop {
        if body[at..].starts_with(b"--") {
            return Some(parts);
        }
        at += 2; // CRLF after the delimiter
        let head_end = find(&body, b"\r\n\r\n", at)?;
        let next = find(&body, format!("\r\n{delimiter}").as_bytes(), head_end)?;
        let head = String::from_utf8_lossy(&body[at..head_end]).into_owned();
        let mut part =
            Part { name: String::new(), filename: None, content_type: None, data: body.slice(head_end + 4..next) };
        for line in head.split("\r\n") {
            let Some((key, value)) = line.split_once(':') else { continue };
            let value = value.trim();
            if key.eq_ignore_ascii_case("content-disposition") {
                for attr in value.split(';').skip(1) {
                    match attr.trim().split_once('=') {
                        Some(("name", v)) => part.name = v.trim_matches('"').to_owned(),
                        Some(("filename", v)) => part.filename = Some(v.trim_matches('"').to_owned()),
                        _ => {}
                    }
                }
            } else if key.eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.to_owned());
            }
        }
        parts.push(part);
        at = next + 2 + delimiter.len();
    }
}

/// The first position of `needle` in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

/// The text of the field `name`, if the form has one.
pub fn field<'a>(parts: &'a [Part], name: &str) -> Option<&'a Part> {
    parts.iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_and_file_parts() {
        let body = b"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\none\r\n--xyz\r\n\
                     Content-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\nContent-Type: image/png\r\n\r\n\
                     \x00\r\n\x01\r\n--xyz--\r\n";
        let parts = parse("multipart/form-data; boundary=xyz", body).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].name.as_str(), parts[0].text().as_str()), ("a", "one"));
        assert_eq!(parts[1].filename.as_deref(), Some("x.bin"));
        assert_eq!(parts[1].content_type.as_deref(), Some("image/png"));
        assert_eq!(&parts[1].data[..], b"\x00\r\n\x01");
        assert_eq!(parse("application/json", b"{}"), None);
    }
}
