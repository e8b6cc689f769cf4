//! Header serialization: the Rust `createHeaders`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{field, info};
use crate::schema::Schema;

pub fn generate(schema: &Schema) -> TokenStream {
    let list = schema.options.iter().find(|o| o.name == "forward_headers").map(field);
    let forwarded = match list {
        Some(f) => quote!(::portkey::__private::Forwarded::new(self.#f.as_deref())),
        None => quote!(::portkey::__private::Forwarded::new(::std::option::Option::None)),
    };
    let with_header: Vec<_> = schema.options.iter().filter(|o| o.header.is_some()).collect();
    // Header names are made at compile time (`HeaderName::from_static` is const and wants
    // lower case; the wire form of a name is lower case anyway).
    let names = with_header.iter().map(|o| o.header.as_deref().unwrap_or_default().to_ascii_lowercase());
    let count = with_header.len();
    let puts = with_header.iter().enumerate().map(|(i, o)| {
        let (f, info) = (field(o), info(schema, o));
        // `forward_headers` has its own rule (see `put_forward_headers`).
        let put = if o.name == "forward_headers" { quote!(put_forward_headers) } else { quote!(put_option) };
        quote!(::portkey::__private::#put(&mut headers, #info, &HEADER_NAMES[#i], self.#f.as_ref(), &self.text_values, &forwarded)?;)
    });
    quote! {
        /// The header names of the options that have one, in schema order.
        static HEADER_NAMES: [::portkey::__private::http::HeaderName; #count] =
            [#(::portkey::__private::http::HeaderName::from_static(#names)),*];

        impl Options {
            /// The headers these options send, exactly as the Python SDK's `createHeaders` writes
            /// them: booleans as `true`/`false`, JSON objects as Python's `json.dumps`, lists
            /// joined with `,`, empty strings, zero and empty lists left out, and options named
            /// in `forward_headers` sent without the `x-portkey-` prefix (and `forward_headers`
            /// itself both ways when it lists itself), text values (see
            /// [`Options::text_values`]) as they are. Values that may hold secrets are marked
            /// sensitive. A value that cannot be sent (a line break, a non-ASCII
            /// character) is an error naming the option.
            pub fn create_headers(&self) -> ::std::result::Result<::portkey::__private::http::HeaderMap, ::portkey::OptionError> {
                let mut headers = ::portkey::__private::http::HeaderMap::with_capacity(16);
                let forwarded = #forwarded;
                #(#puts)*
                for (name, value) in &self.extra_options {
                    ::portkey::__private::put_extra_header(&mut headers, name, value, &forwarded)?;
                }
                ::std::result::Result::Ok(headers)
            }
        }
    }
}
