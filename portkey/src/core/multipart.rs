//! [`Multipart`]: upload forms whose file parts are streamed from memory, a path or an async
//! reader, never read whole, and encoded byte for byte as the Python SDK's httpx encodes them
//! (a 32-digit boundary, `Content-Disposition` names and file names escaped the HTML5 way).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use tokio::io::{AsyncRead, AsyncReadExt};

use crate::Error;

/// How many bytes a file part reads at a time.
const CHUNK: usize = 64 << 10;

/// Progress of an upload or a download: bytes so far, and the total when it is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Bytes sent (upload) or received (download) so far.
    pub done: u64,
    /// The total, when known in advance (files and byte parts; a `Content-Length`).
    pub total: Option<u64>,
}

/// A callback told about progress; called from the task that moves the bytes, so keep it short.
pub(crate) type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

/// One file or several, for a form field that takes either (an image edit's `image`): one is
/// sent as `name`, several as one `name[]` part each, as the SDK sends them.
#[derive(Debug)]
pub enum FileParts {
    /// One file, sent as `name`.
    One(FilePart),
    /// Several files, sent as `name[]` each (a list of one included).
    Many(Vec<FilePart>),
}

impl From<FilePart> for FileParts {
    fn from(file: FilePart) -> Self {
        FileParts::One(file)
    }
}

impl From<Vec<FilePart>> for FileParts {
    fn from(files: Vec<FilePart>) -> Self {
        FileParts::Many(files)
    }
}

impl<const N: usize> From<[FilePart; N]> for FileParts {
    fn from(files: [FilePart; N]) -> Self {
        FileParts::Many(files.into())
    }
}

impl FileParts {
    /// Adds another file (one becomes several).
    pub fn push(self, file: FilePart) -> Self {
        match self {
            FileParts::One(first) => FileParts::Many(vec![first, file]),
            FileParts::Many(mut files) => {
                files.push(file);
                FileParts::Many(files)
            }
        }
    }
}

/// A multipart form: text fields and files, for uploads (`files.create`, audio
/// transcriptions, image edits...).
///
/// The typed requests of those endpoints ([`FileCreateRequest`](crate::types::FileCreateRequest),
/// ...) become one with `.into()`; the `_byot` methods take a form as it is, which is how a
/// progress callback travels with an upload.
///
/// File parts are streamed as they are sent, 64 KiB at a time: uploading a 1 GB file does not
/// hold it in memory. A file given by path is opened when the request is sent; a missing file
/// is [`Error::File`] naming the path, and nothing is sent. Forms made only of text, bytes and
/// paths are rebuilt for each retry; a form with a [`FilePart::reader`] cannot be replayed, so
/// its call is not retried.
///
/// ```no_run
/// # #[cfg(feature = "files")]
/// # async fn demo(client: portkey::AsyncPortkey) -> Result<(), portkey::Error> {
/// use portkey::types::{FileCreatePurpose, FileCreateRequest, FileObject};
/// use portkey::{FilePart, Multipart, RequestOptions};
///
/// let request = FileCreateRequest::new(FilePart::path("requests.jsonl"), FileCreatePurpose::Batch);
/// let form = Multipart::from(request).on_progress(|p| eprintln!("{} of {:?} bytes", p.done, p.total));
/// let file = client.files().create_byot::<FileObject>(form, RequestOptions::new()).await?;
/// # Ok(()) }
/// ```
#[derive(Default)]
pub struct Multipart {
    parts: Vec<(String, Part)>,
    progress: Option<ProgressFn>,
}

enum Part {
    /// A field, with its content type when it has one.
    Text(String, Option<String>),
    File(FilePart),
}

/// A file of a [`Multipart`] form: its bytes, file name and content type.
pub struct FilePart {
    source: Source,
    filename: Option<String>,
    content_type: Option<String>,
}

enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    /// Taken by the first attempt that sends it.
    Reader {
        reader: Mutex<Option<Box<dyn AsyncRead + Send + Unpin>>>,
        length: Option<u64>,
    },
}

