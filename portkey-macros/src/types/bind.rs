//! Which types each endpoint takes and returns, found in the spec operation of its method and
//! path (body, query parameters, reply, stream events, a page's items), or named in
//! `schema/endpoints.json` where the spec cannot say; then what every type needs to know of
//! the others: the areas (features) that reach it, whether requests carry it, what must be
//! boxed.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::model::{Kind, Member, Model, Ty};
use super::naming::pascal;
use super::overlay::Overlay;
use super::resolve::{Ctx, Resolver, Shape};
use super::spec::Spec;
use crate::endpoints::schema::{Body, Endpoint, Reply, Route};

/// A type an endpoint names: generated (resolved from the spec) or written by hand (by name,
/// under `portkey::types`).
#[derive(Clone, Debug)]
pub enum TypeRef {
    Generated(Ty),
    Named(String),
}

/// What one endpoint takes and returns.
#[derive(Clone, Debug, Default)]
pub struct Bound {
    pub area: Option<String>,
    pub body: Option<TypeRef>,
    pub query: Option<Ty>,
    pub reply: Option<TypeRef>,
    pub event: Option<TypeRef>,
    pub item: Option<TypeRef>,
}

/// The model and every endpoint's types.
#[derive(Default)]
pub struct Bundle {
    pub model: Model,
    /// The API areas, as the overlay lists them.
    pub areas: Vec<super::overlay::AreaEntry>,
    pub endpoints: BTreeMap<String, Bound>,
    pub problems: Vec<String>,
}

/// The area of an endpoint: the one listing the longest prefix of its resource path.
pub fn area_of(overlay: &Overlay, endpoint: &str) -> Option<String> {
    let resource = endpoint.rsplit_once('.').map_or(endpoint, |(r, _)| r);
    let mut best: Option<(&str, usize)> = None;
    for area in &overlay.areas {
        for r in &area.resources {
            let hit = resource == r || resource.starts_with(&format!("{r}."));
            if hit && best.is_none_or(|(_, len)| r.len() > len) {
                best = Some((&area.name, r.len()));
            }
        }
    }
    best.map(|(a, _)| a.to_string())
}

