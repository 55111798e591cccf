//! What a commander reaches for in each phase: the hint bar shows these
//! first (after the focused pane's own keys), so that the keys that move
//! the incident on are the ones in view on a narrow terminal.

use super::Action;
use crate::incident::Phase;

pub fn first_in(phase: Phase) -> &'static [Action] {
    use Action as A;
    match phase {
        Phase::Triage => &[A::TakeCommand, A::SetImpact, A::AcceptSeverity, A::SetSeverity, A::Note, A::PhaseNext],
        Phase::Evidence => &[A::AddHypothesis, A::Note, A::AddAction, A::PhaseNext],
        Phase::RootCause => &[A::AddHypothesis, A::Note, A::PhaseNext],
        Phase::Mitigation => &[A::AddAction, A::Runbook, A::Update, A::PhaseNext],
        Phase::Validation => &[A::Recovered, A::Update, A::Note, A::PhaseNext],
        Phase::Resolved => &[A::FollowUp, A::Lesson, A::Note],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::{BINDINGS, Scope};

    #[test]
    fn every_phase_key_is_hinted_on_the_dashboard() {
        for phase in Phase::ALL {
            for action in first_in(phase) {
                assert!(
                    BINDINGS.iter().any(|b| b.action == *action && b.scope == Scope::Dashboard && b.hint.is_some()),
                    "{action:?} ({phase}) has no hint"
                );
            }
        }
    }
}
