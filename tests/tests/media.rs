//! Typed images and audio with both clients against a `MockGateway`, checking what the gateway
//! received as well as what the client returns:
//! - `images().generate` sends an `ImageGenerateRequest` and returns an `ImagesResponse` whose
//!   base64 image decodes to the bytes sent; `generate_stream` and `edit_stream` give
//!   `ImageStreamEvent`s;
//! - `images().edit` and `create_variation` send the multipart form of an `ImageEditRequest`
//!   (`ImageVariationRequest`): every part arrives intact (names, file names, content types,
//!   bytes);
//! - `audio().speech().create` sends a `SpeechRequest` and its audio arrives byte for byte, to
//!   a writer and to a file; `create_stream` gives `SpeechStreamEvent`s;
//! - `audio().transcriptions().create` gives a `TranscriptionReply` for every
//!   `response_format`: JSON, verbose JSON, and the plain text of `text`, `srt` and `vtt`;
//!   `create_stream` gives `TranscriptionStreamEvent`s; translations read text replies too.

mod support;

use base64::Engine;
use portkey::testing::{MockGateway, MockReply, RecordedRequest};
use portkey::types::{
    ImageEditRequest, ImageEditStreamEvent, ImageGenerateRequest, ImageStreamEvent, ImageVariationRequest,
    ImagesResponse, SpeechRequest, SpeechStreamEvent, TranscriptionFormat, TranscriptionReply, TranscriptionRequest,
    TranscriptionStreamEvent, TranslationRequest,
};
use portkey::{ApiResponse, Error, FilePart, RequestOptions};
use serde_json::{Value, json};
use support::*;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A file in the temp dir, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, bytes: &[u8]) -> Self {
        let thread = format!("{:?}", std::thread::current().id()).replace(|c: char| !c.is_ascii_alphanumeric(), "");
        let path = std::env::temp_dir().join(format!("portkey-media-{}-{thread}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// One part of a recorded `multipart/form-data` body.
#[derive(Debug, PartialEq)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Vec<u8>,
}

impl Part {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// The parts of the request's multipart body, in order.
fn parts(request: &RecordedRequest) -> Vec<Part> {
    let content_type = request.header("content-type").unwrap_or_default();
    let boundary = content_type.split("boundary=").nth(1).expect("a multipart boundary").trim_matches('"');
    let delimiter = format!("--{boundary}");
    let body = request.body.as_ref();
    let starts: Vec<usize> = find_all(body, delimiter.as_bytes());
    let mut out = Vec::new();
    for pair in starts.windows(2) {
        let chunk = &body[pair[0] + delimiter.len()..pair[1]];
        let chunk = chunk.strip_prefix(b"\r\n").unwrap_or(chunk);
        let chunk = chunk.strip_suffix(b"\r\n").unwrap_or(chunk);
        let split = find_all(chunk, b"\r\n\r\n")[0];
        let head = String::from_utf8_lossy(&chunk[..split]).to_string();
        let mut part =
            Part { name: String::new(), filename: None, content_type: None, data: chunk[split + 4..].to_vec() };
        for line in head.split("\r\n") {
            let (key, value) = line.split_once(": ").unwrap_or_default();
            if key.eq_ignore_ascii_case("content-disposition") {
                for attr in value.split("; ").skip(1) {
                    let (k, v) = attr.split_once('=').unwrap_or_default();
                    match k {
                        "name" => part.name = v.trim_matches('"').to_string(),
                        "filename" => part.filename = Some(v.trim_matches('"').to_string()),
                        _ => {}
                    }
                }
            } else if key.eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.to_string());
            }
        }
        out.push(part);
    }
    out
}

fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    (0..haystack.len().saturating_sub(needle.len() - 1)).filter(|&i| haystack[i..].starts_with(needle)).collect()
}

/// A file part as compared: name, file name, content type, bytes.
type FileFields<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [u8]);

/// The text fields of the parts: `(name, value)`.
fn fields(parts: &[Part]) -> Vec<(String, String)> {
    parts.iter().filter(|p| p.filename.is_none()).map(|p| (p.name.clone(), p.text())).collect()
}

