use serde_json::json;

use super::*;
use crate::types::test_support::round_trip;
use crate::{FilePart, Multipart};

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

fn wav() -> FilePart {
    FilePart::bytes("speech.wav", &b"RIFF"[..])
}

#[test]
fn speech_requests_are_built_and_read() {
    let request = SpeechRequest::new("tts-1", "Hello!", "alloy").response_format("mp3").speed(1.25);
    // The capture `audio.speech.create`.
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"model": "tts-1", "input": "Hello!", "voice": "alloy", "response_format": "mp3", "speed": 1.25})
    );
    let request = SpeechRequest::new("gpt-4o-mini-tts", "Hi", "x")
        .voice_id("voice_123")
        .instructions("Cheerful.")
        .stream_format("sse");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"model": "gpt-4o-mini-tts", "input": "Hi", "voice": {"id": "voice_123"},
               "instructions": "Cheerful.", "stream_format": "sse"})
    );
    let request: SpeechRequest = round_trip(json!({"model": "m", "input": "i", "voice": "v", "speed": null, "x": 1}));
    assert_eq!((request.speed, &request.extra["x"]), (None, &json!(1)));
}

#[test]
fn speech_events_round_trip_and_decode() {
    let delta: SpeechStreamEvent = round_trip(json!({"type": "speech.audio.delta", "audio": "AAEC"}));
    assert_eq!(delta.audio_bytes().unwrap().unwrap(), [0, 1, 2]);
    let done: SpeechStreamEvent = round_trip(json!({
        "type": "speech.audio.done", "usage": {"input_tokens": 14, "output_tokens": 101, "total_tokens": 115}
    }));
    let SpeechStreamEvent::AudioDone(event) = &done else { panic!("{done:?}") };
    assert_eq!(event.usage.as_ref().map(|u| u.total_tokens), Some(115));
    assert_eq!(done.audio_bytes().unwrap(), None);
    let unknown: SpeechStreamEvent = round_trip(json!({"type": "speech.audio.transcript", "text": "x"}));
    assert!(matches!(unknown, SpeechStreamEvent::Unknown(_)));
    let bad: SpeechStreamEvent = serde_json::from_value(json!({"type": "speech.audio.delta", "audio": "%%"})).unwrap();
    assert!(bad.audio_bytes().unwrap_err().to_string().contains("audio: invalid base64"));
}

#[test]
fn json_replies_are_transcriptions() {
    let reply: TranscriptionReply = round_trip(json!({
        "text": "Imagine the wildest idea that you've ever had.",
        "logprobs": [{"token": "Imagine", "logprob": -0.00032, "bytes": [73, 109]}],
        "usage": {"type": "tokens", "input_tokens": 14, "input_token_details": {"text_tokens": 0, "audio_tokens": 14},
                  "output_tokens": 45, "total_tokens": 59}
    }));
    let TranscriptionReply::Json(transcription) = &reply else { panic!("{reply:?}") };
    assert_eq!(reply.text(), "Imagine the wildest idea that you've ever had.");
    let logprob = &transcription.logprobs.as_ref().unwrap()[0];
    assert_eq!((logprob.token.as_deref(), logprob.bytes.as_ref().map(Vec::len)), (Some("Imagine"), Some(2)));
    assert!(matches!(reply.usage(), Some(TranscriptionUsage::Tokens(usage)) if usage.total_tokens == 59));
    assert!(reply.verbose().is_none());

    // `whisper-1` bills by the second, an integer.
    let reply: TranscriptionReply = round_trip(json!({"text": "Hi.", "usage": {"type": "duration", "seconds": 9}}));
    let Some(TranscriptionUsage::Duration(usage)) = reply.usage() else { panic!("{reply:?}") };
    assert_eq!(usage.as_secs_f64(), 9.0);
    // Translations answer with the same shape.
    let reply: Transcription = round_trip(json!({"text": "Hello, my name is Wolfgang.", "provider": "openai"}));
    assert_eq!(reply.extra["provider"], "openai");
}

