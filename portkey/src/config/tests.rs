use serde_json::{Value, json};

use super::*;

fn value(config: &Config) -> Value {
    Value::Object(config.to_json())
}

fn keys(value: &Value) -> Vec<&str> {
    value.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn fallback_serializes_to_the_gateway_json() {
    let config = Config::fallback([
        Target::provider("openai").api_key("sk-a").override_params(json!({"model": "gpt-4o"})),
        Target::virtual_key("vk-anthropic"),
    ])
    .on_status_codes([429, 500])
    .retry(Retry::attempts(3))
    .build()
    .unwrap();
    let expected = json!({
        "strategy": {"mode": "fallback", "on_status_codes": [429, 500]},
        "targets": [
            {"provider": "openai", "api_key": "sk-a", "override_params": {"model": "gpt-4o"}},
            {"virtual_key": "vk-anthropic"}
        ],
        "retry": {"attempts": 3}
    });
    assert_eq!(value(&config), expected);
    assert_eq!(keys(&value(&config)), ["strategy", "targets", "retry"]);
}

#[test]
fn loadbalance_serializes_to_the_gateway_json() {
    let config = Config::loadbalance([
        Target::provider("openai").api_key("sk").weight(0.7),
        Target::provider("groq").api_key("gk").weight(0.3),
    ])
    .build()
    .unwrap();
    let expected = json!({
        "strategy": {"mode": "loadbalance"},
        "targets": [
            {"provider": "openai", "api_key": "sk", "weight": 0.7},
            {"provider": "groq", "api_key": "gk", "weight": 0.3}
        ]
    });
    assert_eq!(value(&config), expected);
}

#[test]
fn conditional_serializes_to_the_gateway_json() {
    let config = Config::conditional(
        [Condition::new(json!({"metadata.plan": {"$eq": "paid"}}), "paid")],
        "free",
        [Target::virtual_key("vk1").name("paid"), Target::virtual_key("vk2").name("free")],
    )
    .build()
    .unwrap();
    let expected = json!({
        "strategy": {
            "mode": "conditional",
            "conditions": [{"query": {"metadata.plan": {"$eq": "paid"}}, "then": "paid"}],
            "default": "free"
        },
        "targets": [{"virtual_key": "vk1", "name": "paid"}, {"virtual_key": "vk2", "name": "free"}]
    });
    assert_eq!(value(&config), expected);
    assert_eq!(keys(&value(&config)["strategy"]), ["mode", "conditions", "default"]);
}

#[test]
fn single_serializes_to_the_gateway_json() {
    let config = Config::single(Target::provider("openai").api_key("sk").custom_host("http://127.0.0.1:1234/v1"))
        .cache(Cache::simple())
        .request_timeout(30_000)
        .build()
        .unwrap();
    let expected = json!({
        "strategy": {"mode": "single"},
        "targets": [{"provider": "openai", "api_key": "sk", "custom_host": "http://127.0.0.1:1234/v1"}],
        "cache": {"mode": "simple"},
        "request_timeout": 30000
    });
    assert_eq!(value(&config), expected);
    assert_eq!(keys(&value(&config)), ["strategy", "targets", "cache", "request_timeout"]);
}

#[test]
fn a_config_without_targets_serializes_flat() {
    let config = Config::builder()
        .provider("openai")
        .api_key("sk")
        .custom_host("http://127.0.0.1:1234/v1")
        .override_params(json!({"temperature": 0.5}))
        .retry(Retry::attempts(2).on_status_codes([429]).use_retry_after_header(false))
        .cache(Cache::semantic().max_age(60))
        .forward_headers(["x-a", "authorization"])
        .strict_open_ai_compliance(false)
        .extra("openai_project", "proj-1")
        .build()
        .unwrap();
    let expected = json!({
        "provider": "openai",
        "api_key": "sk",
        "custom_host": "http://127.0.0.1:1234/v1",
        "override_params": {"temperature": 0.5},
        "retry": {"attempts": 2, "on_status_codes": [429], "use_retry_after_header": false},
        "cache": {"mode": "semantic", "max_age": 60},
        "forward_headers": ["x-a", "authorization"],
        "strict_open_ai_compliance": false,
        "openai_project": "proj-1"
    });
    assert_eq!(value(&config), expected);

    // Only behaviour: the provider comes from the client options.
    let retry_only = Config::builder().retry(Retry::attempts(1)).build().unwrap();
    assert_eq!(value(&retry_only), json!({"retry": {"attempts": 1}}));
    let vk_only = Config::builder().virtual_key("vk").build().unwrap();
    assert_eq!(value(&vk_only), json!({"virtual_key": "vk"}));
}

#[test]
fn nested_targets_and_target_settings_serialize() {
    let config = Config::fallback([
        Target::loadbalance([
            Target::provider("openai").api_key("sk-1").weight(1.0),
            Target::provider("openai").api_key("sk-2").weight(0.0),
        ])
        .retry(Retry::attempts(1)),
        Target::with_strategy(
            Strategy::fallback().on_status_codes([429]),
            [Target::provider("anthropic").api_key("ak").request_timeout(500)],
        ),
        Target::provider("bedrock")
            .extra("aws_access_key_id", "AKIA")
            .extra("aws_secret_access_key", "s3cret")
            .extra("aws_region", "us-east-1")
            .cache(Cache::simple())
            .forward_headers(["x-b"])
            .strict_open_ai_compliance(true),
        Target::new().with_provider("ollama").custom_host("http://127.0.0.1:11434"),
        Target::provider("azure-openai").with_virtual_key("vk-az"),
    ])
    .build()
    .unwrap();
    let expected = json!({
        "strategy": {"mode": "fallback"},
        "targets": [
            {
                "strategy": {"mode": "loadbalance"},
                "targets": [
                    {"provider": "openai", "api_key": "sk-1", "weight": 1},
                    {"provider": "openai", "api_key": "sk-2", "weight": 0}
                ],
                "retry": {"attempts": 1}
            },
            {
                "strategy": {"mode": "fallback", "on_status_codes": [429]},
                "targets": [{"provider": "anthropic", "api_key": "ak", "request_timeout": 500}]
            },
            {
                "provider": "bedrock",
                "cache": {"mode": "simple"},
                "forward_headers": ["x-b"],
                "strict_open_ai_compliance": true,
                "aws_access_key_id": "AKIA",
                "aws_secret_access_key": "s3cret",
                "aws_region": "us-east-1"
            },
            {"provider": "ollama", "custom_host": "http://127.0.0.1:11434"},
            {"provider": "azure-openai", "virtual_key": "vk-az"}
        ]
    });
    assert_eq!(value(&config), expected);
    assert_eq!(keys(&value(&config)["targets"][0]), ["strategy", "targets", "retry"]);
}

#[test]
fn json_round_trips() {
    let configs = [
        json!({
            "strategy": {"mode": "fallback", "on_status_codes": [429, 500]},
            "targets": [
                {"provider": "openai", "api_key": "sk-a", "custom_host": "http://127.0.0.1:18080/v1",
                 "override_params": {"model": "fail-500"}, "request_timeout": 500},
                {"virtual_key": "vk-b", "retry": {"attempts": 2, "on_status_codes": [429]}}
            ],
            "cache": {"mode": "semantic", "max_age": 60},
            "before_request_hooks": [{"id": "g1"}]
        }),
        json!({
            "strategy": {"mode": "conditional",
                         "conditions": [{"query": {"metadata.plan": {"$eq": "paid"}}, "then": "paid"}],
                         "default": "free"},
            "targets": [
                {"name": "paid", "provider": "openai", "api_key": "sk-a"},
                {"name": "free", "strategy": {"mode": "loadbalance"},
                 "targets": [{"provider": "groq", "api_key": "gk", "weight": 2}, {"virtual_key": "v", "weight": 0.5}]}
            ]
        }),
        json!({"provider": "openai", "api_key": "sk", "forward_headers": ["x-a"], "strict_open_ai_compliance": false,
               "retry": {"attempts": 0, "use_retry_after_header": true}, "name": "top", "weight": 3}),
        json!({"request_timeout": 1000}),
        json!({"provider": "vertex-ai", "vertex_region": "us-central1", "vertex_project_id": "p"}),
    ];
    for json in configs {
        let config = Config::from_json(json.clone()).unwrap();
        assert_eq!(Value::Object(config.to_json()), json);
        let via_serde: Config = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(via_serde, config);
        assert_eq!(Config::from_json_str(&json.to_string()).unwrap(), config);
    }
    // Unknown keys are kept in `extra`; `name`/`weight` at the top have no typed field.
    let config = Config::from_json(json!({"retry": {"attempts": 1}, "name": "top", "azure_model_name": "m"})).unwrap();
    assert_eq!(config.extra, *json!({"name": "top", "azure_model_name": "m"}).as_object().unwrap());
    // The parts deserialize on their own too.
    let t: Target = serde_json::from_value(json!({"provider": "openai", "weight": 1})).unwrap();
    assert_eq!(t, Target::provider("openai").weight(1.0));
    let s: Strategy = serde_json::from_value(json!({"mode": "single"})).unwrap();
    assert_eq!(s, Strategy::single());
    let c: Cache = serde_json::from_value(json!({"mode": "simple", "max_age": 5})).unwrap();
    assert_eq!(c, Cache::simple().max_age(5));
    let r: Retry = serde_json::from_value(json!({"attempts": 4})).unwrap();
    assert_eq!(r, Retry::attempts(4));
    let cond: Condition = serde_json::from_value(json!({"query": {}, "then": "x"})).unwrap();
    assert_eq!(cond, Condition::new(json!({}), "x"));
    assert_eq!("loadbalance".parse::<StrategyMode>().unwrap(), StrategyMode::Loadbalance);
    assert_eq!(CacheMode::Semantic.to_string(), "semantic");
}

/// `Display` of the error `from_json` gives.
fn json_err(json: Value) -> String {
    Config::from_json(json).unwrap_err().to_string()
}

#[test]
fn parse_errors_name_the_field() {
    let t = json!({"provider": "openai", "api_key": "sk-secret"});
    let cases = [
        (
            json!({"strategy": {"mode": "roundrobin"}, "targets": [t]}),
            "invalid config: strategy.mode: unknown mode `roundrobin`, expected one of single, loadbalance, fallback, conditional",
        ),
        (
            json!({"strategy": {"mode": "fallback"}, "targets": [{"strategy": {"mode": "rr"}, "targets": []}]}),
            "invalid config: targets[0].strategy.mode: unknown mode `rr`, expected one of single, loadbalance, fallback, conditional",
        ),
        (
            json!({"cache": {"mode": "lru"}}),
            "invalid config: cache.mode: unknown mode `lru`, expected one of simple, semantic",
        ),
        (json!({"cache": {"max_age": 5}}), "invalid config: cache.mode: missing"),
        (json!({"strategy": {}, "targets": [t]}), "invalid config: strategy.mode: missing"),
        (json!({"retry": {}}), "invalid config: retry.attempts: missing"),
        (json!({"retry": {"attempts": -1}}), "invalid config: retry.attempts: expected a non-negative integer, got -1"),
        (json!({"retry": {"attempts": 5000000000u64}}), "invalid config: retry.attempts: is too large"),
        (
            json!({"retry": {"attempts": 1, "tries": 2}}),
            "invalid config: retry: unknown field `tries`, expected one of attempts, on_status_codes, use_retry_after_header",
        ),
        (
            json!({"strategy": {"mode": "fallback", "on_status_codes": [429, 70000]}, "targets": [t]}),
            "invalid config: strategy.on_status_codes[1]: must be an HTTP status code (100..=599), got 70000",
        ),
        (
            json!({"retry": {"attempts": 1, "on_status_codes": ["429"]}}),
            "invalid config: retry.on_status_codes[0]: expected an HTTP status code, got a string",
        ),
        (
            json!({"strategy": {"mode": "conditional", "conditions": [{"query": {}}]}, "targets": [t]}),
            "invalid config: strategy.conditions[0].then: missing",
        ),
        (json!({"targets": {}}), "invalid config: targets: expected an array, got an object"),
        (
            json!({"strategy": {"mode": "single"}, "targets": [1]}),
            "invalid config: targets[0]: expected a JSON object, got 1",
        ),
        (
            json!({"strategy": {"mode": "single"}, "targets": [{"provider": "openai", "api_key": 5}]}),
            "invalid config: targets[0].api_key: expected a string, got 5",
        ),
        (
            json!({"strategy": {"mode": "single"}, "targets": [{"virtual_key": "v", "weight": "0.5"}]}),
            "invalid config: targets[0].weight: expected a number, got a string",
        ),
        (json!({"request_timeout": 1.5}), "invalid config: request_timeout: expected a non-negative integer, got 1.5"),
        (
            json!({"request_timeout": null}),
            "invalid config: request_timeout: expected a non-negative integer, got null",
        ),
        (
            json!({"provider": "openai", "api_key": "sk", "forward_headers": ["a", 1]}),
            "invalid config: forward_headers[1]: expected a string, got 1",
        ),
        (
            json!({"provider": "openai", "api_key": "sk", "strict_open_ai_compliance": "false"}),
            "invalid config: strict_open_ai_compliance: expected a boolean, got a string",
        ),
        (
            json!({"provider": "openai", "api_key": "sk", "override_params": [1]}),
            "invalid config: override_params: expected a JSON object, got an array",
        ),
        (json!("pc-abc"), "invalid config: expected a JSON object, got a string"),
    ];
    for (json, message) in cases {
        assert_eq!(json_err(json), message);
    }
    assert_eq!(Config::from_json_str("{nope").unwrap_err().path(), "");
    assert!(Config::from_json_str("{nope").unwrap_err().to_string().starts_with("invalid config: not valid JSON: "));
    // serde's Deserialize reports the same text.
    let err = serde_json::from_value::<Config>(json!({"strategy": {"mode": "roundrobin"}})).unwrap_err();
    assert!(err.to_string().contains("strategy.mode: unknown mode `roundrobin`"), "{err}");
}

/// `Display` of the error `build` gives.
fn build_err(builder: ConfigBuilder) -> String {
    builder.build().unwrap_err().to_string()
}

fn key(provider: &str) -> Target {
    Target::provider(provider).api_key("sk-secret-value")
}

#[test]
fn validation_errors_name_the_field() {
    let cases: Vec<(ConfigBuilder, &str)> = vec![
        (Config::fallback([]), "invalid config: targets: must not be empty with the fallback strategy"),
        (Config::loadbalance([]), "invalid config: targets: must not be empty with the loadbalance strategy"),
        (
            Config::conditional([Condition::new(json!({}), "a")], "a", []),
            "invalid config: targets: must not be empty with the conditional strategy",
        ),
        (Config::builder().target(key("openai")), "invalid config: strategy: required when `targets` is set"),
        (
            Config::loadbalance([key("openai"), key("groq").weight(-1.0)]),
            "invalid config: targets[1].weight: must be a finite number >= 0",
        ),
        (
            Config::loadbalance([key("openai"), key("groq").weight(f64::NAN)]),
            "invalid config: targets[1].weight: must be a finite number >= 0",
        ),
        (
            Config::fallback([key("openai").weight(f64::INFINITY)]),
            "invalid config: targets[0].weight: must be a finite number >= 0",
        ),
        (
            Config::loadbalance([key("openai").weight(0.0), key("groq").weight(0.0)]),
            "invalid config: targets: every weight is 0; a loadbalance needs a target with a weight > 0",
        ),
        (
            Config::fallback([Target::loadbalance([key("a").weight(0.0)])]),
            "invalid config: targets[0].targets: every weight is 0; a loadbalance needs a target with a weight > 0",
        ),
        (
            Config::fallback([key("openai"), Target::provider("openai")]),
            "invalid config: targets[1].api_key: missing: `provider` needs an `api_key` (or use `virtual_key`)",
        ),
        (
            Config::fallback([key("openai"), Target::new().custom_host("http://127.0.0.1:1/v1")]),
            "invalid config: targets[1]: needs credentials: `provider` and `api_key`, or `virtual_key`, or `strategy` and `targets`",
        ),
        (
            Config::fallback([Target::new().retry(Retry::attempts(1))]),
            "invalid config: targets[0]: needs credentials: `provider` and `api_key`, or `virtual_key`, or `strategy` and `targets`",
        ),
        (
            Config::fallback([Target::fallback([key("a"), Target::provider("vertex-ai").extra("vertex_region", "r")])]),
            "invalid config: targets[0].targets[1].api_key: missing: `provider` needs an `api_key` (or use `virtual_key`)",
        ),
        (
            Config::builder(),
            "invalid config: needs `provider` and `api_key`, or `virtual_key`, or `strategy` and `targets`, or at least one of `cache`, `retry`, `request_timeout`",
        ),
        (
            Config::builder().provider("openai").custom_host("http://127.0.0.1:1/v1"),
            "invalid config: api_key: missing: `provider` needs an `api_key` (or use `virtual_key`)",
        ),
        (
            Config::with_strategy(Strategy::conditional([]).default_target("a"), [key("a").name("a")]),
            "invalid config: strategy.conditions: must not be empty with the conditional strategy",
        ),
        (
            Config::with_strategy(Strategy::fallback().condition(Condition::new(json!({}), "a")), [key("a")]),
            "invalid config: strategy.conditions: only used by the conditional strategy",
        ),
        (
            Config::with_strategy(Strategy::loadbalance().default_target("a"), [key("a")]),
            "invalid config: strategy.default: only used by the conditional strategy",
        ),
        (
            Config::conditional(
                [Condition::new(json!({"metadata.plan": {"$eq": "paid"}}), "paid")],
                "free",
                [key("a").name("paid"), key("b").name("fre")],
            ),
            "invalid config: strategy.default: no target is named `free`",
        ),
        (
            Config::conditional(
                [Condition::new(json!({}), "paid"), Condition::new(json!({}), "pro")],
                "paid",
                [key("a").name("paid")],
            ),
            "invalid config: strategy.conditions[1].then: no target is named `pro`",
        ),
        (
            Config::conditional([Condition::new(json!("plan=paid"), "a")], "a", [key("a").name("a")]),
            "invalid config: strategy.conditions[0].query: must be a JSON object",
        ),
        (
            Config::fallback([key("a")]).on_status_codes([429, 99]),
            "invalid config: strategy.on_status_codes[1]: must be an HTTP status code (100..=599), got 99",
        ),
        (
            Config::fallback([key("a")]).retry(Retry::attempts(2).on_status_codes([600])),
            "invalid config: retry.on_status_codes[0]: must be an HTTP status code (100..=599), got 600",
        ),
        (
            Config::fallback([key("a").retry(Retry::attempts(2).on_status_codes([0]))]),
            "invalid config: targets[0].retry.on_status_codes[0]: must be an HTTP status code (100..=599), got 0",
        ),
        (
            Config::builder().on_status_codes([429]).retry(Retry::attempts(1)),
            "invalid config: strategy.on_status_codes: set without a strategy (start from `Config::fallback`)",
        ),
        (Config::builder().request_timeout(0), "invalid config: request_timeout: must be > 0 (milliseconds)"),
        (
            Config::fallback([key("a").request_timeout(0)]),
            "invalid config: targets[0].request_timeout: must be > 0 (milliseconds)",
        ),
        (Config::builder().cache(Cache::simple().max_age(0)), "invalid config: cache.max_age: must be > 0 (seconds)"),
        (
            Config::fallback([key("a").cache(Cache::semantic().max_age(0))]),
            "invalid config: targets[0].cache.max_age: must be > 0 (seconds)",
        ),
        (
            Config::single(key("a").custom_host("127.0.0.1:1234")),
            "invalid config: targets[0].custom_host: must be an absolute http(s) or ws(s) URL with a host",
        ),
        (
            Config::builder().provider("openai").api_key("sk").custom_host("https://api.portkey.ai/v1"),
            "invalid config: custom_host: must not be a Portkey API host (the gateway rejects it)",
        ),
        (
            Config::single(key("a").override_params(json!(["model"]))),
            "invalid config: targets[0].override_params: must be a JSON object",
        ),
        (
            Config::single(key("a").extra("api_key", "sk-other")),
            "invalid config: targets[0].extra: `api_key` is a typed field; set it with its setter",
        ),
        (
            Config::builder().retry(Retry::attempts(1)).extra("targets", json!([])),
            "invalid config: extra: `targets` is a typed field; set it with its setter",
        ),
    ];
    for (builder, message) in cases {
        let err = build_err(builder);
        assert_eq!(err, message);
        assert!(!err.contains("sk-secret-value") && !err.contains("sk-other"), "{err}");
    }
    // The same rules run on parsed JSON.
    assert_eq!(
        json_err(json!({"strategy": {"mode": "loadbalance"}, "targets": [{"virtual_key": "v", "weight": -0.5}]})),
        "invalid config: targets[0].weight: must be a finite number >= 0"
    );
    assert_eq!(
        json_err(json!({"strategy": {"mode": "fallback"}, "targets": [{"provider": "openai"}]})),
        "invalid config: targets[0].api_key: missing: `provider` needs an `api_key` (or use `virtual_key`)"
    );
    assert_eq!(
        json_err(json!({"override_params": {"model": "x"}})),
        "invalid config: needs `provider` and `api_key`, or `virtual_key`, or `strategy` and `targets`, or at least one of `cache`, `retry`, `request_timeout`"
    );
    let err = Config::fallback([key("a").weight(-1.0)]).build().unwrap_err();
    assert_eq!((err.path(), err.message()), ("targets[0].weight", "must be a finite number >= 0"));
    let _: &dyn std::error::Error = &err;
}

#[test]
fn what_the_gateway_accepts_builds() {
    // Credentials other than a key, as the gateway accepts them.
    Config::fallback([
        Target::provider("ollama"),
        Target::provider("triton"),
        Target::provider("bedrock").extra("aws_access_key_id", "a").extra("aws_secret_access_key", "s"),
        Target::provider("vertex-ai").extra("vertex_region", "r").extra("vertex_service_account_json", json!({})),
        Target::provider("vertex-ai").extra("vertex_region", "r").extra("vertex_project_id", "p"),
    ])
    .build()
    .unwrap();
    // Top level: behaviour only (the provider comes from the headers), or a provider with it.
    Config::builder().cache(Cache::simple()).build().unwrap();
    Config::builder().request_timeout(500).build().unwrap();
    Config::builder().provider("openai").retry(Retry::attempts(2)).build().unwrap();
    Config::builder().extra("before_request_hooks", json!([])).build().unwrap();
    // No upper bound on retry attempts; one weight > 0 is enough; missing weights count as 1.
    Config::builder().retry(Retry::attempts(100)).build().unwrap();
    Config::loadbalance([key("a").weight(1.0), key("b").weight(0.0)]).build().unwrap();
    Config::loadbalance([key("a").weight(0.0), key("b")]).build().unwrap();
    // Boundary status codes.
    Config::fallback([key("a")]).on_status_codes([100, 599]).build().unwrap();
    // A single strategy may have a name-less target and a strategy replaced by the builder.
    let c = Config::single(key("a")).strategy(Strategy::fallback()).target(key("b")).targets([key("c")]).build();
    assert_eq!(c.unwrap().targets.len(), 3);
}

#[test]
fn debug_redacts_secrets() {
    let config = Config::fallback([
        Target::provider("openai").api_key("sk-live-123").override_params(json!({"model": "m", "api_key": "sk-op"})),
        Target::virtual_key("vk-live-456").extra("aws_secret_access_key", "aws-s3cret").weight(1.0),
    ])
    .api_key("sk-top")
    .build()
    .unwrap();
    let shown = format!("{config:?}");
    for secret in ["sk-live-123", "sk-op", "vk-live-456", "aws-s3cret", "sk-top"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("openai") && shown.contains("[redacted]"), "{shown}");
    assert_eq!(
        format!("{:?}", Target::provider("openai").api_key("sk-1").weight(0.5)),
        r#"Target { weight: 0.5, provider: "openai", api_key: [redacted] }"#
    );
    assert_eq!(
        format!("{:?}", Config::builder().virtual_key("vk-1").build().unwrap()),
        "Config { virtual_key: [redacted] }"
    );
    let builder = Config::single(Target::provider("openai").api_key("sk-b"));
    assert!(!format!("{builder:?}").contains("sk-b"));
    // Serialization does carry the secret: the gateway needs it.
    assert_eq!(config.to_json()["api_key"], "sk-top");
}

/// Secrets in the places a list of names would miss: lists under key-like names, a service
/// account given as JSON text, credentials in a target's `custom_host`, forwarded headers.
#[test]
fn debug_redacts_secrets_wherever_they_sit() {
    let service_account = json!({"type": "service_account", "private_key_id": "pk-id-1", "private_key": "pem-2"});
    let config = Config::fallback([
        Target::virtual_key("vk-a").extra("api_keys", json!(["sk-list-3", "sk-list-4"])),
        Target::virtual_key("vk-b").extra("vertex_service_account_json", service_account.to_string()),
        Target::virtual_key("vk-c").custom_host("https://user-5:pw-6@llm.internal/v1?token=t-7&region=eu"),
        Target::virtual_key("vk-d").extra("headers", json!({"cookie": "c-8", "x-auth": "a-9", "x-trace": "shown"})),
    ])
    .build()
    .unwrap();
    let shown = format!("{config:?}");
    for secret in ["pk-id-1", "pem-2", "sk-list-3", "sk-list-4", "user-5", "pw-6", "t-7", "c-8", "a-9"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    for kept in ["service_account", "llm.internal", "region=eu", "shown"] {
        assert!(shown.contains(kept), "{kept} not in {shown}");
    }
}

#[test]
fn a_config_is_a_config_option() {
    let config = Config::fallback([Target::provider("openai").api_key("sk-a"), Target::virtual_key("vk")])
        .on_status_codes([429])
        .build()
        .unwrap();
    let value: StringOrJson = config.clone().into();
    assert_eq!(value, StringOrJson::Json(config.to_json()));

    let options = crate::Options::builder().config(config).build().unwrap();
    let headers = options.create_headers().unwrap();
    let header = headers["x-portkey-config"].to_str().unwrap();
    assert!(header.contains(r#""mode": "fallback""#), "{header}");
    assert_eq!(
        header,
        r#"{"strategy": {"mode": "fallback", "on_status_codes": [429]}, "targets": [{"provider": "openai", "api_key": "sk-a"}, {"virtual_key": "vk"}]}"#
    );
    // The raw forms still work.
    let by_id = crate::Options::builder().config("pc-abc").build().unwrap();
    assert_eq!(by_id.create_headers().unwrap()["x-portkey-config"], "pc-abc");
    let raw = crate::Options::builder().config(json!({"retry": {"attempts": 1}})).build().unwrap();
    assert_eq!(raw.create_headers().unwrap()["x-portkey-config"], r#"{"retry": {"attempts": 1}}"#);
}

#[test]
fn a_config_is_its_root_target() {
    let mut config = Config::builder().provider("openai").api_key("sk").build().unwrap();
    assert_eq!(config.provider.as_deref(), Some("openai"));
    config.request_timeout = Some(500);
    assert_eq!(value(&config), json!({"provider": "openai", "api_key": "sk", "request_timeout": 500}));
    let root: &Target = &config;
    assert_eq!(serde_json::to_value(root).unwrap(), value(&config));
    assert_eq!(format!("{config:?}"), format!("{root:?}").replacen("Target", "Config", 1));
    // The root has no typed `name` or `weight`: the JSON keys are kept in `extra`.
    config.name = Some("top".into());
    assert_eq!(
        config.validate().unwrap_err().to_string(),
        "invalid config: name: only a target has a `name` (a config's goes in `extra`)"
    );
    config.name = None;
    config.weight = Some(1.0);
    assert_eq!(config.validate().unwrap_err().path(), "weight");
}
