//! Files, batches and moderations: `POST …/files` (multipart), `GET …/files` (a page),
//! `GET …/files/<id>` and `…/files/<id>/content`, `DELETE …/files/<id>`, `POST …/batches`,
//! `GET …/batches` (a page), `GET …/batches/<id>`, `POST …/batches/<id>/cancel`, `POST
//! …/moderations`.
//!
//! Files and batches are kept in memory, in creation order. The lists page as OpenAI's do:
//! `{"object": "list", "data", "first_id", "last_id", "has_more"}`, the objects after the
//! query's `after` id, at most `limit` (default 20) of them, oldest first; `GET …/files` also
//! keeps only the files of the query's `purpose`. Query values are compared as sent (not
//! percent-decoded). A batch over a kept JSONL file of chat completion requests is run at
//! once: `POST …/batches` answers `validating`, and the first `GET …/batches/<id>` answers
//! `completed` with an `output_file_id` whose content holds one record per input line, each a
//! chat completion `"echo: <last user message>"`.

use bytes::Bytes;
use serde_json::{Value, json};

use super::multipart::{Part, field};
use super::{Reply, Shared, last_user_text, now};

/// Objects kept by the mock (files, batches), by id, in creation order.
#[derive(Debug)]
pub(super) struct Kept<T> {
    items: Vec<(String, T)>,
    /// How many ids [`new_id`](Self::new_id) has made.
    made: u64,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept { items: Vec::new(), made: 0 }
    }
}

impl<T> Kept<T> {
    /// The object `id`.
    fn get(&self, id: &str) -> Option<&T> {
        self.items.iter().find(|(i, _)| i == id).map(|(_, item)| item)
    }

    /// The object `id`, to change.
    fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        self.items.iter_mut().find(|(i, _)| i == id).map(|(_, item)| item)
    }

    /// A new id, `<prefix><n>`, `n` counting the ids made from 1 (so no id is made twice, even
    /// after a removal).
    fn new_id(&mut self, prefix: &str) -> String {
        self.made += 1;
        format!("{prefix}{}", self.made)
    }

    /// Keeps `item` under `id`.
    fn insert(&mut self, id: String, item: T) {
        self.items.push((id, item));
    }

    /// Forgets the object `id`; returns it.
    fn remove(&mut self, id: &str) -> Option<T> {
        let at = self.items.iter().position(|(i, _)| i == id)?;
        Some(self.items.remove(at).1)
    }

    /// Forgets everything, and restarts the ids.
    pub(super) fn clear(&mut self) {
        *self = Kept::default();
    }
}

/// The value of the query parameter `name`, as sent.
fn query_param<'q>(query: Option<&'q str>, name: &str) -> Option<&'q str> {
    query?.split('&').filter_map(|pair| pair.split_once('=')).find(|(n, _)| *n == name).map(|(_, v)| v)
}

/// The page of `objects` (each with its `id`) the query asks for: see the [module docs](self).
fn page(objects: Vec<Value>, query: Option<&str>) -> Reply {
    let limit = query_param(query, "limit").and_then(|l| l.parse().ok()).unwrap_or(20_usize);
    let start = query_param(query, "after")
        .and_then(|after| objects.iter().position(|o| o["id"] == after))
        .map_or(0, |at| at + 1);
    let rest = objects.len().saturating_sub(start);
    let data: Vec<Value> = objects.into_iter().skip(start).take(limit).collect();
    Reply::json(
        200,
        json!({"object": "list", "first_id": data.first().map(|o| o["id"].clone()),
               "last_id": data.last().map(|o| o["id"].clone()), "has_more": rest > data.len(), "data": data}),
    )
}

/// A file kept by the mock.
#[derive(Clone, Debug)]
pub(super) struct StoredFile {
    filename: String,
    purpose: String,
    created_at: u64,
    data: Bytes,
}

fn file_object(id: &str, file: &StoredFile) -> Value {
    json!({"id": id, "object": "file", "bytes": file.data.len(), "created_at": file.created_at,
           "filename": file.filename, "purpose": file.purpose, "status": "processed", "status_details": null,
           "expires_at": null})
}

