//! The SDK's helpers that combine calls, with both clients: each sends the sequence of requests
//! the SDK's does (HTTP methods and paths as `tests/endpoints/sdk_methods.json` recorded them),
//! polls until the object is done, and gives up at its deadline.

mod support;

use std::time::Duration;

use portkey::endpoints::Poll;
use portkey::testing::{MockGateway, MockReply, RecordedRequest};
use portkey::types::FileStatus;
use portkey::{Error, FilePart, Multipart};
use serde_json::{Value, json};
use support::*;

/// The (method, path) sequence the SDK's helper `name` sent, paths with `/v1` and parameter
/// names blanked.
fn sdk_sequence(name: &str) -> Vec<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/endpoints/sdk_methods.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let method = doc["methods"].as_array().unwrap().iter().find(|m| m["name"] == name).expect("an SDK helper");
    let steps = method["sequence"].as_array().expect("a sequence");
    steps.iter().map(|s| (s[0].as_str().unwrap().to_string(), shape(s[1].as_str().unwrap()))).collect()
}

fn shape(path: &str) -> String {
    path.split('/').map(|s| if s.starts_with('{') { "{}" } else { s }).collect::<Vec<_>>().join("/")
}

/// What was sent, as (method, path with `/v1` cut and the given ids blanked).
fn sent(requests: &[RecordedRequest], ids: &[&str]) -> Vec<(String, String)> {
    requests
        .iter()
        .map(|r| {
            let path = r.path.strip_prefix("/v1").unwrap_or(&r.path);
            let path = path.split('/').map(|s| if ids.contains(&s) { "{}" } else { s }).collect::<Vec<_>>().join("/");
            (r.method.clone(), path)
        })
        .collect()
}

/// The SDK's sequence, with its polling request repeated as often as the test polls.
fn polled(name: &str, polls: usize) -> Vec<(String, String)> {
    let mut steps = sdk_sequence(name);
    let last = steps.last().cloned().unwrap();
    steps.extend(std::iter::repeat_n(last, polls - 1));
    steps
}

fn fast() -> Poll {
    Poll::new().interval(Duration::from_millis(1))
}

#[test]
fn runs_create_and_poll_polls_to_a_terminal_state() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::json(200, json!({"id": "run_1", "status": "queued"})));
        gateway.enqueue(
            MockReply::json(200, json!({"id": "run_1", "status": "in_progress"})).header("openai-poll-after-ms", "1"),
        );
        gateway.enqueue(MockReply::json(200, json!({"id": "run_1", "status": "requires_action"})));
        let body = json!({"assistant_id": "asst_1"});
        let run = both!(&client, |c| c.beta().threads().runs().create_and_poll("thr_1", body, Poll::new())).unwrap();
        assert_eq!(run.body["status"], "requires_action", "requires_action is terminal");
        let requests = gateway.requests();
        assert_eq!(sent(&requests, &["thr_1", "run_1"]), polled("beta.threads.runs.create_and_poll", 2));
        assert_eq!(requests[0].json().unwrap(), json!({"assistant_id": "asst_1"}));
        assert_eq!(requests[1].header("openai-beta"), Some("assistants=v2"));
    });
}

#[test]
fn threads_create_and_run_poll_follows_the_runs_thread() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::json(200, json!({"id": "run_1", "thread_id": "thr_9", "status": "queued"})));
        gateway.enqueue(MockReply::json(200, json!({"id": "run_1", "thread_id": "thr_9", "status": "completed"})));
        let run =
            both!(&client, |c| c.beta().threads().create_and_run_poll(json!({"assistant_id": "a"}), fast())).unwrap();
        assert_eq!(run.body["status"], "completed");
        assert_eq!(gateway.requests()[1].path, "/v1/threads/thr_9/runs/run_1");
        assert_eq!(sent(&gateway.requests(), &["thr_9", "run_1"]), polled("beta.threads.create_and_run_poll", 1));
    });
}

