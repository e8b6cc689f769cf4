//! What the typed multipart requests ([`ImageEditRequest`](super::ImageEditRequest),
//! [`TranscriptionRequest`](super::TranscriptionRequest), ...) share: their fields written as
//! form fields the way the Python SDK writes them, and base64 payloads decoded.
//!
//! The SDK (its vendored OpenAI client) flattens a form's JSON-like fields with the query-string
//! rules, arrays in brackets: a list `include=["logprobs"]` is one `include[]` field per item, an
//! object `{"type": "server_vad"}` under `chunking_strategy` is `chunking_strategy[type]`, `true`
//! is `true`, numbers are written as Python writes them (`0.0` stays `0.0`), and `null` or an
//! empty string is left out.

use base64::Engine;
use serde_json::Value;

use crate::types::Extra;
use crate::{Error, Multipart};

/// Adds `value` to `form` under `name`, flattened as the SDK flattens it.
pub(crate) fn field(form: Multipart, name: &str, value: &Value) -> Multipart {
    let mut pairs = Vec::new();
    flatten(name, value, &mut pairs);
    pairs.into_iter().fold(form, |form, (name, value)| form.text(name, value))
}

/// The name-value pairs of `value` under `name`, as the SDK's query-string writer makes them
/// (its forms and its OpenAI route's queries): lists in brackets, objects by key.
pub(crate) fn flatten(name: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Bool(flag) => out.push((name.to_owned(), if *flag { "true" } else { "false" }.to_owned())),
        Value::Number(number) => out.push((name.to_owned(), number.to_string())),
        Value::String(text) if text.is_empty() => {}
        Value::String(text) => out.push((name.to_owned(), text.clone())),
        Value::Array(items) => {
            let name = format!("{name}[]");
            items.iter().for_each(|item| flatten(&name, item, out));
        }
        Value::Object(entries) => {
            entries.iter().for_each(|(key, item)| flatten(&format!("{name}[{key}]"), item, out));
        }
    }
}

/// Adds every entry of a request's `extra` (see [`field`]), in order.
pub(crate) fn extra(form: Multipart, extra: &Extra) -> Multipart {
    extra.iter().fold(form, |form, (name, value)| field(form, name, value))
}

/// A form being written by a generated multipart request type.
pub(crate) struct Form(Multipart);

impl Form {
    pub(crate) fn new() -> Self {
        Form(Multipart::new())
    }

    fn with(&mut self, add: impl FnOnce(Multipart) -> Multipart) {
        let form = std::mem::take(&mut self.0);
        self.0 = add(form);
    }

    /// A field, written as JSON and flattened (see [`field`]).
    pub(crate) fn field<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        // Our types always serialize (a non-finite float becomes `null`, left out).
        let value = serde_json::to_value(value).unwrap_or(Value::Null);
        self.with(|form| field(form, name, &value));
    }

    /// An optional field: left out when `None`.
    pub(crate) fn opt<T: serde::Serialize>(&mut self, name: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.field(name, value);
        }
    }

    /// Every entry of `extra`, in order.
    pub(crate) fn extra(&mut self, entries: &Extra) {
        self.with(|form| extra(form, entries));
    }

    pub(crate) fn file(&mut self, name: &str, file: crate::FilePart) {
        self.with(|form| form.file(name, file));
    }

    /// One file as `name`, several as `name[]` each.
    pub(crate) fn files(&mut self, name: &str, files: crate::FileParts) {
        match files {
            crate::FileParts::One(file) => self.file(name, file),
            crate::FileParts::Many(files) => {
                let list = format!("{name}[]");
                files.into_iter().for_each(|file| self.file(&list, file));
            }
        }
    }

    pub(crate) fn finish(self) -> Multipart {
        self.0
    }
}

/// The bytes of the base64 text `data` (standard alphabet, padded or not); an error names `what`.
pub(crate) fn decode_base64(what: &str, data: &str) -> Result<Vec<u8>, Error> {
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    // Some providers wrap long base64 lines.
    let decoded = if data.contains(['\n', '\r']) {
        let joined: String = data.chars().filter(|c| !matches!(c, '\n' | '\r')).collect();
        engine.decode(joined)
    } else {
        engine.decode(data)
    };
    decoded.map_err(|e| Error::Decode { message: format!("{what}: invalid base64: {e}"), body: String::new() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_are_flattened_as_the_sdk_flattens_them() {
        let form = Multipart::new();
        let form = field(form, "include", &json!(["logprobs", "x"]));
        let form = field(form, "chunking_strategy", &json!({"type": "server_vad", "threshold": 0.5}));
        let form = field(form, "temperature", &json!(0.0));
        let form = field(form, "n", &json!(2));
        let form = field(form, "flag", &json!(true));
        let form = field(form, "none", &Value::Null);
        let form = field(form, "empty", &json!(""));
        let form = field(form, "language", &json!("en"));
        let got: Vec<(String, String)> = form.describe();
        let want: Vec<(String, String)> = [
            ("include[]", "logprobs"),
            ("include[]", "x"),
            ("chunking_strategy[type]", "server_vad"),
            ("chunking_strategy[threshold]", "0.5"),
            ("temperature", "0.0"),
            ("n", "2"),
            ("flag", "true"),
            ("language", "en"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn base64_decodes_padded_unpadded_and_wrapped_text() {
        assert_eq!(decode_base64("x", "aGk=").unwrap(), b"hi");
        assert_eq!(decode_base64("x", "aGk").unwrap(), b"hi");
        assert_eq!(decode_base64("x", "aGVs\nbG8=").unwrap(), b"hello");
        let error = decode_base64("b64_json", "not base64!").unwrap_err().to_string();
        assert!(error.contains("b64_json: invalid base64"), "{error}");
    }
}
