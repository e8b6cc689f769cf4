//! Reliability, with both clients, against loopback servers scripted to misbehave and callers
//! giving extreme values: pooled connections the server closed are not reused, a dropped
//! stream closes its connection, `connect_timeout` covers the TLS handshake, no option or
//! per-call value panics, and credentials are hidden by the look of their names.

mod support;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use portkey::testing::MockGateway;
use portkey::{AsyncPortkey, ClientBuilder, Error, OPTION_TABLE, Options, Portkey, RequestOptions, ValueType};
use serde_json::json;
use support::*;

// ---------------------------------------------------------------------------------------------
// A scripted HTTP/1.1 server
// ---------------------------------------------------------------------------------------------

/// Reads a request's head (up to its blank line); `None` at end of stream.
fn read_head(socket: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match socket.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
    }
    Some(String::from_utf8_lossy(&head).to_ascii_lowercase())
}

/// Reads one request (head and `content-length` body); false at end of stream.
fn read_request(socket: &mut TcpStream) -> bool {
    let Some(head) = read_head(socket) else { return false };
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .map_or(0, |n| n.trim().parse::<usize>().unwrap());
    socket.read_exact(&mut vec![0; length]).is_ok()
}

/// A server on 127.0.0.1 that hands each accepted connection to `serve` on its own thread;
/// returns the base URL and the count of connections accepted.
fn serve(serve: impl Fn(TcpStream) + Send + Sync + 'static) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&accepted);
    let serve = Arc::new(serve);
    std::thread::spawn(move || {
        for socket in listener.incoming().flatten() {
            count.fetch_add(1, Ordering::SeqCst);
            let serve = Arc::clone(&serve);
            std::thread::spawn(move || serve(socket));
        }
    });
    (url, accepted)
}

const MODELS: &str = r#"{"object":"list","data":[]}"#;

/// A JSON reply on a connection that stays open (no `connection: close`).
fn keep_alive_reply(body: &str) -> String {
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len())
}

