//! The handover brief (`B`): the text `report::brief` wrote when it was
//! opened, scrolled with the help keys; headings bold, open items marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::pane::block;
use super::theme::Theme;
use crate::app::State;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, text: &str, theme: &Theme) {
    let lines: Vec<Line> = text
        .lines()
        .skip(state.scroll.brief)
        .map(|l| match l.strip_prefix("## ").or_else(|| l.strip_prefix("# ")) {
            Some(h) => Line::from(Span::styled(h.to_string(), theme.bold())),
            None if l.starts_with("- [ ]") || l.contains("TEMPORARY") || l.contains("overdue") => {
                Line::from(Span::styled(l.to_string(), theme.warn()))
            }
            None => Line::from(l.to_string()),
        })
        .collect();
    frame.render_widget(Clear, area);
    let title = block("Handover brief", Some("j/k scroll · Esc closes · warroom brief prints it".into()), true, theme);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(title), area);
}
