//! The snapshot of the generated types: every type with its features, its fields (wire name,
//! Rust type) or variants, as text a reviewer reads in a diff.

use std::fmt::Write;

use super::model::{Kind, Match, Member, Model, Ty};

/// A type as the snapshot (and the docs) write it: `Vec<ChatMessage>`, `Option<Box<Filter>>`.
pub fn ty_text(model: &Model, ty: &Ty) -> String {
    match ty {
        Ty::String => "String".into(),
        Ty::I64 => "i64".into(),
        Ty::F64 => "f64".into(),
        Ty::Number => "Number".into(),
        Ty::Bool => "bool".into(),
        Ty::Value => "Value".into(),
        Ty::Object => "JsonObject".into(),
        Ty::Vec(t) => format!("Vec<{}>", ty_text(model, t)),
        Ty::Map(t) => format!("Map<{}>", ty_text(model, t)),
        Ty::Named(i) => model.types[*i].name.clone(),
        Ty::File => "FilePart".into(),
        Ty::Files => "FileParts".into(),
    }
}

/// A type as a full Rust path, for the endpoints expansion (`::portkey::types::ChatCompletion`).
pub fn ty_path(model: &Model, ty: &Ty) -> String {
    match ty {
        Ty::String => "::std::string::String".into(),
        Ty::I64 => "i64".into(),
        Ty::F64 => "f64".into(),
        Ty::Number => "::portkey::types::Number".into(),
        Ty::Bool => "bool".into(),
        Ty::Value => "::portkey::__private::serde_json::Value".into(),
        Ty::Object => "::portkey::types::JsonObject".into(),
        Ty::Vec(t) => format!("::std::vec::Vec<{}>", ty_path(model, t)),
        Ty::Map(t) => format!("::portkey::types::Map<{}>", ty_path(model, t)),
        Ty::Named(i) => format!("::portkey::types::{}", model.types[*i].name),
        Ty::File => "::portkey::FilePart".into(),
        Ty::Files => "::portkey::FileParts".into(),
    }
}

pub fn render(model: &Model) -> String {
    let mut out = String::new();
    out.push_str(
        "# Every generated type (portkey::types), from the OpenAPI documents and schema/types.json.\n\
         # `name [features] <- origin`, then a struct's fields (`rust: Type = \"wire\"`; `?` optional,\n\
         # `const` a fixed value, not stored), an enum's values, or a union's variants and how each\n\
         # is recognised. Every struct also has `extra`; every enum and union a catch-all variant.\n",
    );
    for t in model.types.iter().filter(|t| t.reached) {
        let areas: Vec<&str> = t.areas.iter().map(String::as_str).collect();
        let kind = match &t.kind {
            Kind::Struct(s) if s.is_form() => "form",
            Kind::Struct(_) => "struct",
            Kind::Enum(_) => "enum",
            Kind::Union(_) => "union",
        };
        let input = if t.input { " input" } else { "" };
        let _ = writeln!(out, "{kind} {} [{}]{input} <- {}", t.name, areas.join(", "), t.origin);
        match &t.kind {
            Kind::Struct(s) => {
                for m in &s.members {
                    match m {
                        Member::Field(f) => {
                            let mut ty = ty_text(model, &f.ty);
                            if f.boxed {
                                ty = format!("Box<{ty}>");
                            }
                            let opt = if f.required { "" } else { "?" };
                            if f.nullable {
                                ty.push_str(" | null");
                            }
                            let secret = if f.secret { " secret" } else { "" };
                            let wire = if f.rust.trim_start_matches("r#") == f.wire {
                                String::new()
                            } else {
                                format!(" = {:?}", f.wire)
                            };
                            let _ = writeln!(out, "    {}{opt}: {ty}{wire}{secret}", f.rust);
                        }
                        Member::Const(c) => {
                            let _ = writeln!(out, "    const {:?} = {:?}", c.wire, c.value);
                        }
                    }
                }
                if !s.new_order.is_empty() && t.input {
                    let _ = writeln!(out, "    new({})", s.new_order.join(", "));
                }
            }
            Kind::Enum(values) => {
                for v in values {
                    let _ = writeln!(out, "    {} = {:?}", v.variant, v.value);
                }
            }
            Kind::Union(u) => {
                if let Some(tag) = &u.tag {
                    let _ = writeln!(out, "    tag {tag:?}");
                }
                for v in &u.variants {
                    let ty = v.ty.as_ref().map(|t| {
                        let text = ty_text(model, t);
                        if v.boxed { format!("(Box<{text}>)") } else { format!("({text})") }
                    });
                    let how = match &v.matches {
                        Match::String => "a string".to_string(),
                        Match::Literal(s) => format!("{s:?}"),
                        Match::Integer => "an integer".into(),
                        Match::Number => "a number".into(),
                        Match::Bool => "a boolean".into(),
                        Match::Array => "an array".into(),
                        Match::Tagged(values) => {
                            values.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join(" | ")
                        }
                        Match::Object => "an object".into(),
                    };
                    let default = if v.untagged_default { ", or no tag" } else { "" };
                    let _ = writeln!(out, "    {}{} <- {how}{default}", v.name, ty.unwrap_or_default());
                }
            }
        }
    }
    out
}
