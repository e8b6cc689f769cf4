//! Decoding arbitrary JSON into any of the gateway types never panics, and whatever decodes
//! writes back to JSON that decodes to the same value again (the same JSON, key order aside).
//!
//! The values are random JSON, with object keys and strings drawn mostly from the names the
//! types know (`choices`, `type`, `response.output_text.delta`, ...), so that decoding reaches
//! the nested structs and the tagged enums rather than stopping at the first unknown key.

use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Field names and tag values the types read; random ones are mixed in too.
const WORDS: &[&str] = &[
    "id",
    "html-message",
    "object",
    "created",
    "created_at",
    "model",
    "choices",
    "index",
    "message",
    "delta",
    "role",
    "content",
    "text",
    "refusal",
    "tool_calls",
    "function",
    "name",
    "arguments",
    "finish_reason",
    "logprobs",
    "usage",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "data",
    "embedding",
    "input",
    "output",
    "status",
    "type",
    "error",
    "code",
    "param",
    "item_id",
    "output_index",
    "content_index",
    "sequence_number",
    "response",
    "item",
    "part",
    "annotations",
    "summary",
    "call_id",
    "user",
    "assistant",
    "system",
    "tool",
    "developer",
    "message",
    "output_text",
    "input_text",
    "function_call",
    "function_call_output",
    "reasoning",
    "response.created",
    "response.completed",
    "response.failed",
    "response.output_text.delta",
    "response.output_item.added",
    "response.content_part.added",
    "response.function_call_arguments.delta",
    "completed",
    "in_progress",
    "failed",
    "list",
    "has_more",
    "first_id",
    "last_id",
    "messages",
    "stream",
    "tools",
    "metadata",
    "incomplete_details",
    "input_tokens",
    "output_tokens",
    "obfuscation",
    "delta_text",
    "url",
    "b64_json",
    "status_code",
    "body",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![4 => proptest::sample::select(WORDS).prop_map(str::to_owned), 1 => "[a-z_.]{0,8}"]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        word().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((word(), inner), 0..7)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// Real replies, requests and events; the property also feeds them with one node replaced by
/// random JSON, which reaches every depth of the types.
const SEEDS: &[&str] = &[
    r#"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Hi","refusal":null,"tool_calls":[{"id":"t","type":"function","function":{"name":"f","arguments":"{}"}}]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}"#,
    r#"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" a","tool_calls":[{"index":0,"function":{"arguments":"{"}}]},"finish_reason":null}]}"#,
    r#"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"x"}]}],"tools":[{"type":"function","function":{"name":"f","parameters":{}}}],"stop":["a"],"stream_options":{"include_usage":true}}"#,
    r#"{"id":"resp_1","object":"response","created_at":1,"status":"completed","model":"m","output":[{"type":"message","id":"msg_1","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi","annotations":[]}]},{"type":"function_call","id":"fc","call_id":"c","name":"f","arguments":"{}"},{"type":"reasoning","id":"rs","summary":[{"type":"summary_text","text":"s"}]}],"usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3}}"#,
    r#"{"id":"cmp_1","object":"response.compaction","created_at":1,"output":[{"type":"message","id":"msg_1","role":"user","content":[{"type":"input_text","text":"Hi"}]},{"type":"compaction","id":"cmp_i","encrypted_content":"gAAA","created_by":null}],"usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3}}"#,
    r#"{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","sequence_number":3}"#,
    r#"{"type":"response.completed","sequence_number":9,"response":{"id":"resp_1","object":"response","status":"completed","output":[]}}"#,
    r#"{"type":"response.output_item.added","output_index":0,"sequence_number":1,"item":{"type":"message","id":"m","role":"assistant","content":[]}}"#,
    r#"{"type":"response.function_call_arguments.delta","item_id":"fc","output_index":1,"delta":"{","sequence_number":4}"#,
    r#"{"type":"error","code":"x","message":"m","param":null,"sequence_number":1}"#,
    r#"{"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"x"},{"type":"input_image","image_url":"u"}]},{"type":"function_call_output","call_id":"c","output":"o"}],"tools":[]}"#,
    r#"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2]}],"model":"m","usage":{"prompt_tokens":1,"total_tokens":1}}"#,
    r#"{"id":"batch_1","object":"batch","endpoint":"/v1/chat/completions","status":"completed","input_file_id":"f","completion_window":"24h","created_at":1,"request_counts":{"total":2,"completed":2,"failed":0},"errors":{"object":"list","data":[{"code":"c","message":"m","line":1}]}}"#,
    r#"{"id":"r1","custom_id":"a","response":{"status_code":200,"request_id":"q","body":{"id":"c","object":"chat.completion","choices":[]}},"error":null}"#,
    r#"{"object":"list","data":[{"id":"file-1","object":"file","bytes":3,"created_at":1,"filename":"a.jsonl","purpose":"batch","status":"processed"}],"has_more":false}"#,
    r#"{"id":"modr-1","model":"omni","results":[{"flagged":true,"categories":{"harassment":true,"violence":false},"category_scores":{"harassment":0.9},"category_applied_input_types":{"harassment":["text"]}}]}"#,
    r#"{"success":true,"data":{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":5}}"#,
    r#"{"created":1,"data":[{"b64_json":"aGk=","revised_prompt":"p"}],"usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3,"input_tokens_details":{"text_tokens":1,"image_tokens":0}}}"#,
    r#"{"type":"image_generation.partial_image","b64_json":"aGk=","partial_image_index":0,"created_at":1,"size":"1024x1024"}"#,
    r#"{"task":"transcribe","language":"en","duration":1.5,"text":"hi","segments":[{"id":0,"start":0.0,"end":1.5,"text":"hi","tokens":[1]}],"words":[{"word":"hi","start":0.0,"end":0.5}],"usage":{"type":"duration","seconds":2}}"#,
    r#"{"type":"transcript.text.delta","delta":"hi","logprobs":[{"token":"hi","logprob":-0.1,"bytes":[104,105]}]}"#,
    r#"{"type":"speech.audio.delta","audio":"aGk="}"#,
];

/// How a node of a seed changes.
#[derive(Clone, Debug)]
enum Change {
    /// Replaced by random JSON (any type: mostly the wrong one).
    Replace(Value),
    /// Replaced by another value of the same JSON type; in an object, a key removed or added.
    Vary(u64),
}

/// `seed` with the node that `pick` lands on (counting in document order) changed.
fn mutate(seed: &str, pick: usize, change: Change) -> Value {
    fn nodes(value: &Value) -> usize {
        1 + match value {
            Value::Array(items) => items.iter().map(nodes).sum(),
            Value::Object(map) => map.values().map(nodes).sum(),
            _ => 0,
        }
    }
    fn vary(value: &mut Value, n: u64) {
        let word = || Value::from(WORDS[n as usize % WORDS.len()]);
        match value {
            Value::String(_) => *value = word(),
            Value::Number(_) => {
                *value = if n.is_multiple_of(3) { Value::from(n as f64 / 7.0) } else { Value::from(n % 1000) }
            }
            Value::Bool(b) => *b = !*b,
            Value::Null => *value = word(),
            Value::Array(items) => match items.pop() {
                Some(last) if n.is_multiple_of(2) => items.extend([last.clone(), last]),
                _ => {}
            },
            Value::Object(map) => {
                let key = map.keys().nth(n as usize % map.len().max(1)).cloned();
                match key {
                    Some(key) if n.is_multiple_of(2) => {
                        map.remove(&key);
                    }
                    _ => {
                        map.insert(WORDS[n as usize % WORDS.len()].to_owned(), Value::Null);
                    }
                }
            }
        }
    }
    fn change_at(value: &mut Value, mut at: usize, change: &mut Option<Change>) {
        if at == 0 {
            match change.take() {
                Some(Change::Replace(random)) => *value = random,
                Some(Change::Vary(n)) => vary(value, n),
                None => {}
            }
            return;
        }
        at -= 1;
        let children: Vec<&mut Value> = match value {
            Value::Array(items) => items.iter_mut().collect(),
            Value::Object(map) => map.values_mut().collect(),
            _ => Vec::new(),
        };
        for child in children {
            let size = nodes(child);
            if at < size {
                return change_at(child, at, change);
            }
            at -= size;
        }
    }
    let mut value: Value = serde_json::from_str(seed).unwrap();
    let at = pick % nodes(&value);
    change_at(&mut value, at, &mut Some(change));
    value
}

fn mutated() -> impl Strategy<Value = Value> {
    let change = prop_oneof![json().prop_map(Change::Replace), any::<u64>().prop_map(Change::Vary)];
    (proptest::sample::select(SEEDS), any::<usize>(), change)
        .prop_map(|(seed, pick, change)| mutate(seed, pick, change))
}

/// Decodes `text` as `T` the way the client does (from the bytes); if it decodes, it must
/// write back to JSON that decodes to a value writing the same JSON.
fn check<T: DeserializeOwned + Serialize>(name: &str, text: &str) -> Result<(), TestCaseError> {
    let Ok(decoded) = serde_json::from_slice::<T>(text.as_bytes()) else { return Ok(()) };
    let written = serde_json::to_string(&decoded).map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
    let again: T = serde_json::from_str(&written)
        .map_err(|e| TestCaseError::fail(format!("{name}: {written} does not decode again: {e}")))?;
    let rewritten = serde_json::to_string(&again).map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
    // Compared as JSON values: the order of an object's keys carries no meaning (a field the
    // input lacked is written where the type names it, and read back as an explicit value).
    let parse = |text: &str| serde_json::from_str::<Value>(text).map_err(|e| TestCaseError::fail(e.to_string()));
    prop_assert_eq!(parse(&written)?, parse(&rewritten)?, "{} from {}", name, text);
    Ok(())
}

macro_rules! every_type {
    ($text:expr; $($ty:ident),* $(,)?) => {{
        $( check::<portkey::types::$ty>(stringify!($ty), $text)?; )*
    }};
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_json_decodes_or_errs_and_round_trips(value in prop_oneof![json(), mutated()]) {
        let text = value.to_string();
        every_type!(&text;
            Extra, ChatAnnotation, ChatChoice, ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ChatDelta, ChatMessage, ChunkChoice,
            FunctionCall, FunctionCallDelta, FunctionDefinition, MessageContent, StopSequences, StreamOptions, Tool,
            ToolCall, ToolCallDelta, UrlCitation, PromptTokensDetails, CompletionTokensDetails,
            Completion, CompletionChoice, CompletionRequest,
            Embedding, EmbeddingInput, EmbeddingRequest, EmbeddingResponse, EmbeddingUsage, EmbeddingVector,
            FeedbackRequest, FeedbackResponse, Model, ModelList,
            Annotation, AnnotationAddedEvent, ArgumentsDoneEvent, AudioDeltaEvent, AudioDoneEvent, CodeDoneEvent,
            CompactRequest, CompactedResponse, CompactionItem, ContentPart, ContentPartEvent, CustomToolCall, CustomToolCallInputDoneEvent, ErrorEvent, FileSearchCall,
            FunctionCallOutput, FunctionToolCall, ImageGenerationCall, IncompleteDetails, InputContent, InputFile,
            InputImage, InputItem, InputMessage, InputTokenCount, InputTokenCountRequest, ItemDeltaEvent, ItemEvent, ItemReference, ItemStatus,
            McpCall, OutputItem, OutputItemEvent, OutputMessage, OutputText, PartialImageEvent, Reasoning, ReasoningItem,
            Refusal, RefusalDoneEvent, Response, ResponseError, ResponseEvent, ResponseInput, ResponseItemList,
            ResponseRequest, ResponseStatus, ResponseStreamEvent, ResponseUsage, SummaryPartEvent,
            SummaryTextDeltaEvent, SummaryTextDoneEvent, TextDeltaEvent, TextDoneEvent, TextPart, ToolCallItem,
            WebSearchCall,
            Batch, BatchError, BatchErrors, BatchList, BatchOutputError, BatchOutputLine, BatchOutputResponse,
            BatchRequest, BatchRequestCounts, BatchStatus, OutputExpiresAfter,
            FileDeleted, FileList, FileObject, FileStatus, ModelDeleted,
            ImageUrl, Moderation, ModerationAppliedInputTypes, ModerationCategories, ModerationCategoryScores,
            ModerationImage, ModerationInput, ModerationInputPart, ModerationRequest, ModerationResponse,
            ModerationText,
            PromptCompletionRequest, PromptRender, PromptRenderData, PromptRenderRequest,
            ChatCompletionDeleted, ChatCompletionList, ChatCompletionStoreMessage, ChatCompletionStoreMessageList,
            ChatCompletionUpdateRequest,
            AudioTokenUsage, DurationUsage, SpeechAudioDeltaEvent, SpeechAudioDoneEvent, SpeechRequest,
            SpeechStreamEvent, TranscriptLogprob, TranscriptTextDeltaEvent, TranscriptTextDoneEvent,
            TranscriptTextSegmentEvent, Transcription, TranscriptionFormat, TranscriptionReply, TranscriptionSegment,
            TranscriptionStreamEvent, TranscriptionUsage, TranscriptionVerbose, TranscriptionWord,
            Image, ImageCompletedEvent, ImageGenerateRequest, ImagePartialImageEvent, ImageStreamEvent,
            ImageTokenDetails, ImageUsage, ImagesResponse,
        );
    }
}

/// A value of the wrong type deep inside is an error naming the path to it.
#[test]
fn errors_name_the_path_to_the_field() {
    let body = r#"{"id": "c", "choices": [{"index": 0, "message": {"role": "assistant", "content": 5}}]}"#;
    let error = serde_json::from_str::<portkey::types::ChatCompletion>(body).unwrap_err().to_string();
    assert!(error.starts_with("choices: message: content: "), "{error}");
    let event = r#"{"type": "response.completed", "response": {"id": "r", "output": [{"type": "message", "content": [{"type": "output_text", "text": 7}]}]}}"#;
    let error = serde_json::from_str::<portkey::types::ResponseStreamEvent>(event).unwrap_err().to_string();
    assert!(error.starts_with("response: output: content: text: "), "{error}");
}

/// The generator reaches what it is meant to: many values decode as chat completions, and
/// many as known Responses stream events (not only as `Unknown`), so the property above runs
/// through the nested structs and the tagged enums.
#[test]
fn random_values_reach_the_nested_types() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut completions, mut events) = (0, 0);
    for _ in 0..2000 {
        let text = prop_oneof![json(), mutated()].new_tree(&mut runner).unwrap().current().to_string();
        completions += usize::from(serde_json::from_str::<portkey::types::ChatCompletion>(&text).is_ok());
        let event = serde_json::from_str::<portkey::types::ResponseStreamEvent>(&text);
        events += usize::from(matches!(event, Ok(e) if !matches!(e, portkey::types::ResponseStreamEvent::Unknown(_))));
    }
    assert!(completions > 200, "{completions} of 2000 decoded as ChatCompletion");
    assert!(events > 40, "{events} of 2000 decoded as a known ResponseStreamEvent");
}
