//! The typed Responses API with both clients: `responses().create` sends a `ResponseRequest`
//! and returns a `Response`; `create_stream` and `retrieve_stream` return `ResponseStreamEvent`s
//! from the `event: response.*` server-sent events OpenAI sends (a `response.failed` event,
//! whose response carries an `error`, is an event; an `event: error` ends the stream with an
//! error); `cancel`, `input_tokens.count`, `compact`, `parse`, `input_items.list` and `delete`
//! are typed too.

mod support;

use futures_util::StreamExt;
use portkey::Error;
use portkey::testing::{MockGateway, MockReply};
use portkey::types::{
    CompactRequest, CompactedResponse, InputItem, InputTokenCount, InputTokenCountRequest, ItemField, ItemResource,
    OutputItem, Response, ResponseInput, ResponseItemList, ResponseRequest, ResponseRetrieveQuery, ResponseStatus,
    ResponseStreamEvent,
};
use serde_json::{Value, json};
use support::*;

type Events = Result<Vec<Result<ResponseStreamEvent, Error>>, Error>;

/// `responses().create_stream(request)`, every event collected, with either client.
fn create_stream(client: &Client, request: ResponseRequest) -> Events {
    match client {
        Client::Async { client, rt } => {
            rt.block_on(async { Ok(client.responses().create_stream(request).await?.collect().await) })
        }
        Client::Blocking(client) => Ok(client.responses().create_stream(request)?.collect()),
    }
}

/// `responses().retrieve_stream(id, query)`, every event collected, with either client.
fn retrieve_stream(client: &Client, id: &str, query: ResponseRetrieveQuery) -> Events {
    match client {
        Client::Async { client, rt } => {
            rt.block_on(async { Ok(client.responses().retrieve_stream(id, query).await?.collect().await) })
        }
        Client::Blocking(client) => Ok(client.responses().retrieve_stream(id, query)?.collect()),
    }
}

fn response(status: &str, output: Value) -> Value {
    json!({
        "id": "resp_1", "object": "response", "created_at": 1741476542, "status": status, "background": false,
        "error": null, "incomplete_details": null, "instructions": "Be terse.", "model": "gpt-4.1-mini-2025-04-14",
        "output": output, "parallel_tool_calls": true, "previous_response_id": null,
        "reasoning": {"effort": null, "summary": null}, "store": true, "temperature": 1.0,
        "text": {"format": {"type": "text"}}, "tool_choice": "auto", "tools": [], "top_p": 1.0,
        "truncation": "disabled", "usage": null, "user": null, "metadata": {}
    })
}

fn message(text: &str, status: &str) -> Value {
    let content = if text.is_empty() {
        json!([])
    } else {
        json!([{"type": "output_text", "annotations": [], "logprobs": [], "text": text}])
    };
    json!({"id": "msg_1", "type": "message", "status": status, "content": content, "role": "assistant"})
}

/// A whole stream as OpenAI sends it: `event:` lines named after the `type`, the text in three
/// deltas, the complete response at the end.
fn ordinary_stream() -> String {
    let mut completed = response("completed", json!([message("Hello there!", "completed")]));
    completed["usage"] = json!({"input_tokens": 12, "input_tokens_details": {"cached_tokens": 0},
                                "output_tokens": 4, "output_tokens_details": {"reasoning_tokens": 0},
                                "total_tokens": 16});
    let part = |text: &str| json!({"type": "output_text", "annotations": [], "logprobs": [], "text": text});
    let delta = |n: u64, delta: &str| {
        json!({"type": "response.output_text.delta", "sequence_number": n, "item_id": "msg_1", "output_index": 0,
               "content_index": 0, "delta": delta, "logprobs": [], "obfuscation": "xY"})
    };
    let events = [
        json!({"type": "response.created", "sequence_number": 0, "response": response("in_progress", json!([]))}),
        json!({"type": "response.in_progress", "sequence_number": 1, "response": response("in_progress", json!([]))}),
        json!({"type": "response.output_item.added", "sequence_number": 2, "output_index": 0,
               "item": message("", "in_progress")}),
        json!({"type": "response.content_part.added", "sequence_number": 3, "item_id": "msg_1", "output_index": 0,
               "content_index": 0, "part": part("")}),
        delta(4, "Hello"),
        delta(5, " there"),
        delta(6, "!"),
        json!({"type": "response.output_text.done", "sequence_number": 7, "item_id": "msg_1", "output_index": 0,
               "content_index": 0, "text": "Hello there!", "logprobs": []}),
        json!({"type": "response.content_part.done", "sequence_number": 8, "item_id": "msg_1", "output_index": 0,
               "content_index": 0, "part": part("Hello there!")}),
        json!({"type": "response.output_item.done", "sequence_number": 9, "output_index": 0,
               "item": message("Hello there!", "completed")}),
        json!({"type": "response.completed", "sequence_number": 10, "response": completed}),
    ];
    events.iter().map(|e| format!("event: {}\ndata: {e}\n\n", e["type"].as_str().unwrap())).collect()
}

