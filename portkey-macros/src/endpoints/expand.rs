//! Generating the resource tree, its methods and `ENDPOINT_TABLE` from a checked schema.
//!
//! Every method is first described as a [`Method`] (name, generics, parameters, return type as
//! text); the same description gives the tokens and the line of the surface snapshot, so the
//! snapshot cannot say something the code does not.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::schema::{Body, Endpoint, Reply, Route, Schema, StreamVia};

/// One generated method, described as text.
struct Method {
    name: String,
    generics: String,
    params: Vec<(String, String)>,
    ret: String,
    doc: String,
    body: TokenStream,
    /// `#[cfg(feature = "..")]` of the endpoint's area.
    cfg: TokenStream,
}

impl Method {
    fn tokens(&self) -> TokenStream {
        let name = format_ident!("{}", self.name);
        let generics: syn::Generics = syn::parse_str(&self.generics).expect("generated generics parse");
        let params = self.params.iter().map(|(n, t)| {
            let n = ident(n);
            let t: syn::Type = syn::parse_str(t).expect("generated types parse");
            quote!(#n: #t)
        });
        let ret: syn::Type = syn::parse_str(&self.ret).expect("generated return types parse");
        let (doc, body, cfg) = (&self.doc, &self.body, &self.cfg);
        quote! {
            #cfg
            #[doc = #doc]
            pub fn #name #generics (&self, #(#params),*) -> #ret {
                #body
            }
        }
    }

    /// The method as the snapshot shows it: paths shortened, and the return type `T` of
    /// `F::Output<'a, Result<T, Error>>`, which every method returns.
    fn surface(&self) -> String {
        let params: Vec<String> = self.params.iter().map(|(n, t)| format!("{n}: {}", short(t))).collect();
        let ret = self.ret.strip_prefix(&OUTPUT[..OUTPUT.find("{}").unwrap_or(0)]).unwrap_or(&self.ret);
        let ret = ret.strip_suffix(", ::portkey::Error>>").unwrap_or(ret);
        format!("fn {}{}({}) -> {}", self.name, short(&self.generics), params.join(", "), short(ret))
    }
}

/// A type as the snapshot shows it, without the crate paths.
fn short(text: &str) -> String {
    let mut text = text.to_string();
    for prefix in [
        "::portkey::__private::",
        "::portkey::types::",
        "::portkey::",
        "::std::marker::",
        "::std::vec::",
        "::std::string::",
        "::serde::de::",
        "::serde::",
    ] {
        text = text.replace(prefix, "");
    }
    text
}

/// A parameter's Rust name: a keyword (`type`) is a raw identifier (`r#type`).
fn rust_name(param: &str) -> String {
    if syn::parse_str::<syn::Ident>(param).is_ok() { param.to_string() } else { format!("r#{param}") }
}

