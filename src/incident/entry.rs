//! Journal entries: every change to an incident is one `Entry`
//! `{id, at, author, kind, payload}`. The incident is a fold over them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::phase::Phase;
use super::words::{
    ActionKind, ClockEnd, HypothesisStatus, ImpactField, IncidentKind, Likelihood, Role, SafetyCheck, SafetyLevel,
    Severity, TempEnd,
};

/// One line of the journal. Read back by hand (`entry_read.rs`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Unique and time-ordered (UUIDv7); later entries refer to hypotheses
    /// and actions by the id of the entry that created them.
    pub id: String,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// When it happened, if earlier than it was written (`warroom log --at`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<DateTime<Utc>>,
    pub author: String,
    #[serde(flatten)]
    pub payload: Payload,
}

impl Entry {
    /// A new entry with a fresh id.
    pub fn new(at: DateTime<Utc>, author: impl Into<String>, payload: Payload) -> Self {
        Self { id: uuid::Uuid::now_v7().to_string(), at, observed: None, author: author.into(), payload }
    }

    /// When it happened: as observed (a source's transition dates from when
    /// the source saw it), else when it was written.
    pub fn happened(&self) -> DateTime<Utc> {
        match (&self.observed, &self.payload) {
            (Some(t), _) => *t,
            (None, Payload::Event { since: Some(t), .. }) => *t,
            _ => self.at,
        }
    }
}

/// What an entry records. Serialized as `"kind": "...", "payload": {...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum Payload {
    /// Always the first entry of a journal.
    Declared {
        title: String,
        kind: IncidentKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        service: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        severity: Option<Severity>,
    },
    Severity {
        severity: Severity,
        /// Why: an accepted or overridden suggestion, with its signal.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// The severity the signals suggested when the operator chose
        /// another: the suggestion stays quiet until it changes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        overrides: Option<Severity>,
    },
    Title {
        title: String,
    },
    Service {
        service: String,
    },
    /// A phase change, forward or back. `open_items` lists the exit
    /// checklist items still open when the operator advanced anyway.
    Phase {
        from: Phase,
        to: Phase,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        open_items: Vec<String>,
    },
    Role {
        role: Role,
        name: String,
    },
    Impact {
        field: ImpactField,
        value: String,
    },
    Safety {
        check: SafetyCheck,
        level: SafetyLevel,
    },
    Note {
        text: String,
    },
    /// Something that happened outside the war room: a deploy, an alert, a
    /// check going down. Written by `warroom log --kind event` and sources.
    Event {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<String>,
        /// For transitions found by warroom's sources: the state the source
        /// went to (`down`, `firing`, …), so that a transition is recorded
        /// once however many dashboards see it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        state: Option<String>,
        /// When the source saw it, if earlier than the entry (a check that
        /// was already down when the incident was declared).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        since: Option<DateTime<Utc>>,
    },
    Action {
        text: String,
        action: ActionKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        result: Option<String>,
    },
    ActionResult {
        /// Id of the `action` entry.
        action: String,
        result: String,
    },
    /// An action is a temporary mitigation (a flag off, a job scaled to
    /// zero, a rollback): it stays in the register until it is reverted or
    /// made permanent.
    Temporary {
        /// Id of the `action` entry.
        action: String,
        /// How to undo it.
        revert: String,
    },
    /// A clock: a commander's timer (next check-in, a rollback deadline)
    /// or, with `hypothesis`, a time-box for testing one. It counts down in
    /// the header; its expiry is an entry too.
    Clock {
        label: String,
        due: DateTime<Utc>,
        /// Id of the hypothesis it time-boxes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hypothesis: Option<String>,
    },
    /// A clock stopped or ran out.
    ClockEnd {
        /// Id of the `clock` entry.
        clock: String,
        end: ClockEnd,
    },
    /// A temporary mitigation reverted or made permanent.
    TemporaryEnd {
        action: String,
        end: TempEnd,
        text: String,
    },
    Hypothesis {
        text: String,
        likelihood: Likelihood,
    },
    HypothesisStatus {
        /// Id of the `hypothesis` entry.
        hypothesis: String,
        status: HypothesisStatus,
    },
    Likelihood {
        hypothesis: String,
        likelihood: Likelihood,
    },
    Evidence {
        hypothesis: String,
        text: String,
        /// What a pane showed, frozen (`Y`): the text is its summary.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        capture: Option<Box<super::evidence::Capture>>,
    },
    NextCheck {
        hypothesis: String,
        text: String,
    },
    FollowUp {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<String>,
    },
    /// A stakeholder update, as sent.
    Update {
        text: String,
    },
    /// A runbook action started or ended.
    Runbook {
        name: String,
        /// `started`, `exited 0`, `exited 3`, `killed at timeout`, …
        status: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        duration_ms: Option<u64>,
    },
    /// A lesson for the postmortem: what went well, or could be improved.
    Lesson {
        text: String,
        went_well: bool,
    },
    /// Recovery confirmed: the exit item of the validation phase.
    Recovered {
        text: String,
    },
    /// A correction: the text of an earlier entry (a note, an event, a
    /// hypothesis, an action, …) as it should have read. The earlier entry
    /// stays in the journal; the fold shows the corrected text, marked.
    Amend {
        /// Id of the entry corrected.
        entry: String,
        text: String,
    },
    /// An earlier entry taken back, and why: it stays in the journal and
    /// on the timeline, marked; a retracted hypothesis or action leaves
    /// its list (its number is not reused).
    Retract {
        entry: String,
        reason: String,
    },
}

