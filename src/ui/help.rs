//! The `?` screen: every binding by scope, then the `:` commands, both
//! drawn from their tables (`app/help.rs`); lines that hold the search are
//! marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::pane::block;
use super::theme::Theme;
use crate::app::State;
use crate::app::help::{HelpLine, lines as help_lines};

/// The help text as lines, for drawing and for tests; lines holding
/// `query` are marked with `›` and reversed.
pub fn lines(theme: &Theme, query: &str) -> Vec<Line<'static>> {
    help_lines()
        .into_iter()
        .map(|l| {
            let hit = l.matches(query);
            let mark = if hit { "› " } else { "  " };
            let line = match l {
                HelpLine::Heading(h) => Line::from(Span::styled(h, theme.title())),
                HelpLine::Entry { keys, desc, command } => {
                    let width = if command { 34 } else { 12 };
                    Line::from(vec![
                        Span::raw(mark),
                        Span::styled(format!("{keys:<width$}"), theme.bold()),
                        Span::raw(desc),
                    ])
                }
                HelpLine::Blank => Line::default(),
            };
            if hit { line.patch_style(theme.selected()) } else { line }
        })
        .collect()
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let all = lines(theme, &state.help_query);
    let max = all.len().saturating_sub(area.height.saturating_sub(2) as usize);
    let scroll = state.scroll.help.min(max) as u16;
    frame.render_widget(Clear, area);
    let hint = if state.help_query.is_empty() {
        "j/k PgDn/PgUp scroll · / search · Esc closes".to_string()
    } else {
        let n = help_lines().iter().filter(|l| l.matches(&state.help_query)).count();
        let lines = if n == 1 { "line" } else { "lines" };
        format!("/{}: {n} {lines} · n/N next/previous · Esc clears", state.help_query)
    };
    let title = block("Help", Some(hint), true, theme);
    frame.render_widget(Paragraph::new(all).block(title).scroll((scroll, 0)), area);
}
