//! The OpenAPI documents the types are declared from, as the repository carries them
//! (`schema/openapi/*.json`, one component schema and one path per line, so a problem can name
//! the line of the schema it is about).

use std::collections::HashMap;

use serde_json::{Map, Value};

/// One OpenAPI document.
pub struct Spec {
    /// The short name the overlay uses (`openai`, `portkey`).
    pub name: String,
    /// The file, as shown in messages.
    pub file: String,
    /// The site relative links in descriptions point into.
    pub docs: String,
    pub doc: Value,
    schema_lines: HashMap<String, usize>,
}

/// An operation of a spec.
pub struct Operation<'a> {
    pub op: &'a Map<String, Value>,
}

impl Spec {
    pub fn parse(name: &str, file: &str, docs: &str, text: &str) -> Result<Spec, String> {
        let doc: Value = serde_json::from_str(text).map_err(|e| format!("{file}: invalid JSON: {e}"))?;
        let mut schema_lines = HashMap::new();
        // The layout of `conformance/openapi_json.py`: `"schemas":{` opens a line, then one
        // `"name":{..}` entry a line until the closing `}`.
        let mut in_schemas = false;
        for (index, line) in text.lines().enumerate() {
            if line.starts_with("\"schemas\":{") {
                in_schemas = true;
            } else if line.starts_with('}') {
                in_schemas = false;
            } else if in_schemas
                && let Some(key) = line.strip_prefix('"').and_then(|l| l.split_once("\":").map(|(k, _)| k))
            {
                schema_lines.insert(key.to_string(), index + 1);
            }
        }
        Ok(Spec { name: name.into(), file: file.into(), docs: docs.into(), doc, schema_lines })
    }

    pub fn schemas(&self) -> Option<&Map<String, Value>> {
        self.doc.pointer("/components/schemas").and_then(Value::as_object)
    }

    pub fn schema(&self, name: &str) -> Option<&Value> {
        self.schemas().and_then(|s| s.get(name))
    }

    /// `file:line` of a component schema (the file alone when the line is unknown).
    pub fn schema_place(&self, name: &str) -> String {
        match self.schema_lines.get(name) {
            Some(line) => format!("{}:{line}", self.file),
            None => self.file.clone(),
        }
    }

    /// Follows a `$ref` inside this document: `#/components/schemas/X` → `X`.
    pub fn ref_name(reference: &str) -> Option<&str> {
        reference.strip_prefix("#/components/schemas/")
    }

    /// A `$ref`'d component of another kind (`#/components/parameters/X`).
    pub fn pointer(&self, reference: &str) -> Option<&Value> {
        self.doc.pointer(reference.strip_prefix('#')?)
    }

    /// The operation for an HTTP method and a path template, comparing templates with their
    /// parameter names blanked (`/files/{file_id}` is `/files/{}`).
    pub fn operation(&self, method: &str, path: &str) -> Option<Operation<'_>> {
        let wanted = shape(path);
        let paths = self.doc.get("paths")?.as_object()?;
        for (template, item) in paths {
            if shape(template) != wanted {
                continue;
            }
            let op = item.get(method.to_ascii_lowercase())?.as_object()?;
            return Some(Operation { op });
        }
        None
    }
}

/// A path template with its parameter names blanked.
pub fn shape(path: &str) -> String {
    path.split('/').map(|s| if s.starts_with('{') { "{}" } else { s }).collect::<Vec<_>>().join("/")
}

impl Operation<'_> {
    /// The schema of the request body for a content type (`application/json`).
    pub fn body(&self, content_type: &str) -> Option<&Value> {
        self.op.get("requestBody")?.get("content")?.get(content_type)?.get("schema")
    }

    /// The schema of the success reply (the first 2xx status) for a content type.
    pub fn reply(&self, content_type: &str) -> Option<&Value> {
        let responses = self.op.get("responses")?.as_object()?;
        let (_, reply) = responses.iter().find(|(status, _)| status.starts_with('2'))?;
        reply.get("content")?.get(content_type)?.get("schema")
    }

    pub fn id(&self) -> Option<&str> {
        self.op.get("operationId").and_then(Value::as_str)
    }
}
