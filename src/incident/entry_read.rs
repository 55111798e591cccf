//! Reading an [`Entry`] back from its JSON line, by hand.
//!
//! Derived with `#[serde(flatten)]`, serde buffered every field after the
//! entry's own into a generic tree and read the payload from that copy:
//! two thirds of opening a 100k-entry journal. Here the entry's fields are
//! taken as they come and the rest (`kind`, `payload`) goes straight to
//! [`Payload`]'s derived reader, which reads the payload in place when
//! `kind` comes first, as the journal writes it. The times the journal
//! writes (`2026-11-23T10:00:00.123456789Z`) are read from their digits;
//! any other spelling goes to chrono, as before.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset, Utc};
use serde::de::value::{CowStrDeserializer, MapAccessDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::entry::{Entry, Payload};

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EntryVisitor)
    }
}

/// The entry's own fields, filled in as the map is read.
#[derive(Default)]
struct Head {
    id: Option<String>,
    at: Option<DateTime<Utc>>,
    observed: Option<Option<DateTime<Utc>>>,
    author: Option<String>,
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a journal entry")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
        let mut head = Head::default();
        // Payload's reader reads the map to its end (it looks for a second
        // `kind`), so every field of the entry passes through `Rest`.
        let payload = Payload::deserialize(MapAccessDeserializer::new(Rest { map: &mut map, head: &mut head }))?;
        let missing = de::Error::missing_field;
        Ok(Entry {
            id: head.id.ok_or_else(|| missing("id"))?,
            at: head.at.ok_or_else(|| missing("at"))?,
            observed: head.observed.flatten(),
            author: head.author.ok_or_else(|| missing("author"))?,
            payload,
        })
    }
}

/// The entry's map as [`Payload`] sees it: the entry's own fields are
/// taken out into `head` on the way.
struct Rest<'a, A> {
    map: &'a mut A,
    head: &'a mut Head,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Rest<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        fn once<T, E: de::Error>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), E> {
            match slot.replace(value) {
                Some(_) => Err(E::duplicate_field(name)),
                None => Ok(()),
            }
        }
        loop {
            let Some(key) = self.map.next_key::<Key<'de>>()? else { return Ok(None) };
            match key {
                Key::Id => once(&mut self.head.id, self.map.next_value()?, "id")?,
                Key::Author => once(&mut self.head.author, self.map.next_value()?, "author")?,
                Key::At => once(&mut self.head.at, self.map.next_value::<Time>()?.0, "at")?,
                Key::Observed => {
                    let t = self.map.next_value::<Option<Time>>()?.map(|t| t.0);
                    once(&mut self.head.observed, t, "observed")?
                }
                Key::Other(name) => {
                    let name: CowStrDeserializer<A::Error> = name.into_deserializer();
                    return seed.deserialize(name).map(Some);
                }
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

enum Key<'de> {
    Id,
    At,
    Observed,
    Author,
    Other(Cow<'de, str>),
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::known(s).unwrap_or(Key::Other(Cow::Borrowed(s))))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key::known(s).unwrap_or_else(|| Key::Other(Cow::Owned(s.to_owned()))))
            }
        }
        d.deserialize_identifier(V)
    }
}

impl Key<'_> {
    fn known(s: &str) -> Option<Self> {
        Some(match s {
            "id" => Key::Id,
            "at" => Key::At,
            "observed" => Key::Observed,
            "author" => Key::Author,
            _ => return None,
        })
    }
}

