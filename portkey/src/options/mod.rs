//! Stage one of the pipeline: `schema/options.json` becomes the options API.
//!
//! [`generated`] holds the one macro call that expands the schema into [`Options`],
//! [`ClientBuilder`], [`ClientSideOptions`], [`OPTION_TABLE`] and header serialization; the
//! other modules are the hand-written pieces that code relies on: the value types options
//! hold, how the Python SDK writes them, how a client resolves them.

pub(crate) mod client_side;
pub(crate) mod constants;
mod coverage;
pub(crate) mod error;
mod generated;
pub mod globals;
pub(crate) mod info;
pub mod pyjson;
pub(crate) mod python_values;
pub(crate) mod redact;
pub(crate) mod resolve;
pub(crate) mod secret;
pub(crate) mod value;
pub(crate) mod values;

pub use generated::{ClientBuilder, ClientSideOptions, OPTION_TABLE, Options, create_headers};
