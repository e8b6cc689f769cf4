//! The typed data plane end to end through the REAL open-source Portkey gateway, in front of the
//! Rust mock provider, with both clients (the harness is in `e2e/mod.rs`): the Responses API
//! (JSON and `event:`-named SSE), image generation and edits (multipart; edits also as a
//! stream), speech (binary) and transcriptions (multipart; also as a stream), files (upload,
//! list with its query and auto-pagination, retrieve, delete, content), batches (a round trip:
//! create, retrieve, the output file's content, cancel; list and auto-pagination) and
//! moderations. Each test checks what the mock provider received (path, method, query, the
//! headers that matter, the JSON body or every multipart part byte for byte) as well as the
//! typed reply.
//!
//! What the gateway (1.15.2) does on the way, as these tests pin it:
//! - JSON bodies reach the provider unchanged (but see image generation below); a Responses
//!   reply gains `"provider": "openai"`, file and batch lists do not;
//! - multipart forms are parsed and re-encoded (a new boundary), every part intact: names, file
//!   names, content types, bytes, the `stream=true` field of a streamed edit or transcription;
//! - binary replies (speech, file content) and server-sent events (with their `event:` lines:
//!   Responses, `image_edit.*`; without: `transcript.text.*`) pass through unchanged, as
//!   `text/event-stream`;
//! - query strings (`purpose`, `limit`, `after` of `GET /v1/files` and `/v1/batches`) reach the
//!   provider unchanged, so `list_all` pages through the gateway;
//! - the `{}` body the client sends with `DELETE /v1/files/{id}` is not sent on (an empty body);
//! - a provider's error is reshaped: its message gains an `openai error: ` prefix and the body
//!   a `"provider": "openai"` (pinned on a file retrieve's 404);
//! - an image generation keeps only the parameters the gateway knows (`prompt`, `model`, `n`,
//!   `quality`, `response_format`, `size`, `style`, `user`): `stream` and `partial_images` are
//!   dropped, the provider answers JSON, and the gateway hands that JSON (`application/json`)
//!   to the client's `generate_stream`, which fails with `Error::Decode` keeping that reply. Image generation streams
//!   are tested against `MockGateway` in `tests/tests/media.rs`;
//! - a `text/plain` reply (a transcription with `response_format=text`, `srt` or `vtt`) is
//!   wrapped into JSON, `{"html-message": "<text>"}`, with `content-type: application/json`,
//!   which the client reads back as `TranscriptionReply::Text`;
//! - `GET /v1/batches/{id}/output` is NOT sent to the custom host: the gateway fetches
//!   `https://api.openai.com/v1/...` itself, so it is tested against `MockGateway` only
//!   (`tests/tests/data.rs`), never here.

#[macro_use]
mod e2e;

use bytes::Bytes;
use e2e::{AnyClient, Harness, TestClient, api_error, assert_no_portkey_headers, no_change, only_request};
use futures_util::StreamExt;
use portkey::types::{
    Batch, BatchOutputLine, BatchRequest, BatchStatus, FileCreateRequest, FileObject, FileStatus, ImageEditRequest,
    ImageEditStreamEvent, ImageGenerateRequest, ImagesResponse, InputItem, ModerationInputPart, ModerationRequest,
    ResponseInstructions, ResponseRequest, ResponseStatus, ResponseStreamEvent, SpeechRequest, TranscriptionFormat,
    TranscriptionReply, TranscriptionRequest, TranscriptionStreamEvent, TranscriptionUsage,
};
use portkey::{Error, FilePart, RequestOptions, ResponseMeta};
use portkey_tests::mock_provider::{MockProvider, Part, Recorded, fake_image, fake_speech, partial_image};
use serde_json::json;

e2e_tests!(
    responses_create,
    responses_stream_with_event_lines,
    responses_streams_failing_mid_way_end_with_a_typed_error,
    images_generate,
    image_generation_stream_is_not_streamed_by_the_gateway,
    images_edit_parts_arrive_intact,
    images_edit_stream,
    speech_bytes_are_identical,
    transcriptions_json_and_verbose_json,
    transcription_text_is_wrapped_in_json_by_the_gateway,
    transcription_stream,
    files_upload_and_content,
    files_list_retrieve_and_delete,
    batch_round_trip,
    batches_list,
    moderations,
);

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Opens a stream with either client: the response's metadata and every item.
macro_rules! stream {
    ($client:expr, |$c:ident| $call:expr) => {
        match &$client.client {
            AnyClient::Blocking($c) => $call.map(|s| (s.meta().clone(), s.collect::<Vec<_>>())),
            AnyClient::Async($c) => $client.harness.block_on(async {
                let s = $call.await?;
                Ok::<_, Error>((s.meta().clone(), s.collect::<Vec<_>>().await))
            }),
        }
    };
}

