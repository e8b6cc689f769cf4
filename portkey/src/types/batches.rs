//! The batch API: `POST /batches` takes a [`BatchRequest`]; it, `GET /batches/{id}` and
//! `POST /batches/{id}/cancel` answer with a [`Batch`]; `GET /batches` gives a [`BatchList`]
//! page; Portkey's `GET /batches/{id}/output` streams the batch's results as JSON lines, one
//! [`BatchOutputLine`] per request of the input file.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::types::Extra;

use super::object::{json_object, string_enum};
use super::{ChatCompletion, ResponseUsage};

string_enum! {
    /// Where a [`Batch`] stands.
    pub enum BatchStatus {
        /// `"validating"`: the input file is being checked.
        Validating = "validating",
        /// `"failed"`: the input file failed validation, see `errors`.
        Failed = "failed",
        /// `"in_progress"`: requests are running.
        InProgress = "in_progress",
        /// `"finalizing"`: the results are being written.
        Finalizing = "finalizing",
        /// `"completed"`: the results are ready (`output_file_id`, `error_file_id`).
        Completed = "completed",
        /// `"expired"`: it did not finish within its completion window.
        Expired = "expired",
        /// `"cancelling"`: cancelled, waiting for requests in flight.
        Cancelling = "cancelling",
        /// `"cancelled"`.
        Cancelled = "cancelled",
    }
}

impl BatchStatus {
    /// Whether the batch is done: completed, failed, expired or cancelled (an unknown status
    /// counts as not done).
    pub fn is_terminal(&self) -> bool {
        matches!(self, BatchStatus::Completed | BatchStatus::Failed | BatchStatus::Expired | BatchStatus::Cancelled)
    }
}

/// The body of `POST /batches`.
///
/// Parameters this type does not name (Portkey's own, such as `portkey_options` or
/// `provider_options`) go in `extra`, sent at the top level of the body.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BatchRequest {
    /// The id of the uploaded JSONL file of requests (purpose `batch`).
    pub input_file_id: String,
    /// The endpoint every request goes to: `"/v1/chat/completions"`, `"/v1/responses"`,
    /// `"/v1/embeddings"`, ...
    pub endpoint: String,
    /// How long the batch may take: `"24h"`.
    pub completion_window: String,
    /// Key-value pairs stored with the batch.
    pub metadata: Option<Map<String, Value>>,
    /// When the output and error files expire.
    pub output_expires_after: Option<OutputExpiresAfter>,
    /// Fields this type does not name, sent at the top level of the body as given.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(BatchRequest {
    input_file_id: default,
    endpoint: default,
    completion_window: default,
    metadata: opt,
    output_expires_after: opt,
});

impl BatchRequest {
    /// A batch of the requests in `input_file_id`, sent to `endpoint`, to be done within
    /// `completion_window` (`"24h"`).
    pub fn new(
        input_file_id: impl Into<String>,
        endpoint: impl Into<String>,
        completion_window: impl Into<String>,
    ) -> Self {
        BatchRequest {
            input_file_id: input_file_id.into(),
            endpoint: endpoint.into(),
            completion_window: completion_window.into(),
            ..Self::default()
        }
    }

    /// Adds a `metadata` entry.
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata.get_or_insert_with(Map::new).insert(key.into(), Value::String(value.into()));
        self
    }

    /// Sets `output_expires_after`: the output and error files expire `seconds` (3600 to
    /// 2592000) after they are created.
    pub fn output_expires_after(mut self, seconds: u64) -> Self {
        self.output_expires_after = Some(OutputExpiresAfter::new(seconds));
        self
    }

    /// Sets a parameter this type does not name (sent at the top level of the body).
    pub fn param(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(key.into(), value.into());
        self
    }
}

/// When a batch's output and error files expire (`output_expires_after`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutputExpiresAfter {
    /// What the time counts from: `"created_at"` (the file's creation).
    pub anchor: String,
    /// Seconds after the anchor.
    pub seconds: u64,
    /// Fields this type does not name, kept as they came (and sent as given).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(OutputExpiresAfter { anchor: default, seconds: default });

impl OutputExpiresAfter {
    /// `seconds` after the file's creation.
    pub fn new(seconds: u64) -> Self {
        OutputExpiresAfter { anchor: "created_at".to_owned(), seconds, extra: Extra::new() }
    }
}

