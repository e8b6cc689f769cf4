//! OpenAPI schemas (plus the overlay) resolved into the [`Model`]: every schema an endpoint
//! reaches becomes a Rust type, named, with its fields, enums and unions.
//!
//! Schemas are addressed by *keys*: `openai:CreateChatCompletionRequest` for a component,
//! `…​.audio` for the schema of a property, `…[]` for a list's items, `…{}` for a map's
//! values, `…|2` for a union's third member. The overlay speaks of schemas by these keys, and
//! an inline schema is named after where it is (`ChatCompletionRequestAudio`), whoever
//! reaches it first, so names do not depend on the order types are visited in.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

use super::docs;
use super::model::{Const, EnumValue, Field, Kind, Match, Member, Model, Struct, Ty, TypeDef, Union, Variant};
use super::naming::{common_prefix, field as field_name, pascal, singular};
use super::overlay::{Entry, Overlay};
use super::spec::Spec;

/// What a schema resolves to.
#[derive(Clone, Debug)]
pub enum Shape {
    Ty(Ty),
    /// One fixed string (`enum: [x]`, `const: x`).
    Const(String),
}

/// Where a schema is and what to call it.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub spec: usize,
    pub key: String,
    pub hint: String,
    /// Inside a multipart form (binary strings are files).
    pub form: bool,
    /// The component this schema is the root of, if any.
    pub component: Option<String>,
}

pub struct Resolver<'a> {
    pub specs: &'a [Spec],
    pub overlay: &'a Overlay,
    pub model: Model,
    /// Components resolved (or being resolved, once a named type is reserved for them).
    components: HashMap<(usize, String), (Shape, bool)>,
    in_progress: HashSet<(usize, String)>,
    /// Inline named types, by key.
    inline: HashMap<String, Ty>,
    names: HashMap<String, usize>,
    all_names: HashSet<String>,
    pub used: HashSet<String>,
    pub problems: Vec<String>,
}

fn desc(schema: &Value) -> Option<&str> {
    schema.get("description").and_then(Value::as_str).filter(|d| !d.trim().is_empty())
}

fn non_null(members: &[Value]) -> (Vec<&Value>, bool) {
    let mut nullable = false;
    let mut rest = Vec::new();
    for m in members {
        if m.get("type").and_then(Value::as_str) == Some("null") {
            nullable = true;
        } else {
            rest.push(m);
        }
    }
    (rest, nullable)
}

impl<'a> Resolver<'a> {
    pub fn new(specs: &'a [Spec], overlay: &'a Overlay) -> Self {
        Resolver {
            specs,
            overlay,
            model: Model::default(),
            components: HashMap::new(),
            in_progress: HashSet::new(),
            inline: HashMap::new(),
            names: HashMap::new(),
            all_names: HashSet::new(),
            used: HashSet::new(),
            problems: Vec::new(),
        }
    }

