//! Loading options from a map keyed by the Python option names (for JSON config files).

use proc_macro2::TokenStream;
use quote::quote;

use super::{field, info};
use crate::schema::Schema;

pub fn generate(schema: &Schema) -> TokenStream {
    let arms = schema.options.iter().map(|o| {
        let (f, info, name) = (field(o), info(schema, o), &o.name);
        quote!(#name => self.#f = ::portkey::__private::from_json(#info, value)?,)
    });
    quote! {
        impl Options {
            /// Reads options from a JSON object keyed by the Python SDK's option names
            /// (`{"api_key": "...", "config": {...}, "debug": true}`). `null` leaves an option
            /// unset; an unknown name or a value of the wrong JSON type is an error naming it.
            /// Options the schema does not name go under `"extra_options": {"name": "value"}`.
            pub fn from_map(
                map: &::portkey::__private::serde_json::Map<::std::string::String, ::portkey::__private::serde_json::Value>,
            ) -> ::std::result::Result<Self, ::portkey::OptionError> {
                let mut options = Self::default();
                options.apply_map(map)?;
                ::std::result::Result::Ok(options)
            }

            /// Sets the options named in `map` (keyed as in [`Options::from_map`]); `null` unsets
            /// one, as passing `None` to the Python SDK overrides its default. On error, the
            /// options before the bad key are already set.
            pub fn apply_map(
                &mut self,
                map: &::portkey::__private::serde_json::Map<::std::string::String, ::portkey::__private::serde_json::Value>,
            ) -> ::std::result::Result<(), ::portkey::OptionError> {
                for (key, value) in map {
                    // The Python SDK also takes `Authorization=`; names are otherwise lower case.
                    match key.to_ascii_lowercase().as_str() {
                        #(#arms)*
                        "extra_options" => self.extra_options = ::portkey::__private::extra_from_json(value)?,
                        _ => return ::std::result::Result::Err(::portkey::OptionError::unknown_option(key)),
                    }
                }
                ::std::result::Result::Ok(())
            }
        }

        impl<'de> ::portkey::__private::serde::Deserialize<'de> for Options {
            fn deserialize<D: ::portkey::__private::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let map = <::portkey::__private::serde_json::Map<::std::string::String, ::portkey::__private::serde_json::Value> as ::portkey::__private::serde::Deserialize>::deserialize(deserializer)?;
                Self::from_map(&map).map_err(<D::Error as ::portkey::__private::serde::de::Error>::custom)
            }
        }
    }
}
