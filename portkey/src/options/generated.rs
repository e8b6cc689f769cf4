//! The options API, generated from `schema/options.json` by `portkey_macros::portkey_options!`.
//!
//! Everything here ([`Options`], [`ClientBuilder`], [`ClientSideOptions`], [`OPTION_TABLE`]) is
//! generated; edit the schema, not this file.

portkey_macros::portkey_options!("../../schema/options.json");

crate::assert_seed_options!(OPTION_TABLE);

/// The Rust counterpart of the Python SDK's `createHeaders(**kwargs)`: the headers the given
/// options send, written as the SDK writes them.
///
/// ```
/// let options = portkey::Options::builder().api_key("pk-123").trace_id("t-1").debug(false).build()?;
/// let headers = portkey::create_headers(&options)?;
/// assert_eq!(headers["x-portkey-trace-id"], "t-1");
/// assert_eq!(headers["x-portkey-debug"], "false");
/// # Ok::<(), portkey::OptionError>(())
/// ```
pub fn create_headers(options: &Options) -> Result<http::HeaderMap, crate::OptionError> {
    options.create_headers()
}
