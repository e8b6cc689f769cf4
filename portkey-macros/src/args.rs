//! Parsing of the macro's arguments: where the schema comes from and the test knobs.

use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token, bracketed};

/// Where the schema text comes from.
pub enum Source {
    /// A file path, relative to the invoking source file.
    Path(LitStr),
    /// The schema text itself.
    Inline(LitStr),
}

/// The parsed arguments of `portkey_options!`.
pub struct Args {
    pub source: Source,
    /// A JSON array of extra option entries appended to the schema.
    pub extra: Option<LitStr>,
    /// Option names removed from the schema before generation.
    pub omit: Vec<LitStr>,
}

impl Args {
    /// The literal that errors about the schema point at.
    pub fn span_lit(&self) -> &LitStr {
        match &self.source {
            Source::Path(l) | Source::Inline(l) => l,
        }
    }
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(LitStr) {
            let lit: LitStr = input.parse()?;
            let _: Option<Token![,]> = input.parse()?;
            if !input.is_empty() {
                return Err(input.error("expected nothing after the schema path"));
            }
            return Ok(Args { source: Source::Path(lit), extra: None, omit: Vec::new() });
        }
        let mut source = None;
        let mut extra = None;
        let mut omit = Vec::new();
        while !input.is_empty() {
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            match key.to_string().as_str() {
                "path" | "inline" => {
                    if source.is_some() {
                        return Err(syn::Error::new(key.span(), "give one of `path` or `inline`, once"));
                    }
                    let lit: LitStr = input.parse()?;
                    source = Some(if key == "path" { Source::Path(lit) } else { Source::Inline(lit) });
                }
                "extra" => extra = Some(input.parse()?),
                "omit" => {
                    let content;
                    bracketed!(content in input);
                    let names: Punctuated<LitStr, Token![,]> =
                        content.parse_terminated(<LitStr as Parse>::parse, Token![,])?;
                    omit.extend(names);
                }
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown argument `{other}` (expected path, inline, extra or omit)"),
                    ));
                }
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        let source = source.ok_or_else(|| input.error("missing `path = \"...\"` or `inline = \"...\"`"))?;
        Ok(Args { source, extra, omit })
    }
}
