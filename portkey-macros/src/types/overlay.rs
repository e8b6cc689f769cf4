//! `schema/types.json`: what the OpenAPI documents cannot say, checked. Which documents the
//! types come from, the API areas (Cargo features) and their resources, and per schema (a
//! component, `openai:CreateChatCompletionRequest`, or a schema inside one,
//! `openai:CreateChatCompletionRequest.audio`, `…tools[]`, `…|2`): its Rust name, how a union
//! is told apart, the order of `new(..)`'s arguments, secrets, renames and what is left out.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

/// A document the types come from.
#[derive(Clone, Debug)]
pub struct SpecRef {
    pub name: String,
    pub file: String,
    pub docs: String,
}

/// What the overlay says of one schema.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    pub name: Option<String>,
    pub doc: Option<String>,
    /// The Rust type to use instead (`String`, `Value`, `JsonObject`).
    pub as_type: Option<String>,
    /// The order of `new(..)`'s arguments (wire names of required fields).
    pub new: Option<Vec<String>>,
    /// Values missing required fields read as (wire name → JSON value).
    pub defaults: BTreeMap<String, Value>,
    /// Fields printed as `[redacted]` in `Debug`.
    pub secret: Vec<String>,
    /// Field renames (wire name → Rust name).
    pub fields: BTreeMap<String, String>,
    /// Variant renames (tag value, or the member's Rust type name → variant name).
    pub variants: BTreeMap<String, String>,
    /// For a tag several members claim: the member (component name) that takes it.
    pub pick: BTreeMap<String, String>,
    /// The tag value whose member reads objects that have no tag.
    pub untagged: Option<String>,
    /// The key that tells object members apart, when the spec does not say.
    pub tag: Option<String>,
    /// Fields left out of the type (kept in `extra`), with the reason.
    pub omit: BTreeMap<String, String>,
    /// The area of a type no endpoint reaches.
    pub area: Option<String>,
    /// A JSON schema to read instead of the spec's, where the spec is wrong about what is sent.
    pub schema: Option<Value>,
    /// Where the entry is (`file:line`).
    pub place: String,
}

/// An API area: a Cargo feature.
#[derive(Clone, Debug)]
pub struct AreaEntry {
    pub name: String,
    pub doc: String,
    pub default: bool,
    pub resources: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Overlay {
    pub specs: Vec<SpecRef>,
    pub areas: Vec<AreaEntry>,
    /// By schema key (`openai:CreateChatCompletionRequest.audio`).
    pub schemas: HashMap<String, Entry>,
    /// Schemas generated although no endpoint names them: keys, in file order.
    pub roots: Vec<String>,
}

const ENTRY_FIELDS: &[&str] = &[
    "name", "doc", "as", "new", "defaults", "secret", "fields", "variants", "pick", "untagged", "tag", "omit", "area",
    "root", "why", "schema",
];
const AS_TYPES: &[&str] = &["String", "Value", "JsonObject"];

/// Parses and checks the overlay; every problem is a message naming `file:line`.
pub fn parse(text: &str, file: &str) -> (Overlay, Vec<String>) {
    let mut problems = Vec::new();
    let mut overlay = Overlay::default();
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(e) => {
            problems.push(format!("{file}: invalid JSON: {e}"));
            return (overlay, problems);
        }
    };
    let line_of = |needle: &str| -> String {
        match text.find(needle) {
            Some(at) => format!("{file}:{}", text[..at].matches('\n').count() + 1),
            None => file.to_string(),
        }
    };
    let Some(doc) = doc.as_object() else {
        problems.push(format!("{file}: the overlay must be a JSON object"));
        return (overlay, problems);
    };
    for spec in doc.get("specs").and_then(Value::as_array).into_iter().flatten() {
        let get = |k: &str| spec.get(k).and_then(Value::as_str).map(str::to_string);
        match (get("name"), get("file")) {
            (Some(name), Some(spec_file)) => {
                overlay.specs.push(SpecRef { name, file: spec_file, docs: get("docs").unwrap_or_default() })
            }
            _ => problems.push(format!("{}: each of `specs` needs a `name` and a `file`", line_of("\"specs\""))),
        }
    }
    if overlay.specs.is_empty() {
        problems.push(format!("{file}: `specs` must list the OpenAPI documents (name, file, docs)"));
    }
    for area in doc.get("areas").and_then(Value::as_array).into_iter().flatten() {
        let name = area.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        let place = line_of(&format!("\"name\": \"{name}\""));
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            problems
                .push(format!("{place}: an area's `name` must be a lowercase feature name (`chat`, `vector-stores`)"));
            continue;
        }
        let doc = area.get("doc").and_then(Value::as_str).unwrap_or_default().to_string();
        if doc.is_empty() {
            problems.push(format!("{place}: area `{name}`: missing `doc`"));
        }
        let resources: Vec<String> = area
            .get("resources")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        let default = area.get("default").and_then(Value::as_bool).unwrap_or(false);
        if overlay.areas.iter().any(|a| a.name == name) {
            problems.push(format!("{place}: area `{name}` is declared twice"));
        }
        overlay.areas.push(AreaEntry { name, doc, default, resources });
    }
    let schemas = doc.get("schemas").and_then(Value::as_object).cloned().unwrap_or_default();
    for (key, value) in &schemas {
        let place = line_of(&format!("\"{key}\""));
        let Some(obj) = value.as_object() else {
            problems.push(format!("{place}: `{key}`: each entry must be an object"));
            continue;
        };
        let spec_ok = key.split_once(':').is_some_and(|(spec, _)| overlay.specs.iter().any(|s| s.name == spec));
        if !spec_ok {
            problems.push(format!("{place}: `{key}`: a key is `<spec>:<schema>`, the spec one of `specs`"));
        }
        let entry = entry(key, obj, &place, &overlay, &mut problems);
        if obj.get("root").and_then(Value::as_bool) == Some(true) {
            overlay.roots.push(key.clone());
        }
        overlay.schemas.insert(key.clone(), entry);
    }
    (overlay, problems)
}