/// Runs a download with either client: its metadata and all its bytes.
macro_rules! download {
    ($client:expr, |$c:ident| $call:expr) => {
        match &$client.client {
            AnyClient::Blocking($c) => $call.and_then(|d| {
                let meta = d.meta().clone();
                Ok::<(ResponseMeta, Bytes), Error>((meta, d.bytes()?))
            }),
            AnyClient::Async($c) => $client.harness.block_on(async {
                let d = $call.await?;
                let meta = d.meta().clone();
                Ok::<(ResponseMeta, Bytes), Error>((meta, d.bytes().await?))
            }),
        }
    };
}

/// The metadata and items of a stream that opened, each item of which must be an event.
#[track_caller]
fn events<E>(opened: Result<(ResponseMeta, Vec<Result<E, Error>>), Error>) -> (ResponseMeta, Vec<E>) {
    let (meta, items) = opened.expect("opening the stream");
    (meta, items.into_iter().map(|e| e.expect("an event")).collect())
}

/// Asserts the gateway answered a stream as server-sent events.
#[track_caller]
fn assert_sse(meta: &ResponseMeta) {
    assert_eq!(meta.header("content-type"), Some("text/event-stream"), "{meta:#?}");
    assert_eq!(meta.provider(), Some("openai"));
}

/// A client routed by headers to `mock` as provider `openai` with the key `sk-test`.
fn openai<'h>(h: &'h Harness, mock: &MockProvider) -> TestClient<'h> {
    h.openai_client(mock, no_change())
}

/// Every byte value, `n` bytes: a binary-safety check for multipart and downloads.
fn binary(n: usize, seed: u8) -> Vec<u8> {
    (0..n).map(|i| (i as u8).wrapping_mul(7).wrapping_add(seed)).collect()
}

/// The multipart parts the provider received.
#[track_caller]
fn parts_of(request: &Recorded) -> Vec<Part> {
    request.parts().unwrap_or_else(|| panic!("not a multipart body: {request:#?}"))
}

/// The text fields of a form: `(name, value)`.
fn fields(parts: &[Part]) -> Vec<(String, String)> {
    parts.iter().filter(|p| p.filename.is_none()).map(|p| (p.name.clone(), p.text())).collect()
}

/// A file part as compared: `(name, file name, content type, bytes)`.
type FileFields = (String, Option<String>, Option<String>, Vec<u8>);

