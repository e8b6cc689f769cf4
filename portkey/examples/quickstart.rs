//! Placeholder; the quickstart comes with the clients.
fn main() {}
