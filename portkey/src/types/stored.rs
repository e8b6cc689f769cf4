//! Stored chat completions (those created with `"store": true`): `GET /chat/completions`
//! gives a [`ChatCompletionList`] page, `GET` and `POST /chat/completions/{id}` (the latter
//! with a [`ChatCompletionUpdateRequest`]) a [`ChatCompletion`], `DELETE` a
//! [`ChatCompletionDeleted`], and `GET /chat/completions/{id}/messages` a
//! [`ChatCompletionStoreMessageList`] of the conversation's [`ChatCompletionStoreMessage`]s.

use serde_json::{Map, Value};

use crate::types::Extra;

use super::ChatCompletion;
use super::chat::{MessageContent, Role, ToolCall};
use super::object::json_object;

/// A page of `GET /chat/completions` (`"object": "list"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatCompletionList {
    /// `"list"`.
    pub object: String,
    /// The stored completions of this page.
    pub data: Vec<ChatCompletion>,
    /// The id of the page's first completion.
    pub first_id: Option<String>,
    /// The id of the page's last completion (the `after` of the next page).
    pub last_id: Option<String>,
    /// Whether more completions follow.
    pub has_more: Option<bool>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ChatCompletionList { object: default, data: default, first_id: opt, last_id: opt, has_more: opt });

/// The body of `POST /chat/completions/{id}`: the stored completion's new `metadata` (the
/// only field that can be updated).
///
/// ```
/// use portkey::types::ChatCompletionUpdateRequest;
/// use serde_json::json;
///
/// let update = ChatCompletionUpdateRequest::new([("reviewed", "yes")]);
/// assert_eq!(serde_json::to_value(&update)?, json!({"metadata": {"reviewed": "yes"}}));
/// assert_eq!(serde_json::to_value(ChatCompletionUpdateRequest::clear())?, json!({"metadata": null}));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatCompletionUpdateRequest {
    /// The new key-value pairs (up to 16; string values). `None` with `"metadata": null` in
    /// `extra` (as [`clear`](Self::clear) makes it) removes them.
    pub metadata: Option<Map<String, Value>>,
    /// Fields this type does not name, sent at the top level of the body as given.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ChatCompletionUpdateRequest { metadata: opt });

impl ChatCompletionUpdateRequest {
    /// Sets the metadata to `entries`.
    pub fn new<K: Into<String>, V: Into<String>>(entries: impl IntoIterator<Item = (K, V)>) -> Self {
        let metadata = entries.into_iter().map(|(k, v)| (k.into(), Value::String(v.into()))).collect();
        ChatCompletionUpdateRequest { metadata: Some(metadata), extra: Extra::new() }
    }

    /// Removes the metadata: `{"metadata": null}`.
    pub fn clear() -> Self {
        let mut extra = Extra::new();
        extra.insert("metadata".to_owned(), Value::Null);
        ChatCompletionUpdateRequest { metadata: None, extra }
    }

    /// Adds a metadata entry.
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata.get_or_insert_with(Map::new).insert(key.into(), Value::String(value.into()));
        self
    }
}

/// The answer to `DELETE /chat/completions/{id}` (`"object": "chat.completion.deleted"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatCompletionDeleted {
    /// The completion's id.
    pub id: String,
    /// `"chat.completion.deleted"`.
    pub object: String,
    /// Whether it was deleted.
    pub deleted: bool,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ChatCompletionDeleted { id: default, object: default, deleted: default });

/// A message of a stored completion's conversation: a [`ChatMessage`](super::ChatMessage)
/// with its id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatCompletionStoreMessage {
    /// The message's id.
    pub id: String,
    /// Who wrote it.
    pub role: Role,
    /// Its content: text (the parts, if any, are in `content_parts`).
    pub content: Option<MessageContent>,
    /// The content as `text` and `image_url` parts, when it was sent as parts.
    pub content_parts: Option<Vec<Value>>,
    /// The participant's name.
    pub name: Option<String>,
    /// The tools the assistant called.
    pub tool_calls: Option<Vec<ToolCall>>,
    /// The assistant's refusal.
    pub refusal: Option<String>,
    /// Fields this type does not name (`annotations`, `audio`, ...), kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ChatCompletionStoreMessage {
    id: default,
    role: default,
    content: opt,
    content_parts: opt,
    name: opt,
    tool_calls: opt,
    refusal: opt,
});

impl ChatCompletionStoreMessage {
    /// The content, if it is plain text.
    pub fn text(&self) -> Option<&str> {
        self.content.as_ref().and_then(MessageContent::as_text)
    }
}

