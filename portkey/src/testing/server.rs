//! The HTTP plumbing of the mock gateway: accept loop, request recording and response bodies.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::oneshot;

use super::{RecordedRequest, Shared, defaults};

/// The response body type of the mock gateway.
pub(super) type Body = UnsyncBoxBody<Bytes, Infallible>;

/// A body sent at once.
pub(super) fn full_body(bytes: Bytes) -> Body {
    Full::new(bytes).boxed_unsync()
}

/// A streaming body: each item of `frames` is its own body frame, with `delay` between frames.
pub(super) fn frames_body(frames: Vec<Bytes>, delay: Option<Duration>) -> Body {
    let stream = futures_util::stream::unfold((frames.into_iter(), false), move |(mut frames, started)| async move {
        let frame = frames.next()?;
        if started && let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        Some((Ok::<_, Infallible>(Frame::data(frame)), (frames, true)))
    });
    StreamBody::new(stream).boxed_unsync()
}

/// Accepts connections until `shutdown` fires (or its sender is dropped).
pub(super) async fn serve(listener: std::net::TcpListener, shared: Arc<Shared>, mut shutdown: oneshot::Receiver<()>) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(error) => {
            tracing::error!(%error, "mock gateway: cannot register the listener");
            return;
        }
    };
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    let shared = Arc::clone(&shared);
                    tokio::spawn(async move {
                        let service = service_fn(move |request| handle(Arc::clone(&shared), request));
                        let connection = http1::Builder::new()
                            .timer(TokioTimer::new())
                            .serve_connection(TokioIo::new(stream), service);
                        if let Err(error) = connection.await {
                            tracing::debug!(%error, "mock gateway: connection ended with an error");
                        }
                    });
                }
                Err(error) => {
                    // E.g. too many open files: back off instead of spinning.
                    tracing::debug!(%error, "mock gateway: accept failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            },
        }
    }
}

/// Records one request, then answers it with the next scripted reply or the default behaviour.
async fn handle(shared: Arc<Shared>, request: Request<Incoming>) -> Result<Response<Body>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) => {
            tracing::debug!(%error, "mock gateway: cannot read the request body");
            let mut response = Response::new(full_body(Bytes::from_static(b"cannot read the request body")));
            *response.status_mut() = StatusCode::BAD_REQUEST;
            return Ok(response);
        }
    };
    let recorded = RecordedRequest {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect(),
        body,
    };
    let (seq, scripted) = shared.record(recorded.clone());
    tracing::debug!(seq, method = %recorded.method, path = %recorded.path, scripted = scripted.is_some(), "mock gateway request");
    let response = match scripted {
        Some(reply) => {
            if let Some(delay) = reply.answer_delay() {
                tokio::time::sleep(delay).await;
            }
            reply.into_response(seq)
        }
        None => defaults::respond(&recorded, seq).await,
    };
    Ok(response)
}
