//! The endpoints schema: one entry per public resource method of the Python SDK, checked.
//!
//! Checking collects every problem instead of stopping at the first; each names the entry
//! (`beta.threads.runs.list`) or its position when the name itself is bad.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

/// How list methods page: `after` cursors (`data`, `has_more`), conversation items (`first_id`,
/// `last_id`), or a single page.
pub const PAGES: &[&str] = &["cursor", "conversation_cursor", "page"];

/// The HTTP methods an endpoint may use.
pub const VERBS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];

/// Which of the SDK's two HTTP paths the method takes (they send different headers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    OpenAi,
    Portkey,
}

/// What the request carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    None,
    Json,
    /// `{}`, always (the SDK's OpenAI route sends it with some `DELETE`s).
    EmptyJson,
    /// A multipart form; the named parts are files.
    Multipart(Vec<String>),
    Bytes,
}

/// How the reply is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    /// A JSON document.
    Json,
    /// Bytes, streamed to the caller (audio, file content).
    Bytes,
    /// JSON lines, decoded one record at a time (batch output).
    Jsonl,
    /// A JSON document, or text when the reply's `Content-Type` is not JSON (audio
    /// transcriptions in `text`, `srt` or `vtt`): the text is decoded as a JSON string.
    JsonOrText,
    /// Nothing worth reading (the status says it all).
    Empty,
}

/// How the streaming variant asks for server-sent events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamVia {
    /// `"stream": true` in the JSON body.
    Body,
    /// `stream=true` in the query.
    Query,
    /// A `stream` field `true` in the multipart form.
    Form,
    /// The endpoint always streams.
    Always,
}

/// One checked endpoint.
#[derive(Clone, Debug)]
pub struct Endpoint {
    /// The Python name: resource path and method, `beta.threads.runs.list`.
    pub name: String,
    pub verb: String,
    /// The path template under the base URL, `/threads/{thread_id}/runs`.
    pub path: String,
    /// The template's parameters, in order.
    pub path_params: Vec<String>,
    pub route: Route,
    /// The `Accept` header, when not `application/json`.
    pub accept: Option<String>,
    /// Headers the endpoint always sends (`openai-beta: assistants=v2`).
    pub headers: Vec<(String, String)>,
    /// Whether the upload's `file` part gets its duration measured and sent, as the SDK does
    /// for audio transcriptions and translations.
    pub audio_duration: bool,
    pub query: Vec<String>,
    pub body: Body,
    /// The Rust type of a JSON body (under `portkey::types`), if it has one.
    pub request: Option<String>,
    pub reply: Reply,
    /// The Rust type of a JSON reply or JSONL record, if it has one.
    pub reply_type: Option<String>,
    /// For a list with a typed reply (a page type), the Rust type of its items, which the
    /// `_all` methods yield.
    pub item_type: Option<String>,
    /// Whether there is a streaming variant, how it is asked for, and its event type.
    pub stream: Option<(StreamVia, Option<String>)>,
    /// The event types (`type`, or the SSE `event:` name) after which a stream may end, besides
    /// `data: [DONE]`; a stream that ends before any of them is incomplete.
    pub stream_ends: Vec<String>,
    /// For a JSON body, the only fields a per-call body field replaces when the request sets
    /// them (empty: any).
    pub extra_body_replaces: Vec<String>,
    /// `cursor` or `page` for list methods.
    pub pages: Option<String>,
    pub doc: String,
    /// Where the entry is, `file:line`.
    pub place: String,
    /// What the types schema says of it (filled in once the types are loaded).
    pub typed: Typed,
}

/// An endpoint's types from the types schema: its area (Cargo feature), its typed query, and
/// for a typed body whether it has a `stream` field the streaming variant sets.
#[derive(Clone, Debug, Default)]
pub struct Typed {
    pub area: Option<String>,
    /// The Rust type of its query parameters (a full path).
    pub query: Option<String>,
    /// The body type is a multipart form type (`TranscriptionRequest`), not a `Multipart`.
    pub typed_form: bool,
    /// The body type has a `stream` field.
    pub stream_field: bool,
    /// The query type has a `stream` field (the streaming variant sets it).
    pub query_stream_field: bool,
    /// The reply is a page whose required `data` holds the items (it gets a `Page` impl).
    pub page: bool,
}