#[test]
fn verbose_replies_have_segments_and_words() {
    let body = json!({
        "task": "transcribe", "language": "english", "duration": 8.470000267028809,
        "text": "The beach was a popular spot on a hot summer day.",
        "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": 3.319999933242798,
                      "text": " The beach was a popular spot on a hot summer day.",
                      "tokens": [50364, 440, 7534], "temperature": 0.0, "avg_logprob": -0.2860786020755768,
                      "compression_ratio": 1.2363636493682861, "no_speech_prob": 0.00985979475080967}],
        "words": [{"word": "The", "start": 0.0, "end": 0.23999999463558197},
                  {"word": "beach", "start": 0.23999999463558197, "end": 0.5}],
        "usage": {"type": "duration", "seconds": 9}
    });
    let reply: TranscriptionReply = round_trip(body.clone());
    let verbose = reply.verbose().expect("verbose");
    assert_eq!((verbose.language.as_deref(), verbose.duration), (Some("english"), Some(8.470000267028809)));
    let segment = &verbose.segments.as_ref().unwrap()[0];
    assert_eq!(
        (segment.id.clone(), segment.end, segment.tokens.as_ref().map(Vec::len)),
        (Some(json!(0)), 3.319999933242798, Some(3))
    );
    assert_eq!(verbose.words.as_ref().map(|w| w[1].word.as_str()), Some("beach"));
    assert_eq!(verbose.extra["task"], "transcribe");
    let direct: TranscriptionVerbose = round_trip(body);
    assert_eq!(&direct, verbose);

    // Diarized: string ids and speakers; logprobs beside verbose fields are kept too.
    let reply: TranscriptionReply = round_trip(json!({
        "task": "transcribe", "duration": 2.5, "text": "Hi. Hello.",
        "segments": [{"type": "transcript.text.segment", "id": "seg_001", "start": 0.0, "end": 1.0,
                      "speaker": "A", "text": "Hi."}],
        "logprobs": [{"token": "Hi", "logprob": -0.1}]
    }));
    let verbose = reply.verbose().expect("verbose");
    let segment = &verbose.segments.as_ref().unwrap()[0];
    assert_eq!((segment.speaker.as_deref(), segment.id.clone()), (Some("A"), Some(json!("seg_001"))));
    assert!(verbose.extra.contains_key("logprobs"));
}

#[test]
fn text_replies_are_kept_as_text() {
    for text in [
        "Hello there.\n",
        "1\n00:00:00,000 --> 00:00:01,500\nHello there.\n\n",
        "WEBVTT\n\n00:00.000 --> 00:01.500\nHi\n",
    ] {
        let reply: TranscriptionReply = round_trip(json!(text));
        assert_eq!(reply, TranscriptionReply::Text(text.to_string()));
        assert_eq!(reply.text(), text);
        assert!(reply.usage().is_none());
        // The same text wrapped into JSON by the Portkey gateway.
        let wrapped: TranscriptionReply = serde_json::from_value(json!({"html-message": text})).unwrap();
        assert_eq!(wrapped, TranscriptionReply::Text(text.to_string()));
    }
    // Only that exact shape: with anything beside it, or not text, it is a field like others.
    for body in
        [json!({"html-message": "a", "text": "b"}), json!({"html-message": 1}), json!({"html-message": "a", "x": 1})]
    {
        let reply: TranscriptionReply = serde_json::from_value(body.clone()).unwrap();
        let TranscriptionReply::Json(transcription) = &reply else { panic!("{reply:?}") };
        assert_eq!(transcription.extra.get("html-message"), body.get("html-message"));
    }
}