#[test]
fn a_poll_gives_up_at_its_deadline() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        for _ in 0..20 {
            gateway.enqueue(MockReply::json(200, json!({"id": "v1", "status": "queued"})));
        }
        let poll = Poll::new().interval(Duration::from_millis(30)).deadline(Duration::from_millis(100));
        let error = both!(&client, |c| c.videos().poll("v1", poll)).unwrap_err();
        assert!(matches!(error, Error::Timeout), "{error:?}");
        let polls = gateway.requests().len();
        assert!((1..=5).contains(&polls), "polled {polls} times in 100 ms at 30 ms");
    });
}

#[test]
fn vector_store_uploads_then_attach_then_poll() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::json(200, json!({"id": "file_1", "object": "file"})));
        gateway.enqueue(MockReply::json(200, json!({"id": "file_1", "status": "in_progress"})));
        gateway.enqueue(MockReply::json(200, json!({"id": "file_1", "status": "in_progress"})));
        gateway.enqueue(MockReply::json(200, json!({"id": "file_1", "status": "completed"})));
        let file = FilePart::bytes("notes.txt", &b"hello"[..]);
        let body = json!({"chunking_strategy": {"type": "auto"}});
        let done = both!(&client, |c| c.vector_stores().files().upload_and_poll("vs_1", file, body, fast())).unwrap();
        assert_eq!(done.body["status"], "completed");
        let requests = gateway.requests();
        assert_eq!(sent(&requests, &["vs_1", "file_1"]), polled("vector_stores.files.upload_and_poll", 2));
        let form = String::from_utf8_lossy(&requests[0].body).to_string();
        assert!(
            form.contains("name=\"purpose\"\r\n\r\nassistants") && form.contains("filename=\"notes.txt\""),
            "{form}"
        );
        assert_eq!(requests[1].json().unwrap(), json!({"chunking_strategy": {"type": "auto"}, "file_id": "file_1"}));
    });
}

#[test]
fn file_batches_upload_every_file_then_poll_the_batch() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::json(200, json!({"id": "file_a"})));
        gateway.enqueue(MockReply::json(200, json!({"id": "file_b"})));
        gateway.enqueue(MockReply::json(200, json!({"id": "vsfb_1", "file_counts": {"in_progress": 3}})));
        gateway.enqueue(MockReply::json(200, json!({"id": "vsfb_1", "file_counts": {"in_progress": 1}})));
        gateway
            .enqueue(MockReply::json(200, json!({"id": "vsfb_1", "file_counts": {"in_progress": 0, "completed": 3}})));
        let files = vec![FilePart::bytes("a.txt", &b"a"[..]), FilePart::bytes("b.txt", &b"b"[..])];
        let body = json!({"file_ids": ["file_old"]});
        let batch =
            both!(&client, |c| c.vector_stores().file_batches().upload_and_poll("vs_1", files, body, fast())).unwrap();
        assert_eq!(batch.body["file_counts"]["completed"], 3);
        let requests = gateway.requests();
        let mut want = polled("vector_stores.file_batches.upload_and_poll", 2);
        want.insert(0, want[0].clone()); // one upload a file (the SDK captured one)
        assert_eq!(sent(&requests, &["vs_1", "vsfb_1"]), want);
        assert_eq!(requests[2].json().unwrap(), json!({"file_ids": ["file_old", "file_a", "file_b"]}));
    });
}