impl Endpoint {
    /// The resource path (`beta.threads.runs`) and the method (`list`).
    pub fn split(&self) -> (&str, &str) {
        self.name.rsplit_once('.').unwrap_or(("", &self.name))
    }
}

/// A method written by hand (it sends nothing, or combines calls); the expansion checks that it
/// exists.
#[derive(Clone, Debug)]
pub struct Local {
    pub name: String,
    pub doc: String,
    /// Its API area (filled in once the types schema is loaded).
    pub area: Option<String>,
}

/// A method of the SDK that the schema leaves out on purpose, with the reason.
#[derive(Clone, Debug)]
pub struct Left {
    pub name: String,
    pub reason: String,
}

/// The checked schema, endpoints in file order.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    pub endpoints: Vec<Endpoint>,
    pub local: Vec<Local>,
    pub left_out: Vec<Left>,
}

/// A problem, with the place of the entry it is about (`file:line`, or the file).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub place: String,
    pub message: String,
}

const FIELDS: &[&str] = &[
    "name",
    "http",
    "path",
    "route",
    "accept",
    "headers",
    "audio_duration",
    "query",
    "body",
    "files",
    "request",
    "reply",
    "type",
    "item",
    "stream",
    "extra_body_replaces",
    "pages",
    "doc",
    "out",
    "local",
];

/// Checks every entry, given with its place. Returns the entries that passed (for a duplicate
/// name, the first) and every problem found: the caller reports the problems and still
/// generates from the rest, so the build shows the schema's errors alone.
pub fn check(entries: &[(String, Value)]) -> (Schema, Vec<Problem>) {
    let mut schema = Schema::default();
    let mut problems = Vec::new();
    let mut seen = HashMap::new();
    for (index, (place, entry)) in entries.iter().enumerate() {
        let mut problem = |message: String| problems.push(Problem { place: place.clone(), message });
        let Some(obj) = entry.as_object() else {
            problem(format!("endpoint #{index}: each entry must be a JSON object"));
            continue;
        };
        let name = match obj.get("name") {
            Some(Value::String(n)) if is_dotted_name(n) => n.clone(),
            Some(Value::String(n)) => {
                problem(format!(
                    "endpoint #{index} (`{n}`): name must be dotted snake_case identifiers (`beta.threads.runs.list`)"
                ));
                continue;
            }
            _ => {
                problem(format!("endpoint #{index}: missing string field `name`"));
                continue;
            }
        };
        if let Some(first) = seen.get(&name) {
            problem(format!("endpoint `{name}`: declared twice (first at {first})"));
            continue;
        }
        seen.insert(name.clone(), place.clone());
        let mut found = Vec::new();
        let checked = check_entry(&name, obj, place, &mut found);
        problems.extend(
            found.into_iter().map(|m| Problem { place: place.clone(), message: format!("endpoint `{name}`: {m}") }),
        );
        match checked {
            Some(Checked::Endpoint(e)) => schema.endpoints.push(*e),
            Some(Checked::Left(l)) => schema.left_out.push(l),
            Some(Checked::Local(l)) => schema.local.push(l),
            None => {}
        }
    }
    check_tree(&mut schema, &mut problems);
    (schema, problems)
}

enum Checked {
    Endpoint(Box<Endpoint>),
    Local(Local),
    Left(Left),
}