/// A batch (`"object": "batch"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Batch {
    /// The batch's id (`batch_...`).
    pub id: String,
    /// `"batch"`.
    pub object: String,
    /// The endpoint its requests go to.
    pub endpoint: String,
    /// The input file's id.
    pub input_file_id: String,
    /// How long it may take (`"24h"`).
    pub completion_window: String,
    /// Where it stands.
    pub status: Option<BatchStatus>,
    /// When it was created, in Unix seconds.
    pub created_at: i64,
    /// The id of the file of successful results, once there is one.
    pub output_file_id: Option<String>,
    /// The id of the file of failed requests' results, once there is one.
    pub error_file_id: Option<String>,
    /// Why the input file failed validation, when it did.
    pub errors: Option<BatchErrors>,
    /// How many requests there are, and how many completed and failed.
    pub request_counts: Option<BatchRequestCounts>,
    /// Token counts (batches created after September 2025).
    pub usage: Option<ResponseUsage>,
    /// The model that ran the requests.
    pub model: Option<String>,
    /// Key-value pairs stored with the batch.
    pub metadata: Option<Map<String, Value>>,
    /// When it started running, in Unix seconds.
    pub in_progress_at: Option<i64>,
    /// When it expires (or expired), in Unix seconds.
    pub expires_at: Option<i64>,
    /// When it started finalizing, in Unix seconds.
    pub finalizing_at: Option<i64>,
    /// When it completed, in Unix seconds.
    pub completed_at: Option<i64>,
    /// When it failed, in Unix seconds.
    pub failed_at: Option<i64>,
    /// When it expired, in Unix seconds.
    pub expired_at: Option<i64>,
    /// When it started cancelling, in Unix seconds.
    pub cancelling_at: Option<i64>,
    /// When it was cancelled, in Unix seconds.
    pub cancelled_at: Option<i64>,
    /// Fields this type does not name (`provider`, ...), kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(Batch {
    id: default,
    object: default,
    endpoint: default,
    input_file_id: default,
    completion_window: default,
    status: opt,
    created_at: default,
    output_file_id: opt,
    error_file_id: opt,
    errors: opt,
    request_counts: opt,
    usage: opt,
    model: opt,
    metadata: opt,
    in_progress_at: opt,
    expires_at: opt,
    finalizing_at: opt,
    completed_at: opt,
    failed_at: opt,
    expired_at: opt,
    cancelling_at: opt,
    cancelled_at: opt,
});

/// How many requests of a [`Batch`] there are, by outcome (`request_counts`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BatchRequestCounts {
    /// Requests in the batch.
    pub total: u64,
    /// Requests completed.
    pub completed: u64,
    /// Requests failed.
    pub failed: u64,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(BatchRequestCounts { total: default, completed: default, failed: default });

/// The validation errors of a [`Batch`]'s input file (`errors`, `"object": "list"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BatchErrors {
    /// `"list"`.
    pub object: Option<String>,
    /// The errors.
    pub data: Vec<BatchError>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(BatchErrors { object: opt, data: default });

/// One validation error of a batch's input file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BatchError {
    /// What kind of error.
    pub code: Option<String>,
    /// What went wrong.
    pub message: Option<String>,
    /// The parameter at fault, if one is.
    pub param: Option<String>,
    /// The line of the input file at fault, if one is.
    pub line: Option<u64>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(BatchError { code: opt, message: opt, param: opt, line: opt });

/// A page of `GET /batches` (`"object": "list"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BatchList {
    /// `"list"`.
    pub object: String,
    /// The batches of this page.
    pub data: Vec<Batch>,
    /// The id of the page's first batch.
    pub first_id: Option<String>,
    /// The id of the page's last batch (the `after` of the next page).
    pub last_id: Option<String>,
    /// Whether more batches follow.
    pub has_more: Option<bool>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(BatchList { object: default, data: default, first_id: opt, last_id: opt, has_more: opt });

