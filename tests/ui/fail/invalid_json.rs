//! A schema that is not JSON.

portkey_macros::portkey_options!(inline = r#"{"options": [
    {"name": "trace_id", "header": "x-portkey-trace-id",}
]}"#);

fn main() {}
