//! Images and audio: `POST …/images/generations`, `…/images/edits` (multipart),
//! `…/audio/speech` (binary reply) and `…/audio/transcriptions` (multipart).
//!
//! Asked to stream (`"stream": true`, or the form field `stream=true`), images and
//! transcriptions answer server-sent events as OpenAI sends them: an image as
//! `<kind>.partial_image` events (as many as `partial_images` asks for, up to 3; see
//! [`partial_image`]) then `<kind>.completed`, each with its `event:` line; a transcription as
//! one `transcript.text.delta` per word then `transcript.text.done`, `data:` lines only.

use base64::Engine;
use serde_json::{Value, json};

use super::multipart::{Part, field};
use super::{Reply, Shared, data_event, model_of, named_event, now, triggers};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `n` deterministic bytes from `seed`: every byte value occurs (a binary-safety check).
fn bytes_from(seed: &str, n: usize) -> Vec<u8> {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for byte in seed.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (0..n)
        .map(|_| {
            hash ^= hash << 13;
            hash ^= hash >> 7;
            hash ^= hash << 17;
            (hash >> 32) as u8
        })
        .collect()
}

/// The image `…/images/generations` returns for `prompt`: a PNG signature and 64 bytes
/// derived from the prompt.
pub fn fake_image(prompt: &str) -> Vec<u8> {
    let mut image = b"\x89PNG\r\n\x1a\n".to_vec();
    image.extend(bytes_from(prompt, 64));
    image
}

/// The audio `…/audio/speech` returns for `input`: 40,000 bytes derived from it.
pub fn fake_speech(input: &str) -> Vec<u8> {
    bytes_from(input, 40_000)
}

/// Partial image `index` (from 0) of the `count` a stream sends before `image`: its first
/// `len * (index + 1) / (count + 1)` bytes, so each is longer than the one before.
pub fn partial_image(image: &[u8], index: usize, count: usize) -> &[u8] {
    &image[..image.len() * (index + 1) / (count + 1)]
}

fn image_usage() -> Value {
    json!({"input_tokens": 10, "input_tokens_details": {"image_tokens": 0, "text_tokens": 10},
           "output_tokens": 20, "total_tokens": 30})
}

fn images_reply(images: &[Vec<u8>]) -> Value {
    let data: Vec<Value> = images.iter().map(|image| json!({"b64_json": b64(image), "revised_prompt": null})).collect();
    json!({"created": now(), "data": data, "output_format": "png", "usage": image_usage()})
}

/// `image` as a stream of `kind` (`image_generation`, `image_edit`): `partials` (at most 3)
/// partial images, then the image with the usage.
fn image_stream(kind: &str, image: &[u8], partials: u64) -> Reply {
    let partials = partials.min(3) as usize;
    let event = |mut value: Value| {
        let settings = [("size", "1024x1024"), ("quality", "low"), ("background", "opaque"), ("output_format", "png")];
        for (name, setting) in settings {
            value[name] = json!(setting);
        }
        value["created_at"] = json!(now());
        named_event(&value)
    };
    let mut events: Vec<String> = (0..partials)
        .map(|i| {
            let partial = b64(partial_image(image, i, partials));
            event(json!({"type": format!("{kind}.partial_image"), "b64_json": partial, "partial_image_index": i}))
        })
        .collect();
    events.push(event(json!({"type": format!("{kind}.completed"), "b64_json": b64(image), "usage": image_usage()})));
    Reply::sse(events)
}

/// `POST …/images/generations`: `n` (default 1) copies of [`fake_image`] of the prompt, or
/// that image as a stream.
pub(super) async fn image_generation(shared: &Shared, body: &Value) -> Reply {
    if let Some(reply) = triggers(shared, model_of(body, "gpt-image-1")).await {
        return reply;
    }
    let Some(prompt) = body["prompt"].as_str() else {
        return Reply::error(400, "mock: `prompt` is required", "invalid_request_error");
    };
    if body["stream"] == true {
        return image_stream("image_generation", &fake_image(prompt), body["partial_images"].as_u64().unwrap_or(0));
    }
    let n = body["n"].as_u64().unwrap_or(1).clamp(1, 10) as usize;
    Reply::json(200, images_reply(&vec![fake_image(prompt); n]))
}

/// Whether the form asks for a stream (`stream=true`).
fn streams(parts: &[Part]) -> bool {
    field(parts, "stream").is_some_and(|p| p.text() == "true")
}