impl FilePart {
    /// A file held in memory.
    pub fn bytes(filename: impl Into<String>, data: impl Into<Bytes>) -> Self {
        FilePart { source: Source::Bytes(data.into()), filename: Some(filename.into()), content_type: None }
    }

    /// A file on disk, named after the path's last component; read as it is sent.
    pub fn path(path: impl AsRef<Path>) -> Self {
        let path = path.as_ref().to_path_buf();
        let filename = path.file_name().map(|n| n.to_string_lossy().into_owned());
        FilePart { source: Source::Path(path), filename, content_type: None }
    }

    /// A file read from `reader` as it is sent; `length`, when known, is announced and used for
    /// progress. A form holding a reader is sent once, without retries.
    pub fn reader(
        filename: impl Into<String>,
        reader: impl AsyncRead + Send + Unpin + 'static,
        length: Option<u64>,
    ) -> Self {
        let source = Source::Reader { reader: Mutex::new(Some(Box::new(reader))), length };
        FilePart { source, filename: Some(filename.into()), content_type: None }
    }

    /// Sets the file name sent with the part.
    pub fn filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// Sets the part's content type. By default it is guessed from the file name as the Python
    /// SDK (httpx, with Python's `mimetypes`) guesses it on Debian and Ubuntu: `.m4a` is
    /// `audio/mp4`, `.tar.gz` `application/x-tar`, an unknown extension
    /// `application/octet-stream`; a part without a file name has no content type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Its content type: the one set, else httpx's guess from the file name (none without one).
    fn mime(&self) -> Option<String> {
        match &self.content_type {
            Some(set) => Some(set.clone()),
            None => crate::core::mime::guess(self.filename.as_deref().unwrap_or("")).map(str::to_string),
        }
    }
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push((name.into(), Part::Text(value.into(), None)));
        self
    }

    /// Adds a field with a content type (`application/sdp`, `application/json`...).
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>, content_type: impl Into<String>) -> Self {
        self.parts.push((name.into(), Part::Text(value.into(), Some(content_type.into()))));
        self
    }

    /// The form with a `stream` field `true`, placed before the files as the SDK places it
    /// (an existing `stream` field is replaced).
    pub fn with_stream_field(mut self) -> Self {
        self.parts.retain(|(name, part)| !(name == "stream" && matches!(part, Part::Text(..))));
        let at = self.parts.iter().position(|(_, p)| matches!(p, Part::File(_))).unwrap_or(self.parts.len());
        self.parts.insert(at, ("stream".into(), Part::Text("true".into(), None)));
        self
    }

    /// The form with per-call body fields merged in as the SDK merges `extra_body` into a
    /// form's data: each replaces the text fields of its name (`name`, `name[]`, `name[key]`)
    /// where they stood, or goes before the files; it is written as the form's other fields
    /// are (lists as `name[]`, objects as `name[key]`, booleans as `true`/`false`), and `null`
    /// removes the field.
    pub(crate) fn with_fields(mut self, fields: &serde_json::Map<String, serde_json::Value>) -> Self {
        for (name, value) in fields {
            let is_named = |part: &(String, Part)| {
                matches!(part.1, Part::Text(..))
                    && part.0.strip_prefix(name.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('['))
            };
            let first_file = self.parts.iter().position(|(_, p)| matches!(p, Part::File(_)));
            // Where the first of its fields stood (removing the others does not move it).
            let at = self.parts.iter().position(is_named).or(first_file).unwrap_or(self.parts.len());
            self.parts.retain(|p| !is_named(p));
            let mut pairs = Vec::new();
            crate::types::runtime::flatten(name, value, &mut pairs);
            let new = pairs.into_iter().map(|(name, value)| (name, Part::Text(value, None)));
            self.parts.splice(at..at, new);
        }
        self
    }

    /// Adds a file.
    pub fn file(mut self, name: impl Into<String>, file: FilePart) -> Self {
        self.parts.push((name.into(), Part::File(file)));
        self
    }

    /// Calls `progress` as the files' bytes are sent.
    pub fn on_progress(mut self, progress: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }

    /// The path of the file part `name`, when it was given as a path.
    pub(crate) fn file_path(&self, name: &str) -> Option<&Path> {
        self.parts.iter().find_map(|(n, part)| match part {
            Part::File(FilePart { source: Source::Path(path), .. }) if n == name => Some(path.as_path()),
            _ => None,
        })
    }

    /// The parts, for tests: `(name, value)` for fields, `(name, "file {filename} {content type}")`
    /// for files.
    #[cfg(test)]
    pub(crate) fn describe(&self) -> Vec<(String, String)> {
        let describe = |part: &Part| match part {
            Part::Text(value, _) => value.clone(),
            Part::File(file) => {
                format!("file {} {}", file.filename.as_deref().unwrap_or(""), file.mime().unwrap_or_default())
            }
        };
        self.parts.iter().map(|(name, part)| (name.clone(), describe(part))).collect()
    }

    /// Whether the form can be built again for a retry (no reader parts).
    pub(crate) fn replayable(&self) -> bool {
        !self.parts.iter().any(|(_, p)| matches!(p, Part::File(FilePart { source: Source::Reader { .. }, .. })))
    }

    /// The names of the parts, in order, with whether each is a file.
    pub fn part_names(&self) -> impl Iterator<Item = (&str, bool)> {
        self.parts.iter().map(|(name, part)| (name.as_str(), matches!(part, Part::File(_))))
    }

    /// Encodes the form as the Python SDK's httpx encodes it: files opened (a missing one is
    /// [`Error::File`]) and streamed as they are sent, counting progress.
    pub(crate) async fn build(&self) -> Result<EncodedForm, Error> {
        // 32 random hex digits, as httpx makes them.
        self.encode(&format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))).await
    }

    async fn encode(&self, boundary: &str) -> Result<EncodedForm, Error> {
        // The files, opened first: progress needs their total.
        let mut files = Vec::new();
        for (_, part) in &self.parts {
            if let Part::File(file) = part {
                files.push(file.open().await?);
            }
        }
        let total = files.iter().try_fold(0u64, |sum, (_, length)| length.map(|l| sum + l));
        let counter = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let mut files = files.into_iter();
        let mut body = Pieces { streams: Vec::with_capacity(self.parts.len() * 3 + 1), length: Some(0) };
        for (name, part) in &self.parts {
            let mut head = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"", form_param(name));
            let content_type = match part {
                Part::Text(_, content_type) => content_type.clone(),
                Part::File(file) => {
                    if let Some(filename) = file.filename.as_deref().filter(|f| !f.is_empty()) {
                        head.push_str(&format!("; filename=\"{}\"", form_param(filename)));
                    }
                    file.mime()
                }
            };
            if let Some(content_type) = content_type {
                if http::HeaderValue::from_str(&content_type).is_err() || !content_type.contains('/') {
                    return Err(Error::InvalidArgument { name: "content_type", problem: "is not a valid MIME type" });
                }
                head.push_str("\r\nContent-Type: ");
                head.push_str(&content_type);
            }
            head.push_str("\r\n\r\n");
            match part {
                Part::Text(value, _) => {
                    head.push_str(value);
                    head.push_str("\r\n");
                    body.bytes(Bytes::from(head));
                }
                Part::File(_) => {
                    let (stream, length) = files.next().expect("each file part was opened");
                    body.bytes(Bytes::from(head));
                    let stream = counted(stream, self.progress.clone(), Arc::clone(&counter), total);
                    body.stream(Box::pin(stream), length);
                    body.bytes(Bytes::from_static(b"\r\n"));
                }
            }
        }
        body.bytes(Bytes::from(format!("--{boundary}--\r\n")));
        Ok(EncodedForm {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            length: body.length,
            body: Box::pin(futures_util::stream::iter(body.streams).flatten()),
        })
    }
}

