//! The generated resources, with both clients: typed methods put path parameters where the
//! template says, refuse empty ones before sending, stream uploads from files and readers,
//! stream downloads to writers and files, read JSON lines and server-sent events on any path,
//! and take your own types.

mod support;

use std::io::Cursor;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use portkey::testing::{MockGateway, MockReply};
use portkey::{Error, FilePart, Multipart, RequestOptions};
use serde_json::{Value, json};
use support::*;

/// A file in the temp dir, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, bytes: &[u8]) -> Self {
        let path = std::env::temp_dir().join(format!("portkey-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn typed_methods_fill_the_path_template_in_order() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::json(200, json!({"id": "step_3", "object": "thread.run.step"})));
        let reply = both!(&client, |c| c.beta().threads().runs().steps().retrieve(
            "thread 1",
            "run/2",
            "step_3",
            Default::default()
        ))
        .unwrap();
        assert_eq!(reply.body.id, "step_3");
        let request = only_request(&gateway);
        assert_eq!(request.method, "GET");
        assert_eq!(request.path, "/v1/threads/thread%201/runs/run%2F2/steps/step_3");
        assert_eq!(request.header("openai-beta"), Some("assistants=v2"));
        assert_eq!(request.header("authorization"), Some("Bearer OPENAI_API_KEY"), "the OpenAI route's placeholder");
    });
}

#[test]
fn an_empty_path_parameter_is_refused_before_anything_is_sent() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        let error = both!(&client, |c| c.files().retrieve("")).unwrap_err();
        assert!(matches!(error, Error::InvalidArgument { name: "file_id", .. }), "{error:?}");
        let error = both!(&client, |c| c.prompts().versions().retrieve("p1", "..")).unwrap_err();
        assert_eq!(error.to_string(), "invalid argument `version_id`: must not be `.` or `..`");
        assert!(gateway.requests().is_empty());
    });
}

#[test]
fn uploads_stream_files_from_paths_with_progress() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        let data: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let file = TempFile::new("upload.jsonl", &data);
        let seen = Arc::new(AtomicU64::new(0));
        let total = Arc::new(Mutex::new(None));
        let (seen2, total2) = (Arc::clone(&seen), Arc::clone(&total));
        let form =
            Multipart::new().text("purpose", "batch").file("file", FilePart::path(&file.0)).on_progress(move |p| {
                seen2.store(p.done, Ordering::SeqCst);
                *total2.lock().unwrap() = p.total;
            });
        gateway.enqueue(MockReply::json(200, json!({"id": "file-1", "object": "file"})));
        let reply =
            both!(&client, |c| c.files().create_byot::<portkey::types::FileObject>(form, RequestOptions::new()))
                .unwrap();
        assert_eq!(reply.body.id, "file-1");
        let request = only_request(&gateway);
        assert!(request.header("content-type").unwrap().starts_with("multipart/form-data; boundary="));
        let body = request.body.as_ref();
        let file_name = format!("filename=\"{}\"", file.0.file_name().unwrap().to_string_lossy());
        assert!(find(body, b"name=\"purpose\"\r\n\r\nbatch\r\n").is_some());
        assert!(find(body, file_name.as_bytes()).is_some());
        assert!(find(body, b"Content-Type: application/octet-stream\r\n\r\n").is_some(), "guessed like httpx");
        assert!(find(body, &data).is_some(), "the file's bytes arrive intact");
        assert_eq!(seen.load(Ordering::SeqCst), data.len() as u64);
        assert_eq!(*total.lock().unwrap(), Some(data.len() as u64));
    });
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn a_missing_file_is_an_error_naming_it_and_nothing_is_sent() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        let form = Multipart::new().text("purpose", "batch").file("file", FilePart::path("/no/such/dir/batch.jsonl"));
        let error =
            both!(&client, |c| c.files().create_byot::<portkey::types::FileObject>(form, RequestOptions::new()))
                .unwrap_err();
        assert!(matches!(&error, Error::File { path, .. } if path.ends_with("batch.jsonl")), "{error:?}");
        assert!(error.to_string().starts_with("file `/no/such/dir/batch.jsonl`: "), "{error}");
        assert!(gateway.requests().is_empty());
    });
}

