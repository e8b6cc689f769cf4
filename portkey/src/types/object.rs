//! The JSON-object machinery shared by every struct in [`crate::types`].
//!
//! A struct lists its named fields once in [`json_object!`], which implements `Serialize` and
//! `Deserialize` so that nothing is lost on the way through:
//!
//! * fields the struct does not name are collected in its `extra` ([`Extra`]) and written back after
//!   the named ones;
//! * an explicit `null` for a named field reads as `None` (or the field's default) and is kept
//!   in `extra`, so it is written back as `null`, while a field that was absent stays absent;
//! * a key in `extra` that a named field also has is written only while that field is unset
//!   (`None`, or its default value), so `extra` never produces a duplicate key.
//!
//! `serde(flatten)` keeps unknown fields too, but it cannot tell `"refusal": null` from a
//! missing `refusal`, and OpenAI sends both; hence the hand-rolled impls.
//!
//! Reading goes straight from the deserializer, in one pass: each named field's value is
//! deserialized as its own type, and only what goes to `extra` becomes a [`Value`]. An error in
//! a named field is prefixed with its key (`choices: message: role: invalid type: ...`). With
//! duplicate keys the last value wins (each one is still deserialized, so an invalid earlier one
//! is an error); an unknown key keeps the position of its first occurrence in `extra`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::{self, Deserialize, Deserializer, MapAccess};
use serde::ser::SerializeMap;
use serde_json::Value;

use super::Extra;

/// A key of a JSON object being read; borrowed from the input when the deserializer allows it,
/// so matching it against the named fields costs no allocation.
pub(crate) enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }

    pub(crate) fn into_string(self) -> String {
        match self {
            Key::Borrowed(key) => key.to_owned(),
            Key::Owned(key) => key,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(key))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(key.to_owned()))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(key))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The next key of the object being read, if any.
pub(crate) fn next_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Key<'de>>, A::Error> {
    map.next_key()
}

/// Reads the value of a key no named field has into `extra`. Duplicate keys: the last value wins,
/// at the position of the first, once the reader calls [`Extra::dedup`].
pub(crate) fn read_extra<'de, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut Extra,
    key: Key<'de>,
) -> Result<(), A::Error> {
    let value = map.next_value::<Value>()?;
    extra.push(Cow::Owned(key.into_string()), value);
    Ok(())
}

/// Reads a constant's value: the expected one is not stored (it is written back as the
/// constant); any other value is kept in `extra`, so it is written back as it came.
pub(crate) fn read_const<'de, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut Extra,
    key: &'static str,
    expected: &str,
    seen: &mut bool,
) -> Result<(), A::Error> {
    let value: Constant<'de> = map.next_value().map_err(|e| prefixed(key, e))?;
    *seen = true;
    // A key that came twice: the last value wins.
    extra.remove(key);
    match value {
        Constant::Text(text) if text.as_str() == expected => {}
        Constant::Text(text) => extra.push(Cow::Borrowed(key), Value::String(text.into_string())),
        Constant::Other(other) => extra.push(Cow::Borrowed(key), other),
    }
    Ok(())
}

/// A constant's value as read: text (borrowed when it can be), or anything else.
enum Constant<'de> {
    Text(Key<'de>),
    Other(Value),
}

impl<'de> Deserialize<'de> for Constant<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ConstantVisitor;

        impl<'de> de::Visitor<'de> for ConstantVisitor {
            type Value = Constant<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a JSON value")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Constant::Text(Key::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Constant::Text(Key::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Constant::Text(Key::Owned(v)))
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Constant::Other(Value::Bool(v)))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Constant::Other(v.into()))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Constant::Other(v.into()))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Constant::Other(v.into()))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Constant::Other(Value::Null))
            }

            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Constant::Other(Value::Null))
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(Constant::Other)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(Constant::Other)
            }
        }

        deserializer.deserialize_any(ConstantVisitor)
    }
}

/// `1 << bit` when `set`: the absent keys of an object being read.
pub(crate) fn bit(set: bool, bit: u32) -> u64 {
    u64::from(set) << bit
}

