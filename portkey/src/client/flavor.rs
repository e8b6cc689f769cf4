//! [`Flavor`]: what makes a client async or blocking. Everything else is shared: a blocking
//! client runs the same futures as the async one, on a private runtime.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use futures_util::StreamExt;

use crate::core::download::Download;
use crate::core::multipart::Progress;
use crate::core::stream::EventStream;
use crate::{Error, ResponseMeta};

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Async {}
    impl Sealed for super::Blocking {}
}

/// How a client delivers results: as futures ([`Async`]) or as values ([`Blocking`]).
pub trait Flavor: Clone + Send + Sync + std::fmt::Debug + 'static + sealed::Sealed {
    /// What a call returns: a future of `T`, or `T` itself.
    type Output<'a, T: 'a>;
    /// What a streaming call yields: a `Stream` or an `Iterator` of `T`.
    type Stream<T: 'static>;
    /// What a call with a binary reply returns: a [`Download`] or a [`BlockingDownload`].
    type Download;

    /// Makes the flavor's machinery (the blocking flavor's runtime).
    fn create() -> Result<Self, Error>;

    /// Delivers the result of `fut`.
    fn run<'a, T: Send + 'a>(
        &'a self,
        fut: impl Future<Output = Result<T, Error>> + Send + 'a,
    ) -> Self::Output<'a, Result<T, Error>>;

    /// Delivers the stream `fut` opens.
    fn run_stream<'a, T: Send + 'static>(
        &'a self,
        fut: impl Future<Output = Result<EventStream<T>, Error>> + Send + 'a,
    ) -> Self::Output<'a, Result<Self::Stream<T>, Error>>;

    /// Delivers the download `fut` opens.
    fn run_download<'a>(
        &'a self,
        fut: impl Future<Output = Result<Download, Error>> + Send + 'a,
    ) -> Self::Output<'a, Result<Self::Download, Error>>;
}

/// The async flavor: calls return futures, streams are `futures::Stream`s.
#[derive(Clone, Copy, Debug, Default)]
pub struct Async;

impl Flavor for Async {
    type Output<'a, T: 'a> = BoxFuture<'a, T>;
    type Stream<T: 'static> = EventStream<T>;
    type Download = Download;

    fn create() -> Result<Self, Error> {
        Ok(Async)
    }

    #[inline]
    fn run_download<'a>(
        &'a self,
        fut: impl Future<Output = Result<Download, Error>> + Send + 'a,
    ) -> BoxFuture<'a, Result<Download, Error>> {
        Box::pin(fut)
    }

    #[inline]
    fn run<'a, T: Send + 'a>(
        &'a self,
        fut: impl Future<Output = Result<T, Error>> + Send + 'a,
    ) -> BoxFuture<'a, Result<T, Error>> {
        Box::pin(fut)
    }

    #[inline]
    fn run_stream<'a, T: Send + 'static>(
        &'a self,
        fut: impl Future<Output = Result<EventStream<T>, Error>> + Send + 'a,
    ) -> BoxFuture<'a, Result<EventStream<T>, Error>> {
        Box::pin(fut)
    }
}

/// The blocking flavor: calls return values, streams are `Iterator`s. It drives the shared
/// async code on a private runtime, and refuses (with
/// [`Error::BlockingInAsyncContext`], never a panic) to run inside a tokio runtime's context.
///
/// That includes `spawn_blocking` threads: tokio offers no way to tell them from its async
/// threads, where blocking would panic or stall the runtime, so the rule is simply "not inside a
/// tokio runtime". Use `AsyncPortkey` there, or a thread of your own.
#[derive(Clone, Debug)]
pub struct Blocking {
    runtime: Arc<OwnedRuntime>,
}

impl Blocking {
    fn block_on<F: Future>(&self, fut: F) -> Result<F::Output, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::BlockingInAsyncContext);
        }
        Ok(self.runtime.0.as_ref().ok_or(Error::BlockingInAsyncContext)?.block_on(fut))
    }
}

impl Flavor for Blocking {
    type Output<'a, T: 'a> = T;
    type Stream<T: 'static> = BlockingStream<T>;
    type Download = BlockingDownload;

    fn create() -> Result<Self, Error> {
        // A call runs on the caller's thread; the connections run on the runtime's one worker,
        // between calls too: a connection the server closes while idle is seen closed (and
        // left out of the pool) before the next call, and a stream dropped mid-way closes its
        // connection at once, not at the next call.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("portkey-blocking")
            .enable_all()
            .build()
            .map_err(Error::Runtime)?;
        Ok(Blocking { runtime: Arc::new(OwnedRuntime(Some(runtime))) })
    }

