//! The `?` screen: every binding by scope, then the `:` commands, both
//! drawn from their tables.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::pane::block;
use super::theme::Theme;
use crate::app::State;
use crate::app::command::COMMANDS;
use crate::keymap::{BINDINGS, Scope, key_label};

const ORDER: [Scope; 10] = [
    Scope::Global,
    Scope::Dashboard,
    Scope::NoIncident,
    Scope::Hypotheses,
    Scope::Actions,
    Scope::Logs,
    Scope::Demo,
    Scope::Prompt,
    Scope::Confirm,
    Scope::Help,
];

/// The help text as lines, for drawing and for tests.
pub fn lines(theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for scope in ORDER {
        lines.push(Line::from(Span::styled(scope.label().to_string(), theme.title())));
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b.keys.iter().map(key_label).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<12}", keys.join(" ")), theme.bold()),
                Span::raw(b.desc),
            ]));
        }
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled("Commands (type : first)", theme.title())));
    for (usage, desc) in COMMANDS {
        lines.push(Line::from(vec![Span::styled(format!("  {usage:<34}"), theme.bold()), Span::raw(*desc)]));
    }
    lines
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let all = lines(theme);
    let max = all.len().saturating_sub(area.height.saturating_sub(2) as usize);
    let scroll = state.scroll.help.min(max) as u16;
    frame.render_widget(Clear, area);
    let title = block("Help", Some("j/k scroll · Esc closes".into()), true, theme);
    frame.render_widget(Paragraph::new(all).block(title).scroll((scroll, 0)), area);
}
