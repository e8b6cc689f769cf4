//! What the generated types call, reached as `::portkey::__private::types`: the JSON-object
//! machinery ([`super::object`]), the union reader ([`super::union`]) and the multipart form
//! writer ([`super::form`]), with the serde items their signatures name.

#[allow(unused_imports)] // for a union whose untagged object is not a struct
pub(crate) use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
pub(crate) use serde::de::{Error as DeError, MapAccess, SeqAccess};
pub(crate) use serde::ser::SerializeMap;
pub(crate) use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub(crate) use super::form::{Form, flatten};
pub(crate) use super::object::{
    JsonFields, Key, Slot, Writer, bit, deserialize_key, deserialize_object, next_key, read_const, read_extra,
    serialize_object,
};
pub(crate) use super::union::{Fields, Union, deserialize_union, from_value, seq_value, string_value, unknown_object};