fn images_reply(png: &[u8]) -> Value {
    json!({
        "created": 1713833628, "background": "opaque", "output_format": "png", "quality": "low",
        "size": "1024x1024", "data": [{"b64_json": b64(png)}],
        "usage": {"input_tokens": 50, "input_tokens_details": {"image_tokens": 0, "text_tokens": 50},
                  "output_tokens": 272, "total_tokens": 322}
    })
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";

#[test]
fn images_generate_returns_a_typed_reply_whose_image_decodes() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1").virtual_key("vk-openai"));
        let reply = images_reply(PNG);
        gateway.enqueue(MockReply::json(200, reply.clone()));
        let request = ImageGenerateRequest::new("a cat").model("gpt-image-1").size("1024x1024").n(1).quality("low");
        let got: ApiResponse<ImagesResponse> = both!(&client, |c| c.images().generate(request)).unwrap();
        assert_eq!(got.body.first_bytes().unwrap().as_deref(), Some(PNG));
        assert_eq!(got.body.usage.as_ref().map(|u| u.total_tokens), Some(322));
        assert_eq!(serde_json::to_value(&got.body).unwrap(), reply, "nothing lost on the way");
        let request = only_request(&gateway);
        assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/v1/images/generations"));
        // The capture `images.generate`.
        assert_eq!(
            request.json().unwrap(),
            json!({"prompt": "a cat", "model": "gpt-image-1", "n": 1, "quality": "low", "size": "1024x1024"})
        );

        // `stream: true` belongs to `generate_stream`.
        let request = ImageGenerateRequest::new("a cat").stream(true);
        let error = both!(&client, |c| c.images().generate(request)).unwrap_err();
        assert!(matches!(error, Error::InvalidOption(_)), "{error:?}");
        assert_eq!(gateway.requests().len(), 1, "nothing sent");
    });
}

fn image_events(prefix: &str) -> Vec<Value> {
    vec![
        json!({"type": format!("{prefix}.partial_image"), "b64_json": b64(b"partial"), "background": "opaque",
               "created_at": 1, "output_format": "png", "partial_image_index": 0, "quality": "low",
               "size": "1024x1024"}),
        json!({"type": format!("{prefix}.completed"), "b64_json": b64(PNG), "background": "opaque",
               "created_at": 2, "output_format": "png", "quality": "low", "size": "1024x1024",
               "usage": {"input_tokens": 1, "input_tokens_details": {"image_tokens": 0, "text_tokens": 1},
                         "output_tokens": 2, "total_tokens": 3}}),
        json!({"type": format!("{prefix}.heartbeat")}),
    ]
}

fn collect<T>(events: Result<Vec<Result<T, Error>>, Error>) -> Vec<T> {
    events.unwrap().into_iter().map(Result::unwrap).collect()
}

#[test]
fn images_generate_stream_gives_typed_events() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        let sent = image_events("image_generation");
        gateway.enqueue(MockReply::sse(sent.iter().map(Value::to_string)));
        let request = ImageGenerateRequest::new("a cat").model("gpt-image-1").partial_images(1);
        let events: Vec<ImageStreamEvent> = collect(match &client {
            Client::Async { client, rt } => rt.block_on(async {
                use futures_util::StreamExt;
                Ok(client.images().generate_stream(request).await?.collect().await)
            }),
            Client::Blocking(client) => client.images().generate_stream(request).map(Iterator::collect),
        });
        assert!(matches!(events[0], ImageStreamEvent::PartialImage(_)));
        assert_eq!(events[0].image_bytes().unwrap().as_deref(), Some(&b"partial"[..]));
        assert!(matches!(events[1], ImageStreamEvent::Completed(_)));
        assert_eq!(events[1].image_bytes().unwrap().as_deref(), Some(PNG));
        assert!(matches!(events[2], ImageStreamEvent::Unknown(_)), "a new kind is kept");
        let written: Vec<Value> = events.iter().map(|e| serde_json::to_value(e).unwrap()).collect();
        assert_eq!(written, sent);
        // The capture `images.generate (stream)`.
        assert_eq!(
            only_request(&gateway).json().unwrap(),
            json!({"prompt": "a cat", "model": "gpt-image-1", "partial_images": 1, "stream": true})
        );
    });
}

