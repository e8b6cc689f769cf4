//! The clients: [`AsyncPortkey`] and [`Portkey`], one generic [`Client`] with two flavors.
//!
//! Everything a call does (URL, headers, body, retries, error decoding, SSE) is in one async
//! path, [`Client::send`]; the blocking flavor runs it on its own runtime.

mod connector;
mod encodings;
mod flavor;
mod items;
mod send;
mod transport;
mod urls;

use std::fmt;
use std::sync::Arc;

use http::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use self::flavor::{Async, Blocking, BlockingDownload, BlockingStream, BoxFuture, Flavor};
use crate::core::request::{BaseHeaders, Call, Route};
use crate::{ApiResponse, ClientBuilder, Error, Options, RequestOptions, ResolvedOptions};

/// The async client (tokio + hyper): calls return futures, streams are `futures::Stream`s.
///
/// ```no_run
/// # #[cfg(feature = "chat")]
/// # async fn demo() -> Result<(), portkey::Error> {
/// use portkey::AsyncPortkey;
/// use portkey::types::{ChatCompletionRequest, ChatMessage};
///
/// let client = AsyncPortkey::builder().api_key("pk-...").virtual_key("vk-...").build()?;
/// let reply = client
///     .chat()
///     .completions()
///     .create(ChatCompletionRequest::new("gpt-4o-mini", [ChatMessage::user("Hello")]))
///     .await?;
/// println!("{}", reply.text().unwrap_or_default());
/// # Ok(()) }
/// ```
pub type AsyncPortkey = Client<Async>;

/// The blocking client: the same API as [`AsyncPortkey`], returning values instead of futures
/// and `Iterator`s instead of streams. Calling it inside an async runtime returns
/// [`Error::BlockingInAsyncContext`].
pub type Portkey = Client<Blocking>;

/// A Portkey client of either flavor; use [`AsyncPortkey`] or [`Portkey`].
///
/// Cloning is cheap and shares the connection pool.
#[derive(Clone, Debug)]
pub struct Client<F: Flavor> {
    shared: Arc<Shared>,
    flavor: F,
}

struct Shared {
    /// The connection pool; shared by clients made with `with_options`.
    transport: Arc<transport::Transport>,
    /// One permit per call in flight (`max_connections`); shared by clients made with
    /// `with_options`, as their connection pool is.
    permits: Arc<tokio::sync::Semaphore>,
    /// The options as given (before resolution), for `with_options`.
    given: Options,
    /// The environment variables resolution read, so `with_options` resolves the same way.
    env: Vec<(&'static str, String)>,
    resolved: ResolvedOptions,
    /// What each request's headers start from, built from `resolved` once.
    headers: BaseHeaders,
    /// Whether `http` is the user's, which may follow redirects (the client's own never does).
    user_http: bool,
    /// The base URL when `user_http`: a reply from another origin is then refused.
    followed_base: Option<url::Url>,
    /// Endpoints' URLs under `resolved`'s base URL, parsed once; shared by clients made with
    /// `with_options` that keep the base URL.
    urls: Arc<urls::EndpointUrls>,
}

/// The base URL to compare replies' origins with, when the HTTP client is the user's.
fn followed_base(user_http: bool, resolved: &ResolvedOptions) -> Option<url::Url> {
    user_http.then(|| url::Url::parse(&resolved.settings.base_url).ok()).flatten()
}

/// Looks variables up in what [`read_env`] read, so a client resolves the same way again.
fn lookup<'a>(env: &'a [(&'static str, String)]) -> impl Fn(&str) -> Option<String> + 'a {
    |name| env.iter().find(|(var, _)| *var == name).map(|(_, value)| value.clone())
}

/// The options (secrets redacted) and the names of the environment variables read; never
/// their values, which include `PORTKEY_API_KEY`.
impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let env: Vec<&str> = self.env.iter().map(|(var, _)| *var).collect();
        f.debug_struct("Shared")
            .field("given", &self.given)
            .field("env_read", &env)
            .field("resolved", &self.resolved)
            .finish_non_exhaustive()
    }
}

/// The environment variables a client build reads: those of the options read implicitly, as
/// the Python SDK reads them (`PORTKEY_API_KEY`, `PORTKEY_PROXY`), those of the OpenAI route
/// (`OPENAI_ORG_ID`, `OPENAI_PROJECT_ID`) and the webhook secret (`OPENAI_WEBHOOK_SECRET`).
fn read_env(env: &dyn Fn(&str) -> Option<String>) -> Vec<(&'static str, String)> {
    let options = crate::OPTION_TABLE.iter().filter(|o| o.implicit_env).filter_map(|o| o.env);
    let route = crate::options::resolve::OPENAI_ROUTE_ENV.iter().map(|(var, _)| *var);
    let webhooks = [crate::endpoints::webhooks::WEBHOOK_SECRET_ENV];
    options.chain(route).chain(webhooks).filter_map(|var| env(var).map(|value| (var, value))).collect()
}

impl<F: Flavor> ClientBuilder<Client<F>> {
    /// Builds the client, reading `PORTKEY_API_KEY` and `PORTKEY_PROXY` from the environment
    /// where the options leave them unset, as the Python SDK does.
    pub fn build(self) -> Result<Client<F>, Error> {
        self.build_with_env(&|name| std::env::var(name).ok())
    }

