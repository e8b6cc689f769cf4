//! [`Extra`]: the fields a type of [`crate::types`] does not name, kept in the order they came.
//!
//! A JSON object read into a type of this crate keeps what the type has no field for, and the
//! explicit `null`s of the fields it has, so that writing it back gives the same JSON. Replies
//! usually carry none or a few such entries; `Extra` holds them in a plain list (no hashing, and
//! no allocation for the key of a named field's `null`), which is what made keeping them cheap.
//! Lookups compare keys one by one, as a short list is best searched.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

/// The fields a type does not name (and the explicit `null`s of those it does), in the order
/// they came: a small JSON object with the methods of [`serde_json::Map`] one reaches for.
///
/// ```
/// use portkey::types::Extra;
/// use serde_json::json;
///
/// # #[cfg(feature = "chat")] {
/// let completion: portkey::types::ChatCompletion =
///     serde_json::from_value(json!({"id": "c", "choices": [], "provider": "openai", "cost": {"usd": 0.1}}))?;
/// assert_eq!(completion.extra.get("provider"), Some(&json!("openai")));
/// assert_eq!(completion.extra["cost"]["usd"], 0.1);
/// assert_eq!(completion.extra.keys().collect::<Vec<_>>(), ["provider", "cost"]);
/// # }
///
/// let mut extra = Extra::new();
/// extra.insert("seed".into(), json!(7));
/// assert_eq!(serde_json::to_string(&extra)?, r#"{"seed":7}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct Extra {
    entries: Vec<(Cow<'static, str>, Value)>,
    /// The required fields (and constants) of the object that were missing when it was read,
    /// by their place among them: written back as missing while they hold their default, so
    /// that JSON read and written again stays the same. Not compared by `==`.
    absent: u64,
}

/// Up to this many entries, duplicates are looked for pair by pair; beyond, by sorting.
const PAIRWISE: usize = 8;

impl Extra {
    /// No entries.
    pub const fn new() -> Self {
        Extra { entries: Vec::new(), absent: 0 }
    }

    /// Records which required fields the object being read lacked (see `absent`).
    #[cfg_attr(not(feature = "full"), allow(dead_code))]
    pub(crate) fn set_absent(&mut self, absent: u64) {
        self.absent = absent;
    }

    /// Whether the required field at `bit` was missing when the object was read.
    pub(crate) fn is_absent(&self, bit: u32) -> bool {
        bit < 64 && self.absent & (1 << bit) != 0
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.entries.iter().position(|(k, _)| k == key)
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.position(key).map(|i| &self.entries[i].1)
    }

    /// The value of `key`, to change it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.position(key).map(|i| &mut self.entries[i].1)
    }

    /// Whether `key` has an entry.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Sets `key` to `value`, in place if it has an entry (whose value is returned), else at
    /// the end.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        match self.position(&key) {
            Some(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            None => {
                self.entries.push((Cow::Owned(key), value));
                None
            }
        }
    }

    /// Removes `key`'s entry, keeping the order of the others; returns its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.position(key).map(|i| self.entries.remove(i).1)
    }

    /// Removes every entry (and forgets which required fields were missing).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.absent = 0;
    }

    /// The entries, in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.entries.iter())
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_ref())
    }

    /// The values, in order.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The entries as a [`serde_json::Map`].
    pub fn into_map(self) -> Map<String, Value> {
        self.into_iter().collect()
    }

    /// Appends an entry while an object is read, without looking for its key: the reader calls
    /// [`dedup`](Self::dedup) once the object is read.
    pub(crate) fn push(&mut self, key: Cow<'static, str>, value: Value) {
        self.entries.push((key, value));
    }

    /// Merges the entries of a key that came more than once into the first, with the last
    /// value (as a JSON object read into a map keeps it). Linear for a few entries, and
    /// `n log n` for many, so an object with a great many keys cannot make it quadratic.
    pub(crate) fn dedup(&mut self) {
        let n = self.entries.len();
        if n < 2 {
            return;
        }
        if n <= PAIRWISE {
            let unique = (1..n).all(|j| (0..j).all(|i| self.entries[i].0 != self.entries[j].0));
            if unique {
                return;
            }
        }
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| self.entries[a].0.cmp(&self.entries[b].0)); // stable: first comes first
        let mut dropped = vec![false; n];
        let mut moves = Vec::new(); // (first, last) of each key that came more than once
        for group in order.chunk_by(|&a, &b| self.entries[a].0 == self.entries[b].0) {
            if let [first, .., last] = *group {
                moves.push((first, last));
                group[1..].iter().for_each(|&i| dropped[i] = true);
            }
        }
        for (first, last) in moves {
            self.entries[first].1 = std::mem::take(&mut self.entries[last].1);
        }
        let mut index = 0;
        self.entries.retain(|_| {
            index += 1;
            !dropped[index - 1]
        });
    }
}

