//! The files API: `POST /files` (a multipart upload) and `GET /files/{id}` give a
//! [`FileObject`], `GET /files` a [`FileList`] page, `DELETE /files/{id}` a [`FileDeleted`].
//! `GET /files/{id}/content` stays a download of the file's bytes.

use crate::types::Extra;

use super::object::{json_object, string_enum};

string_enum! {
    /// The processing status of a [`FileObject`] (deprecated by OpenAI, still sent).
    pub enum FileStatus {
        /// `"uploaded"`: received, not processed yet.
        Uploaded = "uploaded",
        /// `"processed"`: ready to use.
        Processed = "processed",
        /// `"error"`: processing failed, see `status_details`.
        Error = "error",
        /// `"deleted"`: the file was deleted (a state the SDK's `wait_for_processing` ends on).
        Deleted = "deleted",
    }
}

/// An uploaded file (`"object": "file"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileObject {
    /// The file's id (`file-...`), as other endpoints name it.
    pub id: String,
    /// `"file"`.
    pub object: String,
    /// Its size, in bytes.
    pub bytes: u64,
    /// When it was uploaded, in Unix seconds.
    pub created_at: i64,
    /// Its name.
    pub filename: String,
    /// What it is for: `"batch"`, `"batch_output"`, `"assistants"`, `"fine-tune"`, `"vision"`,
    /// `"user_data"`, ...
    pub purpose: String,
    /// Whether it is processed.
    pub status: Option<FileStatus>,
    /// When it expires, in Unix seconds.
    pub expires_at: Option<i64>,
    /// Why processing failed, when it did.
    pub status_details: Option<String>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(FileObject {
    id: default,
    object: default,
    bytes: default,
    created_at: default,
    filename: default,
    purpose: default,
    status: opt,
    expires_at: opt,
    status_details: opt,
});

/// A page of `GET /files` (`"object": "list"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileList {
    /// `"list"`.
    pub object: String,
    /// The files of this page.
    pub data: Vec<FileObject>,
    /// The id of the page's first file.
    pub first_id: Option<String>,
    /// The id of the page's last file (the `after` of the next page).
    pub last_id: Option<String>,
    /// Whether more files follow.
    pub has_more: Option<bool>,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(FileList { object: default, data: default, first_id: opt, last_id: opt, has_more: opt });

/// The answer to `DELETE /files/{id}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileDeleted {
    /// The file's id.
    pub id: String,
    /// `"file"`.
    pub object: String,
    /// Whether it was deleted.
    pub deleted: bool,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(FileDeleted { id: default, object: default, deleted: default });

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn file_objects_round_trip_with_provider_fields() {
        let value = json!({
            "id": "file-abc123", "object": "file", "bytes": 120000, "created_at": 1677610602,
            "filename": "batch.jsonl", "purpose": "batch", "status": "processed",
            "expires_at": null, "status_details": null, "provider": "openai"
        });
        let file: FileObject = serde_json::from_value(value.clone()).unwrap();
        assert_eq!((file.id.as_str(), file.bytes, file.created_at), ("file-abc123", 120000, 1677610602));
        assert_eq!(file.status, Some(FileStatus::Processed));
        assert_eq!((file.expires_at, file.status_details.as_deref()), (None, None));
        assert_eq!(file.extra["provider"], "openai");
        assert_eq!(serde_json::to_value(&file).unwrap(), value);
    }

    #[test]
    fn an_unknown_status_is_kept() {
        let value = json!({"id": "f", "object": "file", "bytes": 1, "created_at": 2, "filename": "a",
                           "purpose": "evals", "status": "scanning"});
        let file: FileObject = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(file.status, Some(FileStatus::Other("scanning".into())));
        assert_eq!(file.status.as_ref().map(FileStatus::as_str), Some("scanning"));
        assert_eq!(serde_json::to_value(&file).unwrap(), value);
    }

    #[test]
    fn lists_and_deletions_round_trip() {
        let value = json!({
            "object": "list", "has_more": false, "first_id": "file-1", "last_id": "file-2",
            "data": [
                {"id": "file-1", "object": "file", "bytes": 10, "created_at": 1, "filename": "a.jsonl",
                 "purpose": "batch", "status": "uploaded"},
                {"id": "file-2", "object": "file", "bytes": 20, "created_at": 2, "filename": "b.jsonl",
                 "purpose": "batch_output", "status": "processed", "expires_at": 1700000000}
            ]
        });
        let list: FileList = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(list.data.len(), 2);
        assert_eq!(list.data[1].expires_at, Some(1700000000));
        assert_eq!(list.has_more, Some(false));
        assert_eq!(serde_json::to_value(&list).unwrap(), value);
        let value = json!({"id": "file-1", "object": "file", "deleted": true});
        let deleted: FileDeleted = serde_json::from_value(value.clone()).unwrap();
        assert!(deleted.deleted);
        assert_eq!(serde_json::to_value(&deleted).unwrap(), value);
    }

    #[test]
    fn errors_name_the_field_path() {
        let error =
            serde_json::from_value::<FileList>(json!({"data": [{"id": "f", "bytes": "big"}]})).unwrap_err().to_string();
        assert!(error.starts_with("data: bytes: invalid type: string \"big\""), "{error}");
    }
}
