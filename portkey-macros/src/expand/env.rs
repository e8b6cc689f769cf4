//! Loading options from environment variables, with typed parsing.

use proc_macro2::TokenStream;
use quote::quote;

use super::{field, info};
use crate::schema::Schema;

pub fn generate(schema: &Schema) -> TokenStream {
    let loads = schema.options.iter().filter(|o| o.env.is_some()).map(|o| {
        let (f, info, implicit) = (field(o), info(schema, o), o.implicit_env);
        quote! {
            if #implicit || !implicit_only {
                options.#f = ::portkey::__private::from_env(#info, get)?;
            }
        }
    });
    quote! {
        impl Options {
            /// Reads every option that has an environment variable from the process
            /// environment. Empty variables count as unset.
            pub fn from_env() -> ::std::result::Result<Self, ::portkey::OptionError> {
                Self::from_env_with(|name| ::std::env::var(name).ok())
            }

            /// Like [`Options::from_env`], reading variables from the given pairs instead of the
            /// process environment (for tests and for configs kept elsewhere).
            pub fn from_env_map<I, K, V>(vars: I) -> ::std::result::Result<Self, ::portkey::OptionError>
            where
                I: ::std::iter::IntoIterator<Item = (K, V)>,
                K: ::std::convert::Into<::std::string::String>,
                V: ::std::convert::Into<::std::string::String>,
            {
                let vars: ::std::collections::HashMap<::std::string::String, ::std::string::String> =
                    vars.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
                Self::from_env_with(|name| vars.get(name).cloned())
            }

            /// Like [`Options::from_env`], looking each variable up with `get`.
            pub fn from_env_with(
                get: impl Fn(&str) -> ::std::option::Option<::std::string::String>,
            ) -> ::std::result::Result<Self, ::portkey::OptionError> {
                Self::load_env(&get, false)
            }

            /// Reads only the variables every client reads implicitly, as the Python SDK does
            /// (`PORTKEY_API_KEY`, `PORTKEY_PROXY`).
            pub fn implicit_env_with(
                get: impl Fn(&str) -> ::std::option::Option<::std::string::String>,
            ) -> ::std::result::Result<Self, ::portkey::OptionError> {
                Self::load_env(&get, true)
            }

            fn load_env(
                get: &dyn Fn(&str) -> ::std::option::Option<::std::string::String>,
                implicit_only: bool,
            ) -> ::std::result::Result<Self, ::portkey::OptionError> {
                let mut options = Self::default();
                #(#loads)*
                ::std::result::Result::Ok(options)
            }
        }
    }
}
