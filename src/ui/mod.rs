//! Drawing: [`draw`] renders the state and nothing else. One file per
//! region: header, the panes (triage, timeline, hypotheses, actions), the
//! status and hint lines, help, and dialogs.

pub mod actions;
pub mod alerts;
pub mod brief;
pub mod dialog;
pub mod empty;
pub mod header;
pub mod health;
pub mod help;
pub mod hints;
pub mod hypotheses;
pub mod layout;
pub mod logs;
pub mod messages;
pub mod metrics;
pub mod pane;
pub mod slo;
pub mod spark;
pub mod status;
pub mod theme;
pub mod timeline;
pub mod triage;
pub mod wrap;

use ratatui::Frame;

use crate::app::State;
use crate::app::state::{Mode, Pane};
use theme::Theme;

/// Below this the panes have no rows worth reading: the screen says so,
/// with the size it needs, instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn draw(frame: &mut Frame, state: &State) {
    let theme = Theme { color: state.color };
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        empty::too_small(frame, area, (MIN_WIDTH, MIN_HEIGHT), &theme);
        return;
    }
    let rows = layout::rows(area);
    match &state.incident {
        Some(incident) => header::draw(frame, rows.header, state, incident, &theme),
        None if state.signals.any() => header::draw_no_incident(frame, rows.header, state, &theme),
        None => {}
    }
    let body = layout::body(rows.body, state);
    if body.is_empty() {
        empty::draw(frame, rows.header.union(rows.body), state, &theme);
    }
    for (pane, rect) in body {
        let focused = pane == state.focus;
        match (pane, &state.incident) {
            (Pane::Triage, Some(i)) => triage::draw(frame, rect, state, i, focused, &theme),
            (Pane::Timeline, Some(i)) => timeline::draw(frame, rect, state, i, focused, &theme),
            (Pane::Hypotheses, Some(i)) => hypotheses::draw(frame, rect, state, i, focused, &theme),
            (Pane::Actions, Some(i)) => actions::draw(frame, rect, state, i, focused, &theme),
            (Pane::Health, _) => health::draw(frame, rect, state, focused, &theme),
            (Pane::Metrics, _) => metrics::draw(frame, rect, state, focused, &theme),
            (Pane::Alerts, _) => alerts::draw(frame, rect, state, focused, &theme),
            (Pane::Logs, _) => logs::draw(frame, rect, state, focused, &theme),
            (Pane::Slos, _) => slo::draw(frame, rect, state, focused, &theme),
            (_, None) => {}
        }
    }
    status::draw(frame, rows.status, state, &theme);
    hints::draw(frame, rows.hints, state, &theme);
    match &state.mode {
        Mode::Normal => {}
        Mode::Help => help::draw(frame, rows.header.union(rows.body), state, &theme),
        Mode::Messages => messages::draw(frame, rows.header.union(rows.body), state, &theme),
        Mode::Brief(text) => brief::draw(frame, rows.header.union(rows.body), state, text, &theme),
        Mode::Prompt(p) => {
            // Searching the help keeps it in view behind the prompt.
            if p.purpose == crate::app::state::PromptFor::HelpSearch {
                help::draw(frame, rows.header.union(rows.body), state, &theme);
            }
            dialog::prompt(frame, rows.body, p, &theme)
        }
        Mode::Choice(c) => dialog::choice(frame, rows.body, c, &theme),
        Mode::Confirm(c) => dialog::confirm(frame, rows.body, c, state.unsaved.len(), &theme),
    }
}