/// A time as the journal writes it, or in any spelling chrono reads.
struct Time(DateTime<Utc>);

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Time;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an RFC 3339 date and time")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Time, E> {
                match written(s) {
                    Some(t) => Ok(Time(t)),
                    None => s.parse::<DateTime<FixedOffset>>().map(|t| Time(t.to_utc())).map_err(E::custom),
                }
            }
        }
        d.deserialize_str(V)
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z` exactly, the way an entry's time is
/// written; `None` for anything else (left to chrono).
pub(crate) fn written(s: &str) -> Option<DateTime<Utc>> {
    use crate::timestamp::{naive, nanos, num, shaped};
    let b = s.as_bytes();
    if !(shaped(b) && b[10] == b'T' && b.len() >= 20 && b[b.len() - 1] == b'Z') {
        return None;
    }
    let ns = match &b[19..b.len() - 1] {
        [] => 0,
        [b'.', frac @ ..] if (1..=9).contains(&frac.len()) && frac.iter().all(u8::is_ascii_digit) => nanos(frac),
        _ => return None,
    };
    // A leap second is chrono's to read.
    let sec = num(&b[17..19]);
    if sec > 59 {
        return None;
    }
    Some(naive(b, sec, ns)?.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the derived reader (`#[serde(flatten)]`) gave, for comparing.
    #[derive(Deserialize)]
    struct Derived {
        id: String,
        at: DateTime<Utc>,
        #[serde(default)]
        observed: Option<DateTime<Utc>>,
        author: String,
        #[serde(flatten)]
        payload: Payload,
    }

    fn derived(line: &str) -> Result<Entry, serde_json::Error> {
        serde_json::from_str::<Derived>(line).map(|d| Entry {
            id: d.id,
            at: d.at,
            observed: d.observed,
            author: d.author,
            payload: d.payload,
        })
    }

    #[test]
    fn reads_what_the_derived_reader_read() {
        let start = "2026-11-23T10:00:00.5Z".parse().unwrap();
        let mut lines: Vec<String> = crate::incident::sample::long_incident(2_000, start)
            .iter()
            .map(|e| serde_json::to_string(e).unwrap())
            .collect();
        lines.extend(
            [
                // Fields in any order, payload before kind, unknown fields,
                // escaped keys, times in other spellings, observed.
                r#"{"payload":{"text":"x"},"kind":"note","author":"a","at":"2026-11-23T10:00:00+02:00","id":"1"}"#,
                r#"{"id":"1","extra":[1,{"a":2}],"at":"2026-11-23 10:00:00Z","author":"a","kind":"note","payload":{"text":"x","more":1}}"#,
                r#"{"id":"1","at":"2026-11-23T10:00:00.123Z","observed":"2026-11-23T09:59:00Z","author":"a","kind":"note","payload":{"text":"x"}}"#,
                r#"{"id":"1","at":"2026-11-23T10:00:00Z","observed":null,"author":"a","kind":"note","payload":{"text":"x"}}"#,
                r#"{"\u0069d":"1","at":"2026-12-31T23:59:60.5Z","author":"a","k\u0069nd":"note","payload":{"text":"x"}}"#,
                r#"{"id":"1","at":"2026-11-23T10:00:00.1234567891Z","author":"a","kind":"note","payload":{"text":"x"}}"#,
                r#"{"id":"1","at":"2026-11-23T10:00:00z","author":"a","kind":"note","payload":{"text":"x"}}"#,
                // Broken: missing, duplicate, wrong fields and times.
                r#"{"id":"1","author":"a","kind":"note","payload":{"text":"x"}}"#,
                r#"{"id":"1","at":"2026-11-23T10:00:00Z","author":"a","kind":"note"}"#,
                r#"{"id":"1","id":"2","at":"2026-11-23T10:00:00Z","author":"a","kind":"note","payload":{"text":"x"}}"#,
                r#"{"id":"1","at":"2026-11-23T10:00:00Z","author":"a","kind":"note","kind":"note","payload":{"text":"x"}}"#,
                r#"{"id":"1","at":"2026-02-30T10:00:00Z","author":"a","kind":"note","payload":{"text":"x"}}"#,
                r#"{"id":"1","at":"2026-11-23T24:00:00Z","author":"a","kind":"note","payload":{"text":"x"}}"#,
                r#"{"id":"1","at":"2026-11-23T10:00:00.Z","author":"a","kind":"note","payload":{"text":"x"}}"#,
                r#"{"id":1,"at":"2026-11-23T10:00:00Z","author":"a","kind":"note","payload":{"text":"x"}}"#,
                r#"{"id":"1","at":"2026-11-23T10:00:00Z","author":"a","kind":"teleport","payload":{}}"#,
                r#"["1","2026-11-23T10:00:00Z","a"]"#,
            ]
            .map(String::from),
        );
        for line in &lines {
            let (ours, theirs) = (serde_json::from_str::<Entry>(line), derived(line));
            assert_eq!(ours.as_ref().ok(), theirs.as_ref().ok(), "{line}");
            assert_eq!(ours.is_err(), theirs.is_err(), "{line}: {ours:?} / {theirs:?}");
        }
    }

    #[test]
    fn times_read_from_their_digits_are_chronos_reading() {
        let mut t: DateTime<Utc> = "1999-12-31T23:59:58Z".parse().unwrap();
        let mut seed = 7u64;
        for _ in 0..5_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            t += chrono::Duration::nanoseconds((seed >> 20) as i64);
            for s in [
                t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ] {
                assert_eq!(written(&s), Some(s.parse::<DateTime<Utc>>().unwrap()), "{s}");
            }
        }
        for s in ["2026-11-23T10:00:00+00:00", "2026-11-23 10:00:00Z", "2026-11-23T10:00:60Z", "2026-11-23T10:00:00.Z"]
        {
            assert_eq!(written(s), None, "{s}");
        }
    }
}
