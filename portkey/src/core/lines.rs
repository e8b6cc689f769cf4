//! JSON-lines framing: a body cut into its non-empty lines, each at most a bounded size.

use std::collections::VecDeque;

use crate::Error;
use crate::core::limits::Limit;

/// An incremental line splitter: feed chunks split anywhere, take the complete lines.
#[derive(Debug)]
pub struct LineDecoder {
    partial: Vec<u8>,
    max_line: usize,
}

impl LineDecoder {
    /// A decoder refusing lines longer than `max_line` bytes (the `max_sse_line_bytes` limit,
    /// which bounds every line a stream can make the client hold).
    pub fn new(max_line: usize) -> Self {
        LineDecoder { partial: Vec::new(), max_line }
    }

    /// Appends the complete, non-empty lines of `chunk` (without `\n` or `\r\n`) to `out`.
    pub fn feed(&mut self, chunk: &[u8], out: &mut VecDeque<String>) -> Result<(), Error> {
        let mut rest = chunk;
        while let Some(end) = memchr::memchr(b'\n', rest) {
            let line = &rest[..end];
            rest = &rest[end + 1..];
            if self.partial.is_empty() {
                self.push(line, out)?;
            } else {
                self.check(self.partial.len() + line.len())?;
                let mut whole = std::mem::take(&mut self.partial);
                whole.extend_from_slice(line);
                self.push(&whole, out)?;
            }
        }
        self.check(self.partial.len() + rest.len())?;
        self.partial.extend_from_slice(rest);
        Ok(())
    }

    /// The last line, when the body did not end with a line break.
    pub fn finish(&mut self, out: &mut VecDeque<String>) -> Result<(), Error> {
        let last = std::mem::take(&mut self.partial);
        self.push(&last, out)
    }

    fn check(&self, len: usize) -> Result<(), Error> {
        if len > self.max_line {
            return Err(Error::LimitExceeded { limit: Limit::SseLine, max: self.max_line as u64 });
        }
        Ok(())
    }

    fn push(&self, line: &[u8], out: &mut VecDeque<String>) -> Result<(), Error> {
        self.check(line.len())?;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.iter().all(u8::is_ascii_whitespace) {
            // Valid text (nearly always) takes the standard library's fast check.
            let text = match std::str::from_utf8(line) {
                Ok(text) => text.to_owned(),
                Err(_) => String::from_utf8_lossy(line).into_owned(),
            };
            out.push_back(text);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_anywhere() {
        let mut d = LineDecoder::new(100);
        let mut out = VecDeque::new();
        for chunk in ["{\"a\"", ":1}\r\n\n{\"b\":2}\n{\"c\"", ":3}"] {
            d.feed(chunk.as_bytes(), &mut out).unwrap();
        }
        d.finish(&mut out).unwrap();
        assert_eq!(Vec::from(out), ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"]);
    }

    #[test]
    fn a_long_line_is_refused() {
        let mut d = LineDecoder::new(8);
        let mut out = VecDeque::new();
        d.feed(b"12345", &mut out).unwrap();
        let error = d.feed(b"6789\n", &mut out).unwrap_err();
        assert!(matches!(error, Error::LimitExceeded { limit: Limit::SseLine, max: 8 }), "{error:?}");
    }
}
