//! What the generated endpoint methods call: one function per reply kind, each building the
//! call and handing it to the one request core, in the client's flavor. Reached from the
//! expansion as `::portkey::__private::endpoint`.

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::core::pages::Paging;
use crate::core::request::Call;
use crate::endpoints::EndpointInfo;
use crate::{ApiResponse, Client, Error, Flavor, Multipart, OptionError, RequestOptions};

/// What a request carries, prepared before the call is made.
#[derive(Debug)]
pub enum Payload {
    /// Nothing.
    None,
    /// A JSON body, serialized (or the error that stops the call).
    Json(Result<Bytes, Error>),
    /// A multipart form, streamed when sent.
    Multipart(Multipart),
    /// Raw bytes.
    Bytes(Bytes),
}

impl Payload {
    /// A JSON body, serialized once, here.
    pub fn json<B: Serialize + ?Sized>(body: &B) -> Self {
        let bytes = serde_json::to_vec(body).map(Bytes::from);
        Payload::Json(bytes.map_err(|e| Error::Decode { message: e.to_string(), body: String::new() }))
    }

    /// The empty JSON object, `{}`.
    pub fn empty_json() -> Self {
        Payload::Json(Ok(Bytes::from_static(b"{}")))
    }

    /// A JSON body for a call that returns one response: `"stream": true` in it is refused,
    /// since only the `_stream` methods read server-sent events.
    pub fn json_not_streaming<B: StreamFlag + Serialize>(body: &B) -> Self {
        match body.stream() {
            Some(true) => Payload::Json(Err(Error::InvalidOption(OptionError::InvalidValue {
                option: "stream",
                header: None,
                problem: "is true in a call that returns one response",
                expected: "the `_stream` method for a streamed response",
            }))),
            _ => Payload::json(body),
        }
    }

    /// A JSON body with `"stream": true` set.
    pub fn json_streaming<B: StreamFlag + Serialize>(mut body: B) -> Self {
        body.set_stream();
        Payload::json(&body)
    }
}

/// A request body with a `stream` flag, which the generated methods check or set without a
/// second serialization.
pub trait StreamFlag {
    /// The flag's value, if set.
    fn stream(&self) -> Option<bool>;
    /// Sets it to `true`.
    fn set_stream(&mut self);
}

impl StreamFlag for Value {
    fn stream(&self) -> Option<bool> {
        self.get("stream").and_then(Value::as_bool)
    }

    fn set_stream(&mut self) {
        if let Value::Object(map) = self {
            map.insert("stream".into(), Value::Bool(true));
        }
    }
}

#[cfg_attr(not(feature = "prompts"), allow(unused_macros))]
macro_rules! stream_flag {
    ($($ty:ty),*) => {$(
        impl StreamFlag for $ty {
            fn stream(&self) -> Option<bool> {
                self.stream
            }

            fn set_stream(&mut self) {
                self.stream = Some(true);
            }
        }
    )*};
}

// The generated request types get theirs from the endpoints expansion; these are written by hand.
#[cfg(feature = "prompts")]
stream_flag!(crate::types::PromptCompletionRequest);

/// `options` with a typed query's parameters first, written as the SDK writes them: lists as
/// one `name[]` parameter per item, objects as `name[key]`, booleans as `true`/`false`, unset
/// and `null` values left out, in the type's order (the SDK's, by name), then its `extra`.
pub fn with_query<Q: Serialize>(options: RequestOptions, query: &Q) -> RequestOptions {
    let pairs = match serde_json::to_value(query) {
        Ok(Value::Object(fields)) => {
            let mut pairs = Vec::new();
            for (name, value) in &fields {
                crate::types::runtime::flatten(name, value, &mut pairs);
            }
            pairs
        }
        _ => Vec::new(),
    };
    options.prepend_query(pairs)
}

/// The call for `info` with `params` and `payload`.
pub(crate) fn call<F: Flavor>(
    client: &Client<F>,
    info: &'static EndpointInfo,
    params: &[&str],
    payload: Payload,
    mut options: RequestOptions,
) -> Result<Call, Error> {
    if let (true, Payload::Multipart(form)) = (info.audio_duration, &payload)
        && client.resolved().settings.calculate_audio_duration
        && let Some(duration) = form.file_path("file").and_then(super::audio_duration::audio_file_duration)
    {
        // Measured before anything is sent, as the SDK measures it.
        options = options.header("x-portkey-audio-file-duration", &duration);
    }
    let (body, form) = match payload {
        Payload::None => (None, None),
        Payload::Json(body) => (Some(body?), None),
        Payload::Multipart(form) => (None, Some(form)),
        Payload::Bytes(bytes) => (Some(bytes), None),
    };
    // Per-call body fields go into a form as fields (a JSON body takes them when it is sent).
    let form = form.map(|form| form.with_fields(&options.get().body));
    let mut call = Call::endpoint(info, params, body, options)?;
    call.form = form;
    call.accept = info.accept;
    call.endpoint_headers = info.headers;
    Ok(call)
}