/// The pieces of an encoded form, and their length while every piece's is known.
struct Pieces {
    streams: Vec<BoxedBytes>,
    length: Option<u64>,
}

impl Pieces {
    fn bytes(&mut self, bytes: Bytes) {
        self.length = self.length.map(|n| n + bytes.len() as u64);
        self.streams.push(Box::pin(futures_util::stream::once(async move { Ok(bytes) })));
    }

    fn stream(&mut self, stream: BoxedBytes, length: Option<u64>) {
        self.length = self.length.zip(length).map(|(n, l)| n + l);
        self.streams.push(stream);
    }
}

/// A form encoded for sending: its content type (with the boundary), its length when every
/// file's is known, and its bytes as they are read.
pub(crate) struct EncodedForm {
    pub(crate) content_type: String,
    pub(crate) length: Option<u64>,
    pub(crate) body: BoxedBytes,
}

/// A name or file name inside `Content-Disposition`'s quotes, escaped as httpx escapes it (the
/// HTML5 form encoding): `"` as `%22`, `\` doubled, control characters but ESC as `%XX`.
fn form_param(value: &str) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| c == '"' || c == '\\' || (c <= '\u{1f}' && c != '\u{1b}');
    if !value.contains(escaped) {
        return value.into();
    }
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\\' => out.push_str("\\\\"),
            c if escaped(c) => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.into()
}

