//! The request core shared by the async and blocking clients: how a call is built
//! (`request`, `request_options`), retried (`retry`), bounded (`limits`, `timeouts`) and read
//! (`response`, `gateway`, `sse`, `stream`). The sending itself is `client::send`.

pub mod download;
pub mod gateway;
pub mod limits;
pub mod lines;
pub(crate) mod mime;
pub mod multipart;
pub mod pages;
pub mod request;
pub mod request_options;
pub mod response;
pub mod retry;
pub mod sse;
pub mod stream;
pub mod timeouts;