/// The file parts of a form.
fn files(parts: &[Part]) -> Vec<FileFields> {
    parts
        .iter()
        .filter(|p| p.filename.is_some())
        .map(|p| (p.name.clone(), p.filename.clone(), p.content_type.clone(), p.data.to_vec()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
}

#[track_caller]
fn assert_routed(request: &Recorded, method: &str, path: &str) {
    assert_eq!((request.method.as_str(), request.path.as_str()), (method, path), "{request:#?}");
    assert_eq!(request.header("authorization"), Some("Bearer sk-test"));
    assert_no_portkey_headers(request);
}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

fn responses_create(h: &Harness) {
    let mock = h.mock("responses");
    let client = openai(h, &mock);
    let request = ResponseRequest::new("gpt-4.1-mini", "hello responses").instructions("Be terse.");
    let reply = call!(client, |c| c.responses().create(request)).expect("a response through the gateway");

    assert_eq!(reply.output_text(), "echo: hello responses");
    assert_eq!(reply.status, Some(ResponseStatus::Completed));
    assert_eq!(reply.id, format!("resp_{}", mock.name()));
    assert_eq!(reply.usage.as_ref().map(|u| (u.output_tokens, u.total_tokens)), Some((3, 8)));
    assert_eq!(reply.instructions, Some(ResponseInstructions::Text("Be terse.".into())));
    // The gateway adds its provider to a Responses reply; the client keeps unknown fields.
    assert_eq!(reply.extra.get("provider"), Some(&json!("openai")), "{reply:#?}");
    assert_eq!(reply.meta.provider(), Some("openai"));
    assert_eq!(reply.meta.header("x-mock-server"), Some(mock.name()));

    let request = only_request(&mock);
    assert_routed(&request, "POST", "/v1/responses");
    assert_eq!(request.body, json!({"model": "gpt-4.1-mini", "input": "hello responses", "instructions": "Be terse."}));
}

fn responses_stream_with_event_lines(h: &Harness) {
    let mock = h.mock("responses-stream");
    let client = openai(h, &mock);
    let request =
        ResponseRequest::new("gpt-4.1-mini", [InputItem::developer("Be terse."), InputItem::user("stream it now")]);
    let (meta, events): (_, Vec<ResponseStreamEvent>) =
        events(stream!(client, |c| c.responses().create_stream(request)));
    assert_sse(&meta);

    let kinds: Vec<&str> = events.iter().map(ResponseStreamEvent::kind).collect();
    let delta = "response.output_text.delta";
    assert_eq!(
        kinds,
        ["response.created", delta, delta, delta, delta, "response.output_text.done", "response.completed"]
    );
    let text: String = events.iter().filter_map(ResponseStreamEvent::text_delta).collect();
    assert_eq!(text, "echo: stream it now");
    let created = events[0].response().expect("the created event carries the response");
    assert_eq!(created.status, Some(ResponseStatus::InProgress));
    let completed = events.last().and_then(ResponseStreamEvent::response).expect("a completed response");
    assert_eq!(completed.output_text(), "echo: stream it now");
    assert_eq!(completed.status, Some(ResponseStatus::Completed));

    let request = only_request(&mock);
    assert_routed(&request, "POST", "/v1/responses");
    assert_eq!(request.body["stream"], true);
    assert_eq!(request.body["model"], "gpt-4.1-mini");
    assert_eq!(
        request.body["input"],
        json!([{"role": "developer", "content": "Be terse."}, {"role": "user", "content": "stream it now"}])
    );
}

/// A Responses stream's `error` event, relayed by the gateway, is a typed error; a body that
/// stops before `response.completed` (or `failed`, `incomplete`) says so.
fn responses_streams_failing_mid_way_end_with_a_typed_error(h: &Harness) {
    let mock = h.mock("responses-broken");
    let client = openai(h, &mock);
    let open = |model: &str| {
        let request = ResponseRequest::new(model, "a b c");
        let (_, mut items) = stream!(client, |c| c.responses().create_stream(request)).expect("opening the stream");
        let last = items.pop().expect("an item");
        let kinds: Vec<&str> = items.iter().map(|e| e.as_ref().unwrap().kind()).collect();
        assert_eq!(kinds, ["response.created", "response.output_text.delta"], "{model}");
        last
    };
    let last = open("stream-error");
    assert!(matches!(&last, Err(Error::Stream { message, .. }) if message == "mock stream failure"), "{last:?}");
    let last = open("stream-cut");
    assert!(
        matches!(last, Err(Error::StreamIncomplete { received: 2, ends })
            if ends == ["response.completed", "response.failed", "response.incomplete"]),
        "{last:?}"
    );
    assert_eq!(
        last.unwrap_err().to_string(),
        "the stream ended after 2 events without `data: [DONE]` or a `response.completed`, `response.failed`, \
         `response.incomplete` event: the provider or the gateway stopped mid-way, the reply may be partial"
    );
}

// ---------------------------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------------------------

fn images_generate(h: &Harness) {
    let mock = h.mock("images");
    let client = openai(h, &mock);
    let request = ImageGenerateRequest::new("a red fox").model("gpt-image-1").n(2).size("1024x1024");
    let reply = call!(client, |c| c.images().generate(request)).expect("images through the gateway");

    let data = reply.data.as_deref().unwrap_or_default();
    assert_eq!(data.len(), 2);
    for image in data {
        assert_eq!(image.bytes().expect("base64").as_deref(), Some(&fake_image("a red fox")[..]));
    }
    assert_eq!(reply.usage.as_ref().map(|u| u.total_tokens), Some(30));

    let request = only_request(&mock);
    assert_routed(&request, "POST", "/v1/images/generations");
    assert_eq!(request.body, json!({"prompt": "a red fox", "model": "gpt-image-1", "n": 2, "size": "1024x1024"}));
}

fn image_generation_stream_is_not_streamed_by_the_gateway(h: &Harness) {
    let mock = h.mock("images-stream");
    let client = openai(h, &mock);
    let request = ImageGenerateRequest::new("a blue heron").model("gpt-image-1").partial_images(2);
    let opened = stream!(client, |c| c.images().generate_stream(request));

    // The gateway keeps only the image parameters it knows (`prompt`, `model`, `n`, `quality`,
    // `response_format`, `size`, `style`, `user`): `stream` and `partial_images` are dropped,
    // so the provider (which would stream them) answers JSON. The gateway hands that JSON on
    // as is, `application/json`, to a client that asked for a stream: the client says so,
    // with the reply, rather than reading no event from it.
    let request = only_request(&mock);
    assert_routed(&request, "POST", "/v1/images/generations");
    assert_eq!(request.body, json!({"prompt": "a blue heron", "model": "gpt-image-1"}));
    let Err(Error::Decode { message, body }) = opened else { panic!("{opened:#?}") };
    assert!(message.contains("got a application/json reply"), "{message}");
    let reply: ImagesResponse = serde_json::from_str(&body).expect("the JSON reply is kept");
    assert_eq!(reply.data.as_ref().map(Vec::len), Some(1));
}

fn images_edit_parts_arrive_intact(h: &Harness) {
    let mock = h.mock("image-edit");
    let client = openai(h, &mock);
    let first = binary(70_000, 1);
    let second = binary(3_000, 9);
    let mask = b"MASK\r\n--not-a-boundary\r\n\x00\xff".to_vec();
    let request = ImageEditRequest::new(FilePart::bytes("image.png", first.clone()), "put them together")
        .add_image(FilePart::bytes("photo.jpg", second.clone()))
        .mask(FilePart::bytes("mask.png", mask.clone()))
        .model("gpt-image-1")
        .input_fidelity("high");
    let reply = call!(client, |c| c.images().edit(request)).expect("an image edit through the gateway");

    // The mock answers with the images it received.
    let images: Vec<Vec<u8>> = reply.data.iter().flatten().map(|i| i.bytes().unwrap().unwrap()).collect();
    assert!(images == [first.clone(), second.clone()], "the images came back as sent");

    let request = only_request(&mock);
    assert_routed(&request, "POST", "/v1/images/edits");
    assert!(request.header("content-type").is_some_and(|t| t.starts_with("multipart/form-data; boundary=")));
    let parts = parts_of(&request);
    assert_eq!(
        fields(&parts),
        pairs(&[("prompt", "put them together"), ("input_fidelity", "high"), ("model", "gpt-image-1")])
    );
    let file = |name: &str, filename: &str, content_type: &str, data: &[u8]| {
        (name.to_owned(), Some(filename.to_owned()), Some(content_type.to_owned()), data.to_vec())
    };
    assert!(
        files(&parts)
            == [
                file("image[]", "image.png", "image/png", &first),
                file("image[]", "photo.jpg", "image/jpeg", &second),
                file("mask", "mask.png", "image/png", &mask),
            ],
        "file parts: {:?}",
        parts.iter().map(|p| (&p.name, &p.filename, &p.content_type, p.data.len())).collect::<Vec<_>>()
    );
}

fn images_edit_stream(h: &Harness) {
    let mock = h.mock("image-edit-stream");
    let client = openai(h, &mock);
    let image = binary(40_000, 2);
    let request = ImageEditRequest::new(FilePart::bytes("image.png", image.clone()), "add a hat")
        .model("gpt-image-1")
        .partial_images(3);
    let (meta, events) = events(stream!(client, |c| c.images().edit_stream(request)));

    // The mock streams the image it received; its `event:`-named events came through.
    assert_sse(&meta);
    let partial = "image_edit.partial_image";
    let kinds: Vec<&str> = events.iter().map(ImageEditStreamEvent::kind).collect();
    assert_eq!(kinds, [partial, partial, partial, "image_edit.completed"]);
    for (i, event) in events[..3].iter().enumerate() {
        let ImageEditStreamEvent::PartialImage(partial) = event else { panic!("{event:?}") };
        let bytes = partial.bytes().expect("base64");
        assert!(bytes == partial_image(&image, i, 3), "partial image {i}: {} bytes", bytes.len());
        assert_eq!(partial.partial_image_index, i as i64);
    }
    let ImageEditStreamEvent::Completed(completed) = &events[3] else { panic!("the completed image: {events:?}") };
    assert!(completed.bytes().expect("base64") == image, "the completed image is the one sent");
    assert_eq!(completed.usage.total_tokens, 30);
    assert_eq!(completed.size.as_str(), "1024x1024");

    let request = only_request(&mock);
    assert_routed(&request, "POST", "/v1/images/edits");
    let parts = parts_of(&request);
    assert_eq!(
        fields(&parts),
        pairs(&[("prompt", "add a hat"), ("model", "gpt-image-1"), ("partial_images", "3"), ("stream", "true")])
    );
    assert!(
        files(&parts) == [("image".to_owned(), Some("image.png".to_owned()), Some("image/png".to_owned()), image)],
        "the image part arrived intact: {:?}",
        parts.iter().map(|p| (&p.name, &p.filename, &p.content_type, p.data.len())).collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------------
// Audio
// ---------------------------------------------------------------------------------------------

fn speech_bytes_are_identical(h: &Harness) {
    let mock = h.mock("speech");
    let client = openai(h, &mock);
    let input = "say it byte for byte";
    let request = SpeechRequest::new("tts-1", input, "alloy").response_format("wav").speed(1.25);
    let (meta, audio) =
        download!(client, |c| c.audio().speech().create(request.clone())).expect("speech through the gateway");

    assert!(audio == fake_speech(input), "the audio arrived byte for byte ({} bytes)", audio.len());
    assert_eq!(meta.header("content-type"), Some("audio/wav"));
    assert_eq!(meta.provider(), Some("openai"));

    let request = only_request(&mock);
    assert_routed(&request, "POST", "/v1/audio/speech");
    assert_eq!(
        request.body,
        json!({"model": "tts-1", "input": input, "voice": "alloy", "response_format": "wav", "speed": 1.25})
    );
}

fn transcriptions_json_and_verbose_json(h: &Harness) {
    let mock = h.mock("transcriptions");
    let client = openai(h, &mock);
    let wav = binary(20_000, 3);
    let file = || FilePart::bytes("speech.wav", wav.clone());
    let transcript = "heard 20000 bytes of speech.wav";

    let request = TranscriptionRequest::new(file(), "whisper-1").language("en");
    let reply = call!(client, |c| c.audio().transcriptions().create(request)).expect("json");
    assert!(matches!(&reply.body, TranscriptionReply::Json(t) if t.text == transcript), "{reply:#?}");
    assert!(
        matches!(&reply.body, TranscriptionReply::Json(t) if matches!(t.usage.as_deref(), Some(TranscriptionUsage::Duration(d)) if d.seconds == 2.0)),
        "{reply:#?}"
    );

    let request = TranscriptionRequest::new(file(), "whisper-1")
        .response_format(TranscriptionFormat::VerboseJson)
        .timestamp_granularities(["word"]);
    let reply = call!(client, |c| c.audio().transcriptions().create(request)).expect("verbose_json");
    let verbose = reply.verbose().expect("a verbose reply");
    assert_eq!(verbose.text, transcript);
    let words: Vec<&str> = verbose.words.iter().flatten().map(|w| w.word.as_str()).collect();
    assert_eq!(words, transcript.split(' ').collect::<Vec<_>>());

    let requests = mock.requests();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    let expected_fields = [
        pairs(&[("model", "whisper-1"), ("language", "en")]),
        pairs(&[("model", "whisper-1"), ("response_format", "verbose_json"), ("timestamp_granularities[]", "word")]),
    ];
    for (request, expected) in requests.iter().zip(expected_fields) {
        assert_routed(request, "POST", "/v1/audio/transcriptions");
        let parts = parts_of(request);
        assert_eq!(fields(&parts), expected);
        assert!(
            files(&parts)
                == [("file".to_owned(), Some("speech.wav".to_owned()), Some("audio/x-wav".to_owned()), wav.clone())],
            "the audio file part: {:?}",
            parts.iter().map(|p| (&p.name, &p.filename, &p.content_type, p.data.len())).collect::<Vec<_>>()
        );
    }
}

fn transcription_text_is_wrapped_in_json_by_the_gateway(h: &Harness) {
    let mock = h.mock("transcription-text");
    let client = openai(h, &mock);
    let request =
        TranscriptionRequest::new(FilePart::bytes("a.wav", &b"RIFF"[..]), "whisper-1").response_format("text");
    let result = call!(client, |c| c.audio().transcriptions().create(request));

    // The provider answered `text/plain`; the gateway turned that into
    // `{"html-message": "<text>"}` (application/json), which the client reads back as the text.
    let reply = result.expect("a 200 reply");
    assert_eq!(reply.meta.header("content-type"), Some("application/json"));
    assert_eq!(reply.body, TranscriptionReply::Text("heard 4 bytes of a.wav\n".into()));

    let request = only_request(&mock);
    assert_routed(&request, "POST", "/v1/audio/transcriptions");
    assert_eq!(request.status, Some(200));
    assert_eq!(fields(&parts_of(&request)), pairs(&[("model", "whisper-1"), ("response_format", "text")]));
}

fn transcription_stream(h: &Harness) {
    let mock = h.mock("transcription-stream");
    let client = openai(h, &mock);
    let wav = binary(12_345, 4);
    let request =
        TranscriptionRequest::new(FilePart::bytes("speech.wav", wav.clone()), "gpt-4o-mini-transcribe").language("en");
    let (meta, events) = events(stream!(client, |c| c.audio().transcriptions().create_stream(request)));
    assert_sse(&meta);

    let transcript = "heard 12345 bytes of speech.wav";
    let words = transcript.split(' ').count();
    let kinds: Vec<&str> = events.iter().map(TranscriptionStreamEvent::kind).collect();
    let mut expected = vec!["transcript.text.delta"; words];
    expected.push("transcript.text.done");
    assert_eq!(kinds, expected);
    let deltas: String = events.iter().filter_map(TranscriptionStreamEvent::text_delta).collect();
    assert_eq!(deltas, transcript);
    let Some(TranscriptionStreamEvent::TextDone(done)) = events.last() else { panic!("{events:#?}") };
    assert_eq!(done.text, deltas, "the deltas make the done text");
    assert!(matches!(&done.usage, Some(u) if u.total_tokens == 14 + words as i64), "{done:#?}");

    let request = only_request(&mock);
    assert_routed(&request, "POST", "/v1/audio/transcriptions");
    let parts = parts_of(&request);
    assert_eq!(fields(&parts), pairs(&[("model", "gpt-4o-mini-transcribe"), ("language", "en"), ("stream", "true")]));
    assert!(
        files(&parts) == [("file".to_owned(), Some("speech.wav".to_owned()), Some("audio/x-wav".to_owned()), wav)],
        "the audio part arrived intact"
    );
}

// ---------------------------------------------------------------------------------------------
// Files, batches, moderations
// ---------------------------------------------------------------------------------------------

/// The JSONL of `n` chat completion requests.
fn batch_input(n: usize) -> String {
    (0..n)
        .map(|i| {
            let line = json!({"custom_id": format!("q{i}"), "method": "POST", "url": "/v1/chat/completions",
                              "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": format!("question {i}")}]}});
            format!("{line}\n")
        })
        .collect()
}

fn upload(client: &TestClient<'_>, name: &str, data: Vec<u8>) -> FileObject {
    upload_for(client, "batch", name, data)
}

fn upload_for(client: &TestClient<'_>, purpose: &str, name: &str, data: Vec<u8>) -> FileObject {
    let form = FileCreateRequest::new(FilePart::bytes(name, data), purpose);
    call!(client, |c| c.files().create(form)).expect("an upload through the gateway").body
}

fn files_upload_and_content(h: &Harness) {
    let mock = h.mock("files");
    let client = openai(h, &mock);
    let mut data = batch_input(3).into_bytes();
    data.extend(binary(5_000, 5)); // and bytes that are no text at all
    let uploaded = upload(&client, "requests.jsonl", data.clone());
    assert_eq!(uploaded.id, "file-1");
    assert_eq!(
        (uploaded.bytes, uploaded.filename.as_str(), uploaded.purpose.as_str()),
        (data.len() as i64, "requests.jsonl", "batch")
    );
    assert_eq!(uploaded.status, FileStatus::Processed);

    let (meta, content) = download!(client, |c| c.files().content("file-1")).expect("content through the gateway");
    assert!(content == data, "the content came back byte for byte");
    assert_eq!(meta.header("content-type"), Some("application/octet-stream"));

    let requests = mock.requests();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    assert_routed(&requests[0], "POST", "/v1/files");
    let parts = parts_of(&requests[0]);
    assert_eq!(fields(&parts), pairs(&[("purpose", "batch")]));
    let sent = files(&parts);
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].0.as_str(), sent[0].1.as_deref()), ("file", Some("requests.jsonl")));
    assert!(sent[0].3 == data, "the file part arrived byte for byte");
    assert_routed(&requests[1], "GET", "/v1/files/file-1/content");
}

