//! Turning the macro input into code: load the schema, check it, generate every part.
//!
//! Each submodule generates one part from a checked [`Schema`]; they are pure functions of the
//! schema, so the expansion is deterministic (file order, no hash-map iteration).

mod builder;
mod env;
mod headers;
mod map;
mod options;
mod table;

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use syn::LitStr;

use crate::args::{Args, Source};
use crate::locate;
use crate::schema::{self, OptionSpec, Schema};

/// The macro body: parse arguments, load and check the schema, generate the API.
///
/// A schema with problems still expands, from its good entries, next to one `compile_error!`
/// per problem: the rest of the crate then finds `Options` and friends, so the build shows the
/// schema's errors rather than a cascade of unresolved imports.
pub fn run(input: TokenStream) -> TokenStream {
    let args: Args = match syn::parse2(input) {
        Ok(a) => a,
        Err(e) => return e.to_compile_error(),
    };
    match load(&args) {
        Ok(Loaded { schema, tracked, errors: None }) => generate(&schema, tracked.as_deref()),
        Ok(Loaded { schema, tracked, errors: Some(errors) }) => {
            let fallback = generate(&schema, tracked.as_deref());
            let errors = errors.to_compile_error();
            quote!(#errors #fallback)
        }
        Err(errors) => errors.to_compile_error(),
    }
}

/// A loaded schema: the entries that passed, the file to track, and the problems, if any.
struct Loaded {
    schema: Schema,
    tracked: Option<PathBuf>,
    errors: Option<syn::Error>,
}

/// Reads the schema text, applies `extra` and `omit`, and checks it. Every problem becomes one
/// `syn::Error` on the schema literal, naming the `file:line` of the entry it is about; they
/// are combined so all are reported together. Only a schema that cannot be read or parsed at
/// all is an `Err`.
fn load(args: &Args) -> Result<Loaded, syn::Error> {
    let lit = args.span_lit();
    let error = |message: String| syn::Error::new(lit.span(), message);
    let (text, origin, tracked) = match &args.source {
        Source::Inline(l) => (l.value(), "inline schema".to_string(), None),
        Source::Path(l) => {
            let path = resolve(l);
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| syn::Error::new(l.span(), format!("cannot read schema `{shown}`: {e}")))?;
            (text, format!("schema {shown}"), Some(path))
        }
    };
    let doc = schema::parse_document(&text).map_err(|m| error(format!("{origin}: {m}")))?;
    // Each entry with where it is, for messages: `schema `path`:LINE`.
    let mut entries =
        located(schema::options_array(doc).map_err(|m| error(format!("{origin}: {m}")))?, &text, "options", &origin);
    if let Some(extra) = &args.extra {
        let more = schema::parse_document(&extra.value())
            .and_then(|v| match v {
                Value::Array(a) => Ok(a),
                _ => Err("`extra` must be a JSON array of option entries".into()),
            })
            .map_err(|m| error(format!("extra options: {m}")))?;
        entries.extend(located(more, &extra.value(), "", "extra options"));
    }
    for name in &args.omit {
        let before = entries.len();
        entries.retain(|(_, e)| e.get("name").and_then(Value::as_str) != Some(name.value().as_str()));
        if entries.len() == before {
            return Err(syn::Error::new(name.span(), format!("`omit`: the schema has no option `{}`", name.value())));
        }
    }
    let (places, entries): (Vec<String>, Vec<Value>) = entries.into_iter().unzip();
    let (schema, problems) = schema::check(&entries);
    let errors = problems.into_iter().map(|p| {
        let place = p.entry.and_then(|i| places.get(i)).unwrap_or(&origin);
        error(format!("{place}: {}", p.message))
    });
    let errors = errors.reduce(|mut all, e| {
        all.combine(e);
        all
    });
    Ok(Loaded { schema, tracked, errors })
}

/// Pairs each entry with its place, `origin:LINE`, found in `text` under `key`.
fn located(entries: Vec<Value>, text: &str, key: &str, origin: &str) -> Vec<(String, Value)> {
    let lines = locate::entry_lines(text, key);
    let place = |i: usize| lines.get(i).map_or_else(|| origin.to_string(), |line| format!("{origin}:{line}"));
    entries.into_iter().enumerate().map(|(i, e)| (place(i), e)).collect()
}

