//! Reading a line's level: for access logs (common and combined formats,
//! Envoy, JSON access logs of nginx, Caddy, load balancers) the HTTP
//! status; otherwise JSON fields (`level`, `severity`, bunyan's numbers), a
//! level word near the start of a text line, or failing that words that
//! mean trouble.

use std::borrow::Cow;
use std::collections::BTreeMap;

pub use crate::signals::vocab::Level;

use super::json::{Fields, Http, Val};

/// A word of up to 16 ASCII letters, lowercased, as one number: the
/// first letter in the highest byte used (letters are never 0, so words
/// of different lengths differ).
const fn packed(w: &[u8]) -> u128 {
    let mut key = 0u128;
    let mut i = 0;
    while i < w.len() {
        key = key << 8 | (w[i] | 0x20) as u128;
        i += 1;
    }
    key
}

/// A level word (`warn`, `ERROR`, logcat's `W`) as a level. The word is
/// read once into a number and matched against numbers: no copy, no
/// string comparisons.
fn level_word(w: &str) -> Option<Level> {
    // No level word is longer than 11 letters: most tokens stop here.
    let b = w.as_bytes();
    if b.is_empty() || b.len() > 11 || !b[0].is_ascii_alphabetic() {
        return None;
    }
    let (mut key, mut letters, mut lower) = (0u128, true, false);
    for &c in b {
        letters &= c.is_ascii_alphabetic();
        lower |= c.is_ascii_lowercase();
        key = key << 8 | u128::from(c | 0x20);
    }
    if !letters {
        return None;
    }
    // Words that are also ordinary English count only in capitals.
    let shouting = !lower;
    macro_rules! words {
        ($($name:ident = $w:literal),* $(,)?) => { $(const $name: u128 = packed($w);)* };
    }
    words!(
        TRACE = b"trace",
        VERBOSE = b"verbose",
        FINEST = b"finest",
        FINER = b"finer",
        DEBUG = b"debug",
        DBG = b"dbg",
        FINE = b"fine",
        INFO = b"info",
        INFORMATION = b"information",
        NOTICE = b"notice",
        WARN = b"warn",
        WARNING = b"warning",
        ERROR = b"error",
        ERR = b"err",
        SEVERE = b"severe",
        FATAL = b"fatal",
        CRIT = b"crit",
        CRITICAL = b"critical",
        EMERG = b"emerg",
        PANIC = b"panic",
        EMERGENCY = b"emergency",
        ALERT = b"alert",
    );
    Some(match key {
        TRACE | VERBOSE => Level::Trace,
        FINEST | FINER if shouting => Level::Trace,
        DEBUG | DBG => Level::Debug,
        FINE if shouting => Level::Debug,
        INFO | INFORMATION => Level::Info,
        NOTICE if shouting => Level::Info,
        WARN | WARNING => Level::Warn,
        ERROR | ERR | SEVERE => Level::Error,
        FATAL | CRIT | CRITICAL | EMERG => Level::Fatal,
        PANIC | EMERGENCY | ALERT if shouting => Level::Fatal,
        // Single letters (logcat, glog) only in capitals.
        _ if b.len() == 1 && shouting => match b[0] {
            b'V' | b'T' => Level::Trace,
            b'D' => Level::Debug,
            b'I' => Level::Info,
            b'W' => Level::Warn,
            b'E' => Level::Error,
            b'F' => Level::Fatal,
            _ => return None,
        },
        _ => return None,
    })
}

/// Words that mark a line without a level as a problem.
const TROUBLE: [&str; 12] = [
    "error",
    "exception",
    "fatal",
    "panic",
    "traceback",
    "failed",
    "failure",
    "refused",
    "denied",
    "unable",
    "cannot",
    "timed out",
];

/// What level an HTTP status gives an access-log line: a code (`404`)
/// before its class (`4xx`). By default 5xx is an error, 4xx a warning and
/// anything else info.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusLevels {
    codes: BTreeMap<u16, Level>,
    classes: [Level; 6],
}

