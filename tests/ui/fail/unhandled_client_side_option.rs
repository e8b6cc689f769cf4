//! The project's schema plus one more client-side option: the hand-written client-side
//! handling (`portkey/src/options/client_side.rs`, compiled here as it is) no longer compiles.

mod options {
    portkey_macros::portkey_options!(path = "../../../schema/options.json", extra = r#"[
        {"name": "proxy_url", "header": null, "type": "url", "group": "http", "env": null,
         "default": null, "client": true, "doc": "An HTTP proxy for every request."}
    ]"#);
}

#[path = "../../../portkey/src/options/client_side.rs"]
mod client_side;

fn main() {}
