//! Building a request: URL, headers and body, from the resolved options and one call.

use std::borrow::Cow;

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Method};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{Error, RequestOptions};

/// Which of the Python SDK's two HTTP paths a resource takes; they send slightly different
/// headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Through the vendored OpenAI client (chat, completions, embeddings, models): adds the
    /// placeholder `Authorization` when none is configured, and `OpenAI-Organization` /
    /// `OpenAI-Project` from the environment (`ResolvedOptions::openai_route_headers`).
    OpenAi,
    /// Through Portkey's own client (feedback and the generic methods).
    Portkey,
}

const JSON: &str = "application/json";

/// The headers every call of a kind starts from, built once per client rather than per
/// request: the client's, `accept: application/json`, `content-type: application/json` for
/// JSON calls, and on the OpenAI route its own (`openai_route`), appended after the client's
/// (the SDK's dict holds both a forwarded `openai-organization` and the environment's
/// `OpenAI-Organization`, and sends both, the client's first).
#[derive(Clone, Default)]
pub struct BaseHeaders([HeaderMap; 4]);

impl BaseHeaders {
    /// The four kinds (route, JSON or not) from the client's headers and the OpenAI route's.
    pub fn new(client: &HeaderMap, openai_route: &HeaderMap) -> Self {
        let build = |route: Route, json: bool| {
            let mut headers = client.clone();
            headers.insert(ACCEPT, HeaderValue::from_static(JSON));
            if json {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static(JSON));
            }
            if route == Route::OpenAi {
                for (name, value) in openai_route {
                    headers.append(name.clone(), value.clone());
                }
            }
            headers
        };
        BaseHeaders([
            build(Route::OpenAi, false),
            build(Route::OpenAi, true),
            build(Route::Portkey, false),
            build(Route::Portkey, true),
        ])
    }

    fn get(&self, route: Route, json: bool) -> &HeaderMap {
        &self.0[usize::from(route == Route::Portkey) * 2 + usize::from(json)]
    }
}

/// The client's headers are printed where they are kept (`ResolvedOptions`); four copies here
/// would add nothing.
impl std::fmt::Debug for BaseHeaders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BaseHeaders").finish_non_exhaustive()
    }
}

/// One call, before it is sent.
#[derive(Debug)]
pub struct Call {
    /// The HTTP method.
    pub method: Method,
    /// The path under the base URL, starting with `/` (an endpoint's own when it has no
    /// parameters, so most calls allocate none).
    pub path: Cow<'static, str>,
    /// The JSON body, serialized, if any.
    pub body: Option<Bytes>,
    /// A multipart form, streamed (instead of `body`).
    pub form: Option<crate::Multipart>,
    /// The `Accept` header.
    pub accept: &'static str,
    /// Headers of the endpoint, sent after the client's and before the per-call ones.
    pub endpoint_headers: &'static [(&'static str, &'static str)],
    /// The SDK path it mirrors.
    pub route: Route,
    /// Per-call settings.
    pub options: RequestOptions,
    /// The endpoint's place in `ENDPOINT_TABLE`, for a call made from one without path
    /// parameters (its URL may then be the client's cached one).
    pub endpoint: Option<u16>,
    /// The only body fields a per-call body field replaces when set (empty: any); see
    /// [`EndpointInfo::extra_body_replaces`](crate::endpoints::EndpointInfo::extra_body_replaces).
    pub replaceable: &'static [&'static str],
}

impl Call {
    /// A call with no per-call settings.
    pub fn new(method: Method, path: impl Into<Cow<'static, str>>, body: Option<Bytes>, route: Route) -> Self {
        Call {
            method,
            path: path.into(),
            body,
            form: None,
            accept: JSON,
            endpoint_headers: &[],
            route,
            options: RequestOptions::default(),
            endpoint: None,
            replaceable: &[],
        }
    }

    /// A call to a declared endpoint: its path template filled with `params` (in template
    /// order) as path segments. An empty parameter is [`Error::InvalidArgument`] naming it.
    pub fn endpoint(
        info: &'static crate::endpoints::EndpointInfo,
        params: &[&str],
        body: Option<Bytes>,
        options: RequestOptions,
    ) -> Result<Self, Error> {
        // Only an endpoint's own path (no parameters) may take the client's cached URL.
        let (path, endpoint) = if info.path_params.is_empty() {
            (Cow::Borrowed(info.path), u16::try_from(info.index).ok())
        } else {
            (Cow::Owned(fill(info, params)?), None)
        };
        // The common methods without parsing.
        let method = match info.method {
            "POST" => Method::POST,
            "GET" => Method::GET,
            "DELETE" => Method::DELETE,
            other => Method::from_bytes(other.as_bytes())
                .map_err(|_| Error::InvalidArgument { name: "method", problem: "is not an HTTP method" })?,
        };
        let replaceable = info.extra_body_replaces;
        Ok(Call { options, endpoint, replaceable, ..Call::new(method, path, body, info.route) })
    }

