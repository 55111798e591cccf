//! The hypotheses pane, in display order (confirmed, testing, open,
//! disproven; likely first). The selected one shows all its evidence and
//! its next check; zoomed, every one does.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane::block;
use super::theme::Theme;
use super::wrap::wrap;
use crate::app::State;
use crate::incident::{Incident, format_duration, hypothesis::sorted};

/// Columns before wrapped text (`›H1 `, evidence indent).
const INDENT: usize = 4;
/// Rows of each captured piece of evidence shown when zoomed.
const CAPTURE_ROWS: usize = 5;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, incident: &Incident, focused: bool, theme: &Theme) {
    let width = (area.width.saturating_sub(2) as usize).max(INDENT + 1);
    let list = sorted(&incident.hypotheses);
    let selected = state.scroll.hypothesis.min(list.len().saturating_sub(1));
    let mut lines = Vec::new();
    let mut selected_range = (0, 0);
    if list.is_empty() {
        lines.push(Line::from(Span::styled("none yet: h adds one", theme.dim())));
    }
    for (i, h) in list.iter().enumerate() {
        // Past the selected item and a screenful: the rest is never drawn
        // (a long incident costs no more per frame than a short one).
        if i > selected && lines.len() >= selected_range.1 + height_of(area) {
            break;
        }
        let is_sel = focused && i == selected;
        let first = lines.len();
        let marker = if is_sel { "›" } else { " " };
        let head = format!("{marker}{:<3}", h.label());
        let style = theme.hypothesis(h.status);
        let ev = match h.evidence.len() {
            0 => String::new(),
            n => format!(" · {n} ev"),
        };
        let text = format!("{} · {}{ev}: {}", h.status.word().to_uppercase(), h.likelihood.word(), h.text);
        for (n, row) in wrap(&text, width - INDENT).into_iter().enumerate() {
            let lead = if n == 0 { head.clone() } else { " ".repeat(INDENT) };
            let line = Line::from(vec![Span::raw(lead), Span::styled(row, style)]);
            lines.push(if is_sel { line.style(theme.selected()) } else { line });
        }
        let show_all = is_sel || state.zoomed;
        let shown: Vec<&String> =
            if show_all { h.evidence.iter().collect() } else { h.evidence.iter().rev().take(1).collect() };
        for ev in shown {
            detail(&mut lines, "ev", ev, width, theme);
        }
        if state.zoomed {
            // Zoomed, what each capture froze, a few rows of it.
            for c in &h.captures {
                for r in c.rows.iter().take(CAPTURE_ROWS) {
                    let row = super::wrap::one_line(&format!("{}| {r}", " ".repeat(INDENT + 2)), width);
                    lines.push(Line::from(Span::styled(row, theme.dim())));
                }
                if c.rows.len() > CAPTURE_ROWS {
                    let more = format!("{}| (+{} more rows)", " ".repeat(INDENT + 2), c.rows.len() - CAPTURE_ROWS);
                    lines.push(Line::from(Span::styled(more, theme.dim())));
                }
            }
        }
        if !show_all && h.evidence.len() > 1 {
            let more = format!("(+{} more evidence)", h.evidence.len() - 1);
            lines.push(Line::from(Span::styled(format!("{}{more}", " ".repeat(INDENT)), theme.dim())));
        }
        if let Some(c) = incident.live_clocks().into_iter().find(|c| c.hypothesis.as_deref() == Some(&h.key)) {
            let (text, style) = if c.overdue(state.now) {
                (
                    format!(
                        "TIME-BOX {} EXPIRED {} ago: decide (c confirm, x disprove)",
                        c.label(),
                        format_duration(state.now - c.due)
                    ),
                    theme.bad(),
                )
            } else {
                (format!("time-box {}: decide within {}", c.label(), format_duration(c.due - state.now)), theme.warn())
            };
            for row in wrap(&text, width - INDENT) {
                lines.push(Line::from(vec![Span::raw(" ".repeat(INDENT)), Span::styled(row, style)]));
            }
        }
        if let Some(next) = h.next_check.as_ref().filter(|_| show_all) {
            detail(&mut lines, "next", next, width, theme);
        }
        if is_sel {
            selected_range = (first, lines.len());
        }
    }
    let height = area.height.saturating_sub(2) as usize;
    let scroll = selected_range.1.saturating_sub(height).min(selected_range.0);
    let extra = (!list.is_empty()).then(|| format!("{}", list.len()));
    let para = Paragraph::new(lines).block(block("Hypotheses", extra, focused, theme)).scroll((scroll as u16, 0));
    frame.render_widget(para, area);
}

fn detail(lines: &mut Vec<Line<'static>>, label: &str, text: &str, width: usize, theme: &Theme) {
    let text = format!("{label}: {text}");
    for row in wrap(&text, width - INDENT) {
        lines.push(Line::from(vec![Span::raw(" ".repeat(INDENT)), Span::styled(row, theme.dim())]));
    }
}

/// Rows inside the pane's border.
fn height_of(area: Rect) -> usize {
    area.height.saturating_sub(2) as usize
}
