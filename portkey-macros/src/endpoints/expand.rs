//! Generating the resource tree, its methods and `ENDPOINT_TABLE` from a checked schema.
//!
//! Every method is first described as a [`Method`] (name, generics, parameters, return type as
//! text); the same description gives the tokens and the line of the surface snapshot, so the
//! snapshot cannot say something the code does not.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::schema::{Body, Endpoint, Reply, Route, Schema, StreamVia};

/// One generated method, described as text.
struct Method {
    name: String,
    generics: &'static str,
    params: Vec<(String, String)>,
    ret: String,
    doc: String,
    body: TokenStream,
}

impl Method {
    fn tokens(&self) -> TokenStream {
        let name = format_ident!("{}", self.name);
        let generics: syn::Generics = syn::parse_str(self.generics).expect("generated generics parse");
        let params = self.params.iter().map(|(n, t)| {
            let n = ident(n);
            let t: syn::Type = syn::parse_str(t).expect("generated types parse");
            quote!(#n: #t)
        });
        let ret: syn::Type = syn::parse_str(&self.ret).expect("generated return types parse");
        let (doc, body) = (&self.doc, &self.body);
        quote! {
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
        format!("fn {}{}({}) -> {}", self.name, short(self.generics), params.join(", "), short(ret))
    }
}

/// A type as the snapshot shows it, without the crate paths.
fn short(text: &str) -> String {
    let mut text = text.to_string();
    for prefix in
        ["::portkey::__private::", "::portkey::types::", "::portkey::", "::std::marker::", "::serde::de::", "::serde::"]
    {
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

fn rust_type(name: Option<&str>, default: &str) -> String {
    name.map_or_else(|| default.to_string(), |t| format!("::portkey::types::{t}"))
}

const OUTPUT: &str = "F::Output<'a, ::std::result::Result<{}, ::portkey::Error>>";
const JSON_OBJECT: &str = "::portkey::types::JsonObject";
const JSON_VALUE: &str = "::portkey::__private::serde_json::Value";

fn output(inner: &str) -> String {
    OUTPUT.replace("{}", inner)
}

/// The methods of one endpoint: the plain one, `_with` (per-call options), `_byot` (your own
/// body and reply types), and for streaming endpoints the same three with `_stream`.
fn methods(e: &Endpoint, index: usize) -> Vec<Method> {
    let (resource, method) = e.split();
    let call_path: String = resource.split('.').map(|r| format!("{r}()")).collect::<Vec<_>>().join(".");
    let python = format!("client.{}", e.name);
    let mut head = format!(
        "`{} {}`: {}\n\nThe Python SDK's `{python}(..)`; here `client.{call_path}.{method}(..)`.",
        e.verb, e.path, e.doc
    );
    if !e.query.is_empty() {
        let names: Vec<String> = e.query.iter().map(|q| format!("`{q}`")).collect();
        head.push_str(&format!(
            "\n\nQuery parameters (set them with [`RequestOptions::query`](::portkey::RequestOptions::query) in `{method}_with`): {}.",
            names.join(", ")
        ));
    }
    if let Some(pages) = &e.pages {
        head.push_str(&format!(
            "\n\nReturns one page ({pages} pagination); `{method}_all` gives every item of every page."
        ));
    }
    let path_params: Vec<(String, String)> = e.path_params.iter().map(|p| (rust_name(p), "&str".to_string())).collect();
    let args: Vec<syn::Ident> = e.path_params.iter().map(|p| ident(&rust_name(p))).collect();
    let info = quote!(&ENDPOINT_TABLE[#index]);
    let client = quote!(self.client);
    let options = ("options".to_string(), "::portkey::RequestOptions".to_string());

    // The body parameter of the plain and `_byot` forms, and how each turns it into a payload.
    let request = rust_type(e.request.as_deref(), JSON_VALUE);
    let (plain_body, byot_body) = match &e.body {
        Body::None | Body::EmptyJson => (None, None),
        Body::Json => (Some(("body".to_string(), request.clone())), Some(("body".to_string(), "B".to_string()))),
        Body::Multipart(_) => {
            let form = ("form".to_string(), "::portkey::Multipart".to_string());
            (Some(form.clone()), Some(form))
        }
        Body::Bytes => {
            let bytes = ("body".to_string(), "::portkey::__private::bytes::Bytes".to_string());
            (Some(bytes.clone()), Some(bytes))
        }
    };
    let payload = |streaming: Option<bool>| match &e.body {
        Body::None => quote!(::portkey::__private::endpoint::Payload::None),
        Body::EmptyJson => quote!(::portkey::__private::endpoint::Payload::empty_json()),
        Body::Json => match streaming {
            // Typed bodies: `stream` checked (plain) or set (stream), no second pass.
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
    let stream_via_body = matches!(e.stream, Some((StreamVia::Body, _)));
    let byot_generics_body = matches!(e.body, Body::Json);
    let body_arg = |b: &Option<(String, String)>| b.as_ref().map(|(n, _)| ident(n));

    let mut out = Vec::new();
    // The reply of the plain form (JSON replies may be decoded to your own type in `_byot`).
    let (reply, reply_fn, reply_generic) = match e.reply {
        Reply::Json => (
            format!("::portkey::ApiResponse<{}>", rust_type(e.reply_type.as_deref(), JSON_OBJECT)),
            quote!(json),
            Some("R"),
        ),
        Reply::Empty => ("::portkey::ApiResponse<()>".to_string(), quote!(empty), None),
        Reply::Bytes => ("F::Download".to_string(), quote!(download), None),
        Reply::Jsonl => {
            (format!("F::Stream<{}>", rust_type(e.reply_type.as_deref(), JSON_OBJECT)), quote!(jsonl), Some("R"))
        }
    };
    let always_streams = matches!(e.stream, Some((StreamVia::Always, _)));
    if !always_streams {
        let mut with_params = path_params.clone();
        with_params.extend(plain_body.clone());
        with_params.push(options.clone());
        let mut plain_params = path_params.clone();
        plain_params.extend(plain_body.clone());
        let body_ident = body_arg(&plain_body);
        let plain_args = args.iter().chain(body_ident.iter());
        let with_name = format_ident!("{method}_with");
        out.push(Method {
            name: method.to_string(),
            generics: "",
            params: plain_params,
            ret: output(&reply),
            doc: head.clone(),
            body: quote!(self.#with_name(#(#plain_args,)* ::portkey::RequestOptions::default())),
        });
        let plain_payload = payload(stream_via_body.then_some(false));
        out.push(Method {
            name: format!("{method}_with"),
            generics: "",
            params: with_params.clone(),
            ret: output(&reply),
            doc: format!("[`{method}`](Self::{method}) with per-call settings."),
            body: quote!(::portkey::__private::endpoint::#reply_fn(#client, #info, &[#(#args),*], #plain_payload, options)),
        });
        // `_byot`: your own body type (JSON bodies) and reply type (JSON replies).
        let generics = match (byot_generics_body, reply_generic) {
            (true, Some(_)) => {
                "<B: ::serde::Serialize, R: ::serde::de::DeserializeOwned + ::std::marker::Send + 'static>"
            }
            (false, Some(_)) => "<R: ::serde::de::DeserializeOwned + ::std::marker::Send + 'static>",
            (true, None) => "<B: ::serde::Serialize>",
            (false, None) => "",
        };
        if !generics.is_empty() {
            let mut params = path_params.clone();
            params.extend(byot_body.clone());
            params.push(options.clone());
            let ret = match e.reply {
                Reply::Json => output("::portkey::ApiResponse<R>"),
                Reply::Jsonl => output("F::Stream<R>"),
                _ => output(&reply),
            };
            let payload = payload(None);
            out.push(Method {
                name: format!("{method}_byot"),
                generics,
                params,
                ret,
                doc: format!("[`{method}_with`](Self::{method}_with) with your own body and reply types, for fields the Rust types lack."),
                body: quote!(::portkey::__private::endpoint::#reply_fn(#client, #info, &[#(#args),*], #payload, options)),
            });
        }
    }
    if let (Some(pages), Reply::Json) = (&e.pages, e.reply) {
        // `_all`: every item of every page, the next page fetched when the stream reaches it.
        let mut plain_params = path_params.clone();
        plain_params.extend(plain_body.clone());
        let mut with_params = plain_params.clone();
        with_params.push(options.clone());
        let body_ident = body_arg(&plain_body);
        let plain_args = args.iter().chain(body_ident.iter());
        let items = format!("{method}_all");
        let with_name = format_ident!("{items}_with");
        let ret = output(&format!("F::Stream<{JSON_OBJECT}>"));
        let plain_payload = payload(stream_via_body.then_some(false));
        out.push(Method {
            name: items.clone(),
            generics: "",
            params: plain_params,
            ret: ret.clone(),
            doc: format!(
                "Every item of [`{method}`](Self::{method}), page after page ({pages} pagination): the first page \
                 is fetched now, each next one when the stream reaches it."
            ),
            body: quote!(self.#with_name(#(#plain_args,)* ::portkey::RequestOptions::default())),
        });
        out.push(Method {
            name: format!("{items}_with"),
            generics: "",
            params: with_params.clone(),
            ret,
            doc: format!("[`{items}`](Self::{items}) with per-call settings (applied to every page)."),
            body: quote!(::portkey::__private::endpoint::items(#client, #info, &[#(#args),*], #plain_payload, options)),
        });
        let mut params = path_params.clone();
        params.extend(byot_body.clone());
        params.push(options.clone());
        let generics = if byot_generics_body {
            "<B: ::serde::Serialize, T: ::serde::de::DeserializeOwned + ::std::marker::Send + 'static>"
        } else {
            "<T: ::serde::de::DeserializeOwned + ::std::marker::Send + 'static>"
        };
        let payload = payload(None);
        out.push(Method {
            name: format!("{items}_byot"),
            generics,
            params,
            ret: output("F::Stream<T>"),
            doc: format!("[`{items}_with`](Self::{items}_with) with your own item type."),
            body: quote!(::portkey::__private::endpoint::items(#client, #info, &[#(#args),*], #payload, options)),
        });
    }
    if let Some((via, event)) = &e.stream {
        let event = rust_type(event.as_deref(), JSON_OBJECT);
        let stream_name = if always_streams { method.to_string() } else { format!("{method}_stream") };
        let mut plain_params = path_params.clone();
        plain_params.extend(plain_body.clone());
        let mut with_params = plain_params.clone();
        with_params.push(options.clone());
        let body_ident = body_arg(&plain_body);
        let plain_args = args.iter().chain(body_ident.iter());
        let with_name = format_ident!("{stream_name}_with");
        let ret = output(&format!("F::Stream<{event}>"));
        let how = match via {
            StreamVia::Body => "with `\"stream\": true` in the body",
            StreamVia::Query => "with `stream=true` in the query",
            StreamVia::Form => "with a `stream` field `true` in the form",
            StreamVia::Always => "",
        };
        out.push(Method {
            name: stream_name.clone(),
            generics: "",
            params: plain_params,
            ret: ret.clone(),
            doc: format!("{head}\n\nStreams the reply's server-sent events {how}, each decoded as it arrives."),
            body: quote!(self.#with_name(#(#plain_args,)* ::portkey::RequestOptions::default())),
        });
        let (stream_payload, stream_options) = match via {
            StreamVia::Body => (payload(Some(true)), quote!(options)),
            StreamVia::Query => (payload(None), quote!(options.query("stream", "true"))),
            StreamVia::Form => (payload(Some(true)), quote!(options)),
            StreamVia::Always => (payload(None), quote!(options)),
        };
        out.push(Method {
            name: format!("{stream_name}_with"),
            generics: "",
            params: with_params,
            ret,
            doc: format!("[`{stream_name}`](Self::{stream_name}) with per-call settings."),
            body: quote!(::portkey::__private::endpoint::sse(#client, #info, &[#(#args),*], #stream_payload, #stream_options)),
        });
        let mut params = path_params.clone();
        params.extend(byot_body.clone());
        params.push(options);
        let generics = if byot_generics_body {
            "<B: ::serde::Serialize, E: ::serde::de::DeserializeOwned + ::std::marker::Send + 'static>"
        } else {
            "<E: ::serde::de::DeserializeOwned + ::std::marker::Send + 'static>"
        };
        // Your own body type cannot be set by field: `stream` is merged into its JSON.
        let (payload, byot_options) = match via {
            StreamVia::Body => (
                payload(None),
                quote!(options.body_field("stream", ::portkey::__private::serde_json::Value::Bool(true))),
            ),
            StreamVia::Form => (payload(Some(true)), stream_options),
            _ => (payload(None), stream_options),
        };
        out.push(Method {
            name: format!("{stream_name}_byot"),
            generics,
            params,
            ret: output("F::Stream<E>"),
            doc: format!("[`{stream_name}_with`](Self::{stream_name}_with) with your own body and event types."),
            body: quote!(::portkey::__private::endpoint::sse(#client, #info, &[#(#args),*], #payload, #byot_options)),
        });
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

    let mut surface = String::from(
        "# Every generated method, by endpoint (Python name: HTTP method and path). Each returns\n\
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
            // The client hands out resources borrowing it; a resource, those of its client.
            let (lifetime, client) = if root { (quote!('_), quote!(self)) } else { (quote!('a), quote!(self.client)) };
            quote! {
                #[doc = #doc]
                pub fn #field(&self) -> #ty<#lifetime, F> {
                    #ty { client: #client }
                }
            }
        });
        let mut methods_tokens = Vec::new();
        for &i in &node.endpoints {
            let e = &schema.endpoints[i];
            surface.push_str(&format!("client.{}: {} {}\n", e.name, e.verb, e.path));
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
        items.push(quote! {
            #[doc = #doc]
            #[derive(Debug)]
            pub struct #ty<'a, F: ::portkey::Flavor> {
                // Hand-written methods (`endpoints/webhooks.rs`...) reach the client too.
                pub(crate) client: &'a ::portkey::Client<F>,
            }

            impl<F: ::portkey::Flavor> ::std::clone::Clone for #ty<'_, F> {
                fn clone(&self) -> Self {
                    *self
                }
            }

            impl<F: ::portkey::Flavor> ::std::marker::Copy for #ty<'_, F> {}

            impl<'a, F: ::portkey::Flavor> #ty<'a, F> {
                #(#accessors)*
                #(#methods_tokens)*
            }
        });
    }

    let table = schema.endpoints.iter().map(table_entry);
    let count = schema.endpoints.len();
    // Every hand-written method must exist: naming it here fails the build otherwise.
    let local_checks = schema.local.iter().map(|l| {
        let (resource, method) = l.name.rsplit_once('.').unwrap_or(("", &l.name));
        let ty = format_ident!("{}", struct_name(resource));
        let method = format_ident!("{}", method);
        quote!(let _ = #ty::<'static, F>::#method;)
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

fn table_entry(e: &Endpoint) -> TokenStream {
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
    let request = opt(e.request.as_deref());
    let reply_type = opt(e.reply_type.as_deref());
    let event = opt(e.stream.as_ref().and_then(|(_, t)| t.as_deref()));
    let pages = opt(e.pages.as_deref());
    quote! {
        ::portkey::endpoints::EndpointInfo {
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
            reply: ::portkey::endpoints::ReplyKind::#reply,
            reply_type: #reply_type,
            stream: #stream,
            event_type: #event,
            pages: #pages,
            doc: #doc,
        }
    }
}
