//! portkey-rs side by side with its peers: async-openai (the OpenAI SDK Rust users reach for)
//! and raw reqwest (the limit), against one loopback server in a separate process.
//!
//! * [`openai`]: async-openai pointed at the gateway with [`portkey::create_headers`], the
//!   pattern Portkey's docs lead with (example: `cargo run -p portkey-peers --example async_openai`).
//! * [`peers`]: the three clients, each making the same chat call and stream.
//! * [`server`], [`replies`]: the server (`peer-server`) and the bytes it sends every client.
//! * [`measure`]: one scenario with one client, in a process of its own (`peer-client`).
//! * [`interleaved`]: CPU per call with the clients taking turns in one process
//!   (`peer-client interleaved`), the timed comparison that resolves a few percent.
//!
//! The driver is `cargo bench -p portkey-peers` (`benches/peers.rs`): it interleaves the clients
//! and prints the ratios. This crate is not published; its peers never enter portkey's
//! dependency graph.

pub mod interleaved;
pub mod measure;
pub mod openai;
pub mod peers;
pub mod replies;
pub mod server;