pub fn build(overlay: &Overlay, specs: &[Spec], endpoints: &[Endpoint]) -> Bundle {
    let mut r = Resolver::new(specs, overlay);
    let mut bound = BTreeMap::new();
    let mut problems = Vec::new();
    let openai = r.spec_index("openai");
    for e in endpoints {
        let mut b = Bound { area: area_of(overlay, &e.name), ..Bound::default() };
        if b.area.is_none() && !overlay.areas.is_empty() {
            problems.push(format!("{}: endpoint `{}`: no area of types.json lists its resource", e.place, e.name));
        }
        let named = |n: &Option<String>| n.as_ref().map(|n| TypeRef::Named(n.clone()));
        b.body = named(&e.request);
        b.reply = named(&e.reply_type);
        b.event = e.stream.as_ref().and_then(|(_, ev)| named(ev));
        b.item = named(&e.item_type);
        if let (Route::OpenAi, Some(spec)) = (e.route, openai) {
            bind_openai(&mut r, spec, e, &mut b, &mut problems);
        }
        bound.insert(e.name.clone(), b);
    }
    let mut roots = Vec::new();
    for key in &overlay.roots {
        let Some((spec, name)) = key.split_once(':') else { continue };
        let Some(spec) = r.spec_index(spec) else { continue };
        if let (Shape::Ty(ty), _) = r.component(spec, name, false) {
            let area = overlay.schemas.get(key).and_then(|e| e.area.clone());
            roots.push((ty, area));
        }
    }
    // A type an endpoint names that is generated (a root) is the generated one.
    for b in bound.values_mut() {
        for slot in [&mut b.body, &mut b.reply, &mut b.event, &mut b.item] {
            if let Some(TypeRef::Named(name)) = slot
                && let Some(i) = r.model.types.iter().position(|t| &t.name == name)
            {
                *slot = Some(TypeRef::Generated(Ty::Named(i)));
            }
        }
    }
    problems.append(&mut r.problems);
    for (key, entry) in &overlay.schemas {
        let named = entry.name.is_some() && !r.model.types.iter().any(|t| &t.origin == key);
        if named || (!r.used.contains(key) && !overlay.roots.contains(key)) {
            problems.push(format!("{}: `{key}`: no generated type comes from this schema", entry.place));
        }
    }
    let mut model = std::mem::take(&mut r.model);
    // Areas and inputs, from what each endpoint names.
    for b in bound.values() {
        let area = b.area.clone();
        let mut reach = |t: &Option<TypeRef>, input: bool| {
            if let Some(TypeRef::Generated(ty)) = t {
                mark(&mut model, ty, area.as_deref(), input);
            }
        };
        reach(&b.body, true);
        reach(&b.reply, false);
        reach(&b.event, false);
        reach(&b.item, false);
        if let Some(q) = &b.query {
            mark(&mut model, q, area.as_deref(), true);
        }
    }
    for (ty, area) in &roots {
        mark(&mut model, ty, area.as_deref(), false);
    }
    box_recursion(&mut model);
    // A reply's numbers keep how they were written (a timestamp `1741476542` is not written
    // back as `1741476542.0`); a request's are `f64`, as a caller sets them.
    for t in model.types.iter_mut().filter(|t| !t.input) {
        if let Kind::Struct(s) = &mut t.kind {
            for m in &mut s.members {
                if let Member::Field(f) = m
                    && f.ty == Ty::F64
                {
                    f.ty = Ty::Number;
                }
            }
        }
    }
    box_large(&mut model);
    Bundle { model, areas: overlay.areas.clone(), endpoints: bound, problems }
}

fn bind_openai(r: &mut Resolver<'_>, spec: usize, e: &Endpoint, b: &mut Bound, problems: &mut Vec<String>) {
    let specs = r.specs;
    let Some(op) = specs[spec].operation(&e.verb, &e.path) else {
        problems
            .push(format!("{}: endpoint `{}`: {} {} is not in {}", e.place, e.name, e.verb, e.path, specs[spec].file));
        return;
    };
    let op_id = op.id().map(str::to_string).unwrap_or_else(|| e.name.replace('.', "_"));
    let base = pascal(&op_id);
    let spec_name = specs[spec].name.clone();
    let ctx = |suffix: &str, hint: String, form: bool| Ctx {
        spec,
        key: format!("{spec_name}:{op_id}{suffix}"),
        hint,
        form,
        component: None,
    };
    let resolve = |r: &mut Resolver<'_>, schema: &Value, c: Ctx| match r.resolve(&c, schema).0 {
        Shape::Ty(t) => t,
        Shape::Const(_) => Ty::String,
    };
    if b.body.is_none() {
        let body = match &e.body {
            Body::Json => op.body("application/json").map(|s| (s.clone(), false)),
            Body::Multipart(_) => op.body("multipart/form-data").map(|s| (s.clone(), true)),
            _ => None,
        };
        if let Some((schema, form)) = body {
            let ty = resolve(r, &schema, ctx("", format!("{base}Request"), form));
            if let (true, Ty::Named(i)) = (form, &ty)
                && let Kind::Struct(s) = &mut r.model.types[*i].kind
            {
                s.form = true;
            }
            b.body = Some(TypeRef::Generated(ty));
        }
    }
    let params = query_schema(&specs[spec], op.op);
    if let Some(schema) = params {
        b.query = Some(resolve(r, &schema, ctx("?query", format!("{base}Query"), false)));
    }
    if b.reply.is_none()
        && matches!(e.reply, Reply::Json | Reply::JsonOrText)
        && let Some(schema) = op.reply("application/json").cloned()
    {
        b.reply = Some(TypeRef::Generated(resolve(r, &schema, ctx("->", format!("{base}Response"), false))));
    }
    if b.event.is_none()
        && e.stream.is_some()
        && let Some(schema) = op.reply("text/event-stream").cloned()
    {
        b.event = Some(TypeRef::Generated(resolve(r, &schema, ctx("->events", format!("{base}Event"), false))));
    }
    if b.item.is_none()
        && e.pages.is_some()
        && let Some(TypeRef::Generated(Ty::Named(page))) = &b.reply
        && let Kind::Struct(s) = &r.model.types[*page].kind
        && let Some(data) = s.fields().find(|f| f.wire == "data")
        && let Ty::Vec(item) = &data.ty
    {
        b.item = Some(TypeRef::Generated((**item).clone()));
    }
}