    fn entry(&mut self, key: &str) -> Option<&'a Entry> {
        let entry = self.overlay.schemas.get(key)?;
        self.used.insert(key.to_string());
        Some(entry)
    }

    pub fn spec_index(&self, name: &str) -> Option<usize> {
        self.specs.iter().position(|s| s.name == name)
    }

    /// Where a key's component is, for messages.
    fn place(&self, ctx: &Ctx) -> String {
        let spec = &self.specs[ctx.spec];
        let component = ctx.key.split_once(':').map_or("", |(_, rest)| rest);
        let component = component.split(['.', '[', '{', '|', '?']).next().unwrap_or(component);
        spec.schema_place(component)
    }

    fn problem(&mut self, ctx: &Ctx, message: String) {
        let place = self.place(ctx);
        self.problems.push(format!("{place}: `{}`: {message}", ctx.key));
    }

    /// The Rust name of a component: the overlay's, else its own in PascalCase.
    pub fn component_name(&self, spec: usize, name: &str) -> String {
        let key = format!("{}:{name}", self.specs[spec].name);
        self.overlay.schemas.get(&key).and_then(|e| e.name.clone()).unwrap_or_else(|| pascal(name))
    }

    /// The Rust names every component of every document would have.
    fn component_names(&mut self) -> &HashSet<String> {
        if self.all_names.is_empty() {
            let mut all = HashSet::new();
            for (i, spec) in self.specs.iter().enumerate() {
                for name in spec.schemas().into_iter().flat_map(|s| s.keys()) {
                    all.insert(self.component_name(i, name));
                }
            }
            self.all_names = all;
        }
        &self.all_names
    }

    /// A component's root context.
    pub fn component_ctx(&self, spec: usize, name: &str) -> Ctx {
        Ctx {
            spec,
            key: format!("{}:{name}", self.specs[spec].name),
            hint: self.component_name(spec, name),
            form: false,
            component: Some(name.to_string()),
        }
    }

    fn child(&self, ctx: &Ctx, key_suffix: &str, hint: String) -> Ctx {
        Ctx { spec: ctx.spec, key: format!("{}{key_suffix}", ctx.key), hint, form: ctx.form, component: None }
    }

    /// Resolves a component by name.
    pub fn component(&mut self, spec: usize, name: &str, form: bool) -> (Shape, bool) {
        let id = (spec, name.to_string());
        if let Some(done) = self.components.get(&id) {
            return done.clone();
        }
        let mut ctx = self.component_ctx(spec, name);
        ctx.form = form;
        let Some(schema) = self.specs[spec].schema(name).cloned() else {
            self.problem(&ctx, format!("no such schema in {}", self.specs[spec].file));
            return (Shape::Ty(Ty::Value), false);
        };
        if !self.in_progress.insert(id.clone()) {
            self.problem(&ctx, "refers to itself without an object in between".into());
            return (Shape::Ty(Ty::Value), false);
        }
        let resolved = self.resolve(&ctx, &schema);
        self.in_progress.remove(&id);
        self.components.insert(id, resolved.clone());
        resolved
    }

    /// Resolves a schema at `ctx`.
    pub fn resolve(&mut self, ctx: &Ctx, schema: &Value) -> (Shape, bool) {
        if let Some(entry) = self.entry(&ctx.key)
            && let Some(as_type) = &entry.as_type
        {
            let nullable = schema.get("nullable").and_then(Value::as_bool).unwrap_or(false);
            let ty = match as_type.as_str() {
                "String" => Ty::String,
                "JsonObject" => Ty::Object,
                "Value" => Ty::Value,
                other => {
                    // Another schema of the same document stands for this one.
                    let name = other.split_once(':').map_or(other, |(_, n)| n);
                    let (shape, inner) = self.component(ctx.spec, name, ctx.form);
                    return (shape, nullable || inner);
                }
            };
            return (Shape::Ty(ty), nullable);
        }
        if let Some(replacement) = self.entry(&ctx.key).and_then(|e| e.schema.as_ref()) {
            return self.resolve_schema(ctx, replacement);
        }
        self.resolve_schema(ctx, schema)
    }

    /// Resolves a schema at `ctx`, the overlay's `as` and `schema` already applied.
    fn resolve_schema(&mut self, ctx: &Ctx, schema: &Value) -> (Shape, bool) {
        let mut nullable = schema.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let Some(name) = Spec::ref_name(reference) else {
                self.problem(ctx, format!("unsupported reference `{reference}`"));
                return (Shape::Ty(Ty::Value), nullable);
            };
            let (shape, inner) = self.component(ctx.spec, name, ctx.form);
            return (shape, nullable || inner);
        }
        if schema.get("$recursiveRef").is_some() {
            // `$recursiveRef: '#'`: the component this schema is inside.
            let component = ctx.key.split_once(':').map_or("", |(_, rest)| rest);
            let component = component.split(['.', '[', '{', '|']).next().unwrap_or(component).to_string();
            let (shape, inner) = self.component(ctx.spec, &component, ctx.form);
            return (shape, nullable || inner);
        }
        // `type: [x, "null"]`
        let mut types: Vec<&str> = match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if types.contains(&"null") {
            nullable = true;
            types.retain(|t| *t != "null");
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let own = schema.get("properties").is_some();
            // Parts that only annotate (`{"nullable": true}`, a description) are no shape.
            let annotation = |p: &&Value| {
                p.as_object().is_some_and(|m| {
                    m.keys().all(|k| matches!(k.as_str(), "nullable" | "description" | "title" | "default"))
                })
            };
            if parts.iter().any(|p| p.get("nullable").and_then(Value::as_bool) == Some(true)) {
                nullable = true;
            }
            let shaped: Vec<&Value> = parts.iter().filter(|p| !annotation(p)).collect();
            if shaped.len() == 1 && !own {
                let (shape, inner) = self.resolve(ctx, shaped[0]);
                return (shape, nullable || inner);
            }
            return (Shape::Ty(self.object(ctx, schema)), nullable);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(members) = schema.get(key).and_then(Value::as_array) {
                // Alternatives that only say which properties are required are a validation
                // rule of an object, not a union.
                let constraint = |m: &Value| {
                    m.as_object()
                        .is_some_and(|m| m.keys().all(|k| k == "required" || k == "description" || k == "title"))
                };
                if schema.get("properties").is_some() && members.iter().all(constraint) {
                    break;
                }
                let (members, null) = non_null(members);
                nullable |= null;
                if members.len() == 1 && schema.get("properties").is_none() {
                    // `X or null`: X, at this schema's place (and under its name).
                    let (shape, inner) = self.resolve(ctx, members[0]);
                    return (shape, nullable || inner);
                }
                if members.is_empty() {
                    return (Shape::Ty(Ty::Value), true);
                }
                return (self.union(ctx, schema, key), nullable);
            }
        }
        if let Some(value) = schema.get("const") {
            return match value.as_str() {
                Some(s) => (Shape::Const(s.to_string()), nullable),
                None => (Shape::Ty(Ty::Value), nullable),
            };
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            if values.iter().any(Value::is_null) {
                nullable = true;
            }
            let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            if strings.is_empty() {
                let ty = if values.iter().all(|v| v.is_i64() || v.is_u64()) { Ty::I64 } else { Ty::Value };
                return (Shape::Ty(ty), nullable);
            }
            if strings.len() == 1 {
                return (Shape::Const(strings[0].to_string()), nullable);
            }
            return (Shape::Ty(self.string_enum(ctx, schema, &strings)), nullable);
        }
        let is_object = types.contains(&"object") || (types.is_empty() && schema.get("properties").is_some());
        if types.len() > 1 {
            // Several JSON types without schemas of their own: any value.
            return (Shape::Ty(Ty::Value), nullable);
        }
        let ty = if is_object {
            let has_props = schema.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty());
            if has_props {
                self.object(ctx, schema)
            } else {
                match schema.get("additionalProperties") {
                    Some(values @ Value::Object(map)) if !map.is_empty() => {
                        let child = self.child(ctx, "{}", format!("{}Value", ctx.hint));
                        match self.resolve(&child, values).0 {
                            Shape::Ty(Ty::Value) => Ty::Object,
                            Shape::Ty(t) => Ty::Map(Box::new(t)),
                            Shape::Const(_) => Ty::Map(Box::new(Ty::String)),
                        }
                    }
                    _ => Ty::Object,
                }
            }
        } else {
            match types.first().copied() {
                Some("array") => {
                    let items = schema.get("items").cloned().unwrap_or(Value::Object(Map::new()));
                    let child = self.child(ctx, "[]", singular(&ctx.hint));
                    let item = match self.resolve(&child, &items).0 {
                        Shape::Ty(t) => t,
                        Shape::Const(_) => Ty::String,
                    };
                    Ty::Vec(Box::new(item))
                }
                Some("string") => {
                    let binary = schema.get("format").and_then(Value::as_str) == Some("binary");
                    if binary && ctx.form { Ty::File } else { Ty::String }
                }
                Some("integer") => Ty::I64,
                Some("number") => Ty::F64,
                Some("boolean") => Ty::Bool,
                _ => Ty::Value,
            }
        };
        (Shape::Ty(ty), nullable)
    }

    /// Reserves a named type at `ctx` (before its members are resolved, so that recursion
    /// finds it), or returns the one already there.
    fn reserve(&mut self, ctx: &Ctx, schema: &Value, kind: Kind) -> Result<usize, usize> {
        if let Some(Ty::Named(index)) = self.inline.get(&ctx.key) {
            return Err(*index);
        }
        let entry = self.entry(&ctx.key);
        let mut name = entry.and_then(|e| e.name.clone()).unwrap_or_else(|| ctx.hint.clone());
        if ctx.component.is_none() && entry.and_then(|e| e.name.as_ref()).is_none() {
            // An inline schema does not take a name a component has (or another inline one).
            let base = name.clone();
            let mut n = 1;
            while self.names.contains_key(&name) || self.component_names().contains(&name) {
                n += 1;
                name = if n == 2 { format!("{base}Item") } else { format!("{base}Item{n}") };
            }
        }
        let spec = &self.specs[ctx.spec];
        let doc = match entry.and_then(|e| e.doc.clone()) {
            Some(doc) => doc,
            None => desc(schema)
                .or_else(|| schema.get("title").and_then(Value::as_str))
                .map(|d| docs::rustdoc(d, &spec.docs))
                .unwrap_or_default(),
        };
        let origin = ctx.key.clone();
        let index = self.model.types.len();
        if let Some(&other) = self.names.get(&name) {
            let other_origin = self.model.types[other].origin.clone();
            self.problem(
                ctx,
                format!("two types would be named `{name}` (also `{other_origin}`): give one a `name` in types.json"),
            );
        }
        self.names.insert(name.clone(), index);
        self.model.types.push(TypeDef {
            name,
            doc,
            origin,
            kind,
            areas: Default::default(),
            input: false,
            reached: false,
        });
        self.inline.insert(ctx.key.clone(), Ty::Named(index));
        if let Some(component) = &ctx.component {
            self.components.insert((ctx.spec, component.clone()), (Shape::Ty(Ty::Named(index)), false));
        }
        Ok(index)
    }

    fn string_enum(&mut self, ctx: &Ctx, schema: &Value, values: &[&str]) -> Ty {
        let index = match self.reserve(ctx, schema, Kind::Enum(Vec::new())) {
            Ok(i) => i,
            Err(i) => return Ty::Named(i),
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for value in values {
            let mut variant = pascal(value);
            if variant == "Other" {
                variant = "OtherValue".into();
            }
            while !seen.insert(variant.clone()) {
                variant.push('_');
            }
            out.push(EnumValue { variant, value: value.to_string() });
        }
        // Values spelled alike but for case or punctuation (`web_search_preview` and
        // `web-search-preview`) get `_`s; name them properly in the overlay.
        for v in &mut out {
            if v.variant.ends_with('_') {
                v.variant = format!("{}{}", v.variant.trim_end_matches('_'), v.variant.matches('_').count() + 1);
            }
        }
        self.model.types[index].kind = Kind::Enum(out);
        Ty::Named(index)
    }

    /// The properties and required names of an object schema, its `allOf` parts merged in
    /// order, each property with the context it is resolved in (inherited ones at their
    /// component, so an inline schema is named after where it is written).
    fn properties(
        &mut self,
        ctx: &Ctx,
        schema: &Value,
        out: &mut Vec<(String, Value, Ctx)>,
        required: &mut Vec<String>,
    ) {
        for (i, part) in schema.get("allOf").and_then(Value::as_array).into_iter().flatten().enumerate() {
            if let Some(name) = part.get("$ref").and_then(Value::as_str).and_then(Spec::ref_name) {
                let Some(base) = self.specs[ctx.spec].schema(name).cloned() else {
                    self.problem(ctx, format!("allOf: no such schema `{name}`"));
                    continue;
                };
                let mut base_ctx = self.component_ctx(ctx.spec, name);
                base_ctx.form = ctx.form;
                self.properties(&base_ctx, &base, out, required);
            } else {
                let part_ctx = Ctx { key: ctx.key.clone(), hint: ctx.hint.clone(), ..ctx.clone() };
                let _ = i;
                self.properties(&part_ctx, part, out, required);
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (wire, prop) in props {
                let child = self.child(ctx, &format!(".{wire}"), format!("{}{}", ctx_name(self, ctx), pascal(wire)));
                match out.iter_mut().find(|(w, _, _)| w == wire) {
                    // A later part redefines the property: its schema wins, in place.
                    Some(slot) => *slot = (wire.clone(), prop.clone(), child),
                    None => out.push((wire.clone(), prop.clone(), child)),
                }
            }
        }
        for r in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !required.iter().any(|x| x == r) {
                required.push(r.to_string());
            }
        }
    }

    fn object(&mut self, ctx: &Ctx, schema: &Value) -> Ty {
        let index = match self.reserve(ctx, schema, Kind::Struct(Struct::default())) {
            Ok(i) => i,
            Err(i) => return Ty::Named(i),
        };
        let entry = self.entry(&ctx.key);
        let mut props = Vec::new();
        let mut required = Vec::new();
        self.properties(ctx, schema, &mut props, &mut required);
        let mut members = Vec::new();
        let mut rust_names = HashSet::new();
        for (wire, prop, child) in props {
            if entry.is_some_and(|e| e.omit.contains_key(&wire)) {
                continue;
            }
            let (shape, nullable) = self.resolve(&child, &prop);
            let is_required = required.contains(&wire);
            let doc = desc(&prop).map(|d| docs::rustdoc(d, &self.specs[ctx.spec].docs)).unwrap_or_default();
            let (ty, literal) = match shape {
                Shape::Const(value) if is_required && !nullable => {
                    members.push(Member::Const(Const { wire, value }));
                    continue;
                }
                Shape::Const(value) => (Ty::String, Some(value)),
                Shape::Ty(ty) => (ty, None),
            };
            let mut rust = entry.and_then(|e| e.fields.get(&wire).cloned()).unwrap_or_else(|| field_name(&wire));
            while !rust_names.insert(rust.clone()) {
                rust.push('_');
            }
            members.push(Member::Field(Field {
                secret: entry.is_some_and(|e| e.secret.contains(&wire)),
                default: entry.and_then(|e| e.defaults.get(&wire).cloned()),
                required: is_required && !nullable,
                nullable,
                boxed: false,
                literal,
                rust,
                ty,
                wire,
                doc,
            }));
        }
        if let Some(e) = entry {
            for wire in e.secret.iter().chain(e.defaults.keys()).chain(e.fields.keys()) {
                if !members.iter().any(|m| matches!(m, Member::Field(f) if &f.wire == wire)) {
                    self.problem(ctx, format!("types.json names a field `{wire}` the schema does not have"));
                }
            }
        }
        let new_order = match entry.and_then(|e| e.new.clone()) {
            Some(order) => order,
            None => required.clone(),
        };
        let strukt = Struct { members, new_order, form: false };
        // `new(..)` takes the required fields, and the optional ones the overlay adds.
        let wanted: Vec<String> = strukt.fields().filter(|f| f.required).map(|f| f.wire.clone()).collect();
        let known: Vec<String> = strukt.fields().map(|f| f.wire.clone()).collect();
        let mut sorted_new: Vec<String> = strukt.new_order.iter().filter(|w| known.contains(w)).cloned().collect();
        if let Some(order) = entry.and_then(|e| e.new.as_ref()) {
            for w in order.iter().filter(|w| !known.contains(w)) {
                self.problem(ctx, format!("`new` names `{w}`, which is not a field"));
            }
            for w in wanted.iter().filter(|w| !order.contains(w)) {
                self.problem(ctx, format!("`new` must list the required field `{w}`"));
            }
        }
        for w in &wanted {
            if !sorted_new.contains(w) {
                sorted_new.push(w.clone());
            }
        }
        let strukt = Struct { new_order: sorted_new, ..strukt };
        self.model.types[index].kind = Kind::Struct(strukt);
        Ty::Named(index)
    }

    /// The members of a union, nested unions flattened, each with its context.
    fn members(&mut self, ctx: &Ctx, schema: &Value, key: &str, out: &mut Vec<(Value, Ctx, Option<String>)>) {
        let Some(all) = schema.get(key).and_then(Value::as_array) else { return };
        for (i, member) in all.iter().enumerate() {
            if member.get("type").and_then(Value::as_str) == Some("null") {
                continue;
            }
            // An inline member is named after its title, else its position.
            let suffix = match member.get("title").and_then(Value::as_str) {
                Some(title) => pascal(title),
                None => format!("Variant{}", i + 1),
            };
            let child = self.child(ctx, &format!("|{i}"), format!("{}{suffix}", ctx.hint));
            // A referenced union (without properties of its own) is flattened into this one.
            let target = member.get("$ref").and_then(Value::as_str).and_then(Spec::ref_name).map(str::to_string);
            let deref = match &target {
                Some(name) => self.specs[ctx.spec].schema(name).cloned().unwrap_or(Value::Null),
                None => member.clone(),
            };
            let nested = ["oneOf", "anyOf"].into_iter().find(|k| deref.get(*k).is_some());
            let is_nullable_wrapper = nested.is_some_and(|k| {
                let members = deref[k].as_array().map(Vec::as_slice).unwrap_or(&[]);
                non_null(members).0.len() == 1
            });
            if let Some(k) = nested
                && deref.get("properties").is_none()
                && !is_nullable_wrapper
            {
                let nested_ctx = match &target {
                    Some(name) => self.component_ctx(ctx.spec, name),
                    None => child.clone(),
                };
                let disc = deref.pointer("/discriminator/propertyName").and_then(Value::as_str).map(str::to_string);
                let before = out.len();
                self.members(&nested_ctx, &deref, k, out);
                for m in &mut out[before..] {
                    if m.2.is_none() {
                        m.2 = disc.clone();
                    }
                }
                continue;
            }
            out.push((member.clone(), child, None));
        }
    }

    fn union(&mut self, ctx: &Ctx, schema: &Value, key: &str) -> Shape {
        let mut members = Vec::new();
        self.members(ctx, schema, key, &mut members);
        // In a form, "a file or a list of files" is a list of files.
        let binary = |s: &Value| {
            s.get("type").and_then(Value::as_str) == Some("string")
                && s.get("format").and_then(Value::as_str) == Some("binary")
        };
        if ctx.form && members.iter().all(|(m, _, _)| binary(m) || m.get("items").is_some_and(binary)) {
            return Shape::Ty(Ty::Files);
        }
        // Probe each member: what JSON it takes.
        let mut probes = Vec::new();
        for (member, child, disc) in &members {
            probes.push((self.probe(child, member), member.clone(), child.clone(), disc.clone()));
        }
        let stringish = |p: &Probe| matches!(p, Probe::String | Probe::Enum(_) | Probe::Const(_));
        if probes.iter().all(|(p, ..)| stringish(p)) {
            if probes.iter().any(|(p, ..)| matches!(p, Probe::String)) {
                return Shape::Ty(Ty::String);
            }
            let mut values = Vec::new();
            for (p, ..) in &probes {
                match p {
                    Probe::Enum(vs) => values.extend(vs.iter().cloned()),
                    Probe::Const(v) => values.push(v.clone()),
                    _ => {}
                }
            }
            values.dedup();
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            return Shape::Ty(self.string_enum(ctx, schema, &refs));
        }
        let index = match self.reserve(ctx, schema, Kind::Union(Union { tag: None, variants: Vec::new() })) {
            Ok(i) => i,
            Err(i) => return Shape::Ty(Ty::Named(i)),
        };
        let entry = self.entry(&ctx.key);
        let union_name = self.model.types[index].name.clone();
        let has_plain_string = probes.iter().any(|(p, ..)| matches!(p, Probe::String));
        let mut variants: Vec<Variant> = Vec::new();
        let mut objects = Vec::new();
        let docs_base = self.specs[ctx.spec].docs.clone();
        for (probe, member, child, disc) in probes {
            let doc = desc(&member)
                .or_else(|| member.get("title").and_then(Value::as_str))
                .map(|d| docs::rustdoc(d, &docs_base))
                .unwrap_or_default();
            let title = member.get("title").and_then(Value::as_str).filter(|t| t.split_whitespace().count() <= 4);
            let (name, matches, ty) = match probe {
                Probe::String => ("Text".to_string(), Match::String, Some(Ty::String)),
                Probe::Const(v) => (pascal(&v), Match::Literal(v), None),
                Probe::Enum(_) if has_plain_string => continue,
                Probe::Enum(_) => {
                    let name = title.map(pascal).unwrap_or_else(|| "Keyword".into());
                    let child = Ctx { hint: format!("{union_name}{name}"), ..child };
                    let ty = self.ty_of(&child, &member);
                    (name, Match::String, Some(ty))
                }
                Probe::Integer => ("Integer".into(), Match::Integer, Some(self.ty_of(&child, &member))),
                Probe::Number => ("Number".into(), Match::Number, Some(Ty::F64)),
                Probe::Bool => ("Bool".into(), Match::Bool, Some(Ty::Bool)),
                Probe::Array => {
                    let name = title.map(pascal).unwrap_or_else(|| "List".into());
                    let child = Ctx { hint: format!("{union_name}{name}"), ..child };
                    (name, Match::Array, Some(self.ty_of(&child, &member)))
                }
                Probe::Object => {
                    objects.push((member, child, disc, doc));
                    continue;
                }
            };
            variants.push(Variant { name, matches, ty, boxed: false, untagged_default: false, doc });
        }
        let tag = self.object_variants(ctx, schema, entry, &union_name, objects, &mut variants);
        // Unique names (`List`, `List2`, ...), then the overlay's, by tag or by that name.
        let mut seen = HashSet::new();
        for v in &mut variants {
            if v.name == "Unknown" {
                v.name = "UnknownValue".into();
            }
            let base = v.name.clone();
            let mut n = 1;
            while !seen.insert(v.name.clone()) {
                n += 1;
                v.name = format!("{base}{n}");
            }
        }
        for v in &mut variants {
            let tag = match &v.matches {
                Match::Tagged(values) if values.len() == 1 => Some(values[0].clone()),
                Match::Literal(value) => Some(value.clone()),
                _ => None,
            };
            let renamed = entry.and_then(|e| tag.and_then(|t| e.variants.get(&t)).or_else(|| e.variants.get(&v.name)));
            if let Some(name) = renamed {
                v.name = name.clone();
            }
        }
        let arrays = variants.iter().filter(|v| v.matches == Match::Array).count();
        for kind in [Match::String, Match::Integer, Match::Number, Match::Bool] {
            if variants.iter().filter(|v| v.matches == kind).count() > 1 {
                self.problem(ctx, format!("two members take a JSON {kind:?}: say `as` in types.json"));
            }
        }
        let _ = arrays;
        if variants.iter().filter(|v| v.matches == Match::Object).count() > 1 {
            self.problem(ctx, "several object members without a tag: say `tag`, `pick` or `as` in types.json".into());
        }
        self.model.types[index].kind = Kind::Union(Union { tag, variants });
        Shape::Ty(Ty::Named(index))
    }

    fn ty_of(&mut self, ctx: &Ctx, schema: &Value) -> Ty {
        match self.resolve(ctx, schema).0 {
            Shape::Ty(t) => t,
            Shape::Const(_) => Ty::String,
        }
    }

    /// The object members of a union as variants: told apart by their tag (the union's
    /// `discriminator`, the overlay's `tag`, or the one key every member fixes to its own
    /// values); returns the tag.
    fn object_variants(
        &mut self,
        ctx: &Ctx,
        schema: &Value,
        entry: Option<&'a Entry>,
        union_name: &str,
        objects: Vec<(Value, Ctx, Option<String>, String)>,
        variants: &mut Vec<Variant>,
    ) -> Option<String> {
        if objects.is_empty() {
            return None;
        }
        // Resolve each object member to its type.
        let mut resolved = Vec::new();
        for (member, child, disc, doc) in objects {
            let ty = self.ty_of(&child, &member);
            resolved.push((ty, disc, doc, member, child));
        }
        let explicit = entry
            .and_then(|e| e.tag.clone())
            .or_else(|| schema.pointer("/discriminator/propertyName").and_then(Value::as_str).map(str::to_string))
            .or_else(|| resolved.iter().find_map(|r| r.1.clone()));
        let tag = explicit.or_else(|| {
            if resolved.len() < 2 {
                return None;
            }
            let candidates: Vec<String> = self.tag_values(&resolved[0].0).into_iter().map(|(k, _, _)| k).collect();
            candidates
                .into_iter()
                .find(|k| resolved.iter().all(|r| self.tag_values(&r.0).iter().any(|(key, _, _)| key == k)))
        });
        let Some(tag) = tag else {
            for (ty, _, doc, _, _) in resolved {
                let name = self.variant_name(&ty, union_name, None);
                variants.push(Variant {
                    name,
                    matches: Match::Object,
                    ty: Some(ty),
                    boxed: false,
                    untagged_default: true,
                    doc,
                });
            }
            return None;
        };
        // The tag values each member claims; conflicts go to the overlay's `pick`.
        let mut claims: Vec<(Ty, Vec<String>, bool, String)> = Vec::new();
        for (ty, _, doc, _, _) in resolved {
            let values = self.tag_values(&ty);
            match values.into_iter().find(|(k, _, _)| *k == tag) {
                Some((_, vals, optional)) => claims.push((ty, vals, optional, doc)),
                None => claims.push((ty, Vec::new(), true, doc)),
            }
        }
        let mut owner: BTreeMap<String, usize> = BTreeMap::new();
        for (i, (ty, vals, _, _)) in claims.iter().enumerate() {
            for v in vals {
                match owner.get(v) {
                    None => {
                        owner.insert(v.clone(), i);
                    }
                    Some(&j) => {
                        let picked = entry.and_then(|e| e.pick.get(v)).cloned();
                        let names = (self.ty_name(&claims[j].0), self.ty_name(ty));
                        match picked {
                            Some(p) if p == names.1 => {
                                owner.insert(v.clone(), i);
                            }
                            Some(p) if p == names.0 => {}
                            _ => self.problem(
                                ctx,
                                format!(
                                    "tag `{v}` is claimed by `{}` and `{}`: say which takes it with `pick` in types.json",
                                    names.0, names.1
                                ),
                            ),
                        }
                    }
                }
            }
        }
        let untagged = entry.and_then(|e| e.untagged.clone());
        let optional_members: Vec<usize> = claims.iter().enumerate().filter(|(_, c)| c.2).map(|(i, _)| i).collect();
        for (i, (ty, vals, _, doc)) in claims.into_iter().enumerate() {
            let vals: Vec<String> = vals.into_iter().filter(|v| owner.get(v) == Some(&i)).collect();
            let is_default = match &untagged {
                Some(u) => vals.contains(u),
                None => optional_members.len() == 1 && optional_members[0] == i,
            };
            if vals.is_empty() && !is_default {
                continue;
            }
            let name = if vals.len() == 1 { pascal(&vals[0]) } else { self.variant_name(&ty, union_name, None) };
            let matches = if vals.is_empty() { Match::Object } else { Match::Tagged(vals) };
            variants.push(Variant { name, matches, ty: Some(ty), boxed: false, untagged_default: is_default, doc });
        }
        // Const tags read better without a common prefix (`response.output_text.delta` in a
        // union of `response.*` events is `OutputTextDelta`), but only when every name keeps a word.
        let single: Vec<usize> = variants
            .iter()
            .enumerate()
            .filter(|(_, v)| matches!(&v.matches, Match::Tagged(vs) if vs.len() == 1))
            .map(|(i, _)| i)
            .collect();
        // The prefix is the one most of them share (an `error` event among `response.*` ones keeps
        // its name).
        let first_word = |name: &str| -> String {
            let end = name.char_indices().skip(1).find(|(_, c)| c.is_ascii_uppercase()).map_or(name.len(), |(i, _)| i);
            name[..end].to_string()
        };
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for &i in &single {
            *counts.entry(first_word(&variants[i].name)).or_default() += 1;
        }
        if let Some((word, count)) = counts.into_iter().max_by_key(|(_, c)| *c)
            && count > 2
            && count * 2 > single.len()
        {
            let sharing: Vec<usize> =
                single.iter().copied().filter(|&i| first_word(&variants[i].name) == word).collect();
            let names: Vec<&str> = sharing.iter().map(|&i| variants[i].name.as_str()).collect();
            let cut = common_prefix(&names);
            if cut > 0 {
                for &i in &sharing {
                    variants[i].name = variants[i].name[cut..].to_string();
                }
            }
        }
        Some(tag)
    }

    fn ty_name(&self, ty: &Ty) -> String {
        match ty {
            Ty::Named(i) => self.model.types[*i].name.clone(),
            other => format!("{other:?}"),
        }
    }

    fn variant_name(&self, ty: &Ty, union_name: &str, _tag: Option<&str>) -> String {
        let name = self.ty_name(ty);
        let cut = common_prefix(&[&name, union_name]);
        if cut > 0 && cut < name.len() { name[cut..].to_string() } else { name }
    }

    /// The keys of a struct type that are fixed to one value (constants), or to a few (an
    /// enum field): key, values, and whether the key may be missing.
    fn tag_values(&self, ty: &Ty) -> Vec<(String, Vec<String>, bool)> {
        let Ty::Named(index) = ty else { return Vec::new() };
        let Kind::Struct(s) = &self.model.types[*index].kind else { return Vec::new() };
        let mut out = Vec::new();
        for m in &s.members {
            match m {
                Member::Const(c) => out.push((c.wire.clone(), vec![c.value.clone()], false)),
                Member::Field(f) => {
                    if let Ty::Named(e) = &f.ty
                        && let Kind::Enum(values) = &self.model.types[*e].kind
                    {
                        out.push((f.wire.clone(), values.iter().map(|v| v.value.clone()).collect(), !f.required));
                    } else if let Some(value) = &f.literal {
                        out.push((f.wire.clone(), vec![value.clone()], true));
                    }
                }
            }
        }
        out
    }

    /// What JSON a union member takes.
    fn probe(&self, ctx: &Ctx, member: &Value) -> Probe {
        let mut schema = member.clone();
        for _ in 0..8 {
            match schema.get("$ref").and_then(Value::as_str).and_then(Spec::ref_name) {
                Some(name) => schema = self.specs[ctx.spec].schema(name).cloned().unwrap_or(Value::Null),
                None => break,
            }
        }
        if let Some(entry) = self.overlay.schemas.get(&ctx.key)
            && let Some(t) = &entry.as_type
        {
            return if t == "String" { Probe::String } else { Probe::Object };
        }
        if let Some(c) = schema.get("const").and_then(Value::as_str) {
            return Probe::Const(c.to_string());
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let strings: Vec<String> = values.iter().filter_map(Value::as_str).map(str::to_string).collect();
            if strings.len() == 1 {
                return Probe::Const(strings[0].clone());
            }
            if !strings.is_empty() {
                return Probe::Enum(strings);
            }
        }
        if schema.get("allOf").is_some() || schema.get("properties").is_some() {
            return Probe::Object;
        }
        if let Some(k) = ["oneOf", "anyOf"].into_iter().find(|k| schema.get(*k).is_some()) {
            // A nullable wrapper: probe what it wraps.
            let members = schema[k].as_array().cloned().unwrap_or_default();
            let (rest, _) = non_null(&members);
            if rest.len() == 1 {
                return self.probe(ctx, rest[0]);
            }
            return Probe::Object;
        }
        match schema.get("type") {
            Some(Value::String(t)) => match t.as_str() {
                "string" => Probe::String,
                "integer" => Probe::Integer,
                "number" => Probe::Number,
                "boolean" => Probe::Bool,
                "array" => Probe::Array,
                _ => Probe::Object,
            },
            _ => Probe::Object,
        }
    }
}

/// The name types at `ctx` are named under: the type itself, or the component it is in.
fn ctx_name(r: &Resolver<'_>, ctx: &Ctx) -> String {
    match r.inline.get(&ctx.key) {
        Some(Ty::Named(i)) => r.model.types[*i].name.clone(),
        _ => ctx.hint.clone(),
    }
}

/// What JSON a union member takes, before it is resolved.
#[derive(Clone, Debug)]
enum Probe {
    String,
    Const(String),
    Enum(Vec<String>),
    Integer,
    Number,
    Bool,
    Array,
    Object,
}