/// A JSON reply, decoded.
pub fn json<'a, F: Flavor, R: DeserializeOwned + Send + 'static>(
    client: &'a Client<F>,
    info: &'static EndpointInfo,
    params: &[&str],
    payload: Payload,
    options: RequestOptions,
) -> F::Output<'a, Result<ApiResponse<R>, Error>> {
    let call = call(client, info, params, payload, options);
    client.flavor().run(client.json(call))
}

/// A JSON reply, or a text one (read as a JSON string), decoded.
pub fn json_or_text<'a, F: Flavor, R: DeserializeOwned + Send + 'static>(
    client: &'a Client<F>,
    info: &'static EndpointInfo,
    params: &[&str],
    payload: Payload,
    options: RequestOptions,
) -> F::Output<'a, Result<ApiResponse<R>, Error>> {
    let call = call(client, info, params, payload, options);
    client.flavor().run(client.json_or_text(call))
}

/// A reply whose content does not matter.
pub fn empty<'a, F: Flavor>(
    client: &'a Client<F>,
    info: &'static EndpointInfo,
    params: &[&str],
    payload: Payload,
    options: RequestOptions,
) -> F::Output<'a, Result<ApiResponse<()>, Error>> {
    let call = call(client, info, params, payload, options);
    client.flavor().run(client.empty(call))
}

/// Server-sent events, decoded as they arrive.
pub fn sse<'a, F: Flavor, E: DeserializeOwned + Send + 'static>(
    client: &'a Client<F>,
    info: &'static EndpointInfo,
    params: &[&str],
    payload: Payload,
    options: RequestOptions,
) -> F::Output<'a, Result<F::Stream<E>, Error>> {
    sse_until(client, info, info.stream_ends, params, payload, options)
}

/// [`sse`], for a stream that `ends` complete (besides `data: [DONE]`) where the endpoint's
/// entry cannot say so (its streaming variant is written by hand).
pub(crate) fn sse_until<'a, F: Flavor, E: DeserializeOwned + Send + 'static>(
    client: &'a Client<F>,
    info: &'static EndpointInfo,
    ends: &'static [&'static str],
    params: &[&str],
    payload: Payload,
    options: RequestOptions,
) -> F::Output<'a, Result<F::Stream<E>, Error>> {
    let call = call(client, info, params, payload, options);
    client.flavor().run_stream(client.stream(call, ends))
}

/// JSON lines, decoded one record at a time.
pub fn jsonl<'a, F: Flavor, R: DeserializeOwned + Send + 'static>(
    client: &'a Client<F>,
    info: &'static EndpointInfo,
    params: &[&str],
    payload: Payload,
    options: RequestOptions,
) -> F::Output<'a, Result<F::Stream<R>, Error>> {
    let call = call(client, info, params, payload, options);
    client.flavor().run_stream(client.jsonl(call))
}

/// Bytes, read as they arrive.
pub fn download<'a, F: Flavor>(
    client: &'a Client<F>,
    info: &'static EndpointInfo,
    params: &[&str],
    payload: Payload,
    options: RequestOptions,
) -> F::Output<'a, Result<F::Download, Error>> {
    let call = call(client, info, params, payload, options);
    client.flavor().run_download(client.download(call))
}

/// A list's items, across its pages, fetched as the stream reaches them.
pub fn items<'a, F: Flavor, T: DeserializeOwned + Send + 'static>(
    client: &'a Client<F>,
    info: &'static EndpointInfo,
    params: &[&str],
    payload: Payload,
    options: RequestOptions,
) -> F::Output<'a, Result<F::Stream<T>, Error>> {
    let call = call(client, info, params, payload, options);
    let paging = info.pages.and_then(Paging::from_name).unwrap_or(Paging::Single);
    client.flavor().run_stream(async move { client.items(call?, paging).await })
}
