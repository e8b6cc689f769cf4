//! The generated options API, used as a Rust user would: builder, validation, environment,
//! JSON maps, `Debug` redaction and the option table.

use portkey::{ClientBuilder, Group, Mode, OPTION_TABLE, OptionError, Options, ValueType, create_headers};
use serde_json::json;

#[test]
fn debug_redacts_every_secret() {
    let options = Options::builder()
        .api_key("pk-live-123")
        .aws_secret_access_key("aws-secret-456")
        .aws_session_token("token-789")
        .authorization("sk-provider")
        .trace_id("t-1")
        .config(json!({"provider": "openai", "api_key": "sk-in-config"}))
        .build()
        .unwrap();
    assert_eq!(
        format!("{options:?}"),
        r#"Options { api_key: [redacted], config: Json(Object {"provider": String("openai"), "api_key": String("[redacted]")}), authorization: [redacted], trace_id: "t-1", aws_secret_access_key: [redacted], aws_session_token: [redacted], .. }"#
    );
    let builder_debug = format!("{:?}", Options::builder().api_key("pk-live-123"));
    assert!(!builder_debug.contains("pk-live-123"), "{builder_debug}");
}

#[test]
fn every_sensitive_option_is_redacted_and_sensitive() {
    assert!(OPTION_TABLE.iter().any(|o| o.name == "config" && o.is_sensitive()));
    for info in OPTION_TABLE.iter().filter(|o| o.is_sensitive()) {
        // A config is sensitive for the keys it may hold.
        let value = match info.value_type {
            ValueType::StringOrJson => json!(r#"{"api_key": "hunter2-secret"}"#),
            _ => json!("hunter2-secret"),
        };
        let map = json!({ info.name: value });
        let options = Options::from_map(map.as_object().unwrap()).unwrap();
        assert!(!format!("{options:?}").contains("hunter2"), "{} leaks in Debug", info.name);
        if info.header.is_some() {
            let headers = options.create_headers().unwrap();
            let (_, value) = headers.iter().next().expect("one header");
            assert!(value.is_sensitive(), "{} is not marked sensitive", info.name);
            assert!(!format!("{headers:?}").contains("hunter2"));
        }
    }
}

#[test]
fn header_values_with_line_breaks_are_refused_by_name_without_the_value() {
    let err = Options::builder().trace_id("abc\r\nx-evil: 1").build().unwrap_err();
    assert_eq!(err.option(), Some("trace_id"));
    assert_eq!(
        err.to_string(),
        "invalid value for option `trace_id` (header `x-portkey-trace-id`): contains a line break or another \
         control character; expected printable ASCII text without line breaks"
    );
    let err = Options::builder().api_key("pk-secret-value\n").build().unwrap_err();
    assert!(!err.to_string().contains("secret-value") && !format!("{err:?}").contains("secret-value"));
    let err = Options::builder().provider("openai ").build().unwrap_err();
    assert!(err.to_string().contains("whitespace"), "{err}");
    let err = Options::builder().custom_host("not a url").build().unwrap_err();
    assert_eq!(err.option(), Some("custom_host"));
}

#[test]
fn headers_follow_the_python_sdk() {
    let options = Options::builder()
        .virtual_key("vk-1")
        .debug(false)
        .request_timeout(0)
        .forward_headers(["x_custom", "trace-id"])
        .trace_id("t-1")
        .mode(Mode::Fallback)
        .authorization("sk-provider")
        .metadata(json!({"user": "é", "n": 1.0}))
        .build()
        .unwrap();
    let headers = create_headers(&options).unwrap();
    let pairs: Vec<(String, String)> =
        headers.iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_string())).collect();
    let want = [
        ("x-portkey-virtual-key", "vk-1"),
        ("authorization", "Bearer sk-provider"),
        ("x-portkey-mode", "proxy fallback"),
        ("x-portkey-forward-headers", "x_custom,trace-id"),
        ("trace-id", "t-1"),
        ("x-portkey-metadata", r#"{"user": "\u00e9", "n": 1.0}"#),
        ("x-portkey-debug", "false"),
    ];
    let mut got = pairs.clone();
    got.sort();
    let mut want: Vec<(String, String)> = want.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn environment_loading_is_typed_and_names_the_variable() {
    let options = Options::from_env_map([
        ("PORTKEY_API_KEY", "pk-env"),
        ("PORTKEY_DEBUG", "TRUE"),
        ("PORTKEY_REQUEST_TIMEOUT", "3000"),
        ("PORTKEY_FORWARD_HEADERS", "x-a, x-b"),
        ("PORTKEY_CONFIG", r#"{"retry": {"attempts": 2}}"#),
        ("PORTKEY_METADATA", ""),
        ("PORTKEY_PROXY", "http://127.0.0.1:8787/v1"),
    ])
    .unwrap();
    assert_eq!(options.api_key.as_ref().map(|k| k.expose()), Some("pk-env"));
    assert_eq!(options.debug, Some(true));
    assert_eq!(options.request_timeout, Some(3000));
    assert_eq!(options.forward_headers, Some(vec!["x-a".to_string(), "x-b".to_string()]));
    assert!(options.config.as_ref().and_then(|c| c.as_json()).is_some());
    assert_eq!(options.metadata, None, "empty variables are unset");
    assert_eq!(options.base_url.as_ref().map(|u| u.as_str()), Some("http://127.0.0.1:8787/v1"));

    let cases = [
        ("PORTKEY_DEBUG", "maybe", "debug", "true or false (or 1/0, yes/no, on/off)"),
        ("PORTKEY_REQUEST_TIMEOUT", "3s", "request_timeout", "an integer"),
        ("PORTKEY_CONFIG", "{not json", "config", "a string, or a valid JSON object when it starts with `{`"),
        ("PORTKEY_PROXY", "localhost:8787", "base_url", "an absolute http(s) or ws(s) URL with a host"),
    ];
    for (var, raw, option, expected) in cases {
        let err = Options::from_env_map([(var, raw)]).unwrap_err();
        assert_eq!(err, OptionError::Env { var, option, expected }, "{var}");
        assert!(err.to_string().contains(var) && !err.to_string().contains(raw));
    }
    let implicit =
        Options::implicit_env_with(|v| (v == "PORTKEY_TRACE_ID" || v == "PORTKEY_API_KEY").then(|| "x".into()))
            .unwrap();
    assert!(implicit.api_key.is_some() && implicit.trace_id.is_none(), "only the SDK's variables are implicit");
}

#[test]
fn maps_keyed_by_python_names_load_with_serde() {
    let options: Options = serde_json::from_value(json!({
        "api_key": "pk-1", "config": "pc-abc", "cache_force_refresh": true, "Authorization": "sk",
        "request_timeout": 100, "trace_id": null
    }))
    .unwrap();
    assert_eq!(options.config, Some("pc-abc".into()));
    assert_eq!(options.cache_force_refresh, Some(true));
    assert!(options.authorization.is_some());
    assert_eq!(options.trace_id, None);

    // As the Python SDK takes keyword arguments: unknown names are sent as extra options...
    let options: Options = serde_json::from_value(json!({"tracing_id": "x", "x_count": 3, "x_zero": 0})).unwrap();
    assert_eq!(options.extra_options, [("tracing_id".to_string(), "x".to_string()), ("x_count".into(), "3".into())]);
    // ...and values of another JSON type as the text the SDK sends for them.
    let map = json!({"debug": "yes", "request_timeout": 30.0, "trace_id": 123, "cache_force_refresh": 0,
                     "metadata": [{"a": 1}], "forward_headers": "ab"});
    let options = Options::from_map(map.as_object().unwrap()).unwrap();
    assert_eq!((options.debug, options.request_timeout, options.cache_force_refresh), (None, None, None));
    let headers = create_headers(&options).unwrap();
    assert_eq!(headers["x-portkey-debug"], "yes");
    assert_eq!(headers["x-portkey-request-timeout"], "30.0");
    assert_eq!(headers["x-portkey-trace-id"], "123");
    assert_eq!(headers["x-portkey-metadata"], "[{'a': 1}]");
    assert_eq!(headers["x-portkey-forward-headers"], "a,b");
    assert!(!headers.contains_key("x-portkey-cache-force-refresh"), "falsy values are left out");
    // A typed setter replaces the text.
    let options = ClientBuilder::<Options>::from_options(options).debug(false).build().unwrap();
    assert_eq!(create_headers(&options).unwrap()["x-portkey-debug"], "false");
    assert!(options.text_values.iter().all(|(name, _)| *name != "debug"));
    // What the SDK fails on too is an error naming the option.
    for (name, value) in [("mode", json!(5)), ("authorization", json!(["sk"])), ("forward_headers", json!(true))] {
        let err = Options::from_map(json!({ name: value }).as_object().unwrap()).unwrap_err();
        assert_eq!(err.option(), Some(name), "{err}");
        assert!(matches!(err, OptionError::UnsupportedValue { .. }), "{err}");
    }
    let err = Options::from_map(json!({"http_client": {}}).as_object().unwrap()).unwrap_err();
    assert_eq!(err.option(), Some("http_client"));
}

#[test]
fn floats_in_json_text_round_trip_exactly() {
    // serde_json without `float_roundtrip` reads this 1 ulp off (1.6021766340000001e-19).
    let text = r#"{"charge": 1.602176634e-19, "sum": 0.30000000000000004, "big": 6.02214076e+23, "tiny": 5e-324}"#;
    let from_env = Options::from_env_map([("PORTKEY_CONFIG", text)]).unwrap();
    assert_eq!(create_headers(&from_env).unwrap()["x-portkey-config"], text);
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&format!(r#"{{"metadata": {text}}}"#)).unwrap();
    let from_map = Options::from_map(&map).unwrap();
    assert_eq!(create_headers(&from_map).unwrap()["x-portkey-metadata"], text);
}

#[test]
fn builders_of_any_client_type_share_the_setters() {
    struct ClientA;
    struct ClientB;
    fn common<C>(builder: ClientBuilder<C>) -> ClientBuilder<C> {
        builder.api_key("pk").provider("openai").forward_headers(vec!["x-a"])
    }
    let a = common(ClientBuilder::<ClientA>::new()).into_options();
    let b = common(ClientBuilder::<ClientB>::new()).into_options();
    assert_eq!(create_headers(&a).unwrap(), create_headers(&b).unwrap());
}

#[test]
fn overlay_keeps_unset_options() {
    let mut base = Options::builder().api_key("pk").trace_id("a").into_options();
    let top = Options::builder().trace_id("b").debug(true).into_options();
    base.overlay(&top);
    assert_eq!(base.trace_id.as_deref(), Some("b"));
    assert_eq!(base.debug, Some(true));
    assert!(base.api_key.is_some());
}

#[test]
fn the_option_table_describes_the_schema() {
    assert!(OPTION_TABLE.len() >= 42 + 8);
    let mut names: Vec<_> = OPTION_TABLE.iter().map(|o| o.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), OPTION_TABLE.len(), "names are unique");
    for o in &OPTION_TABLE {
        assert!(!o.doc.is_empty(), "{} has a doc line", o.name);
        if let Some(h) = o.header.filter(|h| h.starts_with("x-portkey-")) {
            assert_eq!(h, format!("x-portkey-{}", o.name.replace('_', "-")));
        }
        assert!(o.header.is_some() || o.client_side, "{} does something", o.name);
    }
    let find = |n: &str| OPTION_TABLE.iter().find(|o| o.name == n).unwrap();
    assert_eq!(find("http_client").header, None);
    assert_eq!(find("http_client").value_type, ValueType::HttpClient);
    assert_eq!(find("aws_secret_access_key").group, Group::Aws);
    assert!(find("aws_session_token").is_secret());
    assert_eq!(find("api_key").env, Some("PORTKEY_API_KEY"));
    assert_eq!(find("strict_open_ai_compliance").default_json, Some("false"));
    assert_eq!(Options::sdk_defaults().calculate_audio_duration, Some(true));
}