    /// Like [`build`](Self::build), looking environment variables up with `env`.
    pub fn build_with_env(self, env: &dyn Fn(&str) -> Option<String>) -> Result<Client<F>, Error> {
        let given = self.into_options();
        let env = read_env(env);
        let resolved = ResolvedOptions::resolve_with(&given, &lookup(&env))?;
        let settings = &resolved.settings;
        let pool = transport::PoolSettings {
            connect_timeout: settings.timeouts.connect,
            max_idle_per_host: settings.pool_max_idle_per_host,
            max_connections: settings.max_connections,
        };
        // Proxies come from the process's environment, as reqwest reads them.
        let proxied = transport::proxy_configured(&|name| std::env::var(name).ok())?;
        let user = settings.http_client.as_ref().map(|client| client.0.clone());
        let transport = Arc::new(transport::Transport::new(user, proxied, pool)?);
        // More than the semaphore can count (2^61) is as good as no limit.
        let max_connections = settings.max_connections.min(tokio::sync::Semaphore::MAX_PERMITS);
        let permits = Arc::new(tokio::sync::Semaphore::new(max_connections));
        let headers = BaseHeaders::new(&resolved.headers, &resolved.openai_route_headers);
        let user_http = settings.http_client.is_some();
        let followed_base = followed_base(user_http, &resolved);
        let urls = Arc::new(urls::EndpointUrls::new());
        let shared = Shared { transport, permits, given, env, resolved, headers, user_http, followed_base, urls };
        Ok(Client { shared: Arc::new(shared), flavor: F::create()? })
    }
}

impl<F: Flavor> Client<F> {
    /// A builder starting from the Python SDK client's defaults.
    pub fn builder() -> ClientBuilder<Self> {
        ClientBuilder::from_options(Options::sdk_defaults())
    }

    /// A client from the SDK defaults and the `PORTKEY_API_KEY` / `PORTKEY_PROXY` variables.
    pub fn new() -> Result<Self, Error> {
        Self::builder().build()
    }

    /// A client from every `PORTKEY_*` variable ([`Options::from_env`]) over the SDK defaults.
    pub fn from_env() -> Result<Self, Error> {
        let mut options = Options::sdk_defaults();
        options.overlay(&Options::from_env()?);
        ClientBuilder::<Self>::from_options(options).build()
    }

    /// A client with some options changed, sharing this one's connection pool (and runtime).
    /// It resolves with the environment this client was built with.
    ///
    /// ```no_run
    /// # fn demo(client: portkey::Portkey) -> Result<(), portkey::Error> {
    /// let traced = client.with_options(|o| o.trace_id("request-42").metadata(serde_json::json!({"user": "u1"})))?;
    /// # Ok(()) }
    /// ```
    pub fn with_options(&self, change: impl FnOnce(ClientBuilder<Self>) -> ClientBuilder<Self>) -> Result<Self, Error> {
        let options = change(ClientBuilder::from_options(self.shared.given.clone())).into_options();
        let resolved = ResolvedOptions::resolve_with(&options, &lookup(&self.shared.env))?;
        let shared = Shared {
            transport: Arc::clone(&self.shared.transport),
            permits: Arc::clone(&self.shared.permits),
            given: options,
            env: self.shared.env.clone(),
            headers: BaseHeaders::new(&resolved.headers, &resolved.openai_route_headers),
            user_http: self.shared.user_http,
            followed_base: followed_base(self.shared.user_http, &resolved),
            urls: if resolved.settings.base_url == self.shared.resolved.settings.base_url {
                Arc::clone(&self.shared.urls)
            } else {
                Arc::new(urls::EndpointUrls::new())
            },
            resolved,
        };
        Ok(Client { shared: Arc::new(shared), flavor: self.flavor.clone() })
    }

    /// The options the client was built from.
    pub fn options(&self) -> &Options {
        &self.shared.given
    }

    /// The resolved options: base URL, API key, headers sent with every request.
    pub fn resolved(&self) -> &ResolvedOptions {
        &self.shared.resolved
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.shared.resolved.settings.base_url
    }

    /// `POST` a JSON body to any gateway path (under the base URL) and decode the reply.
    pub fn post<B, T>(&self, path: &str, body: &B) -> F::Output<'_, Result<ApiResponse<T>, Error>>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned + Send + 'static,
    {
        self.post_with(path, body, RequestOptions::default())
    }

    /// [`post`](Self::post) with per-call settings.
    pub fn post_with<B, T>(
        &self,
        path: &str,
        body: &B,
        options: RequestOptions,
    ) -> F::Output<'_, Result<ApiResponse<T>, Error>>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned + Send + 'static,
    {
        let call = Call::json(Method::POST, path.to_owned(), body, Route::Portkey, options);
        self.flavor.run(self.json(call))
    }

    /// `GET` any gateway path (under the base URL) and decode the reply.
    pub fn get<T>(&self, path: &str) -> F::Output<'_, Result<ApiResponse<T>, Error>>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let call = Call::new(Method::GET, path.to_owned(), None, Route::Portkey);
        self.flavor.run(self.json(Ok(call)))
    }

    /// Any method and path, untyped: a JSON body in, a JSON value out.
    pub fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        options: RequestOptions,
    ) -> F::Output<'_, Result<ApiResponse<Value>, Error>> {
        let call = match body {
            Some(body) => Call::json(method, path.to_owned(), &body, Route::Portkey, options),
            None => Ok(Call { options, ..Call::new(method, path.to_owned(), None, Route::Portkey) }),
        };
        self.flavor.run(self.json(call))
    }

    /// An environment variable as it was when the client was built (of those it reads).
    pub(crate) fn env_var(&self, name: &str) -> Option<String> {
        lookup(&self.shared.env)(name)
    }

    pub(crate) fn flavor(&self) -> &F {
        &self.flavor
    }
}