#[test]
fn a_form_with_a_reader_is_sent_once_and_not_retried() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1").max_retries(3));
        gateway.enqueue(quick_503());
        let reader = Cursor::new(b"RIFF....WAVE".to_vec());
        let form = Multipart::new()
            .text("model", "whisper-1")
            .file("file", FilePart::reader("speech.wav", reader, Some(12)).content_type("audio/wav"));
        let error = both!(&client, |c| c.audio().transcriptions().create_byot::<Value>(form, RequestOptions::new()))
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
        let requests = gateway.requests();
        assert_eq!(requests.len(), 1, "a reader cannot be replayed");
        assert!(find(&requests[0].body, b"Content-Type: audio/wav\r\n\r\nRIFF....WAVE").is_some());
    });
}

#[test]
fn downloads_stream_to_writers_and_files() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        let audio: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        gateway.enqueue(MockReply::bytes(200, "audio/mpeg", audio.clone()));
        gateway.enqueue(MockReply::bytes(200, "application/octet-stream", audio.clone()));
        let speech = portkey::types::SpeechRequest::new("tts-1", "Hello", "alloy");
        let mut sink = Vec::new();
        let written = match &client {
            Client::Async { client, rt } => {
                rt.block_on(async { client.audio().speech().create(speech).await?.write_to(&mut sink).await })
            }
            Client::Blocking(client) => client.audio().speech().create(speech).and_then(|d| d.write_to(&mut sink)),
        };
        assert_eq!(written.unwrap(), audio.len() as u64);
        assert_eq!(sink, audio, "bytes identical");
        let file = TempFile::new("content.bin", b"");
        let saved = match &client {
            Client::Async { client, rt } => {
                rt.block_on(async { client.files().content("file-1").await?.save(&file.0).await })
            }
            Client::Blocking(client) => client.files().content("file-1").and_then(|d| d.save(&file.0)),
        };
        assert_eq!(saved.unwrap(), audio.len() as u64);
        assert_eq!(std::fs::read(&file.0).unwrap(), audio);
        let requests = gateway.requests();
        assert_eq!(requests[0].header("accept"), Some("application/octet-stream"));
        assert_eq!(requests[1].header("accept"), Some("application/binary"));
        assert_eq!(requests[1].path, "/v1/files/file-1/content");
    });
}

#[test]
fn batch_output_is_a_stream_of_records() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        let lines = "{\"custom_id\":\"a\",\"response\":{\"status_code\":200},\"error\":null}\n\
                     {\"custom_id\":\"b\",\"response\":null,\"error\":{\"message\":\"bad\"}}\n";
        gateway.enqueue(MockReply::bytes(200, "application/jsonl", lines));
        let records: Vec<Result<portkey::types::BatchOutputLine, Error>> = match &client {
            Client::Async { client, rt } => {
                rt.block_on(async { client.batches().output("batch_1").await.unwrap().collect().await })
            }
            Client::Blocking(client) => client.batches().output("batch_1").unwrap().collect(),
        };
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].as_ref().unwrap().custom_id.as_deref(), Some("a"));
        let error = records[1].as_ref().unwrap().error.as_ref().and_then(|e| e.message.as_deref());
        assert_eq!(error, Some("bad"), "an error record is data");
        assert_eq!(only_request(&gateway).path, "/v1/batches/batch_1/output");
    });
}