impl Default for StatusLevels {
    fn default() -> Self {
        let mut classes = [Level::Info; 6];
        classes[4] = Level::Warn;
        classes[5] = Level::Error;
        Self { codes: BTreeMap::new(), classes }
    }
}

impl StatusLevels {
    /// From the config's `status_levels: {"4xx": info, "429": warn}`.
    pub fn parse(map: &BTreeMap<String, String>) -> Result<Self, String> {
        let mut out = Self::default();
        for (k, v) in map {
            let level = level_word(v)
                .filter(|_| v.len() > 1)
                .ok_or_else(|| format!("status_levels `{k}`: `{v}` is not a level (error, warn, info, debug)"))?;
            let bad = || format!("status_levels key `{k}`: use a status like 404 or a class like 4xx (100-599)");
            match k.as_bytes() {
                [c @ b'1'..=b'5', b'x' | b'X', b'x' | b'X'] => out.classes[usize::from(c - b'0')] = level,
                _ => {
                    let code: u16 = k.parse().map_err(|_| bad())?;
                    if !(100..=599).contains(&code) {
                        return Err(bad());
                    }
                    out.codes.insert(code, level);
                }
            }
        }
        Ok(out)
    }

    pub fn level(&self, status: u16) -> Level {
        self.codes.get(&status).copied().unwrap_or(self.classes[usize::from(status / 100).min(5)])
    }
}

/// A three-digit HTTP status, 100 to 599.
pub(super) fn status_code(s: &str) -> Option<u16> {
    let n: u16 = (s.len() == 3).then(|| s.parse().ok())??;
    (100..=599).contains(&n).then_some(n)
}

/// The status of a text access-log line: the number after a quoted
/// request line (`"GET /path HTTP/1.1" 503`: common, combined, Envoy), or
/// `status=503` beside `method=` (Heroku's router, logfmt access logs).
pub fn access_status(line: &str) -> Option<u16> {
    let quote = |s: &str| memchr::memchr(b'"', s.as_bytes());
    let mut rest = line;
    while let Some(q) = quote(rest) {
        let after = &rest[q + 1..];
        let Some(end) = quote(after) else { break };
        let inner = &after[..end];
        let is_request = inner.split_once(' ').is_some_and(|(m, target)| {
            HTTP_METHODS.contains(&m) && (target.contains(" HTTP/") || !target.contains(' '))
        });
        if is_request {
            return after[end + 1..].split_whitespace().next().and_then(status_code);
        }
        rest = &after[end + 1..];
    }
    static METHOD: std::sync::LazyLock<memchr::memmem::Finder> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("method="));
    if METHOD.find(line.as_bytes()).is_some() {
        return line
            .split_whitespace()
            .find_map(|t| t.strip_prefix("status="))
            .map(|v| v.trim_matches('"'))
            .and_then(status_code);
    }
    None
}

const HTTP_METHODS: [&str; 9] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT", "TRACE"];

/// The status of a JSON access-log line: a status field beside a request
/// field, at the top or in a `request`/`response`/`http`/`httpRequest`
/// object (nginx and Caddy JSON, Envoy JSON, GCP and AWS load balancers).
fn json_status(f: &Fields) -> Option<u16> {
    let find = |h: &Http| h.status.iter().flatten().next().copied();
    if f.http.has_request
        && let Some(c) = find(&f.http)
    {
        return Some(c);
    }
    for m in f.nested.iter().flatten() {
        if let Some(c) = find(m).filter(|_| f.http.has_request || m.has_request) {
            return Some(c);
        }
    }
    None
}

/// The level of a text line, and for JSON lines the message field, with
/// the default status levels.
pub fn classify(line: &str) -> (Level, Option<Cow<'_, str>>) {
    classify_with(line, &StatusLevels::default())
}

