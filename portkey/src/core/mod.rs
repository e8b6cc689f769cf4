//! The sans-IO core shared by the async and blocking clients.

pub mod limits;
pub mod request;
pub mod retry;
pub mod sse;
pub mod stream;
pub mod timeouts;
