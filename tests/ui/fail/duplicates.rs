//! Duplicate names and headers.

portkey_macros::portkey_options!(inline = r#"{"options": [
    {"name": "authorization", "header": "Authorization", "unprefixed": true, "type": "secret",
     "group": "core", "env": null, "default": null, "doc": "Auth."},
    {"name": "authorization", "header": "x-portkey-authorization", "type": "secret",
     "group": "core", "env": null, "default": null, "doc": "Auth again."},
    {"name": "auth", "header": "authorization", "unprefixed": true, "type": "secret",
     "group": "core", "env": null, "default": null, "doc": "Same header."}
]}"#);

fn main() {}