/// The operation's query parameters as one object schema: properties in the order the SDK
/// writes them (by name), each with its parameter's description; `include[]` is `include`
/// (the brackets are how lists are written).
fn query_schema(spec: &Spec, op: &Map<String, Value>) -> Option<Value> {
    let mut props = Map::new();
    let mut required = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    for p in op.get("parameters").and_then(Value::as_array).into_iter().flatten() {
        let p = match p.get("$ref").and_then(Value::as_str) {
            Some(r) => spec.pointer(r).cloned().unwrap_or(Value::Null),
            None => p.clone(),
        };
        if p.get("in").and_then(Value::as_str) == Some("query") {
            params.push(p);
        }
    }
    if params.is_empty() {
        return None;
    }
    let name = |p: &Value| p.get("name").and_then(Value::as_str).unwrap_or_default().trim_end_matches("[]").to_string();
    params.sort_by_key(name);
    for p in params {
        let mut schema = p.get("schema").cloned().unwrap_or(json!({}));
        if let (Some(d), Some(obj)) = (p.get("description"), schema.as_object_mut())
            && !obj.contains_key("description")
        {
            obj.insert("description".into(), d.clone());
        }
        if p.get("required").and_then(Value::as_bool) == Some(true) {
            required.push(Value::String(name(&p)));
        }
        props.insert(name(&p), schema);
    }
    Some(json!({"type": "object", "properties": props, "required": required}))
}

/// Marks `ty` and everything it reaches as used by `area` (and carried by requests).
fn mark(model: &mut Model, ty: &Ty, area: Option<&str>, input: bool) {
    let mut stack = Vec::new();
    ty.named(&mut stack);
    let mut seen = BTreeSet::new();
    while let Some(i) = stack.pop() {
        if !seen.insert(i) {
            continue;
        }
        let t = &mut model.types[i];
        if let Some(a) = area {
            t.areas.insert(a.to_string());
        }
        t.input |= input;
        t.reached = true;
        match &t.kind {
            Kind::Struct(s) => s.fields().for_each(|f| f.ty.named(&mut stack)),
            Kind::Union(u) => u.variants.iter().filter_map(|v| v.ty.as_ref()).for_each(|t| t.named(&mut stack)),
            Kind::Enum(_) => {}
        }
    }
}

/// Boxes every field and variant that holds, without a list or map in between, a type that
/// holds it back (Tarjan's strongly connected components over those edges).
fn box_recursion(model: &mut Model) {
    let n = model.types.len();
    let edges: Vec<Vec<usize>> = model
        .types
        .iter()
        .map(|t| match &t.kind {
            Kind::Struct(s) => s.fields().filter_map(|f| f.ty.direct()).collect(),
            Kind::Union(u) => u.variants.iter().filter_map(|v| v.ty.as_ref().and_then(Ty::direct)).collect(),
            Kind::Enum(_) => Vec::new(),
        })
        .collect();
    let component = scc(n, &edges);
    for i in 0..n {
        let same = |j: usize| component[j] == component[i];
        match &mut model.types[i].kind {
            Kind::Struct(s) => {
                for m in &mut s.members {
                    if let Member::Field(f) = m
                        && let Some(j) = f.ty.direct()
                    {
                        f.boxed = same(j);
                    }
                }
            }
            Kind::Union(u) => {
                for v in &mut u.variants {
                    if let Some(j) = v.ty.as_ref().and_then(Ty::direct) {
                        v.boxed = same(j);
                    }
                }
            }
            Kind::Enum(_) => {}
        }
    }
}