impl Client {
    /// Lets time pass as a caller between two calls does: the async client's runtime keeps
    /// running (as an application's does); the blocking client's caller just sleeps.
    fn pause(&self, time: Duration) {
        match self {
            Client::Async { rt, .. } => rt.block_on(async { tokio::time::sleep(time).await }),
            Client::Blocking(_) => std::thread::sleep(time),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------------------------

/// The server answers each connection's first request and closes it 20 ms later, without
/// saying so in the reply: the next call must not go out on the dead connection (which fails
/// it, without a retry).
#[test]
fn connections_the_server_closed_while_idle_are_not_reused() {
    for_both(|kind| {
        let (url, accepted) = serve(|mut socket| {
            if read_request(&mut socket) {
                socket.write_all(keep_alive_reply(MODELS).as_bytes()).unwrap();
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        let client = Client::at(kind, &url, |b| b.max_retries(0));
        for call in 0..4 {
            client.models().unwrap_or_else(|e| panic!("call {call}: {e}"));
            client.pause(Duration::from_millis(250));
        }
        assert_eq!(accepted.load(Ordering::SeqCst), 4);
    });
}

/// A stream dropped after its first event closes its connection while the client lives on:
/// the server's writes fail within a few events.
#[test]
fn a_dropped_stream_closes_its_connection() {
    for_both(|kind| {
        let (done, stopped) = mpsc::channel();
        let (url, _) = serve(move |mut socket| {
            if !read_request(&mut socket) {
                return;
            }
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
            let event = format!(
                "data: {}\n\n",
                json!({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": []})
            );
            let chunk = format!("{:x}\r\n{event}\r\n", event.len());
            let mut written = 0;
            let mut send = socket.write_all(head.as_bytes());
            while send.is_ok() && written < 1000 {
                send = socket.write_all(chunk.as_bytes());
                written += 1;
                std::thread::sleep(Duration::from_millis(10));
            }
            let _ = done.send(written);
        });
        let client = Client::at(kind, &url, |b| b.max_retries(0));
        match &client {
            Client::Async { client, rt } => rt.block_on(async {
                let mut stream = client.chat().completions().create_stream(hello("x")).await.unwrap();
                stream.next().await.unwrap().unwrap();
            }),
            Client::Blocking(client) => {
                let mut stream = client.chat().completions().create_stream(hello("x")).unwrap();
                stream.next().unwrap().unwrap();
            }
        }
        // The stream is dropped; the client is not.
        let started = Instant::now();
        let written = loop {
            if let Ok(written) = stopped.try_recv() {
                break written;
            }
            assert!(started.elapsed() < Duration::from_secs(5), "the server is still streaming");
            client.pause(Duration::from_millis(20));
        };
        assert!(written < 100, "the server wrote {written} events");
    });
}

/// A server that accepts and then never answers the TLS handshake: `connect_timeout` fires, not
/// the much longer response timeout.
#[test]
fn connect_timeout_covers_the_tls_handshake() {
    for_both(|kind| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("https://{}/v1", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let held: Vec<TcpStream> = listener.incoming().flatten().collect();
            drop(held);
        });
        let client = Client::at(kind, &url, |b| b.connect_timeout(300).response_timeout(30_000).max_retries(0));
        let started = Instant::now();
        let error = client.models().unwrap_err();
        assert!(matches!(error, Error::Timeout), "{error:?}");
        assert!(started.elapsed() < Duration::from_secs(15), "took {:?}", started.elapsed());
    });
}

// ---------------------------------------------------------------------------------------------
// Extreme values
// ---------------------------------------------------------------------------------------------

/// What a client built from `options` does with one plain call and one stream: anything but
/// a panic (the test fails on one).
fn call_both_ways(options: Options, kind: Kind) {
    let built = match kind {
        Kind::Async => ClientBuilder::<AsyncPortkey>::from_options(options).build_with_env(&no_env).map(|client| {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            Client::Async { client, rt: Arc::new(rt) }
        }),
        Kind::Blocking => ClientBuilder::<Portkey>::from_options(options).build_with_env(&no_env).map(Client::Blocking),
    };
    if let Ok(client) = built {
        let _ = client.chat(hello("x"));
        let _ = client.stream_chat(hello("x"));
    }
}

/// Every integer option, from a map or from its environment variable, at the edges of what it
/// can be given: the client saturates or refuses it, naming the option; it never panics.
#[test]
fn extreme_option_values_never_panic() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let integers = OPTION_TABLE.iter().filter(|o| o.value_type == ValueType::Integer);
        for option in integers {
            for value in [i64::MIN, -1, 0, 1, i64::MAX] {
                eprintln!("{} = {value}", option.name);
                let map = json!({"base_url": gateway.url(), option.name: value});
                match Options::from_map(map.as_object().unwrap()) {
                    Ok(options) => call_both_ways(options, kind),
                    Err(e) => assert!(e.to_string().contains(option.name), "{e}"),
                }
            }
            let Some(var) = option.env else { continue };
            for text in ["-1", "0", "9223372036854775807", "18446744073709551615", "99999999999999999999"] {
                eprintln!("{var} = {text}");
                let env = |name: &str| (name == var).then(|| text.to_string());
                if let Err(e) = Client::build(kind, |b| b.base_url(gateway.url()), &env) {
                    assert!(e.to_string().contains(var) || e.to_string().contains(option.name), "{e}");
                }
            }
        }
    });
}

/// Every per-call duration at zero, one nanosecond and `Duration::MAX`, and the most retries.
#[test]
fn extreme_per_call_values_never_panic() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b);
        type Setter = fn(RequestOptions, Duration) -> RequestOptions;
        let setters: [(&str, Setter); 4] = [
            ("timeout", RequestOptions::timeout),
            ("response_timeout", RequestOptions::response_timeout),
            ("read_timeout", RequestOptions::read_timeout),
            ("total_timeout", RequestOptions::total_timeout),
        ];
        for (name, set) in setters {
            for value in [Duration::ZERO, Duration::from_nanos(1), Duration::MAX] {
                eprintln!("{name}({value:?})");
                let _ = client.chat_with(hello("x"), set(RequestOptions::new(), value));
                let _ = client.stream_chat_with(hello("x"), set(RequestOptions::new(), value));
            }
            // The longest wait still lets a healthy call through.
            client.chat_with(hello("x"), set(RequestOptions::new(), Duration::MAX)).unwrap();
        }
        client.chat_with(hello("x"), RequestOptions::new().max_retries(u32::MAX)).unwrap();
    });
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

