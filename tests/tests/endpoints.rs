//! The endpoints schema against the real SDK, and the generated surface against its snapshot.
//!
//! - every public resource method of portkey-ai 2.3.4 (`tests/endpoints/sdk_methods.json`,
//!   listed by `conformance/capture_endpoints.py`) is declared with the same HTTP method and
//!   path, or left out on purpose with a reason; nothing is declared that the SDK lacks;
//! - `tests/endpoints/surface.txt`, every generated method's signature, is what the build
//!   generates (`UPDATE_SNAPSHOTS=1 cargo test --test endpoints` rewrites it after a schema
//!   edit, so the edit shows up as a reviewable diff).

use std::collections::BTreeMap;
use std::path::PathBuf;

use portkey::endpoints::{ENDPOINT_TABLE, LEFT_OUT, LOCAL_METHODS, SURFACE};
use serde_json::Value;

fn file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("endpoints").join(name)
}

fn sdk_methods() -> Value {
    let path = file("sdk_methods.json");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .expect("sdk_methods.json is JSON")
}

/// A path template with its parameter names blanked: `/a/{x}/b` and `/a/{y}/b` are one path.
fn shape(path: &str) -> String {
    path.split('/').map(|s| if s.starts_with('{') { "{}" } else { s }).collect::<Vec<_>>().join("/")
}

