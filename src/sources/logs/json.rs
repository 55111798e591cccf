//! The few fields of a JSON log line that say its level, status and
//! message, read in one pass without building a `serde_json::Value` (a map
//! of every field, nested ones too). Keys and precedence are
//! [`super::level`]'s; a key given twice counts with its last value, as
//! in a parsed map.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

/// Level fields, first found first.
pub const LEVEL: [&str; 6] = ["level", "severity", "lvl", "loglevel", "log.level", "levelname"];
/// Message fields, the first that is a string.
pub const MESSAGE: [&str; 5] = ["msg", "message", "MESSAGE", "error", "err"];
/// An access log's status fields, the first that is a status.
pub const STATUS: [&str; 9] = [
    "status",
    "status_code",
    "statusCode",
    "http_status",
    "response_code",
    "elb_status_code",
    "sc-status",
    "http.response.status_code",
    "http.status_code",
];
/// Fields that say a line is about a request.
pub const REQUEST: [&str; 12] = [
    "method",
    "request",
    "request_method",
    "requestMethod",
    "uri",
    "url",
    "path",
    "request_uri",
    "http.request.method",
    "cs-method",
    "httpRequest",
    "req",
];
/// Objects that may hold the status, in this order.
pub const NESTED: [&str; 5] = ["response", "http", "httpRequest", "request", "resp"];

/// A field's value, as far as it matters here.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Str(Cow<'a, str>),
    /// A non-negative integer.
    Uint(u64),
    /// Anything else: another number, a bool, null, an array, an object.
    Other,
}

/// The status fields and request marks of one object. A status field
/// holds its (last) value's HTTP status, or None when that value is not
/// one: the status itself, not the value, keeps `Fields` small (it is
/// moved whole out of the parser, once a JSON line).
#[derive(Debug, Default)]
pub struct Http {
    pub status: [Option<u16>; 9],
    pub has_request: bool,
}

/// What a JSON log line says about itself.
#[derive(Debug, Default)]
pub struct Fields<'a> {
    pub level: [Option<Val<'a>>; 6],
    pub message: [Option<Val<'a>>; 5],
    pub priority: Option<Val<'a>>,
    pub http: Http,
    pub nested: [Option<Http>; 5],
}

impl<'a> Fields<'a> {
    /// The fields of a line that is one JSON object, read into `self`
    /// (which starts as `Fields::default()`): false for anything else.
    /// Read in place: `Fields` is half a kilobyte, and returning it moved
    /// it through three copies a line.
    pub fn read(&mut self, line: &'a str) -> bool {
        let mut d = serde_json::Deserializer::from_str(line);
        de::DeserializeSeed::deserialize(FieldsSeed(self), &mut d).and_then(|()| d.end()).is_ok()
    }
}

fn slot(list: &[&str], key: &str) -> Option<usize> {
    list.iter().position(|k| *k == key)
}

/// An HTTP status (100 to 599) as a number or a three-digit string.
fn status(v: Val) -> Option<u16> {
    match v {
        Val::Uint(n) => u16::try_from(n).ok().filter(|n| (100..=599).contains(n)),
        Val::Str(s) => super::level::status_code(&s),
        Val::Other => None,
    }
}

/// A value: a string (borrowed when it has no escapes), a non-negative
/// integer, or other (skipped).
struct ValSeed;

impl<'de> de::DeserializeSeed<'de> for ValSeed {
    type Value = Val<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ValVisitor)
    }
}

struct ValVisitor;

impl<'de> Visitor<'de> for ValVisitor {
    type Value = Val<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Val::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Val::Str(Cow::Owned(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Val::Str(Cow::Owned(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Val::Uint(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(u64::try_from(v).map_or(Val::Other, Val::Uint))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Val::Other)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Val::Other)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Val::Other)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Val::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Val::Other)
    }
}

/// A key, borrowed from the line unless it holds escapes. (`Cow<str>`'s
/// own `Deserialize` always copies: a malloc and a free per key.)
struct KeySeed;

impl<'de> de::DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

/// A nested object's status and request fields; None when the value is
/// not an object.
struct HttpSeed;

impl<'de> de::DeserializeSeed<'de> for HttpSeed {
    type Value = Option<Http>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(HttpVisitor)
    }
}

struct HttpVisitor;

impl<'de> Visitor<'de> for HttpVisitor {
    type Value = Option<Http>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut http = Http::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            http.has_request |= REQUEST.contains(&key.as_ref());
            match slot(&STATUS, &key) {
                Some(i) => http.status[i] = status(map.next_value_seed(ValSeed)?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Some(http))
    }
    fn visit_borrowed_str<E>(self, _: &'de str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// Reads a line's fields into the `Fields` it holds.
struct FieldsSeed<'f, 'a>(&'f mut Fields<'a>);

impl<'de: 'a, 'a> de::DeserializeSeed<'de> for FieldsSeed<'_, 'a> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de: 'a, 'a> Visitor<'de> for FieldsSeed<'_, 'a> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let out = self.0;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let key = key.as_ref();
            out.http.has_request |= REQUEST.contains(&key);
            if let Some(i) = slot(&NESTED, key) {
                // `request` is both a request mark and maybe an object.
                out.nested[i] = map.next_value_seed(HttpSeed)?;
            } else if let Some(i) = slot(&LEVEL, key) {
                out.level[i] = Some(map.next_value_seed(ValSeed)?);
            } else if let Some(i) = slot(&MESSAGE, key) {
                out.message[i] = Some(map.next_value_seed(ValSeed)?);
            } else if let Some(i) = slot(&STATUS, key) {
                out.http.status[i] = status(map.next_value_seed(ValSeed)?);
            } else if key == "PRIORITY" {
                out.priority = Some(map.next_value_seed(ValSeed)?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}