/// Header names that carry credentials, as providers and proxies spell them.
const CREDENTIAL_HEADERS: [&str; 23] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "api-key",
    "x-api-key",
    "apikey",
    "x-goog-api-key",
    "openai-api-key",
    "anthropic-api-key",
    "x-auth-token",
    "x-access-token",
    "x-amz-security-token",
    "x-client-secret",
    "x-functions-key",
    "ocp-apim-subscription-key",
    "x-session-token",
    "x-csrf-token",
    "x-refresh-token",
    "private-token",
    "x-password",
    "x-portkey-virtual-key",
    "x-portkey-aws-session-token",
    "x-upstream-credentials",
];

#[test]
fn per_call_credential_headers_never_print() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.debug(true));
        let mut options =
            RequestOptions::new().header("x-portkey-trace-id", "trace-shown").header("x-team", "team-shown");
        for (i, name) in CREDENTIAL_HEADERS.iter().enumerate() {
            options = options.header(name, &format!("hidden-value-{i}"));
        }
        let shown_options = format!("{options:?}");
        let log = traced(|| {
            client.chat_with(hello("x"), options).unwrap();
        });
        for text in [&shown_options, &log] {
            assert!(!text.contains("hidden-value-"), "a credential shows: {text}");
            assert!(text.contains("trace-shown") && text.contains("team-shown"), "{text}");
        }
        // They were sent.
        let sent = only_request(&gateway);
        for (i, name) in CREDENTIAL_HEADERS.iter().enumerate() {
            assert_eq!(sent.header(name), Some(format!("hidden-value-{i}").as_str()), "{name}");
        }
    });
}

#[test]
fn a_custom_host_with_credentials_never_prints() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let host = "https://user-1:password-2@llm.internal/v1?token=token-3&region=eu";
        let client = Client::new(kind, &gateway, |b| b.provider("openai").custom_host(host).debug(true));
        let log = traced(|| {
            client.chat(hello("x")).unwrap();
        });
        for text in [client.debug_text(), log] {
            for secret in ["user-1", "password-2", "token-3"] {
                assert!(!text.contains(secret), "{secret} shows: {text}");
            }
        }
        assert_eq!(only_request(&gateway).header("x-portkey-custom-host"), Some(host));
    });
}

// ---------------------------------------------------------------------------------------------
// Replies that say what happened
// ---------------------------------------------------------------------------------------------

/// A reply that is not HTTP reached the gateway: the error says so (not "could not reach"),
/// and it is retried once, as the Python SDK retries a reply it cannot read.
#[test]
fn a_reply_that_is_not_http_says_it_reached_the_gateway() {
    let many_headers: String = (0..200).map(|i| format!("x-h-{i}: v\r\n")).collect();
    let replies = [
        "HTTP/1.1 2000 OK\r\ncontent-length: 0\r\n\r\n".to_string(),
        "HTTP/1.1 200 OK\r\na header without a colon\r\ncontent-length: 0\r\n\r\n".to_string(),
        format!("HTTP/1.1 200 OK\r\n{many_headers}content-length: 0\r\n\r\n"),
    ];
    for_both(|kind| {
        for reply in &replies {
            let reply = reply.clone();
            let (url, accepted) = serve(move |mut socket| {
                if read_request(&mut socket) {
                    let _ = socket.write_all(reply.as_bytes());
                }
            });
            let client = Client::at(kind, &url, |b| b);
            let error = client.models().unwrap_err();
            assert!(matches!(error, Error::MalformedReply(_)), "{error:?}");
            assert!(error.to_string().contains("reached the gateway"), "{error}");
            assert_eq!(accepted.load(Ordering::SeqCst), 2, "sent once and retried once");
        }
    });
}

/// 1 MiB of blank lines, gzipped to a few KiB, ends the stream at the event limit with a
/// typed error instead of being read to its end with no event.
#[test]
fn a_stream_of_blank_lines_ends_at_the_event_limit() {
    let body = compressed("gzip", &vec![b'\n'; 1 << 20]);
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.max_sse_event_bytes(64 << 10));
        gateway.enqueue(
            portkey::testing::MockReply::bytes(200, "text/event-stream", body.clone())
                .header("content-encoding", "gzip"),
        );
        let (_, items) = client.stream_chat(hello("x")).unwrap();
        assert!(
            matches!(items.as_slice(), [Err(Error::LimitExceeded { limit: portkey::Limit::SseEvent, max: 65536 })]),
            "{items:?}"
        );
    });
}