#[test]
fn create_sends_a_typed_request_and_returns_a_typed_response() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1").virtual_key("vk-openai"));
        let mut reply = response("completed", json!([message("Hi!", "completed")]));
        reply["usage"] = json!({"input_tokens": 9, "output_tokens": 2, "total_tokens": 11});
        gateway.enqueue(MockReply::json(200, reply.clone()));
        let request = ResponseRequest::new("gpt-4.1-mini", "Say hi").instructions("Be terse.").max_output_tokens(64);
        let reply_got = both!(&client, |c| c.responses().create(request)).unwrap();
        let response: &Response = &reply_got.body;
        assert_eq!(response.output_text(), "Hi!");
        assert_eq!(response.status, Some(ResponseStatus::Completed));
        assert_eq!(response.usage.as_ref().map(|u| u.total_tokens), Some(11));
        assert_eq!(serde_json::to_value(response).unwrap(), reply, "nothing lost on the way");
        let request = only_request(&gateway);
        assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/v1/responses"));
        assert_eq!(request.header("x-portkey-virtual-key"), Some("vk-openai"));
        assert_eq!(
            request.json().unwrap(),
            json!({"model": "gpt-4.1-mini", "input": "Say hi", "instructions": "Be terse.", "max_output_tokens": 64}),
            "no `stream` key in a call that returns one response"
        );
    });
}

#[test]
fn create_stream_returns_typed_events() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::raw_sse(ordinary_stream()));
        let request =
            ResponseRequest::new("gpt-4.1-mini", [InputItem::developer("Be terse."), InputItem::user("Say hello")])
                .temperature(0.2);
        let events: Vec<ResponseStreamEvent> =
            create_stream(&client, request).unwrap().into_iter().map(Result::unwrap).collect();
        let kinds: Vec<&str> = events.iter().map(ResponseStreamEvent::kind).collect();
        assert_eq!(
            kinds,
            [
                "response.created",
                "response.in_progress",
                "response.output_item.added",
                "response.content_part.added",
                "response.output_text.delta",
                "response.output_text.delta",
                "response.output_text.delta",
                "response.output_text.done",
                "response.content_part.done",
                "response.output_item.done",
                "response.completed"
            ]
        );
        assert!(events.iter().all(|e| !matches!(e, ResponseStreamEvent::Unknown(_))), "{events:?}");
        let text: String = events.iter().filter_map(ResponseStreamEvent::text_delta).collect();
        assert_eq!(text, "Hello there!");
        let ResponseStreamEvent::Completed(done) = events.last().unwrap() else { panic!("{events:?}") };
        assert_eq!(done.response.output_text(), "Hello there!");
        assert_eq!(done.response.usage.as_ref().map(|u| u.output_tokens), Some(4));
        assert_eq!(done.sequence_number, 10);
        let ResponseStreamEvent::OutputItemDone(item) = &events[9] else { panic!("{:?}", events[9]) };
        assert!(matches!(&item.item, OutputItem::Message(m) if m.text() == "Hello there!"));

        let request = only_request(&gateway);
        assert_eq!(request.path, "/v1/responses");
        assert_eq!(
            request.json().unwrap(),
            json!({"model": "gpt-4.1-mini",
                   "input": [{"role": "developer", "content": "Be terse."}, {"role": "user", "content": "Say hello"}],
                   "temperature": 0.2, "stream": true})
        );
    });
}