/// The ids of typed list items.
fn ids<'a>(items: impl IntoIterator<Item = &'a String>) -> Vec<&'a str> {
    items.into_iter().map(String::as_str).collect()
}

/// The method, path and query of every request the provider received.
fn sent(requests: &[Recorded]) -> Vec<(&str, &str, Option<&str>)> {
    requests.iter().map(|r| (r.method.as_str(), r.path.as_str(), r.query.as_deref())).collect()
}

fn files_list_retrieve_and_delete(h: &Harness) {
    let mock = h.mock("files-list");
    let client = openai(h, &mock);
    upload(&client, "a.jsonl", batch_input(1).into_bytes());
    upload_for(&client, "assistants", "notes.txt", b"some notes".to_vec());
    upload(&client, "c.jsonl", batch_input(2).into_bytes());
    let setup = mock.requests().len();

    let page = call!(client, |c| c.files().list(Default::default())).expect("a list through the gateway").body;
    assert_eq!(page.object, "list");
    assert_eq!(ids(page.data.iter().map(|f| &f.id)), ["file-1", "file-2", "file-3"]);
    assert_eq!(page.data[1].purpose.as_str(), "assistants");
    assert_eq!(page.data[1].bytes, 10);
    // Unlike a Responses reply, a list gains no `provider` field on the way.
    assert!(page.extra.is_empty() && page.data.iter().all(|f| !f.extra.contains_key("provider")), "{page:#?}");
    assert_eq!((page.first_id.as_str(), page.last_id.as_str(), page.has_more), ("file-1", "file-3", false));

    let options = || RequestOptions::new().query("purpose", "batch").query("limit", "1");
    let page = call!(client, |c| c.files().list_with(Default::default(), options())).expect("a filtered page").body;
    assert_eq!(ids(page.data.iter().map(|f| &f.id)), ["file-1"]);
    assert!(page.has_more);

    // Auto-pagination through the gateway: `after` is the last id of each page.
    let (_, all): (_, Vec<FileObject>) =
        events(stream!(client, |c| c.files().list_all_with(Default::default(), options())));
    assert_eq!(ids(all.iter().map(|f| &f.id)), ["file-1", "file-3"]);
    assert_eq!(all[1].filename, "c.jsonl");

    let file = call!(client, |c| c.files().retrieve("file-2")).expect("retrieve").body;
    assert_eq!(
        (file.id.as_str(), file.filename.as_str(), file.purpose.as_str()),
        ("file-2", "notes.txt", "assistants")
    );
    assert_eq!(file.status, FileStatus::Processed);

    let deleted = call!(client, |c| c.files().delete("file-2")).expect("delete").body;
    assert_eq!((deleted.id.as_str(), deleted.deleted), ("file-2", true));
    let error = api_error(call!(client, |c| c.files().retrieve("file-2")));
    // The provider's error, reshaped by the gateway: its message prefixed, `provider` added.
    assert_eq!((error.status.as_u16(), error.message.as_str()), (404, "openai error: mock: no such file"));
    assert_eq!(error.json().map(|body| body["provider"].clone()), Some(json!("openai")), "{error:#?}");
    let page = call!(client, |c| c.files().list(Default::default())).expect("the list after the deletion").body;
    assert_eq!(ids(page.data.iter().map(|f| &f.id)), ["file-1", "file-3"]);

    let requests = &mock.requests()[setup..];
    assert_eq!(
        sent(requests),
        [
            ("GET", "/v1/files", None),
            ("GET", "/v1/files", Some("purpose=batch&limit=1")),
            ("GET", "/v1/files", Some("purpose=batch&limit=1")),
            ("GET", "/v1/files", Some("purpose=batch&limit=1&after=file-1")),
            ("GET", "/v1/files/file-2", None),
            ("DELETE", "/v1/files/file-2", None),
            ("GET", "/v1/files/file-2", None),
            ("GET", "/v1/files", None),
        ]
    );
    requests.iter().for_each(|r| assert_routed(r, &r.method, &r.path));
    // The client sends `{}` with DELETE (as the SDK does); the gateway sends no body on.
    assert!(requests[5].raw_body.is_empty(), "{:#?}", requests[5]);
}

