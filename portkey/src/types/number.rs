//! [`Number`]: a number of a reply, kept as it was written.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON number of a reply (`created_at`, `seconds`, `score`...), kept as it was written, so
/// that `2` is written back as `2` and `2.5` as `2.5` (an `f64` would write `2.0`). Read it
/// with [`as_f64`](Self::as_f64), [`as_i64`](Self::as_i64) or [`as_u64`](Self::as_u64); make
/// one from any number with `From`.
///
/// ```
/// use portkey::types::Number;
///
/// let n: Number = serde_json::from_str("1741476542")?;
/// assert_eq!((n.as_i64(), n.as_f64()), (Some(1741476542), 1741476542.0));
/// assert_eq!(serde_json::to_string(&n)?, "1741476542");
/// assert_eq!(Number::from(0.5).as_f64(), 0.5);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Number(serde_json::Number);

impl Number {
    /// The number as an `f64` (the nearest one, for a large integer).
    pub fn as_f64(&self) -> f64 {
        self.0.as_f64().unwrap_or_default()
    }

    /// The number, if it is an integer that fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.as_i64()
    }

    /// The number, if it is a non-negative integer that fits a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        self.0.as_u64()
    }

    /// The number as serde_json holds it.
    pub fn as_json(&self) -> &serde_json::Number {
        &self.0
    }
}

impl Default for Number {
    /// Zero.
    fn default() -> Self {
        Number(serde_json::Number::from(0u8))
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl From<f64> for Number {
    /// The number; a non-finite one (which JSON cannot hold) is zero.
    fn from(value: f64) -> Self {
        serde_json::Number::from_f64(value).map_or_else(Number::default, Number)
    }
}

macro_rules! from_integers {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Number {
            fn from(value: $ty) -> Self {
                Number(serde_json::Number::from(value))
            }
        }
    )*};
}

from_integers!(i8, i16, i32, i64, u8, u16, u32, u64);

impl From<serde_json::Number> for Number {
    fn from(value: serde_json::Number) -> Self {
        Number(value)
    }
}

impl From<Number> for serde_json::Number {
    fn from(value: Number) -> Self {
        value.0
    }
}

impl PartialEq<f64> for Number {
    fn eq(&self, other: &f64) -> bool {
        self.as_f64() == *other
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Number::deserialize(deserializer).map(Number)
    }
}