/// The identifier for a name [`rust_name`] gave.
fn ident(name: &str) -> syn::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => syn::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// The Rust name of a resource's struct: `beta.threads.runs` is `BetaThreadsRuns`.
fn struct_name(resource: &str) -> String {
    resource
        .split(['.', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// A type named in the schema (`ChatCompletion`, under `portkey::types`) or by the types
/// schema (a full path), else `default`.
fn rust_type(name: Option<&str>, default: &str) -> String {
    match name {
        Some(t) if t.starts_with("::") => t.to_string(),
        Some(t) => format!("::portkey::types::{t}"),
        None => default.to_string(),
    }
}

const OUTPUT: &str = "F::Output<'a, ::std::result::Result<{}, ::portkey::Error>>";
const JSON_OBJECT: &str = "::portkey::types::JsonObject";
const JSON_VALUE: &str = "::portkey::__private::serde_json::Value";

fn output(inner: &str) -> String {
    OUTPUT.replace("{}", inner)
}

/// What every method of an endpoint shares: its path parameters, its body parameter (plain
/// and `_byot`), the table entry it calls with.
struct Shape {
    path_params: Vec<(String, String)>,
    args: Vec<syn::Ident>,
    plain_body: Option<(String, String)>,
    byot_body: Option<(String, String)>,
    /// The typed query parameter of the plain and `_with` forms.
    query: Option<(String, String)>,
    info: TokenStream,
    cfg: TokenStream,
}

/// The `_byot` member of a family: its generics, return type, payload and options.
struct Byot {
    generics: String,
    ret: String,
    payload: TokenStream,
    options: TokenStream,
    doc: String,
}

/// A family of methods: `name` (no per-call settings), `name_with` and, when the family has
/// one, `name_byot`; all call the support function `reader`.
struct Family {
    name: String,
    ret: String,
    doc: String,
    with_doc: String,
    reader: TokenStream,
    payload: TokenStream,
    options: TokenStream,
    byot: Option<Byot>,
    /// Statements the `_with` method runs first (the streaming variant setting its query's
    /// `stream`).
    prep: TokenStream,
}

impl Shape {
    fn family(&self, f: Family, out: &mut Vec<Method>) {
        let options = ("options".to_string(), "::portkey::RequestOptions".to_string());
        let (args, info, reader) = (&self.args, &self.info, &f.reader);
        let call = |payload: &TokenStream, options: &TokenStream| quote!(::portkey::__private::endpoint::#reader(self.client, #info, &[#(#args),*], #payload, #options));
        let mut plain = self.path_params.clone();
        plain.extend(self.plain_body.clone());
        plain.extend(self.query.clone());
        let mut with = plain.clone();
        with.push(options.clone());
        let body = self.plain_body.as_ref().map(|(n, _)| ident(n));
        let query = self.query.as_ref().map(|(n, _)| ident(n));
        let plain_args = args.iter().chain(body.iter()).chain(query.iter());
        let with_name = format_ident!("{}_with", f.name);
        // The typed query goes first, then what the call's options add.
        let with_options = match &query {
            Some(q) => {
                let options = &f.options;
                quote!(::portkey::__private::endpoint::with_query(#options, &#q))
            }
            None => f.options.clone(),
        };
        out.push(Method {
            name: f.name.clone(),
            generics: String::new(),
            params: plain,
            ret: output(&f.ret),
            doc: f.doc,
            body: quote!(self.#with_name(#(#plain_args,)* ::portkey::RequestOptions::default())),
            cfg: self.cfg.clone(),
        });
        out.push(Method {
            name: format!("{}_with", f.name),
            generics: String::new(),
            params: with,
            ret: output(&f.ret),
            doc: f.with_doc,
            body: {
                let (prep, call) = (&f.prep, call(&f.payload, &with_options));
                quote!(#prep #call)
            },
            cfg: self.cfg.clone(),
        });
        if let Some(byot) = f.byot {
            let mut params = self.path_params.clone();
            params.extend(self.byot_body.clone());
            params.push(options);
            out.push(Method {
                name: format!("{}_byot", f.name),
                generics: byot.generics,
                params,
                ret: output(&byot.ret),
                doc: byot.doc,
                body: call(&byot.payload, &byot.options),
                cfg: self.cfg.clone(),
            });
        }
    }
}

/// `Send + 'static` deserializable type parameters of the `_byot` methods.
const OWNED: &str = "::serde::de::DeserializeOwned + ::std::marker::Send + 'static";

/// The methods of one endpoint: the plain one, `_with` (per-call options), `_byot` (your own
/// body and reply types); for streaming endpoints the same three with `_stream`, for list
/// endpoints with `_all`.
fn methods(e: &Endpoint, index: usize) -> Vec<Method> {
    let (resource, method) = e.split();
    let call_path: String = resource.split('.').map(|r| format!("{r}()")).collect::<Vec<_>>().join(".");
    let python = format!("client.{}", e.name);
    let mut head = format!(
        "`{} {}`: {}\n\nThe Python SDK's `{python}(..)`; here `client.{call_path}.{method}(..)`.",
        e.verb, e.path, e.doc
    );
    match &e.typed.query {
        Some(q) => head.push_str(&format!(
            "\n\nQuery parameters: [`{}`]({q}), written as the SDK writes them (lists as `name[]`, objects as `name[key]`).",
            short(q)
        )),
        None if !e.query.is_empty() => {
            let names: Vec<String> = e.query.iter().map(|q| format!("`{q}`")).collect();
            head.push_str(&format!(
                "\n\nQuery parameters (set them with [`RequestOptions::query`](::portkey::RequestOptions::query) in `{method}_with`): {}.",
                names.join(", ")
            ));
        }
        None => {}
    }
    if let Some(area) = &e.typed.area {
        head.push_str(&format!("\n\nWith the feature `{area}`."));
    }
    if let Some(pages) = &e.pages {
        head.push_str(&format!(
            "\n\nReturns one page ({pages} pagination); `{method}_all` gives every item of every page."
        ));
    }
    // The body parameter of the plain and `_byot` forms.
    let (plain_body, byot_body) = match &e.body {
        Body::None | Body::EmptyJson => (None, None),
        Body::Json => {
            let request = rust_type(e.request.as_deref(), JSON_VALUE);
            (Some(("body".to_string(), request)), Some(("body".to_string(), "B".to_string())))
        }
        Body::Multipart(_) => {
            let raw = ("form".to_string(), "::portkey::Multipart".to_string());
            match (&e.request, e.typed.typed_form) {
                (Some(t), true) => (Some(("form".to_string(), t.clone())), Some(raw)),
                _ => (Some(raw.clone()), Some(raw)),
            }
        }
        Body::Bytes => {
            let bytes = ("body".to_string(), "::portkey::__private::bytes::Bytes".to_string());
            (Some(bytes.clone()), Some(bytes))
        }
    };
    let cfg = match &e.typed.area {
        Some(area) => quote!(#[cfg(feature = #area)]),
        None => TokenStream::new(),
    };
    let shape = Shape {
        path_params: e.path_params.iter().map(|p| (rust_name(p), "&str".to_string())).collect(),
        args: e.path_params.iter().map(|p| ident(&rust_name(p))).collect(),
        plain_body,
        byot_body,
        query: e.typed.query.as_ref().map(|q| ("query".to_string(), q.clone())),
        info: quote!(&ENDPOINT_TABLE[#index]),
        cfg,
    };
    // How the body becomes a payload: `stream` checked (Some(false)) or set (Some(true)) in
    // typed bodies and forms without a second pass, or left as it is (None).
    let typed_form = e.typed.typed_form && matches!(e.body, Body::Multipart(_));
    // A typed form becomes the `Multipart` it writes; streaming sets its `stream` field where
    // it has one (so it sits where the SDK writes it).
    let form_payload = |streaming: bool| match (streaming, e.typed.stream_field) {
        (true, true) => quote!(::portkey::__private::endpoint::Payload::Multipart({
            let mut form = form;
            form.stream = ::std::option::Option::Some(true);
            ::std::convert::From::from(form)
        })),
        (true, false) => quote!(::portkey::__private::endpoint::Payload::Multipart(
            ::portkey::Multipart::from(form).with_stream_field()
        )),
        (false, _) => quote!(::portkey::__private::endpoint::Payload::Multipart(::std::convert::From::from(form))),
    };
    let payload = |streaming: Option<bool>| match &e.body {
        Body::Multipart(_) if typed_form => form_payload(streaming == Some(true)),
        Body::None => quote!(::portkey::__private::endpoint::Payload::None),
        Body::EmptyJson => quote!(::portkey::__private::endpoint::Payload::empty_json()),
        Body::Json => match streaming {
            Some(false) => quote!(::portkey::__private::endpoint::Payload::json_not_streaming(&body)),
            Some(true) => quote!(::portkey::__private::endpoint::Payload::json_streaming(body)),
            None => quote!(::portkey::__private::endpoint::Payload::json(&body)),
        },
        Body::Multipart(_) if streaming == Some(true) => {
            quote!(::portkey::__private::endpoint::Payload::Multipart(form.with_stream_field()))
        }
        Body::Multipart(_) => quote!(::portkey::__private::endpoint::Payload::Multipart(form)),
        Body::Bytes => quote!(::portkey::__private::endpoint::Payload::Bytes(body)),
    };
    // What `_byot` sends: its own body as given (a raw `Multipart` for forms).
    let raw_payload = |streaming: Option<bool>| match &e.body {
        Body::Multipart(_) if streaming == Some(true) => {
            quote!(::portkey::__private::endpoint::Payload::Multipart(form.with_stream_field()))
        }
        Body::Multipart(_) => quote!(::portkey::__private::endpoint::Payload::Multipart(form)),
        _ => payload(streaming),
    };
    let stream_via_body = matches!(e.stream, Some((StreamVia::Body, _)));
    let json_body = matches!(e.body, Body::Json);
    let plain_payload = payload(stream_via_body.then_some(false));
    let mut out = Vec::new();

    let always_streams = matches!(e.stream, Some((StreamVia::Always, _)));
    if !always_streams {
        let reply_type = rust_type(e.reply_type.as_deref(), JSON_OBJECT);
        // The reply, its support function, and what `_byot` decodes into.
        let (ret, reader, byot_ret) = match e.reply {
            Reply::Json => {
                (format!("::portkey::ApiResponse<{reply_type}>"), quote!(json), Some("::portkey::ApiResponse<R>"))
            }
            Reply::Empty => ("::portkey::ApiResponse<()>".to_string(), quote!(empty), None),
            Reply::Bytes => ("F::Download".to_string(), quote!(download), None),
            Reply::Jsonl => (format!("F::Stream<{reply_type}>"), quote!(jsonl), Some("F::Stream<R>")),
            Reply::JsonOrText => (
                format!("::portkey::ApiResponse<{reply_type}>"),
                quote!(json_or_text),
                Some("::portkey::ApiResponse<R>"),
            ),
        };
        let generics = match (json_body, byot_ret.is_some()) {
            (true, true) => Some(format!("<B: ::serde::Serialize, R: {OWNED}>")),
            (false, true) => Some(format!("<R: {OWNED}>")),
            (true, false) => Some("<B: ::serde::Serialize>".to_string()),
            (false, false) => None,
        };
        let byot = generics.map(|generics| Byot {
            generics,
            ret: byot_ret.map_or_else(|| ret.clone(), str::to_string),
            payload: raw_payload(None),
            options: quote!(options),
            doc: format!("[`{method}_with`](Self::{method}_with) with your own body and reply types, for fields the Rust types lack."),
        });
        shape.family(
            Family {
                name: method.to_string(),
                ret,
                doc: head.clone(),
                with_doc: format!("[`{method}`](Self::{method}) with per-call settings."),
                reader,
                payload: plain_payload.clone(),
                options: quote!(options),
                byot,
                prep: TokenStream::new(),
            },
            &mut out,
        );
    }
    if let (Some(pages), Reply::Json) = (&e.pages, e.reply) {
        let all = format!("{method}_all");
        let generics = if json_body { format!("<B: ::serde::Serialize, T: {OWNED}>") } else { format!("<T: {OWNED}>") };
        shape.family(
            Family {
                name: all.clone(),
                ret: format!("F::Stream<{}>", rust_type(e.item_type.as_deref(), JSON_OBJECT)),
                doc: format!(
                    "Every item of [`{method}`](Self::{method}), page after page ({pages} pagination): the first page \
                     is fetched now, each next one when the stream reaches it."
                ),
                with_doc: format!("[`{all}`](Self::{all}) with per-call settings (applied to every page)."),
                reader: quote!(items),
                payload: plain_payload.clone(),
                options: quote!(options),
                byot: Some(Byot {
                    generics,
                    ret: "F::Stream<T>".into(),
                    payload: raw_payload(None),
                    options: quote!(options),
                    doc: format!("[`{all}_with`](Self::{all}_with) with your own item type."),
                }),
                prep: TokenStream::new(),
            },
            &mut out,
        );
    }
    if let Some((via, event)) = &e.stream {
        let name = if always_streams { method.to_string() } else { format!("{method}_stream") };
        let how = match via {
            StreamVia::Body => "with `\"stream\": true` in the body",
            StreamVia::Query => "with `stream=true` in the query",
            StreamVia::Form => "with a `stream` field `true` in the form",
            StreamVia::Always => "",
        };
        let typed_stream_query = matches!(via, StreamVia::Query) && e.typed.query_stream_field;
        let (payload_with, options) = match via {
            StreamVia::Body | StreamVia::Form => (payload(Some(true)), quote!(options)),
            // A typed query with a `stream` field carries it, where the SDK writes it.
            StreamVia::Query if typed_stream_query => (payload(None), quote!(options)),
            StreamVia::Query => (payload(None), quote!(options.query("stream", "true"))),
            StreamVia::Always => (payload(None), quote!(options)),
        };
        let prep = if typed_stream_query {
            quote!(let query = { let mut query = query; query.stream = ::std::option::Option::Some(true); query };)
        } else {
            TokenStream::new()
        };
        // Your own body type cannot be set by field: `stream` is merged into its JSON.
        let (byot_payload, byot_options) = match via {
            StreamVia::Body => (
                payload(None),
                quote!(options.body_field("stream", ::portkey::__private::serde_json::Value::Bool(true))),
            ),
            StreamVia::Form => (raw_payload(Some(true)), options.clone()),
            StreamVia::Query => (raw_payload(None), quote!(options.query("stream", "true"))),
            StreamVia::Always => (raw_payload(None), options.clone()),
        };
        let generics = if json_body { format!("<B: ::serde::Serialize, E: {OWNED}>") } else { format!("<E: {OWNED}>") };
        shape.family(
            Family {
                name: name.clone(),
                ret: format!("F::Stream<{}>", rust_type(event.as_deref(), JSON_OBJECT)),
                doc: format!("{head}\n\nStreams the reply's server-sent events {how}, each decoded as it arrives."),
                with_doc: format!("[`{name}`](Self::{name}) with per-call settings."),
                reader: quote!(sse),
                payload: payload_with,
                options,
                byot: Some(Byot {
                    generics,
                    ret: "F::Stream<E>".into(),
                    payload: byot_payload,
                    options: byot_options,
                    doc: format!("[`{name}_with`](Self::{name}_with) with your own body and event types."),
                }),
                prep,
            },
            &mut out,
        );
    }
    out
}

/// A resource of the tree: its child resources and its endpoints, in schema order.
#[derive(Default)]
struct Node {
    children: Vec<String>,
    endpoints: Vec<usize>,
}

/// The resources, by path, and the order they first appear in.
#[derive(Default)]
struct Tree {
    nodes: BTreeMap<String, Node>,
    order: Vec<String>,
}

impl Tree {
    /// The node of `resource`, made with its parents (each listing its children) when new.
    fn node(&mut self, resource: &str) -> &mut Node {
        let parts: Vec<&str> = resource.split('.').collect();
        for depth in 0..=parts.len() {
            let path = parts[..depth].join(".");
            if !self.nodes.contains_key(&path) {
                self.nodes.insert(path.clone(), Node::default());
                self.order.push(path.clone());
                if depth > 0 {
                    let parent = parts[..depth - 1].join(".");
                    self.nodes.entry(parent).or_default().children.push(path);
                }
            }
        }
        self.nodes.entry(resource.to_string()).or_default()
    }
}

/// The whole expansion: the resource structs, their methods, the client's top-level
/// accessors, `ENDPOINT_TABLE` and the `SURFACE` snapshot text.
pub fn generate(schema: &Schema) -> TokenStream {
    let mut tree = Tree::default();
    for (i, e) in schema.endpoints.iter().enumerate() {
        tree.node(e.split().0).endpoints.push(i);
    }
    for local in &schema.local {
        tree.node(local.name.rsplit_once('.').map_or("", |(r, _)| r));
    }
    let Tree { nodes, order } = tree;
    // The areas (features) under each resource: a resource and its accessor exist when one does.
    let mut areas: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in order.iter().rev() {
        let node = &nodes[path];
        let mut set: BTreeSet<String> =
            node.endpoints.iter().filter_map(|&i| schema.endpoints[i].typed.area.clone()).collect();
        let prefix = if path.is_empty() { String::new() } else { format!("{path}.") };
        for local in &schema.local {
            let own = local.name.strip_prefix(&prefix).is_some_and(|rest| !rest.contains('.'));
            if own && let Some(area) = &local.area {
                set.insert(area.clone());
            }
        }
        for child in &node.children {
            set.extend(areas.get(child).cloned().unwrap_or_default());
        }
        areas.insert(path.clone(), set);
    }
    let cfg_of = |path: &str| -> TokenStream {
        match areas.get(path) {
            Some(set) if !set.is_empty() => {
                let features = set.iter().map(|a| quote!(feature = #a));
                quote!(#[cfg(any(#(#features),*))])
            }
            _ => TokenStream::new(),
        }
    };

    let mut surface = String::from(
        "# Every generated method, by endpoint (Python name: HTTP method and path [feature]). Each returns\n\
         # `F::Output<'a, Result<T, Error>>` (a future, or the value for the blocking client); T is shown.\n",
    );
    let mut items = Vec::new();
    for path in &order {
        let node = &nodes[path];
        let root = path.is_empty();
        let accessors = node.children.iter().map(|child| {
            let field = format_ident!("{}", child.rsplit('.').next().unwrap_or(child));
            let ty = format_ident!("{}", struct_name(child));
            let doc = format!("`client.{child}`: {}.", describe(schema, child));
            let cfg = cfg_of(child);
            // The client hands out resources borrowing it; a resource, those of its client.
            let (lifetime, client) = if root { (quote!('_), quote!(self)) } else { (quote!('a), quote!(self.client)) };
            quote! {
                #cfg
                #[doc = #doc]
                pub fn #field(&self) -> #ty<#lifetime, F> {
                    #ty { client: #client }
                }
            }
        });
        let mut methods_tokens = Vec::new();
        for &i in &node.endpoints {
            let e = &schema.endpoints[i];
            let area = e.typed.area.as_deref().map(|a| format!(" [{a}]")).unwrap_or_default();
            surface.push_str(&format!("client.{}: {} {}{area}\n", e.name, e.verb, e.path));
            for m in methods(e, i) {
                surface.push_str(&format!("    {}\n", m.surface()));
                methods_tokens.push(m.tokens());
            }
        }
        if root {
            // The client's own top-level accessors.
            items.push(quote! {
                impl<F: ::portkey::Flavor> ::portkey::Client<F> {
                    #(#accessors)*
                }
            });
            continue;
        }
        let ty = format_ident!("{}", struct_name(path));
        let doc = format!("`client.{path}`: {}.", describe(schema, path));
        let cfg = cfg_of(path);
        items.push(quote! {
            #cfg
            #[doc = #doc]
            #[derive(Debug)]
            pub struct #ty<'a, F: ::portkey::Flavor> {
                // Hand-written methods (`endpoints/webhooks.rs`...) reach the client too.
                pub(crate) client: &'a ::portkey::Client<F>,
            }

            #cfg
            impl<F: ::portkey::Flavor> ::std::clone::Clone for #ty<'_, F> {
                fn clone(&self) -> Self {
                    *self
                }
            }

            #cfg
            impl<F: ::portkey::Flavor> ::std::marker::Copy for #ty<'_, F> {}

            #cfg
            impl<'a, F: ::portkey::Flavor> #ty<'a, F> {
                #(#accessors)*
                #(#methods_tokens)*
            }
        });
    }
    // Request types streamed through a `stream` field, and page types: their impls, once each.
    let mut seen = BTreeSet::new();
    for e in &schema.endpoints {
        let cfg = match &e.typed.area {
            Some(area) => quote!(#[cfg(feature = #area)]),
            None => TokenStream::new(),
        };
        if let (Some((StreamVia::Body, _)), Some(request), true) = (&e.stream, &e.request, e.typed.stream_field)
            && seen.insert(format!("stream {request}"))
            && let Ok(ty) = syn::parse_str::<syn::Type>(request)
        {
            items.push(quote! {
                #cfg
                impl ::portkey::__private::endpoint::StreamFlag for #ty {
                    fn stream(&self) -> ::std::option::Option<bool> {
                        self.stream
                    }

                    fn set_stream(&mut self) {
                        self.stream = ::std::option::Option::Some(true);
                    }
                }
            });
        }
        if let (true, Some(page), Some(item)) = (e.typed.page, &e.reply_type, &e.item_type)
            && seen.insert(format!("page {page}"))
            && let (Ok(page), Ok(item)) = (syn::parse_str::<syn::Type>(page), syn::parse_str::<syn::Type>(item))
        {
            items.push(quote! {
                #cfg
                impl ::portkey::types::Page for #page {
                    type Item = #item;

                    fn items(&self) -> &[#item] {
                        &self.data
                    }

                    fn into_items(self) -> ::std::vec::Vec<#item> {
                        self.data
                    }
                }
            });
        }
    }

    let table = schema.endpoints.iter().enumerate().map(|(index, e)| table_entry(e, index));
    let count = schema.endpoints.len();
    // Every hand-written method must exist: naming it here fails the build otherwise.
    let local_checks = schema.local.iter().map(|l| {
        let (resource, method) = l.name.rsplit_once('.').unwrap_or(("", &l.name));
        let ty = format_ident!("{}", struct_name(resource));
        let method = format_ident!("{}", method);
        let cfg = match &l.area {
            Some(area) => quote!(#[cfg(feature = #area)]),
            None => cfg_of(resource),
        };
        quote!(#cfg let _ = #ty::<'static, F>::#method;)
    });
    for l in &schema.local {
        surface.push_str(&format!("client.{}: written by hand: {}\n", l.name, l.doc));
    }
    let local = schema.local.iter().map(|l| {
        let (name, doc) = (&l.name, &l.doc);
        quote!((#name, #doc))
    });
    let left_out = schema.left_out.iter().map(|l| {
        let (name, reason) = (&l.name, &l.reason);
        quote!((#name, #reason))
    });
    quote! {
        #(#items)*

        /// Every endpoint of the schema, in schema order: the Python name, HTTP method, path
        /// template, route, query parameters, body and reply kinds, streaming and paging.
        pub static ENDPOINT_TABLE: [::portkey::endpoints::EndpointInfo; #count] = [#(#table),*];

        /// The Python SDK's methods written by hand (they send nothing, or combine calls), with
        /// their doc.
        pub static LOCAL_METHODS: &[(&str, &str)] = &[#(#local),*];

        #[allow(dead_code)]
        fn __local_methods_exist<F: ::portkey::Flavor>() {
            #(#local_checks)*
        }

        /// The Python SDK's methods the schema leaves out on purpose, with the reason.
        pub static LEFT_OUT: &[(&str, &str)] = &[#(#left_out),*];

        /// Every generated method's signature, with its Python name, HTTP method and path: the
        /// text the checked-in surface snapshot is compared with.
        #[doc(hidden)]
        pub const SURFACE: &str = #surface;
    }
}

/// How a resource's docs describe it: the endpoints under it.
fn describe(schema: &Schema, resource: &str) -> String {
    let prefix = format!("{resource}.");
    let count = schema.endpoints.iter().filter(|e| e.name.starts_with(&prefix)).count();
    format!("{count} endpoint{} of the Python SDK's resource of that name", if count == 1 { "" } else { "s" })
}

/// The table entry of `e`, at `index` in `ENDPOINT_TABLE`.
fn table_entry(e: &Endpoint, index: usize) -> TokenStream {
    let (name, verb, path, doc) = (&e.name, &e.verb, &e.path, &e.doc);
    let route = match e.route {
        Route::OpenAi => quote!(OpenAi),
        Route::Portkey => quote!(Portkey),
    };
    let query = &e.query;
    let params = &e.path_params;
    let (body, files): (TokenStream, &[String]) = match &e.body {
        Body::None => (quote!(None), &[]),
        Body::Json => (quote!(Json), &[]),
        Body::EmptyJson => (quote!(EmptyJson), &[]),
        Body::Multipart(files) => (quote!(Multipart), files),
        Body::Bytes => (quote!(Bytes), &[]),
    };
    let reply = match e.reply {
        Reply::Json => quote!(Json),
        Reply::Bytes => quote!(Bytes),
        Reply::Jsonl => quote!(Jsonl),
        Reply::JsonOrText => quote!(JsonOrText),
        Reply::Empty => quote!(Empty),
    };
    let opt = |v: Option<&str>| match v {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    };
    let stream = match &e.stream {
        None => quote!(::std::option::Option::None),
        Some((via, _)) => {
            let via = match via {
                StreamVia::Body => quote!(Body),
                StreamVia::Query => quote!(Query),
                StreamVia::Form => quote!(Form),
                StreamVia::Always => quote!(Always),
            };
            quote!(::std::option::Option::Some(::portkey::endpoints::StreamVia::#via))
        }
    };
    let accept = e.accept.as_deref().unwrap_or("application/json");
    let header_names = e.headers.iter().map(|(k, _)| k);
    let header_values = e.headers.iter().map(|(_, v)| v);
    let audio_duration = e.audio_duration;
    // Type names as the docs write them (`ChatCompletion`, `Vec<Model>`).
    let shown = |t: Option<&str>| t.map(short);
    let request = opt(shown(e.request.as_deref()).as_deref());
    let reply_type = opt(shown(e.reply_type.as_deref()).as_deref());
    let item_type = opt(shown(e.item_type.as_deref()).as_deref());
    let event = opt(shown(e.stream.as_ref().and_then(|(_, t)| t.as_deref())).as_deref());
    let query_type = opt(shown(e.typed.query.as_deref()).as_deref());
    let area = opt(e.typed.area.as_deref());
    let pages = opt(e.pages.as_deref());
    let ends = &e.stream_ends;
    let replaces = &e.extra_body_replaces;
    quote! {
        ::portkey::endpoints::EndpointInfo {
            index: #index,
            name: #name,
            method: #verb,
            path: #path,
            path_params: &[#(#params),*],
            route: ::portkey::endpoints::Route::#route,
            accept: #accept,
            headers: &[#((#header_names, #header_values)),*],
            audio_duration: #audio_duration,
            query: &[#(#query),*],
            body: ::portkey::endpoints::BodyKind::#body,
            files: &[#(#files),*],
            request_type: #request,
            query_type: #query_type,
            area: #area,
            reply: ::portkey::endpoints::ReplyKind::#reply,
            reply_type: #reply_type,
            item_type: #item_type,
            stream: #stream,
            event_type: #event,
            stream_ends: &[#(#ends),*],
            extra_body_replaces: &[#(#replaces),*],
            pages: #pages,
            doc: #doc,
        }
    }
}
