//! Integration tests of the portkey-rs workspace live in `tests/`; this library holds what the
//! end-to-end tests against the real Portkey gateway need:
//!
//! - [`gateway::Gateway`]: the open-source gateway (`@portkey-ai/gateway`, Node.js) as a child
//!   process on `127.0.0.1`, installed on demand by `.ci/install-gateway`;
//! - [`mock_provider::MockProvider`]: an OpenAI-compatible provider on `127.0.0.1` to put behind
//!   it as its custom host, recording every request.

pub mod gateway;
pub mod mock_provider;