fn check_entry(name: &str, obj: &Map<String, Value>, place: &str, p: &mut Vec<String>) -> Option<Checked> {
    for key in obj.keys() {
        if !FIELDS.contains(&key.as_str()) {
            p.push(format!("unknown field `{key}` (expected one of: {})", FIELDS.join(", ")));
        }
    }
    if let Some(local) = obj.get("local") {
        return match local {
            Value::String(doc) if !doc.trim().is_empty() && !doc.contains('\n') => {
                if obj.keys().any(|k| k != "name" && k != "local") {
                    p.push("a `local` entry (a method written by hand) has only `name` and `local` (its doc)".into());
                }
                Some(Checked::Local(Local { name: name.to_string(), doc: doc.trim().to_string(), area: None }))
            }
            _ => {
                p.push("`local` must be the one-line doc of the hand-written method".into());
                None
            }
        };
    }
    if let Some(out) = obj.get("out") {
        return match out {
            Value::String(reason) if !reason.trim().is_empty() => {
                if obj.keys().any(|k| k != "name" && k != "out") {
                    p.push("an entry left `out` has only `name` and `out` (the reason)".into());
                }
                Some(Checked::Left(Left { name: name.to_string(), reason: reason.clone() }))
            }
            _ => {
                p.push("`out` must be the reason the method is left out, as text".into());
                None
            }
        };
    }
    let verb = match obj.get("http") {
        Some(Value::String(v)) if VERBS.contains(&v.as_str()) => Some(v.clone()),
        Some(Value::String(v)) => {
            p.push(format!("unknown HTTP method `{v}` (expected one of: {})", VERBS.join(", ")));
            None
        }
        _ => {
            p.push("missing string field `http` (the HTTP method)".into());
            None
        }
    };
    let (path, path_params) = match obj.get("path") {
        Some(Value::String(path)) => match path_params(path) {
            Ok(params) => (Some(path.clone()), params),
            Err(m) => {
                p.push(m);
                (None, Vec::new())
            }
        },
        _ => {
            p.push("missing string field `path` (`/threads/{thread_id}/runs`)".into());
            (None, Vec::new())
        }
    };
    let route = match obj.get("route").and_then(Value::as_str) {
        Some("openai") => Some(Route::OpenAi),
        Some("portkey") => Some(Route::Portkey),
        _ => {
            p.push("`route` must be `openai` (the SDK's vendored OpenAI client) or `portkey` (its own)".into());
            None
        }
    };
    let query = string_list(obj, "query", p);
    let files = string_list(obj, "files", p);
    let body = match obj.get("body").and_then(Value::as_str).or(obj.get("body").map(|_| "?")) {
        None | Some("none") => Some(Body::None),
        Some("json") => Some(Body::Json),
        Some("empty_json") => Some(Body::EmptyJson),
        Some("multipart") => Some(Body::Multipart(files.clone())),
        Some("bytes") => Some(Body::Bytes),
        Some(_) => {
            p.push("`body` must be one of: none, json, empty_json, multipart, bytes".into());
            None
        }
    };
    if !files.is_empty() && !matches!(body, Some(Body::Multipart(_))) {
        p.push("`files` only applies to a `multipart` body".into());
    }
    let reply = match obj.get("reply").and_then(Value::as_str).or(obj.get("reply").map(|_| "?")) {
        None | Some("json") => Some(Reply::Json),
        Some("bytes") => Some(Reply::Bytes),
        Some("jsonl") => Some(Reply::Jsonl),
        Some("json_or_text") => Some(Reply::JsonOrText),
        Some("none") => Some(Reply::Empty),
        Some(_) => {
            p.push("`reply` must be one of: json, bytes, jsonl, json_or_text, none".into());
            None
        }
    };
    let accept = match obj.get("accept") {
        None | Some(Value::Null) => None,
        Some(Value::String(a)) if !a.is_empty() && a.bytes().all(|b| b.is_ascii_graphic() || b == b' ') => {
            Some(a.clone())
        }
        Some(_) => {
            p.push("`accept` must be a header value, such as `application/octet-stream`".into());
            None
        }
    };
    let headers = match obj.get("headers") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(map)) => {
            let valid = |k: &str, v: &Value| {
                !k.is_empty()
                    && k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && v.as_str().is_some_and(|v| v.bytes().all(|b| b.is_ascii_graphic() || b == b' '))
            };
            if !map.iter().all(|(k, v)| valid(k, v)) {
                p.push("`headers` maps lowercase header names to printable ASCII values".into());
            }
            map.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect()
        }
        Some(_) => {
            p.push("`headers` must be an object of header names and values".into());
            Vec::new()
        }
    };
    let audio_duration = match obj.get("audio_duration") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            p.push("`audio_duration` must be true or false".into());
            false
        }
    };
    let request = type_field(obj, "request", p);
    if request.is_some() && body != Some(Body::Json) {
        p.push("`request` (a Rust body type) only applies to a `json` body".into());
    }
    let reply_type = type_field(obj, "type", p);
    if reply_type.is_some() && !matches!(reply, Some(Reply::Json | Reply::Jsonl | Reply::JsonOrText)) {
        p.push("`type` (a Rust reply type) only applies to `json`, `jsonl` and `json_or_text` replies".into());
    }
    let item_type = type_field(obj, "item", p);
    let paged_type = reply_type.is_some() && obj.get("pages").is_some_and(|v| !v.is_null());
    if item_type.is_some() && !paged_type {
        p.push("`item` (the Rust type of a page's items) only applies to a list (`pages`) with a `type`".into());
    } else if item_type.is_none() && paged_type {
        p.push("a list (`pages`) with a `type` names its items' Rust type in `item`".into());
    }
    let mut stream_ends = Vec::new();
    let stream = match obj.get("stream") {
        None | Some(Value::Null) => None,
        Some(Value::Object(s)) => {
            let via = match s.get("via").and_then(Value::as_str) {
                Some("body") if body == Some(Body::Json) => Some(StreamVia::Body),
                Some("body") => {
                    p.push("a stream asked for in the body needs a `json` body".into());
                    None
                }
                Some("query") => Some(StreamVia::Query),
                Some("form") if matches!(body, Some(Body::Multipart(_))) => Some(StreamVia::Form),
                Some("form") => {
                    p.push("a stream asked for in the form needs a `multipart` body".into());
                    None
                }
                Some("always") => Some(StreamVia::Always),
                _ => {
                    p.push("`stream.via` must be `body`, `query`, `form` or `always`".into());
                    None
                }
            };
            let event = type_field(s, "event", p);
            match s.get("ends") {
                None => {}
                Some(Value::Array(ends))
                    if !ends.is_empty() && ends.iter().all(|e| e.as_str().is_some_and(|e| !e.trim().is_empty())) =>
                {
                    stream_ends = ends.iter().filter_map(Value::as_str).map(str::to_string).collect();
                }
                Some(_) => p.push("`stream.ends` must be a non-empty list of event types".into()),
            }
            if s.keys().any(|k| k != "via" && k != "event" && k != "ends") {
                p.push("`stream` has only `via`, `event` and `ends`".into());
            }
            via.map(|via| (via, event))
        }
        Some(_) => {
            p.push("`stream` must be null or {\"via\": ..., \"event\": ..., \"ends\": [...]}".into());
            None
        }
    };
    let extra_body_replaces = match obj.get("extra_body_replaces") {
        None => Vec::new(),
        Some(Value::Array(names))
            if body == Some(Body::Json)
                && !names.is_empty()
                && names.iter().all(|n| n.as_str().is_some_and(|n| !n.trim().is_empty())) =>
        {
            names.iter().filter_map(Value::as_str).map(str::to_string).collect()
        }
        Some(_) => {
            p.push("`extra_body_replaces` must be a non-empty list of field names, for a `json` body".into());
            Vec::new()
        }
    };
    let pages = match obj.get("pages") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if PAGES.contains(&s.as_str()) => Some(s.clone()),
        Some(_) => {
            p.push(format!("`pages` must be one of {} or null", PAGES.join(", ")));
            None
        }
    };
    let doc = match obj.get("doc") {
        Some(Value::String(d)) if !d.trim().is_empty() && !d.contains('\n') => d.trim().to_string(),
        _ => {
            p.push("every endpoint needs a one-line `doc`".into());
            String::new()
        }
    };
    let (verb, path, route, body, reply) = (verb?, path?, route?, body?, reply?);
    let endpoint = Endpoint {
        name: name.to_string(),
        verb,
        path,
        path_params,
        route,
        accept,
        headers,
        audio_duration,
        query,
        body,
        request,
        reply,
        reply_type,
        item_type,
        stream,
        stream_ends,
        extra_body_replaces,
        pages,
        doc,
        place: place.to_string(),
        typed: Typed::default(),
    };
    Some(Checked::Endpoint(Box::new(endpoint)))
}

