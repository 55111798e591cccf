//! The incident as the fold of its journal: everything the dashboard and the
//! report read.

use std::collections::{BTreeMap, HashSet, VecDeque};

use chrono::{DateTime, Utc};

use super::hypothesis::{Action, Clock, FollowUp, Hypothesis};
use super::id::IncidentId;
use super::phase::Phase;
use super::words::{IncidentKind, SafetyLevel, Severity};

/// How many timeline items a process keeps in memory; older ones stay in
/// the journal (the report reads the file, not this).
pub const TIMELINE_CAP: usize = 10_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub id: IncidentId,
    pub title: String,
    pub kind: IncidentKind,
    pub service: Option<String>,
    pub severity: Option<Severity>,
    pub phase: Phase,
    pub declared_at: DateTime<Utc>,
    pub declared_by: String,
    pub roles: Roles,
    pub impact: Impact,
    pub safety: Safety,
    pub hypotheses: Vec<Hypothesis>,
    pub actions: Vec<Action>,
    pub follow_ups: Vec<FollowUp>,
    /// When the last stakeholder update was sent.
    pub last_update: Option<DateTime<Utc>>,
    /// Lessons: (text, went well).
    pub lessons: Vec<(String, bool)>,
    /// When recovery was confirmed, and what confirmed it.
    pub recovered: Option<(DateTime<Utc>, String)>,
    /// When the incident entered `Resolved` (cleared if it is reopened).
    pub resolved_at: Option<DateTime<Utc>>,
    pub timeline: VecDeque<TimelineItem>,
    /// Timeline items dropped from memory because of [`TIMELINE_CAP`].
    pub timeline_dropped: usize,
    pub entries: usize,
    pub last_entry_at: DateTime<Utc>,
    /// The last state recorded for each source (`health:checkout` → `down`).
    pub signal_states: BTreeMap<String, String>,
    /// `source`/`state` pairs recorded, for things recorded once (changes).
    pub recorded: HashSet<(String, String)>,
    /// The first time a source recorded trouble (down, over a threshold,
    /// firing): when the incident became visible to the machines.
    pub first_failure_at: Option<DateTime<Utc>>,
    /// The suggested severity the operator last overrode, if any.
    pub overridden: Option<Severity>,
    /// Hypotheses and actions ever made: the next number, even when one
    /// was retracted (numbers are never reused).
    pub made: (usize, usize),
    /// Clocks ever set, in order of creation (closed ones too).
    pub clocks: Vec<Clock>,
    /// Who set the severity last, when, and why (None: at declaration).
    pub severity_set: Option<Mark>,
    /// The latest changes (deploys, config) and events people logged, in
    /// the order they happened; at most [`CHANGES_KEPT`].
    pub changes: VecDeque<Change>,
}

/// How many changes and logged events [`Incident::changes`] keeps.
pub const CHANGES_KEPT: usize = 50;

/// Who did something, when, and the words they gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub at: DateTime<Utc>,
    pub by: String,
    pub why: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub at: DateTime<Utc>,
    pub text: String,
    pub source: Option<String>,
}

/// Source states that mean something is wrong.
pub fn is_bad_state(state: &str) -> bool {
    matches!(state, "down" | "critical" | "warning" | "flapping" | "firing" | "page" | "ticket")
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles {
    pub commander: Option<String>,
    pub comms: Option<String>,
    pub scribe: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Impact {
    pub users: Option<String>,
    pub services: Option<String>,
    pub data: Option<String>,
    pub business: Option<String>,
}

impl Impact {
    pub fn any_set(&self) -> bool {
        self.users.is_some() || self.services.is_some() || self.data.is_some() || self.business.is_some()
    }
}

/// The safety checkpoint; `None` means nobody has assessed it yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Safety {
    pub database: Option<SafetyLevel>,
    pub stability: Option<SafetyLevel>,
    pub rollback: Option<SafetyLevel>,
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineItem {
    /// When it happened: the timeline is in this order.
    pub at: DateTime<Utc>,
    /// When it was written.
    pub written: DateTime<Utc>,
    pub author: String,
    /// Short tag shown before the text (`note`, `phase`, `hyp`, …).
    pub tag: &'static str,
    pub text: String,
    /// Id of the entry it came from (corrections find it by this).
    pub entry: String,
}

/// Where the incident stands, in status-page words, derived from the phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Investigating => "investigating",
            Status::Identified => "identified",
            Status::Monitoring => "monitoring",
            Status::Resolved => "resolved",
        }
    }
}

impl Incident {
    pub fn status(&self) -> Status {
        match self.phase {
            Phase::Triage | Phase::Evidence => Status::Investigating,
            Phase::RootCause | Phase::Mitigation => Status::Identified,
            Phase::Validation => Status::Monitoring,
            Phase::Resolved => Status::Resolved,
        }
    }

    pub fn is_open(&self) -> bool {
        self.phase != Phase::Resolved
    }

    /// How long the incident has run: until `now`, or until resolved.
    pub fn duration(&self, now: DateTime<Utc>) -> chrono::Duration {
        let end = self.resolved_at.unwrap_or(now);
        (end - self.declared_at).max(chrono::Duration::zero())
    }

    pub fn hypothesis(&self, key: &str) -> Option<&Hypothesis> {
        self.hypotheses.iter().find(|h| h.key == key)
    }

    pub fn action(&self, key: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.key == key)
    }

    /// Clocks not done or cancelled, soonest first (run-out ones first).
    pub fn live_clocks(&self) -> Vec<&Clock> {
        let mut v: Vec<&Clock> = self.clocks.iter().filter(|c| c.live()).collect();
        v.sort_by_key(|c| (c.due, c.number));
        v
    }

    pub fn clock(&self, key: &str) -> Option<&Clock> {
        self.clocks.iter().find(|c| c.key == key)
    }

    /// The register: temporary mitigations still in place, oldest first.
    pub fn in_place(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(|a| a.in_place())
    }
}

/// `1h02m`, `12m05s`, `45s`: compact durations for headers and lists.
pub fn format_duration(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    if h >= 24 {
        format!("{}d{:02}h", h / 24, h % 24)
    } else if h > 0 {
        format!("{h}h{m:02}m")
    } else if m > 0 {
        format!("{m}m{sec:02}s")
    } else {
        format!("{sec}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_durations_compactly() {
        let d = chrono::Duration::seconds;
        assert_eq!(format_duration(d(0)), "0s");
        assert_eq!(format_duration(d(45)), "45s");
        assert_eq!(format_duration(d(725)), "12m05s");
        assert_eq!(format_duration(d(3720)), "1h02m");
        assert_eq!(format_duration(d(90_000)), "1d01h");
        assert_eq!(format_duration(d(-5)), "0s");
    }
}
