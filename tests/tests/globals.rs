//! Process-wide defaults and their precedence. One test, in its own binary: globals are shared
//! by the whole process.

use portkey::{LOCAL_BASE_URL, OptionError, Options, PORTKEY_BASE_URL, ResolvedOptions, globals};

fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
}

#[test]
fn explicit_beats_global_beats_environment() {
    let none = env(&[]);
    let with_key = env(&[("PORTKEY_API_KEY", "pk-env"), ("PORTKEY_PROXY", "http://127.0.0.1:9/v1")]);

    // Nothing anywhere: the local gateway, an empty key.
    let r = ResolvedOptions::resolve_with(&Options::sdk_defaults(), &none).unwrap();
    assert_eq!(r.settings.base_url, LOCAL_BASE_URL);
    assert_eq!(r.headers["x-portkey-api-key"], "");
    assert_eq!(r.headers["x-portkey-strict-open-ai-compliance"], "false");

    // The environment only.
    let r = ResolvedOptions::resolve_with(&Options::default(), &with_key).unwrap();
    assert_eq!((r.api_key.expose(), r.settings.base_url.as_str()), ("pk-env", "http://127.0.0.1:9/v1"));

    // Globals beat the environment.
    globals::set_api_key(Some("pk-global"));
    globals::set_base_url(Some("http://127.0.0.1:10/v1"));
    globals::set_config(Some("pc-global"));
    globals::set_mode(Some("fallback"));
    let r = ResolvedOptions::resolve_with(&Options::default(), &with_key).unwrap();
    assert_eq!((r.api_key.expose(), r.settings.base_url.as_str()), ("pk-global", "http://127.0.0.1:10/v1"));
    assert_eq!(r.headers["x-portkey-config"], "pc-global");
    assert_eq!(r.headers["x-portkey-mode"], "proxy fallback");

    // Explicit options beat globals.
    let explicit =
        Options::builder().api_key("pk-explicit").base_url(PORTKEY_BASE_URL).config("pc-mine").into_options();
    let r = ResolvedOptions::resolve_with(&explicit, &with_key).unwrap();
    assert_eq!((r.api_key.expose(), r.settings.base_url.as_str()), ("pk-explicit", PORTKEY_BASE_URL));
    assert_eq!(r.headers["x-portkey-config"], "pc-mine");
    assert_eq!(globals::mode().map(|m| m.to_string()).as_deref(), Some("fallback"));

    // Cleared globals fall back to the environment again; the hosted API needs a key.
    globals::set_api_key(None::<&str>);
    globals::set_base_url(None::<&str>);
    globals::set_config(None::<&str>);
    globals::set_mode(None::<&str>);
    let hosted = Options::builder().base_url(PORTKEY_BASE_URL).into_options();
    assert_eq!(ResolvedOptions::resolve_with(&hosted, &none).unwrap_err(), OptionError::MissingApiKey);
    let r = ResolvedOptions::resolve_with(&hosted, &with_key).unwrap();
    assert_eq!(r.api_key.expose(), "pk-env");
}
