use serde_json::json;

use super::*;
use crate::types::test_support::round_trip;
use crate::{FilePart, Multipart};

fn parts(form: &Multipart) -> Vec<(String, String)> {
    form.describe()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn a_gpt_image_reply_round_trips_and_decodes() {
    let reply: ImagesResponse = round_trip(json!({
        "created": 1713833628,
        "background": "opaque", "output_format": "png", "quality": "low", "size": "1024x1024",
        "data": [{"b64_json": "iVBORw0KGgo=", "revised_prompt": null}],
        "usage": {"input_tokens": 50, "input_tokens_details": {"image_tokens": 0, "text_tokens": 50},
                  "output_tokens": 272, "total_tokens": 322,
                  "output_tokens_details": {"image_tokens": 272, "text_tokens": 0}},
        "provider": "openai"
    }));
    assert_eq!(reply.created, 1713833628);
    assert_eq!(reply.first_bytes().unwrap().unwrap(), b"\x89PNG\r\n\x1a\n");
    assert_eq!(reply.usage.as_ref().map(|u| u.total_tokens), Some(322));
    assert_eq!(reply.usage.as_ref().and_then(|u| u.input_tokens_details.as_ref()).map(|d| d.text_tokens), Some(50));
    assert_eq!(reply.extra["provider"], "openai");
    assert_eq!(reply.quality.as_deref(), Some("low"));
}

#[test]
fn a_dall_e_reply_with_urls_has_no_bytes() {
    let reply: ImagesResponse = round_trip(json!({
        "created": 1, "data": [{"url": "https://example.com/a.png", "revised_prompt": "A cat, wearing a hat."}]
    }));
    let image = reply.first().unwrap();
    assert_eq!(image.url.as_deref(), Some("https://example.com/a.png"));
    assert_eq!(image.revised_prompt.as_deref(), Some("A cat, wearing a hat."));
    assert_eq!(image.bytes().unwrap(), None);
    assert_eq!(ImagesResponse::default().first_bytes().unwrap(), None);
}

#[test]
fn invalid_base64_and_bad_fields_are_errors_naming_the_field() {
    let reply: ImagesResponse = serde_json::from_value(json!({"created": 1, "data": [{"b64_json": "!!"}]})).unwrap();
    let error = reply.first_bytes().unwrap_err().to_string();
    assert!(error.contains("b64_json: invalid base64"), "{error}");
    let error =
        serde_json::from_str::<ImagesResponse>(r#"{"created": 1, "data": [{"b64_json": 7}]}"#).unwrap_err().to_string();
    assert!(error.starts_with("data: b64_json: invalid type: integer `7`, expected a string"), "{error}");
    let error =
        serde_json::from_str::<ImagesResponse>(r#"{"usage": {"total_tokens": "many"}}"#).unwrap_err().to_string();
    assert!(error.starts_with("usage: total_tokens: invalid type: string"), "{error}");
}

#[test]
fn stream_events_round_trip_and_decode() {
    let partial: ImageStreamEvent = round_trip(json!({
        "type": "image_generation.partial_image", "b64_json": "aGk=", "background": "opaque",
        "created_at": 1750000000, "output_format": "png", "partial_image_index": 0, "quality": "low",
        "size": "1024x1024"
    }));
    assert_eq!(partial.kind(), "image_generation.partial_image");
    assert_eq!(partial.partial_image_bytes().unwrap().unwrap(), b"hi");
    assert_eq!(partial.image_bytes().unwrap().unwrap(), b"hi");
    assert_eq!(partial.partial_image().map(|p| p.partial_image_index), Some(0));
    assert!(partial.completed().is_none());

    let completed: ImageStreamEvent = round_trip(json!({
        "type": "image_edit.completed", "b64_json": "aGVsbG8=", "background": "transparent",
        "created_at": 1750000001, "output_format": "webp", "quality": "high", "size": "1024x1536",
        "usage": {"input_tokens": 10, "input_tokens_details": {"image_tokens": 5, "text_tokens": 5},
                  "output_tokens": 20, "total_tokens": 30}
    }));
    assert!(matches!(completed, ImageStreamEvent::EditCompleted(_)));
    assert_eq!(completed.partial_image_bytes().unwrap(), None);
    assert_eq!(completed.image_bytes().unwrap().unwrap(), b"hello");
    assert_eq!(completed.completed().and_then(|c| c.usage.as_ref()).map(|u| u.total_tokens), Some(30));

    let edit_partial: ImageStreamEvent = round_trip(
        json!({"type": "image_edit.partial_image", "b64_json": "aGk=", "partial_image_index": 2, "created_at": 3}),
    );
    assert!(matches!(edit_partial, ImageStreamEvent::EditPartialImage(_)));
    let generated: ImageStreamEvent =
        round_trip(json!({"type": "image_generation.completed", "b64_json": "", "created_at": 4}));
    assert!(matches!(generated, ImageStreamEvent::GenerationCompleted(_)));

    let unknown: ImageStreamEvent = round_trip(json!({"type": "image_generation.progress", "percent": 50}));
    assert!(matches!(unknown, ImageStreamEvent::Unknown(_)));
    assert_eq!(unknown.kind(), "image_generation.progress");
    assert_eq!(unknown.image_bytes().unwrap(), None);

    let error = serde_json::from_str::<ImageStreamEvent>(r#"{"type":"image_edit.partial_image","b64_json":[1]}"#)
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("b64_json: invalid type: sequence"), "{error}");
}

#[test]
fn generate_requests_are_built_and_keep_extra_fields() {
    let request = ImageGenerateRequest::new("a cat")
        .model("gpt-image-1")
        .n(1)
        .size("1024x1024")
        .quality("low")
        .background("transparent")
        .output_format("webp")
        .output_compression(80)
        .moderation("low")
        .partial_images(2)
        .user("u1");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"prompt": "a cat", "model": "gpt-image-1", "n": 1, "size": "1024x1024", "quality": "low",
               "background": "transparent", "output_format": "webp", "output_compression": 80,
               "moderation": "low", "partial_images": 2, "user": "u1"})
    );
    let request: ImageGenerateRequest =
        round_trip(json!({"prompt": "a dog", "style": "vivid", "response_format": "b64_json", "seed": 7}));
    assert_eq!(request.style.as_deref(), Some("vivid"));
    assert_eq!(request.extra["seed"], 7);
}

