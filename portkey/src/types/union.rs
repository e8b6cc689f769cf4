//! Reading the generated unions: a JSON value goes to the variant that takes its kind (a
//! string, a number, an array), and an object to the variant its tag names (`"type":
//! "message"`), in one pass.
//!
//! The reader looks for the tag among the object's keys. When it comes first, as OpenAI writes
//! it, the rest of the object goes straight to the variant's struct; keys before it are kept as
//! [`Value`]s until it is found. Either way the variant's struct reads the tag back, at its
//! place, as one of its own keys (a constant, or a field when several tags share the struct),
//! so it writes it back where it was. A tag no variant names, or an object a union without an
//! untagged variant cannot place, reads as the `Unknown` variant, whole.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected};
use serde_json::{Map, Value};

use super::object::{Key, next_key, prefixed};

/// What a generated union implements: one constructor per JSON kind it takes.
pub(crate) trait Union: Sized {
    /// What the union's values are, for errors.
    const EXPECTING: &'static str;
    /// The key that tells its objects apart, if they are told apart.
    const TAG: Option<&'static str>;
    /// The values of that key its variants take.
    const TAGS: &'static [&'static str];
    /// Whether it takes objects only (its `Unknown` keeps an object).
    const OBJECTS_ONLY: bool;

    fn from_str<E: de::Error>(key: Key<'_>) -> Result<Self, E> {
        Err(E::invalid_type(Unexpected::Str(key.as_str()), &Expecting(Self::EXPECTING)))
    }

    fn from_i64<E: de::Error>(value: i64) -> Result<Self, E> {
        Err(E::invalid_type(Unexpected::Signed(value), &Expecting(Self::EXPECTING)))
    }

    fn from_u64<E: de::Error>(value: u64) -> Result<Self, E> {
        Err(E::invalid_type(Unexpected::Unsigned(value), &Expecting(Self::EXPECTING)))
    }

    fn from_f64<E: de::Error>(value: f64) -> Result<Self, E> {
        Err(E::invalid_type(Unexpected::Float(value), &Expecting(Self::EXPECTING)))
    }

    fn from_bool<E: de::Error>(value: bool) -> Result<Self, E> {
        Err(E::invalid_type(Unexpected::Bool(value), &Expecting(Self::EXPECTING)))
    }

    fn from_null<E: de::Error>() -> Result<Self, E> {
        Err(E::invalid_type(Unexpected::Unit, &Expecting(Self::EXPECTING)))
    }

    fn from_seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        let _ = seq;
        Err(de::Error::invalid_type(Unexpected::Seq, &Expecting(Self::EXPECTING)))
    }

    /// An object whose tag is `tag` (`None`: it has none), its entries in `fields` (the tag
    /// among them, at its place).
    fn from_object<'de, A: MapAccess<'de>>(tag: Option<&str>, fields: Fields<'de, A>) -> Result<Self, A::Error>;
}

struct Expecting(&'static str);

impl de::Expected for Expecting {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.0)
    }
}

/// Reads a [`Union`].
pub(crate) fn deserialize_union<'de, D: Deserializer<'de>, T: Union>(deserializer: D) -> Result<T, D::Error> {
    if T::OBJECTS_ONLY {
        deserializer.deserialize_map(UnionVisitor::<T>(PhantomData))
    } else {
        deserializer.deserialize_any(UnionVisitor::<T>(PhantomData))
    }
}

/// An array as one of several array variants would read it: kept as a value, tried in turn.
pub(crate) fn seq_value<'de, A: SeqAccess<'de>>(seq: A) -> Result<Value, A::Error> {
    Value::deserialize(SeqAccessDeserializer::new(seq))
}

/// A string no variant takes, as a value for `Unknown`.
pub(crate) fn string_value(key: Key<'_>) -> Value {
    Value::String(key.into_string())
}

