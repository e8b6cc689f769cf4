//! `ClientBuilder<C>`: one setter per option, shared by every client type `C`.
//!
//! The async and blocking clients are both built with `ClientBuilder<TheClient>`, so their
//! option surfaces are the same generated methods by construction. Setters never fail; `build`
//! (written per client) validates and reports the first problem, naming the option.

use proc_macro2::TokenStream;
use quote::quote;

use super::field;
use crate::schema::{OptionSpec, Schema};
use crate::value_type::ValueType;

fn setter(o: &OptionSpec) -> TokenStream {
    let f = field(o);
    let doc = &o.doc;
    let name = &o.name;
    // A typed value replaces text given for the option (see `Options::text_values`).
    let clear_text = quote!(::portkey::__private::set_text_value(&mut self.options.text_values, #name, ::std::option::Option::None););
    let (generics, arg, value) = match o.ty {
        ValueType::Bool => (quote!(), quote!(bool), quote!(value)),
        ValueType::Integer => (quote!(), quote!(i64), quote!(value)),
        ValueType::StringList => {
            (quote!(<I, S>), quote!(I), quote!(value.into_iter().map(::std::convert::Into::into).collect()))
        }
        _ => {
            let ty = o.ty.rust_type();
            (quote!(), quote!(impl ::std::convert::Into<#ty>), quote!(value.into()))
        }
    };
    let bounds = (o.ty == ValueType::StringList)
        .then(|| quote!(where I: ::std::iter::IntoIterator<Item = S>, S: ::std::convert::Into<::std::string::String>));
    quote! {
        #[doc = #doc]
        #[must_use]
        pub fn #f #generics(mut self, value: #arg) -> Self #bounds {
            self.options.#f = ::std::option::Option::Some(#value);
            #clear_text
            self
        }
    }
}

pub fn generate(schema: &Schema) -> TokenStream {
    let setters = schema.options.iter().map(setter);
    quote! {
        /// Builds a client of type `C` (or plain [`Options`]) one option at a time.
        ///
        /// Every option of the schema has a setter here, named as in the Python SDK. Values are
        /// checked when the client is built, and errors name the option.
        pub struct ClientBuilder<C> {
            options: Options,
            client: ::std::marker::PhantomData<fn() -> C>,
        }

        impl<C> ClientBuilder<C> {
            /// A builder with no option set.
            pub fn new() -> Self {
                Self::from_options(Options::default())
            }

            /// A builder starting from the given options.
            pub fn from_options(options: Options) -> Self {
                Self { options, client: ::std::marker::PhantomData }
            }

            /// The options set so far.
            pub fn options(&self) -> &Options {
                &self.options
            }

            /// The options set so far, to change in place (for example to unset an option the
            /// builder started with).
            pub fn options_mut(&mut self) -> &mut Options {
                &mut self.options
            }

            /// The options set so far, consuming the builder.
            pub fn into_options(self) -> Options {
                self.options
            }

            #(#setters)*

            /// Adds an option the schema does not name, sent as the Python SDK sends unknown
            /// keyword arguments (see [`Options::extra_options`]).
            #[must_use]
            pub fn extra_option(
                mut self,
                name: impl ::std::convert::Into<::std::string::String>,
                value: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                let name = name.into();
                self.options.extra_options.retain(|(n, _)| *n != name);
                self.options.extra_options.push((name, value.into()));
                self
            }
        }

        impl<C> ::std::default::Default for ClientBuilder<C> {
            fn default() -> Self {
                Self::new()
            }
        }

        impl<C> ::std::clone::Clone for ClientBuilder<C> {
            fn clone(&self) -> Self {
                Self::from_options(self.options.clone())
            }
        }

        impl<C> ::std::fmt::Debug for ClientBuilder<C> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("ClientBuilder").field("options", &self.options).finish()
            }
        }

        impl ClientBuilder<Options> {
            /// Checks the options and returns them.
            pub fn build(self) -> ::std::result::Result<Options, ::portkey::OptionError> {
                self.options.validate()?;
                ::std::result::Result::Ok(self.options)
            }
        }
    }
}
