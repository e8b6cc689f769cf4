//! The JSON-object machinery shared by every struct in [`crate::types`].
//!
//! A struct lists its named fields once in [`json_object!`], which implements `Serialize` and
//! `Deserialize` so that nothing is lost on the way through:
//!
//! * fields the struct does not name are collected in its `extra` map and written back after
//!   the named ones;
//! * an explicit `null` for a named field reads as `None` (or the field's default) and is kept
//!   in `extra`, so it is written back as `null`, while a field that was absent stays absent;
//! * a key in `extra` that a named field also has is written only while that field is unset
//!   (`None`, or its default value), so `extra` never produces a duplicate key.
//!
//! `serde(flatten)` keeps unknown fields too, but it cannot tell `"refusal": null` from a
//! missing `refusal`, and OpenAI sends both; hence the hand-rolled impls.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// The fields of a JSON object being read into a struct; what is not taken ends up in `extra`.
/// `E` is the error type of the deserializer the object came from.
pub(crate) struct Reader<E>(Map<String, Value>, PhantomData<fn() -> E>);

impl<E: serde::de::Error> Reader<E> {
    /// Reads a JSON object.
    pub(crate) fn new<'de, D: Deserializer<'de, Error = E>>(deserializer: D) -> Result<Self, E> {
        Ok(Reader(Map::deserialize(deserializer)?, PhantomData))
    }

    /// An optional field: absent or `null` reads as `None`; a `null` stays behind for `extra`.
    pub(crate) fn opt<T: DeserializeOwned>(&mut self, key: &str) -> Result<Option<T>, E> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.take(key).map(Some),
        }
    }

    /// A field with a default: absent or `null` reads as `default()`; a `null` stays behind.
    pub(crate) fn or<T: DeserializeOwned>(&mut self, key: &str, default: impl FnOnce() -> T) -> Result<T, E> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(default()),
            Some(_) => self.take(key),
        }
    }

    fn take<T: DeserializeOwned>(&mut self, key: &str) -> Result<T, E> {
        // `shift_remove` keeps the order of what is left for `extra`.
        let value = self.0.shift_remove(key).unwrap_or(Value::Null);
        T::deserialize(value).map_err(|error| E::custom(format_args!("{key}: {error}")))
    }

    /// What no named field took: the `extra` map.
    pub(crate) fn finish(self) -> Map<String, Value> {
        self.0
    }
}

/// Writes a struct as a JSON object: the named fields, then the `extra` entries not yet written.
pub(crate) struct Writer<'a, M> {
    map: M,
    extra: &'a Map<String, Value>,
    written: Vec<&'static str>,
}

impl<'a, M: SerializeMap> Writer<'a, M> {
    pub(crate) fn new(map: M, extra: &'a Map<String, Value>) -> Self {
        Writer { map, extra, written: Vec::new() }
    }

    /// An optional field: written when `Some`; when `None`, `extra` may supply it (e.g. `null`).
    pub(crate) fn opt<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) -> Result<(), M::Error> {
        match value {
            Some(value) => self.entry(key, value),
            None => Ok(()),
        }
    }

    /// A field with a default: always written, unless it holds its default and `extra` has it.
    pub(crate) fn or<T: Serialize + PartialEq>(
        &mut self,
        key: &'static str,
        value: &T,
        default: impl FnOnce() -> T,
    ) -> Result<(), M::Error> {
        if self.extra.contains_key(key) && *value == default() { Ok(()) } else { self.entry(key, value) }
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), M::Error> {
        self.written.push(key);
        self.map.serialize_entry(key, value)
    }

    /// Writes the `extra` entries no named field wrote, and closes the object.
    pub(crate) fn finish(mut self) -> Result<M::Ok, M::Error> {
        for (key, value) in self.extra {
            if !self.written.contains(&key.as_str()) {
                self.map.serialize_entry(key, value)?;
            }
        }
        self.map.end()
    }
}