fn batch_round_trip(h: &Harness) {
    let mock = h.mock("batches");
    let client = openai(h, &mock);
    let input = upload(&client, "requests.jsonl", batch_input(2).into_bytes());

    let request = BatchRequest::new(&input.id, "/v1/chat/completions").metadata([("job", "e2e")]);
    let created = call!(client, |c| c.batches().create(request)).expect("create").body;
    assert_eq!(created.status, BatchStatus::Validating);
    assert_eq!(created.input_file_id, input.id);

    let retrieved = call!(client, |c| c.batches().retrieve(&created.id)).expect("retrieve").body;
    assert_eq!(retrieved.status, BatchStatus::Completed);
    assert_eq!(retrieved.request_counts.as_ref().map(|c| (c.total, c.completed)), Some((2, 2)));
    let output_id = retrieved.output_file_id.clone().expect("an output file");

    // The output, through the files endpoint (the gateway does not route `…/output`).
    let (_, output) = download!(client, |c| c.files().content(&output_id)).expect("the output file");
    let lines: Vec<BatchOutputLine> = output
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).expect("a typed output line"))
        .collect();
    assert_eq!(lines.len(), 2);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line.custom_id, Some(format!("q{i}")));
        assert!(line.is_success());
        let answer = line.chat_completion().expect("a body").expect("a chat completion");
        assert_eq!(answer.text(), Some(format!("echo: question {i}").as_str()));
    }

    let cancelled = call!(client, |c| c.batches().cancel(&created.id)).expect("cancel").body;
    assert_eq!(cancelled.status, BatchStatus::Cancelling);
    assert!(cancelled.cancelling_at.is_some());

    let requests = mock.requests();
    let sent: Vec<(&str, &str)> = requests.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    let content = format!("/v1/files/{output_id}/content");
    assert_eq!(
        sent,
        [
            ("POST", "/v1/files"),
            ("POST", "/v1/batches"),
            ("GET", "/v1/batches/batch_1"),
            ("GET", content.as_str()),
            ("POST", "/v1/batches/batch_1/cancel"),
        ]
    );
    requests.iter().for_each(|r| assert_routed(r, &r.method, &r.path));
    assert_eq!(
        requests[1].body,
        json!({"input_file_id": "file-1", "endpoint": "/v1/chat/completions", "completion_window": "24h",
               "metadata": {"job": "e2e"}})
    );
    assert_eq!(requests[4].body, json!({}), "cancel sends an empty object");
}

