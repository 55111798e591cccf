//! When a line says it happened: a leading ISO 8601 date and time
//! (`2026-11-23T10:00:01.123Z`, `2026-11-23 10:00:01,123`, with or without
//! an offset; none means UTC), or a JSON line's `ts`, `time`, `timestamp`
//! or `@timestamp` in RFC 3339. Used to date the recent past a file holds
//! when it is first opened, so that patterns and errors per minute are
//! dated by the lines, not by when warroom read them.

use chrono::{DateTime, FixedOffset, Utc};

pub fn line_time(raw: &[u8]) -> Option<DateTime<Utc>> {
    if raw.first() == Some(&b'{') {
        return json_time(raw);
    }
    let text = std::str::from_utf8(raw.get(..40.min(raw.len()))?).ok().or_else(|| {
        // A multi-byte character cut at 40: the date is before it anyway.
        std::str::from_utf8(&raw[..raw.iter().position(|b| !b.is_ascii()).unwrap_or(0)]).ok()
    })?;
    let text = text.strip_prefix('[').unwrap_or(text);
    leading(text)
}

/// `YYYY-MM-DD[T ]HH:MM:SS[.,fraction][Z|±HH:MM]` at the start of `text`,
/// read from its digits (a backfill reads a million of these: no format
/// string parsed, nothing allocated, per line).
fn leading(text: &str) -> Option<DateTime<Utc>> {
    use crate::timestamp::{naive, nanos, num, shaped};
    let b = text.as_bytes();
    if !shaped(b) {
        return None;
    }
    let mut end = 19;
    let mut ns = 0;
    if matches!(b.get(19), Some(b'.' | b',')) {
        let frac = b[20..].iter().take_while(|c| c.is_ascii_digit()).count();
        end = 20 + frac;
        ns = nanos(&b[20..end]);
    }
    // A leap second, as chrono keeps it.
    let (sec, ns) = match num(&b[17..19]) {
        60 => (59, ns + 1_000_000_000),
        s => (s, ns),
    };
    let naive = naive(b, sec, ns)?;
    let rest = &b[end..];
    if matches!(rest.first(), Some(b'Z' | b'z')) {
        return Some(naive.and_utc());
    }
    if rest.len() >= 6 && matches!(rest[0], b'+' | b'-') && rest[3] == b':' {
        if !rest[1..3].iter().chain(&rest[4..6]).all(u8::is_ascii_digit) || num(&rest[4..6]) > 59 {
            return None;
        }
        let east = (num(&rest[1..3]) * 3600 + num(&rest[4..6]) * 60) as i32;
        let offset = FixedOffset::east_opt(if rest[0] == b'-' { -east } else { east })?;
        return naive.and_local_timezone(offset).single().map(|t| t.to_utc());
    }
    Some(naive.and_utc())
}