#[test]
fn videos_files_and_vector_store_files_poll_by_their_own_rules() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::json(200, json!({"id": "video_1", "status": "queued"})));
        gateway.enqueue(MockReply::json(200, json!({"id": "video_1", "status": "in_progress"})));
        gateway.enqueue(MockReply::json(200, json!({"id": "video_1", "status": "failed"})));
        let form = Multipart::new().text("model", "sora-2").text("prompt", "a cat");
        let video = both!(&client, |c| c.videos().create_and_poll(form, fast())).unwrap();
        assert_eq!(video.body["status"], "failed", "failed is done");
        assert_eq!(sent(&gateway.requests(), &["video_1"]), polled("videos.create_and_poll", 2));

        gateway.clear();
        gateway.enqueue(MockReply::json(200, json!({"id": "file_1", "status": "uploaded"})));
        gateway.enqueue(MockReply::json(200, json!({"id": "file_1", "status": "processed"})));
        let file = both!(&client, |c| c.files().wait_for_processing("file_1", fast())).unwrap();
        assert_eq!((file.body.id.as_str(), &file.body.status), ("file_1", &FileStatus::Processed));
        assert_eq!(sent(&gateway.requests(), &["file_1"]), polled("files.wait_for_processing", 2));

        gateway.clear();
        gateway.enqueue(MockReply::json(200, json!({"id": "file_1", "status": "uploaded"})));
        gateway.enqueue(MockReply::json(200, json!({"id": "file_1", "status": "deleted"})));
        let file = both!(&client, |c| c.files().wait_for_processing("file_1", fast())).unwrap();
        assert_eq!(file.body.status.as_str(), "deleted", "deleted is done");

        gateway.clear();
        gateway.enqueue(MockReply::json(200, json!({"id": "vsfb_1", "file_counts": {"in_progress": 2}})));
        gateway.enqueue(MockReply::json(200, json!({"id": "vsfb_1", "file_counts": {"in_progress": 0}})));
        let body = json!({"file_ids": ["f"]});
        let batch = both!(&client, |c| c.vector_stores().file_batches().create_and_poll("vs_1", body, fast())).unwrap();
        assert_eq!(batch.body["file_counts"]["in_progress"], 0);
        assert_eq!(
            sent(&gateway.requests(), &["vs_1", "vsfb_1"]),
            polled("vector_stores.file_batches.create_and_poll", 1)
        );
    });
}

#[test]
fn chunked_uploads_send_parts_then_complete() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        let path = std::env::temp_dir().join(format!("portkey-chunked-{}-{kind:?}.jsonl", std::process::id()));
        std::fs::write(&path, b"0123456789").unwrap();
        gateway.enqueue(MockReply::json(200, json!({"id": "upload_1", "status": "pending"})));
        for part in ["part_1", "part_2", "part_3"] {
            gateway.enqueue(MockReply::json(200, json!({"id": part})));
        }
        gateway.enqueue(MockReply::json(200, json!({"id": "upload_1", "status": "completed"})));
        let done =
            both!(&client, |c| c.uploads().upload_file_chunked(&path, "text/jsonl", "batch", Some(4), Some("abc")))
                .unwrap();
        let _ = std::fs::remove_file(&path);
        assert_eq!(done.body["status"], "completed");
        let requests = gateway.requests();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert_eq!(
            requests[0].json().unwrap(),
            json!({"bytes": 10, "filename": name, "mime_type": "text/jsonl", "purpose": "batch"})
        );
        for (request, data) in requests[1..4].iter().zip(["0123", "4567", "89"]) {
            let form = String::from_utf8_lossy(&request.body).to_string();
            let part = format!("filename=\"upload\"\r\nContent-Type: application/octet-stream\r\n\r\n{data}\r\n");
            assert!(form.contains("name=\"data\"") && form.contains(&part), "{form}");
        }
        assert_eq!(requests[4].json().unwrap(), json!({"part_ids": ["part_1", "part_2", "part_3"], "md5": "abc"}));
        // The SDK's sequence: create, one part per chunk, complete.
        let sdk = sdk_sequence("uploads.upload_file_chunked");
        let got = sent(&requests, &["upload_1"]);
        assert_eq!((got[0].clone(), got[1].clone(), got[4].clone()), (sdk[0].clone(), sdk[1].clone(), sdk[2].clone()));
    });
}