fn not_found(what: &str) -> Reply {
    Reply::error(404, &format!("mock: no such {what}"), "invalid_request_error")
}

/// `POST …/files`: keeps the `file` part, as `file-<n>`.
pub(super) fn upload(shared: &Shared, parts: &[Part]) -> Reply {
    let (Some(file), Some(purpose)) = (field(parts, "file"), field(parts, "purpose")) else {
        return Reply::error(400, "mock: an upload needs `file` and `purpose`", "invalid_request_error");
    };
    let stored = StoredFile {
        filename: file.filename.clone().unwrap_or_else(|| "file".to_owned()),
        purpose: purpose.text(),
        created_at: now(),
        data: file.data.clone(),
    };
    let mut state = shared.lock();
    let id = state.files.new_id("file-");
    let object = file_object(&id, &stored);
    state.files.insert(id, stored);
    Reply::json(200, object)
}

/// The `GET` routes of this module, or `None` when `path` is none of them.
pub(super) fn get(shared: &Shared, path: &str, query: Option<&str>) -> Option<Reply> {
    if path.ends_with("/files") {
        let state = shared.lock();
        let purpose = query_param(query, "purpose");
        let files = state.files.items.iter().filter(|(_, f)| purpose.is_none_or(|p| f.purpose == p));
        return Some(page(files.map(|(id, f)| file_object(id, f)).collect(), query));
    }
    if path.ends_with("/batches") {
        let state = shared.lock();
        return Some(page(state.batches.items.iter().map(|(_, b)| b.clone()).collect(), query));
    }
    let (rest, last) = path.rsplit_once('/')?;
    if last == "content"
        && let Some((files, id)) = rest.rsplit_once('/')
        && files.ends_with("/files")
    {
        let state = shared.lock();
        return Some(match state.files.get(id) {
            Some(file) => Reply::bytes("application/octet-stream", file.data.clone()),
            None => not_found("file"),
        });
    }
    if rest.ends_with("/files") {
        let state = shared.lock();
        return Some(
            state.files.get(last).map_or_else(|| not_found("file"), |f| Reply::json(200, file_object(last, f))),
        );
    }
    if rest.ends_with("/batches") {
        let mut state = shared.lock();
        let Some(batch) = state.batches.get_mut(last) else { return Some(not_found("batch")) };
        if batch["status"] == "validating" {
            let total = batch["request_counts"]["total"].clone();
            batch["status"] = json!("completed");
            batch["output_file_id"] = json!(format!("{last}-output"));
            batch["in_progress_at"] = json!(now());
            batch["completed_at"] = json!(now());
            batch["request_counts"] = json!({"total": total, "completed": total, "failed": 0});
        }
        return Some(Reply::json(200, batch.clone()));
    }
    None
}

/// `DELETE …/files/<id>`: forgets the file; `None` when `path` is no such route.
pub(super) fn delete(shared: &Shared, path: &str) -> Option<Reply> {
    let (files, id) = path.rsplit_once('/')?;
    if !files.ends_with("/files") {
        return None;
    }
    Some(match shared.lock().files.remove(id) {
        Some(_) => Reply::json(200, json!({"id": id, "object": "file", "deleted": true})),
        None => not_found("file"),
    })
}

/// The `POST` routes that take no body (`…/batches/<id>/cancel`), or `None`.
pub(super) fn post_without_body(shared: &Shared, path: &str) -> Option<Reply> {
    let rest = path.strip_suffix("/cancel")?;
    let (batches, id) = rest.rsplit_once('/')?;
    if !batches.ends_with("/batches") {
        return None;
    }
    let mut state = shared.lock();
    let Some(batch) = state.batches.get_mut(id) else { return Some(not_found("batch")) };
    batch["status"] = json!("cancelling");
    batch["cancelling_at"] = json!(now());
    Some(Reply::json(200, batch.clone()))
}

