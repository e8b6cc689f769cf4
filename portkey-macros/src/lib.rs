//! Procedural macros of portkey-rs.
//!
//! [`portkey_options!`] reads the options schema (one JSON file listing every client option) at
//! compile time and generates the typed options API from it. The entry point is a thin shim: the
//! work happens in plain modules (`args`, `schema`, `expand`) that take and return
//! `proc_macro2` values, so they are unit-tested without a compiler in the loop.

mod args;
mod endpoints;
mod expand;
mod locate;
mod schema;
mod types;
mod value_type;

use proc_macro::TokenStream;

/// Generates the options API from a schema file.
///
/// ```text
/// portkey_macros::portkey_options!("../schema/options.json");
/// ```
///
/// The path is resolved relative to the file that invokes the macro (like `include_str!`).
/// The key-value form `portkey_options!(path = "...", extra = r#"[..]"#, omit = ["name"])` also
/// takes `inline = r#"{..}"#` instead of `path`; `extra` appends options and `omit` drops them,
/// which the project's compile-fail tests use to show how the checks react to a changed schema.
///
/// The expansion expects the `portkey` crate's support items at `::portkey::__private` and
/// defines `Options`, `ClientBuilder<C>`, `ClientSideOptions` and `OPTION_TABLE` in the
/// invoking module. Any schema problem is a compile error naming the option and the problem.
#[proc_macro]
pub fn portkey_options(input: TokenStream) -> TokenStream {
    expand::run(input.into()).into()
}

/// Generates the resource tree of both clients from the endpoints schema.
///
/// ```text
/// portkey_macros::portkey_endpoints!("../../schema/endpoints.json");
/// ```
///
/// The path is resolved like [`portkey_options!`]'s (`inline = r#"{..}"#` also works). The
/// expansion defines, in the invoking module, one struct per resource (`BetaThreadsRuns<'a, F>`)
/// with its child accessors and methods (plain, `_with`, `_byot`, and `_stream` variants),
/// the client's top-level accessors, `ENDPOINT_TABLE`, `LEFT_OUT` and the `SURFACE` text. It
/// expects the `portkey` crate's support items at `::portkey::__private::endpoint`.
#[proc_macro]
pub fn portkey_endpoints(input: TokenStream) -> TokenStream {
    endpoints::run(input.into()).into()
}

/// Generates the request, query, reply and event types from the types schema.
///
/// ```text
/// portkey_macros::portkey_types!("../../schema/types.json");
/// ```
///
/// The path is resolved like [`portkey_options!`]'s. The schema lists the OpenAPI documents the
/// types come from and the endpoints schema whose endpoints reach them; the expansion defines
/// every type in the invoking module, each behind the Cargo features of the areas that use it,
/// and `TYPES_SURFACE`, the snapshot text. It expects the `portkey` crate's support items at
/// `::portkey::__private::types`.
#[proc_macro]
pub fn portkey_types(input: TokenStream) -> TokenStream {
    types::run(input.into()).into()
}

/// For tests: `portkey_type_table!("../schema/types.json", check)` defines
/// `fn for_type(name: &str, text: &str) -> Option<Result<String, String>>`, calling
/// `check::<portkey::types::Name>(text)` for the generated JSON type of that name (multipart
/// forms aside), and `TYPE_NAMES`, every such name. The caller enables the features the types
/// sit behind.
#[doc(hidden)]
#[proc_macro]
pub fn portkey_type_table(input: TokenStream) -> TokenStream {
    types::table(input.into()).into()
}

/// For tests: `portkey_endpoint_replays!("../schema/types.json")` defines
/// `fn typed_replay(client: &Typed, name: &str, call: &serde_json::Value) -> Option<Result<(), String>>`,
/// which makes a captured call (`tests/endpoints/wire.json`) through the endpoint's typed public
/// method: the JSON body read as its request type, the query pairs as its query type (through
/// the caller's `query_field(pairs, name, kind)`), path parameters in order; the caller defines
/// `Typed` and the `send!` macro that runs a call with either client. `None` for an endpoint
/// without such types (multipart, bytes, untyped bodies).
#[doc(hidden)]
#[proc_macro]
pub fn portkey_endpoint_replays(input: TokenStream) -> TokenStream {
    types::replays(input.into()).into()
}
