//! Paging through list replies as the SDK's vendored OpenAI client does (`pagination.py`):
//! items in `data`; the next page is the same request with `after` set, taken from the last
//! item's `id` (cursor pages) or from `last_id` (conversation pages). A reply with
//! `has_more: false`, no items, or no cursor is the last page; `page` lists have one page.

use serde_json::Value;

/// How a list endpoint pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paging {
    /// `after` = the last item's `id`.
    Cursor,
    /// `after` = the page's `last_id`.
    ConversationCursor,
    /// One page only.
    Single,
}

impl Paging {
    /// The schema's name for it (`cursor`, `conversation_cursor`, `page`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "cursor" => Some(Paging::Cursor),
            "conversation_cursor" => Some(Paging::ConversationCursor),
            "page" => Some(Paging::Single),
            _ => None,
        }
    }

    /// The `after` value of the page following `page`, if there is one.
    pub fn next_after(self, page: &Value) -> Option<String> {
        let items = page.get("data").and_then(Value::as_array).filter(|items| !items.is_empty())?;
        if page.get("has_more") == Some(&Value::Bool(false)) {
            return None;
        }
        let cursor = match self {
            Paging::Single => return None,
            Paging::Cursor => items.last()?.get("id"),
            Paging::ConversationCursor => page.get("last_id"),
        };
        cursor.and_then(Value::as_str).filter(|c| !c.is_empty()).map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::Paging;
    use serde_json::json;

    #[test]
    fn the_next_cursor_follows_the_sdk() {
        let page = json!({"data": [{"id": "a"}, {"id": "b"}], "has_more": true, "last_id": "z"});
        assert_eq!(Paging::Cursor.next_after(&page).as_deref(), Some("b"));
        assert_eq!(Paging::ConversationCursor.next_after(&page).as_deref(), Some("z"));
        assert_eq!(Paging::Single.next_after(&page), None);
        // has_more absent: the SDK asks for another page.
        assert_eq!(Paging::Cursor.next_after(&json!({"data": [{"id": "a"}]})).as_deref(), Some("a"));
        for last in [
            json!({"data": [{"id": "a"}], "has_more": false}),
            json!({"data": [], "has_more": true}),
            json!({"data": [{"name": "no id"}], "has_more": true}),
            json!({"has_more": true}),
        ] {
            assert_eq!(Paging::Cursor.next_after(&last), None, "{last}");
        }
        assert_eq!(Paging::ConversationCursor.next_after(&json!({"data": [{}], "last_id": ""})), None);
    }
}
