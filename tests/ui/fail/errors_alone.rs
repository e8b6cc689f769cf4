//! A schema with mistakes still expands from what it can: the build shows the schema's errors,
//! each naming its `file:line`, and not a cascade of errors from code using the options (here
//! `Options`, its builder, `OPTION_TABLE`, and the faulty `proxy_url` itself).

mod options {
    portkey_macros::portkey_options!(path = "../../../schema/options.json", extra = r#"[
        {"name": "proxy_url", "header": null, "type": "url", "group": "networking", "env": null,
         "default": null, "client": true, "doc": "An HTTP proxy for every request."},
        {"name": "colour", "header": "x-portkey-colour", "type": "color", "group": "other",
         "env": null, "default": null, "doc": "Dropped: its type is unknown."}
    ]"#);
}

fn main() {
    let options = options::Options::builder().api_key("pk-1").trace_id("t").build().unwrap();
    let _ = (options.proxy_url, options::OPTION_TABLE.len());
}