impl FilePart {
    /// The file's bytes as a stream, and their length when known.
    async fn open(&self) -> Result<(BoxedBytes, Option<u64>), Error> {
        Ok(match &self.source {
            Source::Bytes(data) => {
                let data = data.clone();
                let length = data.len() as u64;
                (Box::pin(futures_util::stream::once(async move { Ok(data) })), Some(length))
            }
            Source::Path(path) => {
                let fail = |source| Error::File { path: path.clone(), source };
                let handle = tokio::fs::File::open(path).await.map_err(fail)?;
                let length = handle.metadata().await.map_err(fail)?.len();
                // The length announced is the length sent, should the file grow meanwhile.
                (read_chunks(Box::new(handle.take(length))), Some(length))
            }
            Source::Reader { reader, length } => {
                let taken = reader.lock().unwrap_or_else(PoisonError::into_inner).take();
                let reader = taken.ok_or(Error::InvalidArgument {
                    name: "form",
                    problem: "holds a reader that was already sent; a form with a reader is sent once",
                })?;
                (read_chunks(reader), *length)
            }
        })
    }
}

type BoxedBytes = std::pin::Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send>>;

/// Reads `reader` in chunks of up to 64 KiB.
fn read_chunks(reader: Box<dyn AsyncRead + Send + Unpin>) -> BoxedBytes {
    Box::pin(futures_util::stream::unfold(Some(reader), |reader| async move {
        let mut reader = reader?;
        let mut buffer = BytesMut::with_capacity(CHUNK);
        match reader.read_buf(&mut buffer).await {
            Ok(0) => None,
            Ok(_) => Some((Ok(buffer.freeze()), Some(reader))),
            Err(e) => Some((Err(e), None)),
        }
    }))
}