/// Reads a string, borrowed from the input when the deserializer allows it.
pub(crate) fn deserialize_key<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Key<'de>, D::Error> {
    Key::deserialize(deserializer)
}

/// Reads a [`JsonFields`] struct from a JSON object.
pub(crate) fn deserialize_object<'de, D: Deserializer<'de>, T: JsonFields>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(FieldsVisitor::<T>(PhantomData))
}

/// Writes a [`JsonFields`] struct as a JSON object.
pub(crate) fn serialize_object<S: serde::Serializer, T: JsonFields>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    write_object(value, serializer)
}

/// A named field while its object is being read.
pub(crate) enum Slot<T> {
    /// Not (yet) in the object.
    Absent,
    /// An explicit `null`, which is also kept in `extra`.
    Null,
    /// A value.
    Set(T),
}

impl<T> Slot<T> {
    /// Reads the field's value straight from the object: `null` reads as unset and goes to `extra`
    /// too; anything else is deserialized as `T`, and an error names the field. Duplicate keys:
    /// each value is read, the last one wins.
    pub(crate) fn read<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        extra: &mut Extra,
        key: &'static str,
    ) -> Result<(), A::Error>
    where
        T: Deserialize<'de>,
    {
        match map.next_value::<Option<T>>() {
            Ok(Some(value)) => {
                if let Slot::Null = self {
                    // Its one `null` entry (see below); the others keep their order.
                    extra.remove(key);
                }
                *self = Slot::Set(value);
            }
            Ok(None) => {
                // The key of a named field is static: kept without an allocation.
                if !matches!(self, Slot::Null) {
                    extra.push(Cow::Borrowed(key), Value::Null);
                }
                *self = Slot::Null;
            }
            Err(error) => return Err(prefixed(key, error)),
        }
        Ok(())
    }

    /// Whether the key was not in the object at all.
    pub(crate) fn is_absent(&self) -> bool {
        matches!(self, Slot::Absent)
    }

    /// The value read, if any (absent or `null` give `None`).
    pub(crate) fn get(self) -> Option<T> {
        match self {
            Slot::Set(value) => Some(value),
            Slot::Absent | Slot::Null => None,
        }
    }
}

/// `error`, with the field it came from in front: `"{key}: {error}"`.
///
/// A position that `serde_json` appended (`" at line 1 column 42"`) is dropped from the inner
/// message: the new error gets the position again once it leaves the enclosing object, and
/// keeping both would repeat it at every level of nesting.
#[cold]
pub(crate) fn prefixed<E: de::Error>(key: &str, error: E) -> E {
    let message = error.to_string();
    E::custom(format_args!("{key}: {}", without_position(&message)))
}

fn without_position(message: &str) -> &str {
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    match message.rsplit_once(" at line ") {
        Some((head, tail)) if tail.split_once(" column ").is_some_and(|(l, c)| digits(l) && digits(c)) => head,
        _ => message,
    }
}

/// Writes a struct as a JSON object: the named fields, then the `extra` entries not yet written.
pub(crate) struct Writer<'a, M> {
    map: M,
    extra: &'a Extra,
    written: Vec<&'static str>,
}

impl<'a, M: SerializeMap> Writer<'a, M> {
    pub(crate) fn new(map: M, extra: &'a Extra) -> Self {
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

    /// A field written as given (a tagged enum's `type`, say): `extra` no longer supplies `key`.
    pub(crate) fn entry<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), M::Error> {
        // Only `finish` reads what was written, and only to skip entries of `extra`.
        if !self.extra.is_empty() {
            self.written.push(key);
        }
        self.map.serialize_entry(key, value)
    }

    /// A required field (bit `bit` among the object's required fields and constants): written,
    /// unless it holds its default and was missing when read, or `extra` has it (a `null`).
    pub(crate) fn required<T: Serialize + PartialEq>(
        &mut self,
        key: &'static str,
        bit: u32,
        value: &T,
        default: impl FnOnce() -> T,
    ) -> Result<(), M::Error> {
        let unset = self.extra.is_absent(bit) || (!self.extra.is_empty() && self.extra.contains_key(key));
        if unset && *value == default() { Ok(()) } else { self.entry(key, value) }
    }

