//! Several problems in one schema are reported together, each naming its option.

portkey_macros::portkey_options!(inline = r#"{"options": [
    {"name": "trace_id", "header": "x-portkey-trace-id", "type": "strng", "group": "observability",
     "env": null, "default": null, "doc": "Trace."},
    {"name": "provider", "header": "x-portkey-provider", "type": "string", "group": "space",
     "env": null, "default": null},
    {"name": "debug", "header": "x-portkey-debug", "type": "bool", "group": "core",
     "env": null, "default": "yes", "doc": "Debug."}
]}"#);

fn main() {}
