//! `GET /models`, `GET /models/{model}` and `DELETE /models/{model}`: [`ModelList`], [`Model`]
//! and [`ModelDeleted`].

use crate::types::Extra;

use super::object::json_object;

/// A model the gateway can route to (`"object": "model"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Model {
    /// The model's id, as requests name it.
    pub id: String,
    /// `"model"`.
    pub object: String,
    /// When it was created, in Unix seconds.
    pub created: Option<i64>,
    /// Who owns it.
    pub owned_by: Option<String>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(Model { id: default, object: default, created: opt, owned_by: opt });

/// The answer to `GET /models` (`"object": "list"`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelList {
    /// `"list"`.
    pub object: String,
    /// The models.
    pub data: Vec<Model>,
    /// Fields this type does not name, kept as they came (and sent as given, for requests).
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ModelList { object: default, data: default });

/// The answer to `DELETE /models/{model}` (a fine-tuned model of yours).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelDeleted {
    /// The model's id.
    pub id: String,
    /// `"model"`.
    pub object: String,
    /// Whether it was deleted.
    pub deleted: bool,
    /// Fields this type does not name, kept as they came.
    /// An explicit `null` for a named field is kept here too, so it is written back as `null`.
    pub extra: Extra,
}

json_object!(ModelDeleted { id: default, object: default, deleted: default });

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn model_list_round_trips() {
        let value = json!({
            "object": "list",
            "data": [
                {"id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system"},
                {"id": "@openai-prod/gpt-4o", "object": "model", "provider": {"id": "openai"}, "slug": "gpt-4o"},
                {"id": "claude-3-5-sonnet", "object": "model", "created": null, "owned_by": null}
            ],
            "total": 3
        });
        let list: ModelList = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(list.object, "list");
        assert_eq!(list.data.len(), 3);
        assert_eq!(list.data[0].created, Some(1721172741));
        assert_eq!(list.data[0].owned_by.as_deref(), Some("system"));
        assert_eq!(list.data[1].created, None);
        assert_eq!(list.data[1].extra["slug"], "gpt-4o");
        assert_eq!(list.data[2].owned_by, None);
        assert_eq!(list.extra["total"], 3);
        assert_eq!(serde_json::to_value(&list).unwrap(), value);
    }

    #[test]
    fn model_is_lenient() {
        let model: Model = serde_json::from_value(json!({"id": "m"})).unwrap();
        assert_eq!(model, Model { id: "m".into(), ..Model::default() });
        let list: ModelList = serde_json::from_value(json!({"data": null})).unwrap();
        assert!(list.data.is_empty());
        assert_eq!(serde_json::to_value(&list).unwrap(), json!({"object": "", "data": null}));
    }

    #[test]
    fn model_deleted_round_trips() {
        let value = json!({"id": "ft:gpt-4o-mini:acemeco:suffix:abc123", "object": "model", "deleted": true});
        let deleted: ModelDeleted = serde_json::from_value(value.clone()).unwrap();
        assert!(deleted.deleted);
        assert_eq!(serde_json::to_value(&deleted).unwrap(), value);
        let error = serde_json::from_value::<ModelDeleted>(json!({"deleted": "yes"})).unwrap_err().to_string();
        assert!(error.starts_with("deleted: invalid type: string \"yes\""), "{error}");
    }
}
