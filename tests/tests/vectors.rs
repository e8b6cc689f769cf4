//! Conformance with the Python SDK: every vector in every `*.json` file of the vectors folder
//! (`PORTKEY_VECTORS_DIR`, default `tests/vectors`) must give the same headers, base URL or
//! error in Rust. The vectors are generated from portkey-ai 2.3.4 by
//! `conformance/generate_vectors.py`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use portkey::{OptionError, Options, ResolvedOptions, USER_AGENT_LIKE_HEADERS};
use serde_json::{Map, Value};

fn vectors_dir() -> PathBuf {
    std::env::var_os("PORTKEY_VECTORS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vectors"))
}

/// What a vector's run produced, in the vectors' own terms.
#[derive(Debug, PartialEq)]
enum Outcome {
    Headers { headers: BTreeMap<String, String>, base_url: Option<String> },
    Error { kind: String, option: Option<String> },
}

fn header_map(headers: &portkey::http::HeaderMap) -> BTreeMap<String, String> {
    headers
        .iter()
        .filter(|(name, _)| !USER_AGENT_LIKE_HEADERS.contains(&name.as_str()))
        .map(|(name, value)| (name.as_str().to_string(), value.to_str().unwrap_or("<not text>").to_string()))
        .collect()
}

fn error_outcome(e: OptionError) -> Outcome {
    let kind = match e {
        OptionError::MissingApiKey => "missing_api_key",
        OptionError::InvalidValue { .. } => "invalid_header_value",
        // The Python SDK raises (TypeError, AttributeError) on the value's type.
        OptionError::UnsupportedValue { .. } => "sdk_exception",
        _ => "other",
    };
    let option = match e {
        OptionError::MissingApiKey => None,
        _ => e.option().map(str::to_string),
    };
    Outcome::Error { kind: kind.to_string(), option }
}

fn run_create_headers(input: &Map<String, Value>) -> Result<Outcome, OptionError> {
    let options = Options::from_map(input)?;
    options.validate()?;
    Ok(Outcome::Headers { headers: header_map(&options.create_headers()?), base_url: None })
}

fn run_client(input: &Map<String, Value>, env: &Map<String, Value>) -> Result<Outcome, OptionError> {
    let mut options = Options::sdk_defaults();
    options.apply_map(input)?;
    let lookup = |name: &str| env.get(name).and_then(Value::as_str).map(str::to_string);
    let resolved = ResolvedOptions::resolve_with(&options, &lookup)?;
    Ok(Outcome::Headers { headers: header_map(&resolved.headers), base_url: Some(resolved.settings.base_url.clone()) })
}

fn expected(vector: &Value) -> Result<Outcome, String> {
    let expect = vector.get("expect").ok_or("no `expect`")?;
    if let Some(err) = expect.get("error") {
        let kind = err.get("kind").and_then(Value::as_str).ok_or("error without `kind`")?;
        let option = err.get("option").and_then(Value::as_str).map(str::to_string);
        return Ok(Outcome::Error { kind: kind.to_string(), option });
    }
    let headers = expect.get("headers").and_then(Value::as_object).ok_or("no `expect.headers`")?;
    let headers = headers
        .iter()
        .filter(|(name, _)| !USER_AGENT_LIKE_HEADERS.contains(&name.as_str()))
        .map(|(k, v)| Ok((k.to_ascii_lowercase(), v.as_str().ok_or("header value is not a string")?.to_string())))
        .collect::<Result<_, &str>>()?;
    let base_url = expect.get("base_url").and_then(Value::as_str).map(str::to_string);
    Ok(Outcome::Headers { headers, base_url })
}

fn check(vector: &Value) -> Result<(), String> {
    let empty = Map::new();
    let input = vector.get("input").and_then(Value::as_object).ok_or("no `input` object")?;
    let want = expected(vector)?;
    let got = match vector.get("kind").and_then(Value::as_str) {
        Some("create_headers") => run_create_headers(input),
        Some("client") => {
            let env = vector.get("env").and_then(Value::as_object).unwrap_or(&empty);
            run_client(input, env)
        }
        other => return Err(format!("unknown kind {other:?}")),
    };
    let got = got.unwrap_or_else(error_outcome);
    if got == want { Ok(()) } else { Err(format!("\n  want {want:?}\n  got  {got:?}")) }
}

#[test]
fn every_python_sdk_vector_holds() {
    let dir = vectors_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read vectors folder {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no *.json vector files in {}", dir.display());

    let (mut count, mut failures) = (0, Vec::new());
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let vectors = doc["vectors"].as_array().unwrap_or_else(|| panic!("{}: no `vectors` array", file.display()));
        for vector in vectors {
            count += 1;
            if let Err(why) = check(vector) {
                let name = vector["name"].as_str().unwrap_or("<unnamed>");
                failures.push(format!("{} / {name}: {why}", file.display()));
            }
        }
    }
    assert!(count > 0, "the vector files hold no vectors");
    assert!(failures.is_empty(), "{} of {count} vectors fail:\n{}", failures.len(), failures.join("\n"));
    eprintln!("{count} Python SDK vectors from {} files hold", files.len());
}
