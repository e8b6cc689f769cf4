//! What the peer server answers: the same bytes for every client, shaped as OpenAI answers
//! (every field a real reply has, so each client decodes its full type).

use bytes::Bytes;

/// Chunks in the streamed reply, as the issue measures: 2000, sent at once.
pub const STREAM_CHUNKS: usize = 2000;

/// The reply to a chat completion request.
pub fn completion() -> Bytes {
    Bytes::from_static(
        br#"{"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"The image shows a wooden boardwalk path running through a lush green field or meadow, under a bright blue sky with some clouds.","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":1117,"completion_tokens":46,"total_tokens":1163,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_06737a9306"}"#,
    )
}

/// The streamed reply: a role chunk, `STREAM_CHUNKS - 2` content chunks, a finish chunk, then
/// `data: [DONE]`; every chunk carries `obfuscation`, as OpenAI's do by default.
pub fn stream() -> Bytes {
    let mut body = String::with_capacity(STREAM_CHUNKS * 330);
    let head = r#"{"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_06737a9306","choices":[{"index":0,"delta":"#;
    for i in 0..STREAM_CHUNKS {
        let (delta, finish) = match i {
            0 => (r#"{"role":"assistant","content":"","refusal":null}"#.to_owned(), "null"),
            i if i == STREAM_CHUNKS - 1 => ("{}".to_owned(), r#""stop""#),
            i => (format!(r#"{{"content":" word{i}"}}"#), "null"),
        };
        body.push_str("data: ");
        body.push_str(head);
        body.push_str(&delta);
        body.push_str(r#","logprobs":null,"finish_reason":"#);
        body.push_str(finish);
        body.push_str(r#"}],"obfuscation":"kV3dyZ1q"}"#);
        body.push_str("\n\n");
    }
    body.push_str("data: [DONE]\n\n");
    Bytes::from(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chunk_is_json_and_the_stream_ends_with_done() {
        let body = stream();
        let text = std::str::from_utf8(&body).unwrap();
        let events: Vec<&str> = text.split("\n\n").filter(|e| !e.is_empty()).collect();
        assert_eq!(events.len(), STREAM_CHUNKS + 1);
        for event in &events[..STREAM_CHUNKS] {
            let json: serde_json::Value = serde_json::from_str(event.strip_prefix("data: ").unwrap()).unwrap();
            assert_eq!(json["object"], "chat.completion.chunk");
        }
        assert_eq!(events[STREAM_CHUNKS], "data: [DONE]");
        let completion: serde_json::Value = serde_json::from_slice(&completion()).unwrap();
        assert_eq!(completion["choices"][0]["finish_reason"], "stop");
    }
}
