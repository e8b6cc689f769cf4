//! `portkey_endpoints!`: the endpoints schema (one entry per resource method of the Python
//! SDK) expanded into the resource tree of both clients.
//!
//! Same discipline as the options: every problem at once, each naming the entry's `file:line`;
//! a schema with problems still expands from its good entries, so the build shows the schema's
//! errors alone; the file is tracked, so editing it rebuilds the crate.

mod expand;
pub(crate) mod schema;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::args::{Args, Source};
use crate::locate;

/// The macro body: parse arguments, load and check the schema, generate.
pub fn run(input: TokenStream) -> TokenStream {
    let args: Args = match syn::parse2(input) {
        Ok(a) => a,
        Err(e) => return e.to_compile_error(),
    };
    let lit = args.span_lit();
    let error = |message: String| syn::Error::new(lit.span(), message);
    if args.extra.is_some() || !args.omit.is_empty() {
        return error("`extra` and `omit` apply to the options schema only".into()).to_compile_error();
    }
    let (text, origin, track) = match &args.source {
        Source::Inline(l) => (l.value(), "inline schema".to_string(), None),
        Source::Path(l) => {
            let path = crate::expand::resolve(l);
            let shown = path.display().to_string();
            match std::fs::read_to_string(&path) {
                Ok(text) => (
                    text,
                    format!("schema {shown}"),
                    Some(quote!(
                        const _: &[u8] = include_bytes!(#shown);
                    )),
                ),
                Err(e) => return error(format!("cannot read schema `{shown}`: {e}")).to_compile_error(),
            }
        }
    };
    let entries = match crate::schema::parse_document(&text).and_then(endpoints_array) {
        Ok(entries) => entries,
        Err(m) => return error(format!("{origin}: {m}")).to_compile_error(),
    };
    let lines = locate::entry_lines(&text, "endpoints");
    let place = |i: usize| lines.get(i).map_or_else(|| origin.clone(), |line| format!("{origin}:{line}"));
    let located: Vec<(String, Value)> = entries.into_iter().enumerate().map(|(i, e)| (place(i), e)).collect();
    let (mut schema, problems) = schema::check(&located);
    // The types schema the file names (`"types": "types.json"`) types the endpoints; its own
    // problems are the types macro's to report.
    let mut track = track.into_iter().collect::<Vec<_>>();
    if let (Source::Path(l), Some(types)) = (
        &args.source,
        serde_json::from_str::<Value>(&text).ok().and_then(|d| d.get("types")?.as_str().map(str::to_string)),
    ) {
        let path = crate::expand::resolve(l);
        let types_path = path.parent().unwrap_or(std::path::Path::new(".")).join(types);
        match crate::types::load(&types_path) {
            Ok(loaded) => {
                schema = loaded.endpoints;
                for f in &loaded.files {
                    let f = f.display().to_string();
                    track.push(quote!(
                        const _: &[u8] = include_bytes!(#f);
                    ));
                }
            }
            Err(m) => return error(format!("{origin}: {m}")).to_compile_error(),
        }
    }
    let generated = expand::generate(&schema);
    let errors = problems.into_iter().map(|p| error(format!("{}: {}", p.place, p.message)).to_compile_error());
    quote! {
        #(#errors)*
        #(#track)*
        #generated
    }
}

pub(crate) fn endpoints_array(doc: Value) -> Result<Vec<Value>, String> {
    match doc {
        Value::Object(mut map) => match map.remove("endpoints") {
            Some(Value::Array(a)) => Ok(a),
            _ => Err("the schema must be an object with an `endpoints` array".into()),
        },
        _ => Err("the schema must be a JSON object with an `endpoints` array".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::run;
    use quote::quote;

    #[test]
    fn a_faulty_entry_is_reported_at_its_line_and_the_rest_still_expands() {
        let schema = "{\"endpoints\": [\n  {\"name\": \"files.list\", \"http\": \"GET\", \"path\": \"/files\", \"route\": \"openai\", \"doc\": \"Lists.\"},\n  {\"name\": \"files.retrieve\", \"http\": \"FETCH\", \"path\": \"/files/{file_id}\", \"route\": \"openai\", \"doc\": \"Gets.\"}\n]}";
        let out = run(quote!(inline = #schema)).to_string();
        assert!(out.contains("inline schema:3: endpoint `files.retrieve`: unknown HTTP method `FETCH`"), "{out}");
        assert_eq!(out.matches("compile_error").count(), 1, "{out}");
        assert!(out.contains("pub struct Files"), "the good entry still expands: {out}");
        assert!(out.contains("pub fn list_with"), "{out}");
        assert!(!out.contains("pub fn retrieve"), "{out}");
    }

    #[test]
    fn unreadable_schemas_are_errors_not_panics() {
        for input in
            [quote!(inline = "[1]"), quote!(inline = "{\"endpoints\": 3}"), quote!(path = "/no/such.json"), quote!(3)]
        {
            let out = run(input).to_string();
            assert!(out.contains("compile_error"), "{out}");
        }
        let out = run(quote!(path = "x.json", omit = ["a"])).to_string();
        assert!(out.contains("apply to the options schema only"), "{out}");
    }
}
