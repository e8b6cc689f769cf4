//! How the own transport opens a connection: TCP (hyper-util's connector), then TLS for an
//! `https` URL (hyper-rustls).
//!
//! - The two together take at most `connect_timeout`, as reqwest counts it: hyper-util's own
//!   connect timeout stops at TCP, so a server that accepts and then never answers the TLS
//!   handshake would otherwise hold the call until its response timeout.
//! - At most `max_connections` sockets are open at once. hyper-util's pool opens a connection
//!   for a call that finds none idle and keeps opening it when another frees up first (a
//!   "background connect"), so capping calls alone let sockets outnumber them.
//! - Opening stops when the client is dropped, so no socket outlives it.
//! - A reply the server sent before hanging up is read even when writing the request failed
//!   ([`Socket`]).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::future::Either;
use http::Uri;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_rustls::{HttpsConnector, MaybeHttpsStream};
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tower_service::Service;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// TCP and TLS under one deadline, within the socket cap, until the client is dropped.
#[derive(Clone)]
pub(crate) struct Connector {
    https: HttpsConnector<HttpConnector>,
    timeout: Duration,
    /// One permit per open socket.
    sockets: Arc<Semaphore>,
    /// Ends (its sender dropped) when the client is.
    client_alive: watch::Receiver<()>,
}

/// Held by the client: dropping it stops every connection still being opened.
pub(crate) struct ClientAlive(#[allow(dead_code, reason = "held for its drop")] watch::Sender<()>);

impl Connector {
    /// Opens connections with `https`, each within `timeout`, at most `max_sockets` at once.
    pub(crate) fn new(
        https: HttpsConnector<HttpConnector>,
        timeout: Duration,
        max_sockets: usize,
    ) -> (Self, ClientAlive) {
        let (alive, client_alive) = watch::channel(());
        let sockets = Arc::new(Semaphore::new(max_sockets.min(Semaphore::MAX_PERMITS)));
        (Connector { https, timeout, sockets, client_alive }, ClientAlive(alive))
    }
}

impl Service<Uri> for Connector {
    type Response = Socket;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Socket, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.https.poll_ready(cx)
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let mut https = self.https.clone();
        let (timeout, sockets, mut client_alive) = (self.timeout, Arc::clone(&self.sockets), self.client_alive.clone());
        Box::pin(async move {
            let opening = async move {
                // Waiting for a socket to close is not part of opening one.
                let permit = sockets.acquire_owned().await.map_err(|_| closed())?;
                match tokio::time::timeout(timeout, https.call(uri)).await {
                    Ok(opened) => opened.map(|io| Socket { io, _permit: permit, write_failed: false }),
                    // Mapped to `Error::Timeout`, as a TCP connect timeout is.
                    Err(_) => Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the connection (TCP and TLS handshake) was not open within connect_timeout",
                    )
                    .into()),
                }
            };
            // `changed` fails once the sender is dropped: the client is gone.
            let dropped = client_alive.changed();
            match futures_util::future::select(std::pin::pin!(opening), std::pin::pin!(dropped)).await {
                Either::Left((opened, _)) => opened,
                Either::Right(_) => Err(closed()),
            }
        })
    }
}

fn closed() -> BoxError {
    io::Error::other("the client was dropped").into()
}

/// An open connection, plain or TLS, holding its place among the open sockets.
///
/// Once a write finds the server gone (reset, broken pipe), later writes are dropped as if
/// sent and reading goes on, as httpcore does for the Python SDK: a server that refuses an
/// upload answers (413, say) and hangs up before reading the body, and its reply is still there
/// to read. Without this, hyper fails the call on the write and the reply is lost (and the
/// upload sent again). A server that is really gone fails the read too.
pub(crate) struct Socket {
    io: MaybeHttpsStream<TokioIo<TcpStream>>,
    _permit: OwnedSemaphorePermit,
    write_failed: bool,
}

impl Socket {
    /// A write's outcome, with "the server is gone" turned into "written".
    fn written<T>(&mut self, outcome: Poll<io::Result<T>>, all: T) -> Poll<io::Result<T>> {
        match outcome {
            Poll::Ready(Err(e)) if server_gone(&e) => {
                self.write_failed = true;
                Poll::Ready(Ok(all))
            }
            other => other,
        }
    }
}

fn server_gone(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted)
}

impl Connection for Socket {
    fn connected(&self) -> Connected {
        self.io.connected()
    }
}

impl Read for Socket {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: ReadBufCursor<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl Write for Socket {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.write_failed {
            return Poll::Ready(Ok(buf.len()));
        }
        let outcome = Pin::new(&mut self.io).poll_write(cx, buf);
        self.written(outcome, buf.len())
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let all = bufs.iter().map(|b| b.len()).sum();
        if self.write_failed {
            return Poll::Ready(Ok(all));
        }
        let outcome = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.written(outcome, all)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.write_failed {
            return Poll::Ready(Ok(()));
        }
        let outcome = Pin::new(&mut self.io).poll_flush(cx);
        self.written(outcome, ())
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.write_failed {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