fn strings(value: Option<&Value>) -> Option<Vec<String>> {
    value.and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
}

fn string_map(value: Option<&Value>) -> BTreeMap<String, String> {
    value
        .and_then(Value::as_object)
        .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
        .unwrap_or_default()
}

fn entry(key: &str, obj: &Map<String, Value>, place: &str, overlay: &Overlay, problems: &mut Vec<String>) -> Entry {
    for field in obj.keys() {
        if !ENTRY_FIELDS.contains(&field.as_str()) {
            problems.push(format!(
                "{place}: `{key}`: unknown field `{field}` (expected one of {})",
                ENTRY_FIELDS.join(", ")
            ));
        }
    }
    let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
    let entry = Entry {
        name: text("name"),
        doc: text("doc"),
        as_type: text("as"),
        new: strings(obj.get("new")),
        defaults: obj
            .get("defaults")
            .and_then(Value::as_object)
            .map(|m| m.clone().into_iter().collect())
            .unwrap_or_default(),
        secret: strings(obj.get("secret")).unwrap_or_default(),
        fields: string_map(obj.get("fields")),
        variants: string_map(obj.get("variants")),
        pick: string_map(obj.get("pick")),
        untagged: text("untagged"),
        tag: text("tag"),
        omit: string_map(obj.get("omit")),
        area: text("area"),
        schema: obj.get("schema").cloned(),
        place: place.to_string(),
    };
    if let Some(name) = &entry.name
        && !(name.starts_with(|c: char| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        problems.push(format!("{place}: `{key}`: `name` must be a Rust type name in PascalCase, not `{name}`"));
    }
    if let Some(t) = &entry.as_type
        && !AS_TYPES.contains(&t.as_str())
        && key.split_once(':').map(|(s, _)| s) != t.split_once(':').map(|(s, _)| s)
    {
        problems.push(format!(
            "{place}: `{key}`: `as` must be one of {} or a schema of the same document (`openai:EvalItem`), not `{t}`",
            AS_TYPES.join(", ")
        ));
    }
    if let Some(area) = &entry.area
        && !overlay.areas.iter().any(|a| &a.name == area)
    {
        problems.push(format!("{place}: `{key}`: unknown area `{area}`"));
    }
    let reshapes =
        entry.as_type.is_some() || !entry.omit.is_empty() || !entry.pick.is_empty() || entry.schema.is_some();
    if reshapes && obj.get("why").is_none() {
        problems.push(format!(
            "{place}: `{key}`: an entry that changes the spec's shape (`as`, `omit`, `pick`, `schema`) says `why`"
        ));
    }
    entry
}
