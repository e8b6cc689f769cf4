//! What the batch types cannot declare: whether a batch is done, and an output line's reply
//! decoded as the endpoint's type.

use serde::de::DeserializeOwned;

use super::{BatchOutputLine, BatchOutputResponse, BatchStatus};

impl BatchStatus {
    /// Whether the batch will not change any more: completed, failed, expired or cancelled.
    pub fn is_terminal(&self) -> bool {
        matches!(self, BatchStatus::Completed | BatchStatus::Failed | BatchStatus::Expired | BatchStatus::Cancelled)
    }
}

impl BatchOutputLine {
    /// Whether the request got a reply with a 2xx status and no error.
    pub fn is_success(&self) -> bool {
        self.error.is_none()
            && self.response.as_ref().and_then(|r| r.status_code).is_some_and(|status| (200..300).contains(&status))
    }

    /// The reply's body decoded as `T`, when there is a reply.
    pub fn body_as<T: DeserializeOwned>(&self) -> Option<Result<T, serde_json::Error>> {
        self.response.as_deref().map(BatchOutputResponse::body_as)
    }

    /// The reply's body as a chat completion (for a batch of `/v1/chat/completions`).
    #[cfg(feature = "chat")]
    pub fn chat_completion(&self) -> Option<Result<super::ChatCompletion, serde_json::Error>> {
        self.body_as()
    }
}

impl BatchOutputResponse {
    /// The body decoded as `T` (an empty object when there is none).
    pub fn body_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        match &self.body {
            Some(body) => T::deserialize(serde_json::Value::Object(body.clone())),
            None => T::deserialize(serde_json::Value::Object(Default::default())),
        }
    }
}
