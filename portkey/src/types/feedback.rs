//! `POST /feedback`: [`FeedbackRequest`], answered by a [`FeedbackResponse`].
//!
//! The Python SDK's `feedback.create(trace_id=, value=, weight=, metadata=)` sends those four
//! fields, leaving out the ones not given; so does [`FeedbackRequest`].

use serde_json::{Map, Value};

use crate::types::Extra;

use super::object::json_object;

/// The body of `POST /feedback`: feedback on the requests of a trace.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeedbackRequest {
    /// The trace the feedback is about (the `x-portkey-trace-id` of its requests).
    pub trace_id: String,
    /// The feedback's value, from -10 to 10.
    pub value: Option<i64>,
    /// The feedback's weight, from 0 to 1 (1 when not given).
    pub weight: Option<f64>,
    /// Key-value pairs stored with the feedback.
    pub metadata: Option<Map<String, Value>>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(FeedbackRequest { trace_id: default, value: opt, weight: opt, metadata: opt });

impl FeedbackRequest {
    /// Feedback `value` on the trace `trace_id`, without weight or metadata.
    pub fn new(trace_id: impl Into<String>, value: i64) -> Self {
        FeedbackRequest { trace_id: trace_id.into(), value: Some(value), ..Self::default() }
    }
}

/// The answer to a [`FeedbackRequest`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeedbackResponse {
    /// `"success"` when the feedback was recorded.
    pub status: Option<String>,
    /// A human-readable message.
    pub message: Option<String>,
    /// The ids of the recorded feedback.
    pub feedback_ids: Vec<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(FeedbackResponse { status: opt, message: opt, feedback_ids: default });

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn request_sends_only_what_is_given() {
        let request = FeedbackRequest::new("trace-1", 1);
        assert_eq!(serde_json::to_value(&request).unwrap(), json!({"trace_id": "trace-1", "value": 1}));
        let mut metadata = Map::new();
        metadata.insert("user".into(), json!("u-1"));
        let request = FeedbackRequest { weight: Some(0.5), metadata: Some(metadata), ..request };
        let value = json!({"trace_id": "trace-1", "value": 1, "weight": 0.5, "metadata": {"user": "u-1"}});
        assert_eq!(serde_json::to_value(&request).unwrap(), value);
        assert_eq!(serde_json::from_value::<FeedbackRequest>(value).unwrap(), request);
    }

    #[test]
    fn response_round_trips() {
        let value = json!({"status": "success", "message": "Feedback successfully saved",
                           "feedback_ids": ["f0c1a2b3-0000-4000-8000-000000000001"], "request_id": "r-1"});
        let response: FeedbackResponse = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(response.status.as_deref(), Some("success"));
        assert_eq!(response.feedback_ids, ["f0c1a2b3-0000-4000-8000-000000000001"]);
        assert_eq!(response.extra["request_id"], "r-1");
        assert_eq!(serde_json::to_value(&response).unwrap(), value);

        let value = json!({"status": "failure", "message": "Invalid trace_id", "feedback_ids": null});
        let response: FeedbackResponse = serde_json::from_value(value.clone()).unwrap();
        assert!(response.feedback_ids.is_empty());
        assert_eq!(serde_json::to_value(&response).unwrap(), value);

        let response: FeedbackResponse = serde_json::from_value(json!({})).unwrap();
        assert_eq!(response, FeedbackResponse::default());
    }
}
