//! Wire conformance: every case captured from the Python SDK (`conformance/capture_wire.py`)
//! is replayed with the async and the blocking client against a `MockGateway`; method, path,
//! query, headers (less user-agent-like ones) and JSON body must be the same. Extra case files
//! in `$PORTKEY_WIRE_VECTORS_DIR` are read too.

use std::path::{Path, PathBuf};

mod support;

use futures_util::StreamExt;
use portkey::testing::{MockGateway, RecordedRequest};
use portkey::types::ChatCompletionRequest;
use portkey::{AsyncPortkey, ClientBuilder, OPTION_TABLE, Options, Portkey, RequestOptions};
use serde_json::{Map, Value};
use support::wire::request_diffs;

struct Case {
    name: String,
    client: Map<String, Value>,
    env: Map<String, Value>,
    request: Map<String, Value>,
    expect: Value,
    ignored: Vec<String>,
}

fn case_files() -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("wire")];
    dirs.extend(std::env::var_os("PORTKEY_WIRE_VECTORS_DIR").map(PathBuf::from));
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap_or_else(|e| panic!("{}: {e}", d.display())))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn load(file: &Path) -> Vec<Case> {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let ignored: Vec<String> =
        doc["ignored_headers"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    let object = |v: &Value| v.as_object().cloned().unwrap_or_default();
    doc["cases"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no `cases`", file.display()))
        .iter()
        .map(|c| Case {
            name: c["name"].as_str().unwrap().to_string(),
            client: object(&c["client"]),
            env: object(&c["env"]),
            request: object(&c["request"]),
            expect: c["expect"].clone(),
            ignored: ignored.clone(),
        })
        .collect()
}

/// The client's options: Python keyword arguments the schema names go through `apply_map`,
/// the others become `extra_options` (as Python sends unknown keyword arguments).
fn client_builder<C>(case: &Case, base_url: &str) -> ClientBuilder<C> {
    let (known, unknown): (Map<String, Value>, Map<String, Value>) = case
        .client
        .clone()
        .into_iter()
        .partition(|(k, _)| OPTION_TABLE.iter().any(|o| o.name == k.to_ascii_lowercase()));
    let mut options = Options::sdk_defaults();
    options.apply_map(&known).unwrap_or_else(|e| panic!("{}: {e}", case.name));
    for (name, value) in unknown {
        options.extra_options.push((name, value.as_str().expect("extra options are strings").to_string()));
    }
    options.base_url = Some(base_url.into());
    ClientBuilder::from_options(options)
}

/// The typed request and per-call settings for the case's `create(**request)` arguments.
/// (Parameters given as `None` in Python are sent as `null`; the typed request keeps them.)
fn request(case: &Case) -> (ChatCompletionRequest, RequestOptions, bool) {
    let mut body = case.request.clone();
    let mut options = RequestOptions::new();
    if let Some(Value::Object(h)) = body.remove("extra_headers") {
        for (k, v) in h {
            options = options.header(&k, v.as_str().unwrap());
        }
    }
    if let Some(Value::Object(q)) = body.remove("extra_query") {
        for (k, v) in q {
            options = options.query(k, v.as_str().unwrap());
        }
    }
    if let Some(Value::Object(b)) = body.remove("extra_body") {
        for (k, v) in b {
            options = options.body_field(k, v);
        }
    }
    let stream = body.get("stream") == Some(&Value::Bool(true));
    let typed: ChatCompletionRequest = serde_json::from_value(Value::Object(body)).unwrap();
    (typed, options, stream)
}

fn env_fn(case: &Case) -> impl Fn(&str) -> Option<String> + '_ {
    |name| case.env.get(name).and_then(Value::as_str).map(str::to_string)
}

/// Compares one recorded request with the case's expectation; returns what differs.
fn compare(case: &Case, got: &RecordedRequest) -> Vec<String> {
    let want = &case.expect;
    let mut diffs = request_diffs(want, got, &case.ignored);
    if got.json().as_ref() != Some(&want["body"]) {
        diffs.push(format!("body {} != {}", got.json().unwrap_or_default(), want["body"]));
    }
    diffs
}

fn check_all(label: &str, run: impl Fn(&Case, &MockGateway)) {
    let mut failures = Vec::new();
    let mut count = 0;
    for file in case_files() {
        for case in load(&file) {
            let gateway = MockGateway::start().unwrap();
            run(&case, &gateway);
            let requests = gateway.requests();
            count += 1;
            match requests.as_slice() {
                [one] => {
                    let diffs = compare(&case, one);
                    if !diffs.is_empty() {
                        failures.push(format!("{label} / {}:\n    {}", case.name, diffs.join("\n    ")));
                    }
                }
                more => failures.push(format!("{label} / {}: {} requests sent", case.name, more.len())),
            }
        }
    }
    assert!(count >= 30, "only {count} wire cases");
    assert!(failures.is_empty(), "{} of {count} cases differ:\n{}", failures.len(), failures.join("\n"));
    eprintln!("{label}: {count} wire cases match the Python SDK");
}

#[test]
fn blocking_client_sends_what_the_python_sdk_sends() {
    check_all("blocking", |case, gateway| {
        let client: Portkey = client_builder(case, &gateway.url()).build_with_env(&env_fn(case)).unwrap();
        let (request, options, stream) = request(case);
        if stream {
            let chunks: Vec<_> = client.chat().completions().create_stream_with(request, options).unwrap().collect();
            assert!(chunks.iter().all(Result::is_ok), "{}: {chunks:?}", case.name);
        } else {
            client.chat().completions().create_with(request, options).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        }
    });
}

#[tokio::test]
async fn async_client_sends_what_the_python_sdk_sends() {
    let handle = tokio::runtime::Handle::current();
    // The comparison loop is synchronous; each case's async call runs on this runtime.
    tokio::task::spawn_blocking(move || {
        check_all("async", |case, gateway| {
            let client: AsyncPortkey = client_builder(case, &gateway.url()).build_with_env(&env_fn(case)).unwrap();
            let (request, options, stream) = request(case);
            handle.block_on(async {
                if stream {
                    let chunks: Vec<_> =
                        client.chat().completions().create_stream_with(request, options).await.unwrap().collect().await;
                    assert!(chunks.iter().all(Result::is_ok), "{}: {chunks:?}", case.name);
                } else {
                    client.chat().completions().create_with(request, options).await.unwrap();
                }
            });
        });
    })
    .await
    .unwrap();
}
