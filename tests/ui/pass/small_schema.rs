//! A small inline schema: the generated API works end to end.

mod options {
    portkey_macros::portkey_options!(inline = r#"{"options": [
        {"name": "api_key", "header": "x-portkey-api-key", "type": "secret", "group": "core",
         "env": "MY_KEY", "implicit_env": true, "default": null, "doc": "The key."},
        {"name": "trace_id", "header": "x-portkey-trace-id", "type": "string", "group": "observability",
         "env": "MY_TRACE", "default": null, "doc": "The trace."},
        {"name": "debug", "header": "x-portkey-debug", "type": "bool", "group": "observability",
         "env": null, "default": false, "doc": "Debug."},
        {"name": "timeout_ms", "header": null, "type": "integer", "group": "http",
         "env": "MY_TIMEOUT", "default": null, "client": true, "doc": "Timeout."}
    ]}"#);
}

use options::{ClientBuilder, OPTION_TABLE, Options};

struct MyClient;

fn main() {
    let built: ClientBuilder<MyClient> = ClientBuilder::new().api_key("pk-1").trace_id("t").timeout_ms(5);
    let options = built.into_options();
    let headers = options.create_headers().unwrap();
    assert_eq!(headers["x-portkey-api-key"], "pk-1");
    assert_eq!(headers["x-portkey-trace-id"], "t");
    assert_eq!(headers.len(), 2);
    assert_eq!(options.client_side().timeout_ms, Some(5));
    assert_eq!(format!("{options:?}"), r#"Options { api_key: [redacted], trace_id: "t", timeout_ms: 5, .. }"#);

    let from_env = Options::from_env_map([("MY_TRACE", "env-trace"), ("MY_TIMEOUT", "10")]).unwrap();
    assert_eq!(from_env.trace_id.as_deref(), Some("env-trace"));
    let err = Options::from_env_map([("MY_TIMEOUT", "soon")]).unwrap_err();
    assert_eq!(err.to_string(), "environment variable `MY_TIMEOUT` (option `timeout_ms`) does not parse: expected an integer");

    assert_eq!(Options::sdk_defaults().debug, Some(false));
    assert_eq!(OPTION_TABLE.len(), 4);
    assert_eq!(OPTION_TABLE[3].header, None);
}