/// One record of a batch's output (a line of Portkey's `GET /batches/{id}/output`, or of the
/// output and error files): the result of the input request `custom_id`.
///
/// ```
/// use portkey::types::BatchOutputLine;
///
/// let line: BatchOutputLine = serde_json::from_str(
///     r#"{"id":"batch_req_1","custom_id":"q1","response":{"status_code":200,"request_id":"req_1",
///         "body":{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
///                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hi!"},"finish_reason":"stop"}]}},
///         "error":null}"#,
/// )?;
/// assert!(line.is_success());
/// assert_eq!(line.chat_completion().transpose()?.and_then(|c| c.text().map(str::to_owned)).as_deref(), Some("Hi!"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BatchOutputLine {
    /// The record's id (`batch_req_...`).
    pub id: Option<String>,
    /// The `custom_id` of the input request it answers.
    pub custom_id: String,
    /// The endpoint's reply, when the request got one (an error status included).
    pub response: Option<BatchOutputResponse>,
    /// Why the request got no reply, when it did not.
    pub error: Option<BatchOutputError>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(BatchOutputLine { id: opt, custom_id: default, response: opt, error: opt });

impl BatchOutputLine {
    /// Whether the request succeeded: a reply with a 2xx status, and no error.
    pub fn is_success(&self) -> bool {
        self.error.is_none() && self.response.as_ref().is_some_and(|r| (200..300).contains(&r.status_code))
    }

    /// The reply's body decoded as `T` (`None` without a reply).
    pub fn body_as<T: DeserializeOwned>(&self) -> Option<Result<T, serde_json::Error>> {
        self.response.as_ref().map(BatchOutputResponse::body_as)
    }

    /// The reply's body as a [`ChatCompletion`] (`None` without a reply), for batches of
    /// `/v1/chat/completions`.
    pub fn chat_completion(&self) -> Option<Result<ChatCompletion, serde_json::Error>> {
        self.body_as()
    }
}

/// The endpoint's reply to one request of a batch (`response` of a [`BatchOutputLine`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BatchOutputResponse {
    /// The HTTP status of the reply.
    pub status_code: u16,
    /// The provider's id of the request.
    pub request_id: Option<String>,
    /// The reply's body, as the endpoint sent it: decode it with
    /// [`body_as`](Self::body_as).
    pub body: Value,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(BatchOutputResponse { status_code: default, request_id: opt, body: default });

impl BatchOutputResponse {
    /// The body decoded as `T` (a [`ChatCompletion`], an
    /// [`EmbeddingResponse`](super::EmbeddingResponse), a [`Response`](super::Response), ...).
    pub fn body_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.body)
    }
}

