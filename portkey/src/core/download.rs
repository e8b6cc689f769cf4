//! [`Download`]: a binary reply (audio, file content) read as it arrives.

use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use futures_util::StreamExt;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::core::limits::read_limited;
use crate::core::multipart::{Progress, ProgressFn};
use crate::{Error, ResponseMeta};

type BoxStream = Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>;

/// A binary reply (speech audio, a file's content, a video), read as it arrives: stream it to
/// a writer or a file without holding it whole, or collect it (up to `max_response_bytes`).
///
/// The async client returns it as is (it is a `Stream` of byte chunks); the blocking client
/// returns a [`BlockingDownload`](crate::BlockingDownload) with the same methods.
pub struct Download {
    meta: ResponseMeta,
    body: BoxStream,
    /// The most [`bytes`](Self::bytes) collects.
    max_bytes: u64,
    done: u64,
    progress: Option<ProgressFn>,
    _permit: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download").field("meta", &self.meta).field("done", &self.done).finish_non_exhaustive()
    }
}

impl Download {
    pub(crate) fn new(
        meta: ResponseMeta,
        body: impl Stream<Item = Result<Bytes, Error>> + Send + 'static,
        max_bytes: u64,
        permit: Option<tokio::sync::OwnedSemaphorePermit>,
    ) -> Self {
        Download { meta, body: Box::pin(body), max_bytes, done: 0, progress: None, _permit: permit }
    }

    /// The response's status and headers.
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }

    /// The body's length, when the reply announced it (`Content-Length`).
    pub fn content_length(&self) -> Option<u64> {
        self.meta.header("content-length").and_then(|v| v.parse().ok())
    }

    /// Calls `progress` as chunks arrive, with the bytes so far and the announced length.
    pub fn on_progress(mut self, progress: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(std::sync::Arc::new(progress));
        self
    }

    /// The whole body, up to the client's `max_response_bytes`
    /// ([`Error::LimitExceeded`] past it).
    pub async fn bytes(self) -> Result<Bytes, Error> {
        let (length, max) = (self.content_length(), self.max_bytes);
        read_limited(self, length, max).await
    }

    /// Writes the body to `writer` as it arrives; returns the number of bytes written.
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(mut self, writer: &mut W) -> Result<u64, Error> {
        let mut written = 0;
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(write_error)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(write_error)?;
        Ok(written)
    }

    /// Writes the body to the file at `path` (created or truncated) as it arrives; returns the
    /// number of bytes written.
    pub async fn save(self, path: impl AsRef<Path>) -> Result<u64, Error> {
        let path = path.as_ref();
        let fail = |source| Error::File { path: path.to_path_buf(), source };
        let mut file = tokio::fs::File::create(path).await.map_err(fail)?;
        match self.write_to(&mut file).await {
            Err(Error::File { source, .. }) => Err(fail(source)),
            other => other,
        }
    }
}

/// A failed write to the caller's writer; [`Download::save`] names its path.
fn write_error(source: std::io::Error) -> Error {
    Error::File { path: "<writer>".into(), source }
}

impl Stream for Download {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let polled = self.body.as_mut().poll_next(cx);
        if let Poll::Ready(Some(Ok(chunk))) = &polled {
            self.done += chunk.len() as u64;
            if let Some(progress) = &self.progress {
                progress(Progress { done: self.done, total: self.content_length() });
            }
        }
        polled
    }
}
