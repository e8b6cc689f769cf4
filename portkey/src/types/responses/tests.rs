use serde_json::{Map, Number, Value, json};

use super::*;
use crate::types::Role;
use crate::types::test_support::round_trip;

/// A completed response: a reasoning item, a web search, a message with a cited text, a
/// function call; usage; request echoes; provider fields.
fn completed_response() -> Value {
    json!({
        "id": "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
        "object": "response",
        "created_at": 1741476542,
        "status": "completed",
        "background": false,
        "error": null,
        "incomplete_details": null,
        "instructions": "You are terse.",
        "max_output_tokens": null,
        "max_tool_calls": null,
        "model": "gpt-4.1-2025-04-14",
        "output": [
            {"id": "rs_1", "type": "reasoning", "summary": [{"type": "summary_text", "text": "Look it up."}],
             "encrypted_content": null},
            {"id": "ws_1", "type": "web_search_call", "status": "completed",
             "action": {"type": "search", "query": "weather paris"}},
            {"type": "message", "id": "msg_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b",
             "status": "completed", "role": "assistant",
             "content": [{"type": "output_text", "text": "In a peaceful grove beneath a silver moon, ",
                          "annotations": [{"type": "url_citation", "start_index": 0, "end_index": 10,
                                           "url": "https://example.com/", "title": "Example"}],
                          "logprobs": []},
                         {"type": "output_text", "text": "a unicorn named Lumina slept.", "annotations": []}]},
            {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_weather",
             "arguments": "{\"city\":\"Paris\"}", "status": "completed"}
        ],
        "parallel_tool_calls": true,
        "previous_response_id": null,
        "reasoning": {"effort": null, "summary": null},
        "service_tier": "default",
        "store": true,
        "temperature": 1.0,
        "text": {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": "auto",
        "tools": [{"type": "function", "name": "get_weather", "parameters": {"type": "object"}, "strict": true}],
        "top_p": 1.0,
        "truncation": "disabled",
        "usage": {"input_tokens": 36, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": 87,
                  "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 123},
        "user": null,
        "metadata": {},
        "provider": "openai"
    })
}

#[test]
fn a_realistic_response_round_trips() {
    let response: Response = round_trip(completed_response());
    assert_eq!(response.id, "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b");
    assert_eq!(response.object, "response");
    assert_eq!(response.created_at, Number::from(1741476542));
    assert_eq!(response.status, Some(ResponseStatus::Completed));
    assert_eq!(response.error, None);
    assert_eq!(response.extra["error"], Value::Null, "the explicit null is kept");
    assert_eq!(response.output.len(), 4);
    assert_eq!(
        response.output.iter().map(OutputItem::kind).collect::<Vec<_>>(),
        ["reasoning", "web_search_call", "message", "function_call"]
    );
    let OutputItem::Reasoning(reasoning) = &response.output[0] else { panic!("{:?}", response.output[0]) };
    assert_eq!(reasoning.summary[0].text(), Some("Look it up."));
    let OutputItem::WebSearchCall(search) = &response.output[1] else { panic!("{:?}", response.output[1]) };
    assert_eq!(search.status, Some(ItemStatus::Completed));
    assert_eq!(search.action.as_ref().unwrap()["query"], "weather paris");
    let message = response.output[2].as_message().unwrap();
    assert_eq!(message.role, Role::Assistant);
    let ContentPart::OutputText(text) = &message.content[0] else { panic!("{:?}", message.content[0]) };
    assert_eq!(text.annotations[0].r#type, "url_citation");
    assert_eq!(text.annotations[0].end_index, Some(10));
    assert_eq!(text.logprobs, Some(vec![]));
    let call = response.output[3].as_function_call().unwrap();
    assert_eq!((call.call_id.as_str(), call.name.as_str()), ("call_1", "get_weather"));
    assert_eq!(call.arguments, r#"{"city":"Paris"}"#);
    let usage = response.usage.as_ref().unwrap();
    assert_eq!((usage.input_tokens, usage.output_tokens, usage.total_tokens), (36, 87, 123));
    assert_eq!(response.temperature, Some(1.0));
    assert_eq!(response.parallel_tool_calls, Some(true));
    assert_eq!(response.tool_choice, Some(json!("auto")));
    assert_eq!(response.reasoning.as_ref().unwrap().effort, None);
    assert_eq!(response.extra["store"], true);
    assert_eq!(response.extra["provider"], "openai");
}

#[test]
fn output_text_joins_every_output_text_of_every_message() {
    let response: Response = serde_json::from_value(completed_response()).unwrap();
    assert_eq!(response.output_text(), "In a peaceful grove beneath a silver moon, a unicorn named Lumina slept.");
    // Two messages; a refusal, reasoning text and a function call are left out.
    let response: Response = serde_json::from_value(json!({
        "output": [
            {"type": "message", "role": "assistant", "content": [
                {"type": "refusal", "refusal": "No."}, {"type": "output_text", "text": "A", "annotations": []}]},
            {"type": "reasoning", "summary": [], "content": [{"type": "reasoning_text", "text": "hmm"}]},
            {"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"},
            {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "B"}]}
        ]
    }))
    .unwrap();
    assert_eq!(response.output_text(), "AB");
    assert_eq!(response.output[0].as_message().unwrap().refusal(), Some("No."));
    assert_eq!(response.output[0].as_message().unwrap().text(), "A");
    assert_eq!(Response::default().output_text(), "");
}

#[test]
fn unknown_output_items_parts_and_statuses_are_kept() {
    let response: Response = round_trip(json!({
        "id": "resp_2", "object": "response", "created_at": 1741476542.5, "status": "paused",
        "model": "m",
        "output": [
            {"type": "hologram", "id": "h_1", "payload": {"x": [1, 2]}},
            {"id": "later", "type": "teleport_call", "status": "beaming"},
            {"type": "message", "id": "msg_1", "status": "thinking", "role": "narrator",
             "content": [{"type": "output_audio", "data": "AAAA"}]},
            {"type": "code_interpreter_call", "id": "ci_1", "status": "interpreting", "code": "1+1",
             "container_id": "cntr_1", "outputs": null}
        ]
    }));
    assert_eq!(response.created_at.as_f64(), Some(1741476542.5), "a float timestamp is kept as sent");
    assert_eq!(response.status, Some(ResponseStatus::Other("paused".into())));
    assert_eq!(response.status.as_ref().unwrap().as_str(), "paused");
    let OutputItem::Unknown(hologram) = &response.output[0] else { panic!("{:?}", response.output[0]) };
    assert_eq!(hologram["payload"]["x"], json!([1, 2]));
    assert_eq!(response.output[0].kind(), "hologram");
    assert_eq!(response.output[1].kind(), "teleport_call");
    let message = response.output[2].as_message().unwrap();
    assert_eq!(message.status, Some(ItemStatus::Other("thinking".into())));
    assert_eq!(message.role, Role::Other("narrator".into()));
    assert_eq!(message.content[0].kind(), "output_audio");
    assert!(matches!(&message.content[0], ContentPart::Unknown(part) if part["data"] == "AAAA"));
    let OutputItem::CodeInterpreterCall(call) = &response.output[3] else { panic!("{:?}", response.output[3]) };
    assert_eq!(call.status, Some(ItemStatus::Interpreting));
    assert_eq!(call.extra["code"], "1+1");
    // An unknown item is written back byte for byte, `type` where it was.
    let text = serde_json::to_string(&response.output[1]).unwrap();
    assert_eq!(text, r#"{"id":"later","type":"teleport_call","status":"beaming"}"#);
}

#[test]
fn statuses_keep_their_names() {
    for name in ["completed", "failed", "in_progress", "cancelled", "queued", "incomplete", "paused"] {
        let status: ResponseStatus = serde_json::from_value(json!(name)).unwrap();
        assert_eq!((status.as_str(), status.to_string()), (name, name.to_owned()));
        assert_eq!(serde_json::to_value(&status).unwrap(), json!(name));
    }
    assert_eq!(ResponseStatus::from("queued"), ResponseStatus::Queued);
    assert_eq!(ItemStatus::from("searching".to_owned()), ItemStatus::Searching);
    assert!(serde_json::from_value::<ResponseStatus>(json!(1)).is_err());
}

#[test]
fn decode_errors_name_the_field_path() {
    let mut value = completed_response();
    value["output"][2]["content"][1]["text"] = json!(5);
    let error = serde_json::from_value::<Response>(value.clone()).unwrap_err().to_string();
    assert!(error.starts_with("output: content: text: invalid type: integer `5`, expected a string"), "{error}");
    let error = serde_json::from_str::<Response>(&value.to_string()).unwrap_err().to_string();
    assert!(error.starts_with("output: content: text: invalid type: integer `5`"), "{error}");
    assert_eq!(error.matches(" at line ").count(), 1, "{error}");

    let event = json!({"type": "response.completed", "sequence_number": 9, "response": value});
    let error = serde_json::from_str::<ResponseStreamEvent>(&event.to_string()).unwrap_err().to_string();
    assert!(error.starts_with("response: output: content: text: invalid type: integer `5`"), "{error}");
    let error = serde_json::from_str::<ResponseStreamEvent>(r#"{"type":"response.output_text.delta","delta":[]}"#)
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("delta: invalid type: sequence, expected a string"), "{error}");
    // The same when `type` is not the first key.
    let error = serde_json::from_str::<ResponseStreamEvent>(r#"{"delta":[],"type":"response.output_text.delta"}"#)
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("delta: invalid type: sequence, expected a string"), "{error}");
}

/// One event of each of the 53 kinds of the Python SDK's `ResponseStreamEvent`, as OpenAI
/// sends them.
fn every_event() -> Vec<Value> {
    let response = |status: &str| {
        json!({"id": "resp_1", "object": "response", "created_at": 1741476542, "status": status,
               "error": null, "incomplete_details": null, "model": "gpt-4.1", "output": [], "usage": null})
    };
    let item = |kind: &str| json!({"type": kind, "sequence_number": 7, "output_index": 1, "item_id": "it_1"});
    let delta = |kind: &str| {
        json!({"type": kind, "sequence_number": 8, "item_id": "it_1", "output_index": 0, "delta": "{\"ci",
               "obfuscation": "zAq"})
    };
    let mut failed = response("failed");
    failed["error"] = json!({"code": "server_error", "message": "The model failed."});
    let mut incomplete = response("incomplete");
    incomplete["incomplete_details"] = json!({"reason": "max_output_tokens"});
    let events = vec![
        json!({"type": "response.created", "sequence_number": 0, "response": response("in_progress")}),
        json!({"type": "response.in_progress", "sequence_number": 1, "response": response("in_progress")}),
        json!({"type": "response.completed", "sequence_number": 20, "response": completed_response()}),
        json!({"type": "response.failed", "sequence_number": 20, "response": failed}),
        json!({"type": "response.incomplete", "sequence_number": 20, "response": incomplete}),
        json!({"type": "response.queued", "sequence_number": 0, "response": response("queued")}),
        json!({"type": "response.output_item.added", "sequence_number": 2, "output_index": 0,
               "item": {"id": "msg_1", "type": "message", "status": "in_progress", "content": [], "role": "assistant"}}),
        json!({"type": "response.output_item.done", "sequence_number": 6, "output_index": 0,
               "item": {"id": "msg_1", "type": "message", "status": "completed", "role": "assistant",
                        "content": [{"type": "output_text", "annotations": [], "logprobs": [], "text": "Hi"}]}}),
        json!({"type": "response.content_part.added", "sequence_number": 3, "item_id": "msg_1", "output_index": 0,
               "content_index": 0, "part": {"type": "output_text", "annotations": [], "logprobs": [], "text": ""}}),
        json!({"type": "response.content_part.done", "sequence_number": 5, "item_id": "msg_1", "output_index": 0,
               "content_index": 0, "part": {"type": "output_text", "annotations": [], "logprobs": [], "text": "Hi"}}),
        json!({"type": "response.output_text.delta", "sequence_number": 4, "item_id": "msg_1", "output_index": 0,
               "content_index": 0, "delta": "Hi", "logprobs": [], "obfuscation": "3Rk"}),
        json!({"type": "response.output_text.done", "sequence_number": 5, "item_id": "msg_1", "output_index": 0,
               "content_index": 0, "text": "Hi", "logprobs": []}),
        json!({"type": "response.output_text.annotation.added", "sequence_number": 5, "item_id": "msg_1",
               "output_index": 0, "content_index": 0, "annotation_index": 0,
               "annotation": {"type": "file_citation", "file_id": "file-1", "filename": "a.pdf", "index": 2}}),
        json!({"type": "response.refusal.delta", "sequence_number": 4, "item_id": "msg_1", "output_index": 0,
               "content_index": 0, "delta": "I can"}),
        json!({"type": "response.refusal.done", "sequence_number": 5, "item_id": "msg_1", "output_index": 0,
               "content_index": 0, "refusal": "I cannot help."}),
        delta("response.function_call_arguments.delta"),
        json!({"type": "response.function_call_arguments.done", "sequence_number": 9, "item_id": "fc_1",
               "output_index": 0, "name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}),
        json!({"type": "response.reasoning_summary_part.added", "sequence_number": 2, "item_id": "rs_1",
               "output_index": 0, "summary_index": 0, "part": {"type": "summary_text", "text": ""}}),
        json!({"type": "response.reasoning_summary_part.done", "sequence_number": 4, "item_id": "rs_1",
               "output_index": 0, "summary_index": 0, "part": {"type": "summary_text", "text": "Think."}}),
        json!({"type": "response.reasoning_summary_text.delta", "sequence_number": 3, "item_id": "rs_1",
               "output_index": 0, "summary_index": 0, "delta": "Think.", "obfuscation": "a"}),
        json!({"type": "response.reasoning_summary_text.done", "sequence_number": 4, "item_id": "rs_1",
               "output_index": 0, "summary_index": 0, "text": "Think."}),
        json!({"type": "response.reasoning_text.delta", "sequence_number": 3, "item_id": "rs_1",
               "output_index": 0, "content_index": 0, "delta": "Let me"}),
        json!({"type": "response.reasoning_text.done", "sequence_number": 4, "item_id": "rs_1",
               "output_index": 0, "content_index": 0, "text": "Let me see."}),
        item("response.file_search_call.in_progress"),
        item("response.file_search_call.searching"),
        item("response.file_search_call.completed"),
        item("response.web_search_call.in_progress"),
        item("response.web_search_call.searching"),
        item("response.web_search_call.completed"),
        item("response.image_generation_call.in_progress"),
        item("response.image_generation_call.generating"),
        json!({"type": "response.image_generation_call.partial_image", "sequence_number": 7, "item_id": "ig_1",
               "output_index": 0, "partial_image_b64": "iVBORw0KGgo=", "partial_image_index": 0}),
        item("response.image_generation_call.completed"),
        item("response.code_interpreter_call.in_progress"),
        item("response.code_interpreter_call.interpreting"),
        item("response.code_interpreter_call.completed"),
        delta("response.code_interpreter_call_code.delta"),
        json!({"type": "response.code_interpreter_call_code.done", "sequence_number": 9, "item_id": "ci_1",
               "output_index": 0, "code": "print(1)"}),
        delta("response.mcp_call_arguments.delta"),
        json!({"type": "response.mcp_call_arguments.done", "sequence_number": 9, "item_id": "mcp_1",
               "output_index": 0, "arguments": "{}"}),
        item("response.mcp_call.in_progress"),
        item("response.mcp_call.completed"),
        item("response.mcp_call.failed"),
        item("response.mcp_list_tools.in_progress"),
        item("response.mcp_list_tools.completed"),
        item("response.mcp_list_tools.failed"),
        delta("response.custom_tool_call_input.delta"),
        json!({"type": "response.custom_tool_call_input.done", "sequence_number": 9, "item_id": "ct_1",
               "output_index": 0, "input": "SELECT 1"}),
        json!({"type": "response.audio.delta", "sequence_number": 3, "delta": "UklGRg=="}),
        json!({"type": "response.audio.done", "sequence_number": 4}),
        json!({"type": "response.audio.transcript.delta", "sequence_number": 3, "delta": "Hel"}),
        json!({"type": "response.audio.transcript.done", "sequence_number": 4}),
        json!({"type": "error", "sequence_number": 1, "code": "ERR_SOMETHING", "message": "Something happened",
               "param": null}),
    ];
    // Each kind once.
    let mut kinds: Vec<String> = events.iter().map(|e| e["type"].as_str().unwrap().to_owned()).collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds.len(), events.len());
    events
}

#[test]
fn every_stream_event_kind_round_trips_as_its_variant() {
    let events = every_event();
    assert_eq!(events.len(), 53, "every kind of the SDK's ResponseStreamEvent");
    for value in events {
        let kind = value["type"].as_str().unwrap().to_owned();
        let event: ResponseStreamEvent = round_trip(value.clone());
        assert!(!matches!(event, ResponseStreamEvent::Unknown(_)), "{kind} is known");
        assert_eq!(event.kind(), kind);
        // Known events are written `type` first, then the fields in their order.
        let text = serde_json::to_string(&event).unwrap();
        assert!(text.starts_with(&format!("{{\"type\":\"{kind}\"")), "{text}");
        // With `type` last, the same event.
        let mut moved: Map<String, Value> = value.as_object().unwrap().clone();
        let tag = moved.shift_remove("type").unwrap();
        moved.insert("type".into(), tag);
        let later: ResponseStreamEvent = serde_json::from_str(&Value::Object(moved).to_string()).unwrap();
        assert_eq!(later, event, "{kind} with `type` last");
    }
}

#[test]
fn stream_event_accessors() {
    let events: Vec<ResponseStreamEvent> =
        every_event().into_iter().map(|v| serde_json::from_value(v).unwrap()).collect();
    let deltas: Vec<&str> = events.iter().filter_map(ResponseStreamEvent::text_delta).collect();
    assert_eq!(deltas, ["Hi"], "only response.output_text.delta has a text delta");
    let ResponseStreamEvent::OutputTextDelta(delta) = &events[10] else { panic!("{:?}", events[10]) };
    assert_eq!((delta.sequence_number, delta.item_id.as_str(), delta.content_index), (4, "msg_1", 0));
    assert_eq!(delta.obfuscation.as_deref(), Some("3Rk"));
    assert!(delta.extra.is_empty(), "{:?}", delta.extra);
    let completed = events[2].response().unwrap();
    assert_eq!(completed.output_text(), "In a peaceful grove beneath a silver moon, a unicorn named Lumina slept.");
    let failed = events[3].response().unwrap();
    assert_eq!(failed.status, Some(ResponseStatus::Failed));
    assert_eq!(failed.error.as_ref().unwrap().message, "The model failed.");
    assert_eq!(
        events[4].response().unwrap().incomplete_details.as_ref().unwrap().reason.as_deref(),
        Some("max_output_tokens")
    );
    assert_eq!(events.iter().filter(|e| e.response().is_some()).count(), 6);
    let ResponseStreamEvent::OutputItemDone(done) = &events[7] else { panic!("{:?}", events[7]) };
    assert_eq!(done.item.as_message().unwrap().text(), "Hi");
    let ResponseStreamEvent::FunctionCallArgumentsDone(args) = &events[16] else { panic!("{:?}", events[16]) };
    assert_eq!((args.name.as_deref(), args.arguments.as_str()), (Some("get_weather"), r#"{"city":"Paris"}"#));
    let ResponseStreamEvent::Error(error) = events.last().unwrap() else { panic!("{:?}", events.last()) };
    assert_eq!(
        (error.code.as_deref(), error.message.as_str(), error.param.as_deref()),
        (Some("ERR_SOMETHING"), "Something happened", None)
    );
}

#[test]
fn an_unknown_event_kind_keeps_its_type_and_json() {
    let text = r#"{"type":"response.hologram.delta","sequence_number":3,"beam":{"x":[1,null]}}"#;
    let event: ResponseStreamEvent = serde_json::from_str(text).unwrap();
    let ResponseStreamEvent::Unknown(object) = &event else { panic!("{event:?}") };
    assert_eq!(object["beam"]["x"], json!([1, null]));
    assert_eq!(event.kind(), "response.hologram.delta");
    assert_eq!(event.text_delta(), None);
    assert_eq!(event.response(), None);
    assert_eq!(serde_json::to_string(&event).unwrap(), text, "byte for byte");
    // Without a `type` at all, the object is kept too.
    let event: ResponseStreamEvent = round_trip(json!({"sequence_number": 3}));
    assert_eq!(event.kind(), "");
}

#[test]
fn request_serializes_only_what_is_set() {
    let request = ResponseRequest::new("gpt-4.1-mini", "Tell me a joke");
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({"model": "gpt-4.1-mini", "input": "Tell me a joke"}));
    let request = request
        .instructions("Be funny.")
        .temperature(0.5)
        .top_p(0.9)
        .max_output_tokens(100)
        .previous_response_id("resp_0")
        .store(false)
        .metadata("trace", "t-1")
        .reasoning_effort("low")
        .include("reasoning.encrypted_content")
        .function_tool("get_weather", "Weather of a city", json!({"type": "object"}))
        .tool(json!({"type": "web_search"}))
        .tool_choice("auto")
        .parallel_tool_calls(false)
        .truncation("auto")
        .user("u-1");
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        concat!(
            r#"{"model":"gpt-4.1-mini","input":"Tell me a joke","instructions":"Be funny.","#,
            r#""tools":[{"type":"function","name":"get_weather","description":"Weather of a city","#,
            r#""parameters":{"type":"object"}},{"type":"web_search"}],"tool_choice":"auto","#,
            r#""parallel_tool_calls":false,"temperature":0.5,"top_p":0.9,"max_output_tokens":100,"#,
            r#""previous_response_id":"resp_0","store":false,"metadata":{"trace":"t-1"},"#,
            r#""reasoning":{"effort":"low"},"include":["reasoning.encrypted_content"],"truncation":"auto","#,
            r#""user":"u-1"}"#
        )
    );
    let default = ResponseRequest::default();
    assert_eq!(serde_json::to_value(&default).unwrap(), json!({"model": "portkey-default"}));
}

#[test]
fn request_with_input_items_round_trips() {
    let request: ResponseRequest = round_trip(json!({
        "model": "gpt-4.1",
        "input": [
            {"role": "developer", "content": "Use tools."},
            {"type": "message", "role": "user", "content": [
                {"type": "input_text", "text": "What is in this image?"},
                {"type": "input_image", "image_url": "https://example.com/a.png", "detail": "low"},
                {"type": "input_file", "file_id": "file-1"}
            ]},
            {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "call_1", "output": "18C"},
            {"type": "item_reference", "id": "msg_0"},
            {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "gAAA"},
            {"type": "computer_call_output", "call_id": "cc_1", "output": {"type": "computer_screenshot"}}
        ],
        "stream": true,
        "text": {"format": {"type": "json_schema", "name": "x", "schema": {"type": "object"}}},
        "conversation": "conv_1",
        "stream_options": {"include_obfuscation": false}
    }));
    let Some(ResponseInput::Items(items)) = &request.input else { panic!("{:?}", request.input) };
    assert_eq!(
        items.iter().map(InputItem::kind).collect::<Vec<_>>(),
        [
            "message",
            "message",
            "function_call",
            "function_call_output",
            "item_reference",
            "reasoning",
            "computer_call_output"
        ]
    );
    let InputItem::Message(first) = &items[0] else { panic!("{:?}", items[0]) };
    assert_eq!(
        (first.r#type.as_deref(), first.role.as_ref(), first.text()),
        (None, Some(&Role::Developer), Some("Use tools."))
    );
    let InputItem::Message(second) = &items[1] else { panic!("{:?}", items[1]) };
    assert_eq!(second.r#type.as_deref(), Some("message"));
    let Some(InputContent::Parts(parts)) = &second.content else { panic!("{:?}", second.content) };
    assert_eq!(parts[0], ContentPart::input_text("What is in this image?"));
    assert!(matches!(&parts[1], ContentPart::InputImage(image) if image.detail.as_deref() == Some("low")));
    assert_eq!(items[3], InputItem::function_call_output("call_1", "18C"));
    assert!(matches!(&items[6], InputItem::Unknown(object) if object["output"]["type"] == "computer_screenshot"));
    assert_eq!(request.stream, Some(true));
    assert_eq!(request.extra["conversation"], "conv_1");
}

#[test]
fn input_items_from_constructors() {
    let request = ResponseRequest::new(
        "gpt-4.1",
        [
            InputItem::system("Be terse."),
            InputItem::user(vec![ContentPart::input_text("Hi"), ContentPart::input_image("data:image/png;base64,AA")]),
            InputItem::assistant("Hello."),
            InputItem::function_call_output("call_1", "{\"ok\":true}"),
        ],
    );
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"model": "gpt-4.1", "input": [
            {"role": "system", "content": "Be terse."},
            {"role": "user", "content": [{"type": "input_text", "text": "Hi"},
                                         {"type": "input_image", "image_url": "data:image/png;base64,AA"}]},
            {"role": "assistant", "content": "Hello."},
            {"type": "function_call_output", "call_id": "call_1", "output": "{\"ok\":true}"}
        ]})
    );
}

#[test]
fn input_token_count_and_item_list() {
    let count: InputTokenCount = round_trip(json!({"object": "response.input_tokens", "input_tokens": 11}));
    assert_eq!((count.object.as_str(), count.input_tokens), ("response.input_tokens", 11));
    let list: ResponseItemList = round_trip(json!({
        "object": "list",
        "data": [
            {"id": "msg_abc123", "type": "message", "role": "user", "status": "completed",
             "content": [{"type": "input_text", "text": "Tell me a three sentence bedtime story."}]},
            {"id": "msg_abc124", "type": "message", "role": "assistant", "status": "completed",
             "content": [{"type": "output_text", "text": "Once upon a time.", "annotations": []}]}
        ],
        "first_id": "msg_abc123",
        "last_id": "msg_abc124",
        "has_more": false
    }));
    assert_eq!(
        (list.first_id.as_deref(), list.last_id.as_deref(), list.has_more),
        (Some("msg_abc123"), Some("msg_abc124"), false)
    );
    let InputItem::Message(message) = &list.data[0] else { panic!("{:?}", list.data[0]) };
    assert_eq!((message.id.as_deref(), message.status.as_ref()), (Some("msg_abc123"), Some(&ItemStatus::Completed)));
    let InputItem::Message(answer) = &list.data[1] else { panic!("{:?}", list.data[1]) };
    let Some(InputContent::Parts(parts)) = &answer.content else { panic!("{:?}", answer.content) };
    assert_eq!(parts[0].text(), Some("Once upon a time."));
}

#[test]
fn responses_are_lenient() {
    let response: Response = serde_json::from_value(json!({"output": null, "created_at": null})).unwrap();
    assert_eq!(response.output, []);
    assert_eq!(response.created_at, Number::from(0));
    assert_eq!(serde_json::to_value(&response).unwrap()["created_at"], Value::Null);
    let empty: Response = serde_json::from_value(json!({})).unwrap();
    assert_eq!(empty, Response::default());
}
