//! Loading options from a map keyed by the Python option names (for JSON config files).

use proc_macro2::TokenStream;
use quote::quote;

use super::{field, info};
use crate::schema::Schema;

pub fn generate(schema: &Schema) -> TokenStream {
    let arms = schema.options.iter().map(|o| {
        let (f, info, name) = (field(o), info(schema, o), &o.name);
        quote!(#name => ::portkey::__private::from_python(#info, value, &mut self.#f, &mut self.text_values)?,)
    });
    quote! {
        impl Options {
            /// Reads options from a JSON object keyed by the Python SDK's option names
            /// (`{"api_key": "...", "config": {...}, "debug": true}`), taking values as the
            /// Python SDK takes keyword arguments of any type: `null` and falsy values (`0`,
            /// `""`, `[]`) leave an option unset, and a value of another JSON type is sent as
            /// the SDK sends it (`"trace_id": 123` as `123`, `"debug": 1` as `1`, a list as
            /// Python's `str(list)`; see [`Options::text_values`]). A value the SDK fails on too
            /// is an error naming the option. A name the schema does not have is an extra
            /// option (see [`Options::extra_options`]), as the SDK sends unknown keyword
            /// arguments; `"extra_options": {"name": "value"}` sets several at once.
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
                        // As the Python SDK takes unknown keyword arguments.
                        _ => ::portkey::__private::extra_from_python(&OPTION_TABLE, &mut self.extra_options, key, value)?,
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
