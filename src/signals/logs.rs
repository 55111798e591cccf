//! Every log line in one bounded ring (all sources), the error patterns
//! with their counts and first/last seen, and each source's errors over
//! the last 60 seconds. Memory stays bounded however chatty the logs.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Utc};

use crate::sources::{Level, LogLine};

/// Patterns kept at most; the least recently seen goes first.
pub const PATTERN_CAP: usize = 2_000;
/// Seconds of error counts kept per source: a sliding minute.
const SECONDS: i64 = 60;

#[derive(Debug, Clone)]
pub struct StoredLine {
    pub source: u16,
    /// The line's error pattern, as [`pattern_key`] (lines of a pattern).
    pub pattern: Option<u64>,
    pub at: DateTime<Utc>,
    pub level: Level,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct PatternStat {
    pub pattern: String,
    /// [`pattern_key`] of `pattern`.
    pub key: u64,
    pub count: u64,
    pub first: DateTime<Utc>,
    pub last: DateTime<Utc>,
    pub level: Level,
    pub source: u16,
}

/// Lines and errors read in one second.
#[derive(Debug, Clone, Default)]
pub struct SecondCount {
    pub second: i64,
    pub lines: u32,
    pub errors: u32,
}

#[derive(Debug, Clone)]
pub struct LogStore {
    pub sources: Vec<String>,
    pub lines: VecDeque<StoredLine>,
    pub cap: usize,
    /// By [`pattern_key`].
    pub patterns: HashMap<u64, PatternStat>,
    /// Per source, the last minute's counts second by second.
    pub per_second: Vec<VecDeque<SecondCount>>,
    pub total: u64,
}

impl LogStore {
    pub fn new(sources: Vec<String>, cap: usize) -> Self {
        let n = sources.len();
        Self {
            sources,
            lines: VecDeque::new(),
            cap: cap.max(1),
            patterns: HashMap::new(),
            per_second: vec![VecDeque::new(); n],
            total: 0,
        }
    }

    pub fn source_index(&self, name: &str) -> Option<u16> {
        self.sources.iter().position(|s| s == name).map(|i| i as u16)
    }

    pub fn push(&mut self, source: u16, lines: Vec<LogLine>) {
        for l in lines {
            self.total += 1;
            self.count_second(source, &l);
            let pattern = l.pattern.as_ref().map(|p| p.key());
            if let (Some(key), Some(p)) = (pattern, &l.pattern) {
                self.count_pattern(source, key, p, l.at, l.level);
            }
            if self.lines.len() >= self.cap {
                self.lines.pop_front();
            }
            self.lines.push_back(StoredLine { source, pattern, at: l.at, level: l.level, text: l.text });
        }
    }

    fn count_second(&mut self, source: u16, l: &LogLine) {
        let Some(ring) = self.per_second.get_mut(source as usize) else {
            return;
        };
        let second = l.at.timestamp();
        if ring.back().is_none_or(|m| m.second < second) {
            ring.push_back(SecondCount { second, ..Default::default() });
        }
        while ring.front().is_some_and(|m| m.second <= second - SECONDS) {
            ring.pop_front();
        }
        // Lines arrive in order per source; a late one counts in the last second.
        if let Some(m) = ring.back_mut() {
            m.lines += 1;
            if l.level >= Level::Error {
                m.errors += 1;
            }
        }
    }

    fn count_pattern(&mut self, source: u16, key: u64, pattern: &str, at: DateTime<Utc>, level: Level) {
        if let Some(p) = self.patterns.get_mut(&key) {
            p.count += 1;
            p.last = p.last.max(at);
            p.level = p.level.max(level);
            return;
        }
        if self.patterns.len() >= PATTERN_CAP
            && let Some(oldest) = self.patterns.values().min_by_key(|p| (p.last, p.count)).map(|p| p.key)
        {
            self.patterns.remove(&oldest);
        }
        let pattern = pattern.to_string();
        self.patterns.insert(key, PatternStat { pattern, key, count: 1, first: at, last: at, level, source });
    }

    /// The most frequent patterns, most first.
    pub fn top_patterns(&self, n: usize) -> Vec<&PatternStat> {
        self.top_patterns_at(n, Level::Trace)
    }