/// A page of `GET /chat/completions/{id}/messages` (`"object": "list"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatCompletionStoreMessageList {
    /// `"list"`.
    pub object: String,
    /// The messages of this page.
    pub data: Vec<ChatCompletionStoreMessage>,
    /// The id of the page's first message.
    pub first_id: Option<String>,
    /// The id of the page's last message (the `after` of the next page).
    pub last_id: Option<String>,
    /// Whether more messages follow.
    pub has_more: Option<bool>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ChatCompletionStoreMessageList {
    object: default,
    data: default,
    first_id: opt,
    last_id: opt,
    has_more: opt,
});

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stored_completions_round_trip() {
        let value = json!({
            "object": "list",
            "data": [{
                "object": "chat.completion", "id": "chatcmpl-AyPNinnUqUDYo9SAdA52NobMflmj2",
                "model": "gpt-4o-2024-08-06", "created": 1738960610,
                "request_id": "req_ded8ab984ec4bf840f37566c1011c417", "tool_choice": null,
                "usage": {"total_tokens": 31, "completion_tokens": 18, "prompt_tokens": 13},
                "seed": 4944116822809979520i64, "top_p": 1.0, "temperature": 1.0, "presence_penalty": 0.0,
                "frequency_penalty": 0.0, "system_fingerprint": "fp_50cad350e4", "input_user": null,
                "service_tier": "default", "tools": null, "metadata": {},
                "choices": [{"index": 0, "message": {"content": "Mind of circuits hum", "role": "assistant",
                             "tool_calls": null, "function_call": null}, "finish_reason": "stop", "logprobs": null}],
                "response_format": null
            }],
            "first_id": "chatcmpl-AyPNinnUqUDYo9SAdA52NobMflmj2",
            "last_id": "chatcmpl-AyPNinnUqUDYo9SAdA52NobMflmj2",
            "has_more": false
        });
        let list: ChatCompletionList = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(list.data[0].text(), Some("Mind of circuits hum"));
        assert_eq!(list.data[0].extra["metadata"], json!({}));
        assert_eq!(list.has_more, Some(false));
        assert_eq!(serde_json::to_value(&list).unwrap(), value);

        let deleted = json!({"object": "chat.completion.deleted", "id": "chatcmpl-1", "deleted": true});
        let reply: ChatCompletionDeleted = serde_json::from_value(deleted.clone()).unwrap();
        assert!(reply.deleted);
        assert_eq!(
            serde_json::to_value(&reply).unwrap(),
            json!({"id": "chatcmpl-1", "object": "chat.completion.deleted", "deleted": true})
        );
    }

    #[test]
    fn stored_messages_round_trip() {
        let value = json!({
            "object": "list",
            "data": [
                {"id": "chatcmpl-1-0", "role": "user", "content": "write a haiku about ai", "name": null,
                 "content_parts": null},
                {"id": "chatcmpl-1-1", "role": "user", "content": null,
                 "content_parts": [{"type": "text", "text": "what is this?"},
                                   {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]},
                {"id": "chatcmpl-1-2", "role": "critic", "content": "ok", "annotations": []}
            ],
            "first_id": "chatcmpl-1-0", "last_id": "chatcmpl-1-2", "has_more": false
        });
        let list: ChatCompletionStoreMessageList = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(list.data[0].text(), Some("write a haiku about ai"));
        assert_eq!(list.data[0].role, Role::User);
        assert_eq!(list.data[1].content_parts.as_ref().map(Vec::len), Some(2));
        assert_eq!(list.data[2].role, Role::from("critic"), "an unknown role is kept");
        assert_eq!(serde_json::to_value(&list).unwrap(), value);
    }

    #[test]
    fn updates_set_or_clear_the_metadata() {
        let update = ChatCompletionUpdateRequest::new([("a", "1")]).metadata("b", "2");
        assert_eq!(serde_json::to_value(&update).unwrap(), json!({"metadata": {"a": "1", "b": "2"}}));
        let cleared: ChatCompletionUpdateRequest = serde_json::from_value(json!({"metadata": null})).unwrap();
        assert_eq!(cleared, ChatCompletionUpdateRequest::clear());
    }

    #[test]
    fn errors_name_the_field_path() {
        let error =
            serde_json::from_value::<ChatCompletionStoreMessageList>(json!({"data": [{"tool_calls": [{"id": 1}]}]}))
                .unwrap_err()
                .to_string();
        assert!(error.starts_with("data: tool_calls: id: invalid type: integer `1`"), "{error}");
    }
}
