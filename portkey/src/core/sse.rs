//! Server-sent events decoding (to be written).
