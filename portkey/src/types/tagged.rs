//! Enums of JSON objects told apart by their `type` field (`{"type": "message", ...}`), read
//! in one pass.
//!
//! The reader looks for `type` among the object's keys. When it comes first, as OpenAI always
//! writes it, the rest of the object goes straight into the variant's [`JsonFields`] struct, with
//! no [`Value`] in between. When other keys come before it, they are kept as [`Value`]s until
//! `type` is found, then handed to the variant first, followed by the rest of the object: the
//! result is the same, only slower. Without a `type`, the enum decides (most keep the object
//! whole as their `Unknown` variant).
//!
//! A `type` the enum does not name reads as its `Unknown` variant, which keeps the whole object
//! (its `type` included, where it was) so that a new kind never breaks decoding and writes back
//! as it came. A known variant is written with `type` first, then its fields. If an object has
//! `type` twice, the first one picks the variant.
//!
//! [`tagged_enum!`] declares such an enum from its variants' `type` names and payload structs.

use std::fmt;
use std::marker::PhantomData;

use serde::Serializer;
use serde::de::value::StringDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess};
use serde_json::{Map, Value};

use super::object::{JsonFields, Key, Writer, next_key, prefixed};

/// An enum read by its objects' `type`.
pub(crate) trait Tagged: Sized {
    /// What the enum's objects are, for errors: `"a Responses stream event"`.
    const EXPECTING: &'static str;

    /// Reads the variant that `tag` (the object's `type`, `None` when it has none) names from
    /// `fields`, the object's other entries.
    fn read<'de, A: MapAccess<'de>>(tag: Option<&str>, fields: Fields<A>) -> Result<Self, A::Error>;
}

/// The entries of an object other than its `type`, in their order: the ones read before `type`
/// (kept as values), then the rest of the object, still unread.
pub(crate) struct Fields<A> {
    before: std::vec::IntoIter<(String, Value)>,
    pending: Option<Value>,
    rest: Option<A>,
    /// How many entries came before `type`.
    type_index: usize,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Fields<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.before.next() {
            self.pending = Some(value);
            let key: StringDeserializer<A::Error> = key.into_deserializer();
            return seed.deserialize(key).map(Some);
        }
        match &mut self.rest {
            Some(rest) => rest.next_key_seed(seed),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match (self.pending.take(), &mut self.rest) {
            (Some(value), _) => seed.deserialize(value).map_err(de::Error::custom),
            (None, Some(rest)) => rest.next_value_seed(seed),
            (None, None) => Err(de::Error::custom("a value without its key")),
        }
    }
}

/// Reads the variant's payload struct from the object's other entries.
pub(crate) fn known<'de, T: JsonFields, A: MapAccess<'de>>(fields: Fields<A>) -> Result<T, A::Error> {
    T::read_fields(fields)
}

/// Keeps the whole object, with its `type` (if any) where it was.
pub(crate) fn unknown<'de, A: MapAccess<'de>>(
    tag: Option<&str>,
    mut fields: Fields<A>,
) -> Result<Map<String, Value>, A::Error> {
    let index = fields.type_index;
    let mut object = Map::new();
    while let Some(key) = next_key(&mut fields)? {
        // Duplicate keys: the last value wins, at the position of the first.
        let value = fields.next_value::<Value>()?;
        object.insert(key.into_string(), value);
    }
    if let Some(tag) = tag {
        object.shift_insert(index.min(object.len()), "type".to_owned(), Value::String(tag.to_owned()));
    }
    Ok(object)
}

/// Writes a known variant: `type`, then the payload's fields.
pub(crate) fn write<S: Serializer, T: JsonFields>(
    serializer: S,
    tag: &'static str,
    payload: &T,
) -> Result<S::Ok, S::Error> {
    let map = serializer.serialize_map(None)?;
    let mut out = Writer::new(map, payload.extra());
    out.entry("type", tag)?;
    payload.write_fields(&mut out)?;
    out.finish()
}

/// Reads a [`Tagged`] enum.
pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: Tagged>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(TaggedVisitor(PhantomData))
}

struct TaggedVisitor<T>(PhantomData<T>);

impl<'de, T: Tagged> de::Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut before = Vec::new();
        while let Some(key) = next_key(&mut map)? {
            if key.as_str() == "type" {
                let tag: Key<'de> = map.next_value().map_err(|e| prefixed("type", e))?;
                let type_index = before.len();
                let fields = Fields { before: before.into_iter(), pending: None, rest: Some(map), type_index };
                return T::read(Some(tag.as_str()), fields);
            }
            let value = map.next_value::<Value>()?;
            before.push((key.into_string(), value));
        }
        let type_index = before.len();
        T::read(None, Fields::<A> { before: before.into_iter(), pending: None, rest: None, type_index })
    }
}