/// The parameters of a path template, checked: it starts with `/`, each `{param}` is a whole
/// segment named in snake_case, and no parameter repeats.
pub fn path_params(path: &str) -> Result<Vec<String>, String> {
    if !path.starts_with('/') || path.contains("//") || path.contains(['?', '#', ' ']) {
        return Err(format!("path `{path}` must start with `/` and hold only path segments"));
    }
    let mut params = Vec::new();
    for segment in path.split('/').skip(1) {
        if segment.contains(['{', '}']) {
            let name = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
            match name {
                Some(n) if is_snake(n) && !params.iter().any(|p| p == n) => params.push(n.to_string()),
                Some(n) if is_snake(n) => return Err(format!("path `{path}`: parameter `{n}` appears twice")),
                _ => {
                    return Err(format!(
                        "path `{path}`: a parameter is a whole segment, `{{snake_case_name}}` (found `{segment}`)"
                    ));
                }
            }
        }
    }
    Ok(params)
}

/// An optional list of snake_case-ish names (query parameters may hold `[]`, as `include[]`).
fn string_list(obj: &Map<String, Value>, key: &str, p: &mut Vec<String>) -> Vec<String> {
    match obj.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => {
            let names: Vec<String> = items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
            let distinct: BTreeSet<&String> = names.iter().collect();
            if names.len() != items.len() || names.iter().any(|n| n.is_empty()) {
                p.push(format!("`{key}` must be a list of non-empty names"));
            } else if distinct.len() != names.len() {
                p.push(format!("`{key}` names a parameter twice"));
            }
            names
        }
        Some(_) => {
            p.push(format!("`{key}` must be a list of names"));
            Vec::new()
        }
    }
}

