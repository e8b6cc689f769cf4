//! Building a request: URL, headers and body, from the resolved options and one call.

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Method};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{Error, RequestOptions};

/// The `Authorization` the Python SDK's chat client sends when none is configured: its vendored
/// OpenAI client is built with the literal API key `OPENAI_API_KEY`.
const OPENAI_PLACEHOLDER_AUTH: &str = "Bearer OPENAI_API_KEY";

/// Which of the Python SDK's two HTTP paths a resource takes; they send slightly different
/// headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Through the vendored OpenAI client (chat, completions, embeddings, models): adds the
    /// placeholder `Authorization` when none is configured.
    OpenAi,
    /// Through Portkey's own client (feedback and the generic methods).
    Portkey,
}

/// One call, before it is sent.
#[derive(Debug)]
pub struct Call {
    /// The HTTP method.
    pub method: Method,
    /// The path under the base URL, starting with `/`.
    pub path: String,
    /// The JSON body, serialized, if any.
    pub body: Option<Bytes>,
    /// The SDK path it mirrors.
    pub route: Route,
    /// Per-call settings.
    pub options: RequestOptions,
}

impl Call {
    /// A call with no per-call settings.
    pub fn new(method: Method, path: impl Into<String>, body: Option<Bytes>, route: Route) -> Self {
        Call { method, path: path.into(), body, route, options: RequestOptions::default() }
    }

    /// A call with a JSON body, serialized once, here.
    pub fn json(
        method: Method,
        path: impl Into<String>,
        body: &(impl Serialize + ?Sized),
        route: Route,
        options: RequestOptions,
    ) -> Result<Self, Error> {
        let bytes =
            serde_json::to_vec(body).map_err(|e| Error::Decode { message: e.to_string(), body: String::new() })?;
        Ok(Call { options, ..Call::new(method, path, Some(Bytes::from(bytes)), route) })
    }

    /// The body's `model` field, if it has one (for tracing).
    pub fn model(&self) -> Option<String> {
        #[derive(serde::Deserialize)]
        struct Model {
            model: Option<String>,
        }
        self.body.as_ref().and_then(|b| serde_json::from_slice::<Model>(b).ok()).and_then(|m| m.model)
    }

    /// The URL: base URL (without trailing `/`) + path, and the per-call query.
    pub fn url(&self, base_url: &str) -> Result<url::Url, Error> {
        let text = format!("{}{}", base_url.trim_end_matches('/'), self.path);
        let mut url = url::Url::parse(&text).map_err(|_| {
            Error::InvalidOption(crate::OptionError::InvalidValue {
                option: "base_url",
                header: None,
                problem: "does not make a valid URL with the request path",
                expected: "an absolute http(s) URL",
            })
        })?;
        if !self.options.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.options.query);
        }
        Ok(url)
    }

    /// Every header of the call: the client's, `accept`, `content-type` for a body, the
    /// placeholder authorization on the OpenAI route, then the per-call headers.
    pub fn headers(&self, client: &HeaderMap) -> HeaderMap {
        let mut headers = client.clone();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if self.body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        if self.route == Route::OpenAi && !headers.contains_key(AUTHORIZATION) {
            headers.insert(AUTHORIZATION, HeaderValue::from_static(OPENAI_PLACEHOLDER_AUTH));
        }
        for (name, value) in &self.options.headers {
            headers.insert(name.clone(), value.clone());
        }
        headers
    }

    /// The body bytes, with the per-call body fields merged in at the top level.
    pub fn body_bytes(&self) -> Result<Option<Bytes>, Error> {
        let Some(body) = &self.body else { return Ok(None) };
        if self.options.body.is_empty() {
            return Ok(Some(body.clone()));
        }
        let decode = |e: serde_json::Error| Error::Decode { message: e.to_string(), body: String::new() };
        let mut merged: Map<String, Value> = serde_json::from_slice(body).map_err(decode)?;
        merged.extend(self.options.body.clone());
        serde_json::to_vec(&merged).map(|b| Some(Bytes::from(b))).map_err(decode)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn url_joins_base_path_and_query() {
        let mut call = Call::new(Method::POST, "/chat/completions", None, Route::OpenAi);
        call.options = RequestOptions::new().query("api-version", "2024-06-01");
        let url = call.url("http://127.0.0.1:8787/v1/").unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8787/v1/chat/completions?api-version=2024-06-01");
    }

    #[test]
    fn headers_layer_client_route_and_call() {
        let mut client = HeaderMap::new();
        client.insert("x-portkey-trace-id", HeaderValue::from_static("client"));
        let mut call = Call::json(Method::POST, "/x", &json!({}), Route::OpenAi, RequestOptions::new()).unwrap();
        call.options = RequestOptions::new().header("x-portkey-trace-id", "call");
        let h = call.headers(&client);
        assert_eq!(h["authorization"], "Bearer OPENAI_API_KEY");
        assert_eq!(h["content-type"], "application/json");
        assert_eq!(h["x-portkey-trace-id"], "call");
        let get = Call::new(Method::GET, "/models", None, Route::Portkey);
        let h = get.headers(&client);
        assert!(!h.contains_key("authorization") && !h.contains_key("content-type"));
    }

    #[test]
    fn extra_body_fields_merge_at_the_top() {
        let options = RequestOptions::new().body_field("n", json!(2)).body_field("foo", json!("bar"));
        let call = Call::json(Method::POST, "/x", &json!({"model": "m", "n": 1}), Route::OpenAi, options).unwrap();
        assert_eq!(call.model().as_deref(), Some("m"));
        let bytes = call.body_bytes().unwrap().unwrap();
        assert_eq!(serde_json::from_slice::<Value>(&bytes).unwrap(), json!({"model": "m", "n": 2, "foo": "bar"}));
    }
}
