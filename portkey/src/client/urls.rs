//! Each endpoint's URL under the client's base URL, parsed once per client.
//!
//! Parsing a URL (scheme, host through IDNA, path) takes about 6,700 instructions, over 6% of
//! a whole chat round trip on loopback. Most calls go to an endpoint without path parameters
//! or query, whose URL is the same text on every call: `base_url` (without its trailing `/`)
//! and the endpoint's path. Those are parsed on the first call (as a `url::Url` for reqwest
//! and an `http::Uri` for the client's own transport) and cloned after; every other call is
//! parsed as it is made ([`Call::url`]), so both give the very URL parsing would.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::Error;
use crate::core::request::Call;
use crate::endpoints::ENDPOINT_TABLE;

/// A parsed URL per entry of [`ENDPOINT_TABLE`], filled as endpoints are first called.
pub(super) struct EndpointUrls(Box<[OnceLock<Box<Parsed>>]>);

/// A call's URL, and the same as an `http::Uri` when the client's own transport can send to
/// it: an `http` or `https` URL without credentials. (`base_url` is refused with credentials;
/// were one to come through, reqwest would send them as basic authentication, where the own
/// transport would drop them.)
struct Parsed {
    url: url::Url,
    uri: Option<http::Uri>,
}

impl Parsed {
    fn new(url: url::Url) -> Self {
        let plain = matches!(url.scheme(), "http" | "https") && url.username().is_empty() && url.password().is_none();
        let uri = plain.then(|| http::Uri::try_from(url.as_str()).ok()).flatten();
        Parsed { url, uri }
    }
}

impl EndpointUrls {
    /// An empty cache (16 bytes per endpoint).
    pub(super) fn new() -> Self {
        EndpointUrls(ENDPOINT_TABLE.iter().map(|_| OnceLock::new()).collect())
    }

    /// `call`'s URL under `base_url` (always the client's own base URL: the cache is per
    /// client).
    pub(super) fn url(&self, call: &Call, base_url: &str) -> Result<url::Url, Error> {
        match self.slot(call) {
            Some(slot) => Ok(Self::cached(slot, call, base_url)?.url.clone()),
            None => call.url(base_url),
        }
    }

    /// `call`'s URL as an `http::Uri`, or `None` when the client's own transport cannot send
    /// to it (see [`Parsed`]).
    pub(super) fn uri(&self, call: &Call, base_url: &str) -> Result<Option<http::Uri>, Error> {
        match self.slot(call) {
            Some(slot) => Ok(Self::cached(slot, call, base_url)?.uri.clone()),
            None => Ok(Parsed::new(call.url(base_url)?).uri),
        }
    }