    /// A call with a JSON body, serialized once, here.
    pub fn json(
        method: Method,
        path: impl Into<Cow<'static, str>>,
        body: &(impl Serialize + ?Sized),
        route: Route,
        options: RequestOptions,
    ) -> Result<Self, Error> {
        let bytes =
            serde_json::to_vec(body).map_err(|e| Error::Decode { message: e.to_string(), body: String::new() })?;
        Ok(Call { options, ..Call::new(method, path, Some(Bytes::from(bytes)), route) })
    }

    /// A copy of this list call, asking for the page after `after` when given (its `after`
    /// query parameter replaced). List calls carry no form, so none is copied.
    pub fn page(&self, after: Option<&str>) -> Call {
        let mut options = self.options.clone();
        if let Some(after) = after {
            let query = &mut options.get_mut().query;
            query.retain(|(name, _)| name != "after");
            query.push(("after".into(), after.into()));
        }
        Call {
            method: self.method.clone(),
            path: self.path.clone(),
            body: self.body.clone(),
            form: None,
            accept: self.accept,
            endpoint_headers: self.endpoint_headers,
            route: self.route,
            options,
            endpoint: self.endpoint,
            replaceable: self.replaceable,
        }
    }

    /// The body's `model` field, if it has one (for tracing).
    pub fn model(&self) -> Option<String> {
        #[derive(serde::Deserialize)]
        struct Model {
            model: Option<String>,
        }
        self.body.as_ref().and_then(|b| serde_json::from_slice::<Model>(b).ok()).and_then(|m| m.model)
    }

    /// The URL: base URL (without trailing `/`) + path, and the per-call query, encoded as the
    /// Python SDK encodes it (`urllib.parse.urlencode`: `~` kept, `*` as `%2A`, space as `+`).
    /// On the OpenAI route, parameters with an empty value are left out, as there (the vendored
    /// client's query string is parsed again by httpx, which drops them).
    pub fn url(&self, base_url: &str) -> Result<url::Url, Error> {
        let text = &mut String::with_capacity(base_url.len() + self.path.len());
        text.push_str(base_url.trim_end_matches('/'));
        text.push_str(&self.path);
        let mut separator = if memchr::memchr(b'?', text.as_bytes()).is_some() { '&' } else { '?' };
        for (name, value) in &self.options.get().query {
            if value.is_empty() && self.route == Route::OpenAi {
                continue;
            }
            text.push(separator);
            separator = '&';
            encode_query_part(text, name);
            text.push('=');
            encode_query_part(text, value);
        }
        url::Url::parse(text).map_err(|_| {
            Error::InvalidOption(crate::OptionError::InvalidValue {
                option: "base_url",
                header: None,
                problem: "does not make a valid URL with the request path",
                expected: "an absolute http(s) URL",
            })
        })
    }

    /// Every header of the call: the client's, `accept`, `content-type` for a body, the OpenAI
    /// route's own (`openai_route`, after the client's), the endpoint's, then the per-call
    /// headers, which replace any header of the same name. The first four come prebuilt.
    pub fn headers(&self, base: &BaseHeaders) -> HeaderMap {
        // The vendored OpenAI client marks every request but a GET as JSON, body or not.
        let json =
            self.sends_json() || (self.route == Route::OpenAi && self.method != Method::GET && self.form.is_none());
        let mut headers = base.get(self.route, json).clone();
        if self.accept != JSON {
            headers.insert(ACCEPT, HeaderValue::from_static(self.accept));
        }
        for (name, value) in self.endpoint_headers {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        for (name, value) in &self.options.get().headers {
            headers.insert(name.clone(), value.clone());
        }
        headers
    }

    /// The body bytes, with the per-call body fields merged in at the top level (a form takes
    /// them as fields, see [`Multipart::with_fields`](crate::Multipart)). A call without a body
    /// sends them as its JSON body, as the SDK's `extra_body`; a `GET` cannot send them.
    pub fn body_bytes(&self) -> Result<Option<Bytes>, Error> {
        let fields = &self.options.get().body;
        let decode = |e: serde_json::Error| Error::Decode { message: e.to_string(), body: String::new() };
        match &self.body {
            _ if fields.is_empty() => Ok(self.body.clone()),
            Some(body) => {
                let mut merged: Map<String, Value> = serde_json::from_slice(body).map_err(decode)?;
                // As the SDK's `extra_body`: it replaces the request's fields, or, where the
                // SDK routes the others through its own `extra_body` after the caller's, only
                // the ones it names.
                let replaces = |name: &String| {
                    self.replaceable.is_empty()
                        || self.replaceable.contains(&name.as_str())
                        || !merged.contains_key(name)
                };
                let kept: Vec<(String, Value)> =
                    fields.iter().filter(|(name, _)| replaces(name)).map(|(n, v)| (n.clone(), v.clone())).collect();
                merged.extend(kept);
                serde_json::to_vec(&merged).map(|b| Some(Bytes::from(b))).map_err(decode)
            }
            None if self.form.is_some() => Ok(None),
            None if self.method == Method::GET => {
                let name = fields.keys().next().cloned().unwrap_or_default();
                Err(Error::InvalidOption(crate::OptionError::InvalidBodyField {
                    name,
                    problem: "cannot be sent: a GET request has no body (use `query` for query parameters)",
                }))
            }
            None => serde_json::to_vec(fields).map(|b| Some(Bytes::from(b))).map_err(decode),
        }
    }

    /// Whether the call sends JSON: a body, or per-call body fields without a form.
    fn sends_json(&self) -> bool {
        self.body.is_some() || (self.form.is_none() && !self.options.get().body.is_empty())
    }
}

/// Appends `text` encoded as Python's `urllib.parse.quote_plus` does: ASCII letters, digits and
/// `_.-~` as they are, space as `+`, every other byte as `%XX`.
fn encode_query_part(out: &mut String, text: &str) {
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => out.push(char::from(b)),
            b' ' => out.push('+'),
            _ => push_escaped(out, b),
        }
    }
}