#[test]
fn server_sent_events_on_any_path() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::sse([
            r#"{"type":"response.output_text.delta","delta":"Hel"}"#,
            r#"{"type":"response.output_text.delta","delta":"lo"}"#,
            r#"{"type":"response.completed","response":{"id":"resp_1","object":"response","output":[]}}"#,
        ]));
        let options = RequestOptions::new().query("starting_after", "2");
        let events: Vec<Result<portkey::types::ResponseStreamEvent, Error>> = match &client {
            Client::Async { client, rt } => rt.block_on(async {
                client
                    .responses()
                    .retrieve_stream_with("resp_1", Default::default(), options)
                    .await
                    .unwrap()
                    .collect()
                    .await
            }),
            Client::Blocking(client) => {
                client.responses().retrieve_stream_with("resp_1", Default::default(), options).unwrap().collect()
            }
        };
        assert_eq!(events.len(), 3, "the stream is complete at `response.completed`: {events:?}");
        let text: String = events.iter().filter_map(|e| e.as_ref().unwrap().text_delta()).collect();
        assert_eq!(text, "Hello");
        let request = only_request(&gateway);
        assert_eq!((request.method.as_str(), request.path.as_str()), ("GET", "/v1/responses/resp_1"));
        // A per-call query comes after the method's own, as the SDK's `extra_query` does.
        assert_eq!(request.query.as_deref(), Some("stream=true&starting_after=2"));
    });
}

#[test]
fn streams_in_a_form_and_in_a_json_body() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::sse([r#"{"type":"transcript.text.delta","delta":"hi"}"#]));
        gateway.enqueue(MockReply::sse([r#"{"type":"response.created"}"#]));
        let form = Multipart::new()
            .text("model", "gpt-4o-mini-transcribe")
            .file("file", FilePart::bytes("a.wav", &b"RIFF"[..]))
            .text("language", "en");
        let body = json!({"model": "gpt-4o-mini", "input": "hi"});
        let first = match &client {
            Client::Async { client, rt } => rt.block_on(async {
                let a = client
                    .audio()
                    .transcriptions()
                    .create_stream_byot::<portkey::types::TranscriptionStreamEvent>(form, RequestOptions::new())
                    .await
                    .unwrap()
                    .next()
                    .await;
                let b = client.responses().create_stream_byot::<_, Value>(body, RequestOptions::new()).await;
                (a.unwrap().unwrap().text_delta().map(str::to_owned), b.unwrap().next().await.unwrap().unwrap())
            }),
            Client::Blocking(client) => {
                let a = client
                    .audio()
                    .transcriptions()
                    .create_stream_byot::<portkey::types::TranscriptionStreamEvent>(form, RequestOptions::new())
                    .unwrap()
                    .next();
                let b = client.responses().create_stream_byot::<_, Value>(body, RequestOptions::new());
                (a.unwrap().unwrap().text_delta().map(str::to_owned), b.unwrap().next().unwrap().unwrap())
            }
        };
        assert_eq!(first.0.as_deref(), Some("hi"));
        assert_eq!(first.1["type"], "response.created");
        let requests = gateway.requests();
        let form = String::from_utf8_lossy(&requests[0].body).to_string();
        let stream_at = form.find("name=\"stream\"\r\n\r\ntrue").expect("a stream field");
        assert!(stream_at < form.find("name=\"file\"").unwrap(), "before the files, as the SDK puts it");
        assert_eq!(requests[1].json().unwrap(), json!({"model": "gpt-4o-mini", "input": "hi", "stream": true}));
    });
}

#[test]
fn your_own_types_in_and_out() {
    #[derive(serde::Serialize)]
    struct NewPrompt<'a> {
        name: &'a str,
        collection_id: &'a str,
        string: &'a str,
    }
    #[derive(serde::Deserialize)]
    struct Created {
        id: String,
        version_id: String,
    }
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::json(200, json!({"id": "pr_1", "version_id": "v1", "success": true})));
        let body = NewPrompt { name: "greet", collection_id: "c1", string: "Hi {{name}}" };
        let reply = both!(&client, |c| c
            .prompts()
            .create_byot::<_, Created>(body, RequestOptions::new().header("x-portkey-trace-id", "t1")))
        .unwrap();
        assert_eq!((reply.body.id.as_str(), reply.body.version_id.as_str()), ("pr_1", "v1"));
        let request = only_request(&gateway);
        assert_eq!(request.path, "/v1/prompts");
        assert_eq!(request.header("x-portkey-trace-id"), Some("t1"));
        assert_eq!(request.header("authorization"), None, "Portkey's own route sends no placeholder");
        assert_eq!(request.json().unwrap(), json!({"name": "greet", "collection_id": "c1", "string": "Hi {{name}}"}));
    });
}