/// The entries of an [`Extra`], in order.
#[derive(Debug, Clone)]
pub struct Iter<'a>(std::slice::Iter<'a, (Cow<'static, str>, Value)>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k.as_ref(), v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a str, &'a Value);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The entries of an [`Extra`], taken, in order.
#[derive(Debug)]
pub struct IntoIter(std::vec::IntoIter<(Cow<'static, str>, Value)>);

impl Iterator for IntoIter {
    type Item = (String, Value);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k.into_owned(), v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl IntoIterator for Extra {
    type Item = (String, Value);
    type IntoIter = IntoIter;

    fn into_iter(self) -> IntoIter {
        IntoIter(self.entries.into_iter())
    }
}

impl<K: Into<String>> FromIterator<(K, Value)> for Extra {
    /// The entries in order; a key given twice keeps its first place and its last value.
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(entries: I) -> Self {
        let mut extra = Extra::new();
        extra.extend(entries);
        extra
    }
}

impl<K: Into<String>> Extend<(K, Value)> for Extra {
    fn extend<I: IntoIterator<Item = (K, Value)>>(&mut self, entries: I) {
        self.entries.extend(entries.into_iter().map(|(k, v)| (Cow::Owned(k.into()), v)));
        self.dedup();
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        Extra { entries: map.into_iter().map(|(k, v)| (Cow::Owned(k), v)).collect(), absent: 0 }
    }
}

impl From<Extra> for Map<String, Value> {
    fn from(extra: Extra) -> Self {
        extra.into_map()
    }
}

impl std::ops::Index<&str> for Extra {
    type Output = Value;

    /// The value of `key`, or `null` when it has none (as indexing a [`Value`] gives).
    fn index(&self, key: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(key).unwrap_or(&NULL)
    }
}

impl PartialEq for Extra {
    /// The same entries, in any order (as [`serde_json::Map`] compares).
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (key, value) in self {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ExtraVisitor;

        impl<'de> Visitor<'de> for ExtraVisitor {
            type Value = Extra;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Extra, A::Error> {
                let mut extra = Extra::new();
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    extra.push(Cow::Owned(key), value);
                }
                extra.dedup();
                Ok(extra)
            }
        }

        deserializer.deserialize_map(ExtraVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_map_of_few_entries() {
        let mut extra = Extra::new();
        assert_eq!((extra.insert("a".into(), json!(1)), extra.insert("b".into(), json!(2))), (None, None));
        assert_eq!(extra.insert("a".into(), json!(3)), Some(json!(1)), "replaced in place");
        assert_eq!(extra.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!((extra["a"].clone(), extra["missing"].clone()), (json!(3), Value::Null));
        *extra.get_mut("b").unwrap() = json!("x");
        assert_eq!(extra.remove("a"), Some(json!(3)));
        assert_eq!((extra.len(), extra.contains_key("a"), extra.get("b")), (1, false, Some(&json!("x"))));
        assert_eq!(format!("{extra:?}"), r#"{"b": String("x")}"#);
    }

    #[test]
    fn equality_ignores_order_and_conversions_keep_it() {
        let ab: Extra = [("a", json!(1)), ("b", json!(2))].into_iter().collect();
        let ba: Extra = [("b", json!(2)), ("a", json!(1))].into_iter().collect();
        assert_eq!(ab, ba);
        assert_ne!(ab, [("a", json!(1))].into_iter().collect::<Extra>());
        let map: Map<String, Value> = ba.clone().into();
        assert_eq!(map.keys().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(Extra::from(map).keys().collect::<Vec<_>>(), ["b", "a"]);
    }

    #[test]
    fn a_key_read_twice_keeps_its_first_place_and_its_last_value() {
        for n in [3, PAIRWISE + 5, 1000] {
            // Keys k0..k(n-1), then k1 and k0 again.
            let mut text: Vec<String> = (0..n).map(|i| format!("\"k{i}\": {i}")).collect();
            text.push("\"k1\": \"again\"".into());
            text.push("\"k0\": \"last\"".into());
            let extra: Extra = serde_json::from_str(&format!("{{{}}}", text.join(","))).unwrap();
            assert_eq!(extra.len(), n);
            assert_eq!(extra.keys().take(2).collect::<Vec<_>>(), ["k0", "k1"]);
            assert_eq!((extra["k0"].clone(), extra["k1"].clone()), (json!("last"), json!("again")));
            assert_eq!(extra[&format!("k{}", n - 1)], json!(n - 1));
        }
    }
}