fn batches_list(h: &Harness) {
    let mock = h.mock("batches-list");
    let client = openai(h, &mock);
    let input = upload(&client, "requests.jsonl", batch_input(3).into_bytes());
    for job in ["one", "two"] {
        let request = BatchRequest::new(&input.id, "/v1/chat/completions").metadata([("job", job)]);
        call!(client, |c| c.batches().create(request)).expect("create");
    }
    let setup = mock.requests().len();

    let page = call!(client, |c| c.batches().list(Default::default())).expect("a list through the gateway").body;
    assert_eq!(ids(page.data.iter().map(|b| &b.id)), ["batch_1", "batch_2"]);
    assert!(!page.has_more);
    assert!(page.extra.is_empty() && page.data.iter().all(|b| !b.extra.contains_key("provider")), "{page:#?}");
    for batch in &page.data {
        assert_eq!(batch.status, BatchStatus::Validating);
        assert_eq!(batch.input_file_id, input.id);
        assert_eq!(batch.request_counts.as_ref().map(|c| c.total), Some(3));
    }

    let (_, all): (_, Vec<Batch>) = events(stream!(client, |c| c
        .batches()
        .list_all_with(Default::default(), RequestOptions::new().query("limit", "1"))));
    assert_eq!(ids(all.iter().map(|b| &b.id)), ["batch_1", "batch_2"]);
    let jobs: Vec<Option<&str>> =
        all.iter().map(|b| b.metadata.as_ref().and_then(|m| m.get("job")).map(String::as_str)).collect();
    assert_eq!(jobs, [Some("one"), Some("two")]);

    let requests = &mock.requests()[setup..];
    assert_eq!(
        sent(requests),
        [
            ("GET", "/v1/batches", None),
            ("GET", "/v1/batches", Some("limit=1")),
            ("GET", "/v1/batches", Some("limit=1&after=batch_1")),
        ]
    );
    requests.iter().for_each(|r| assert_routed(r, &r.method, &r.path));
}

