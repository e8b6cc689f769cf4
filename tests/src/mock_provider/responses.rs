//! `POST …/responses`: the OpenAI Responses API.

use serde_json::{Value, json};

use super::{Reply, Shared, model_of, named_event, now, triggers};

/// The text of the last user input: `input` as a string, or the text of the last user item
/// (string content, or its `input_text` parts).
pub fn last_user_input(input: &Value) -> String {
    match input {
        Value::String(text) => text.clone(),
        Value::Array(items) => items
            .iter()
            .rev()
            .find(|item| item["role"] == "user")
            .map(|item| match &item["content"] {
                Value::String(text) => text.clone(),
                Value::Array(parts) => parts.iter().filter_map(|p| p["text"].as_str()).collect::<Vec<_>>().join(" "),
                _ => String::new(),
            })
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The response object, `in_progress` with no output, or `completed` with the text.
fn response(shared: &Shared, body: &Value, model: &str, text: Option<&str>) -> Value {
    let output = match text {
        Some(text) => json!([{
            "id": format!("msg_{}", shared.name), "type": "message", "status": "completed", "role": "assistant",
            "content": [{"type": "output_text", "text": text, "annotations": []}],
        }]),
        None => json!([]),
    };
    let usage = text.map(|text| {
        let words = text.split(' ').count();
        json!({"input_tokens": 5, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": words,
               "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 5 + words})
    });
    json!({
        "id": format!("resp_{}", shared.name), "object": "response", "created_at": now(),
        "status": if text.is_some() { "completed" } else { "in_progress" },
        "model": model, "output": output, "usage": usage, "error": null, "incomplete_details": null,
        "instructions": body["instructions"], "metadata": body.get("metadata").cloned().unwrap_or(json!({})),
    })
}

/// Answers `POST …/responses`: `"echo: <last user input>"`, as JSON, or with `"stream": true`
/// as `event:`-named server-sent events: `response.created`, one `response.output_text.delta`
/// per word, `response.output_text.done`, `response.completed`.
pub(super) async fn create(shared: &Shared, body: &Value) -> Reply {
    let model = model_of(body, "gpt-4.1-mini");
    if let Some(reply) = triggers(shared, model).await {
        return reply;
    }
    let text = format!("echo: {}", last_user_input(&body["input"]));
    if body["stream"] != true {
        return Reply::json(200, response(shared, body, model, Some(&text)));
    }
    let item_id = format!("msg_{}", shared.name);
    let mut sequence = 0_u64;
    let mut event = |value: Value| {
        let mut value = value;
        value["sequence_number"] = json!(sequence);
        sequence += 1;
        named_event(&value)
    };
    let mut events = vec![event(json!({"type": "response.created", "response": response(shared, body, model, None)}))];
    for (i, word) in text.split(' ').enumerate() {
        let delta = if i == 0 { word.to_owned() } else { format!(" {word}") };
        events.push(event(json!({"type": "response.output_text.delta", "item_id": item_id, "output_index": 0,
                                 "content_index": 0, "delta": delta})));
    }
    events.push(event(json!({"type": "response.output_text.done", "item_id": item_id, "output_index": 0,
                             "content_index": 0, "text": text})));
    events.push(event(json!({"type": "response.completed", "response": response(shared, body, model, Some(&text))})));
    Reply::sse(events)
}