#[test]
fn images_edit_sends_every_part_intact() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::json(200, images_reply(PNG)));
        let second: Vec<u8> = (0..200_000u32).map(|i| (i % 253) as u8).collect();
        let on_disk = TempFile::new("photo.jpg", &second);
        let request = ImageEditRequest::new(FilePart::bytes("image.png", PNG), "combine them")
            .add_image(FilePart::path(&on_disk.0).filename("photo.jpg"))
            .mask(FilePart::bytes("mask.png", &b"MASK"[..]))
            .model("gpt-image-1")
            .input_fidelity("high")
            .extra("metadata", json!({"k": "v"}));
        let got = both!(&client, |c| c.images().edit(request)).unwrap();
        assert_eq!(got.body.first_bytes().unwrap().as_deref(), Some(PNG));
        let request = only_request(&gateway);
        assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/v1/images/edits"));
        let parts = parts(&request);
        assert_eq!(
            fields(&parts),
            [
                ("prompt".to_string(), "combine them".to_string()),
                ("input_fidelity".into(), "high".into()),
                ("model".into(), "gpt-image-1".into()),
                ("metadata[k]".into(), "v".into()),
            ]
        );
        let files: Vec<FileFields> = parts
            .iter()
            .filter(|p| p.filename.is_some())
            .map(|p| (p.name.as_str(), p.filename.as_deref(), p.content_type.as_deref(), p.data.as_slice()))
            .collect();
        assert_eq!(
            files,
            [
                ("image[]", Some("image.png"), Some("image/png"), PNG),
                ("image[]", Some("photo.jpg"), Some("image/jpeg"), second.as_slice()),
                ("mask", Some("mask.png"), Some("image/png"), &b"MASK"[..]),
            ]
        );
    });
}

#[test]
fn images_edit_stream_and_variations_are_typed() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::sse(image_events("image_edit").iter().map(Value::to_string)));
        gateway.enqueue(MockReply::json(200, json!({"created": 1, "data": [{"url": "https://example.com/v.png"}]})));
        let edit = ImageEditRequest::new(FilePart::bytes("image.png", PNG), "add a hat").partial_images(1);
        let variation = ImageVariationRequest::new(FilePart::bytes("image.png", PNG)).n(1).size("256x256");
        let (events, variation): (Vec<ImageEditStreamEvent>, ApiResponse<ImagesResponse>) = match &client {
            Client::Async { client, rt } => rt.block_on(async {
                use futures_util::StreamExt;
                let events = client.images().edit_stream(edit).await.unwrap().collect::<Vec<_>>().await;
                let variation = client.images().create_variation(variation).await.unwrap();
                (events.into_iter().map(Result::unwrap).collect(), variation)
            }),
            Client::Blocking(client) => {
                let events = client.images().edit_stream(edit).unwrap().map(Result::unwrap).collect();
                (events, client.images().create_variation(variation).unwrap())
            }
        };
        assert!(matches!(events[0], ImageEditStreamEvent::PartialImage(_)));
        assert!(matches!(&events[1], ImageEditStreamEvent::Completed(c) if c.created_at == 2));
        assert_eq!(variation.body.first().and_then(|i| i.url.as_deref()), Some("https://example.com/v.png"));
        assert_eq!(variation.body.first_bytes().unwrap(), None);
        let requests = gateway.requests();
        // The capture `images.edit (stream)`.
        let names: Vec<(String, String)> = fields(&parts(&requests[0]));
        assert_eq!(
            names,
            [
                ("prompt".to_string(), "add a hat".to_string()),
                ("partial_images".into(), "1".into()),
                ("stream".into(), "true".into())
            ]
        );
        assert_eq!(requests[1].path, "/v1/images/variations");
        let parts = parts(&requests[1]);
        assert_eq!(fields(&parts), [("n".to_string(), "1".to_string()), ("size".into(), "256x256".into())]);
        assert_eq!((parts[2].name.as_str(), parts[2].data.as_slice()), ("image", PNG));
    });
}

