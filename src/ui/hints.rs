//! The hint bar, drawn from the binding table for the current scope.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::State;
use crate::app::state::Mode;
use crate::keymap::{Action, BINDINGS, Scope, key_label};

/// The scopes whose hints apply now, most specific first.
pub fn scopes(state: &State) -> Vec<Scope> {
    match &state.mode {
        Mode::Help | Mode::Messages | Mode::Brief(_) => vec![Scope::Help],
        Mode::Prompt(_) | Mode::Choice(_) => vec![Scope::Prompt],
        Mode::Confirm(_) => vec![Scope::Confirm],
        Mode::Normal => {
            // Global (? : q) right after the pane's own keys, so that it is
            // never the part cut off on a narrow terminal.
            let mut v = crate::app::update::scopes(state);
            if let Some(g) = v.iter().position(|s| *s == Scope::Global) {
                v.remove(g);
                let at = v.iter().position(|s| *s == Scope::Dashboard).unwrap_or(v.len());
                v.insert(at, Scope::Global);
            }
            v
        }
    }
}

/// Whether a binding's hint is worth its room now (the key still works,
/// and says why not, when it is not).
pub fn applies(action: Action, state: &State) -> bool {
    let incident = state.incident.is_some();
    // A replay writes nothing: its hints are for moving and looking.
    if state.replay.is_some() && writes(action) {
        return false;
    }
    match action {
        Action::ViewIncident | Action::ViewSignals => incident && state.signals.any() && !state.wide(),
        Action::Note
        | Action::AddAction
        | Action::AddHypothesis
        | Action::SetSeverity
        | Action::PhaseNext
        | Action::PhasePrev
        | Action::Update
        | Action::Brief
        | Action::StartClock => incident,
        // Hinted in the phase they belong to (the keys always work).
        Action::Recovered => state.incident.as_ref().is_some_and(|i| i.phase == crate::incident::Phase::Validation),
        Action::FollowUp | Action::Lesson => {
            state.incident.as_ref().is_some_and(|i| i.phase == crate::incident::Phase::Resolved)
        }
        // What matters in the first minutes is hinted while it is missing:
        // nobody in command, no impact recorded (the keys always work).
        Action::TakeCommand => state.incident.as_ref().is_some_and(|i| i.roles.commander.is_none()),
        Action::SetImpact => state.incident.as_ref().is_some_and(|i| {
            i.phase == crate::incident::Phase::Triage
                || (i.impact.users.is_none() && i.impact.services.is_none() && i.impact.business.is_none())
        }),
        Action::Runbook => incident && state.actions.enabled,
        // On a pane that holds evidence, with a hypothesis to attach it to.
        Action::CaptureEvidence => {
            use crate::app::state::Pane;
            state.incident.as_ref().is_some_and(|i| !i.hypotheses.is_empty())
                && !matches!(state.focus, Pane::Triage | Pane::Hypotheses | Pane::Actions)
        }
        Action::FocusNext | Action::FocusPrev => state.panes().len() > 1,
        Action::Zoom => !state.panes().is_empty(),
        Action::Declare => !incident,
        Action::DemoFix => state.demo.as_ref().is_some_and(|d| !d.fixed),
        // The messages and brief screens scroll and close; they do not search.
        Action::Search | Action::NextMatch | Action::PrevMatch => {
            !matches!(state.mode, Mode::Messages | Mode::Brief(_))
        }
        Action::AcceptSeverity => state.suggestion().is_some_and(|s| {
            state.signals.any()
                && s.severity.is_some()
                && state.incident.as_ref().is_some_and(|i| i.severity != s.severity && i.overridden != s.severity)
        }),
        _ => true,
    }
}

/// Whether the action records something (refused in a replay).
fn writes(action: Action) -> bool {
    matches!(
        action,
        Action::Declare
            | Action::Note
            | Action::AddAction
            | Action::AddHypothesis
            | Action::SetSeverity
            | Action::AcceptSeverity
            | Action::PhaseNext
            | Action::PhasePrev
            | Action::Testing
            | Action::Confirm
            | Action::Disprove
            | Action::Evidence
            | Action::NextCheck
            | Action::ActionResult
            | Action::MarkTemporary
            | Action::Reverted
            | Action::CaptureEvidence
            | Action::StartClock
            | Action::TimeBox
            | Action::FollowUp
            | Action::Recovered
            | Action::Lesson
            | Action::Update
            | Action::Runbook
            | Action::TakeCommand
            | Action::SetImpact
            | Action::Amend
            | Action::Retract
            | Action::DemoFix
    )
}

/// The hints to show, in order: the focused pane's keys, then what the
/// current phase needs, then `? : q`, then the rest.
pub fn ordered(state: &State) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str, Action)> = Vec::new();
    // A key shadowed here (`n` is "next match" in the logs pane, not
    // "note") is not hinted: every key in the bar does what it says.
    let normal = matches!(state.mode, Mode::Normal);
    let lookup_in = crate::app::update::scopes(state);
    let does = |key: &crate::keymap::table::Key, action: Action| {
        let event = crossterm::event::KeyEvent::new(key.0, key.1);
        !normal || crate::keymap::lookup(&lookup_in, event) == Some(action)
    };
    let mut push = |b: &crate::keymap::Binding| {
        if let (Some(hint), Some(key)) = (b.hint, b.keys.first())
            && applies(b.action, state)
            && does(key, b.action)
            && !out.iter().any(|(_, _, a)| *a == b.action)
        {
            out.push((key_label(key), hint, b.action));
        }
    };
    let scopes = scopes(state);
    for scope in &scopes {
        if *scope == Scope::Global
            && scopes.contains(&Scope::Dashboard)
            && let Some(i) = &state.incident
        {
            for action in crate::keymap::phase::first_in(i.phase) {
                BINDINGS.iter().filter(|b| b.scope == Scope::Dashboard && b.action == *action).for_each(&mut push);
            }
        }
        BINDINGS.iter().filter(|b| b.scope == *scope).for_each(&mut push);
    }
    out.into_iter().map(|(k, h, _)| (k, h)).collect()
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, hint) in ordered(state) {
        // Whole hints only: a key whose word is cut off says nothing.
        let w = 1 + key.chars().count() + 2 + hint.chars().count();
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(format!(" {key}"), theme.title()));
        spans.push(Span::styled(format!(" {hint} "), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
