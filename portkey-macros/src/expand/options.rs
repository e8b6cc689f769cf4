//! The options struct: fields, `Default`, redacting `Debug`, SDK defaults, overlay, validation,
//! and the client-side split.

use proc_macro2::TokenStream;
use quote::quote;

use super::{field, info};
use crate::schema::{OptionSpec, Schema};
use crate::value_type::ValueType;

pub fn generate(schema: &Schema) -> TokenStream {
    let fields = schema.options.iter().map(|o| {
        let (f, ty, doc) = (field(o), o.ty.rust_type(), &o.doc);
        let where_ = match (&o.header, &o.env) {
            (Some(h), Some(e)) => format!(" Header `{h}`; environment variable `{e}`."),
            (Some(h), None) => format!(" Header `{h}`."),
            (None, Some(e)) => format!(" Client-side only; environment variable `{e}`."),
            (None, None) => " Client-side only.".to_string(),
        };
        let doc = format!("{doc}{where_}");
        quote!(#[doc = #doc] pub #f: ::std::option::Option<#ty>,)
    });
    let all: Vec<_> = schema.options.iter().collect();
    let options_debug = debug_impl("Options", &all, true);
    let defaults = schema.options.iter().filter_map(|o| {
        let (f, value) = (field(o), o.ty.default_expr(o.default.as_ref()?));
        Some(quote!(options.#f = #value;))
    });
    let overlay = schema.options.iter().map(|o| {
        let (f, name) = (field(o), &o.name);
        quote! {
            if other.#f.is_some() {
                self.#f = other.#f.clone();
                ::portkey::__private::set_text_value(&mut self.text_values, #name, ::std::option::Option::None);
            } else if let ::std::option::Option::Some(text) = ::portkey::__private::text_value(&other.text_values, #name) {
                self.#f = ::std::option::Option::None;
                ::portkey::__private::set_text_value(&mut self.text_values, #name, ::std::option::Option::Some(text.clone()));
            }
        }
    });
    let validate = schema.options.iter().map(|o| {
        let (f, info) = (field(o), info(schema, o));
        quote!(::portkey::__private::validate(#info, self.#f.as_ref())?;)
    });
    let client: Vec<_> = schema.options.iter().filter(|o| o.client).collect();
    let client_fields = client.iter().map(|o| {
        let (f, ty, doc) = (field(o), o.ty.rust_type(), &o.doc);
        quote!(#[doc = #doc] pub #f: ::std::option::Option<#ty>,)
    });
    let client_names: Vec<_> = client.iter().map(|o| field(o)).collect();
    let client_debug = debug_impl("ClientSideOptions", &client, false);
    quote! {
        /// Every client option, typed. `None` means "not given"; [`Options::sdk_defaults`] holds
        /// the Python SDK client's defaults. `Debug` prints only the options that are set, and
        /// prints secrets as `[redacted]`.
        #[derive(Clone, Default)]
        #[non_exhaustive]
        pub struct Options {
            #(#fields)*
            /// Options the schema does not name, as `(name, value)` pairs: sent as the Python SDK
            /// sends unknown keyword arguments, as `x-portkey-<name with - for _>` (or as
            /// `<name with - for _>` when listed in `forward_headers`).
            pub extra_options: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
            /// Values [`Options::from_map`] was given as JSON of another type than their
            /// option's, when the option's type cannot hold the text (booleans, integers,
            /// lists), as `(option name, text)`: the text the Python SDK sends for
            /// them (`"debug": 1` is sent as `1`, `"request_timeout": 30.0` as `30.0`). The
            /// option's typed field is then unset; setting it with a builder setter removes
            /// the text. The client itself reads only typed values.
            pub text_values: ::std::vec::Vec<(&'static str, ::std::string::String)>,
        }

        #options_debug

        impl Options {
            /// The options the Python SDK client starts from when none are given (for example
            /// `strict_open_ai_compliance = false`, `calculate_audio_duration = true`).
            pub fn sdk_defaults() -> Self {
                let mut options = Self::default();
                #(#defaults)*
                options
            }

            /// A builder over empty options.
            pub fn builder() -> ClientBuilder<Options> {
                ClientBuilder::new()
            }

            /// Sets every option that is set in `other`, keeping the rest of `self`.
            pub fn overlay(&mut self, other: &Options) {
                #(#overlay)*
                for (name, value) in &other.extra_options {
                    self.extra_options.retain(|(n, _)| n != name);
                    self.extra_options.push((name.clone(), value.clone()));
                }
            }

            /// Checks every set value: URLs parse, header values are sendable. The error names
            /// the option and what was expected, never the value.
            pub fn validate(&self) -> ::std::result::Result<(), ::portkey::OptionError> {
                #(#validate)*
                for (name, _) in &self.extra_options {
                    ::portkey::__private::check_extra_name(&OPTION_TABLE, name)?;
                }
                self.create_headers().map(drop)
            }

            /// The options the client itself consumes (base URL, HTTP client, timeout, ...).
            pub fn client_side(&self) -> ClientSideOptions {
                ClientSideOptions { #(#client_names: self.#client_names.clone(),)* }
            }
        }

        /// The options the hand-written client consumes. Code that handles them destructures
        /// this struct without `..`, so a new client-side option in the schema fails to compile
        /// until it is handled.
        #[derive(Clone, Default)]
        pub struct ClientSideOptions {
            #(#client_fields)*
        }

        #client_debug
    }
}

/// A `Debug` impl printing the set options only: secrets as `[redacted]`, other sensitive
/// values as their type redacts them.
fn debug_impl(type_name: &str, options: &[&OptionSpec], with_extra: bool) -> TokenStream {
    let ty = syn::Ident::new(type_name, proc_macro2::Span::call_site());
    let fields = options.iter().map(|o| {
        let (f, name) = (field(o), &o.name);
        let shown = match (o.ty, o.sensitive) {
            (ValueType::Secret, _) => quote!(&::portkey::__private::Redacted),
            (_, true) => quote!(&::portkey::__private::Sensitive(v)),
            _ => quote!(v),
        };
        quote!(if let ::std::option::Option::Some(v) = &self.#f { let _ = v; s.field(#name, #shown); })
    });
    // Extra options are unknown to the schema, so their values might be secrets: names only.
    // Text values print as text, unless their option is sensitive.
    let extra = with_extra.then(|| {
        quote! {
            if !self.extra_options.is_empty() {
                let names: ::std::vec::Vec<&str> = self.extra_options.iter().map(|(n, _)| n.as_str()).collect();
                s.field("extra_options", &names);
            }
            if !self.text_values.is_empty() {
                let shown: ::std::vec::Vec<(&str, &dyn ::std::fmt::Debug)> = self
                    .text_values
                    .iter()
                    .map(|(n, t)| {
                        let sensitive = OPTION_TABLE.iter().any(|o| o.name == *n && o.is_sensitive());
                        (*n, if sensitive { &::portkey::__private::Redacted as &dyn ::std::fmt::Debug } else { t })
                    })
                    .collect();
                s.field("text_values", &shown);
            }
        }
    });
    quote! {
        impl ::std::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut s = f.debug_struct(#type_name);
                #(#fields)*
                #extra
                s.finish_non_exhaustive()
            }
        }
    }
}