#[test]
fn every_sdk_method_is_declared_with_its_verb_and_path() {
    let doc = sdk_methods();
    let declared: BTreeMap<&str, &portkey::endpoints::EndpointInfo> =
        ENDPOINT_TABLE.iter().map(|e| (e.name, e)).collect();
    let left: BTreeMap<&str, &str> = LEFT_OUT.iter().copied().collect();
    let local: BTreeMap<&str, &str> = LOCAL_METHODS.iter().copied().collect();
    let mut problems = Vec::new();
    let mut sdk_names = Vec::new();
    for method in doc["methods"].as_array().expect("methods") {
        let name = method["name"].as_str().expect("name");
        sdk_names.push(name.to_string());
        match declared.get(name) {
            Some(e) => {
                let (verb, path) = (method["verb"].as_str().unwrap_or(""), method["path"].as_str().unwrap_or(""));
                if e.method != verb || shape(e.path) != shape(path) {
                    problems.push(format!("{name}: declared {} {}, the SDK sends {verb} {path}", e.method, e.path));
                }
            }
            None if left.contains_key(name) || local.contains_key(name) => {}
            None => problems.push(format!("{name}: the SDK has it, the endpoints schema does not")),
        }
    }
    for out in doc["out"].as_array().expect("out") {
        let name = out["name"].as_str().expect("name");
        sdk_names.push(name.to_string());
        if !left.contains_key(name) && !declared.contains_key(name) && !local.contains_key(name) {
            problems.push(format!(
                "{name}: the SDK has it (not an HTTP method: {}), the schema neither declares it nor leaves it out",
                out["reason"]
            ));
        }
    }
    for name in declared.keys().chain(left.keys()).chain(local.keys()) {
        if !sdk_names.iter().any(|n| n == name) {
            problems.push(format!("{name}: declared, but the SDK has no such method"));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_generated_surface_matches_its_snapshot() {
    let path = file("surface.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, SURFACE).expect("write the snapshot");
    }
    let snapshot = std::fs::read_to_string(&path).unwrap_or_default();
    if snapshot != SURFACE {
        let first = snapshot.lines().zip(SURFACE.lines()).position(|(a, b)| a != b);
        panic!(
            "tests/endpoints/surface.txt differs from the generated surface (first differing line: {:?}); \
             review the change and run `UPDATE_SNAPSHOTS=1 cargo test -p portkey-tests --test endpoints`",
            first.map(|i| i + 1)
        );
    }
}

#[test]
fn the_table_agrees_with_the_surface() {
    for e in &ENDPOINT_TABLE {
        let line = format!("client.{}", e.name);
        assert!(SURFACE.contains(&line), "{} is in the table but not in the surface", e.name);
        for param in e.path_params {
            assert!(e.path.contains(&format!("{{{param}}}")), "{}: {param}", e.name);
        }
    }
}

/// Portkey's published OpenAPI spec (`tests/endpoints/openapi_operations.json`, listed by
/// `conformance/openapi_operations.py`) against the schema: every operation the schema does not
/// declare, and every endpoint the spec does not document, has its reason in
/// `tests/endpoints/openapi_gaps.json`, and every listed gap is a real one.
#[test]
fn every_gap_with_the_openapi_spec_has_a_reason() {
    let read = |name: &str| -> Value {
        let path = file(name);
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
            .expect("JSON")
    };
    let (spec, gaps) = (read("openapi_operations.json"), read("openapi_gaps.json"));
    let operations: Vec<(String, String)> = spec["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .map(|o| (o["method"].as_str().unwrap().to_string(), o["path"].as_str().unwrap().to_string()))
        .collect();
    let matches =
        |method: &str, path: &str| ENDPOINT_TABLE.iter().any(|e| e.method == method && shape(e.path) == shape(path));
    let reason = |section: &str, key: &str| gaps[section][key].as_str().is_some_and(|r| !r.trim().is_empty());
    let mut problems = Vec::new();
    for (method, path) in &operations {
        let key = format!("{method} {path}");
        match (matches(method, path), reason("not_declared", &key)) {
            (false, false) => problems.push(format!("{key}: in the spec, not declared, and no reason given")),
            (true, true) => problems.push(format!("{key}: declared, but listed as a gap")),
            _ => {}
        }
    }
    for e in &ENDPOINT_TABLE {
        let documented = operations.iter().any(|(m, p)| m == e.method && shape(p) == shape(e.path));
        match (documented, reason("not_in_spec", e.name)) {
            (false, false) => {
                problems.push(format!("{}: {} {} is not in the spec, and no reason given", e.name, e.method, e.path))
            }
            (true, true) => problems.push(format!("{}: in the spec, but listed as a gap", e.name)),
            _ => {}
        }
    }
    let listed = gaps["not_declared"].as_object().unwrap().len() + gaps["not_in_spec"].as_object().unwrap().len();
    let known: usize =
        gaps["not_in_spec"].as_object().unwrap().keys().filter(|k| ENDPOINT_TABLE.iter().any(|e| e.name == *k)).count()
            + gaps["not_declared"]
                .as_object()
                .unwrap()
                .keys()
                .filter(|k| operations.iter().any(|(m, p)| format!("{m} {p}") == **k))
                .count();
    if known != listed {
        problems.push(format!("{} listed gaps name no operation or endpoint", listed - known));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(operations.len(), 231, "the spec's operation count changed");
}

/// `extra_body_replaces` is what `conformance/extra_body.py` measured of the SDK: for a method
/// whose named parameters win over its `extra_body` for some fields, the declaration lists the
/// others (the ones `extra_body` replaces, plus `stream`, which the method sets); for every
/// other method with a JSON body, none (a per-call body field replaces any field).
#[test]
fn extra_body_precedence_is_declared_as_the_sdk_measured_it() {
    let path = file("extra_body.json");
    let measured: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let methods = measured["methods"].as_object().unwrap();
    assert!(methods.len() > 100, "{}", methods.len());
    let names =
        |v: &Value| -> Vec<String> { v.as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect() };
    let mut mixed = 0;
    for (method, outcome) in methods {
        let Some(entry) = ENDPOINT_TABLE.iter().find(|e| e.name == method) else { continue };
        let declared: Vec<&str> = entry.extra_body_replaces.iter().copied().filter(|n| *n != "stream").collect();
        if names(&outcome["named_wins"]).is_empty() {
            assert!(declared.is_empty(), "{method}: extra_body replaces any field, declared {declared:?}");
        } else {
            mixed += 1;
            assert_eq!(declared, names(&outcome["extra_wins"]), "{method}");
        }
    }
    assert_eq!(mixed, 2, "chat.completions.create and beta.realtime.sessions.create");
}
