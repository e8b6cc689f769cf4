//! JSON-lines framing: a body cut into its non-empty lines, each at most a bounded size.
//!
//! Lines are handed out one at a time from the chunk that holds them, without copying it: at
//! most one chunk and one line split across chunks are held, whatever the body's length.

use bytes::Bytes;

use crate::Error;
use crate::core::limits::Limit;

/// An incremental line splitter: feed a chunk (split anywhere), take its complete lines one by
/// one, then feed the next.
#[derive(Debug)]
pub struct LineDecoder {
    /// What is left of the last chunk fed.
    chunk: Bytes,
    /// The start of a line whose end has not arrived yet.
    partial: Vec<u8>,
    max_line: usize,
    /// Bytes of blank lines since the last line: they count toward the next line's limit, so a
    /// body of blank lines (a decompression bomb, say) ends at the limit, not at its end.
    blank: usize,
}

impl LineDecoder {
    /// A decoder refusing lines longer than `max_line` bytes (the `max_sse_line_bytes` limit,
    /// which bounds every line a stream can make the client hold).
    pub fn new(max_line: usize) -> Self {
        LineDecoder { chunk: Bytes::new(), partial: Vec::new(), max_line, blank: 0 }
    }

    /// Takes the next chunk of the body; call it once [`next_line`](Self::next_line) has
    /// returned `None` for the previous one.
    pub fn feed(&mut self, chunk: Bytes) {
        debug_assert!(self.chunk.is_empty(), "a chunk was fed before the last one was read");
        self.chunk = chunk;
    }

    /// The next complete, non-empty line (without `\n` or `\r\n`), or `None` when the chunks
    /// fed so far hold no more; an error when a line is longer than the limit.
    pub fn next_line(&mut self) -> Option<Result<Bytes, Error>> {
        while let Some(end) = memchr::memchr(b'\n', &self.chunk) {
            let line = self.chunk.split_to(end + 1).slice(..end);
            let line = if self.partial.is_empty() {
                line
            } else {
                if let Err(e) = self.check(self.partial.len() + line.len()) {
                    return Some(Err(e));
                }
                let mut whole = std::mem::take(&mut self.partial);
                whole.extend_from_slice(&line);
                Bytes::from(whole)
            };
            let length = line.len() + 1;
            match self.keep(line) {
                Ok(Some(line)) => {
                    self.blank = 0;
                    return Some(Ok(line));
                }
                Ok(None) => {
                    self.blank = self.blank.saturating_add(length);
                    if let Err(e) = self.check(self.blank) {
                        return Some(Err(e));
                    }
                }
                Err(e) => return Some(Err(e)),
            }
        }
        let rest = std::mem::take(&mut self.chunk);
        if let Err(e) = self.check(self.partial.len() + rest.len()) {
            return Some(Err(e));
        }
        self.partial.extend_from_slice(&rest);
        None
    }

    /// The last line, when the body did not end with a line break.
    pub fn finish(&mut self) -> Option<Result<Bytes, Error>> {
        let last = Bytes::from(std::mem::take(&mut self.partial));
        self.keep(last).transpose()
    }

    fn check(&self, len: usize) -> Result<(), Error> {
        if len > self.max_line {
            return Err(Error::LimitExceeded { limit: Limit::SseLine, max: self.max_line as u64 });
        }
        Ok(())
    }

    /// `line` without a trailing `\r`, unless it is blank.
    fn keep(&self, line: Bytes) -> Result<Option<Bytes>, Error> {
        self.check(line.len())?;
        let line = match line.strip_suffix(b"\r") {
            Some(stripped) => line.slice(..stripped.len()),
            None => line,
        };
        Ok((!line.iter().all(u8::is_ascii_whitespace)).then_some(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line `chunks` make, or the first error.
    fn lines(decoder: &mut LineDecoder, chunks: &[&str]) -> Result<Vec<String>, Error> {
        let mut out = Vec::new();
        let text = |b: Bytes| String::from_utf8(b.to_vec()).unwrap();
        for chunk in chunks {
            decoder.feed(Bytes::copy_from_slice(chunk.as_bytes()));
            while let Some(line) = decoder.next_line() {
                out.push(text(line?));
            }
        }
        if let Some(last) = decoder.finish() {
            out.push(text(last?));
        }
        Ok(out)
    }

    #[test]
    fn lines_split_anywhere() {
        let mut d = LineDecoder::new(100);
        let out = lines(&mut d, &["{\"a\"", ":1}\r\n\n{\"b\":2}\n{\"c\"", ":3}"]).unwrap();
        assert_eq!(out, ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"]);
        let out = lines(&mut LineDecoder::new(100), &["a\r", "\n \r\n", "b\n", "\n"]).unwrap();
        assert_eq!(out, ["a", "b"]);
    }

    #[test]
    fn a_long_line_is_refused() {
        let error = lines(&mut LineDecoder::new(8), &["12345", "6789\n"]).unwrap_err();
        assert!(matches!(error, Error::LimitExceeded { limit: Limit::SseLine, max: 8 }), "{error:?}");
        let error = lines(&mut LineDecoder::new(8), &["123456789"]).unwrap_err();
        assert!(matches!(error, Error::LimitExceeded { limit: Limit::SseLine, max: 8 }), "{error:?}");
        let error = lines(&mut LineDecoder::new(8), &["ok\n123456789\n"]).unwrap_err();
        assert!(matches!(error, Error::LimitExceeded { limit: Limit::SseLine, max: 8 }), "{error:?}");
    }

    #[test]
    fn blank_lines_count_toward_the_next_line() {
        let error = lines(&mut LineDecoder::new(8), &["\n\n\n\n", " \r\n\n\n", "{}\n"]).unwrap_err();
        assert!(matches!(error, Error::LimitExceeded { limit: Limit::SseLine, max: 8 }), "{error:?}");
        let out = lines(&mut LineDecoder::new(8), &[&"\n\n\n{}\n".repeat(50)]).unwrap();
        assert_eq!(out.len(), 50);
    }
}
