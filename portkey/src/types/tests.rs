//! The generated types' JSON semantics, on types of the default features: nothing lost,
//! absent stays absent, constants, unions by tag and by kind, unknown kinds kept whole.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::*;

/// Decodes `value` from text and from a `Value`, checks both agree and that it writes back
/// the same JSON (named fields in the spec's order, then the rest as they came).
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(value: Value) -> T {
    let text = serde_json::to_string(&value).unwrap();
    let from_text: T = serde_json::from_str(&text).unwrap();
    let from_value: T = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(from_text, from_value);
    assert_eq!(serde_json::to_value(&from_text).unwrap(), value, "nothing lost, nothing added");
    from_text
}

#[test]
#[cfg(feature = "chat")]
fn a_chat_reply_keeps_everything() {
    let completion: ChatCompletion = round_trip(json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1741569952, "model": "gpt-5.4",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello!", "refusal": null,
                     "annotations": []}, "logprobs": null, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
                  "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0}, "cache_read_input_tokens": 0},
        "service_tier": "default", "provider": "openai"
    }));
    assert_eq!(completion.text(), Some("Hello!"));
    assert_eq!(completion.choices[0].finish_reason, FinishReason::Stop);
    assert_eq!(completion.extra["provider"], "openai");
    assert_eq!(completion.usage.as_ref().unwrap().extra["cache_read_input_tokens"], 0);
}

#[test]
#[cfg(feature = "chat")]
fn absent_stays_absent_and_constants_are_written_back_as_they_came() {
    // Nothing: every required field defaults, and is left out again.
    let empty: ChatCompletion = round_trip(json!({}));
    assert_eq!((empty.id.as_str(), empty.created), ("", 0));
    // A constant with another value, and a required field's null, are kept.
    let odd: ChatCompletion = round_trip(json!({"object": "weird", "id": null, "created": 5}));
    assert_eq!(odd.extra["object"], "weird");
    // A value set after reading is written.
    let mut set = empty.clone();
    set.id = "x".into();
    assert_eq!(serde_json::to_value(&set).unwrap(), json!({"id": "x"}));
    // Built in Rust: required fields and constants are written.
    let chunk = ChatCompletionChunk { id: "c".into(), ..Default::default() };
    let value = serde_json::to_value(&chunk).unwrap();
    assert_eq!((value["object"].clone(), value["id"].clone()), (json!("chat.completion.chunk"), json!("c")));
}

#[test]
#[cfg(feature = "chat")]
fn a_request_sends_what_was_set_and_nothing_else() {
    let request =
        ChatCompletionRequest::new("gpt-4o-mini", [ChatMessage::system("Be terse."), ChatMessage::user("Hi")])
            .temperature(0.5)
            .max_tokens(10);
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        concat!(
            r#"{"temperature":0.5,"messages":[{"content":"Be terse.","role":"system"},"#,
            r#"{"content":"Hi","role":"user"}],"model":"gpt-4o-mini","max_tokens":10}"#
        )
    );
    // A tool call read without its function's name or arguments goes out without them.
    let message: ChatMessage =
        round_trip(json!({"role": "assistant", "tool_calls": [{"id": "c", "type": "function", "function": {}}]}));
    assert!(matches!(&message, ChatMessage::Assistant(m) if m.tool_calls.as_ref().unwrap().len() == 1));
    assert_eq!(ChatCompletionRequest::default().model, DEFAULT_MODEL);
}

#[test]
#[cfg(feature = "chat")]
fn unions_by_tag_and_by_kind() {
    let request: ChatCompletionRequest = round_trip(json!({
        "model": "gpt-4o", "messages": [
            {"role": "developer", "content": "x"},
            {"content": [{"type": "text", "text": "hi"}, {"type": "image_url", "image_url": {"url": "u"}},
                         {"type": "video", "url": "v"}], "role": "user"},
            {"role": "critic", "content": "?"}
        ],
        "tool_choice": "auto", "response_format": {"type": "json_object"}, "stop": ["a"]
    }));
    assert_eq!(request.messages[0].text(), Some("x"));
    let ChatMessage::User(user) = &request.messages[1] else { panic!("{:?}", request.messages[1]) };
    let ChatUserContent::Parts(parts) = &user.content else { panic!("{:?}", user.content) };
    assert!(matches!(&parts[0], ChatUserContentPart::Text(t) if t.text == "hi"));
    assert!(matches!(&parts[2], ChatUserContentPart::Unknown(o) if o["type"] == "video"), "a new kind is kept");
    assert!(matches!(&request.messages[2], ChatMessage::Unknown(o) if o["role"] == "critic"));
    assert_eq!(request.messages[2].role(), "critic");
    assert_eq!(request.tool_choice, Some(ChatToolChoice::Mode(ChatToolChoiceMode::Auto)));
    assert_eq!(request.stop, Some(StopSequences::Many(vec!["a".into()])));
    // The tag may come anywhere in the object: it is written back where it was.
    round_trip::<ChatMessage>(json!({"content": "late tag", "name": "n", "role": "user"}));
    // A value of a kind no member takes is kept as `Unknown`; a wrong type where one type is
    // declared is an error naming the field.
    let odd: ChatMessage = round_trip(json!({"role": "user", "content": 5}));
    assert!(matches!(&odd, ChatMessage::User(m) if m.content == ChatUserContent::Unknown(json!(5))));
    let error = serde_json::from_value::<ChatMessage>(json!({"role": "user", "content": "x", "name": 5})).unwrap_err();
    assert!(error.to_string().starts_with("name: invalid type: integer `5`"), "{error}");
}

#[test]
#[cfg(feature = "responses")]
fn responses_input_items_and_events() {
    let item: InputItem = round_trip(json!({"role": "user", "content": "hi"}));
    assert!(matches!(&item, InputItem::Message(m) if m.r#type.is_none()));
    let item: InputItem = round_trip(json!({"content": "hi", "type": "message", "role": "user"}));
    assert!(matches!(&item, InputItem::Message(m) if m.r#type.as_deref() == Some("message")));
    round_trip::<InputItem>(json!({"type": "function_call_output", "call_id": "c", "output": "x"}));
    round_trip::<InputItem>(json!({"type": "future_item", "x": 1}));
    let event: ResponseStreamEvent = round_trip(json!({"type": "response.output_text.delta", "item_id": "i",
        "output_index": 0, "content_index": 0, "delta": "Hel", "sequence_number": 3, "logprobs": []}));
    assert_eq!(event.text_delta(), Some("Hel"));
    let request = ResponseRequest::new("gpt-4o-mini", "A haiku");
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({"model": "gpt-4o-mini", "input": "A haiku"}));
}

#[test]
#[cfg(all(feature = "realtime", feature = "chatkit"))]
fn declared_secrets_are_redacted_in_debug() {
    let secret: RealtimeCreateClientSecretResponse =
        serde_json::from_value(json!({"value": "ek_very_secret", "expires_at": 1})).unwrap();
    let shown = format!("{secret:?}");
    assert!(!shown.contains("ek_very_secret") && shown.contains("[redacted]"), "{shown}");
    let session: ChatSessionResource = serde_json::from_value(json!({"client_secret": "cs_secret"})).unwrap();
    assert!(!format!("{session:?}").contains("cs_secret"));
    // Still sent and read as given.
    assert_eq!(serde_json::to_value(&secret).unwrap()["value"], "ek_very_secret");
}
