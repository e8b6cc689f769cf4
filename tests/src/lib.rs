//! Integration tests of the portkey-rs workspace live in `tests/`; this crate has no library code.