/// The level of a line, and for JSON lines the message field (borrowed
/// from the line unless it holds escapes).
pub fn classify_with<'a>(line: &'a str, status: &StatusLevels) -> (Level, Option<Cow<'a, str>>) {
    if line.starts_with('{') {
        return classify_json(line, status).unwrap_or_else(|| classify_text(line, status));
    }
    classify_text(line, status)
}

/// A JSON line's level and message; None when the line is not one JSON
/// object.
fn classify_json<'a>(line: &'a str, status: &StatusLevels) -> Option<(Level, Option<Cow<'a, str>>)> {
    let mut f = Fields::default();
    if !f.read(line) {
        return None;
    }
    let level =
        f.level.iter().flatten().next().and_then(json_level).or_else(|| f.priority.as_ref().and_then(syslog_priority));
    // An access log's level is its status (Caddy writes `info` for a
    // 502); an explicit level that says worse still counts.
    let level = match (json_status(&f).map(|c| status.level(c)), level) {
        (Some(s), Some(l)) => s.max(l),
        (s, l) => s.or(l).unwrap_or(Level::Unknown),
    };
    let msg = f.message.into_iter().flatten().find_map(|v| match v {
        Val::Str(s) => Some(s),
        _ => None,
    });
    let level = if level == Level::Unknown { keyword_level(msg.as_deref().unwrap_or(line)) } else { level };
    Some((level, msg))
}

/// A text line's level.
fn classify_text<'a>(line: &'a str, status: &StatusLevels) -> (Level, Option<Cow<'a, str>>) {
    // Access logs: the status, whatever words the URL, referrer or user
    // agent hold (`GET /api/error-report 200` is fine).
    if let Some(code) = access_status(line) {
        return (status.level(code), None);
    }
    for token in line.split_ascii_whitespace().take(8) {
        let word = alphanumeric_core(token);
        let word = word.strip_prefix("level=").unwrap_or(word);
        let word = token.strip_prefix("level=").map(|w| w.trim_matches('"')).unwrap_or(word);
        if let Some(level) = level_word(word) {
            return (level, None);
        }
    }
    (keyword_level(line), None)
}

/// `token` without the characters around it that are not ASCII letters
/// or digits. (Such a byte is never inside a multi-byte character, so the
/// cut is on character boundaries.)
fn alphanumeric_core(token: &str) -> &str {
    let b = token.as_bytes();
    let Some(start) = b.iter().position(u8::is_ascii_alphanumeric) else { return "" };
    let end = b.iter().rposition(u8::is_ascii_alphanumeric).map_or(start, |e| e + 1);
    &token[start..end]
}

fn keyword_level(text: &str) -> Level {
    // One pass over the text for all the words, ignoring case, without
    // a lowercased copy of every line.
    static WORDS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(TROUBLE).expect("fixed words")
    });
    if WORDS.is_match(text) { Level::Error } else { Level::Unknown }
}

/// journald's `PRIORITY`: syslog severity 0 (emerg) to 7 (debug), as a
/// string in `journalctl -o json`.
fn syslog_priority(v: &Val) -> Option<Level> {
    let n = match v {
        Val::Str(s) => s.parse::<u64>().ok()?,
        Val::Uint(n) => *n,
        Val::Other => return None,
    };
    Some(match n {
        0..=2 => Level::Fatal,
        3 => Level::Error,
        4 => Level::Warn,
        5 | 6 => Level::Info,
        _ => Level::Debug,
    })
}

