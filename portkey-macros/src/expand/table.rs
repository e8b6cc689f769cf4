//! The static option table, for introspection and for the runtime's messages.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;

use crate::schema::Schema;

fn opt_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    }
}

pub fn generate(schema: &Schema) -> TokenStream {
    let entries = schema.options.iter().map(|o| {
        let name = &o.name;
        let header = opt_str(o.header.as_deref());
        let env = opt_str(o.env.as_deref());
        let prefix = opt_str(o.value_prefix.as_deref());
        let default = o.default.as_ref().map(|d| d.to_string());
        let default = opt_str(default.as_deref());
        let ty = o.ty.table_variant();
        let group = Ident::new(&camel(&o.group), Span::call_site());
        let (implicit_env, client, sensitive, sdk, doc) = (o.implicit_env, o.client, o.sensitive, o.sdk, &o.doc);
        quote! {
            ::portkey::OptionInfo {
                name: #name,
                header: #header,
                value_type: ::portkey::ValueType::#ty,
                group: ::portkey::Group::#group,
                env: #env,
                implicit_env: #implicit_env,
                default_json: #default,
                client_side: #client,
                value_prefix: #prefix,
                sensitive: #sensitive,
                sdk: #sdk,
                doc: #doc,
            }
        }
    });
    let count = schema.options.len();
    quote! {
        /// Every client option of the schema, in schema order: name, header, type, group,
        /// environment variable, default and doc line.
        pub static OPTION_TABLE: [::portkey::OptionInfo; #count] = [#(#entries),*];
    }
}

fn camel(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}
