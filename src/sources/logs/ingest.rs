//! What a log source does to each line on the way in, with what it
//! remembers between lines: sanitize ([`super::line`]), classify
//! ([`super::level`]) and, for warnings and worse, mask into a pattern
//! ([`super::pattern`]) through the source's cache of templates.

use chrono::{DateTime, Utc};

use super::level::{StatusLevels, classify_with};
use super::line::sanitize;
use super::pattern::Templates;
use crate::sources::LogLine;

/// One source's ingest: its limits and its templates.
#[derive(Debug)]
pub struct Ingest {
    max_line: usize,
    levels: StatusLevels,
    templates: Templates,
}

impl Ingest {
    pub fn new(max_line: usize, levels: StatusLevels) -> Self {
        Self { max_line, levels, templates: Templates::default() }
    }

    /// The same line [`LogLine::ingest`] makes.
    pub fn line(&mut self, raw: &[u8], at: DateTime<Utc>) -> LogLine {
        let text = sanitize(raw, self.max_line);
        let (level, msg) = classify_with(&text, &self.levels);
        let pattern = level.is_problem().then(|| self.templates.template(msg.as_deref().unwrap_or(&text)));
        LogLine { at, level, text, pattern }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::logs::pattern::template;

    /// Lines whose digits differ and lines whose kept digits differ give
    /// what the uncached path gives, line by line, however the cache is
    /// filled.
    #[test]
    fn remembered_templates_are_the_templates() {
        let lines = [
            "2026-11-23 10:01:02 ERROR [pool-7] too many connections (in use 7/100)",
            "2026-11-23 10:01:03 ERROR [pool-12] too many connections (in use 12/100)",
            "ERROR db2=down retry 3",
            "ERROR db3=down retry 4",
            "ERROR user alice failed from 10.0.0.1",
            "ERROR user bob failed from 10.0.0.22",
            "ERROR user 42 failed from host-9.example.com",
            r#"{"level":"error","msg":"INVALID_TOKEN for user 48213"}"#,
            r#"{"level":"error","msg":"INVALID_TOKEN for user 7"}"#,
            "WARN trace deadbeefcafe dropped",
            "WARN trace deadbeefcafe1 dropped",
            "ERROR shard s1 and s22 and 3 4 5 lost",
            "ERROR shard s17 and s2 and 300 lost",
            "ERROR it's 'quoted 1' x9's",
            "ERROR it's 'quoted 22' x10's",
        ];
        let now = Utc::now();
        let mut ingest = Ingest::new(8192, StatusLevels::default());
        for round in 0..2 {
            for l in lines {
                let cached = ingest.line(l.as_bytes(), now);
                let alone = LogLine::ingest(l.as_bytes(), 8192, &StatusLevels::default(), now);
                assert_eq!(cached, alone, "round {round}: {l}");
                assert!(cached.pattern.is_some(), "{l}");
            }
        }
        // A kept digit is never served to another line.
        assert_eq!(ingest.line(b"ERROR db2=down retry 3", now).pattern.as_deref(), Some("ERROR db2=<*> retry <*>"));
        assert_eq!(ingest.line(b"ERROR db3=down retry 3", now).pattern.as_deref(), Some("ERROR db3=<*> retry <*>"));
        assert_eq!(template("ERROR db3=down retry 3"), "ERROR db3=<*> retry <*>");
    }

    #[test]
    fn the_cache_is_bounded() {
        let mut t = Templates::default();
        for i in 0..(Templates::CAP * 3) {
            // Ids without digits: every line a shape of its own.
            let id: String = format!("{i:x}").chars().map(|c| (b'g' + c.to_digit(16).unwrap() as u8) as char).collect();
            assert_eq!(*t.template(&format!("lost order {id} now")), template(&format!("lost order {id} now")));
            assert!(t.len() <= Templates::CAP);
        }
    }
}
