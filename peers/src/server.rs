//! The peer server: one thread, HTTP/1.1, the same bytes for every client (`replies`). It
//! runs in its own process (`peer-server`), so the client's CPU time is the client's alone.

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::replies;

/// Serves `POST .../chat/completions` on `listener` until the process ends: the streamed reply
/// when the body asks for a stream (`"stream":true`, spaces allowed), else the completion.
pub async fn serve(listener: TcpListener) -> std::io::Result<()> {
    let completion = replies::completion();
    let stream = replies::stream();
    loop {
        let (socket, _) = listener.accept().await?;
        socket.set_nodelay(true)?;
        let (completion, stream) = (completion.clone(), stream.clone());
        tokio::task::spawn_local(async move {
            let service = service_fn(move |request| answer(request, completion.clone(), stream.clone()));
            // A client that goes away mid-request is not the server's concern.
            let _ = http1::Builder::new().serve_connection(TokioIo::new(socket), service).await;
        });
    }
}

async fn answer(
    request: Request<Incoming>,
    completion: Bytes,
    stream: Bytes,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let body = match request.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let (content_type, reply) =
        if asks_for_stream(&body) { ("text/event-stream", stream) } else { ("application/json", completion) };
    let mut response = Response::new(Full::new(reply));
    response.headers_mut().insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static(content_type));
    Ok(response)
}

fn asks_for_stream(body: &[u8]) -> bool {
    let Some(at) = body.windows(8).position(|w| w == b"\"stream\"") else { return false };
    let rest = &body[at + 8..];
    let value = rest.iter().position(|b| !b.is_ascii_whitespace() && *b != b':').unwrap_or(rest.len());
    rest[value..].starts_with(b"true")
}

/// Binds 127.0.0.1 on `port` (0: a free one).
pub async fn bind(port: u16) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}

#[cfg(test)]
mod tests {
    use super::asks_for_stream;

    #[test]
    fn stream_requests_are_told_apart() {
        assert!(asks_for_stream(br#"{"model":"m","stream":true}"#));
        assert!(asks_for_stream(br#"{"model":"m","stream": true}"#));
        assert!(!asks_for_stream(br#"{"model":"m","stream":false}"#));
        assert!(!asks_for_stream(br#"{"model":"m"}"#));
    }
}
