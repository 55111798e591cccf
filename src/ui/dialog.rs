//! Dialogs over the body: a text prompt, a short choice, a yes/no question.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::layout::centered;
use super::pane::block;
use super::theme::Theme;
use crate::app::state::{Choice, Confirm, Prompt};

/// Rows of text a prompt grows to before it scrolls.
const PROMPT_ROWS: usize = 6;

/// A text prompt at the bottom of the body. Long text (a stakeholder
/// update) wraps over up to [`PROMPT_ROWS`] rows, the cursor's row in view.
pub fn prompt(frame: &mut Frame, body: Rect, p: &Prompt, theme: &Theme) {
    let inner_width = (body.width.saturating_sub(2) as usize).max(1);
    let (rows, cursor) = hard_wrap(p.input.value(), p.input.cursor(), inner_width);
    let shown = rows.len().min(PROMPT_ROWS).min(body.height.saturating_sub(2) as usize).max(1);
    let first = (cursor.0 + 1).saturating_sub(shown);
    let height = (shown as u16 + 2).min(body.height);
    let area = Rect { y: body.bottom().saturating_sub(height), height, ..body };
    frame.render_widget(Clear, area);
    let lines: Vec<Line> = rows.into_iter().skip(first).take(shown).map(Line::from).collect();
    let more = if first > 0 { " · ↑ more" } else { "" };
    let para = Paragraph::new(lines).block(block(
        &p.purpose.title(),
        Some(format!("Enter saves · Esc cancels{more}")),
        true,
        theme,
    ));
    frame.render_widget(para, area);
    let (row, col) = (cursor.0 - first, cursor.1);
    if area.height >= 3 && row < shown {
        frame.set_cursor_position(Position { x: area.x + 1 + col as u16, y: area.y + 1 + row as u16 });
    }
}

/// `text` cut into rows of `width` columns (at any character: the cursor
/// must land where the text is), and the (row, column) of the cursor,
/// which is before character `cursor`.
pub fn hard_wrap(text: &str, cursor: usize, width: usize) -> (Vec<String>, (usize, usize)) {
    use unicode_width::UnicodeWidthChar;
    let width = width.max(2);
    let mut rows = vec![String::new()];
    let mut col = 0;
    let mut at = (0, 0);
    for (i, c) in text.chars().enumerate() {
        let w = c.width().unwrap_or(0);
        if col + w > width {
            rows.push(String::new());
            col = 0;
        }
        if i == cursor {
            at = (rows.len() - 1, col);
        }
        rows.last_mut().expect("a row").push(c);
        col += w;
    }
    if cursor >= text.chars().count() {
        // After the last character: on a new row if this one is full.
        if col >= width {
            rows.push(String::new());
            col = 0;
        }
        at = (rows.len() - 1, col);
    }
    (rows, at)
}

pub fn choice(frame: &mut Frame, body: Rect, c: &Choice, theme: &Theme) {
    let options = c.purpose.options();
    // Wide enough for the longest option (a log pattern), within the body.
    let longest = options.iter().map(|(_, l)| unicode_width::UnicodeWidthStr::width(l.as_str())).max().unwrap_or(0);
    let area = centered(body, (longest as u16 + 6).max(48), options.len() as u16 + 2);
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

#[cfg(test)]
mod tests {
    use super::hard_wrap;

    #[test]
    fn long_text_wraps_and_the_cursor_follows() {
        let (rows, at) = hard_wrap("abcdefghij", 10, 4);
        assert_eq!(rows, vec!["abcd", "efgh", "ij"]);
        assert_eq!(at, (2, 2));
        assert_eq!(hard_wrap("abcdefghij", 5, 4).1, (1, 1));
        assert_eq!(hard_wrap("abcd", 4, 4), (vec!["abcd".to_string(), String::new()], (1, 0)));
        assert_eq!(hard_wrap("", 0, 4), (vec![String::new()], (0, 0)));
        assert_eq!(hard_wrap("日本語", 3, 4).0, vec!["日本", "語"]);
    }
}