/// `POST …/images/edits`: one image per file part named `image` or `image[]`, whose bytes are
/// that part's bytes (so the reply shows what arrived); as a stream, the first of them.
pub(super) fn image_edit(_shared: &Shared, parts: &[Part]) -> Reply {
    let images: Vec<Vec<u8>> =
        parts.iter().filter(|p| p.name == "image" || p.name == "image[]").map(|p| p.data.to_vec()).collect();
    if images.is_empty() || field(parts, "prompt").is_none() {
        return Reply::error(400, "mock: an image edit needs `image` and `prompt`", "invalid_request_error");
    }
    if streams(parts) {
        let partials = field(parts, "partial_images").and_then(|p| p.text().parse().ok()).unwrap_or(0);
        return image_stream("image_edit", &images[0], partials);
    }
    Reply::json(200, images_reply(&images))
}

/// `POST …/audio/speech`: [`fake_speech`] of the input, with the content type of
/// `response_format` (default mp3).
pub(super) async fn speech(shared: &Shared, body: &Value) -> Reply {
    if let Some(reply) = triggers(shared, model_of(body, "tts-1")).await {
        return reply;
    }
    let Some(input) = body["input"].as_str() else {
        return Reply::error(400, "mock: `input` is required", "invalid_request_error");
    };
    let content_type = match body["response_format"].as_str().unwrap_or("mp3") {
        "wav" => "audio/wav",
        "opus" => "audio/opus",
        "aac" => "audio/aac",
        "flac" => "audio/flac",
        "pcm" => "audio/pcm",
        _ => "audio/mpeg",
    };
    Reply::bytes(content_type, fake_speech(input))
}

/// The text a transcription of `file` gives.
pub fn transcript_of(file: &Part) -> String {
    format!("heard {} bytes of {}", file.data.len(), file.filename.as_deref().unwrap_or("audio"))
}

/// `POST …/audio/transcriptions`: [`transcript_of`] the `file` part, as `{"text"}` (`json`, the
/// default), verbose JSON, `text/plain` (`text`, `srt`, `vtt`), or a stream (`stream=true`).
pub(super) fn transcription(parts: &[Part]) -> Reply {
    let (Some(file), Some(model)) = (field(parts, "file"), field(parts, "model")) else {
        return Reply::error(400, "mock: a transcription needs `file` and `model`", "invalid_request_error");
    };
    let text = transcript_of(file);
    if streams(parts) {
        let words = text.split(' ').count();
        let mut events: Vec<String> = text
            .split(' ')
            .enumerate()
            .map(|(i, word)| {
                let delta = if i == 0 { word.to_owned() } else { format!(" {word}") };
                data_event(&json!({"type": "transcript.text.delta", "delta": delta}))
            })
            .collect();
        let usage = json!({"type": "tokens", "input_tokens": 14, "output_tokens": words, "total_tokens": 14 + words});
        events.push(data_event(&json!({"type": "transcript.text.done", "text": text, "usage": usage})));
        return Reply::sse(events);
    }
    let usage = json!({"type": "duration", "seconds": 2});
    match field(parts, "response_format").map(Part::text).as_deref() {
        None | Some("json") => Reply::json(200, json!({"text": text, "usage": usage})),
        Some("verbose_json") => {
            let words: Vec<Value> = text
                .split(' ')
                .enumerate()
                .map(|(i, word)| json!({"word": word, "start": i as f64 * 0.5, "end": (i + 1) as f64 * 0.5}))
                .collect();
            let duration = words.len() as f64 * 0.5;
            Reply::json(
                200,
                json!({"task": "transcribe", "language": "english", "duration": duration, "text": text,
                       "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": duration, "text": text,
                                     "tokens": [1, 2], "temperature": 0.0, "avg_logprob": -0.1,
                                     "compression_ratio": 1.0, "no_speech_prob": 0.0}],
                       "words": words, "model": model.text(), "usage": usage}),
            )
        }
        Some("srt") => {
            Reply::bytes("text/plain; charset=utf-8", format!("1\n00:00:00,000 --> 00:00:02,000\n{text}\n\n"))
        }
        Some("vtt") => {
            Reply::bytes("text/plain; charset=utf-8", format!("WEBVTT\n\n00:00.000 --> 00:02.000\n{text}\n\n"))
        }
        Some(_) => Reply::bytes("text/plain; charset=utf-8", format!("{text}\n")),
    }
}
