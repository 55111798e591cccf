//! Dialogs over the body: a text prompt, a short choice, a yes/no question.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::layout::centered;
use super::pane::block;
use super::theme::Theme;
use crate::app::state::{Choice, Confirm, Prompt};

pub fn prompt(frame: &mut Frame, body: Rect, p: &Prompt, theme: &Theme) {
    let area = Rect { y: body.bottom().saturating_sub(3), height: 3.min(body.height), ..body };
    let inner_width = area.width.saturating_sub(2) as usize;
    let scroll = p.input.visual_scroll(inner_width.saturating_sub(1));
    frame.render_widget(Clear, area);
    let para = Paragraph::new(p.input.value()).scroll((0, scroll as u16)).block(block(
        &p.purpose.title(),
        Some("Enter saves · Esc cancels".into()),
        true,
        theme,
    ));
    frame.render_widget(para, area);
    let x = area.x + 1 + (p.input.visual_cursor().saturating_sub(scroll)) as u16;
    if area.height >= 3 && x < area.right().saturating_sub(1) {
        frame.set_cursor_position(Position { x, y: area.y + 1 });
    }
}

pub fn choice(frame: &mut Frame, body: Rect, c: &Choice, theme: &Theme) {
    let options = c.purpose.options();
    let area = centered(body, 48, options.len() as u16 + 2);
    let lines: Vec<Line> = options
        .iter()
        .enumerate()
        .map(|(i, (key, label))| {
            let line = Line::from(vec![Span::styled(format!(" {key} "), theme.title()), Span::raw(label.clone())]);
            if i == c.selected { line.style(theme.selected()) } else { line }
        })
        .collect();
    frame.render_widget(Clear, area);
    let default = options.get(c.selected).map_or(String::new(), |(_, l)| l.clone());
    let title = block(c.purpose.title(), Some(format!("Enter: {default} · Esc back")), true, theme);
    frame.render_widget(Paragraph::new(lines).block(title), area);
}

pub fn confirm(frame: &mut Frame, body: Rect, c: &Confirm, unsaved: usize, theme: &Theme) {
    let area = centered(body, 60, if unsaved > 0 { 8 } else { 6 });
    let text = vec![
        Line::from(c.question(unsaved)),
        Line::default(),
        Line::from(vec![
            Span::styled(" y ", theme.title()),
            Span::raw("yes   "),
            Span::styled(" n ", theme.title()),
            Span::raw("no"),
        ]),
    ];
    frame.render_widget(Clear, area);
    let para = Paragraph::new(text).wrap(Wrap { trim: true }).block(block("Confirm", None, true, theme));
    frame.render_widget(para, area);
}