    /// The most frequent patterns at `min` or worse.
    pub fn top_patterns_at(&self, n: usize, min: Level) -> Vec<&PatternStat> {
        let mut v: Vec<&PatternStat> = self.patterns.values().filter(|p| p.level >= min).collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then(b.last.cmp(&a.last)));
        v.truncate(n);
        v
    }

    /// Error lines of `source` read in the 60 seconds up to `now`: the
    /// same lines the pane lists as ERROR and worse, current to the second.
    pub fn errors_per_minute(&self, source: u16, now: DateTime<Utc>) -> u32 {
        let from = now.timestamp() - SECONDS;
        self.per_second
            .get(source as usize)
            .map_or(0, |r| r.iter().filter(|m| m.second > from && m.second <= now.timestamp()).map(|m| m.errors).sum())
    }
}

pub use crate::sources::logs::pattern::key as pattern_key;

/// A pattern as the pane shows it: without the placeholders its leading
/// timestamp (and host, pid) left, which say nothing about the error.
pub fn shown(pattern: &str) -> &str {
    let mut p = pattern.trim_start();
    while let Some(rest) = p.strip_prefix("<*>") {
        if rest.is_empty() {
            break;
        }
        p = rest.trim_start();
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(at: DateTime<Utc>, raw: &str) -> LogLine {
        LogLine::ingest(raw.as_bytes(), 1000, &Default::default(), at)
    }

    #[test]
    fn groups_problem_lines_and_bounds_memory() {
        let t: DateTime<Utc> = "2026-11-23T10:00:30Z".parse().unwrap();
        let mut s = LogStore::new(vec!["api".into()], 3);
        let mut batch = vec![];
        for u in 0..45 {
            batch.push(line(t, &format!("ERROR INVALID_TOKEN for user {u}")));
        }
        batch.push(line(t, "WARN slow query took 2300ms"));
        batch.push(line(t, "INFO GET /health 200"));
        s.push(0, batch);
        assert_eq!(s.lines.len(), 3, "the ring is capped");
        assert_eq!(s.total, 47);
        let top = s.top_patterns(5);
        assert_eq!(top.len(), 2, "info lines make no pattern");
        assert_eq!((top[0].pattern.as_str(), top[0].count), ("ERROR INVALID_TOKEN for user <*>", 45));
        assert_eq!(top[1].pattern, "WARN slow query took <*>");
        // Current at once, for the 60 seconds after, then gone.
        assert_eq!(s.errors_per_minute(0, t), 45, "counted the second they arrive");
        let at = |secs| t + chrono::Duration::seconds(secs);
        assert_eq!(s.errors_per_minute(0, at(59)), 45);
        assert_eq!(s.errors_per_minute(0, at(60)), 0);
        s.push(0, vec![line(at(30), "ERROR boom"), line(at(45), "FATAL down")]);
        assert_eq!(s.errors_per_minute(0, at(50)), 47);
        assert_eq!(s.errors_per_minute(0, at(100)), 1, "only the one 45 s in");
        assert!(s.per_second[0].len() <= 60, "bounded");
    }

    #[test]
    fn the_pattern_table_is_capped() {
        let t = Utc::now();
        let mut s = LogStore::new(vec!["x".into()], 10);
        for i in 0..(PATTERN_CAP + 50) {
            // Distinct words (no digits), so each line is its own pattern.
            let word: String =
                format!("{i:x}").chars().map(|c| (b'g' + c.to_digit(16).unwrap() as u8) as char).collect();
            s.push(0, vec![line(t, &format!("ERROR failure {word}"))]);
        }
        assert_eq!(s.patterns.len(), PATTERN_CAP);
    }
}

#[cfg(test)]
mod shown_tests {
    #[test]
    fn leading_placeholders_are_not_shown() {
        assert_eq!(super::shown("<*> <*> ERROR upstream <*> refused"), "ERROR upstream <*> refused");
        assert_eq!(super::shown("ERROR pool <*>"), "ERROR pool <*>");
        assert_eq!(super::shown("<*>"), "<*>");
    }
}