    fn run<'a, T: Send + 'a>(&'a self, fut: impl Future<Output = Result<T, Error>> + Send + 'a) -> Result<T, Error> {
        self.block_on(fut)?
    }

    fn run_stream<'a, T: Send + 'static>(
        &'a self,
        fut: impl Future<Output = Result<EventStream<T>, Error>> + Send + 'a,
    ) -> Result<BlockingStream<T>, Error> {
        let stream = self.block_on(fut)??;
        Ok(BlockingStream { stream, flavor: self.clone(), finished: false })
    }

    fn run_download<'a>(
        &'a self,
        fut: impl Future<Output = Result<Download, Error>> + Send + 'a,
    ) -> Result<BlockingDownload, Error> {
        let download = self.block_on(fut)??;
        Ok(BlockingDownload { download, flavor: self.clone() })
    }
}

/// A runtime dropped without blocking, so a blocking client may be dropped anywhere, even
/// inside an async context.
#[derive(Debug)]
struct OwnedRuntime(Option<tokio::runtime::Runtime>);

impl Drop for OwnedRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// A blocking stream of typed events: an `Iterator` over the same decoding as the async
/// [`EventStream`]. It keeps the client's runtime alive while it is read.
#[derive(Debug)]
pub struct BlockingStream<T> {
    stream: EventStream<T>,
    flavor: Blocking,
    finished: bool,
}

impl<T> BlockingStream<T> {
    /// The response's status and headers.
    pub fn meta(&self) -> &crate::ResponseMeta {
        self.stream.meta()
    }

    /// The verdicts of the guardrails the gateway ran, once the stream has brought them (see
    /// [`EventStream::hook_results`]).
    pub fn hook_results(&self) -> Option<crate::HookResults> {
        self.stream.hook_results()
    }
}

impl<T> Iterator for BlockingStream<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let item = match self.flavor.block_on(self.stream.next()) {
            Ok(item) => item,
            Err(e) => Some(Err(e)),
        };
        self.finished = item.as_ref().is_none_or(Result::is_err);
        item
    }
}

/// A binary reply for the blocking client: the same as the async [`Download`], with
/// `std::io` writers. It is an `Iterator` of byte chunks.
#[derive(Debug)]
pub struct BlockingDownload {
    download: Download,
    flavor: Blocking,
}

impl BlockingDownload {
    /// The response's status and headers.
    pub fn meta(&self) -> &ResponseMeta {
        self.download.meta()
    }

    /// The body's length, when the reply announced it.
    pub fn content_length(&self) -> Option<u64> {
        self.download.content_length()
    }

    /// Calls `progress` as chunks arrive.
    pub fn on_progress(self, progress: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        BlockingDownload { download: self.download.on_progress(progress), flavor: self.flavor }
    }

    /// The whole body, up to the client's `max_response_bytes`.
    pub fn bytes(self) -> Result<bytes::Bytes, Error> {
        self.flavor.block_on(self.download.bytes())?
    }

    /// Writes the body to `writer` as it arrives; returns the number of bytes written.
    pub fn write_to<W: std::io::Write + ?Sized>(mut self, writer: &mut W) -> Result<u64, Error> {
        let mut written = 0;
        for chunk in self.by_ref() {
            let chunk = chunk?;
            writer.write_all(&chunk).map_err(|source| Error::File { path: "<writer>".into(), source })?;
            written += chunk.len() as u64;
        }
        writer.flush().map_err(|source| Error::File { path: "<writer>".into(), source })?;
        Ok(written)
    }

    /// Writes the body to the file at `path` (created or truncated); returns the bytes written.
    pub fn save(self, path: impl AsRef<std::path::Path>) -> Result<u64, Error> {
        let path = path.as_ref();
        let fail = |source| Error::File { path: path.to_path_buf(), source };
        let mut file = std::fs::File::create(path).map_err(fail)?;
        match self.write_to(&mut file) {
            Err(Error::File { source, .. }) => Err(fail(source)),
            other => other,
        }
    }
}

impl Iterator for BlockingDownload {
    type Item = Result<bytes::Bytes, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.flavor.block_on(self.download.next()) {
            Ok(item) => item,
            Err(e) => Some(Err(e)),
        }
    }
}
