//! The hint bar, drawn from the binding table for the current scope.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::State;
use crate::app::state::{Mode, Pane};
use crate::keymap::{BINDINGS, Scope, key_label};

/// The scopes whose hints apply now, most specific first.
pub fn scopes(state: &State) -> Vec<Scope> {
    match (&state.mode, &state.incident, state.focus) {
        (Mode::Help, ..) => vec![Scope::Help],
        (Mode::Prompt(_) | Mode::Choice(_), ..) => vec![Scope::Prompt],
        (Mode::Confirm(_), ..) => vec![Scope::Confirm],
        // Global (? : q) before the long dashboard list, so that it is
        // never the part cut off on a narrow terminal.
        (Mode::Normal, None, _) => vec![Scope::NoIncident, Scope::Global],
        (Mode::Normal, Some(_), Pane::Hypotheses) => vec![Scope::Hypotheses, Scope::Global, Scope::Dashboard],
        (Mode::Normal, Some(_), Pane::Actions) => vec![Scope::Actions, Scope::Global, Scope::Dashboard],
        (Mode::Normal, Some(_), _) => vec![Scope::Global, Scope::Dashboard],
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut spans = Vec::new();
    for scope in scopes(state) {
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            if let (Some(hint), Some(key)) = (b.hint, b.keys.first()) {
                spans.push(Span::styled(format!(" {}", key_label(key)), theme.title()));
                spans.push(Span::styled(format!(" {hint} "), theme.dim()));
            }
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
