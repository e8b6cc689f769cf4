//! The sans-IO core shared by the async and blocking clients.

pub mod request;
pub mod retry;
pub mod sse;
pub mod stream;
