//! `portkey_types!`: the request, query, reply and event types, generated from the OpenAPI
//! documents the repository carries (`schema/openapi/`) and what `schema/types.json` says of
//! them, for every type an endpoint of `schema/endpoints.json` reaches.
//!
//! The pipeline: [`spec`] reads the documents, [`overlay`] checks `types.json`, [`resolve`]
//! turns schemas into the [`model`], [`bind`] finds each endpoint's types and what every type
//! needs to know of the others, [`expand`] writes the Rust code and [`surface`] the snapshot.
//! The endpoints macro loads the same bundle, so a method's types are the generated ones.

pub mod bind;
pub mod docs;
pub mod expand;
pub mod model;
pub mod naming;
pub mod overlay;
pub mod resolve;
pub mod spec;
pub mod surface;

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::args::{Args, Source};
use crate::endpoints::schema as endpoint_schema;
use crate::locate;

/// Everything the two macros generate from: the types and every endpoint's.
pub struct Loaded {
    pub bundle: bind::Bundle,
    pub endpoints: endpoint_schema::Schema,
    /// Every file read, for the expansion to track.
    pub files: Vec<PathBuf>,
}

/// Reads `types.json` at `types_path`, the documents it lists and the endpoints schema it
/// names, and builds the bundle.
pub fn load(types_path: &Path) -> Result<Loaded, String> {
    let shown = |p: &Path| p.display().to_string();
    let dir = types_path.parent().unwrap_or(Path::new("."));
    let text = std::fs::read_to_string(types_path).map_err(|e| format!("cannot read `{}`: {e}", shown(types_path)))?;
    let (overlay, mut problems) = overlay::parse(&text, &shown(types_path));
    let mut files = vec![types_path.to_path_buf()];
    let mut specs = Vec::new();
    for s in &overlay.specs {
        let path = dir.join(&s.file);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read `{}`: {e}", shown(&path)))?;
        specs.push(spec::Spec::parse(&s.name, &shown(&path), &s.docs, &text)?);
        files.push(path);
    }
    let doc: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let endpoints_file = doc.get("endpoints").and_then(Value::as_str).unwrap_or("endpoints.json");
    let endpoints_path = dir.join(endpoints_file);
    // Its problems are the endpoints macro's to report.
    let (endpoints, _) = load_endpoints(&endpoints_path)?;
    files.push(endpoints_path);
    let mut bundle = bind::build(&overlay, &specs, &endpoints.endpoints);
    problems.append(&mut bundle.problems);
    bundle.problems = problems;
    let mut endpoints = endpoints;
    fill(&mut endpoints, &bundle);
    for local in &mut endpoints.local {
        local.area = bind::area_of(&overlay, &local.name);
    }
    Ok(Loaded { bundle, endpoints, files })
}

/// Writes each endpoint's types (full Rust paths) into its entry, for the endpoints expansion.
fn fill(endpoints: &mut endpoint_schema::Schema, bundle: &bind::Bundle) {
    use bind::TypeRef;
    let model = &bundle.model;
    let text = |t: &TypeRef| match t {
        TypeRef::Generated(ty) => surface::ty_path(model, ty),
        TypeRef::Named(name) => format!("::portkey::types::{name}"),
    };
    for e in &mut endpoints.endpoints {
        let Some(b) = bundle.endpoints.get(&e.name) else { continue };
        e.typed.area = b.area.clone();
        if let Some(body) = &b.body {
            e.request = Some(text(body));
            if let TypeRef::Generated(model::Ty::Named(i)) = body
                && let model::Kind::Struct(s) = &model.types[*i].kind
            {
                e.typed.typed_form = s.is_form();
                e.typed.stream_field = s.fields().any(|f| f.wire == "stream" && f.ty == model::Ty::Bool);
            }
        }
        e.reply_type = b.reply.as_ref().map(text);
        if let (Some(TypeRef::Generated(model::Ty::Named(i))), Some(_)) = (&b.reply, &b.item)
            && let model::Kind::Struct(s) = &model.types[*i].kind
        {
            e.typed.page = s.fields().any(|f| f.wire == "data" && f.required && !f.boxed);
        }
        e.item_type = b.item.as_ref().map(text);
        if let (Some((_, event)), Some(bound)) = (&mut e.stream, &b.event) {
            *event = Some(text(bound));
        }
        e.typed.query = b.query.as_ref().map(|q| surface::ty_path(model, q));
        if let Some(model::Ty::Named(i)) = &b.query
            && let model::Kind::Struct(s) = &model.types[*i].kind
        {
            e.typed.query_stream_field = s.fields().any(|f| f.wire == "stream" && f.ty == model::Ty::Bool);
        }
    }
}

