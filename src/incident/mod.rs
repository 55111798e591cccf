//! The incident as data: ids, the vocabularies (severity, kind, …), journal
//! entries, the fold that turns entries into an [`Incident`], phases with
//! their exit checklists, and hypotheses. Pure code: no terminal, no I/O.

pub mod entry;
mod entry_read;
pub mod evidence;
pub mod fold;
pub mod hypothesis;
pub mod id;
pub mod model;
pub mod phase;
pub mod sample;
pub mod words;

pub use entry::{Entry, Payload};
pub use evidence::Capture;
pub use fold::fold;
pub use hypothesis::{Action, Clock, FollowUp, Hypothesis, TempEnded, Temporary};
pub use id::IncidentId;
pub use model::{Incident, Status, TimelineItem, format_duration};
pub use phase::{ChecklistItem, Phase, exit_checklist, open_items};
pub use words::{
    ActionKind, ClockEnd, HypothesisStatus, ImpactField, IncidentKind, Likelihood, Role, SafetyCheck, SafetyLevel,
    Severity, TempEnd,
};

#[cfg(test)]
mod tests;
