//! Where requests leave the client: its own HTTP/1.1 client on hyper-util (the default), or
//! reqwest (a user-supplied [`HttpClient`](crate::HttpClient), proxies from the environment).
//! Both send the same bytes: JSON bodies, and multipart forms encoded as httpx encodes them
//! (`core/multipart.rs`).
//!
//! Both are set up alike: redirects are never followed, the same connect timeout, TCP options
//! and idle pool, rustls with the webpki roots, and gzip, brotli, zstd and deflate replies
//! decoded (tower-http's decompression, which reqwest uses too). The own client skips
//! reqwest's layers, which cost about 40% more CPU per round trip than hyper-util itself: a
//! request's URL parsed up to three times, its headers merged, its tower services.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method};
use http_body::{Body, Frame, SizeHint};
use http_body_util::Full;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use tower_http::decompression::{Decompression, DecompressionBody};
use tower_service::Service;

use super::connector::{ClientAlive, Connector};
use super::encodings::Encodings;
use crate::core::multipart::EncodedForm;
use crate::{Error, OptionError, TransportError};

/// The client's pooled connections: its own, or reqwest's.
#[allow(clippy::large_enum_variant, reason = "one per client, behind an Arc")]
pub(crate) enum Transport {
    /// The default: hyper-util's client, with reqwest kept (built on first use) for a URL
    /// `http::Uri` does not take.
    Own { client: OwnClient, fallback: OnceLock<reqwest::Client>, settings: PoolSettings },
    /// reqwest: the user's client, or one honouring proxy variables.
    Reqwest(reqwest::Client),
}

/// What both transports' pools are built with.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PoolSettings {
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Idle connections kept per host.
    pub max_idle_per_host: usize,
    /// Sockets open at once (the own transport's; reqwest has no such cap).
    pub max_connections: usize,
}

/// hyper-util's pooled HTTP/1.1 client over plain TCP or rustls.
pub(crate) struct OwnClient {
    client: HyperClient<Connector, RequestBody>,
    /// Dropped with the client, which stops the connections still being opened.
    _alive: ClientAlive,
}

/// How long an idle connection stays in the pool (reqwest's default).
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// TCP keepalive probes: after 15 s idle, every 15 s, 3 times; and unacknowledged data fails a
/// connection after 30 s (reqwest's defaults).
const KEEPALIVE: Duration = Duration::from_secs(15);
const KEEPALIVE_RETRIES: u32 = 3;
#[cfg(any(target_os = "android", target_os = "fuchsia", target_os = "linux"))]
const TCP_USER_TIMEOUT: Duration = Duration::from_secs(30);

/// The environment variables reqwest reads for proxies. When one is set the client sends
/// through reqwest, which applies it (with `NO_PROXY`).
const PROXY_VARIABLES: [&str; 6] = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"];

/// Whether `env` names a proxy for reqwest to use. A proxy variable that names no usable proxy
/// is an error naming it, as httpx refuses it: reqwest would ignore it and send direct.
pub(crate) fn proxy_configured(env: &dyn Fn(&str) -> Option<String>) -> Result<bool, Error> {
    let mut configured = false;
    for var in PROXY_VARIABLES {
        let Some(value) = env(var).filter(|value| !value.trim().is_empty()) else { continue };
        if !usable_proxy(value.trim()) {
            return Err(Error::Environment(OptionError::Proxy {
                var,
                expected: "an http:// or https:// proxy URL with a host (socks proxies are not supported)",
            }));
        }
        configured = true;
    }
    Ok(configured)
}

/// Whether reqwest (as this crate builds it) uses `value` as a proxy: an `http` or `https` URL
/// with a host, the scheme `http://` when none is given (as reqwest and httpx read it).
fn usable_proxy(value: &str) -> bool {
    let url = if value.contains("://") { url::Url::parse(value) } else { url::Url::parse(&format!("http://{value}")) };
    url.is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty()))
}

impl Transport {
    /// The user's reqwest client, reqwest when `proxied`, else the client's own.
    pub(crate) fn new(user: Option<reqwest::Client>, proxied: bool, settings: PoolSettings) -> Result<Self, Error> {
        Ok(match user {
            Some(client) => Transport::Reqwest(client),
            None if proxied => Transport::Reqwest(reqwest_client(settings)?),
            None => Transport::Own { client: OwnClient::new(settings)?, fallback: OnceLock::new(), settings },
        })
    }