/// `POST …/batches`: runs the batch over its kept input file (see the [module docs](self)).
pub(super) fn create_batch(shared: &Shared, body: &Value) -> Reply {
    let (Some(input), Some(endpoint), Some(window)) =
        (body["input_file_id"].as_str(), body["endpoint"].as_str(), body["completion_window"].as_str())
    else {
        return Reply::error(
            400,
            "mock: a batch needs `input_file_id`, `endpoint` and `completion_window`",
            "invalid_request_error",
        );
    };
    let mut state = shared.lock();
    let Some(file) = state.files.get(input) else { return not_found("input file") };
    let text = String::from_utf8_lossy(&file.data).into_owned();
    let id = state.batches.new_id("batch_");
    let mut output = String::new();
    let mut total = 0;
    for (i, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let Ok(request) = serde_json::from_str::<Value>(line) else {
            return Reply::error(400, &format!("mock: line {} of {input} is not JSON", i + 1), "invalid_request_error");
        };
        let answer = format!("echo: {}", last_user_text(&request["body"]["messages"]));
        let completion = json!({
            "id": format!("chatcmpl-{id}-{i}"), "object": "chat.completion", "created": now(),
            "model": request["body"]["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": answer, "refusal": null},
                         "logprobs": null, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
        });
        let record = json!({"id": format!("batch_req_{i}"), "custom_id": request["custom_id"],
                            "response": {"status_code": 200, "request_id": format!("req_{i}"), "body": completion},
                            "error": null});
        output.push_str(&format!("{record}\n"));
        total += 1;
    }
    let output_file = StoredFile {
        filename: format!("{id}_output.jsonl"),
        purpose: "batch_output".to_owned(),
        created_at: now(),
        data: Bytes::from(output),
    };
    state.files.insert(format!("{id}-output"), output_file);
    let batch = json!({
        "id": id, "object": "batch", "endpoint": endpoint, "errors": null, "input_file_id": input,
        "completion_window": window, "status": "validating", "output_file_id": null, "error_file_id": null,
        "created_at": now(), "in_progress_at": null, "expires_at": now() + 86_400, "finalizing_at": null,
        "completed_at": null, "failed_at": null, "expired_at": null, "cancelling_at": null, "cancelled_at": null,
        "request_counts": {"total": total, "completed": 0, "failed": 0},
        "metadata": body.get("metadata").cloned().unwrap_or(Value::Null),
    });
    state.batches.insert(id, batch.clone());
    Reply::json(200, batch)
}

/// The moderation categories `text` is flagged for: `violence` when it says "attack",
/// `harassment` when it says "idiot".
pub fn moderation_flags(text: &str) -> Vec<&'static str> {
    let text = text.to_lowercase();
    [("attack", "violence"), ("idiot", "harassment")]
        .into_iter()
        .filter(|(word, _)| text.contains(word))
        .map(|(_, category)| category)
        .collect()
}

/// `POST …/moderations`: one result per input (a string, strings, or text and image parts
/// taken together), flagged per [`moderation_flags`].
pub(super) fn moderation(body: &Value) -> Reply {
    let inputs: Vec<String> = match &body["input"] {
        Value::String(text) => vec![text.clone()],
        Value::Array(items) if items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).map(str::to_owned).collect()
        }
        Value::Array(parts) => {
            vec![parts.iter().filter_map(|p| p["text"].as_str()).collect::<Vec<_>>().join(" ")]
        }
        _ => return Reply::error(400, "mock: `input` is required", "invalid_request_error"),
    };
    let results: Vec<Value> = inputs
        .iter()
        .map(|text| {
            let flags = moderation_flags(text);
            let mut categories = serde_json::Map::new();
            let mut scores = serde_json::Map::new();
            for category in ["violence", "harassment", "self-harm"] {
                let flagged = flags.contains(&category);
                categories.insert(category.to_owned(), json!(flagged));
                scores.insert(category.to_owned(), json!(if flagged { 0.9 } else { 0.01 }));
            }
            json!({"flagged": !flags.is_empty(), "categories": categories, "category_scores": scores})
        })
        .collect();
    let model = body["model"].as_str().unwrap_or("omni-moderation-latest");
    Reply::json(200, json!({"id": "modr-mock", "model": model, "results": results}))
}