/// Counts the bytes of `stream` into `counter` and reports them to `progress`.
fn counted(
    stream: BoxedBytes,
    progress: Option<ProgressFn>,
    counter: Arc<std::sync::atomic::AtomicU64>,
    total: Option<u64>,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    stream.map(move |chunk| {
        if let (Ok(bytes), Some(progress)) = (&chunk, &progress) {
            let done = counter.fetch_add(bytes.len() as u64, std::sync::atomic::Ordering::Relaxed) + bytes.len() as u64;
            progress(Progress { done, total });
        }
        chunk
    })
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<(&str, bool)> = self.part_names().collect();
        f.debug_struct("Multipart").field("parts", &names).finish_non_exhaustive()
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(b) => format!("{} bytes", b.len()),
            Source::Path(p) => format!("path {}", p.display()),
            Source::Reader { .. } => "reader".to_string(),
        };
        f.debug_struct("FilePart").field("source", &source).field("filename", &self.filename).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes httpx 0.28 (the Python SDK's) makes of the same form with the same boundary:
    /// `MultipartStream(data={"purpose": "batch", 'na"me': "v"}, files=[("sdp", (None, "v=0",
    /// "application/sdp")), ("file", ('a"b\\c\n\x1b.jsonl', b"{}", None)), ("image", ("x.png",
    /// b"PNG", None))], boundary=...)`.
    const HTTPX: &[u8] = b"--0123456789abcdef0123456789abcdef\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--0123456789abcdef0123456789abcdef\r\nContent-Disposition: form-data; name=\"na%22me\"\r\n\r\nv\r\n--0123456789abcdef0123456789abcdef\r\nContent-Disposition: form-data; name=\"sdp\"\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--0123456789abcdef0123456789abcdef\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22b\\\\c%0A\x1b.jsonl\"\r\nContent-Type: application/octet-stream\r\n\r\n{}\r\n--0123456789abcdef0123456789abcdef\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--0123456789abcdef0123456789abcdef--\r\n";

    #[test]
    fn forms_are_encoded_as_httpx_encodes_them() {
        let form = Multipart::new()
            .text("purpose", "batch")
            .text("na\"me", "v")
            .field("sdp", "v=0", "application/sdp")
            .file("file", FilePart::bytes("a\"b\\c\n\u{1b}.jsonl", &b"{}"[..]))
            .file("image", FilePart::bytes("x.png", &b"PNG"[..]));
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let encoded = rt.block_on(form.encode("0123456789abcdef0123456789abcdef")).unwrap();
        assert_eq!(encoded.content_type, "multipart/form-data; boundary=0123456789abcdef0123456789abcdef");
        assert_eq!(encoded.length, Some(628));
        let chunks: Vec<Bytes> = rt.block_on(encoded.body.map(Result::unwrap).collect());
        assert_eq!(String::from_utf8_lossy(&chunks.concat()), String::from_utf8_lossy(HTTPX));
    }

    /// The SDK's `images.edit(image=("x.png", b"PNG"), prompt="cat", n=2, extra_body={"prompt":
    /// "dog", "quality": "high"})` sends `prompt=dog`, `n=2`, `quality=high`, then the image.
    #[test]
    fn body_fields_merge_into_a_form_as_the_sdk_merges_extra_body() {
        let form = Multipart::new().text("prompt", "cat").text("n", "2").file("image", FilePart::bytes("x.png", "PNG"));
        let fields = serde_json::json!({"prompt": "dog", "quality": "high"});
        let merged = form.with_fields(fields.as_object().unwrap()).describe();
        let want = [("prompt", "dog"), ("n", "2"), ("quality", "high"), ("image", "file x.png image/png")];
        assert_eq!(merged, want.map(|(n, v)| (n.to_string(), v.to_string())));

        // Lists and objects are written in brackets, replacing every field of the name; `null`
        // removes the field; a longer name that only starts with it is another field.
        let form = Multipart::new().text("include[]", "a").text("include[]", "b").text("include_x", "1").text("n", "2");
        let fields = serde_json::json!({"include": ["c"], "n": null, "meta": {"k": true, "f": 1.0}});
        let merged = form.with_fields(fields.as_object().unwrap()).describe();
        let want = [("include[]", "c"), ("include_x", "1"), ("meta[k]", "true"), ("meta[f]", "1.0")];
        assert_eq!(merged, want.map(|(n, v)| (n.to_string(), v.to_string())));
    }

    #[test]
    fn a_reader_of_unknown_length_leaves_the_length_unknown() {
        let form = Multipart::new().file("file", FilePart::reader("a.txt", &b"abc"[..], None));
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        assert_eq!(rt.block_on(form.build()).unwrap().length, None);
        let bad = Multipart::new().file("file", FilePart::bytes("a", &b""[..]).content_type("text\nplain"));
        assert!(matches!(rt.block_on(bad.build()), Err(Error::InvalidArgument { name: "content_type", .. })));
    }
}