    /// A constant (`"object": "chat.completion"`): written, unless it was missing when read; a
    /// different value that was read (kept in `extra`) is written in its place.
    pub(crate) fn constant(&mut self, key: &'static str, bit: u32, value: &'static str) -> Result<(), M::Error> {
        if self.extra.is_absent(bit) {
            return Ok(());
        }
        match self.extra.get(key) {
            Some(other) => self.entry(key, other),
            None => self.entry(key, value),
        }
    }

    /// Writes the `extra` entries no named field wrote, and closes the object.
    pub(crate) fn finish(mut self) -> Result<M::Ok, M::Error> {
        for (key, value) in self.extra {
            if !self.written.contains(&key) {
                self.map.serialize_entry(key, value)?;
            }
        }
        self.map.end()
    }
}

/// A struct of [`json_object!`]: its fields can be read from a map already opened (the rest of
/// an object whose `type` was read first, see [`super::tagged`]) and written into one (after a
/// `type`).
pub(crate) trait JsonFields: Sized {
    /// Reads the struct from the object's remaining entries.
    fn read_fields<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
    /// The fields the struct does not name.
    fn extra(&self) -> &Extra;
    /// Writes the named fields; the caller writes what is left of `extra` (with [`Writer::finish`]).
    fn write_fields<M: SerializeMap>(&self, out: &mut Writer<'_, M>) -> Result<(), M::Error>;
}

/// Reads a [`JsonFields`] struct from a JSON object.
pub(crate) struct FieldsVisitor<T>(pub(crate) PhantomData<T>);

impl<'de, T: JsonFields> de::Visitor<'de> for FieldsVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read_fields(map)
    }
}

/// Writes a [`JsonFields`] struct as a JSON object.
pub(crate) fn write_object<S: serde::Serializer, T: JsonFields>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let map = serializer.serialize_map(None)?;
    let mut out = Writer::new(map, value.extra());
    value.write_fields(&mut out)?;
    out.finish()
}

/// Implements `Serialize`, `Deserialize` and [`JsonFields`] for a struct with named fields and an
/// `extra` ([`Extra`]).
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
        impl $crate::types::object::JsonFields for $ty {
            fn read_fields<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $(let mut $field = $crate::types::object::Slot::Absent;)*
                let mut extra = $crate::types::Extra::new();
                while let Some(key) = $crate::types::object::next_key(&mut map)? {
                    match key.as_str() {
                        $($crate::types::object::json_object!(@key $field $($key)?) => $field.read(
                            &mut map,
                            &mut extra,
                            $crate::types::object::json_object!(@key $field $($key)?),
                        )?,)*
                        _ => $crate::types::object::read_extra(&mut map, &mut extra, key)?,
                    }
                }
                extra.dedup();
                Ok($ty {
                    $($field: $crate::types::object::json_object!(@get $field, $kind $(($default))?),)*
                    extra,
                })
            }

            fn extra(&self) -> &$crate::types::Extra {
                &self.extra
            }

            fn write_fields<M: ::serde::ser::SerializeMap>(
                &self,
                out: &mut $crate::types::object::Writer<'_, M>,
            ) -> Result<(), M::Error> {
                $($crate::types::object::json_object!(
                    @write out, $crate::types::object::json_object!(@key $field $($key)?), &self.$field,
                    $kind $(($default))?
                );)*
                Ok(())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                ::serde::Deserializer::deserialize_map(
                    deserializer,
                    $crate::types::object::FieldsVisitor::<$ty>(::std::marker::PhantomData),
                )
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::types::object::write_object(self, serializer)
            }
        }
    };
    (@key $field:ident) => { stringify!($field) };
    (@key $field:ident $key:literal) => { $key };
    (@get $slot:ident, opt) => { $slot.get() };
    (@get $slot:ident, default) => { $slot.get().unwrap_or_default() };
    (@get $slot:ident, or($default:expr)) => { $slot.get().unwrap_or_else(|| $default) };
    (@write $out:ident, $key:expr, $value:expr, opt) => { $out.opt($key, $value)? };
    (@write $out:ident, $key:expr, $value:expr, default) => { $out.or($key, $value, Default::default)? };
    (@write $out:ident, $key:expr, $value:expr, or($default:expr)) => { $out.or($key, $value, || $default)? };
}

