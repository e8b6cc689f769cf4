//! The gateway's resources, mirroring the Python SDK: `client.chat().completions().create(..)`.
//!
//! Each method is written once for both flavors: it returns `F::Output`, a future for
//! [`AsyncPortkey`](crate::AsyncPortkey) and the value itself for [`Portkey`](crate::Portkey).

use http::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::{Client, Flavor};
use crate::core::request::{Call, Route};
use crate::types::{
    ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, Completion, CompletionRequest, EmbeddingRequest,
    EmbeddingResponse, FeedbackRequest, FeedbackResponse, Model, ModelList,
};
use crate::{ApiResponse, Error, OptionError, RequestOptions};

/// Builds the `POST` call for a JSON body, or the error that stops it.
fn call_for<B: Serialize>(path: &str, body: &B, route: Route, options: RequestOptions) -> Result<Call, Error> {
    Call::json(Method::POST, path, body, route, options)
}

/// `stream: true` asks for server-sent events, which only the `create_stream` methods read.
fn check_not_streaming(stream: Option<bool>) -> Result<(), Error> {
    match stream {
        Some(true) => Err(Error::InvalidOption(OptionError::InvalidValue {
            option: "stream",
            header: None,
            problem: "is true in a call that returns one response",
            expected: "`create_stream` for a streamed response",
        })),
        _ => Ok(()),
    }
}

macro_rules! resource {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name<'a, F: Flavor> {
            client: &'a Client<F>,
        }

        impl<'a, F: Flavor> $name<'a, F> {
            pub(crate) fn new(client: &'a Client<F>) -> Self {
                Self { client }
            }

            fn json<T: DeserializeOwned + Send + 'static>(
                &self,
                call: Result<Call, Error>,
            ) -> F::Output<'a, Result<ApiResponse<T>, Error>> {
                let client = self.client;
                client.flavor().run(async move { client.json(call?).await })
            }

            #[allow(dead_code)] // not every resource streams
            fn stream<T: DeserializeOwned + Send + 'static>(
                &self,
                call: Result<Call, Error>,
            ) -> F::Output<'a, Result<F::Stream<T>, Error>> {
                let client = self.client;
                client.flavor().run_stream(async move { client.stream(call?).await })
            }
        }
    };
}

/// `client.chat()`: holds [`ChatCompletions`].
#[derive(Debug)]
pub struct Chat<'a, F: Flavor> {
    client: &'a Client<F>,
}

resource!(
    /// `client.chat().completions()`: chat completions, plain and streamed.
    ChatCompletions
);
resource!(
    /// `client.completions()`: text completions, plain and streamed.
    Completions
);
resource!(
    /// `client.embeddings()`.
    Embeddings
);
resource!(
    /// `client.models()`.
    Models
);
resource!(
    /// `client.feedback()`: Portkey's feedback on traced requests.
    Feedback
);

impl<'a, F: Flavor> Chat<'a, F> {
    pub(crate) fn new(client: &'a Client<F>) -> Self {
        Self { client }
    }

    /// Chat completions.
    pub fn completions(&self) -> ChatCompletions<'a, F> {
        ChatCompletions::new(self.client)
    }
}

impl<'a, F: Flavor> ChatCompletions<'a, F> {
    /// `POST /chat/completions`.
    pub fn create(&self, request: ChatCompletionRequest) -> F::Output<'a, Result<ApiResponse<ChatCompletion>, Error>> {
        self.create_with(request, RequestOptions::default())
    }

    /// [`create`](Self::create) with per-call settings.
    pub fn create_with(
        &self,
        request: ChatCompletionRequest,
        options: RequestOptions,
    ) -> F::Output<'a, Result<ApiResponse<ChatCompletion>, Error>> {
        let call = check_not_streaming(request.stream)
            .and_then(|()| call_for("/chat/completions", &request, Route::OpenAi, options));
        self.json(call)
    }

    /// `POST /chat/completions` with `stream: true`: the chunks as they arrive.
    pub fn create_stream(
        &self,
        request: ChatCompletionRequest,
    ) -> F::Output<'a, Result<F::Stream<ChatCompletionChunk>, Error>> {
        self.create_stream_with(request, RequestOptions::default())
    }

    /// [`create_stream`](Self::create_stream) with per-call settings.
    pub fn create_stream_with(
        &self,
        mut request: ChatCompletionRequest,
        options: RequestOptions,
    ) -> F::Output<'a, Result<F::Stream<ChatCompletionChunk>, Error>> {
        request.stream = Some(true);
        self.stream(call_for("/chat/completions", &request, Route::OpenAi, options))
    }
}

impl<'a, F: Flavor> Completions<'a, F> {
    /// `POST /completions`.
    pub fn create(&self, request: CompletionRequest) -> F::Output<'a, Result<ApiResponse<Completion>, Error>> {
        self.create_with(request, RequestOptions::default())
    }

    /// [`create`](Self::create) with per-call settings.
    pub fn create_with(
        &self,
        request: CompletionRequest,
        options: RequestOptions,
    ) -> F::Output<'a, Result<ApiResponse<Completion>, Error>> {
        let call = check_not_streaming(request.stream)
            .and_then(|()| call_for("/completions", &request, Route::OpenAi, options));
        self.json(call)
    }

    /// `POST /completions` with `stream: true`: the chunks as they arrive.
    pub fn create_stream(&self, mut request: CompletionRequest) -> F::Output<'a, Result<F::Stream<Completion>, Error>> {
        request.stream = Some(true);
        self.stream(call_for("/completions", &request, Route::OpenAi, RequestOptions::default()))
    }
}

impl<'a, F: Flavor> Embeddings<'a, F> {
    /// `POST /embeddings`.
    pub fn create(&self, request: EmbeddingRequest) -> F::Output<'a, Result<ApiResponse<EmbeddingResponse>, Error>> {
        self.create_with(request, RequestOptions::default())
    }

    /// [`create`](Self::create) with per-call settings.
    pub fn create_with(
        &self,
        request: EmbeddingRequest,
        options: RequestOptions,
    ) -> F::Output<'a, Result<ApiResponse<EmbeddingResponse>, Error>> {
        self.json(call_for("/embeddings", &request, Route::OpenAi, options))
    }
}

impl<'a, F: Flavor> Models<'a, F> {
    /// `GET /models`.
    pub fn list(&self) -> F::Output<'a, Result<ApiResponse<ModelList>, Error>> {
        self.json(Ok(Call::new(Method::GET, "/models", None, Route::OpenAi)))
    }

    /// `GET /models/{id}`.
    pub fn retrieve(&self, id: &str) -> F::Output<'a, Result<ApiResponse<Model>, Error>> {
        let call = crate::core::request::path_segment("model", id)
            .map(|id| Call::new(Method::GET, format!("/models/{id}"), None, Route::OpenAi));
        self.json(call)
    }
}

impl<'a, F: Flavor> Feedback<'a, F> {
    /// `POST /feedback`.
    pub fn create(&self, request: FeedbackRequest) -> F::Output<'a, Result<ApiResponse<FeedbackResponse>, Error>> {
        self.json(call_for("/feedback", &request, Route::Portkey, RequestOptions::default()))
    }

    /// `POST /feedback` with any body, untyped.
    pub fn create_raw(&self, body: Value) -> F::Output<'a, Result<ApiResponse<Value>, Error>> {
        self.json(call_for("/feedback", &body, Route::Portkey, RequestOptions::default()))
    }
}
