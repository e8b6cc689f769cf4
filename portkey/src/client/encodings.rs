//! `Content-Encoding` as httpx reads it, for tower-http's decoder, which matches one exact
//! lowercase name: the names are read case-insensitively with spaces and `identity` left out,
//! and a body encoded twice (`gzip, gzip`) is decoded twice, by two decoders in a row.
//!
//! [`Encodings::split`] sits under the inner decoder: it leaves it the last encoding applied
//! and keeps the one before for [`Encodings::restore`], which sits between the two decoders
//! and hands it to the outer one.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::header::CONTENT_ENCODING;
use http::{Extensions, HeaderMap, HeaderValue};
use tower_service::Service;

/// An encoding applied before the last one, waiting for the outer decoder.
#[derive(Clone)]
struct Earlier(HeaderValue);

/// A service whose replies' headers are adjusted on the way out.
#[derive(Clone)]
pub(crate) struct Encodings<S> {
    inner: S,
    adjust: fn(&mut HeaderMap, &mut Extensions),
}

impl<S> Encodings<S> {
    /// Under the inner decoder: the encodings normalized, the last one left to decode.
    pub(crate) fn split(inner: S) -> Self {
        Encodings { inner, adjust: split }
    }

    /// Between the decoders: the earlier encoding, if any, put back for the outer one.
    pub(crate) fn restore(inner: S) -> Self {
        Encodings { inner, adjust: restore }
    }
}

fn split(headers: &mut HeaderMap, extensions: &mut Extensions) {
    let Some(value) = headers.get(CONTENT_ENCODING) else { return };
    // The common case, already as the decoder reads it.
    if headers.get_all(CONTENT_ENCODING).iter().count() == 1
        && matches!(value.as_bytes(), b"gzip" | b"br" | b"zstd" | b"deflate")
    {
        return;
    }
    let names: Vec<String> = headers
        .get_all(CONTENT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .filter(|name| !name.is_empty() && name != "identity")
        .collect();
    let header = |name: &str| HeaderValue::from_str(name).ok();
    match names.as_slice() {
        [] => {
            headers.remove(CONTENT_ENCODING);
        }
        [only] => {
            if let Some(value) = header(only) {
                headers.insert(CONTENT_ENCODING, value);
            }
        }
        [earlier, last] => {
            if let (Some(earlier), Some(last)) = (header(earlier), header(last)) {
                headers.insert(CONTENT_ENCODING, last);
                extensions.insert(Earlier(earlier));
            }
        }
        // More than two layers are left as they came: not decoded.
        _ => {}
    }
}

fn restore(headers: &mut HeaderMap, extensions: &mut Extensions) {
    // Only once the inner decoder has taken its encoding off.
    if !headers.contains_key(CONTENT_ENCODING)
        && let Some(Earlier(earlier)) = extensions.remove::<Earlier>()
    {
        headers.insert(CONTENT_ENCODING, earlier);
    }
}

impl<S, R, B> Service<http::Request<R>> for Encodings<S>
where
    S: Service<http::Request<R>, Response = http::Response<B>>,
    S::Future: Unpin,
{
    type Response = http::Response<B>;
    type Error = S::Error;
    type Future = Adjusted<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<R>) -> Self::Future {
        Adjusted { inner: self.inner.call(request), adjust: self.adjust }
    }
}

/// A reply on its way, to adjust once it comes.
pub(crate) struct Adjusted<F> {
    inner: F,
    adjust: fn(&mut HeaderMap, &mut Extensions),
}

impl<F, B, E> Future for Adjusted<F>
where
    F: Future<Output = Result<http::Response<B>, E>> + Unpin,
{
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let adjust = self.adjust;
        Pin::new(&mut self.inner).poll(cx).map_ok(|response| {
            let (mut parts, body) = response.into_parts();
            adjust(&mut parts.headers, &mut parts.extensions);
            http::Response::from_parts(parts, body)
        })
    }
}