/// Set in the environment of the child process the proxy test starts.
const PROXY_CHILD: &str = "PORTKEY_RS_BAD_PROXY_CHILD";

/// A proxy variable naming no usable proxy (reqwest would ignore it and send direct) fails the
/// client's build, naming the variable, as httpx refuses it. The variables are the process's,
/// so each value is tried in a child process.
#[test]
fn a_proxy_variable_naming_no_usable_proxy_is_refused() {
    if let Some(var) = std::env::var_os(PROXY_CHILD) {
        let var = var.into_string().unwrap();
        return for_both(|kind| {
            let error = Client::build(kind, |b| b.base_url("http://127.0.0.1:9/v1"), &no_env).err().unwrap();
            assert!(matches!(error, Error::Environment(_)), "{error:?}");
            assert!(error.to_string().contains(&format!("`{var}`")), "{error}");
        });
    }
    for (var, value) in
        [("HTTP_PROXY", "ftp://127.0.0.1:21"), ("https_proxy", "socks5://127.0.0.1:1080"), ("ALL_PROXY", "http://")]
    {
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "a_proxy_variable_naming_no_usable_proxy_is_refused", "--nocapture", "--test-threads=1"])
            .env(PROXY_CHILD, var)
            .env(var, value)
            .status()
            .unwrap();
        assert!(status.success(), "{var}={value}: the child test failed: {status}");
    }
}

// ---------------------------------------------------------------------------------------------
// Sockets
// ---------------------------------------------------------------------------------------------

/// A server that keeps connections open and answers each request after `delay`.
fn keep_alive_server(delay: Duration) -> (String, Arc<AtomicUsize>) {
    serve(move |mut socket| {
        while read_request(&mut socket) {
            std::thread::sleep(delay);
            if socket.write_all(keep_alive_reply(MODELS).as_bytes()).is_err() {
                return;
            }
        }
    })
}

/// `max_connections` caps the sockets open at once, not only the calls in flight.
#[test]
fn max_connections_caps_the_sockets() {
    for_both(|kind| {
        let (url, accepted) = keep_alive_server(Duration::from_millis(5));
        let client = Client::at(kind, &url, |b| b.max_connections(4).max_retries(0));
        match &client {
            Client::Async { client, rt } => rt.block_on(async {
                let calls = (0..200).map(|_| client.models().list());
                for reply in futures_util::future::join_all(calls).await {
                    reply.unwrap();
                }
            }),
            Client::Blocking(client) => std::thread::scope(|threads| {
                for _ in 0..20 {
                    threads.spawn(|| (0..10).for_each(|_| drop(client.models().list().unwrap())));
                }
            }),
        }
        let opened = accepted.load(Ordering::SeqCst);
        assert!((1..=4).contains(&opened), "{opened} connections");
    });
}

/// The sockets of this process to `port` still opening (`SYN_SENT` in `/proc/net/tcp`).
fn opening_sockets(port: u16) -> usize {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
    let port = format!(":{port:04X}");
    table
        .lines()
        .skip(1)
        .filter(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            fields.get(2).is_some_and(|remote| remote.ends_with(&port)) && fields.get(3) == Some(&"02")
        })
        .count()
}