fn json_time(raw: &[u8]) -> Option<DateTime<Utc>> {
    // Each key's searcher made once, not once a line.
    static KEYS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 4]> = std::sync::LazyLock::new(|| {
        [r#""ts":""#, r#""time":""#, r#""timestamp":""#, r#""@timestamp":""#].map(memchr::memmem::Finder::new)
    });
    for key in KEYS.iter() {
        if let Some(at) = key.find(raw) {
            let value = &raw[at + key.needle().len()..];
            let end = memchr::memchr(b'"', value)?;
            let text = std::str::from_utf8(&value[..end]).ok()?;
            if let Some(t) = leading(text) {
                return Some(t);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::line_time;

    fn t(s: &str) -> Option<String> {
        line_time(s.as_bytes()).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    }

    /// The chrono-parsing reading this module did before: the oracle the
    /// digit-by-digit one is checked against.
    fn reference(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        use chrono::{DateTime, NaiveDateTime};
        // The shape check is shared: only the reading of the digits changed.
        let b = text.as_bytes();
        if !crate::timestamp::shaped(b) {
            return None;
        }
        let mut end = 19;
        if matches!(b.get(19), Some(b'.' | b',')) {
            end = 20 + b[20..].iter().take_while(|c| c.is_ascii_digit()).count();
        }
        let base = format!("{}T{}", &text[..10], &text[11..19]);
        let frac = if end > 20 { format!(".{}", &text[20..end]) } else { String::new() };
        let naive = NaiveDateTime::parse_from_str(&format!("{base}{frac}"), "%Y-%m-%dT%H:%M:%S%.f").ok()?;
        let rest = &text[end..];
        if rest.starts_with(['Z', 'z']) {
            return Some(naive.and_utc());
        }
        if rest.len() >= 6 && rest.starts_with(['+', '-']) && rest.as_bytes()[3] == b':' {
            let with_offset = format!("{base}{frac}{}", &rest[..6]);
            return DateTime::parse_from_str(&with_offset, "%Y-%m-%dT%H:%M:%S%.f%:z").ok().map(|t| t.to_utc());
        }
        Some(naive.and_utc())
    }

    #[test]
    fn digits_read_as_chrono_parses_them() {
        let cases = [
            "2026-11-23T10:00:01.123Z x",
            "2026-11-23 10:00:01,5 x",
            "2026-11-23 10:00:01.123456789123 x",
            "2026-11-23t10:00:01.000001z",
            "2026-11-23T10:00:01+02:00",
            "2026-11-23T10:00:01.25-05:30 x",
            "2026-11-23T10:00:01+24:00",
            "2026-11-23T10:00:01+02:60",
            "2026-11-23T10:00:01+0a:00",
            "2026-11-23T10:00:01.+02:00",
            "2026-11-23T10:00:01.",
            "2026-02-29 10:00:01",
            "2024-02-29 10:00:01",
            "2026-11-23 24:00:00",
            "2026-11-23 23:59:60 leap",
            "2026-11-23 23:60:00",
            "0000-01-01 00:00:00",
            "9999-12-31 23:59:59.999999999Z",
            "2026-00-10 10:00:00",
            "2026-11-31 10:00:00",
        ];
        for c in cases {
            assert_eq!(super::leading(c), reference(c), "{c}");
        }
        // Every day and time of a year, a second apart in its minutes.
        let mut t = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
        for i in 0..5000 {
            let s = t.format("%Y-%m-%d %H:%M:%S,%3f").to_string();
            assert_eq!(super::leading(&s), reference(&s), "{s}");
            t += chrono::Duration::milliseconds(6_337_123 + i);
        }
    }

    #[test]
    fn reads_the_times_lines_lead_with() {
        assert_eq!(t("2026-11-23T10:00:01.123Z checkout-api ERROR x").as_deref(), Some("2026-11-23T10:00:01.123Z"));
        assert_eq!(t("2015-10-18 18:01:47,978 INFO [main] x").as_deref(), Some("2015-10-18T18:01:47.978Z"));
        assert_eq!(t("2026-11-23 10:00:01 ERROR upstream").as_deref(), Some("2026-11-23T10:00:01.000Z"));
        assert_eq!(t("2026-11-23T12:00:01+02:00 x").as_deref(), Some("2026-11-23T10:00:01.000Z"));
        assert_eq!(t("[2026-11-23 10:00:01] x").as_deref(), Some("2026-11-23T10:00:01.000Z"));
        assert_eq!(
            t(r#"{"level":"error","ts":"2026-11-23T10:00:02Z","msg":"x"}"#).as_deref(),
            Some("2026-11-23T10:00:02.000Z")
        );
        assert_eq!(t("03-17 16:13:38.811  1702  2395 D WindowManager"), None, "no year: not guessed");
        assert_eq!(t("- 1117838570 2005.06.03 R02"), None);
        assert_eq!(t("2026-13-45 99:00:00 nonsense"), None);
        assert_eq!(t(""), None);
        assert_eq!(t("2026-11-23T10:00:01.123Zé"), Some("2026-11-23T10:00:01.123Z".into()));
    }
}