#[test]
fn a_failed_response_is_an_event_and_an_error_event_ends_the_stream() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        // `response.failed` carries the error inside its response: data, not a stream error.
        let mut failed = response("failed", json!([]));
        failed["error"] = json!({"code": "server_error", "message": "The model failed."});
        let failed = json!({"type": "response.failed", "sequence_number": 2, "response": failed});
        // `type` last: the same event.
        let created = format!(
            r#"{{"sequence_number":0,"response":{},"type":"response.created"}}"#,
            response("in_progress", json!([]))
        );
        gateway.enqueue(MockReply::raw_sse(format!(
            "event: response.created\ndata: {created}\n\nevent: response.failed\ndata: {failed}\n\n"
        )));
        let events = create_stream(&client, ResponseRequest::new("m", "hi")).unwrap();
        assert_eq!(events.len(), 2, "{events:?}");
        assert!(matches!(&events[0], Ok(ResponseStreamEvent::Created(e)) if e.response.id == "resp_1"), "{events:?}");
        let Ok(ResponseStreamEvent::Failed(event)) = &events[1] else { panic!("{events:?}") };
        assert_eq!(event.response.status, Some(ResponseStatus::Failed));
        assert_eq!(event.response.error.as_ref().unwrap().message, "The model failed.");

        // An `error` event ends the stream with its message.
        let error = json!({"type": "error", "sequence_number": 3, "code": "ERR_SOMETHING",
                           "message": "Something happened", "param": null});
        gateway.enqueue(MockReply::raw_sse(format!(
            "event: response.created\ndata: {created}\n\nevent: error\ndata: {error}\n\nevent: response.failed\ndata: {failed}\n\n"
        )));
        let events = create_stream(&client, ResponseRequest::new("m", "hi")).unwrap();
        assert_eq!(events.len(), 2, "nothing follows the error: {events:?}");
        assert!(matches!(&events[0], Ok(ResponseStreamEvent::Created(_))));
        let Err(error) = &events[1] else { panic!("{events:?}") };
        assert!(matches!(error, Error::Stream { .. }), "{error:?}");
        assert_eq!(error.to_string(), "the stream reported an error: Something happened");
    });
}

#[test]
fn retrieve_stream_returns_typed_events() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::raw_sse(ordinary_stream()));
        let query = ResponseRetrieveQuery { starting_after: Some(3), ..Default::default() };
        let events = retrieve_stream(&client, "resp_1", query).unwrap();
        let events: Vec<ResponseStreamEvent> = events.into_iter().map(Result::unwrap).collect();
        assert_eq!(events.len(), 11);
        assert_eq!(events.iter().filter_map(ResponseStreamEvent::text_delta).collect::<String>(), "Hello there!");
        let request = only_request(&gateway);
        assert_eq!((request.method.as_str(), request.path.as_str()), ("GET", "/v1/responses/resp_1"));
        assert_eq!(request.query.as_deref(), Some("starting_after=3&stream=true"));
    });
}

#[test]
fn retrieve_cancel_count_list_and_delete_are_typed() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::json(200, response("in_progress", json!([]))));
        gateway.enqueue(MockReply::json(200, response("cancelled", json!([]))));
        gateway.enqueue(MockReply::json(200, json!({"object": "response.input_tokens", "input_tokens": 11})));
        gateway.enqueue(MockReply::json(
            200,
            json!({"object": "list", "first_id": "msg_0", "last_id": "msg_0", "has_more": false,
                   "data": [{"id": "msg_0", "type": "message", "role": "user", "status": "completed",
                             "content": [{"type": "input_text", "text": "Say hi"}]}]}),
        ));
        gateway.enqueue(MockReply::json(200, json!({"id": "resp_1", "object": "response", "deleted": true})));

        let retrieved: Response =
            both!(&client, |c| c.responses().retrieve("resp_1", Default::default())).unwrap().body;
        assert_eq!(retrieved.status, Some(ResponseStatus::InProgress));
        let cancelled: Response = both!(&client, |c| c.responses().cancel("resp_1")).unwrap().body;
        assert_eq!(cancelled.status, Some(ResponseStatus::Cancelled));
        // The count of what a request would send: its sampling options are left out.
        let request = ResponseRequest::new("gpt-4.1-mini", "Say hi").temperature(0.5).store(false);
        let count: InputTokenCount =
            both!(&client, |c| c.responses().input_tokens().count(InputTokenCountRequest::from(&request)))
                .unwrap()
                .body;
        assert_eq!(count.input_tokens, 11);
        let list: ResponseItemList =
            both!(&client, |c| c.responses().input_items().list("resp_1", Default::default())).unwrap().body;
        assert_eq!((list.data.len(), list.has_more, list.last_id.as_str()), (1, false, "msg_0"));
        let ItemResource::Message(first) = &list.data[0] else { panic!("{:?}", list.data) };
        assert_eq!(first.id, "msg_0");
        let deleted = both!(&client, |c| c.responses().delete("resp_1")).unwrap();
        assert_eq!(deleted.meta.status().as_u16(), 200);

        let requests = gateway.requests();
        let calls: Vec<(&str, &str)> = requests.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
        assert_eq!(
            calls,
            [
                ("GET", "/v1/responses/resp_1"),
                ("POST", "/v1/responses/resp_1/cancel"),
                ("POST", "/v1/responses/input_tokens"),
                ("GET", "/v1/responses/resp_1/input_items"),
                ("DELETE", "/v1/responses/resp_1"),
            ]
        );
        assert_eq!(requests[2].json().unwrap(), json!({"model": "gpt-4.1-mini", "input": "Say hi"}));
    });
}

