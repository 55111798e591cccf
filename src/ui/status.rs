//! The status line: the last thing that happened, unsaved entries first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::State;
use crate::app::state::FLASH_SHOW_SECS;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut spans = Vec::new();
    if !state.unsaved.is_empty() {
        spans.push(Span::styled(format!(" ! {} NOT SAVED, retrying ", state.unsaved.len()), theme.bad()));
    }
    let flash = state.flash.as_ref().filter(|f| f.error || f.age_secs(state.now) < FLASH_SHOW_SECS);
    match flash {
        Some(f) => {
            let newer = if f.newer > 0 { format!("  (+{} newer: M lists them)", f.newer) } else { String::new() };
            if f.error {
                spans.push(Span::styled(format!(" ! {}", f.text), theme.error()));
            } else {
                spans.push(Span::raw(format!(" {}", f.text)));
            }
            spans.push(Span::styled(newer, theme.dim()));
        }
        None => {
            let who = format!(" you are {}", state.operator);
            let entries = state.incident.as_ref().map(|i| format!(" · {} entries", i.entries)).unwrap_or_default();
            spans.push(Span::styled(format!("{who}{entries}"), theme.dim()));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