/// A Rust type name under `portkey::types` (`ChatCompletion`), checked to be a plain path.
fn type_field(obj: &Map<String, Value>, key: &str, p: &mut Vec<String>) -> Option<String> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) if syn::parse_str::<syn::Path>(t).is_ok() => Some(t.clone()),
        Some(_) => {
            p.push(format!("`{key}` must be a Rust type name under `portkey::types`, such as `ChatCompletion`"));
            None
        }
    }
}

/// The names an endpoint's methods may take: the plain one, `_with`, `_byot`, and the
/// `_stream` and `_all` families when it streams or pages.
pub fn method_names(e: &Endpoint) -> Vec<String> {
    let (_, method) = e.split();
    let mut bases = vec![method.to_string()];
    if e.stream.is_some() {
        bases.push(format!("{method}_stream"));
    }
    if e.pages.is_some() {
        bases.push(format!("{method}_all"));
    }
    bases.iter().flat_map(|b| [b.clone(), format!("{b}_with"), format!("{b}_byot")]).collect()
}

/// Resources and methods share one namespace per resource: a method (or one of its variants)
/// named like a child resource, or like another endpoint's method, is reported and dropped,
/// so the rest still expands.
fn check_tree(schema: &mut Schema, problems: &mut Vec<Problem>) {
    let resources: BTreeSet<String> = schema
        .endpoints
        .iter()
        .flat_map(|e| {
            let (resource, _) = e.split();
            resource.match_indices('.').map(move |(i, _)| resource[..i].to_string()).chain(Some(resource.to_string()))
        })
        .filter(|r| !r.is_empty())
        .collect();
    // Per resource, every method name taken so far and the endpoint that took it.
    let mut taken: HashMap<(String, String), String> = HashMap::new();
    schema.endpoints.retain(|e| {
        let (resource, _) = e.split();
        let mut clash = None;
        for name in method_names(e) {
            if resources.contains(&format!("{resource}.{name}")) {
                clash = Some(format!("its method `{name}` has the name of a resource"));
            } else if let Some(owner) = taken.get(&(resource.to_string(), name.clone())) {
                clash = Some(format!("its method `{name}` is also a method of `{owner}`"));
            }
            if clash.is_some() {
                break;
            }
        }
        if let Some(message) = clash {
            problems.push(Problem { place: e.place.clone(), message: format!("endpoint `{}`: {message}", e.name) });
            return false;
        }
        for name in method_names(e) {
            taken.insert((resource.to_string(), name), e.name.clone());
        }
        true
    });
}

