//! The frame around a pane: its title, a focus marker that does not rely
//! on colour, and a hint that it can scroll.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};

use super::theme::Theme;

pub fn block<'a>(title: &str, extra: Option<String>, focused: bool, theme: &Theme) -> Block<'a> {
    let marker = if focused { "▶ " } else { "" };
    let mut spans =
        vec![Span::styled(format!(" {marker}{title} "), if focused { theme.title() } else { theme.bold() })];
    if let Some(extra) = extra {
        spans.push(Span::styled(format!("{extra} "), theme.dim()));
    }
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused { BorderType::Thick } else { BorderType::Plain })
        .border_style(theme.border(focused))
        .title(Line::from(spans))
}