#[test]
fn errors_name_the_field_path() {
    let error =
        serde_json::from_str::<TranscriptionReply>(r#"{"text": "x", "segments": [{"id": 0, "start": "soon"}]}"#)
            .unwrap_err()
            .to_string();
    assert!(error.starts_with("segments: start: invalid type: string \"soon\", expected f64"), "{error}");
    let error = serde_json::from_str::<TranscriptionReply>("[1]").unwrap_err().to_string();
    assert!(error.contains("a transcription (an object, or text)"), "{error}");
    let error = serde_json::from_str::<TranscriptionStreamEvent>(r#"{"type":"transcript.text.delta","delta":3}"#)
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("delta: invalid type: integer `3`, expected a string"), "{error}");
}

#[test]
fn transcript_events_round_trip() {
    let delta: TranscriptionStreamEvent = round_trip(json!({
        "type": "transcript.text.delta", "delta": "The", "logprobs": [{"token": "The", "logprob": -0.01, "bytes": [84, 104, 101]}]
    }));
    assert_eq!((delta.text_delta(), delta.text()), (Some("The"), None));
    let done: TranscriptionStreamEvent = round_trip(json!({
        "type": "transcript.text.done", "text": "The beach.",
        "usage": {"type": "tokens", "input_tokens": 14, "output_tokens": 45, "total_tokens": 59}
    }));
    assert_eq!((done.text_delta(), done.text()), (None, Some("The beach.")));
    let segment: TranscriptionStreamEvent = round_trip(json!({
        "type": "transcript.text.segment", "id": "seg_1", "start": 0.0, "end": 1.5, "speaker": "A", "text": "Hi"
    }));
    assert!(matches!(segment, TranscriptionStreamEvent::TextSegment(ref s) if s.speaker == "A"));
    let unknown: TranscriptionStreamEvent = round_trip(json!({"type": "transcript.text.partial", "x": 1}));
    assert_eq!(unknown.kind(), "transcript.text.partial");
    let usage: TranscriptionUsage = round_trip(json!({"type": "characters", "count": 3}));
    assert!(matches!(usage, TranscriptionUsage::Unknown(_)));
}

#[test]
fn transcription_forms_have_the_sdks_parts() {
    // The capture `audio.transcriptions.create`.
    let form: Multipart = TranscriptionRequest::new(wav(), "whisper-1")
        .language("en")
        .response_format(TranscriptionFormat::Json)
        .temperature(0.0)
        .into();
    assert_eq!(
        form.describe(),
        pairs(&[
            ("model", "whisper-1"),
            ("language", "en"),
            ("response_format", "json"),
            ("temperature", "0.0"),
            ("file", "file speech.wav audio/x-wav"),
        ])
    );
    // `audio.transcriptions.create (stream)`: the client adds `stream` before the file.
    let form: Multipart = TranscriptionRequest::new(wav(), "gpt-4o-mini-transcribe").into();
    assert_eq!(
        form.with_stream_field().describe(),
        pairs(&[("model", "gpt-4o-mini-transcribe"), ("stream", "true"), ("file", "file speech.wav audio/x-wav")])
    );
    // Lists and objects are flattened with brackets, in the SDK's order.
    let form: Multipart = TranscriptionRequest::new(wav(), "gpt-4o-transcribe")
        .timestamp_granularity("word")
        .timestamp_granularity("segment")
        .include("logprobs")
        .chunking_strategy(json!({"type": "server_vad", "silence_duration_ms": 500}))
        .known_speaker("Ann", "data:audio/wav;base64,AAA=")
        .prompt("Names: Ann.")
        .response_format("verbose_json")
        .extra("seed", 3)
        .into();
    assert_eq!(
        form.describe(),
        pairs(&[
            ("model", "gpt-4o-transcribe"),
            ("chunking_strategy[type]", "server_vad"),
            ("chunking_strategy[silence_duration_ms]", "500"),
            ("include[]", "logprobs"),
            ("known_speaker_names[]", "Ann"),
            ("known_speaker_references[]", "data:audio/wav;base64,AAA="),
            ("prompt", "Names: Ann."),
            ("response_format", "verbose_json"),
            ("timestamp_granularities[]", "word"),
            ("timestamp_granularities[]", "segment"),
            ("seed", "3"),
            ("file", "file speech.wav audio/x-wav"),
        ])
    );
    let form: Multipart = TranscriptionRequest::new(wav(), "m").chunking_strategy("auto").into();
    assert_eq!(form.describe()[1], ("chunking_strategy".to_string(), "auto".to_string()));
}

#[test]
fn translation_forms_have_the_sdks_parts() {
    // The capture `audio.translations.create`.
    let form: Multipart = TranslationRequest::new(wav(), "whisper-1").prompt("context").temperature(0.0).into();
    assert_eq!(
        form.describe(),
        pairs(&[
            ("model", "whisper-1"),
            ("prompt", "context"),
            ("temperature", "0.0"),
            ("file", "file speech.wav audio/x-wav")
        ])
    );
    let form: Multipart =
        TranslationRequest::new(wav(), "whisper-1").response_format(TranscriptionFormat::Srt).extra("x", true).into();
    assert_eq!(
        form.describe(),
        pairs(&[
            ("model", "whisper-1"),
            ("response_format", "srt"),
            ("x", "true"),
            ("file", "file speech.wav audio/x-wav")
        ])
    );
    assert_eq!(TranscriptionFormat::from("diarized_json"), TranscriptionFormat::DiarizedJson);
    assert_eq!(TranscriptionFormat::from("tsv"), TranscriptionFormat::Other("tsv".into()));
}
