//! The client's transports, with both clients: its own HTTP client sends what reqwest sends,
//! speaks TLS to an `https` base URL, and proxy variables in the environment send requests
//! through reqwest, which applies them.

mod support;

use std::io::Read;
use std::net::TcpListener;
use std::process::Command;

use http::Method;
use portkey::testing::{MockGateway, MockReply};
use portkey::{Error, HttpClient, RequestOptions};
use serde_json::json;
use support::*;

/// The same calls through the own transport and through reqwest (set up as the client sets it
/// up) reach the gateway as the same requests: method, path and query, every header in order
/// (`host`, `content-length` and `accept-encoding` included), body.
#[test]
fn the_own_transport_sends_what_reqwest_sends() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let reqwest = HttpClient::default_builder().build().unwrap();
        let own = Client::new(kind, &gateway, |b| b.api_key("pk-1").trace_id("t-1"));
        let through_reqwest = Client::new(kind, &gateway, |b| b.api_key("pk-1").trace_id("t-1").http_client(reqwest));
        let calls = |client: &Client| {
            client.chat(hello("x")).unwrap();
            client.models().unwrap();
            gateway.enqueue(MockReply::json(200, json!({})));
            client.request(Method::POST, "/batches/b-1/cancel", None, RequestOptions::new()).unwrap();
            gateway.enqueue(MockReply::json(200, json!({})));
            let options = RequestOptions::new().query("limit", "2").header("x-extra", "e");
            client.request(Method::DELETE, "/files/f-1", None, options).unwrap();
        };
        calls(&own);
        let sent_own = gateway.requests();
        gateway.clear();
        calls(&through_reqwest);
        let sent_reqwest = gateway.requests();
        assert_eq!(sent_own.len(), 4);
        for (own, reqwest) in sent_own.iter().zip(&sent_reqwest) {
            assert_eq!((&own.method, &own.path, &own.query), (&reqwest.method, &reqwest.path, &reqwest.query));
            assert_eq!(own.headers, reqwest.headers, "{} {}", own.method, own.path);
            assert!(own.header("host").is_some() && own.header("accept-encoding").is_some(), "{own:?}");
            assert_eq!(own.body, reqwest.body, "{} {}", own.method, own.path);
        }
    });
}

#[test]
fn an_https_base_url_opens_with_a_tls_handshake() {
    for_both(|kind| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("https://{}/v1", listener.local_addr().unwrap());
        // Reads the first bytes the client sends, then hangs up.
        let server = std::thread::spawn(move || {
            let (mut socket, _) = listener.accept().unwrap();
            let mut head = [0u8; 3];
            socket.read_exact(&mut head).unwrap();
            head
        });
        let client = Client::at(kind, &url, |b| b.max_retries(0));
        let error = client.chat(hello("x")).unwrap_err();
        let head = server.join().unwrap();
        // A TLS record (22: handshake), version 3.x: a ClientHello, not plain HTTP.
        assert_eq!((head[0], head[1]), (22, 3), "{head:?}");
        assert!(matches!(error, Error::Connection(_)), "{error:?}");
    });
}

/// Set in the environment of the child process the proxy test starts.
const CHILD: &str = "PORTKEY_RS_PROXY_TEST_CHILD";

/// The proxy variables are read from the process's environment, which a test cannot change
/// while other tests run: the test runs itself again as a child process with `HTTP_PROXY` set.
#[test]
fn a_proxy_in_the_environment_is_used() {
    if std::env::var_os(CHILD).is_some() {
        return through_the_proxy();
    }
    let proxy = MockGateway::start().unwrap();
    let status = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "a_proxy_in_the_environment_is_used", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env("HTTP_PROXY", proxy.url())
        .env_remove("http_proxy")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .status()
        .unwrap();
    assert!(status.success(), "the child test failed: {status}");
    // Both clients' requests reached the proxy, in absolute form, for the unreachable host.
    let requests = proxy.requests();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    for request in requests {
        assert_eq!(request.path, "/v1/chat/completions");
        assert!(request.header("host").is_some_and(|h| h.ends_with(":9")), "{request:?}");
    }
}

/// In the child: both clients, at a port where nothing listens, reach the proxy instead.
fn through_the_proxy() {
    for_both(|kind| {
        let client = Client::at(kind, "http://127.0.0.1:9/v1", |b| b.max_retries(0));
        let reply = client.chat(hello("x")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(reply.meta.status().as_u16(), 200);
    });
}

#[test]
fn the_mock_gateway_answers_a_proxied_request() {
    let gateway = MockGateway::start().unwrap();
    gateway.enqueue(MockReply::text(200, "ok"));
    let mut socket = std::net::TcpStream::connect(gateway.addr()).unwrap();
    std::io::Write::write_all(&mut socket, b"GET http://127.0.0.1:9/v1/models HTTP/1.1\r\nhost: 127.0.0.1:9\r\n\r\n")
        .unwrap();
    let mut reply = [0u8; 12];
    socket.read_exact(&mut reply).unwrap();
    assert_eq!(&reply, b"HTTP/1.1 200");
    assert_eq!(gateway.requests()[0].path, "/v1/models");
}