#[test]
fn compact_and_parse_are_typed() {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct City {
        name: String,
        population: u64,
    }
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::json(
            200,
            json!({"id": "cmp_1", "object": "response.compaction", "created_at": 1764000000,
                   "output": [{"type": "message", "id": "msg_1", "role": "user", "status": "completed",
                               "content": [{"type": "input_text", "text": "Say hi"}]},
                              {"type": "compaction", "id": "cmp_item", "encrypted_content": "gAAAA", "created_by": "api"}],
                   "usage": {"input_tokens": 40, "output_tokens": 12, "total_tokens": 52}}),
        ));
        let text = r#"{"name": "Lyon", "population": 522250}"#;
        let output = json!([{"type": "message", "id": "msg_2", "status": "completed", "role": "assistant",
                             "content": [{"type": "output_text", "text": text, "annotations": []}]}]);
        gateway.enqueue(MockReply::json(200, response("completed", output)));

        let compact = CompactRequest::new("gpt-5.1").previous_response_id("resp_0").instructions("Keep names.");
        let compacted: CompactedResponse = both!(&client, |c| c.responses().compact(compact)).unwrap().body;
        assert_eq!(
            (serde_json::to_value(&compacted).unwrap()["object"].clone(), compacted.usage.total_tokens),
            (json!("response.compaction"), 52)
        );
        let ItemField::Compaction(item) = &compacted.output[1] else { panic!("{:?}", compacted.output) };
        assert_eq!(
            (item.id.as_str(), item.encrypted_content.as_str(), item.created_by.as_deref()),
            ("cmp_item", "gAAAA", Some("api"))
        );

        let schema = json!({"type": "object", "properties": {"name": {"type": "string"}, "population": {"type": "integer"}},
                            "required": ["name", "population"], "additionalProperties": false});
        let mut ask = ResponseRequest::new("gpt-4.1-mini", "The largest city of the Rhône?");
        ask.text = Some(
            serde_json::from_value(
                json!({"format": {"type": "json_schema", "name": "city", "schema": schema, "strict": true}}),
            )
            .unwrap(),
        );
        let parsed: Response = both!(&client, |c| c.responses().parse(ask.clone())).unwrap().body;
        let city: City = parsed.output_parsed().unwrap().unwrap();
        assert_eq!(city, City { name: "Lyon".into(), population: 522250 });

        let requests = gateway.requests();
        assert_eq!((requests[0].path.as_str(), requests[1].path.as_str()), ("/v1/responses/compact", "/v1/responses"));
        assert_eq!(
            requests[0].json().unwrap(),
            json!({"model": "gpt-5.1", "instructions": "Keep names.", "previous_response_id": "resp_0"})
        );
        assert_eq!(requests[1].json().unwrap(), serde_json::to_value(&ask).unwrap());
    });
}

#[test]
fn output_parsed_is_none_without_text_and_an_error_for_the_wrong_shape() {
    let empty: Response = serde_json::from_value(response("completed", json!([]))).unwrap();
    assert!(empty.output_parsed::<Value>().is_none());
    let output = json!([{"type": "message", "id": "m", "role": "assistant",
                         "content": [{"type": "output_text", "text": "not json", "annotations": []}]}]);
    let prose: Response = serde_json::from_value(response("completed", output)).unwrap();
    assert!(prose.output_parsed::<Value>().unwrap().is_err());
}

#[test]
fn a_request_round_trips_through_its_own_json() {
    // What a caller built with the Python SDK's shapes reads back into the same request.
    let body = json!({"model": "gpt-4.1", "input": [{"type": "function_call_output", "call_id": "c1", "output": "ok"}],
                      "previous_response_id": "resp_0", "conversation": "conv_1"});
    let request: ResponseRequest = serde_json::from_value(body.clone()).unwrap();
    assert!(
        matches!(&request.input, Some(ResponseInput::Items(items)) if items[0] == InputItem::function_call_output("c1", "ok"))
    );
    assert_eq!(serde_json::to_value(&request).unwrap(), body);
}
