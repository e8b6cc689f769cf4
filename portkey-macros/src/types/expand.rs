//! The Rust code of the model: for each type its definition, its JSON reading and writing
//! (through the runtime at `::portkey::__private::types`), `Default`, `Debug` with secrets
//! redacted, and for request types `new(..)` and a setter per optional field. Each type sits
//! behind the features of the areas that use it.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

use super::docs::first_sentence;
use super::model::{EnumValue, Field, Kind, Match, Member, Model, Struct, Ty, TypeDef, Union, Variant};
use super::surface::ty_text;

/// An identifier, raw when the name is a keyword (`r#type`).
fn ident(name: &str) -> syn::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => syn::Ident::new_raw(raw, Span::call_site()),
        None => syn::Ident::new(name, Span::call_site()),
    }
}

/// Where the generated types live (the module invoking the macro), as the code names them.
fn types_path() -> TokenStream {
    quote!(::portkey::types)
}

/// The path of the runtime the generated code calls.
fn rt() -> TokenStream {
    quote!(::portkey::__private::types)
}

/// The Rust type of `ty`.
pub fn ty_tokens(model: &Model, ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(::std::string::String),
        Ty::I64 => quote!(i64),
        Ty::F64 => quote!(f64),
        Ty::Number => quote!(::portkey::types::Number),
        Ty::Bool => quote!(bool),
        Ty::Value => quote!(::portkey::__private::serde_json::Value),
        Ty::Object => quote!(::portkey::types::JsonObject),
        Ty::Vec(t) => {
            let t = ty_tokens(model, t);
            quote!(::std::vec::Vec<#t>)
        }
        Ty::Map(t) => {
            let t = ty_tokens(model, t);
            quote!(::portkey::types::Map<#t>)
        }
        Ty::Named(i) => {
            let name = ident(&model.types[*i].name);
            let path = types_path();
            quote!(#path::#name)
        }
        Ty::File => quote!(::portkey::FilePart),
        Ty::Files => quote!(::portkey::FileParts),
    }
}

fn field_ty(model: &Model, f: &Field) -> TokenStream {
    let mut t = ty_tokens(model, &f.ty);
    if f.boxed {
        t = quote!(::std::boxed::Box<#t>);
    }
    if f.required { t } else { quote!(::std::option::Option<#t>) }
}

/// `#[cfg(any(feature = "a", ..))]` for the type's areas (nothing when it has none).
fn cfg(t: &TypeDef) -> TokenStream {
    if t.areas.is_empty() {
        return TokenStream::new();
    }
    let features = t.areas.iter().map(|a| quote!(feature = #a));
    quote!(#[cfg(any(#(#features),*))])
}

fn type_doc(t: &TypeDef) -> String {
    let mut doc = if t.doc.trim().is_empty() { format!("`{}`.", t.origin) } else { t.doc.clone() };
    let (spec, place) = t.origin.split_once(':').unwrap_or(("", &t.origin));
    let spec = match spec {
        "openai" => "OpenAI's",
        "portkey" => "Portkey's",
        other => other,
    };
    doc.push_str(&format!("\n\nGenerated from `{place}` in {spec} OpenAPI document"));
    if !t.areas.is_empty() {
        let features: Vec<String> = t.areas.iter().map(|a| format!("`{a}`")).collect();
        doc.push_str(&format!("; with the feature {}", features.join(" or ")));
    }
    doc.push('.');
    doc
}

fn field_doc(f: &Field) -> String {
    let mut doc = if f.doc.trim().is_empty() { format!("`{}`.", f.wire) } else { f.doc.clone() };
    if let Some(literal) = &f.literal {
        doc.push_str(&format!("\n\nAlways `{literal:?}` when given."));
    }
    doc
}

pub fn generate(model: &Model) -> TokenStream {
    let items = model.types.iter().filter(|t| t.reached).map(|t| {
        let items = match &t.kind {
            Kind::Struct(s) if s.is_form() => form(model, t, s),
            Kind::Struct(s) => strukt(model, t, s),
            Kind::Enum(values) => string_enum(t, values),
            Kind::Union(u) => union(model, t, u),
        };
        // Every item of a type (its definition and impls) sits behind the type's features.
        let cfg = cfg(t);
        let items: Vec<TokenStream> =
            items.into_iter().filter(|i| !i.is_empty()).map(|item| quote!(#cfg #item)).collect();
        quote!(#(#items)*)
    });
    quote!(#(#items)*)
}

/// The bit of each required field and constant, in member order (for absent keys).
fn bits(s: &Struct) -> Vec<Option<u32>> {
    let mut next = 0u32;
    s.members
        .iter()
        .map(|m| match m {
            Member::Field(f) if !f.required => None,
            _ => {
                next += 1;
                Some(next - 1)
            }
        })
        .collect()
}

/// A field's default, as an expression: the overlay's value, else `Default::default()`.
fn default_expr(model: &Model, f: &Field) -> TokenStream {
    match (&f.default, &f.ty) {
        (Some(serde_json::Value::String(s)), Ty::String) => quote!(::std::string::String::from(#s)),
        (Some(serde_json::Value::Bool(b)), Ty::Bool) => quote!(#b),
        (Some(serde_json::Value::Number(n)), Ty::I64) if n.is_i64() => {
            let n = n.as_i64().unwrap_or_default();
            quote!(#n)
        }
        (Some(v), ty) => {
            // Any other JSON default is read through the type.
            let text = v.to_string();
            let t = ty_tokens(model, ty);
            quote!(::portkey::__private::serde_json::from_str::<#t>(#text).unwrap_or_default())
        }
        (None, _) => quote!(::std::default::Default::default()),
    }
}

fn strukt(model: &Model, t: &TypeDef, s: &Struct) -> Vec<TokenStream> {
    let rt = rt();
    let name = ident(&t.name);
    let doc = type_doc(t);
    let fields: Vec<&Field> = s.fields().collect();
    let defs = fields.iter().map(|f| {
        let (n, ty, doc) = (ident(&f.rust), field_ty(model, f), field_doc(f));
        quote!(#[doc = #doc] pub #n: #ty,)
    });
    let custom_default = fields.iter().any(|f| f.required && f.default.is_some());
    let secret = fields.iter().any(|f| f.secret);
    let derive_default = if custom_default { quote!() } else { quote!(::std::default::Default,) };
    let derive_debug = if secret { quote!() } else { quote!(::std::fmt::Debug,) };
    let bits = bits(s);
    // Reading.
    let slots: Vec<syn::Ident> = (0..s.members.len()).map(|i| format_ident!("m{}", i)).collect();
    let decls = s.members.iter().zip(&slots).map(|(m, v)| match m {
        Member::Field(_) => quote!(let mut #v = #rt::Slot::Absent;),
        Member::Const(_) => quote!(let mut #v = false;),
    });
    let arms = s.members.iter().zip(&slots).map(|(m, v)| match m {
        Member::Field(f) => {
            let w = &f.wire;
            quote!(#w => #v.read(&mut map, &mut extra, #w)?,)
        }
        Member::Const(c) => {
            let (w, value) = (&c.wire, &c.value);
            quote!(#w => #rt::read_const(&mut map, &mut extra, #w, #value, &mut #v)?,)
        }
    });
    let mut gets = Vec::new();
    let mut absent = Vec::new();
    for ((m, v), bit) in s.members.iter().zip(&slots).zip(&bits) {
        match m {
            Member::Field(f) => {
                let n = ident(&f.rust);
                let value = if f.required {
                    let bit = bit.unwrap_or_default();
                    // A declared default is what the SDK sends when the caller gives none (the
                    // model `portkey-default`): it is written even when it was missing.
                    if f.default.is_none() {
                        absent.push(quote!(#rt::bit(#v.is_absent(), #bit)));
                    }
                    let default = default_expr(model, f);
                    quote!(#v.get().unwrap_or_else(|| #default))
                } else {
                    quote!(#v.get())
                };
                let value = match (f.boxed, f.required) {
                    (true, true) => quote!(::std::boxed::Box::new(#value)),
                    (true, false) => quote!(#value.map(::std::boxed::Box::new)),
                    _ => value,
                };
                gets.push(quote!(#n: #value,));
            }
            Member::Const(_) => {
                let bit = bit.unwrap_or_default();
                absent.push(quote!(#rt::bit(!#v, #bit)));
            }
        }
    }
    // Writing.
    let writes = s.members.iter().zip(&bits).map(|(m, bit)| match m {
        Member::Field(f) => {
            let (w, n) = (&f.wire, ident(&f.rust));
            let value = if f.boxed && f.required { quote!(&*self.#n) } else { quote!(&self.#n) };
            if f.required {
                let bit = bit.unwrap_or_default();
                let default = default_expr(model, f);
                quote!(out.required(#w, #bit, #value, || #default)?;)
            } else if f.boxed {
                quote!(out.opt(#w, &self.#n.as_deref())?;)
            } else {
                quote!(out.opt(#w, #value)?;)
            }
        }
        Member::Const(c) => {
            let (w, value, bit) = (&c.wire, &c.value, bit.unwrap_or_default());
            quote!(out.constant(#w, #bit, #value)?;)
        }
    });
    let absent = if absent.is_empty() { quote!(0) } else { quote!(#(#absent)|*) };
    let default_impl = custom_default.then(|| {
        let values = fields.iter().map(|f| {
            let n = ident(&f.rust);
            let value = if f.required { default_expr(model, f) } else { quote!(::std::option::Option::None) };
            let value = if f.boxed && f.required { quote!(::std::boxed::Box::new(#value)) } else { value };
            quote!(#n: #value,)
        });
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    #name { #(#values)* extra: ::std::default::Default::default() }
                }
            }
        }
    });
    let debug_impl = secret.then(|| debug_impl(&t.name, &fields));
    let builders = t.input.then(|| builders(model, t, s, &fields));
    vec![
        quote! {
            #[doc = #doc]
            #[derive(::std::clone::Clone, ::std::cmp::PartialEq, #derive_default #derive_debug)]
            pub struct #name {
                #(#defs)*
                /// Fields this type does not name, kept as they came (and sent as given); an explicit
                /// `null` of a named field is kept here too, so it is written back as `null`.
                pub extra: ::portkey::types::Extra,
            }
        },
        quote! {
            impl #rt::JsonFields for #name {
                fn read_fields<'de, A: #rt::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                    #(#decls)*
                    let mut extra = ::portkey::types::Extra::new();
                    while let ::std::option::Option::Some(key) = #rt::next_key(&mut map)? {
                        match key.as_str() {
                            #(#arms)*
                            _ => #rt::read_extra(&mut map, &mut extra, key)?,
                        }
                    }
                    extra.dedup();
                    extra.set_absent(#absent);
                    ::std::result::Result::Ok(#name { #(#gets)* extra })
                }

                fn extra(&self) -> &::portkey::types::Extra {
                    &self.extra
                }

                fn write_fields<M: #rt::SerializeMap>(&self, out: &mut #rt::Writer<'_, M>) -> ::std::result::Result<(), M::Error> {
                    #(#writes)*
                    ::std::result::Result::Ok(())
                }
            }
        },
        quote! {
            impl<'de> #rt::Deserialize<'de> for #name {
                fn deserialize<D: #rt::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    #rt::deserialize_object(deserializer)
                }
            }
        },
        quote! {
            impl #rt::Serialize for #name {
                fn serialize<S: #rt::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    #rt::serialize_object(self, serializer)
                }
            }
        },
        quote!(#default_impl),
        quote!(#debug_impl),
        quote!(#builders),
    ]
}

fn debug_impl(name: &str, fields: &[&Field]) -> TokenStream {
    let ty = ident(name);
    let entries = fields.iter().map(|f| {
        let (n, label) = (ident(&f.rust), f.rust.trim_start_matches("r#").to_string());
        if f.secret && f.required {
            quote!(.field(#label, &::portkey::__private::Redacted))
        } else if f.secret {
            quote!(.field(#label, &self.#n.as_ref().map(|_| ::portkey::__private::Redacted)))
        } else {
            quote!(.field(#label, &self.#n))
        }
    });
    let entries: Vec<TokenStream> = entries.collect();
    quote! {
        impl ::std::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name) #(#entries)* .field("extra", &self.extra).finish()
            }
        }
    }
}

/// A parameter type and the expression turning it into the field's value.
fn setter_param(model: &Model, ty: &Ty, boxed: bool, value: &syn::Ident) -> (TokenStream, TokenStream) {
    let (param, expr) = match ty {
        Ty::Bool => (quote!(bool), quote!(#value)),
        Ty::Vec(item) => {
            let item = ty_tokens(model, item);
            (
                quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#item>>),
                quote!(#value.into_iter().map(::std::convert::Into::into).collect()),
            )
        }
        Ty::Map(item) => {
            let item = ty_tokens(model, item);
            (
                quote!(impl ::std::iter::IntoIterator<Item = (impl ::std::convert::Into<::std::string::String>, impl ::std::convert::Into<#item>)>),
                quote!(#value.into_iter().map(|(k, v)| (k.into(), v.into())).collect()),
            )
        }
        Ty::File => (quote!(::portkey::FilePart), quote!(#value)),
        Ty::Files => (quote!(impl ::std::convert::Into<::portkey::FileParts>), quote!(#value.into())),
        other => {
            let t = ty_tokens(model, other);
            (quote!(impl ::std::convert::Into<#t>), quote!(#value.into()))
        }
    };
    if boxed { (param, quote!(::std::boxed::Box::new(#expr))) } else { (param, expr) }
}

fn builders(model: &Model, t: &TypeDef, s: &Struct, fields: &[&Field]) -> TokenStream {
    let name = ident(&t.name);
    let form = s.is_form();
    let required: Vec<&Field> =
        s.new_order.iter().filter_map(|w| fields.iter().find(|f| &f.wire == w).copied()).collect();
    let params = required.iter().map(|f| {
        let n = ident(&f.rust);
        let (param, _) = setter_param(model, &f.ty, f.boxed, &n);
        quote!(#n: #param)
    });
    let in_new = |f: &Field| s.new_order.contains(&f.wire);
    let init = |f: &Field| {
        let n = ident(&f.rust);
        let (_, expr) = setter_param(model, &f.ty, f.boxed, &n);
        if f.required { quote!(#n: #expr,) } else { quote!(#n: ::std::option::Option::Some(#expr),) }
    };
    let inits = fields.iter().map(|f| {
        let n = ident(&f.rust);
        if in_new(f) { init(f) } else { quote!(#n: ::std::option::Option::None,) }
    });
    let rest =
        if form { quote!(extra: ::portkey::types::Extra::new()) } else { quote!(..::std::default::Default::default()) };
    let required_names: Vec<String> = required.iter().map(|f| format!("`{}`", f.wire)).collect();
    let new_doc = if required.is_empty() {
        format!("A `{}` with every field unset.", t.name)
    } else {
        format!("A `{}` with {}; every other field unset.", t.name, required_names.join(", "))
    };
    let inits: Vec<TokenStream> = if form { inits.collect() } else { required.iter().map(|f| init(f)).collect() };
    let setters = fields.iter().filter(|f| !f.required && !in_new(f)).map(|f| {
        let n = ident(&f.rust);
        let value = format_ident!("value");
        let (param, expr) = setter_param(model, &f.ty, f.boxed, &value);
        let sentence = first_sentence(&f.doc);
        let doc = if sentence.is_empty() {
            format!("Sets `{}` ({}).", f.wire, ty_text(model, &f.ty))
        } else {
            format!("Sets `{}`: {sentence}.", f.wire)
        };
        quote! {
            #[doc = #doc]
            pub fn #n(mut self, #value: #param) -> Self {
                self.#n = ::std::option::Option::Some(#expr);
                self
            }
        }
    });
    quote! {
        impl #name {
            #[doc = #new_doc]
            pub fn new(#(#params),*) -> Self {
                #name { #(#inits)* #rest }
            }

            #(#setters)*

            /// Sets a field this type does not name (in `extra`, sent as given).
            pub fn extra(mut self, key: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::portkey::__private::serde_json::Value>) -> Self {
                self.extra.insert(key.into(), value.into());
                self
            }
        }
    }
}

/// A multipart form: the fields as form fields in the SDK's order (required ones, then the
/// others by name, then `extra`), then the files.
fn form(model: &Model, t: &TypeDef, s: &Struct) -> Vec<TokenStream> {
    let name = ident(&t.name);
    let doc = type_doc(t);
    let fields: Vec<&Field> = s.fields().collect();
    let defs = fields.iter().map(|f| {
        let (n, ty, doc) = (ident(&f.rust), field_ty(model, f), field_doc(f));
        quote!(#[doc = #doc] pub #n: #ty,)
    });
    let mut order: Vec<&Field> =
        s.new_order.iter().filter_map(|w| fields.iter().find(|f| &f.wire == w).copied()).collect();
    let mut optional: Vec<&Field> = fields.iter().filter(|f| !f.required).copied().collect();
    optional.sort_by(|a, b| a.wire.cmp(&b.wire));
    order.extend(optional);
    let (files, texts): (Vec<&Field>, Vec<&Field>) = order.into_iter().partition(|f| f.ty.has_file());
    let rt = rt();
    let text_parts = texts.iter().map(|f| {
        let (w, n) = (&f.wire, ident(&f.rust));
        if f.required { quote!(form.field(#w, &request.#n);) } else { quote!(form.opt(#w, &request.#n);) }
    });
    let consts = s.members.iter().filter_map(|m| match m {
        Member::Const(c) => {
            let (w, v) = (&c.wire, &c.value);
            Some(quote!(form.field(#w, &#v);))
        }
        Member::Field(_) => None,
    });
    let file_parts = files.iter().map(|f| {
        let (w, n) = (&f.wire, ident(&f.rust));
        let list = format!("{w}[]");
        match (&f.ty, f.required) {
            (Ty::Files, true) => quote!(form.files(#w, request.#n);),
            (Ty::Files, false) => {
                quote!(if let ::std::option::Option::Some(files) = request.#n { form.files(#w, files); })
            }
            (Ty::Vec(_), true) => quote!(for file in request.#n { form.file(#list, file); }),
            (Ty::Vec(_), false) => quote!(for file in request.#n.into_iter().flatten() { form.file(#list, file); }),
            (_, true) => quote!(form.file(#w, request.#n);),
            (_, false) => quote!(if let ::std::option::Option::Some(file) = request.#n { form.file(#w, file); }),
        }
    });
    let builders = builders(model, t, s, &fields);
    let names: Vec<String> = fields.iter().map(|f| f.rust.trim_start_matches("r#").to_string()).collect();
    let debug_fields = fields.iter().zip(&names).map(|(f, label)| {
        let n = ident(&f.rust);
        quote!(.field(#label, &self.#n))
    });
    let label = &t.name;
    vec![
        quote! {
            #[doc = #doc]
            ///
            /// A multipart form: turn it into the [`Multipart`](::portkey::Multipart) the endpoint
            /// sends with `.into()`. Fields are sent as the SDK sends them (the required ones, the
            /// others by name, then `extra`, flattened as the SDK flattens lists and objects), then
            /// the files.
            pub struct #name {
                #(#defs)*
                /// More fields, sent after the named ones and flattened as the SDK flattens them.
                pub extra: ::portkey::types::Extra,
            }
        },
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#debug_fields)* .field("extra", &self.extra).finish()
                }
            }
        },
        quote! {
            impl ::std::convert::From<#name> for ::portkey::Multipart {
                fn from(request: #name) -> ::portkey::Multipart {
                    let mut form = #rt::Form::new();
                    #(#consts)*
                    #(#text_parts)*
                    form.extra(&request.extra);
                    #(#file_parts)*
                    form.finish()
                }
            }
        },
        builders,
    ]
}

fn string_enum(t: &TypeDef, values: &[EnumValue]) -> Vec<TokenStream> {
    let rt = rt();
    let name = ident(&t.name);
    let doc = type_doc(t);
    let variants = values.iter().map(|v| {
        let (n, doc) = (ident(&v.variant), format!("`{:?}`.", v.value));
        quote!(#[doc = #doc] #n,)
    });
    let as_str = values.iter().map(|v| {
        let (n, value) = (ident(&v.variant), &v.value);
        quote!(#name::#n => #value,)
    });
    let from = values.iter().map(|v| {
        let (n, value) = (ident(&v.variant), &v.value);
        quote!(#value => #name::#n,)
    });
    vec![
        quote! {
            #[doc = #doc]
            #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::fmt::Debug)]
            pub enum #name {
                #(#variants)*
                /// Any other value, kept as it came (also what a missing value reads as: empty).
                Other(::std::string::String),
            }
        },
        quote! {
            impl #name {
                /// The value, as sent.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#as_str)*
                        #name::Other(other) => other,
                    }
                }

                fn from_key(key: #rt::Key<'_>) -> Self {
                    match key.as_str() {
                        #(#from)*
                        _ => #name::Other(key.into_string()),
                    }
                }
            }
        },
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    #name::Other(::std::string::String::new())
                }
            }
        },
        quote! {
            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    #name::from_key(#rt::Key::Borrowed(value))
                }
            }
        },
        quote! {
            impl ::std::convert::From<::std::string::String> for #name {
                fn from(value: ::std::string::String) -> Self {
                    #name::from_key(#rt::Key::Owned(value))
                }
            }
        },
        quote! {
            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        },
        quote! {
            impl #rt::Serialize for #name {
                fn serialize<S: #rt::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        },
        quote! {
            impl<'de> #rt::Deserialize<'de> for #name {
                fn deserialize<D: #rt::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    #rt::deserialize_key(deserializer).map(#name::from_key)
                }
            }
        },
    ]
}

fn variant_ty(model: &Model, v: &Variant) -> Option<TokenStream> {
    let t = ty_tokens(model, v.ty.as_ref()?);
    Some(if v.boxed { quote!(::std::boxed::Box<#t>) } else { t })
}

fn union(model: &Model, t: &TypeDef, u: &Union) -> Vec<TokenStream> {
    let rt = rt();
    let name = ident(&t.name);
    let doc = type_doc(t);
    let objects_only = u.objects_only();
    let unknown_ty = if objects_only {
        quote!(::portkey::types::JsonObject)
    } else {
        quote!(::portkey::__private::serde_json::Value)
    };
    let defs = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let doc = if v.doc.trim().is_empty() {
            match &v.matches {
                Match::Tagged(tags) => format!("`{}`.", tags.join("`, `")),
                Match::Literal(s) => format!("`{s:?}`."),
                _ => format!("A {}.", ty_text(model, v.ty.as_ref().unwrap_or(&Ty::Value))),
            }
        } else {
            v.doc.clone()
        };
        match variant_ty(model, v) {
            Some(t) => quote!(#[doc = #doc] #n(#t),),
            None => quote!(#[doc = #doc] #n,),
        }
    });
    let wrap = |v: &Variant, value: TokenStream| {
        let n = ident(&v.name);
        if v.boxed { quote!(#name::#n(::std::boxed::Box::new(#value))) } else { quote!(#name::#n(#value)) }
    };
    // Strings: literals first, then the string member.
    let literals = u.variants.iter().filter_map(|v| match &v.matches {
        Match::Literal(s) => {
            let n = ident(&v.name);
            Some(quote!(#s => return ::std::result::Result::Ok(#name::#n),))
        }
        _ => None,
    });
    let ok = |value: TokenStream| quote!(::std::result::Result::Ok(#value));
    let unknown_value = |value: TokenStream| ok(quote!(#name::Unknown(::std::convert::From::from(#value))));
    let string_member = u.variants.iter().find(|v| v.matches == Match::String);
    let from_str = match string_member {
        Some(v) => {
            let value = match v.ty.as_ref() {
                Some(Ty::String) => quote!(key.into_string()),
                _ => quote!(::std::convert::From::from(key.into_string())),
            };
            ok(wrap(v, value))
        }
        None => ok(quote!(#name::Unknown(#rt::string_value(key)))),
    };
    let integer = u.variants.iter().find(|v| v.matches == Match::Integer);
    let number = u.variants.iter().find(|v| v.matches == Match::Number);
    let from_i64 = match (integer, number) {
        (Some(v), _) => ok(wrap(v, quote!(value))),
        (None, Some(v)) => ok(wrap(v, quote!(value as f64))),
        _ => unknown_value(quote!(value)),
    };
    let from_u64 = match (integer, number) {
        (Some(v), _) => {
            let inner = wrap(v, quote!(value));
            quote!(::std::result::Result::Ok(match i64::try_from(value) {
                ::std::result::Result::Ok(value) => #inner,
                ::std::result::Result::Err(_) => #name::Unknown(::std::convert::From::from(value)),
            }))
        }
        (None, Some(v)) => ok(wrap(v, quote!(value as f64))),
        _ => unknown_value(quote!(value)),
    };
    let from_f64 = match number {
        Some(v) => ok(wrap(v, quote!(value))),
        None => unknown_value(quote!(value)),
    };
    let from_bool = match u.variants.iter().find(|v| v.matches == Match::Bool) {
        Some(v) => ok(wrap(v, quote!(value))),
        None => unknown_value(quote!(value)),
    };
    let arrays: Vec<&Variant> = u.variants.iter().filter(|v| v.matches == Match::Array).collect();
    let from_seq = match arrays.as_slice() {
        [] => quote!(::std::result::Result::Ok(#name::Unknown(#rt::seq_value(seq)?))),
        [v] => {
            let inner = wrap(v, quote!(value));
            quote!(#rt::Deserialize::deserialize(#rt::SeqAccessDeserializer::new(seq)).map(|value| #inner))
        }
        several => {
            let tries = several.iter().map(|v| {
                let inner = wrap(v, quote!(value));
                quote!(if let ::std::result::Result::Ok(value) = #rt::from_value::<_, A::Error>(&array) {
                    return ::std::result::Result::Ok(#inner);
                })
            });
            quote! {
                let array = #rt::seq_value(seq)?;
                #(#tries)*
                ::std::result::Result::Ok(#name::Unknown(array))
            }
        }
    };
    let scalars = (!objects_only).then(|| {
        quote! {
            fn from_str<E: #rt::DeError>(key: #rt::Key<'_>) -> ::std::result::Result<Self, E> {
                match key.as_str() {
                    #(#literals)*
                    _ => {}
                }
                #from_str
            }

            fn from_i64<E: #rt::DeError>(value: i64) -> ::std::result::Result<Self, E> {
                #from_i64
            }

            fn from_u64<E: #rt::DeError>(value: u64) -> ::std::result::Result<Self, E> {
                #from_u64
            }

            fn from_f64<E: #rt::DeError>(value: f64) -> ::std::result::Result<Self, E> {
                #from_f64
            }

            fn from_bool<E: #rt::DeError>(value: bool) -> ::std::result::Result<Self, E> {
                #from_bool
            }

            fn from_null<E: #rt::DeError>() -> ::std::result::Result<Self, E> {
                ::std::result::Result::Ok(#name::Unknown(::portkey::__private::serde_json::Value::Null))
            }

            fn from_seq<'de, A: #rt::SeqAccess<'de>>(seq: A) -> ::std::result::Result<Self, A::Error> {
                #from_seq
            }
        }
    });
    let tags = u.variants.iter().flat_map(|v| match &v.matches {
        Match::Tagged(tags) => tags.as_slice(),
        _ => &[],
    });
    let tagged = u.variants.iter().filter_map(|v| match &v.matches {
        Match::Tagged(tags) => {
            let inner = wrap(v, quote!(#rt::JsonFields::read_fields(fields)?));
            Some(quote!(::std::option::Option::Some(#(#tags)|*) => #inner,))
        }
        _ => None,
    });
    let untagged = u.variants.iter().find(|v| v.untagged_default);
    let no_tag = match untagged {
        Some(v) => {
            let is_struct =
                matches!(v.ty.as_ref(), Some(Ty::Named(i)) if matches!(model.types[*i].kind, Kind::Struct(_)));
            let inner = if is_struct {
                wrap(v, quote!(#rt::JsonFields::read_fields(fields)?))
            } else {
                wrap(v, quote!(#rt::Deserialize::deserialize(#rt::MapAccessDeserializer::new(fields))?))
            };
            quote!(::std::option::Option::None => #inner,)
        }
        None => quote!(),
    };
    let unknown_object = if objects_only {
        quote!(#name::Unknown(#rt::unknown_object(tag, fields)?))
    } else {
        quote!(#name::Unknown(::portkey::__private::serde_json::Value::Object(#rt::unknown_object(tag, fields)?)))
    };
    let tag = match &u.tag {
        Some(tag) => quote!(::std::option::Option::Some(#tag)),
        None => quote!(::std::option::Option::None),
    };
    let serialize = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        match &v.matches {
            Match::Literal(s) => quote!(#name::#n => serializer.serialize_str(#s),),
            _ => quote!(#name::#n(value) => #rt::Serialize::serialize(value, serializer),),
        }
    });
    let expecting = format!("{} (OpenAPI `{}`)", t.name, t.origin);
    let kind = tagged_kind(model, t, u);
    let froms = union_froms(model, t, u);
    vec![
        quote! {
            #[doc = #doc]
            #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::fmt::Debug)]
            pub enum #name {
                #(#defs)*
                /// Anything the other variants do not take (a new kind, say), kept whole as it came.
                Unknown(#unknown_ty),
            }
        },
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    #name::Unknown(::std::default::Default::default())
                }
            }
        },
        quote! {
            impl #rt::Union for #name {
                const EXPECTING: &'static str = #expecting;
                const TAG: ::std::option::Option<&'static str> = #tag;
                const TAGS: &'static [&'static str] = &[#(#tags),*];
                const OBJECTS_ONLY: bool = #objects_only;

                #scalars

                fn from_object<'de, A: #rt::MapAccess<'de>>(
                    tag: ::std::option::Option<&str>,
                    fields: #rt::Fields<'de, A>,
                ) -> ::std::result::Result<Self, A::Error> {
                    ::std::result::Result::Ok(match tag {
                        #(#tagged)*
                        #no_tag
                        tag => #unknown_object,
                    })
                }
            }
        },
        quote! {
            impl<'de> #rt::Deserialize<'de> for #name {
                fn deserialize<D: #rt::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    #rt::deserialize_union(deserializer)
                }
            }
        },
        quote! {
            impl #rt::Serialize for #name {
                fn serialize<S: #rt::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    match self {
                        #(#serialize)*
                        #name::Unknown(value) => #rt::Serialize::serialize(value, serializer),
                    }
                }
            }
        },
        quote!(#kind),
    ]
    .into_iter()
    .chain(froms)
    .collect()
}

/// `From` each variant's type (when no other variant has it), and from text for a text variant.
fn union_froms(model: &Model, t: &TypeDef, u: &Union) -> Vec<TokenStream> {
    let name = ident(&t.name);
    let mut out = Vec::new();
    for v in &u.variants {
        let Some(ty) = &v.ty else { continue };
        if u.variants.iter().filter(|w| w.ty.as_ref() == Some(ty)).count() > 1 {
            continue;
        }
        let n = ident(&v.name);
        let inner = ty_tokens(model, ty);
        let value = if v.boxed { quote!(::std::boxed::Box::new(value)) } else { quote!(value) };
        out.push(quote! {
            impl ::std::convert::From<#inner> for #name {
                fn from(value: #inner) -> Self {
                    #name::#n(#value)
                }
            }
        });
        if let (Ty::Vec(item), false) = (ty, v.boxed) {
            let item = ty_tokens(model, item);
            out.push(quote! {
                impl<const N: usize> ::std::convert::From<[#item; N]> for #name {
                    fn from(value: [#item; N]) -> Self {
                        #name::#n(::std::vec::Vec::from(value))
                    }
                }
            });
        }
        if *ty == Ty::String {
            out.push(quote! {
                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        #name::#n(::std::string::String::from(value).into())
                    }
                }
            });
        }
    }
    out
}

/// `kind()` for a union whose object variants each have one tag value.
fn tagged_kind(_model: &Model, t: &TypeDef, u: &Union) -> Option<TokenStream> {
    let tag = u.tag.as_ref()?;
    if !u.variants.iter().all(|v| matches!(&v.matches, Match::Tagged(tags) if tags.len() == 1)) {
        return None;
    }
    let name = ident(&t.name);
    let arms = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let Match::Tagged(tags) = &v.matches else { return quote!() };
        let tag = &tags[0];
        quote!(#name::#n(_) => #tag,)
    });
    let doc = format!("The object's `{tag}` (`\"\"` for an `Unknown` object without one).");
    let unknown = if u.objects_only() {
        quote!(#name::Unknown(object) => object.get(#tag).and_then(|t| t.as_str()).unwrap_or(""),)
    } else {
        quote!(#name::Unknown(value) => value.get(#tag).and_then(|t| t.as_str()).unwrap_or(""),)
    };
    Some(quote! {
        impl #name {
            #[doc = #doc]
            pub fn kind(&self) -> &str {
                match self {
                    #(#arms)*
                    #unknown
                }
            }
        }
    })
}