    fn cached<'a>(slot: &'a OnceLock<Box<Parsed>>, call: &Call, base_url: &str) -> Result<&'a Parsed, Error> {
        if let Some(parsed) = slot.get() {
            return Ok(parsed);
        }
        let parsed = Box::new(Parsed::new(call.url(base_url)?));
        // Another thread may have filled it meanwhile, with the same URL.
        Ok(slot.get_or_init(|| parsed))
    }

    /// The slot of `call`'s endpoint, when its URL is the endpoint's own: its path is the
    /// endpoint's template (no parameters) and it has no query.
    fn slot(&self, call: &Call) -> Option<&OnceLock<Box<Parsed>>> {
        let index = usize::from(call.endpoint?);
        let own_path =
            matches!(&call.path, Cow::Borrowed(path) if std::ptr::eq(*path, ENDPOINT_TABLE.get(index)?.path));
        (own_path && call.options.get().query.is_empty()).then(|| self.0.get(index)).flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RequestOptions;
    use crate::endpoints::EndpointInfo;

    fn endpoint(name: &str) -> &'static EndpointInfo {
        ENDPOINT_TABLE.iter().find(|e| e.name == name).unwrap()
    }

    #[test]
    fn entries_know_their_place_and_only_their_own_path_is_cached() {
        for (index, info) in ENDPOINT_TABLE.iter().enumerate() {
            assert_eq!(info.index, index, "{}", info.name);
        }
        let urls = EndpointUrls::new();
        let chat = endpoint("chat.completions.create");
        let copy: &'static EndpointInfo = Box::leak(Box::new(*chat));
        assert!(urls.slot(&Call::endpoint(copy, &[], None, RequestOptions::new()).unwrap()).is_some());
        let other: &'static EndpointInfo = Box::leak(Box::new(EndpointInfo { path: "/elsewhere", ..*chat }));
        let call = Call::endpoint(other, &[], None, RequestOptions::new()).unwrap();
        assert!(urls.slot(&call).is_none());
        assert_eq!(urls.url(&call, "http://127.0.0.1:8787/v1").unwrap().as_str(), "http://127.0.0.1:8787/v1/elsewhere");
    }

    #[test]
    fn cached_urls_are_the_parsed_ones() {
        let urls = EndpointUrls::new();
        let base = "http://127.0.0.1:8787/v1/";
        let chat = endpoint("chat.completions.create");
        let call = || Call::endpoint(chat, &[], None, RequestOptions::new()).unwrap();
        let first = urls.url(&call(), base).unwrap();
        assert!(urls.slot(&call()).unwrap().get().is_some(), "filled on first use");
        assert_eq!(urls.url(&call(), base).unwrap(), first);
        assert_eq!(first, call().url(base).unwrap());
        assert_eq!(first.as_str(), "http://127.0.0.1:8787/v1/chat/completions");
    }

    #[test]
    fn calls_with_a_query_or_path_parameters_are_parsed_each_time() {
        let urls = EndpointUrls::new();
        let base = "http://127.0.0.1:8787/v1";
        let list = endpoint("models.list");
        let query = Call::endpoint(list, &[], None, RequestOptions::new().query("limit", "2")).unwrap();
        assert_eq!(urls.url(&query, base).unwrap().as_str(), "http://127.0.0.1:8787/v1/models?limit=2");
        assert!(urls.slot(&query).is_none());
        let plain = Call::endpoint(list, &[], None, RequestOptions::new()).unwrap();
        assert_eq!(urls.url(&plain, base).unwrap().as_str(), "http://127.0.0.1:8787/v1/models");

        let retrieve = endpoint("models.retrieve");
        let call = Call::endpoint(retrieve, &["gpt-4o"], None, RequestOptions::new()).unwrap();
        assert!(urls.slot(&call).is_none());
        assert_eq!(urls.url(&call, base).unwrap().as_str(), "http://127.0.0.1:8787/v1/models/gpt-4o");
    }

    #[test]
    fn uris_are_the_urls_own_text_for_plain_http_only() {
        let urls = EndpointUrls::new();
        let chat = || Call::endpoint(endpoint("chat.completions.create"), &[], None, RequestOptions::new()).unwrap();
        for base in ["http://127.0.0.1:8787/v1", "https://api.portkey.ai/v1/"] {
            let uri = EndpointUrls::new().uri(&chat(), base).unwrap().expect("an http(s) URL");
            assert_eq!(uri.to_string(), chat().url(base).unwrap().as_str());
        }
        let list = endpoint("models.list");
        let query = Call::endpoint(list, &[], None, RequestOptions::new().query("after", "a b")).unwrap();
        let uri = urls.uri(&query, "http://127.0.0.1:8787/v1").unwrap().unwrap();
        assert_eq!(uri.path_and_query().map(|p| p.as_str()), Some("/v1/models?after=a+b"));
        // The own transport would drop credentials, and speaks no other scheme: reqwest sends.
        assert!(urls.uri(&chat(), "http://user:pw@127.0.0.1:8787/v1").unwrap().is_none());
        assert!(EndpointUrls::new().uri(&chat(), "ftp://127.0.0.1/v1").unwrap().is_none());
    }

    #[test]
    fn a_bad_base_url_fails_every_time_and_fills_nothing() {
        let urls = EndpointUrls::new();
        let call = Call::endpoint(endpoint("chat.completions.create"), &[], None, RequestOptions::new()).unwrap();
        for _ in 0..2 {
            assert!(matches!(urls.url(&call, "not a url"), Err(Error::InvalidOption(_))));
        }
        assert!(urls.slot(&call).unwrap().get().is_none());
    }
}