/// A connection still being opened when the client is dropped (a "background connect": the
/// call it was for got a connection that freed up first) is abandoned with the client.
#[test]
fn a_dropped_client_leaves_no_connection_opening() {
    for_both(|kind| {
        // A listener with the smallest backlog, which accepts one connection and serves it:
        // once the backlog is full, new connections hang while opening.
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let listener = rt.block_on(async { socket.listen(1).unwrap().into_std().unwrap() });
        listener.set_nonblocking(false).unwrap();
        let port = listener.local_addr().unwrap().port();
        let (accepted, accepted_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let (mut socket, _) = listener.accept().unwrap();
            accepted.send(()).unwrap();
            while read_request(&mut socket) {
                std::thread::sleep(Duration::from_millis(300));
                if socket.write_all(keep_alive_reply(MODELS).as_bytes()).is_err() {
                    return;
                }
            }
            drop(listener);
        });
        let client = Client::at(kind, &format!("http://127.0.0.1:{port}/v1"), |b| b.max_retries(0));
        client.models().unwrap();
        accepted_rx.recv().unwrap();
        // Fill the backlog with connections nobody accepts.
        let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let fillers: Vec<TcpStream> =
            (0..4).filter_map(|_| TcpStream::connect_timeout(&address, Duration::from_millis(200)).ok()).collect();
        // Two calls at once: the second opens a connection, which hangs, and then takes the
        // first's when it is done; the opening goes on in the background.
        match &client {
            Client::Async { client, rt } => rt.block_on(async {
                let (a, b) = futures_util::future::join(client.models().list(), client.models().list()).await;
                a.unwrap();
                b.unwrap();
            }),
            Client::Blocking(client) => std::thread::scope(|threads| {
                let other = threads.spawn(|| client.models().list().unwrap());
                std::thread::sleep(Duration::from_millis(50));
                client.models().list().unwrap();
                other.join().unwrap();
            }),
        }
        assert!(opening_sockets(port) >= 1, "no connection is opening in the background");
        let runtime = match &client {
            Client::Async { rt, .. } => Some(Arc::clone(rt)),
            Client::Blocking(_) => None,
        };
        drop(client);
        let started = Instant::now();
        while opening_sockets(port) > 0 {
            assert!(started.elapsed() < Duration::from_secs(2), "a connection is still opening without its client");
            match &runtime {
                Some(rt) => rt.block_on(async { tokio::time::sleep(Duration::from_millis(20)).await }),
                None => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        drop(fillers);
    });
}

// ---------------------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------------------

/// `Content-Encoding` read as httpx reads it: names in any case, with spaces, `identity` left
/// out, and a body encoded twice decoded twice (the first name applied first).
#[test]
fn content_encodings_are_read_as_httpx_reads_them() {
    let cases: [(&str, &[&str]); 6] = [
        ("GZIP", &["gzip"]),
        (" Gzip ", &["gzip"]),
        ("identity, gzip", &["gzip"]),
        ("gzip, gzip", &["gzip", "gzip"]),
        ("gzip,BR", &["gzip", "br"]),
        ("identity", &[]),
    ];
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b);
        for (header, layers) in cases {
            let body = layers.iter().fold(MODELS.as_bytes().to_vec(), |body, encoding| compressed(encoding, &body));
            gateway.enqueue(
                portkey::testing::MockReply::bytes(200, "application/json", body).header("content-encoding", header),
            );
            let reply = client.models().unwrap_or_else(|e| panic!("{header}: {e}"));
            assert!(reply.data.is_empty(), "{header}");
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Uploads
// ---------------------------------------------------------------------------------------------

/// A server that refuses an upload as soon as it has read the head (413, then it hangs up
/// with the body unread, which resets the connection): the client reads the reply after its
/// write fails, so the caller gets the 413, and the upload is not sent again.
#[test]
fn an_early_reply_to_an_upload_is_read_after_the_write_fails() {
    use portkey::types::{FileCreatePurpose, FileCreateRequest};
    for_both(|kind| {
        let (url, accepted) = serve(|mut socket| {
            if read_head(&mut socket).is_some() {
                let body = r#"{"error":{"message":"too large","type":"invalid_request_error"}}"#;
                let reply = format!(
                    "HTTP/1.1 413 Payload Too Large\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-portkey-trace-id: t\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(reply.as_bytes());
            }
        });
        let client = Client::at(kind, &url, |b| b);
        for attempt in 0..30 {
            let before = accepted.load(Ordering::SeqCst);
            let form = FileCreateRequest::new(
                portkey::FilePart::bytes("big.jsonl", vec![b'x'; 32 << 20]),
                FileCreatePurpose::Batch,
            );
            let error = both!(&client, |c| c.files().create(form)).unwrap_err();
            assert_eq!(error.status().map(|s| s.as_u16()), Some(413), "attempt {attempt}: {error:?}");
            assert_eq!(accepted.load(Ordering::SeqCst) - before, 1, "attempt {attempt}: the upload was sent again");
        }
    });
}