fn json_level(v: &Val) -> Option<Level> {
    match v {
        Val::Str(s) => level_word(s),
        // bunyan / pino numbers.
        Val::Uint(n) => Some(match n {
            0..=10 => Level::Trace,
            11..=20 => Level::Debug,
            21..=30 => Level::Info,
            31..=40 => Level::Warn,
            41..=50 => Level::Error,
            _ => Level::Fatal,
        }),
        Val::Other => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tokens_core_is_what_trimming_by_characters_gives() {
        for t in ["[ERROR]", "ERROR:", "«WARN»", "…", "", "-", "a", "é-x-é", "level=\"warn\"", "<E>", "Ωinfo"] {
            assert_eq!(alphanumeric_core(t), t.trim_matches(|c: char| !c.is_ascii_alphanumeric()), "{t}");
        }
    }

    /// The reading of level words before [`super::level_word`] packed them
    /// into numbers: the oracle it is checked against.
    fn reference_level_word(w: &str) -> Option<Level> {
        // No level word is longer than 11 letters: most tokens stop here,
        // before any copy is made.
        if w.is_empty() || w.len() > 11 || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let mut buf = [0u8; 11];
        buf[..w.len()].copy_from_slice(w.as_bytes());
        buf[..w.len()].make_ascii_lowercase();
        let lower = std::str::from_utf8(&buf[..w.len()]).unwrap_or("");
        // Words that are also ordinary English count only in capitals.
        let shouting = w.bytes().all(|b| !b.is_ascii_lowercase());
        Some(match lower {
            "trace" | "verbose" => Level::Trace,
            "finest" | "finer" if shouting => Level::Trace,
            "debug" | "dbg" => Level::Debug,
            "fine" if shouting => Level::Debug,
            "info" | "information" => Level::Info,
            "notice" if shouting => Level::Info,
            "warn" | "warning" => Level::Warn,
            "error" | "err" | "severe" => Level::Error,
            "fatal" | "crit" | "critical" | "emerg" => Level::Fatal,
            "panic" | "emergency" | "alert" if shouting => Level::Fatal,
            // Single letters (logcat, glog) only in capitals.
            _ if w.len() == 1 => match w {
                "V" | "T" => Level::Trace,
                "D" => Level::Debug,
                "I" => Level::Info,
                "W" => Level::Warn,
                "E" => Level::Error,
                "F" => Level::Fatal,
                _ => return None,
            },
            _ => return None,
        })
    }

    /// Level words read as numbers are what the string match read, for
    /// every level word in every case, their prefixes and extensions,
    /// single letters, and generated words of 0 to 12 letters and other
    /// bytes.
    #[test]
    fn level_words_read_as_the_string_match_did() {
        let mut words: Vec<String> = Vec::new();
        for w in [
            "trace",
            "verbose",
            "finest",
            "finer",
            "debug",
            "dbg",
            "fine",
            "info",
            "information",
            "notice",
            "warn",
            "warning",
            "error",
            "err",
            "severe",
            "fatal",
            "crit",
            "critical",
            "emerg",
            "panic",
            "emergency",
            "alert",
            "errors",
            "informations",
            "xwarn",
            "inf",
            "war",
            "level",
            "",
            "é",
            "WARNÉ",
            "E1",
            "w-a",
        ] {
            let title = w.chars().enumerate().map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c });
            words.extend([w.to_string(), w.to_uppercase(), title.collect(), w.to_ascii_uppercase() + "x"]);
        }
        words.extend((0u8..=255).map(|b| String::from_utf8_lossy(&[b]).into_owned()));
        let mut x = 0x9E3779B97F4A7C15u64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 13) as usize;
            const BYTES: &[u8] = b"aeinrtwdgfoclsEIRNWOTAFD_-1 ";
            words.push((0..len).map(|i| BYTES[(x >> (8 + 5 * i) & 31) as usize % BYTES.len()] as char).collect());
        }
        for w in &words {
            assert_eq!(level_word(w), reference_level_word(w), "{w:?}");
        }
        assert_eq!(level_word("WARNING"), Some(Level::Warn));
        assert_eq!(level_word("Notice"), None);
    }

    // The Value-based reading this module did before `json::Fields`: the
    // oracle the one-pass reading is checked against.
    /// The status of a JSON access-log line: a status field beside a request
    /// field, at the top or in a `request`/`response`/`http`/`httpRequest`
    /// object (nginx and Caddy JSON, Envoy JSON, GCP and AWS load balancers).
    fn reference_json_status(map: &serde_json::Map<String, serde_json::Value>) -> Option<u16> {
        const STATUS: [&str; 9] = [
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
        const REQUEST: [&str; 12] = [
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
        let code = |v: &serde_json::Value| match v {
            serde_json::Value::Number(n) => {
                n.as_u64().and_then(|n| u16::try_from(n).ok()).filter(|n| (100..=599).contains(n))
            }
            serde_json::Value::String(s) => status_code(s),
            _ => None,
        };
        let find =
            |m: &serde_json::Map<String, serde_json::Value>| STATUS.iter().find_map(|k| m.get(*k).and_then(code));
        let has_request = |m: &serde_json::Map<String, serde_json::Value>| REQUEST.iter().any(|k| m.contains_key(*k));
        let nested = ["response", "http", "httpRequest", "request", "resp"]
            .iter()
            .filter_map(|k| map.get(*k).and_then(|v| v.as_object()));
        if has_request(map)
            && let Some(c) = find(map)
        {
            return Some(c);
        }
        for m in nested {
            if let Some(c) = find(m).filter(|_| has_request(map) || has_request(m)) {
                return Some(c);
            }
        }
        None
    }

    /// The level of a line, and for JSON lines the message field.
    fn reference_classify(line: &str, status: &StatusLevels) -> (Level, Option<String>) {
        if line.starts_with('{')
            && let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(line)
        {
            let level = ["level", "severity", "lvl", "loglevel", "log.level", "levelname"]
                .iter()
                .find_map(|k| map.get(*k))
                .and_then(reference_json_level)
                .or_else(|| map.get("PRIORITY").and_then(reference_syslog_priority));
            // An access log's level is its status (Caddy writes `info` for a
            // 502); an explicit level that says worse still counts.
            let level = match (reference_json_status(&map).map(|c| status.level(c)), level) {
                (Some(s), Some(l)) => s.max(l),
                (s, l) => s.or(l).unwrap_or(Level::Unknown),
            };
            let msg = ["msg", "message", "MESSAGE", "error", "err"]
                .iter()
                .find_map(|k| map.get(*k).and_then(|v| v.as_str()))
                .map(str::to_string);
            let level =
                if level == Level::Unknown { super::keyword_level(msg.as_deref().unwrap_or(line)) } else { level };
            return (level, msg);
        }
        // Access logs: the status, whatever words the URL, referrer or user
        // agent hold (`GET /api/error-report 200` is fine).
        if let Some(code) = access_status(line) {
            return (status.level(code), None);
        }
        for token in line.split_whitespace().take(8) {
            let word = token.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            let word = word.strip_prefix("level=").unwrap_or(word);
            let word = token.strip_prefix("level=").map(|w| w.trim_matches('"')).unwrap_or(word);
            if let Some(level) = level_word(word) {
                return (level, None);
            }
        }
        (super::keyword_level(line), None)
    }

    /// journald's `PRIORITY`: syslog severity 0 (emerg) to 7 (debug), as a
    /// string in `journalctl -o json`.
    fn reference_syslog_priority(v: &serde_json::Value) -> Option<Level> {
        let n = match v {
            serde_json::Value::String(s) => s.parse::<u64>().ok()?,
            v => v.as_u64()?,
        };
        Some(match n {
            0..=2 => Level::Fatal,
            3 => Level::Error,
            4 => Level::Warn,
            5 | 6 => Level::Info,
            _ => Level::Debug,
        })
    }

    fn reference_json_level(v: &serde_json::Value) -> Option<Level> {
        match v {
            serde_json::Value::String(s) => level_word(s),
            // bunyan / pino numbers.
            serde_json::Value::Number(n) => Some(match n.as_u64()? {
                0..=10 => Level::Trace,
                11..=20 => Level::Debug,
                21..=30 => Level::Info,
                31..=40 => Level::Warn,
                41..=50 => Level::Error,
                _ => Level::Fatal,
            }),
            _ => None,
        }
    }

    /// The one-pass reading of JSON lines says what the Value-based one
    /// said, on generated lines that mix every key this module reads
    /// (escaped, repeated, nested, of every type), cut short or not.
    #[test]
    fn json_fields_read_as_the_parsed_map_did() {
        use super::super::json::{LEVEL, MESSAGE, NESTED, REQUEST, STATUS};
        let mut x = 0x2545F4914F6CDD1Du64;
        let mut next = move |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        let mut keys: Vec<String> =
            [&LEVEL[..], &MESSAGE[..], &STATUS[..], &REQUEST[..], &NESTED[..], &["PRIORITY", "other", "ts"]]
                .concat()
                .iter()
                .map(|k| format!("{k:?}"))
                .collect();
        keys.extend([r#""le\u0076el""#.to_string(), r#""st\u0061tus""#.to_string(), r#""m\u0073g""#.to_string()]);
        let scalars = [
            r#""error""#,
            r#""WARN""#,
            r#""info""#,
            r#""fatal""#,
            r#""500""#,
            r#""404""#,
            r#""200""#,
            r#""3""#,
            r#""6""#,
            r#""GET /x HTTP/1.1""#,
            r#""request failed""#,
            r#""tab\there \"q\"""#,
            r#""\u0065rror""#,
            "0",
            "3",
            "30",
            "50",
            "60",
            "200",
            "404",
            "503",
            "700",
            "70000",
            "-1",
            "5.5",
            "1e2",
            "true",
            "null",
            "[1,\"error\"]",
            "{}",
        ];
        let mut checked = 0;
        for _ in 0..20_000 {
            let mut fields = Vec::new();
            for _ in 0..1 + next(6) {
                let key = &keys[next(keys.len())];
                let value = if next(4) == 0 {
                    // A nested object: status and request fields, maybe deeper.
                    let inner: Vec<String> = (0..next(4))
                        .map(|_| {
                            let k = &keys[next(keys.len())];
                            let v = if next(5) == 0 {
                                r#"{"status":502}"#.to_string()
                            } else {
                                scalars[next(scalars.len())].to_string()
                            };
                            format!("{k}:{v}")
                        })
                        .collect();
                    format!("{{{}}}", inner.join(","))
                } else {
                    scalars[next(scalars.len())].to_string()
                };
                fields.push(format!("{key}:{value}"));
            }
            let mut line = format!("{{{}}}", fields.join(","));
            if next(10) == 0 {
                line.truncate(next(line.len()) + 1);
            }
            let levels = StatusLevels::default();
            let (level, msg) = classify_with(&line, &levels);
            assert_eq!((level, msg.map(String::from)), reference_classify(&line, &levels), "{line}");
            checked += 1;
        }
        assert_eq!(checked, 20_000);
    }

    #[test]
    fn finds_levels_in_text_and_json() {
        let lv = |s: &str| classify(s).0;
        assert_eq!(lv("2026-11-23 10:01:02,123 ERROR [pool] too many connections"), Level::Error);
        assert_eq!(lv("[WARN] slow query 2.3s"), Level::Warn);
        assert_eq!(lv("ts=2026 level=error msg=\"x\""), Level::Error);
        assert_eq!(lv("03-17 16:13:38.935  1702  3697 W ActivityManager: limiting"), Level::Warn);
        assert_eq!(lv("I1123 10:00:00 server.go:12] started"), Level::Unknown);
        assert_eq!(lv("GET /health 200 1ms"), Level::Unknown);
        assert_eq!(lv("connection refused by upstream"), Level::Error);
        assert_eq!(lv("Everything is fine"), Level::Unknown);
        let (level, msg) = classify(r#"{"level":"warn","msg":"token expired for user 12"}"#);
        assert_eq!((level, msg.as_deref()), (Level::Warn, Some("token expired for user 12")));
        assert_eq!(lv(r#"{"level":50,"msg":"boom"}"#), Level::Error);
        assert_eq!(lv(r#"{"severity":"CRITICAL","message":"disk"}"#), Level::Fatal);
        assert_eq!(lv(r#"{"msg":"request failed"}"#), Level::Error);
        assert_eq!(lv("{not json"), Level::Unknown);
        let (level, msg) = classify(r#"{"MESSAGE":"Out of memory: killed process 4242","PRIORITY":"3","_PID":"1"}"#);
        assert_eq!((level, msg.as_deref()), (Level::Error, Some("Out of memory: killed process 4242")));
        assert_eq!(lv(r#"{"MESSAGE":"Started job","PRIORITY":"6"}"#), Level::Info);
    }

    #[test]
    fn access_logs_take_their_level_from_the_status() {
        let lv = |s: &str| classify(s).0;
        // Common and combined formats (Apache, nginx).
        let common = r#"10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] "GET /api/cart HTTP/1.1" 503 512"#;
        assert_eq!(lv(common), Level::Error);
        let combined = r#"10.0.0.1 - bob [23/Nov/2026:10:00:00 +0000] "POST /login HTTP/2.0" 401 0 "https://shop/error?fatal=1" "Mozilla/5.0 (ErrorBot; panic)""#;
        assert_eq!(lv(combined), Level::Warn);
        // Level words in the URL, referrer or user agent do not count.
        let fine = r#"10.0.0.1 - - [23/Nov/2026:10:00:00 +0000] "GET /api/error-report?level=fatal HTTP/1.1" 200 91 "https://x/failed" "curl/8 (exception)""#;
        assert_eq!(lv(fine), Level::Info);
        // Envoy's default format.
        let envoy = r#"[2026-11-23T10:00:00.000Z] "GET /v1/pay HTTP/1.1" 504 UT 0 24 15000 - "-" "grpc-go" "a1" "pay" "10.0.0.9:80""#;
        assert_eq!(lv(envoy), Level::Error);
        // logfmt router lines.
        assert_eq!(lv(r#"at=error code=H12 method=GET path="/" status=503 bytes=0"#), Level::Error);
        assert_eq!(lv("at=info method=GET path=/error status=200"), Level::Info);
        // JSON: nginx, Caddy (level info, status 502), GCP's httpRequest.
        assert_eq!(lv(r#"{"remote_addr":"10.0.0.1","request":"GET /x HTTP/1.1","status":"404"}"#), Level::Warn);
        assert_eq!(
            lv(
                r#"{"level":"info","logger":"http.log.access","msg":"handled request","request":{"method":"GET","uri":"/"},"status":502}"#
            ),
            Level::Error
        );
        assert_eq!(lv(r#"{"severity":"INFO","httpRequest":{"requestMethod":"GET","status":500}}"#), Level::Error);
        assert_eq!(lv(r#"{"level":"error","method":"GET","status":200,"msg":"handler panicked"}"#), Level::Error);
        // A status field without a request is not an access log.
        assert_eq!(lv(r#"{"status":"500","msg":"job done"}"#), Level::Unknown);
        // Quoted text that is not a request line.
        assert_eq!(lv(r#"user "GET ready" logged 500 times"#), Level::Unknown);
    }

    #[test]
    fn status_levels_are_configurable() {
        let map = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let s = StatusLevels::parse(&map(&[("4xx", "info"), ("429", "warn"), ("5XX", "fatal")])).unwrap();
        assert_eq!(
            (s.level(404), s.level(429), s.level(503), s.level(200)),
            (Level::Info, Level::Warn, Level::Fatal, Level::Info)
        );
        let line = r#"1.2.3.4 - - [x] "GET / HTTP/1.1" 404 0"#;
        assert_eq!(classify_with(line, &s).0, Level::Info);
        assert!(StatusLevels::parse(&map(&[("6xx", "error")])).unwrap_err().contains("class like 4xx"));
        assert!(StatusLevels::parse(&map(&[("404", "loud")])).unwrap_err().contains("not a level"));
    }
}
