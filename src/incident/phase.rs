//! The phases an incident moves through, and the exit checklist of each.
//!
//! Advancing with open checklist items is allowed (the war room decides), but
//! the dashboard asks first and the entry records which items were open.

use serde::{Deserialize, Serialize};

use super::model::Incident;
use super::words::{ActionKind, HypothesisStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Triage,
    Evidence,
    RootCause,
    Mitigation,
    Validation,
    Resolved,
}

impl Phase {
    pub const ALL: [Phase; 6] =
        [Phase::Triage, Phase::Evidence, Phase::RootCause, Phase::Mitigation, Phase::Validation, Phase::Resolved];

    pub fn label(self) -> &'static str {
        match self {
            Phase::Triage => "Triage",
            Phase::Evidence => "Evidence",
            Phase::RootCause => "Root cause",
            Phase::Mitigation => "Mitigation",
            Phase::Validation => "Validation",
            Phase::Resolved => "Resolved",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Phase::Triage => "triage",
            Phase::Evidence => "evidence",
            Phase::RootCause => "root_cause",
            Phase::Mitigation => "mitigation",
            Phase::Validation => "validation",
            Phase::Resolved => "resolved",
        }
    }

    pub fn index(self) -> usize {
        Phase::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn next(self) -> Option<Phase> {
        Phase::ALL.get(self.index() + 1).copied()
    }

    pub fn prev(self) -> Option<Phase> {
        self.index().checked_sub(1).map(|i| Phase::ALL[i])
    }

    pub fn parse(input: &str) -> Option<Phase> {
        let w = input.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Phase::ALL.into_iter().find(|p| p.word() == w || p.label().eq_ignore_ascii_case(input.trim())).or(
            match w.as_str() {
                "rca" | "root" | "cause" => Some(Phase::RootCause),
                "mitigate" => Some(Phase::Mitigation),
                "validate" => Some(Phase::Validation),
                "resolve" | "done" | "closed" => Some(Phase::Resolved),
                _ => None,
            },
        )
    }
}

impl std::fmt::Display for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// One item of a phase's exit checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    pub label: &'static str,
    pub done: bool,
}

/// What should be true before leaving `phase`, checked against the incident.
pub fn exit_checklist(incident: &Incident, phase: Phase) -> Vec<ChecklistItem> {
    let item = |label, done| ChecklistItem { label, done };
    match phase {
        Phase::Triage => vec![
            item("severity set", incident.severity.is_some()),
            item("impact assessed", incident.impact.any_set()),
            item("commander assigned", incident.roles.commander.is_some()),
        ],
        Phase::Evidence => vec![
            item("a hypothesis recorded", !incident.hypotheses.is_empty()),
            item("evidence attached", incident.hypotheses.iter().any(|h| !h.evidence.is_empty())),
        ],
        Phase::RootCause => vec![item(
            "one hypothesis confirmed",
            incident.hypotheses.iter().any(|h| h.status == HypothesisStatus::Confirmed),
        )],
        Phase::Mitigation => vec![item(
            "mitigation recorded with its result",
            incident.actions.iter().any(|a| a.kind == ActionKind::Mitigation && a.result.is_some()),
        )],
        Phase::Validation => {
            let mut items = vec![item("recovery confirmed", incident.recovered.is_some())];
            // Only when there are some: nothing temporary is forgotten.
            if incident.actions.iter().any(|a| a.temporary.is_some()) {
                items.push(item("temporary mitigations reverted or kept", incident.in_place().next().is_none()));
            }
            items
        }
        Phase::Resolved => vec![],
    }
}

/// The labels of the items still open in `phase`.
pub fn open_items(incident: &Incident, phase: Phase) -> Vec<String> {
    exit_checklist(incident, phase).into_iter().filter(|i| !i.done).map(|i| i.label.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_forward_and_back_within_bounds() {
        assert_eq!(Phase::Triage.prev(), None);
        assert_eq!(Phase::Triage.next(), Some(Phase::Evidence));
        assert_eq!(Phase::Validation.next(), Some(Phase::Resolved));
        assert_eq!(Phase::Resolved.next(), None);
        assert_eq!(Phase::Resolved.prev(), Some(Phase::Validation));
    }

    #[test]
    fn parses_words_labels_and_aliases() {
        assert_eq!(Phase::parse("root cause"), Some(Phase::RootCause));
        assert_eq!(Phase::parse("root_cause"), Some(Phase::RootCause));
        assert_eq!(Phase::parse("Validation"), Some(Phase::Validation));
        assert_eq!(Phase::parse("resolve"), Some(Phase::Resolved));
        assert_eq!(Phase::parse("lunch"), None);
    }
}