/// Declares an enum of JSON objects told apart by `type`, with an `Unknown` variant keeping any
/// other object whole, and implements `Serialize`, `Deserialize`, `Default` (an empty `Unknown`)
/// and `kind()` (the `type`) for it.
///
/// ```text
/// tagged_enum! {
///     /// Docs.
///     pub enum OutputItem("an output item") {
///         /// Docs.
///         Message(OutputMessage) = "message",
///     }
/// }
/// ```
macro_rules! tagged_enum {
    (
        $(#[$meta:meta])*
        pub enum $ty:ident($expecting:literal) {
            $($(#[$variant_meta:meta])* $variant:ident($payload:ty) = $tag:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $ty {
            $($(#[$variant_meta])* $variant($payload),)*
            /// A `type` this enum does not name (or an object without one), kept whole: the
            /// `type` and every field, as they came.
            Unknown(::serde_json::Map<String, ::serde_json::Value>),
        }

        impl $ty {
            /// The object's `type` (`""` for an `Unknown` object without one).
            pub fn kind(&self) -> &str {
                match self {
                    $($ty::$variant(_) => $tag,)*
                    $ty::Unknown(object) => object.get("type").and_then(::serde_json::Value::as_str).unwrap_or(""),
                }
            }
        }

        impl Default for $ty {
            /// An empty `Unknown` object.
            fn default() -> Self {
                $ty::Unknown(::serde_json::Map::new())
            }
        }

        impl $crate::types::tagged::Tagged for $ty {
            const EXPECTING: &'static str = $expecting;

            fn read<'de, A: ::serde::de::MapAccess<'de>>(
                tag: Option<&str>,
                fields: $crate::types::tagged::Fields<A>,
            ) -> Result<Self, A::Error> {
                match tag {
                    $(Some($tag) => $crate::types::tagged::known(fields).map($ty::$variant),)*
                    _ => $crate::types::tagged::unknown(tag, fields).map($ty::Unknown),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::types::tagged::deserialize(deserializer)
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $($ty::$variant(payload) => $crate::types::tagged::write(serializer, $tag, payload),)*
                    $ty::Unknown(object) => ::serde::Serialize::serialize(object, serializer),
                }
            }
        }
    };
}

pub(crate) use tagged_enum;

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::super::object::json_object;

    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Circle {
        radius: f64,
        label: Option<String>,
        extra: crate::types::Extra,
    }

    json_object!(Circle { radius: default, label: opt });

    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Square {
        side: u32,
        extra: crate::types::Extra,
    }

    json_object!(Square { side: default });

    tagged_enum! {
        /// A shape.
        pub enum Shape("a shape") {
            /// A circle.
            Circle(Circle) = "circle",
            /// A square.
            Square(Square) = "square",
        }
    }

    fn round_trip(text: &str) -> Shape {
        let shape: Shape = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_value(&shape).unwrap(), serde_json::from_str::<Value>(text).unwrap());
        let from_value: Shape = serde_json::from_value(serde_json::from_str(text).unwrap()).unwrap();
        assert_eq!(from_value, shape);
        shape
    }

    #[test]
    fn type_first_or_not_gives_the_same_variant() {
        let first = round_trip(r#"{"type":"circle","radius":1.5,"label":null,"z":[1]}"#);
        let later = round_trip(r#"{"radius":1.5,"label":null,"type":"circle","z":[1]}"#);
        let last = round_trip(r#"{"label":null,"z":[1],"radius":1.5,"type":"circle"}"#);
        assert_eq!(first, later);
        assert_eq!(first, last);
        let Shape::Circle(circle) = &first else { panic!("{first:?}") };
        assert_eq!((circle.radius, circle.label.as_deref()), (1.5, None));
        assert_eq!(circle.extra["z"], json!([1]));
        assert_eq!(first.kind(), "circle");
        // Known variants are written with `type` first.
        assert_eq!(serde_json::to_string(&later).unwrap(), r#"{"type":"circle","radius":1.5,"label":null,"z":[1]}"#);
    }

    #[test]
    fn unknown_kinds_keep_the_object_in_its_order() {
        for text in [r#"{"type":"hexagon","sides":6}"#, r#"{"sides":6,"type":"hexagon","x":null}"#, r#"{"sides":6}"#] {
            let shape = round_trip(text);
            assert!(matches!(shape, Shape::Unknown(_)), "{shape:?}");
            assert_eq!(serde_json::to_string(&shape).unwrap(), text, "byte for byte");
        }
        assert_eq!(round_trip(r#"{"sides":6,"type":"hexagon"}"#).kind(), "hexagon");
        assert_eq!(round_trip(r#"{}"#).kind(), "");
        assert_eq!(Shape::default(), Shape::Unknown(Map::new()));
    }

    #[test]
    fn errors_name_the_field() {
        let error = serde_json::from_str::<Shape>(r#"{"type":"square","side":"big"}"#).unwrap_err().to_string();
        assert!(error.starts_with("side: invalid type: string \"big\", expected u32"), "{error}");
        let error = serde_json::from_str::<Shape>(r#"{"side":"big","type":"square"}"#).unwrap_err().to_string();
        assert!(error.starts_with("side: invalid type: string \"big\", expected u32"), "{error}");
        let error = serde_json::from_str::<Shape>(r#"{"type":7}"#).unwrap_err().to_string();
        assert!(error.starts_with("type: invalid type: integer `7`, expected a string"), "{error}");
        let error = serde_json::from_str::<Shape>("[1]").unwrap_err().to_string();
        assert!(error.contains("expected a shape"), "{error}");
        assert!(serde_json::from_str::<Shape>(r#"{"type":"square","side":1"#).is_err());
    }

    #[test]
    fn the_first_type_wins() {
        let shape: Shape = serde_json::from_str(r#"{"type":"square","side":2,"type":"circle"}"#).unwrap();
        assert!(matches!(&shape, Shape::Square(square) if square.side == 2), "{shape:?}");
        assert_eq!(serde_json::to_string(&shape).unwrap(), r#"{"type":"square","side":2}"#);
    }
}