/// Resolves a schema path against the invoking file's directory, the way `include_str!` does,
/// falling back to the invoking crate's manifest directory.
pub(crate) fn resolve(lit: &LitStr) -> PathBuf {
    let rel = PathBuf::from(lit.value());
    if rel.is_absolute() {
        return rel;
    }
    let base = proc_macro::Span::call_site()
        .local_file()
        .and_then(|f| f.parent().map(Path::to_path_buf))
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from))
        .unwrap_or_default();
    let joined = base.join(rel);
    std::fs::canonicalize(&joined).unwrap_or(joined)
}

/// Generates the whole API for a checked schema. `tracked` is the schema file, which the
/// expansion `include_bytes!`s so that cargo rebuilds the crate when the file changes.
pub fn generate(schema: &Schema, tracked: Option<&Path>) -> TokenStream {
    let track = tracked.map(|p| {
        let p = p.display().to_string();
        quote!(
            const _: &[u8] = include_bytes!(#p);
        )
    });
    let parts = [
        table::generate(schema),
        options::generate(schema),
        builder::generate(schema),
        env::generate(schema),
        headers::generate(schema),
        map::generate(schema),
    ];
    quote! {
        #track
        #(#parts)*
    }
}

/// The field identifier of an option.
pub(crate) fn field(o: &OptionSpec) -> syn::Ident {
    format_ident!("{}", o.name, span = Span::call_site())
}

/// An expression for the option's entry in the generated `OPTION_TABLE`.
pub(crate) fn info(schema: &Schema, o: &OptionSpec) -> TokenStream {
    let index = schema.options.iter().position(|x| x.name == o.name).unwrap_or_default();
    quote!(&OPTION_TABLE[#index])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Schema {
        let entries = json!([
            {"name": "api_key", "header": "x-portkey-api-key", "type": "secret", "group": "core",
             "env": "PORTKEY_API_KEY", "implicit_env": true, "default": null, "doc": "Key."},
            {"name": "base_url", "header": null, "type": "url", "group": "core", "env": "PORTKEY_PROXY",
             "default": null, "client": true, "doc": "Base URL."},
            {"name": "strict_open_ai_compliance", "header": "x-portkey-strict-open-ai-compliance",
             "type": "bool", "group": "core", "env": null, "default": false, "doc": "Strict."}
        ]);
        let (schema, problems) = schema::check(entries.as_array().unwrap());
        assert!(problems.is_empty(), "{problems:?}");
        schema
    }

    #[test]
    fn expansion_parses_as_rust_and_is_deterministic() {
        let a = generate(&schema(), None).to_string();
        let b = generate(&schema(), None).to_string();
        assert_eq!(a, b);
        syn::parse_file(&a).expect("the expansion is valid Rust");
    }

    #[test]
    fn expansion_tracks_the_schema_file() {
        let out = generate(&schema(), Some(Path::new("/x/options.json"))).to_string();
        assert!(out.contains("include_bytes ! (\"/x/options.json\")"), "{out}");
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let out = generate(&schema(), None).to_string();
        let debug = out.split("impl :: std :: fmt :: Debug for Options").nth(1).expect("a Debug impl");
        let api_key = debug.split("\"api_key\"").nth(1).expect("api_key is printed");
        assert!(api_key.trim_start().starts_with(", & :: portkey :: __private :: Redacted"), "{api_key}");
    }

    #[test]
    fn client_side_struct_holds_only_client_options() {
        let out = generate(&schema(), None).to_string();
        let cs = out.split("pub struct ClientSideOptions").nth(1).unwrap();
        let body = &cs[..cs.find('}').unwrap()];
        assert!(body.contains("base_url"));
        assert!(!body.contains("api_key"));
    }

    #[test]
    fn bad_arguments_are_errors_not_panics() {
        let out = run(quote!(path = 3)).to_string();
        assert!(out.contains("compile_error"), "{out}");
        let out = run(quote!(inline = "{\"options\": [{\"name\": \"x\"}]}")).to_string();
        assert!(out.contains("inline schema:1: option `x`: missing string field `type`"), "{out}");
        let out = run(quote!(inline = "[1]")).to_string();
        assert!(out.contains("must be a JSON object"), "{out}");
    }
}
