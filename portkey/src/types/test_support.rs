//! What the types' unit tests share.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes `value` from text and from a `Value`, checks both agree and that it writes back
/// the same JSON.
pub(crate) fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(value: Value) -> T {
    let text = serde_json::to_string(&value).unwrap();
    let from_text: T = serde_json::from_str(&text).unwrap();
    let from_value: T = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(from_text, from_value);
    assert_eq!(serde_json::to_value(&from_text).unwrap(), value, "nothing lost");
    from_text
}