    /// The client's own transport, when requests go through it.
    pub(crate) fn own(&self) -> Option<&OwnClient> {
        match self {
            Transport::Own { client, .. } => Some(client),
            Transport::Reqwest(_) => None,
        }
    }

    /// The reqwest client (built on first use next to the own client).
    pub(crate) fn reqwest(&self) -> Result<&reqwest::Client, Error> {
        match self {
            Transport::Reqwest(client) => Ok(client),
            Transport::Own { fallback, settings, .. } => {
                if let Some(client) = fallback.get() {
                    return Ok(client);
                }
                let client = reqwest_client(*settings)?;
                // Another call may have built one meanwhile; either serves.
                Ok(fallback.get_or_init(|| client))
            }
        }
    }
}

/// A reqwest client set up as the own one ([`crate::HttpClient::default_builder`]).
fn reqwest_client(settings: PoolSettings) -> Result<reqwest::Client, Error> {
    crate::HttpClient::default_builder()
        .connect_timeout(settings.connect_timeout)
        .pool_max_idle_per_host(settings.max_idle_per_host)
        .build()
        .map_err(|e| Error::Http(TransportError::new(e.without_url())))
}

impl OwnClient {
    fn new(settings: PoolSettings) -> Result<Self, Error> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(settings.connect_timeout));
        http.set_keepalive(Some(KEEPALIVE));
        http.set_keepalive_interval(Some(KEEPALIVE));
        http.set_keepalive_retries(Some(KEEPALIVE_RETRIES));
        #[cfg(any(target_os = "android", target_os = "fuchsia", target_os = "linux"))]
        http.set_tcp_user_timeout(Some(TCP_USER_TIMEOUT));
        let https = hyper_rustls::HttpsConnector::from((http, tls_config()?));
        let (connector, alive) = Connector::new(https, settings.connect_timeout, settings.max_connections);
        let client = HyperClient::builder(hyper_util::rt::TokioExecutor::new())
            .timer(hyper_util::rt::TokioTimer::new())
            .pool_timer(hyper_util::rt::TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .pool_max_idle_per_host(settings.max_idle_per_host)
            .build(connector);
        Ok(OwnClient { client, _alive: alive })
    }

    /// Sends one request; the reply's body is decoded as its `Content-Encoding` says.
    pub(crate) fn send(
        &self,
        method: Method,
        uri: http::Uri,
        headers: HeaderMap,
        body: RequestBody,
    ) -> impl Future<Output = Result<http::Response<ResponseBody>, Error>> + Send + 'static {
        let mut request = http::Request::new(body);
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        // `&Client` is a service that is always ready. Two decoders: a body encoded twice
        // (`gzip, gzip`) is decoded twice, as httpx decodes it (see `encodings.rs`).
        let sending =
            Decompression::new(Encodings::restore(Decompression::new(Encodings::split(&self.client)))).call(request);
        async move {
            match sending.await {
                Ok(response) => Ok(response.map(|body| ResponseBody::Own(Box::new(body)))),
                Err(e) => Err(connection_error(e)),
            }
        }
    }
}

/// A request's body on the own transport: JSON (or nothing) in one piece, or a form's bytes
/// as they are read.
pub(crate) enum RequestBody {
    Full(Full<Bytes>),
    Form(EncodedForm),
}

impl RequestBody {
    /// The body `bytes`, or an empty one.
    pub(crate) fn full(bytes: Option<Bytes>) -> Self {
        RequestBody::Full(Full::new(bytes.unwrap_or_default()))
    }
}

impl Body for RequestBody {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.get_mut() {
            RequestBody::Full(body) => Pin::new(body).poll_frame(cx).map_err(|never| match never {}),
            RequestBody::Form(form) => form.body.as_mut().poll_next(cx).map_ok(Frame::data).map_err(Into::into),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            RequestBody::Full(body) => body.is_end_stream(),
            RequestBody::Form(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            RequestBody::Full(body) => body.size_hint(),
            RequestBody::Form(form) => form.length.map_or_else(SizeHint::default, SizeHint::with_exact),
        }
    }
}