/// Why one request of a batch got no reply (`error` of a [`BatchOutputLine`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BatchOutputError {
    /// What kind of error.
    pub code: Option<String>,
    /// What went wrong.
    pub message: Option<String>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(BatchOutputError { code: opt, message: opt });

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn requests_are_built_and_sent_as_given() {
        let request = BatchRequest::new("file-1", "/v1/chat/completions", "24h")
            .metadata("job", "nightly")
            .output_expires_after(3600)
            .param("portkey_options", json!({"x-portkey-provider": "openai"}));
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"input_file_id": "file-1", "endpoint": "/v1/chat/completions", "completion_window": "24h",
                   "metadata": {"job": "nightly"}, "output_expires_after": {"anchor": "created_at", "seconds": 3600},
                   "portkey_options": {"x-portkey-provider": "openai"}})
        );
        let back: BatchRequest = serde_json::from_value(serde_json::to_value(&request).unwrap()).unwrap();
        assert_eq!(back, request);
    }

    #[test]
    fn batches_round_trip() {
        let value = json!({
            "id": "batch_abc123", "object": "batch", "endpoint": "/v1/chat/completions",
            "errors": {"object": "list", "data": [{"code": "invalid_json", "line": 3, "message": "bad line", "param": null}]},
            "input_file_id": "file-abc123", "completion_window": "24h", "status": "completed",
            "output_file_id": "file-cvaTdG", "error_file_id": "file-HOWS94", "created_at": 1711471533,
            "in_progress_at": 1711471538, "expires_at": 1711557933, "finalizing_at": 1711493133,
            "completed_at": 1711493163, "failed_at": null, "expired_at": null, "cancelling_at": null,
            "cancelled_at": null,
            "request_counts": {"total": 100, "completed": 95, "failed": 5},
            "usage": {"input_tokens": 1500, "input_tokens_details": {"cached_tokens": 1024},
                      "output_tokens": 500, "output_tokens_details": {"reasoning_tokens": 300}, "total_tokens": 2000},
            "metadata": {"customer_id": "user_123456789", "batch_description": "Nightly eval job"},
            "model": "gpt-4o-mini", "provider": "openai"
        });
        let batch: Batch = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(batch.status, Some(BatchStatus::Completed));
        assert!(batch.status.as_ref().is_some_and(BatchStatus::is_terminal));
        let counts = batch.request_counts.as_ref().unwrap();
        assert_eq!((counts.total, counts.completed, counts.failed), (100, 95, 5));
        assert_eq!(batch.errors.as_ref().unwrap().data[0].line, Some(3));
        assert_eq!(batch.usage.as_ref().unwrap().total_tokens, 2000);
        assert_eq!((batch.failed_at, batch.completed_at), (None, Some(1711493163)));
        assert_eq!(batch.extra["provider"], "openai");
        assert_eq!(serde_json::to_value(&batch).unwrap(), value);

        let list = json!({"object": "list", "data": [value], "first_id": "batch_abc123",
                          "last_id": "batch_abc123", "has_more": false});
        let page: BatchList = serde_json::from_value(list.clone()).unwrap();
        assert_eq!(page.data[0], batch);
        assert_eq!(serde_json::to_value(&page).unwrap(), list);
    }

    #[test]
    fn unknown_statuses_are_kept() {
        let batch: Batch = serde_json::from_value(json!({"id": "b", "status": "paused"})).unwrap();
        assert_eq!(batch.status, Some(BatchStatus::Other("paused".into())));
        assert!(!BatchStatus::from("paused").is_terminal());
        assert_eq!(serde_json::to_value(&batch).unwrap()["status"], "paused");
    }

    #[test]
    fn output_lines_decode_their_body() {
        let text = r#"{"id":"batch_req_1","custom_id":"request-1","response":{"status_code":200,"request_id":"req_1","body":{"id":"chatcmpl-1","object":"chat.completion","created":1711652795,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hello."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":22,"completion_tokens":2,"total_tokens":24},"system_fingerprint":"fp_1"}},"error":null}"#;
        let line: BatchOutputLine = serde_json::from_str(text).unwrap();
        assert!(line.is_success());
        assert_eq!(line.custom_id, "request-1");
        let response = line.response.as_ref().unwrap();
        assert_eq!((response.status_code, response.request_id.as_deref()), (200, Some("req_1")));
        let completion = line.chat_completion().unwrap().unwrap();
        assert_eq!(completion.text(), Some("Hello."));
        assert_eq!(completion.usage.unwrap().total_tokens, 24);
        let as_value: Value = line.body_as().unwrap().unwrap();
        assert_eq!(as_value["id"], "chatcmpl-1");
        assert_eq!(serde_json::to_string(&line).unwrap(), text, "byte for byte");

        let failed: BatchOutputLine = serde_json::from_value(json!({
            "id": "batch_req_2", "custom_id": "request-2", "response": null,
            "error": {"code": "batch_expired", "message": "This request could not be executed before the completion window expired."}
        }))
        .unwrap();
        assert!(!failed.is_success());
        assert!(failed.chat_completion().is_none());
        assert_eq!(failed.error.as_ref().unwrap().code.as_deref(), Some("batch_expired"));

        let error_status: BatchOutputLine = serde_json::from_value(json!({
            "custom_id": "r3", "response": {"status_code": 400, "body": {"error": {"message": "bad"}}}
        }))
        .unwrap();
        assert!(!error_status.is_success());
        let error = error_status.chat_completion().unwrap();
        assert!(error.is_ok(), "a lenient ChatCompletion reads an error body: {error:?}");
        let error = error_status.body_as::<Vec<u8>>().unwrap().unwrap_err().to_string();
        assert!(error.contains("invalid type"), "{error}");
    }

    #[test]
    fn errors_name_the_field_path() {
        let error = serde_json::from_str::<BatchOutputLine>(r#"{"custom_id":"a","response":{"status_code":"ok"}}"#)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("response: status_code: invalid type: string \"ok\""), "{error}");
        let error = serde_json::from_value::<Batch>(json!({"request_counts": {"total": -1}})).unwrap_err().to_string();
        assert!(error.starts_with("request_counts: total: invalid value"), "{error}");
    }
}