fn moderations(h: &Harness) {
    let mock = h.mock("moderations");
    let client = openai(h, &mock);
    let request = ModerationRequest::new(vec![
        ModerationInputPart::text("you idiot"),
        ModerationInputPart::image_url("https://example.com/a.png"),
    ])
    .model("omni-moderation-latest");
    let reply = call!(client, |c| c.moderations().create(request)).expect("moderations through the gateway");
    assert!(reply.flagged());
    assert_eq!(reply.results[0].categories.flagged(), ["harassment"]);
    assert_eq!(reply.model, "omni-moderation-latest");

    let request = ModerationRequest::new(vec!["a calm sentence", "attack!"]);
    let reply = call!(client, |c| c.moderations().create(request)).expect("moderations of two texts");
    let flagged: Vec<bool> = reply.results.iter().map(|r| r.flagged).collect();
    assert_eq!(flagged, [false, true]);
    assert_eq!(reply.results[1].categories.flagged(), ["violence"]);

    let requests = mock.requests();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    requests.iter().for_each(|r| assert_routed(r, "POST", "/v1/moderations"));
    assert_eq!(
        requests[0].body,
        json!({"input": [{"type": "text", "text": "you idiot"},
                         {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}],
               "model": "omni-moderation-latest"})
    );
    assert_eq!(requests[1].body, json!({"input": ["a calm sentence", "attack!"]}));
}
