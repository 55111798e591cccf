//! Recent changes: what was deployed or changed, newest first, and which
//! of them are new since the last read.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::Transition;
use crate::sources::{Change, SourceKey};

/// Changes older than this (before now) are shown but not journaled.
pub const LOOKBACK_HOURS: i64 = 6;
const KEEP: usize = 200;

#[derive(Debug, Clone)]
pub struct ChangesView {
    pub key: SourceKey,
    pub changes: Vec<Change>,
    seen: HashSet<String>,
    polled: bool,
}

impl ChangesView {
    pub fn new(key: SourceKey) -> Self {
        Self { key, changes: vec![], seen: HashSet::new(), polled: false }
    }

    pub fn apply(&mut self, at: DateTime<Utc>, changes: Vec<Change>) -> Vec<Transition> {
        let mut out = Vec::new();
        for c in &changes {
            if !self.seen.insert(c.key.clone()) {
                continue;
            }
            // Undated lines in the first read have no time to place them.
            let recent = match c.at {
                Some(t) => t >= at - Duration::hours(LOOKBACK_HOURS),
                None => self.polled,
            };
            if recent {
                out.push(self.transition(c, at));
            }
        }
        self.polled = true;
        let mut all: Vec<Change> = changes;
        all.sort_by_key(|c| std::cmp::Reverse(c.at));
        all.truncate(KEEP);
        self.changes = all;
        out
    }
}

impl ChangesView {
    /// Every dated change within the lookback, as transitions to record
    /// once: for an incident opened after they were first read.
    pub fn recent(&self, now: DateTime<Utc>) -> Vec<Transition> {
        self.changes
            .iter()
            .filter(|c| c.at.is_some_and(|t| t >= now - Duration::hours(LOOKBACK_HOURS)))
            .map(|c| self.transition(c, now))
            .collect()
    }

    fn transition(&self, c: &Change, now: DateTime<Utc>) -> Transition {
        let when = c.at.map(|t| format!(" (at {} UTC)", t.format("%H:%M"))).unwrap_or_default();
        // Dated from when the change happened, so the timeline puts a deploy
        // before the failures that followed it.
        let at = c.at.unwrap_or(now);
        let mut t = Transition::new(&self.key, &c.key, format!("change: {}{when}", c.text), at, false);
        t.once = true;
        t
    }
}

/// The newest dated change at or before `t`.
pub fn last_before<'a>(views: impl Iterator<Item = &'a ChangesView>, t: DateTime<Utc>) -> Option<&'a Change> {
    views.flat_map(|v| v.changes.iter()).filter(|c| c.at.is_some_and(|a| a <= t)).max_by_key(|c| c.at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::Kind;

    fn ch(at: Option<&str>, text: &str) -> Change {
        Change { at: at.map(|a| a.parse().unwrap()), text: text.into(), key: format!("{at:?} {text}") }
    }

    #[test]
    fn new_recent_changes_are_transitions_once() {
        let now: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        let mut v = ChangesView::new(SourceKey::new(Kind::Changes, "deploys"));
        let list = vec![
            ch(Some("2026-11-23T09:02:00Z"), "deploy v1.2.3"),
            ch(Some("2026-11-22T09:00:00Z"), "deploy v1.2.2"),
            ch(None, "undated"),
        ];
        let t = v.apply(now, list.clone());
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].text, "change: deploy v1.2.3 (at 09:02 UTC)");
        assert_eq!(t[0].at, "2026-11-23T09:02:00Z".parse::<DateTime<Utc>>().unwrap(), "dated when it happened");
        assert!(t[0].once);
        assert!(v.apply(now, list.clone()).is_empty(), "seen ones are not repeated");
        let mut more = list;
        more.push(ch(None, "REVISION 8"));
        assert_eq!(v.apply(now, more).len(), 1, "an undated change after the first read is new");
        let first_failure: DateTime<Utc> = "2026-11-23T09:16:00Z".parse().unwrap();
        assert_eq!(last_before([&v].into_iter(), first_failure).unwrap().text, "deploy v1.2.3");
    }
}