#[test]
fn speech_arrives_byte_for_byte_to_a_writer_and_a_file() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        let audio: Vec<u8> = (0..500_000u32).map(|i| (i.wrapping_mul(31) % 256) as u8).collect();
        gateway.enqueue(MockReply::bytes(200, "audio/mpeg", audio.clone()));
        gateway.enqueue(MockReply::bytes(200, "audio/mpeg", audio.clone()));
        let request = SpeechRequest::new("tts-1", "Hello!", "alloy").response_format("mp3").speed(1.25);
        let file = TempFile::new(&format!("speech-{kind:?}.mp3"), b"");
        let mut sink = Vec::new();
        let (written, saved) = match &client {
            Client::Async { client, rt } => rt.block_on(async {
                let written = client.audio().speech().create(request.clone()).await?.write_to(&mut sink).await?;
                let saved = client.audio().speech().create(request).await?.save(&file.0).await?;
                Ok::<_, Error>((written, saved))
            }),
            Client::Blocking(client) => (|| {
                let written = client.audio().speech().create(request.clone())?.write_to(&mut sink)?;
                let saved = client.audio().speech().create(request)?.save(&file.0)?;
                Ok::<_, Error>((written, saved))
            })(),
        }
        .unwrap();
        assert_eq!((written, saved), (audio.len() as u64, audio.len() as u64));
        assert!(sink == audio, "bytes identical, to a writer");
        assert!(std::fs::read(&file.0).unwrap() == audio, "bytes identical, to a file");
        let requests = gateway.requests();
        assert_eq!(requests[0].path, "/v1/audio/speech");
        assert_eq!(requests[0].header("accept"), Some("application/octet-stream"));
        // The capture `audio.speech.create`.
        assert_eq!(
            requests[0].json().unwrap(),
            json!({"input": "Hello!", "model": "tts-1", "voice": "alloy", "response_format": "mp3", "speed": 1.25})
        );
    });
}

#[test]
fn speech_streams_as_typed_events_with_stream_format_sse() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::sse([
            json!({"type": "speech.audio.delta", "audio": b64(b"RIFF")}).to_string(),
            json!({"type": "speech.audio.delta", "audio": b64(b"....WAVE")}).to_string(),
            json!({"type": "speech.audio.done",
                   "usage": {"input_tokens": 14, "output_tokens": 101, "total_tokens": 115}})
            .to_string(),
        ]));
        let request = SpeechRequest::new("gpt-4o-mini-tts", "Hello!", "coral").response_format("wav");
        let events: Vec<SpeechStreamEvent> = collect(match &client {
            Client::Async { client, rt } => rt.block_on(async {
                use futures_util::StreamExt;
                Ok(client.audio().speech().create_stream(request).await?.collect().await)
            }),
            Client::Blocking(client) => client.audio().speech().create_stream(request).map(Iterator::collect),
        });
        let audio: Vec<u8> = events.iter().filter_map(|e| e.audio_bytes().unwrap()).flatten().collect();
        assert_eq!(audio, b"RIFF....WAVE");
        assert!(matches!(&events[2], SpeechStreamEvent::AudioDone(done) if done.usage.total_tokens == 115));
        assert_eq!(
            only_request(&gateway).json().unwrap(),
            json!({"model": "gpt-4o-mini-tts", "input": "Hello!", "voice": "coral", "response_format": "wav",
                   "stream_format": "sse"})
        );
    });
}

fn transcribe(client: &Client, request: TranscriptionRequest) -> Result<ApiResponse<TranscriptionReply>, Error> {
    both!(client, |c| c.audio().transcriptions().create(request))
}

