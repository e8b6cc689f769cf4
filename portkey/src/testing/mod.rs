//! An in-process Portkey gateway for tests.
//!
//! [`MockGateway`] is a small HTTP/1.1 server on `127.0.0.1` that answers like the Portkey
//! gateway in front of an OpenAI-compatible provider. It records every request it receives
//! ([`MockGateway::requests`]) and can be scripted with canned replies ([`MockGateway::enqueue`]).
//!
//! The server runs on its own thread with its own single-threaded tokio runtime, so it works the
//! same from plain synchronous code and from inside any tokio runtime. Dropping the
//! [`MockGateway`] shuts it down.
//!
//! # Default behaviour
//!
//! When no scripted reply is queued, requests are answered like the real gateway would (paths
//! are matched after an optional `/v1` prefix):
//!
//! - `POST /chat/completions` echoes the last user message (`"echo: <content>"`), as JSON or,
//!   with `"stream": true`, as server-sent events (one chunk per word, then `data: [DONE]`;
//!   `stream_options.include_usage` adds a usage chunk);
//! - `POST /completions` echoes the prompt the same way;
//! - `POST /embeddings` returns eight deterministic floats per input;
//! - `GET /models` lists two models and `GET /models/<id>` returns any model;
//! - `POST /feedback` acknowledges the feedback;
//! - anything else is a `404`; a `POST` whose content type is not `application/json` is a `400`.
//!
//! For chat completions, completions and embeddings the model name can trigger behaviour:
//! `fail-<code>` answers with that HTTP status and an OpenAI-style error body, and `slow-<ms>`
//! waits that many milliseconds before answering normally.
//!
//! Every default response carries gateway-like headers (`x-portkey-trace-id`,
//! `x-portkey-last-used-option-index`, `x-portkey-retry-attempt-count`,
//! `x-portkey-cache-status`, `x-portkey-provider`); every response, scripted or not, carries
//! `x-mock-seq`, the 1-based number of the request.
//!
//! # Example
//!
//! ```
//! use portkey::testing::{MockGateway, MockReply};
//! use serde_json::json;
//!
//! let gateway = MockGateway::start()?;
//! // Point a client at `gateway.url()` ("http://127.0.0.1:PORT/v1").
//! assert!(gateway.url().starts_with("http://127.0.0.1:"));
//!
//! // The next request gets this reply; later ones get the default behaviour again.
//! gateway.enqueue(MockReply::json(429, json!({"error": {"message": "slow down"}})).header("retry-after", "1"));
//! assert!(gateway.requests().is_empty());
//! # Ok::<(), std::io::Error>(())
//! ```

mod defaults;
mod reply;
mod server;
#[cfg(test)]
mod tests;

use std::collections::VecDeque;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use bytes::Bytes;
use tokio::sync::oneshot;

pub use reply::MockReply;

/// An in-process HTTP/1.1 server on `127.0.0.1` that behaves like the Portkey gateway.
///
/// See the [module documentation](self) for what it answers. The server runs on its own thread;
/// dropping the `MockGateway` signals it to stop and joins the thread. Connections still in
/// flight are dropped, so dropping never hangs.
pub struct MockGateway {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MockGateway {
    /// Starts a gateway on a free port of `127.0.0.1`.
    ///
    /// Works from synchronous code and from inside a tokio runtime alike.
    ///
    /// # Errors
    ///
    /// Fails if the port cannot be bound, or the runtime or the server thread cannot be created.
    pub fn start() -> std::io::Result<MockGateway> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let shared = Arc::new(Shared::default());
        let (shutdown, shutdown_rx) = oneshot::channel();
        let thread = std::thread::Builder::new().name(format!("portkey-mock-gateway-{}", addr.port())).spawn({
            let shared = Arc::clone(&shared);
            move || {
                runtime.block_on(server::serve(listener, shared, shutdown_rx));
                // Dropping the runtime here drops every connection task still running.
                drop(runtime);
            }
        })?;
        tracing::debug!(%addr, "mock gateway started");
        Ok(MockGateway { addr, shared, shutdown: Some(shutdown), thread: Some(thread) })
    }

    /// The base URL a client should use: `http://127.0.0.1:PORT/v1`.
    pub fn url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// The address the server listens on (always `127.0.0.1`).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far (since the last [`clear`](Self::clear)), in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// Forgets the recorded requests. Queued replies and the request counter are kept.
    pub fn clear(&self) {
        self.shared.lock().requests.clear();
    }

    /// Queues a scripted reply.
    ///
    /// Replies are used first in, first out: each request takes the next queued reply, whatever
    /// its path. When the queue is empty, the default behaviour answers.
    pub fn enqueue(&self, reply: MockReply) {
        self.shared.lock().queue.push_back(reply);
    }
}

impl fmt::Debug for MockGateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.shared.lock();
        f.debug_struct("MockGateway")
            .field("addr", &self.addr)
            .field("requests", &state.requests.len())
            .field("queued_replies", &state.queue.len())
            .finish()
    }
}

impl Drop for MockGateway {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        tracing::debug!(addr = %self.addr, "mock gateway stopped");
    }
}

/// A request received by the [`MockGateway`].
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// The HTTP method, e.g. `"POST"`.
    pub method: String,
    /// The path of the request target, e.g. `"/v1/chat/completions"`.
    pub path: String,
    /// The query string without the `?`, if the target had one.
    pub query: Option<String>,
    /// The headers, with lowercase names. Headers come in arrival order of their names; the
    /// values of a repeated name are all kept, in arrival order, next to each other. Values that
    /// are not UTF-8 are converted lossily.
    pub headers: Vec<(String, String)>,
    /// The full request body.
    pub body: Bytes,
}

impl RecordedRequest {
    /// The first value of the header `name` (case-insensitive), if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Every value of the header `name` (case-insensitive), in arrival order.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }

    /// The body parsed as JSON, or `None` if it is not valid JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// State shared between the [`MockGateway`] handle and its server thread.
#[derive(Default)]
struct Shared {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Requests received so far (the counter below is not reset by `clear`).
    seq: u64,
    requests: Vec<RecordedRequest>,
    queue: VecDeque<MockReply>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records `request`, and returns its 1-based sequence number and the scripted reply it takes.
    fn record(&self, request: RecordedRequest) -> (u64, Option<MockReply>) {
        let mut state = self.lock();
        state.seq += 1;
        state.requests.push(request);
        let reply = state.queue.pop_front();
        (state.seq, reply)
    }
}
