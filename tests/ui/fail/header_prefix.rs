//! A header without the x-portkey- prefix, and one that is not what the Python SDK derives.

portkey_macros::portkey_options!(inline = r#"{"options": [
    {"name": "trace_id", "header": "trace-id", "type": "string", "group": "observability",
     "env": null, "default": null, "doc": "Trace."},
    {"name": "span_id", "header": "x-portkey-span", "type": "string", "group": "observability",
     "env": null, "default": null, "doc": "Span."}
]}"#);

fn main() {}
