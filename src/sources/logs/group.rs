//! Grouping a whole log into its patterns, for `warroom patterns`: the
//! same sanitize, classify and mask steps the dashboard applies to each
//! line, with counts, the worst level and where each pattern was first and
//! last seen. Pure: lines in, groups out.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::level::{Level, StatusLevels, classify_with};
use super::line::sanitize;
use super::pattern::template;

/// Where a line was: its file, line number, and the time it names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Seen {
    pub file: String,
    pub line: u64,
    /// The line's own timestamp, as written, when one is recognised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// `P1`, `P2`, … in order of first appearance.
    pub id: String,
    pub pattern: String,
    pub count: u64,
    /// The worst level of its lines.
    pub level: Level,
    pub first: Seen,
    pub last: Seen,
}

/// One line's verdict, for `--lines`.
#[derive(Debug, Clone, PartialEq)]
pub struct LineGroup {
    pub level: Level,
    /// Index into [`Grouping::groups`]; none when the line was left out.
    pub group: Option<usize>,
}

/// A time near the start of a line, compiled once.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    // ISO dates, syslog (`Jun 14 15:16:01`), CLF (`10/Oct/2000:13:55:36`),
    // Android/logcat (`03-17 16:13:38.935`), BGL (`2005-06-03-15.42.50`).
    Regex::new(concat!(
        r"\d{4}-\d{2}-\d{2}[T -]\d{2}[:.]\d{2}[:.]\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?",
        r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d{2}:\d{2}:\d{2}",
        r"|\d{2}/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4}:\d{2}:\d{2}:\d{2}",
        r"|\b\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?",
    ))
    .expect("a valid regex")
});

#[derive(Debug)]
pub struct Grouping {
    pub groups: Vec<Group>,
    index: HashMap<String, usize>,
    /// Group only warnings and worse, as the dashboard does.
    problems_only: bool,
    levels: StatusLevels,
    pub lines: u64,
}

impl Grouping {
    pub fn new(problems_only: bool, levels: StatusLevels) -> Self {
        Self { groups: vec![], index: HashMap::new(), problems_only, levels, lines: 0 }
    }

    /// Adds one raw line (without its line break) of `file`, line `n`.
    pub fn add(&mut self, file: &str, n: u64, raw: &[u8]) -> LineGroup {
        self.lines += 1;
        let text = sanitize(raw, 8192);
        let (level, msg) = classify_with(&text, &self.levels);
        if self.problems_only && !level.is_problem() {
            return LineGroup { level, group: None };
        }
        let pattern = template(msg.as_deref().unwrap_or(&text));
        let head = &text[..text.char_indices().nth(64).map_or(text.len(), |(i, _)| i)];
        let seen = Seen { file: file.to_string(), line: n, time: TIME.find(head).map(|m| m.as_str().to_string()) };
        let i = match self.index.get(&pattern) {
            Some(&i) => {
                let g = &mut self.groups[i];
                g.count += 1;
                g.level = g.level.max(level);
                g.last = seen;
                i
            }
            None => {
                let i = self.groups.len();
                self.index.insert(pattern.clone(), i);
                let id = format!("P{}", i + 1);
                self.groups.push(Group { id, pattern, count: 1, level, first: seen.clone(), last: seen });
                i
            }
        };
        LineGroup { level, group: Some(i) }
    }

    /// The groups, worst level first, then most frequent.
    pub fn ranked(&self) -> Vec<&Group> {
        let mut v: Vec<&Group> = self.groups.iter().collect();
        v.sort_by(|a, b| b.level.cmp(&a.level).then(b.count.cmp(&a.count)).then(a.first.line.cmp(&b.first.line)));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_count_levels_and_where_they_were_seen() {
        let mut g = Grouping::new(false, StatusLevels::default());
        let lines = [
            "2026-11-23 10:00:01,123 ERROR pool: too many connections (in use 99/100)",
            "2026-11-23 10:00:02,456 INFO GET /health 200",
            "Nov 23 10:00:03 web1 sshd[42]: Failed password for root from 10.0.0.7 port 5522 ssh2",
            "2026-11-23 10:00:04,789 ERROR pool: too many connections (in use 100/100)",
        ];
        let out: Vec<LineGroup> =
            lines.iter().enumerate().map(|(i, l)| g.add("app.log", i as u64 + 1, l.as_bytes())).collect();
        assert_eq!(out[0].group, out[3].group, "one statement, one group");
        assert_eq!(g.groups.len(), 3);
        let top = g.ranked()[0];
        assert_eq!((top.id.as_str(), top.count, top.level), ("P1", 2, Level::Error));
        assert_eq!(top.first.time.as_deref(), Some("2026-11-23 10:00:01,123"));
        assert_eq!((top.last.line, top.last.time.as_deref()), (4, Some("2026-11-23 10:00:04,789")));
        assert_eq!(g.groups[2].first.time.as_deref(), Some("Nov 23 10:00:03"));
        // Only problems, as the dashboard groups them.
        let mut p = Grouping::new(true, StatusLevels::default());
        let out: Vec<LineGroup> =
            lines.iter().enumerate().map(|(i, l)| p.add("a", i as u64 + 1, l.as_bytes())).collect();
        assert_eq!(out[1], LineGroup { level: Level::Info, group: None });
        assert_eq!(p.groups.len(), 2);
    }
}
