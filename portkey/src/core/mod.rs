//! The sans-IO core shared by the async and blocking clients.

pub mod sse;
