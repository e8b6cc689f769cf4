//! The harness of the end-to-end tests through the real Portkey gateway
//! (`gateway_e2e.rs`, `gateway_data_plane.rs`): every test body runs twice, with the blocking
//! [`Portkey`] client and with the async [`AsyncPortkey`] client (on a runtime owned by the
//! [`Harness`]), against the gateway shared by the test binary ([`Gateway::shared`]) in front of
//! the test's own [`MockProvider`]s.

// Each test binary uses part of the harness.
#![allow(dead_code)]

use portkey::{ApiError, AsyncPortkey, ClientBuilder, Error, Options, Portkey};
use portkey_tests::gateway::Gateway;
use portkey_tests::mock_provider::{MockProvider, Recorded};

#[derive(Clone, Copy, Debug)]
pub enum Flavor {
    Blocking,
    Async,
}

/// Runs a test body with one client flavor; the async flavor's runtime lives here.
pub struct Harness {
    pub flavor: Flavor,
    pub runtime: Option<tokio::runtime::Runtime>,
}

/// A client of either flavor, with the calls the tests make returning plain values.
pub struct TestClient<'h> {
    pub client: AnyClient,
    pub harness: &'h Harness,
}

pub enum AnyClient {
    Blocking(Portkey),
    Async(AsyncPortkey),
}

pub type Configure = dyn FnOnce(ClientBuilder<Options>) -> ClientBuilder<Options>;

impl Harness {
    pub fn new(flavor: Flavor) -> Harness {
        let runtime = match flavor {
            Flavor::Blocking => None,
            Flavor::Async => Some(tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()),
        };
        Harness { flavor, runtime }
    }

    /// The gateway shared by the tests of this binary. Fails the test (never skips it) when the
    /// gateway cannot be installed or started.
    pub fn gateway(&self) -> &'static Gateway {
        Gateway::shared().unwrap_or_else(|e| panic!("cannot start the Portkey gateway for the e2e tests: {e}"))
    }

    /// A mock provider named after the flavor, e.g. `A-async`.
    pub fn mock(&self, name: &str) -> MockProvider {
        let flavor = match self.flavor {
            Flavor::Blocking => "blocking",
            Flavor::Async => "async",
        };
        MockProvider::start(&format!("{name}-{flavor}")).expect("cannot start the mock provider")
    }

    /// A client of this flavor pointed at the gateway, with options set by `configure`. The
    /// environment is not read, so `PORTKEY_API_KEY` and friends cannot change the requests.
    pub fn client(&self, configure: impl FnOnce(ClientBuilder<Options>) -> ClientBuilder<Options>) -> TestClient<'_> {
        let builder = ClientBuilder::<Options>::from_options(Options::sdk_defaults()).base_url(self.gateway().url());
        let options = configure(builder).into_options();
        let no_env = |_: &str| None;
        let client = match self.flavor {
            Flavor::Blocking => AnyClient::Blocking(
                ClientBuilder::<Portkey>::from_options(options).build_with_env(&no_env).expect("building the client"),
            ),
            Flavor::Async => AnyClient::Async(
                ClientBuilder::<AsyncPortkey>::from_options(options)
                    .build_with_env(&no_env)
                    .expect("building the client"),
            ),
        };
        TestClient { client, harness: self }
    }

    /// A client routed by headers to `mock` as provider `openai` with the key `sk-test`.
    pub fn openai_client(&self, mock: &MockProvider, more: Box<Configure>) -> TestClient<'_> {
        let custom_host = mock.base_url();
        self.client(move |b| more(b.provider("openai").custom_host(custom_host).authorization("sk-test")))
    }

    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime.as_ref().expect("the async flavor has a runtime").block_on(future)
    }
}

/// Both flavors of the same call: `$call` is applied to the blocking client as is, and awaited
/// on the harness runtime for the async client.
macro_rules! call {
    ($self:ident, |$c:ident| $call:expr) => {
        match &$self.client {
            AnyClient::Blocking($c) => $call,
            AnyClient::Async($c) => $self.harness.block_on(async { $call.await }),
        }
    };
}

/// Declares, for each test body `name(&Harness)`, the tests `name::blocking` and
/// `name::asynchronous`.
macro_rules! e2e_tests {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn blocking() {
                super::$name(&$crate::e2e::Harness::new($crate::e2e::Flavor::Blocking));
            }

            #[test]
            fn asynchronous() {
                super::$name(&$crate::e2e::Harness::new($crate::e2e::Flavor::Async));
            }
        }
    )*};
}

pub fn no_change() -> Box<Configure> {
    Box::new(|b| b)
}

/// The API error of a call that must fail with one.
#[track_caller]
pub fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> Box<ApiError> {
    match result {
        Err(Error::Api(e)) => e,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// The single request the mock received.
#[track_caller]
pub fn only_request(mock: &MockProvider) -> Recorded {
    let requests = mock.requests();
    assert_eq!(requests.len(), 1, "{} received {requests:#?}", mock.name());
    requests.into_iter().next().unwrap()
}

/// Asserts the gateway did not pass any Portkey header on to the provider.
#[track_caller]
pub fn assert_no_portkey_headers(request: &Recorded) {
    assert_eq!(request.header_names_starting_with("x-portkey-"), Vec::<&str>::new(), "{request:#?}");
}