#[test]
fn transcriptions_are_typed_in_every_format() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        let wav = || FilePart::bytes("speech.wav", &b"RIFF....WAVE"[..]);

        // json
        let body = json!({"text": "Hello there.", "usage": {"type": "duration", "seconds": 2}});
        gateway.enqueue(MockReply::json(200, body.clone()));
        let reply = transcribe(&client, TranscriptionRequest::new(wav(), "whisper-1").language("en")).unwrap();
        assert!(matches!(&reply.body, TranscriptionReply::Json(t) if t.text == "Hello there."));
        assert_eq!(serde_json::to_value(&reply.body).unwrap(), body);

        // verbose_json, with words
        let verbose = json!({
            "task": "transcribe", "language": "english", "duration": 1.5, "text": "Hello there.",
            "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": 1.5, "text": " Hello there.", "tokens": [50364],
                          "temperature": 0.0, "avg_logprob": -0.25, "compression_ratio": 0.8, "no_speech_prob": 0.01}],
            "words": [{"word": "Hello", "start": 0.0, "end": 0.5}, {"word": "there", "start": 0.5, "end": 1.0}],
            "usage": {"type": "duration", "seconds": 2}
        });
        gateway.enqueue(MockReply::json(200, verbose.clone()));
        let request = TranscriptionRequest::new(wav(), "whisper-1")
            .response_format(TranscriptionFormat::VerboseJson)
            .timestamp_granularities(["word", "segment"]);
        let reply = transcribe(&client, request).unwrap();
        let words = reply.body.verbose().and_then(|v| v.words.as_ref()).expect("words");
        assert_eq!(words.iter().map(|w| w.word.as_str()).collect::<Vec<_>>(), ["Hello", "there"]);
        assert_eq!(serde_json::to_value(&reply.body).unwrap(), verbose);

        // text and srt: plain text replies
        gateway.enqueue(MockReply::text(200, "Hello there.\n"));
        let srt = "1\n00:00:00,000 --> 00:00:01,500\nHello there.\n\n";
        gateway.enqueue(MockReply::bytes(200, "application/x-subrip; charset=utf-8", srt));
        let reply = transcribe(&client, TranscriptionRequest::new(wav(), "whisper-1").response_format("text")).unwrap();
        assert_eq!(reply.body, TranscriptionReply::Text("Hello there.\n".into()));
        let reply = transcribe(&client, TranscriptionRequest::new(wav(), "whisper-1").response_format("srt")).unwrap();
        assert_eq!(reply.body.text(), srt);

        // The forms, as the SDK sends them.
        let requests = gateway.requests();
        assert_eq!(requests.len(), 4);
        assert!(requests.iter().all(|r| r.path == "/v1/audio/transcriptions"));
        let field_lists: Vec<Vec<(String, String)>> = requests.iter().map(|r| fields(&parts(r))).collect();
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
        };
        assert_eq!(field_lists[0], pairs(&[("model", "whisper-1"), ("language", "en")]));
        assert_eq!(
            field_lists[1],
            pairs(&[
                ("model", "whisper-1"),
                ("response_format", "verbose_json"),
                ("timestamp_granularities[]", "word"),
                ("timestamp_granularities[]", "segment"),
            ])
        );
        assert_eq!(field_lists[2], pairs(&[("model", "whisper-1"), ("response_format", "text")]));
        let file = parts(&requests[0]).pop().unwrap();
        assert_eq!(
            (file.name.as_str(), file.filename.as_deref(), file.content_type.as_deref(), file.data.as_slice()),
            ("file", Some("speech.wav"), Some("audio/x-wav"), &b"RIFF....WAVE"[..])
        );

        // A JSON reply that does not fit the type is a decode error naming the field.
        gateway.enqueue(MockReply::json(200, json!({"text": "x", "words": [{"word": "x", "start": "soon"}]})));
        let error = transcribe(&client, TranscriptionRequest::new(wav(), "whisper-1")).unwrap_err();
        let Error::Decode { message, .. } = &error else { panic!("{error:?}") };
        assert!(message.starts_with("words: start: invalid type: string \"soon\""), "{message}");
    });
}

#[test]
fn translations_read_json_and_text() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::json(200, json!({"text": "Hello, my name is Wolfgang."})));
        gateway.enqueue(MockReply::bytes(200, "text/vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"));
        let wav = || FilePart::bytes("speech.wav", &b"RIFF"[..]);
        let first = TranslationRequest::new(wav(), "whisper-1").prompt("context").temperature(0.0);
        let second = TranslationRequest::new(wav(), "whisper-1").response_format("vtt");
        let first = both!(&client, |c| c.audio().translations().create(first)).unwrap();
        let second = both!(&client, |c| c.audio().translations().create(second)).unwrap();
        assert_eq!(first.body.text(), "Hello, my name is Wolfgang.");
        assert!(matches!(&second.body, TranscriptionReply::Text(t) if t.starts_with("WEBVTT")));
        // The capture `audio.translations.create`.
        let requests = gateway.requests();
        assert_eq!(
            fields(&parts(&requests[0])),
            [
                ("model".to_string(), "whisper-1".to_string()),
                ("prompt".into(), "context".into()),
                ("temperature".into(), "0.0".into())
            ]
        );
    });
}

