//! Procedural macros of portkey-rs.
//!
//! [`portkey_options!`] reads the options schema (one JSON file listing every client option) at
//! compile time and generates the typed options API from it. The entry point is a thin shim: the
//! work happens in plain modules (`args`, `schema`, `expand`) that take and return
//! `proc_macro2` values, so they are unit-tested without a compiler in the loop.

mod args;
mod expand;
mod locate;
mod schema;
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
