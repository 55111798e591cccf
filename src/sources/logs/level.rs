//! Reading a line's level: JSON fields (`level`, `severity`, bunyan's
//! numbers), a level word near the start of a text line, or failing that
//! words that mean trouble.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub enum Level {
    Trace,
    Debug,
    #[default]
    Unknown,
    Info,
    Warn,
    Error,
    Fatal,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Trace => "TRACE",
            Level::Debug => "DEBUG",
            Level::Unknown => "-",
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Error => "ERROR",
            Level::Fatal => "FATAL",
        }
    }

    pub fn is_problem(self) -> bool {
        self >= Level::Warn
    }

    fn from_word(w: &str) -> Option<Level> {
        let lower = w.to_ascii_lowercase();
        // Words that are also ordinary English count only in capitals.
        let shouting = w.bytes().all(|b| !b.is_ascii_lowercase());
        Some(match lower.as_str() {
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

/// The level of a text line, and for JSON lines the message field.
pub fn classify(line: &str) -> (Level, Option<String>) {
    if line.starts_with('{')
        && let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(line)
    {
        let level = ["level", "severity", "lvl", "loglevel", "log.level", "levelname"]
            .iter()
            .find_map(|k| map.get(*k))
            .and_then(json_level)
            .or_else(|| map.get("PRIORITY").and_then(syslog_priority))
            .unwrap_or(Level::Unknown);
        let msg = ["msg", "message", "MESSAGE", "error", "err"]
            .iter()
            .find_map(|k| map.get(*k).and_then(|v| v.as_str()))
            .map(str::to_string);
        let level = if level == Level::Unknown { keyword_level(msg.as_deref().unwrap_or(line)) } else { level };
        return (level, msg);
    }
    for token in line.split_whitespace().take(8) {
        let word = token.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let word = word.strip_prefix("level=").unwrap_or(word);
        let word = token.strip_prefix("level=").map(|w| w.trim_matches('"')).unwrap_or(word);
        if let Some(level) = Level::from_word(word) {
            return (level, None);
        }
    }
    (keyword_level(line), None)
}

fn keyword_level(text: &str) -> Level {
    let lower = text.to_ascii_lowercase();
    if TROUBLE.iter().any(|w| lower.contains(w)) { Level::Error } else { Level::Unknown }
}

/// journald's `PRIORITY`: syslog severity 0 (emerg) to 7 (debug), as a
/// string in `journalctl -o json`.
fn syslog_priority(v: &serde_json::Value) -> Option<Level> {
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

fn json_level(v: &serde_json::Value) -> Option<Level> {
    match v {
        serde_json::Value::String(s) => Level::from_word(s),
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