/// Implements `Serialize` and `Deserialize` for a struct with named fields and an `extra` map.
///
/// ```text
/// json_object!(ToolCall {
///     id: default,                          // T: Default; absent/null -> T::default()
///     r#type as "type": or(function_type()), // absent/null -> the given value
///     function: default,
///     name: opt,                            // Option<T>; absent/null -> None
/// });
/// ```
///
/// Every field but `extra` must be listed (the generated struct literal checks it).
macro_rules! json_object {
    ($ty:ident { $($field:ident $(as $key:literal)? : $kind:ident $(($default:expr))?),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let mut fields = $crate::types::object::Reader::new(deserializer)?;
                Ok($ty {
                    $($field: $crate::types::object::json_object!(
                        @read fields, $crate::types::object::json_object!(@key $field $($key)?), $kind $(($default))?
                    ),)*
                    extra: fields.finish(),
                })
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let map = ::serde::Serializer::serialize_map(serializer, None)?;
                let mut out = $crate::types::object::Writer::new(map, &self.extra);
                $($crate::types::object::json_object!(
                    @write out, $crate::types::object::json_object!(@key $field $($key)?), &self.$field,
                    $kind $(($default))?
                );)*
                out.finish()
            }
        }
    };
    (@key $field:ident) => { stringify!($field) };
    (@key $field:ident $key:literal) => { $key };
    (@read $fields:ident, $key:expr, opt) => { $fields.opt($key)? };
    (@read $fields:ident, $key:expr, default) => { $fields.or($key, Default::default)? };
    (@read $fields:ident, $key:expr, or($default:expr)) => { $fields.or($key, || $default)? };
    (@write $out:ident, $key:expr, $value:expr, opt) => { $out.opt($key, $value)? };
    (@write $out:ident, $key:expr, $value:expr, default) => { $out.or($key, $value, Default::default)? };
    (@write $out:ident, $key:expr, $value:expr, or($default:expr)) => { $out.or($key, $value, || $default)? };
}

pub(crate) use json_object;

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    #[derive(Debug, Clone, PartialEq, Default)]
    struct Probe {
        name: String,
        count: u32,
        kind: String,
        note: Option<String>,
        extra: Map<String, Value>,
    }

    json_object!(Probe { name: default, count: default, kind as "type": or("x".to_owned()), note: opt });

    fn round_trip(value: Value) -> Probe {
        let probe: Probe = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&probe).unwrap(), value);
        probe
    }

    #[test]
    fn keeps_unknown_fields_and_nulls() {
        let probe = round_trip(json!({"name": "a", "count": 2, "type": "y", "note": null, "more": [1, {"b": null}]}));
        assert_eq!(probe.name, "a");
        assert_eq!(probe.kind, "y");
        assert_eq!(probe.note, None);
        assert_eq!(probe.extra.len(), 2);
        let probe = round_trip(json!({"name": null, "count": null, "type": null}));
        assert_eq!((probe.name.as_str(), probe.count, probe.kind.as_str()), ("", 0, "x"));
        round_trip(json!({"name": "a", "count": 0, "type": "x"}));
    }

    #[test]
    fn absent_fields_get_defaults() {
        let probe: Probe = serde_json::from_value(json!({})).unwrap();
        assert_eq!(probe, Probe { kind: "x".into(), ..Probe::default() });
        assert_eq!(serde_json::to_value(&probe).unwrap(), json!({"name": "", "count": 0, "type": "x"}));
    }

    #[test]
    fn a_set_field_wins_over_extra() {
        let mut probe: Probe = serde_json::from_value(json!({"name": null, "note": null})).unwrap();
        probe.note = Some("n".into());
        probe.name = "m".into();
        let text = serde_json::to_string(&probe).unwrap();
        assert_eq!(text, r#"{"name":"m","count":0,"type":"x","note":"n"}"#);
    }

    #[test]
    fn errors_name_the_field() {
        let error = serde_json::from_value::<Probe>(json!({"count": "many"})).unwrap_err().to_string();
        assert!(error.starts_with("count: invalid type: string \"many\""), "{error}");
        assert!(serde_json::from_value::<Probe>(json!([1])).is_err());
    }
}