impl Payload {
    /// The `kind` word as written in the journal.
    pub fn kind(&self) -> &'static str {
        match self {
            Payload::Declared { .. } => "declared",
            Payload::Severity { .. } => "severity",
            Payload::Title { .. } => "title",
            Payload::Service { .. } => "service",
            Payload::Phase { .. } => "phase",
            Payload::Role { .. } => "role",
            Payload::Impact { .. } => "impact",
            Payload::Safety { .. } => "safety",
            Payload::Note { .. } => "note",
            Payload::Event { .. } => "event",
            Payload::Action { .. } => "action",
            Payload::ActionResult { .. } => "action_result",
            Payload::Temporary { .. } => "temporary",
            Payload::Clock { .. } => "clock",
            Payload::ClockEnd { .. } => "clock_end",
            Payload::TemporaryEnd { .. } => "temporary_end",
            Payload::Hypothesis { .. } => "hypothesis",
            Payload::HypothesisStatus { .. } => "hypothesis_status",
            Payload::Likelihood { .. } => "likelihood",
            Payload::Evidence { .. } => "evidence",
            Payload::NextCheck { .. } => "next_check",
            Payload::FollowUp { .. } => "follow_up",
            Payload::Lesson { .. } => "lesson",
            Payload::Update { .. } => "update",
            Payload::Runbook { .. } => "runbook",
            Payload::Recovered { .. } => "recovered",
            Payload::Amend { .. } => "amend",
            Payload::Retract { .. } => "retract",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_id_at_author_kind_payload() {
        let at = "2026-11-23T10:00:00Z".parse().unwrap();
        let mut e = Entry::new(at, "alice", Payload::Note { text: "pool at 100%".into() });
        e.id = "e1".into();
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"id":"e1","at":"2026-11-23T10:00:00Z","author":"alice","kind":"note","payload":{"text":"pool at 100%"}}"#
        );
        let back: Entry = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
        assert_eq!(back.payload.kind(), "note");
    }

    #[test]
    fn rejects_unknown_kinds() {
        let line = r#"{"id":"e1","at":"2026-11-23T10:00:00Z","author":"a","kind":"teleport","payload":{}}"#;
        assert!(serde_json::from_str::<Entry>(line).is_err());
    }

    #[test]
    fn fresh_ids_are_unique() {
        let at = Utc::now();
        let a = Entry::new(at, "a", Payload::Note { text: "x".into() });
        let b = Entry::new(at, "a", Payload::Note { text: "x".into() });
        assert_ne!(a.id, b.id);
    }
}