#[test]
fn the_non_streaming_method_refuses_a_stream_flag() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        let request = portkey::types::ResponseRequest::new("m", "hi").stream(true);
        let error = both!(&client, |c| c.responses().create(request)).unwrap_err();
        assert!(error.to_string().contains("`stream`"), "{error}");
        assert!(gateway.requests().is_empty());
    });
}

#[test]
fn lists_page_lazily_as_the_sdk_does() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::json(
            200,
            json!({"object": "list", "data": [{"id": "f1"}, {"id": "f2"}], "has_more": true}),
        ));
        gateway.enqueue(MockReply::json(200, json!({"object": "list", "data": [{"id": "f3"}], "has_more": false})));
        let options = RequestOptions::new().query("limit", "2").query("after", "f0");
        // Two items, then the requests so far; then the rest.
        let (first, requests_then, rest) = match &client {
            Client::Async { client, rt } => rt.block_on(async {
                let mut items = client.files().list_all_with(Default::default(), options).await.unwrap();
                let first = vec![items.next().await.unwrap().unwrap(), items.next().await.unwrap().unwrap()];
                let requests_then = gateway.requests().len();
                let rest: Vec<_> = items.collect().await;
                (first, requests_then, rest)
            }),
            Client::Blocking(client) => {
                let mut items = client.files().list_all_with(Default::default(), options).unwrap();
                let first = vec![items.next().unwrap().unwrap(), items.next().unwrap().unwrap()];
                let requests_then = gateway.requests().len();
                (first, requests_then, items.collect())
            }
        };
        assert_eq!((first[0].id.as_str(), first[1].id.as_str()), ("f1", "f2"));
        assert_eq!(requests_then, 1, "the next page is fetched only when needed");
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].as_ref().unwrap().id, "f3");
        let requests = gateway.requests();
        assert_eq!(requests.len(), 2, "has_more: false ends the paging");
        assert_eq!(requests[0].query.as_deref(), Some("limit=2&after=f0"));
        assert_eq!(requests[1].query.as_deref(), Some("limit=2&after=f2"), "after = the last item's id");
    });
}

#[test]
fn conversation_pages_follow_last_id_and_a_failed_page_ends_the_items() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1").max_retries(0));
        gateway.enqueue(MockReply::json(200, json!({"data": [{"id": "i1"}], "has_more": true, "last_id": "i1-last"})));
        gateway.enqueue(MockReply::json(500, json!({"error": {"message": "boom"}})));
        let items: Vec<Result<portkey::types::ConversationItem, Error>> = match &client {
            Client::Async { client, rt } => rt.block_on(async {
                client.conversations().items().list_all("conv_1", Default::default()).await.unwrap().collect().await
            }),
            Client::Blocking(client) => {
                client.conversations().items().list_all("conv_1", Default::default()).unwrap().collect()
            }
        };
        assert_eq!(items.len(), 2);
        assert_eq!(serde_json::to_value(items[0].as_ref().unwrap()).unwrap()["id"], "i1");
        assert_eq!(items[1].as_ref().unwrap_err().status().map(|s| s.as_u16()), Some(500));
        let requests = gateway.requests();
        assert_eq!(requests[1].path, "/v1/conversations/conv_1/items");
        assert_eq!(requests[1].query.as_deref(), Some("after=i1-last"));
    });
}