/// Past this many bytes, an optional field's struct or union is held in a `Box` (a type of two
/// strings and its `extra` is larger; one of one string is not).
const LARGE: usize = 64;

/// Boxes the optional fields of replies that hold a large struct or union directly (`usage`,
/// `moderation` of a chat completion, `function_call` of a delta): such a member, often missing,
/// would otherwise make every value of the type holding it large, and every move of it a large
/// copy (a reply is moved several times on its way out of the reader; this made decoding a chunk
/// 7% slower). Request types hold theirs inline, as callers build them. Sizes are estimated from
/// the fields as rustc lays them out on a 64-bit target, closely enough to tell large from small.
fn box_large(model: &mut Model) {
    let mut sizes = vec![None; model.types.len()];
    for i in 0..model.types.len() {
        size_of(model, i, &mut sizes);
    }
    for t in model.types.iter_mut().filter(|t| !t.input) {
        if let Kind::Struct(s) = &mut t.kind {
            for m in &mut s.members {
                if let Member::Field(f) = m
                    && !f.required
                    && let Some(j) = f.ty.direct()
                    && sizes[j].is_some_and(|size| size > LARGE)
                {
                    f.boxed = true;
                }
            }
        }
    }
}

/// The estimated size of type `i` in bytes (memoized in `sizes`; recursion is boxed already).
fn size_of(model: &Model, i: usize, sizes: &mut Vec<Option<usize>>) -> usize {
    if let Some(size) = sizes[i] {
        return size;
    }
    sizes[i] = Some(8); // a cycle can only come back through a box
    let field = |ty: &Ty, boxed: bool, sizes: &mut Vec<Option<usize>>| match ty {
        _ if boxed => 8,
        Ty::Named(j) => size_of(model, *j, sizes),
        Ty::I64 | Ty::F64 | Ty::Bool => 8,
        Ty::String | Ty::Vec(_) | Ty::Number | Ty::Value | Ty::Files => 24,
        Ty::Object | Ty::Map(_) => 72,
        Ty::File => 64,
    };
    const EXTRA: usize = 32;
    let size = match &model.types[i].kind {
        Kind::Struct(s) => {
            let fields: Vec<(Ty, bool)> = s.fields().map(|f| (f.ty.clone(), f.boxed)).collect();
            EXTRA + fields.iter().map(|(ty, boxed)| field(ty, *boxed, sizes)).sum::<usize>()
        }
        Kind::Union(u) => {
            let variants: Vec<(Ty, bool)> = u.variants.iter().filter_map(|v| Some((v.ty.clone()?, v.boxed))).collect();
            8 + variants.iter().map(|(ty, boxed)| field(ty, *boxed, sizes)).max().unwrap_or(0)
        }
        Kind::Enum(_) => 24,
    };
    sizes[i] = Some(size);
    size
}

fn scc(n: usize, edges: &[Vec<usize>]) -> Vec<usize> {
    struct State<'a> {
        edges: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        component: Vec<usize>,
        count: usize,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for k in 0..s.edges[v].len() {
            let w = s.edges[v][k];
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                _ => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                s.component[w] = s.count;
                if w == v {
                    break;
                }
            }
            s.count += 1;
        }
    }
    let mut s = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        component: vec![0; n],
        count: 0,
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    // A type alone in its component is recursive only through a self edge.
    let mut out = s.component;
    for v in 0..n {
        let alone = out.iter().filter(|&&c| c == out[v]).count() == 1;
        if alone && !edges[v].contains(&v) {
            out[v] = usize::MAX - v;
        }
    }
    out
}
