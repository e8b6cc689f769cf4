//! A tour of the options API: build options, see the headers the gateway gets, load options
//! from the environment and from a JSON file's worth of text, and list the option table.
//!
//! Run: `cargo run -p portkey --example options_tour`

use portkey::{Group, OPTION_TABLE, Options, ResolvedOptions, create_headers};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Options as a Rust user sets them; names and meaning follow the Python SDK.
    let options = Options::builder()
        .api_key("pk-demo-key")
        .provider("openai")
        .authorization("sk-demo-provider-key")
        .trace_id("tour-1")
        .metadata(json!({"user": "ada", "plan": "paid"}))
        .config(
            json!({"strategy": {"mode": "fallback"}, "targets": [{"provider": "openai"}, {"provider": "anthropic"}]}),
        )
        .build()?;
    println!("options (secrets redacted): {options:?}\n");

    println!("headers, as the Python SDK's createHeaders writes them:");
    for (name, value) in &create_headers(&options)? {
        let shown = if value.is_sensitive() { "[redacted]" } else { value.to_str()? };
        println!("  {name}: {shown}");
    }

    // What a client would send: the SDK's defaults plus the key and base URL it resolves.
    let mut client_options = Options::sdk_defaults();
    client_options.overlay(&options);
    let resolved = ResolvedOptions::resolve(&client_options)?;
    println!("\na client would send {} headers to {}", resolved.headers.len(), resolved.settings.base_url);

    // Options from a JSON config file, keyed by the Python option names.
    let from_file: Options = serde_json::from_str(r#"{"virtual_key": "vk-demo", "debug": true}"#)?;
    println!("from JSON: {from_file:?}");

    // A bad value is an error that names the option, never a panic or a dropped value.
    let err = Options::builder().trace_id("line\nbreak").build().unwrap_err();
    println!("bad value: {err}");

    let from_env = Options::from_env()?;
    println!("from the environment (PORTKEY_*): {from_env:?}\n");

    let groups = [Group::Core, Group::Observability, Group::Caching, Group::Http];
    for group in groups {
        let names: Vec<_> = OPTION_TABLE.iter().filter(|o| o.group == group).map(|o| o.name).collect();
        println!("{group:?} options: {}", names.join(", "));
    }
    println!("({} options in all)", OPTION_TABLE.len());
    Ok(())
}
