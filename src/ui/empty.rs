//! Screens without an incident: none open yet, and a terminal too small.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::layout::centered;
use super::theme::Theme;
use crate::app::State;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut lines = vec![Line::from(Span::styled("warroom", theme.title())), Line::default()];
    match &state.incident_id {
        Some(id) => lines.push(Line::from(format!("Loading {id}…"))),
        None => {
            lines.push(Line::from("No open incident."));
            lines.push(Line::default());
            lines.push(Line::from(vec![
                Span::styled("d", theme.title()),
                Span::raw(" declare one   "),
                Span::styled("?", theme.title()),
                Span::raw(" help   "),
                Span::styled("q", theme.title()),
                Span::raw(" quit"),
            ]));
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                "or from a shell: warroom declare \"Checkout API 500s\" --severity critical",
                theme.dim(),
            )));
        }
    }
    let height = lines.len() as u16;
    let rect = centered(area, area.width, height);
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center).wrap(Wrap { trim: true }), rect);
}

pub fn too_small(frame: &mut Frame, area: Rect, need: (u16, u16), theme: &Theme) {
    let text = format!("terminal too small: {}x{} (need at least {}x{})", area.width, area.height, need.0, need.1);
    let para = Paragraph::new(Line::from(Span::styled(text, theme.warn()))).wrap(Wrap { trim: true });
    frame.render_widget(para, area);
}