/// Reads a value as `T`, an error of another deserializer's kind.
pub(crate) fn from_value<'de, T: Deserialize<'de>, E: de::Error>(value: &'de Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// Keeps the whole object, its tag (if any) where it was.
pub(crate) fn unknown_object<'de, A: MapAccess<'de>>(
    _tag: Option<&str>,
    mut fields: Fields<'de, A>,
) -> Result<Map<String, Value>, A::Error> {
    let mut object = Map::new();
    while let Some(key) = next_key(&mut fields)? {
        // Duplicate keys: the last value wins, at the position of the first.
        let value = fields.next_value::<Value>()?;
        object.insert(key.into_string(), value);
    }
    Ok(object)
}

struct UnionVisitor<T>(PhantomData<T>);

impl<'de, T: Union> de::Visitor<'de> for UnionVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(T::EXPECTING)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        T::from_bool(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        T::from_i64(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        T::from_u64(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        T::from_f64(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<T, E> {
        T::from_str(Key::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_str(Key::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        T::from_str(Key::Owned(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        T::from_null()
    }

    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        T::from_null()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        T::from_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let Some(tag_key) = T::TAG else {
            return T::from_object(None, Fields::new(Vec::new(), None, Some(map)));
        };
        let mut before = Vec::new();
        while let Some(key) = next_key(&mut map)? {
            if key.as_str() == tag_key {
                let tag: Key<'de> = map.next_value().map_err(|e| prefixed(tag_key, e))?;
                let at = before.len();
                return match tag {
                    Key::Borrowed(tag) => T::from_object(
                        Some(tag),
                        Fields::new(before, Some((at, tag_key, Key::Borrowed(tag))), Some(map)),
                    ),
                    // Only when the input could not lend it (a `Value`, escapes): a tag a variant
                    // takes is given back as that variant's own text, any other is copied.
                    Key::Owned(tag) => match T::TAGS.iter().find(|known| **known == tag) {
                        Some(known) => T::from_object(
                            Some(known),
                            Fields::new(before, Some((at, tag_key, Key::Borrowed(known))), Some(map)),
                        ),
                        None => {
                            let fields = Fields::new(before, Some((at, tag_key, Key::Owned(tag.clone()))), Some(map));
                            T::from_object(Some(&tag), fields)
                        }
                    },
                };
            }
            let value = map.next_value::<Value>()?;
            before.push((key, value));
        }
        T::from_object(None, Fields::new(before, None, None::<A>))
    }
}

/// What the next value of [`Fields`] is.
enum Pending<'de> {
    None,
    Value(Value),
    Tag(Key<'de>),
}

/// The entries of an object, as a map: those read before its tag (kept as values), the tag
/// again at its place, then the rest of the object, still unread.
pub(crate) struct Fields<'de, A> {
    before: std::vec::IntoIter<(Key<'de>, Value)>,
    given: usize,
    tag: Option<(usize, &'static str, Key<'de>)>,
    pending: Pending<'de>,
    rest: Option<A>,
}

impl<'de, A> Fields<'de, A> {
    fn new(before: Vec<(Key<'de>, Value)>, tag: Option<(usize, &'static str, Key<'de>)>, rest: Option<A>) -> Self {
        Fields { before: before.into_iter(), given: 0, tag, pending: Pending::None, rest }
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Fields<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if self.tag.as_ref().is_some_and(|(at, _, _)| *at == self.given)
            && let Some((_, name, value)) = self.tag.take()
        {
            self.pending = Pending::Tag(value);
            let key: BorrowedStrDeserializer<'de, A::Error> = BorrowedStrDeserializer::new(name);
            return seed.deserialize(key).map(Some);
        }
        if let Some((key, value)) = self.before.next() {
            self.given += 1;
            self.pending = Pending::Value(value);
            return seed.deserialize(TagDeserializer(key, PhantomData)).map(Some);
        }
        match &mut self.rest {
            Some(rest) => rest.next_key_seed(seed),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match (std::mem::replace(&mut self.pending, Pending::None), &mut self.rest) {
            (Pending::Tag(tag), _) => seed.deserialize(TagDeserializer(tag, PhantomData)),
            (Pending::Value(value), _) => seed.deserialize(value).map_err(de::Error::custom),
            (Pending::None, Some(rest)) => rest.next_value_seed(seed),
            (Pending::None, None) => Err(de::Error::custom("a value without its key")),
        }
    }
}

/// The tag given back to the variant's struct (and the keys read before it): a string, lent
/// when the input could lend it, which an optional field reads as `Some` (serde's own string
/// deserializers refuse `Option`).
struct TagDeserializer<'de, E>(Key<'de>, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for TagDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.0 {
            Key::Borrowed(tag) => visitor.visit_borrowed_str(tag),
            Key::Owned(tag) => visitor.visit_string(tag),
        }
    }

    fn deserialize_option<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}