pub(crate) use json_object;

/// Builder methods setting optional fields of a request type (JSON or multipart): `name: String => "doc"` gives
/// `pub fn name(self, value: impl Into<String>) -> Self`, `name = u32 => "doc"` gives
/// `pub fn name(self, value: u32) -> Self` (so that integer literals need no suffix); each is
/// documented "Sets `name`: doc".
macro_rules! setters {
    ($($name:ident $(: $into:ty)? $(= $plain:ty)? => $doc:literal,)*) => {
        $($crate::types::object::setters!(@one $name $(: $into)? $(= $plain)? => $doc);)*
    };
    (@one $name:ident : $ty:ty => $doc:literal) => {
        #[doc = concat!("Sets `", stringify!($name), "`: ", $doc)]
        pub fn $name(mut self, value: impl Into<$ty>) -> Self {
            self.$name = Some(value.into());
            self
        }
    };
    (@one $name:ident = $ty:ty => $doc:literal) => {
        #[doc = concat!("Sets `", stringify!($name), "`: ", $doc)]
        pub fn $name(mut self, value: $ty) -> Self {
            self.$name = Some(value);
            self
        }
    };
}

pub(crate) use setters;

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    #[derive(Debug, Clone, PartialEq, Default)]
    struct Probe {
        name: String,
        count: u32,
        kind: String,
        note: Option<String>,
        extra: crate::types::Extra,
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
        // From text the position is given once, at the end.
        let error = serde_json::from_str::<Probe>(r#"{"count": "many"}"#).unwrap_err().to_string();
        assert!(error.starts_with("count: invalid type: string \"many\", expected u32 at line 1 column "), "{error}");
        assert_eq!(error.matches(" at line ").count(), 1, "{error}");
        let error = serde_json::from_str::<Vec<Probe>>(r#"[{}, {"note": 1}]"#).unwrap_err().to_string();
        assert_eq!(error.matches(" at line ").count(), 1, "{error}");
        assert!(error.starts_with("note: invalid type: integer `1`, expected a string at line 1"), "{error}");
        assert!(serde_json::from_str::<Probe>(r#"{"name": "a""#).is_err());
    }

    #[test]
    fn reads_text_like_values() {
        let text = r#"{"more":1,"note":null,"name":"a","type":null,"zz":{"a":[null]},"count":3}"#;
        let probe: Probe = serde_json::from_str(text).unwrap();
        assert_eq!((probe.name.as_str(), probe.count, probe.kind.as_str(), probe.note.as_deref()), ("a", 3, "x", None));
        assert_eq!(probe, serde_json::from_value(serde_json::from_str(text).unwrap()).unwrap());
        // Named fields first, then `extra` in its original order (nulls of named fields included).
        let expected = r#"{"name":"a","count":3,"more":1,"note":null,"type":null,"zz":{"a":[null]}}"#;
        assert_eq!(serde_json::to_string(&probe).unwrap(), expected);
        // Escaped keys are matched too.
        let probe: Probe = serde_json::from_str(r#"{"n\u0061me": "b", "\u00e9": 1}"#).unwrap();
        assert_eq!((probe.name.as_str(), &probe.extra["\u{e9}"]), ("b", &json!(1)));
    }

    #[test]
    fn duplicate_keys_last_wins() {
        let probe: Probe =
            serde_json::from_str(r#"{"name":null,"x":1,"name":"a","x":2,"note":"n","note":null,"y":3}"#).unwrap();
        assert_eq!((probe.name.as_str(), probe.note.as_deref()), ("a", None));
        assert_eq!(
            serde_json::to_string(&probe).unwrap(),
            r#"{"name":"a","count":0,"type":"x","x":2,"note":null,"y":3}"#
        );
        assert!(serde_json::from_str::<Probe>(r#"{"count":"x","count":1}"#).is_err());
    }
}