#[test]
fn edit_forms_have_the_sdks_parts() {
    // The capture `images.edit`: prompt, model, size, then the image.
    let image = FilePart::bytes("image.png", &b"\x89PNG"[..]).content_type("image/png");
    let form: Multipart = ImageEditRequest::new(image, "add a hat").model("gpt-image-1").size("1024x1024").into();
    assert_eq!(
        parts(&form),
        pairs(&[
            ("prompt", "add a hat"),
            ("model", "gpt-image-1"),
            ("size", "1024x1024"),
            ("image", "file image.png image/png")
        ])
    );
    // `images.edit (several images)`: `image[]` per image, then the mask.
    let form: Multipart = ImageEditRequest::new(FilePart::bytes("image.png", &b"a"[..]), "combine them")
        .add_image(FilePart::bytes("mask.png", &b"b"[..]))
        .mask(FilePart::bytes("mask.png", &b"b"[..]))
        .model("gpt-image-1")
        .into();
    assert_eq!(
        parts(&form),
        pairs(&[
            ("prompt", "combine them"),
            ("model", "gpt-image-1"),
            ("image[]", "file image.png image/png"),
            ("image[]", "file mask.png image/png"),
            ("mask", "file mask.png image/png"),
        ])
    );
    // A list of one is still a list, as in the SDK; every option, and extra fields flattened.
    let form: Multipart = ImageEditRequest::new([FilePart::bytes("a.webp", &b"a"[..])], "p")
        .background("opaque")
        .input_fidelity("high")
        .n(2)
        .output_compression(50)
        .output_format("jpeg")
        .partial_images(1)
        .quality("high")
        .response_format("b64_json")
        .user("u")
        .extra("tags", json!(["x", "y"]))
        .into();
    assert_eq!(
        parts(&form),
        pairs(&[
            ("prompt", "p"),
            ("background", "opaque"),
            ("input_fidelity", "high"),
            ("n", "2"),
            ("output_compression", "50"),
            ("output_format", "jpeg"),
            ("partial_images", "1"),
            ("quality", "high"),
            ("response_format", "b64_json"),
            ("user", "u"),
            ("tags[]", "x"),
            ("tags[]", "y"),
            ("image[]", "file a.webp image/webp"),
        ])
    );
    // The stream field goes before the files, as the SDK places it.
    let form: Multipart =
        ImageEditRequest::new(FilePart::bytes("image.png", &b"a"[..]), "add a hat").partial_images(1).into();
    assert_eq!(
        parts(&form.with_stream_field()),
        pairs(&[
            ("prompt", "add a hat"),
            ("partial_images", "1"),
            ("stream", "true"),
            ("image", "file image.png image/png")
        ])
    );
}

#[test]
fn variation_forms_have_the_sdks_parts() {
    let image = FilePart::bytes("image.png", &b"\x89PNG"[..]);
    let form: Multipart =
        ImageVariationRequest::new(image).n(1).size("256x256").model("dall-e-2").extra("quality", "x").into();
    assert_eq!(
        parts(&form),
        pairs(&[
            ("model", "dall-e-2"),
            ("n", "1"),
            ("size", "256x256"),
            ("quality", "x"),
            ("image", "file image.png image/png")
        ])
    );
}