/// Appends `%XX` for the byte `b`.
fn push_escaped(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(HEX[usize::from(b >> 4)]));
    out.push(char::from(HEX[usize::from(b & 15)]));
}

/// `info`'s path template with `params` (in template order) as its segments.
fn fill(info: &crate::endpoints::EndpointInfo, params: &[&str]) -> Result<String, Error> {
    let mut path = String::with_capacity(info.path.len() + params.iter().map(|p| p.len()).sum::<usize>());
    let mut values = info.path_params.iter().zip(params);
    for segment in info.path.split('/').skip(1) {
        path.push('/');
        if segment.starts_with('{') {
            let (name, value) = values
                .next()
                .ok_or(Error::InvalidArgument { name: "path", problem: "has more parameters than the call gave" })?;
            path.push_str(&path_segment(name, value)?);
        } else {
            path.push_str(segment);
        }
    }
    Ok(path)
}

/// One path parameter as a path segment: percent-encoded so that `/`, `?`, `#`, `%` and
/// spaces stay inside it. An empty value, `.` or `..` would change the path, so they are
/// errors naming the parameter, before anything is sent.
pub fn path_segment(name: &'static str, value: &str) -> Result<String, Error> {
    match value {
        "" => return Err(Error::InvalidArgument { name, problem: "must not be empty" }),
        "." | ".." => return Err(Error::InvalidArgument { name, problem: "must not be `.` or `..`" }),
        _ => {}
    }
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        // RFC 3986 pchar: unreserved, sub-delims, `:` and `@` stay as they are.
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            push_escaped(&mut out, b);
        }
    }
    Ok(out)
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
    fn query_strings_are_encoded_as_python_urlencode_does() {
        let mut call = Call::new(Method::GET, "/x", None, Route::Portkey);
        call.options = RequestOptions::new().query("q", "a~b*c d+e&f=g/h?é%").query("k*~", "");
        let url = call.url("http://127.0.0.1:1/v1").unwrap();
        assert_eq!(url.query(), Some("q=a~b%2Ac+d%2Be%26f%3Dg%2Fh%3F%C3%A9%25&k%2A~="));
        // The OpenAI route leaves empty values out.
        call.route = Route::OpenAi;
        let url = call.url("http://127.0.0.1:1/v1").unwrap();
        assert_eq!(url.query(), Some("q=a~b%2Ac+d%2Be%26f%3Dg%2Fh%3F%C3%A9%25"));
    }

    #[test]
    fn path_parameters_are_path_segments() {
        assert_eq!(path_segment("model", "a b").unwrap(), "a%20b");
        assert_eq!(path_segment("model", "ft:gpt-4o:org@x").unwrap(), "ft:gpt-4o:org@x");
        assert_eq!(path_segment("model", "a/b?c#d%").unwrap(), "a%2Fb%3Fc%23d%25");
        assert_eq!(path_segment("model", "é").unwrap(), "%C3%A9");
        for bad in ["", ".", ".."] {
            let error = path_segment("model", bad).unwrap_err();
            assert!(error.to_string().starts_with("invalid argument `model`"), "{error}");
        }
    }

    #[test]
    fn headers_layer_client_route_and_call() {
        let mut client = HeaderMap::new();
        client.insert("x-portkey-trace-id", HeaderValue::from_static("client"));
        client.insert("openai-organization", HeaderValue::from_static("forwarded"));
        let mut route = HeaderMap::new();
        route.insert("authorization", HeaderValue::from_static("Bearer OPENAI_API_KEY"));
        route.insert("openai-organization", HeaderValue::from_static("org-env"));
        let mut call = Call::json(Method::POST, "/x", &json!({}), Route::OpenAi, RequestOptions::new()).unwrap();
        call.options = RequestOptions::new().header("x-portkey-trace-id", "call");
        let base = BaseHeaders::new(&client, &route);
        let h = call.headers(&base);
        assert_eq!(h["authorization"], "Bearer OPENAI_API_KEY");
        assert_eq!(h["content-type"], "application/json");
        assert_eq!(h["x-portkey-trace-id"], "call");
        let orgs: Vec<_> = h.get_all("openai-organization").iter().collect();
        assert_eq!(orgs, ["forwarded", "org-env"]);
        let get = Call::new(Method::GET, "/models", None, Route::Portkey);
        let h = get.headers(&base);
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