/// rustls with the webpki roots and the ring provider, offering HTTP/1.1 (reqwest's setup).
fn tls_config() -> Result<rustls::ClientConfig, Error> {
    // rustls 0.23.48 deprecates ring's provider (no post-quantum key exchange) in favour of
    // aws-lc-rs, which needs a C and assembly build. ring is what reqwest 0.12 itself uses, so
    // it stays until the TLS choices get their features; the allowance keeps a user's build
    // with the newest rustls free of this crate's warnings (CI builds with it too).
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Http(TransportError::new(e)))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// A request that did not get a response: [`Error::Timeout`] when the cause is a timeout
/// (opening the connection), [`Error::MalformedReply`] when the reply is not HTTP, else
/// [`Error::Connection`], as reqwest's errors are mapped.
fn connection_error(e: hyper_util::client::legacy::Error) -> Error {
    if crate::error::is_malformed_reply(&e) {
        return Error::MalformedReply(TransportError::new(e));
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(cause) = source {
        if cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut) {
            return Error::Timeout;
        }
        source = cause.source();
    }
    Error::Connection(TransportError::new(e))
}

/// Sends one request through reqwest. A reply from another origin than `followed_base` (a
/// user-supplied client that followed a redirect) is refused as [`Error::Redirect`].
pub(crate) fn send_reqwest(
    request: reqwest::RequestBuilder,
    followed_base: Option<&url::Url>,
) -> impl Future<Output = Result<http::Response<ResponseBody>, Error>> + Send + 'static {
    let followed_base = followed_base.cloned();
    async move {
        let response = request.send().await.map_err(Error::from_reqwest)?;
        if let Some(base) = &followed_base
            && response.status().is_success()
            && !same_origin(response.url(), base)
        {
            let location = Some(shown_url(response.url().clone()));
            return Err(Error::Redirect { status: response.status(), location });
        }
        Ok(http::Response::from(response).map(ResponseBody::Reqwest))
    }
}

/// Whether two URLs have the same origin (scheme, host, port), as `Url::origin` compares them,
/// without the two allocations that building each origin takes.
fn same_origin(a: &url::Url, b: &url::Url) -> bool {
    a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.port_or_known_default() == b.port_or_known_default()
}

/// A URL as errors show it: scheme, host, port and path, without credentials, query or
/// fragment (they may hold tokens).
pub(crate) fn shown_url(mut url: url::Url) -> String {
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.set_fragment(None);
    url.into()
}

/// A reply's body from either transport, decoded; its errors are the client's.
pub(crate) enum ResponseBody {
    /// Boxed, as reqwest's is: its decoder states take about 350 bytes, which every future
    /// holding the reply would carry.
    Own(Box<DecompressionBody<DecompressionBody<hyper::body::Incoming>>>),
    /// reqwest's, decoded by reqwest.
    Reqwest(reqwest::Body),
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Error>>> {
        match self.get_mut() {
            ResponseBody::Own(body) => {
                Pin::new(&mut **body).poll_frame(cx).map_err(|e| Error::Http(TransportError::from_boxed(e)))
            }
            ResponseBody::Reqwest(body) => Pin::new(body).poll_frame(cx).map_err(Error::from_reqwest),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            ResponseBody::Own(body) => body.is_end_stream(),
            ResponseBody::Reqwest(body) => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ResponseBody::Own(body) => body.size_hint(),
            ResponseBody::Reqwest(body) => body.size_hint(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_proxy_variable_sends_through_reqwest() {
        let configured = |env: &dyn Fn(&str) -> Option<String>| proxy_configured(env).unwrap();
        assert!(!configured(&|_| None));
        assert!(!configured(&|name| (name == "HTTPS_PROXY").then(|| " ".to_owned())));
        for name in PROXY_VARIABLES {
            for value in ["http://127.0.0.1:3128", "https://proxy.test", "proxy.test:3128", "http://u:p@proxy.test"] {
                assert!(configured(&|n| (n == name).then(|| value.to_owned())), "{name}={value}");
            }
        }
        assert!(!configured(&|n| (n == "NO_PROXY").then(|| "*".to_owned())));
    }

    #[test]
    fn a_proxy_variable_naming_no_usable_proxy_is_refused() {
        for value in ["ftp://proxy.test", "socks5://127.0.0.1:1080", "http://", "http://[::1", "http:// x"] {
            let error = proxy_configured(&|n| (n == "https_proxy").then(|| value.to_owned())).unwrap_err();
            assert!(error.to_string().contains("`https_proxy`"), "{value}: {error}");
        }
    }
}