fn is_dotted_name(s: &str) -> bool {
    s.contains('.') && s.split('.').all(is_ident)
}

/// snake_case ASCII, starting with a letter, not a Rust keyword.
pub fn is_ident(s: &str) -> bool {
    is_snake(s) && syn::parse_str::<syn::Ident>(s).is_ok()
}

/// snake_case ASCII, starting with a letter (a keyword such as `type` becomes `r#type`).
pub fn is_snake(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !matches!(s, "self" | "super" | "crate")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(entry: Value) -> (Schema, Vec<String>) {
        let (schema, problems) = check(&[("endpoints.json:7".into(), entry)]);
        (schema, problems.into_iter().map(|p| format!("{}: {}", p.place, p.message)).collect())
    }

    fn list() -> Value {
        json!({"name": "beta.threads.runs.list", "http": "GET", "path": "/threads/{thread_id}/runs",
               "route": "openai", "query": ["after", "limit"], "pages": "cursor", "doc": "List runs."})
    }

    #[test]
    fn a_good_entry_passes() {
        let (schema, problems) = one(list());
        assert!(problems.is_empty(), "{problems:?}");
        let e = &schema.endpoints[0];
        assert_eq!(e.split(), ("beta.threads.runs", "list"));
        assert_eq!(e.path_params, ["thread_id"]);
        assert_eq!((e.body.clone(), e.reply), (Body::None, Reply::Json));
    }

    #[test]
    fn every_problem_names_the_place_and_entry() {
        let mut e = list();
        e["http"] = json!("FETCH");
        e["reply"] = json!("xml");
        e["colour"] = json!(1);
        let (schema, p) = one(e);
        assert!(schema.endpoints.is_empty());
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p.iter().all(|m| m.starts_with("endpoints.json:7: endpoint `beta.threads.runs.list`: ")), "{p:?}");
        assert!(p[0].contains("unknown field `colour`"));
        assert!(p[1].contains("unknown HTTP method `FETCH`"));
        assert!(p[2].contains("`reply` must be one of"));
    }

    #[test]
    fn path_templates() {
        assert_eq!(path_params("/a/{b_id}/c/{d}").unwrap(), ["b_id", "d"]);
        assert!(path_params("a/b").is_err());
        assert!(path_params("/a/x{b}").unwrap_err().contains("whole segment"));
        assert!(path_params("/a/{b}/{b}").unwrap_err().contains("twice"));
        assert!(path_params("/a?b=1").is_err());
        assert!(path_params("/a/{Type}").is_err());
        assert_eq!(path_params("/a/{type}").unwrap(), ["type"], "a keyword becomes a raw identifier");
    }

    #[test]
    fn bodies_streams_and_types_agree() {
        let (_, p) = one(json!({"name": "files.create", "http": "POST", "path": "/files", "route": "openai",
                                "files": ["file"], "stream": {"via": "form"}, "doc": "Upload."}));
        assert!(p[0].contains("`files` only applies to a `multipart` body"), "{p:?}");
        assert!(p[1].contains("needs a `multipart` body"), "{p:?}");
        let (_, p) = one(json!({"name": "x.y", "http": "GET", "path": "/x", "route": "portkey", "request": "A",
                                "stream": {"via": "body"}, "doc": "X."}));
        assert!(p.iter().any(|m| m.contains("only applies to a `json` body")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("needs a `json` body")), "{p:?}");
        let (_, p) =
            one(json!({"name": "x.y", "http": "GET", "path": "/x", "route": "portkey", "type": "Vec<", "doc": "X."}));
        assert!(p[0].contains("Rust type name"), "{p:?}");
        let mut e = list();
        e["type"] = json!("RunList");
        let (_, p) = one(e.clone());
        assert!(p[0].contains("names its items' Rust type in `item`"), "{p:?}");
        e["item"] = json!("Run");
        let (schema, p) = one(e.clone());
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(schema.endpoints[0].item_type.as_deref(), Some("Run"));
        e["pages"] = Value::Null;
        let (_, p) = one(e);
        assert!(p[0].contains("only applies to a list"), "{p:?}");
    }

    #[test]
    fn a_stream_names_the_events_that_end_it() {
        let stream = |ends: Value| {
            one(json!({"name": "responses.create", "http": "POST", "path": "/responses", "route": "openai",
                       "body": "json", "stream": {"via": "body", "ends": ends}, "doc": "R."}))
        };
        let (schema, p) = stream(json!(["response.completed", "response.failed"]));
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(schema.endpoints[0].stream_ends, ["response.completed", "response.failed"]);
        for bad in [json!([]), json!("response.completed"), json!([""]), json!([1])] {
            let (_, p) = stream(bad.clone());
            assert!(p[0].contains("`stream.ends` must be a non-empty list of event types"), "{bad}: {p:?}");
        }
    }

    #[test]
    fn extra_body_replaces_lists_fields_of_a_json_body() {
        let entry = |body: &str, replaces: Value| {
            one(json!({"name": "chat.completions.create", "http": "POST", "path": "/chat/completions",
                       "route": "openai", "body": body, "extra_body_replaces": replaces, "doc": "C."}))
        };
        let (schema, p) = entry("json", json!(["model", "messages"]));
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(schema.endpoints[0].extra_body_replaces, ["model", "messages"]);
        for (body, bad) in [("json", json!([])), ("json", json!("model")), ("multipart", json!(["model"]))] {
            let (_, p) = entry(body, bad.clone());
            assert!(p.iter().any(|m| m.contains("`extra_body_replaces` must be a non-empty list")), "{bad}: {p:?}");
        }
    }

    #[test]
    fn json_or_text_replies_take_a_type() {
        let (schema, p) = one(json!({"name": "audio.transcriptions.create", "http": "POST",
                                     "path": "/audio/transcriptions", "route": "openai", "body": "multipart",
                                     "files": ["file"], "reply": "json_or_text", "type": "TranscriptionReply",
                                     "doc": "T."}));
        assert!(p.is_empty(), "{p:?}");
        let e = &schema.endpoints[0];
        assert_eq!((e.reply, e.reply_type.as_deref()), (Reply::JsonOrText, Some("TranscriptionReply")));
        let (_, p) = one(json!({"name": "x.y", "http": "GET", "path": "/x", "route": "openai", "reply": "bytes",
                                "type": "A", "doc": "X."}));
        assert!(p[0].contains("only applies to `json`, `jsonl` and `json_or_text` replies"), "{p:?}");
    }

    #[test]
    fn left_out_entries_give_a_reason() {
        let (schema, p) = one(json!({"name": "beta.realtime.connect", "out": "a WebSocket"}));
        assert!(p.is_empty() && schema.left_out[0].reason == "a WebSocket", "{p:?}");
        let (_, p) = one(json!({"name": "beta.realtime.connect", "out": ""}));
        assert!(p[0].contains("the reason"), "{p:?}");
    }

    #[test]
    fn duplicates_and_clashes() {
        let entries = vec![
            ("f:1".to_string(), list()),
            ("f:2".to_string(), list()),
            (
                "f:3".to_string(),
                json!({"name": "beta.threads", "http": "GET", "path": "/t", "route": "openai", "doc": "T."}),
            ),
            (
                "f:4".to_string(),
                json!({"name": "beta.threads.runs.list_with", "http": "GET", "path": "/t", "route": "openai", "doc": "T."}),
            ),
        ];
        let (schema, p) = check(&entries);
        assert_eq!(schema.endpoints.len(), 1, "the duplicate and both clashes are dropped");
        let p: Vec<String> = p.into_iter().map(|p| format!("{}: {}", p.place, p.message)).collect();
        assert!(
            p.contains(&"f:2: endpoint `beta.threads.runs.list`: declared twice (first at f:1)".to_string()),
            "{p:?}"
        );
        assert!(
            p.contains(&"f:3: endpoint `beta.threads`: its method `threads` has the name of a resource".to_string()),
            "{p:?}"
        );
        assert!(
            p.contains(&"f:4: endpoint `beta.threads.runs.list_with`: its method `list_with` is also a method of `beta.threads.runs.list`".to_string()),
            "{p:?}"
        );
    }
}
