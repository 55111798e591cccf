//! The `:messages` screen (`M`): what the status line said lately, and the
//! warnings, newest first, each with its time, so nothing that flashed by
//! is lost.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::pane::block;
use super::theme::Theme;
use crate::app::State;
use crate::app::state::Said;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let lines: Vec<Line> = if state.messages.is_empty() {
        vec![Line::from(Span::styled("nothing said yet", theme.dim()))]
    } else {
        state
            .messages
            .iter()
            .rev()
            .skip(state.scroll.messages)
            .map(|m| {
                let (word, style) = match m.kind {
                    Said::Info => ("    ", theme.dim()),
                    Said::Error => ("ERR ", theme.bad()),
                    Said::Warning => ("WARN", theme.warn()),
                };
                Line::from(vec![
                    Span::styled(m.at.format("%H:%M:%S ").to_string(), theme.dim()),
                    Span::styled(word, style),
                    Span::raw(" "),
                    Span::raw(m.text.clone()),
                ])
            })
            .collect()
    };
    frame.render_widget(Clear, area);
    let title = block(
        "Messages",
        Some(format!("{} kept, newest first · j/k scroll · Esc closes", state.messages.len())),
        true,
        theme,
    );
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(title), area);
}