#[test]
fn a_transcription_streams_typed_deltas() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::sse([
            r#"{"type":"transcript.text.delta","delta":"Hello","logprobs":[{"token":"Hello","logprob":-0.01,"bytes":[72]}]}"#,
            r#"{"type":"transcript.text.delta","delta":" there."}"#,
            r#"{"type":"transcript.text.done","text":"Hello there.","usage":{"type":"tokens","input_tokens":14,"output_tokens":4,"total_tokens":18}}"#,
        ]));
        let request = TranscriptionRequest::new(FilePart::bytes("speech.wav", &b"RIFF"[..]), "gpt-4o-mini-transcribe");
        let events: Vec<TranscriptionStreamEvent> = collect(match &client {
            Client::Async { client, rt } => rt.block_on(async {
                use futures_util::StreamExt;
                Ok(client.audio().transcriptions().create_stream(request).await?.collect().await)
            }),
            Client::Blocking(client) => client.audio().transcriptions().create_stream(request).map(Iterator::collect),
        });
        let text: String = events.iter().filter_map(TranscriptionStreamEvent::text_delta).collect();
        assert_eq!(text, "Hello there.");
        assert_eq!(events[2].text(), Some("Hello there."));
        // The capture `audio.transcriptions.create (stream)`.
        let request = only_request(&gateway);
        assert_eq!(
            fields(&parts(&request)),
            [("model".to_string(), "gpt-4o-mini-transcribe".to_string()), ("stream".into(), "true".into())]
        );
    });
}

/// Every file name of `tests/uploads/content_types.json` (each extension of the table Python
/// reads for the SDK, in two letter cases, and the corners of `mimetypes.guess_type`), uploaded
/// in one form: each part's `Content-Type` is the one httpx gives it, or none without a name.
#[test]
fn file_parts_are_typed_as_the_sdk_types_them() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("uploads/content_types.json");
    let vectors: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = vectors["cases"].as_array().unwrap();
    assert!(cases.len() > 3000, "{}", cases.len());
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::json(200, json!({"id": "file-1"})));
        let form = cases.iter().enumerate().fold(portkey::Multipart::new(), |form, (i, case)| {
            form.file(format!("f{i}"), FilePart::bytes(case["filename"].as_str().unwrap(), "x"))
        });
        both!(&client, |c| c.files().create_byot::<Value>(form, Default::default())).unwrap();
        let sent = parts(&gateway.requests()[0]);
        assert_eq!(sent.len(), cases.len());
        for (part, case) in sent.iter().zip(cases) {
            assert_eq!(part.content_type.as_deref(), case["content_type"].as_str(), "{}", case["filename"]);
        }
    });
}

/// `RequestOptions::body_field` on a form becomes a field, as the SDK's `extra_body` on
/// `images.edit`; on a bodiless `DELETE` it is the JSON body; a `GET` refuses it, sending
/// nothing, where the SDK drops it without a word.
#[test]
fn per_call_body_fields_are_never_dropped() {
    for_both(|kind| {
        let gateway = MockGateway::start().unwrap();
        let client = Client::new(kind, &gateway, |b| b.api_key("pk-1"));
        gateway.enqueue(MockReply::json(200, images_reply(PNG)));
        let request = ImageEditRequest::new(FilePart::bytes("x.png", PNG), "cat").n(2);
        let options = RequestOptions::new().body_field("prompt", json!("dog")).body_field("quality", json!("high"));
        both!(&client, |c| c.images().edit_with(request, options)).unwrap();
        let parts = parts(&only_request(&gateway));
        let names: Vec<(&str, Option<&str>)> = parts.iter().map(|p| (p.name.as_str(), p.filename.as_deref())).collect();
        assert_eq!(names, [("prompt", None), ("n", None), ("quality", None), ("image", Some("x.png"))]);
        let want = [("prompt", "dog"), ("n", "2"), ("quality", "high")].map(|(n, v)| (n.to_string(), v.to_string()));
        assert_eq!(fields(&parts), want);

        gateway.clear();
        gateway.enqueue(MockReply::json(200, json!({"id": "file-1", "object": "file", "deleted": true})));
        let options = RequestOptions::new().body_field("x", json!(1));
        both!(&client, |c| c.files().delete_with("file-1", options)).unwrap();
        let request = only_request(&gateway);
        assert_eq!((request.method.as_str(), request.body.as_ref()), ("DELETE", &br#"{"x":1}"#[..]));
        assert_eq!(request.header("content-type"), Some("application/json"));

        gateway.clear();
        let options = RequestOptions::new().body_field("x", json!(1));
        let error = both!(&client, |c| c.files().retrieve_with("file-1", options)).unwrap_err();
        assert!(
            matches!(&error, Error::InvalidOption(portkey::OptionError::InvalidBodyField { name, .. }) if name == "x"),
            "{error:?}"
        );
        assert!(gateway.requests().is_empty(), "nothing was sent");
    });
}