/// Reads and checks the endpoints schema.
pub fn load_endpoints(path: &Path) -> Result<(endpoint_schema::Schema, Vec<endpoint_schema::Problem>), String> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read schema `{shown}`: {e}"))?;
    let origin = format!("schema {shown}");
    let entries = crate::schema::parse_document(&text)
        .and_then(crate::endpoints::endpoints_array)
        .map_err(|m| format!("{origin}: {m}"))?;
    let lines = locate::entry_lines(&text, "endpoints");
    let place = |i: usize| lines.get(i).map_or_else(|| origin.clone(), |line| format!("{origin}:{line}"));
    let located: Vec<(String, Value)> = entries.into_iter().enumerate().map(|(i, e)| (place(i), e)).collect();
    Ok(endpoint_schema::check(&located))
}

/// The declarations at a path the test macros were given (relative to the calling crate); a
/// load error is a compile error at that path.
fn load_at(path: &syn::LitStr) -> Result<Loaded, TokenStream> {
    load(&crate::expand::resolve(path)).map_err(|m| syn::Error::new(path.span(), m).to_compile_error())
}

/// The macro body.
pub fn run(input: TokenStream) -> TokenStream {
    let args: Args = match syn::parse2(input) {
        Ok(a) => a,
        Err(e) => return e.to_compile_error(),
    };
    let lit = args.span_lit().clone();
    let error = |message: String| syn::Error::new(lit.span(), message).to_compile_error();
    let path = match &args.source {
        Source::Path(l) => crate::expand::resolve(l),
        Source::Inline(_) => return error("`portkey_types!` reads a file: give its path".into()),
    };
    let loaded = match load(&path) {
        Ok(l) => l,
        Err(m) => return error(m),
    };
    let errors = loaded.bundle.problems.iter().map(|p| error(p.clone()));
    let tracked = loaded.files.iter().map(|f| {
        let f = f.display().to_string();
        quote!(
            const _: &[u8] = include_bytes!(#f);
        )
    });
    let generated = expand::generate(&loaded.bundle.model);
    // For reading the expansion: `PORTKEY_TYPES_DUMP=/tmp/types.rs cargo build` writes it out.
    if let Some(dump) = std::env::var_os("PORTKEY_TYPES_DUMP") {
        let _ = std::fs::write(dump, generated.to_string());
    }
    let surface = surface::render(&loaded.bundle.model);
    let areas = loaded.bundle.areas.iter().map(|a| {
        let (name, doc, default) = (&a.name, &a.doc, a.default);
        quote!((#name, #doc, #default))
    });
    quote! {
        #(#errors)*
        #(#tracked)*
        #generated
        /// The API areas: each a Cargo feature of this crate (name, what it holds, whether it is
        /// among the default features), declared in `schema/types.json`.
        pub const AREAS: &[(&str, &str, bool)] = &[#(#areas),*];

        /// Every generated type with its fields and their Rust types, as `tests/types/surface.txt`
        /// holds it (a test compares the two).
        #[doc(hidden)]
        pub const TYPES_SURFACE: &str = #surface;
    }
}

/// `portkey_type_table!`: a name → type dispatch over every generated JSON type, for tests.
pub fn table(input: TokenStream) -> TokenStream {
    struct Input {
        path: syn::LitStr,
        call: syn::Ident,
    }
    impl syn::parse::Parse for Input {
        fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
            let path = input.parse()?;
            input.parse::<syn::Token![,]>()?;
            Ok(Input { path, call: input.parse()? })
        }
    }
    let Input { path, call } = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let loaded = match load_at(&path) {
        Ok(l) => l,
        Err(e) => return e,
    };
    let model = &loaded.bundle.model;
    let json: Vec<&model::TypeDef> =
        model.types.iter().filter(|t| t.reached && !matches!(&t.kind, model::Kind::Struct(s) if s.is_form())).collect();
    let names: Vec<&str> = json.iter().map(|t| t.name.as_str()).collect();
    let idents = json.iter().map(|t| syn::Ident::new(&t.name, proc_macro2::Span::call_site()));
    quote! {
        /// Every generated JSON type's name.
        const TYPE_NAMES: &[&str] = &[#(#names),*];

        /// `check` for the type named `name`.
        fn for_type(name: &str, text: &str) -> ::std::option::Option<::std::result::Result<::std::string::String, ::std::string::String>> {
            match name {
                #(#names => ::std::option::Option::Some(#call::<::portkey::types::#idents>(text)),)*
                _ => ::std::option::Option::None,
            }
        }
    }
}

/// `portkey_endpoint_replays!`: every typed endpoint's captured calls made through its typed
/// public method, for tests.
pub fn replays(input: TokenStream) -> TokenStream {
    use crate::endpoints::schema::{Body, Reply, StreamVia};
    let path: syn::LitStr = match syn::parse2(input) {
        Ok(p) => p,
        Err(e) => return e.to_compile_error(),
    };
    let loaded = match load_at(&path) {
        Ok(l) => l,
        Err(e) => return e,
    };
    let model = &loaded.bundle.model;
    let mut arms = Vec::new();
    let mut names = Vec::new();
    for e in &loaded.endpoints.endpoints {
        let Some(bound) = loaded.bundle.endpoints.get(&e.name) else { continue };
        let body_ty = match (&e.body, &bound.body) {
            (Body::Json, Some(bind::TypeRef::Generated(ty))) => Some(surface::ty_path(model, ty)),
            (Body::None | Body::EmptyJson, _) => None,
            _ => continue,
        };
        if e.body == Body::Json && body_ty.is_none() {
            continue;
        }
        // Query parameters the types do not name (the Portkey route's, for now) are not typed.
        if !e.query.is_empty() && bound.query.is_none() {
            continue;
        }
        let (resource, method) = e.split();
        let mut call = quote!(c);
        for part in resource.split('.') {
            let part = syn::Ident::new(part, proc_macro2::Span::call_site());
            call = quote!(#call.#part());
        }
        let params = (0..e.path_params.len()).map(|i| quote!(params[#i].as_str()));
        let body = body_ty.as_ref().map(|t| {
            let t: syn::Type = syn::parse_str(t).expect("a type path");
            quote!(let body: #t = ::serde_json::from_value(call["body"].clone()).map_err(|e| format!("body: {e}"))?;)
        });
        let body_arg = body_ty.as_ref().map(|_| quote!(body));
        let query = bound.query.as_ref().map(|q| {
            let model::Ty::Named(i) = q else { return quote!() };
            let model::Kind::Struct(s) = &model.types[*i].kind else { return quote!() };
            let fields = s.fields().map(|f| {
                let kind = match &f.ty {
                    model::Ty::I64 => "integer",
                    model::Ty::F64 | model::Ty::Number => "number",
                    model::Ty::Bool => "bool",
                    model::Ty::Vec(_) => "list",
                    model::Ty::Map(_) | model::Ty::Object => "map",
                    _ => "string",
                };
                let wire = &f.wire;
                quote!(if let ::std::option::Option::Some(v) = query_field(&pairs, #wire, #kind) { q.insert(#wire.into(), v); })
            });
            let t: syn::Type = syn::parse_str(&surface::ty_path(model, q)).expect("a type path");
            quote! {
                let mut q = ::serde_json::Map::new();
                #(#fields)*
                let query: #t = ::serde_json::from_value(::serde_json::Value::Object(q)).map_err(|e| format!("query: {e}"))?;
            }
        });
        let query_arg = bound.query.as_ref().map(|_| quote!(query));
        let args: Vec<TokenStream> = params.chain(body_arg).chain(query_arg).collect();
        let plain = syn::Ident::new(method, proc_macro2::Span::call_site());
        let streams = match &e.stream {
            Some((StreamVia::Body, _)) => quote!(call["body"]["stream"] == ::serde_json::Value::Bool(true)),
            Some((StreamVia::Query, _)) => quote!(pairs.iter().any(|(k, v)| k == "stream" && v == "true")),
            _ => quote!(false),
        };
        let stream_call = if e.stream.is_some() && !matches!(e.stream, Some((StreamVia::Always, _))) {
            let name = syn::Ident::new(&format!("{method}_stream"), proc_macro2::Span::call_site());
            quote!(send!(client, |c| #call.#name(#(#args),*)))
        } else {
            quote!(send!(client, |c| #call.#plain(#(#args),*)))
        };
        let plain_call = if matches!(e.stream, Some((StreamVia::Always, _))) {
            stream_call.clone()
        } else {
            quote!(send!(client, |c| #call.#plain(#(#args),*)))
        };
        let _ = Reply::Json;
        let name = &e.name;
        names.push(name.clone());
        arms.push(quote! {
            #name => {
                let run = || -> ::std::result::Result<(), ::std::string::String> {
                    #body
                    #query
                    let result = if #streams { #stream_call } else { #plain_call };
                    result.map_err(|e| e.to_string())
                };
                ::std::option::Option::Some(run())
            }
        });
    }
    quote! {
        /// The endpoints `typed_replay` makes calls of.
        const TYPED_ENDPOINTS: &[&str] = &[#(#names),*];

        /// Makes the captured `call` of the endpoint `name` through its typed public method.
        fn typed_replay(
            client: &Typed,
            name: &str,
            call: &::serde_json::Value,
        ) -> ::std::option::Option<::std::result::Result<(), ::std::string::String>> {
            let params: ::std::vec::Vec<::std::string::String> = call["path_params"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| p[1].as_str().unwrap_or_default().to_string())
                .collect();
            let pairs: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = call["query"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| (p[0].as_str().unwrap_or_default().to_string(), p[1].as_str().unwrap_or_default().to_string()))
                .collect();
            let _ = (&params, &pairs);
            match name {
                #(#arms)*
                _ => ::std::option::Option::None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo_schema() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema/types.json")
    }

    /// A small schema set in a temporary folder: an overlay, a spec, an endpoints file.
    fn fixture(name: &str, overlay: &str, schemas: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("portkey-types-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = format!(
            "{{\n\"openapi\":\"3.1.0\",\n\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\n\"paths\":{{\n\"/things\":{{\"post\":{{\"operationId\":\"createThing\",\"requestBody\":{{\"content\":{{\"application/json\":{{\"schema\":{{\"$ref\":\"#/components/schemas/Thing\"}}}}}}}},\"responses\":{{\"200\":{{\"content\":{{\"application/json\":{{\"schema\":{{\"$ref\":\"#/components/schemas/Thing\"}}}}}}}}}}}}}}\n}},\n\"components\":{{\n\"schemas\":{{\n{schemas}\n}}\n}}\n}}\n"
        );
        std::fs::write(dir.join("openai.json"), spec).unwrap();
        std::fs::write(
            dir.join("endpoints.json"),
            r#"{"endpoints": [{"name": "things.create", "http": "POST", "path": "/things", "route": "openai", "body": "json", "doc": "Makes a thing."}]}"#,
        )
        .unwrap();
        std::fs::write(dir.join("types.json"), overlay).unwrap();
        dir.join("types.json")
    }

    const OVERLAY_HEAD: &str = "{\n\"specs\": [{\"name\": \"openai\", \"file\": \"openai.json\", \"docs\": \"https://x\"}],\n\"areas\": [{\"name\": \"things\", \"resources\": [\"things\"], \"doc\": \"Things.\"}],\n\"schemas\": {\n";

    #[test]
    fn a_good_fixture_generates_a_struct_with_its_builders() {
        let schemas = r#""Thing":{"type":"object","required":["name"],"properties":{"name":{"type":"string","description":"Its name."},"size":{"type":"integer"},"kind":{"type":"string","enum":["a","b"]}}}"#;
        let path =
            fixture("good", &format!("{OVERLAY_HEAD}\"openai:Thing\": {{\"secret\": [\"name\"]}}\n}}}}"), schemas);
        let loaded = load(&path).expect("load");
        assert!(loaded.bundle.problems.is_empty(), "{:?}", loaded.bundle.problems);
        let surface = surface::render(&loaded.bundle.model);
        assert!(surface.contains("struct Thing [things] input <- openai:Thing\n    name: String secret\n    size?: i64\n    kind?: ThingKind\n    new(name)"), "{surface}");
        let code = expand::generate(&loaded.bundle.model).to_string();
        assert!(
            code.contains("pub fn new (name : impl :: std :: convert :: Into < :: std :: string :: String >)"),
            "{code}"
        );
        assert!(code.contains("Redacted"), "the secret is redacted in Debug");
        assert!(code.contains("cfg (any (feature = \"things\"))"));
    }

    #[test]
    fn problems_name_the_file_line_and_what_is_wrong() {
        // An unknown overlay field, a name that is no Rust type name, an entry no type comes
        // from, and a union whose objects no tag tells apart.
        let schemas = concat!(
            r##""Thing":{"type":"object","properties":{"part":{"$ref":"#/components/schemas/Part"}}},"##,
            "\n",
            r#""Part":{"oneOf":[{"type":"object","properties":{"a":{"type":"string"}}},{"type":"object","properties":{"b":{"type":"string"}}}]}"#
        );
        let overlay = format!(
            "{OVERLAY_HEAD}\"openai:Thing\": {{\"nmae\": \"X\"}},\n\"openai:Part\": {{\"name\": \"not-a-name\"}},\n\"openai:Nothing\": {{\"name\": \"Nothing\"}}\n}}}}"
        );
        let path = fixture("bad", &overlay, schemas);
        let problems = load(&path).expect("load").bundle.problems.join("\n");
        let file = path.display().to_string();
        assert!(problems.contains(&format!("{file}:5: `openai:Thing`: unknown field `nmae`")), "{problems}");
        assert!(problems.contains(&format!("{file}:6: `openai:Part`: `name` must be a Rust type name")), "{problems}");
        assert!(
            problems.contains(&format!("{file}:7: `openai:Nothing`: no generated type comes from this schema")),
            "{problems}"
        );
        assert!(problems.contains("openai.json:10: `openai:Part`: several object members without a tag"), "{problems}");
    }

    #[test]
    fn the_real_schema_resolves_without_problems() {
        let loaded = load(&repo_schema()).expect("load");
        let model = &loaded.bundle.model;
        let (mut structs, mut enums, mut unions, mut fields) = (0, 0, 0, 0);
        for t in &model.types {
            match &t.kind {
                model::Kind::Struct(s) => {
                    structs += 1;
                    fields += s.members.len();
                }
                model::Kind::Enum(_) => enums += 1,
                model::Kind::Union(_) => unions += 1,
            }
        }
        eprintln!("{} types: {structs} structs ({fields} members), {enums} enums, {unions} unions", model.types.len());
        if let Some(out) = std::env::var_os("SURFACE_OUT") {
            std::fs::write(out, surface::render(model)).expect("write the surface");
        }
        if std::env::var_os("PRINT_PROBLEMS").is_some() {
            for p in &loaded.bundle.problems {
                eprintln!("{p}");
            }
        }
        assert!(
            loaded.bundle.problems.is_empty(),
            "{} problems, first: {:?}",
            loaded.bundle.problems.len(),
            loaded.bundle.problems.first()
        );
    }
}
