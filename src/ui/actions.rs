//! The actions pane: what was done, of what kind, and what came of it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane::block;
use super::theme::Theme;
use super::wrap::wrap;
use crate::app::State;
use crate::incident::Incident;

const INDENT: usize = 4;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, incident: &Incident, focused: bool, theme: &Theme) {
    let width = (area.width.saturating_sub(2) as usize).max(INDENT + 1);
    let selected = state.scroll.action.min(incident.actions.len().saturating_sub(1));
    let mut lines = Vec::new();
    let mut selected_range = (0, 0);
    if incident.actions.is_empty() {
        lines.push(Line::from(Span::styled("none yet: a records one", theme.dim())));
    }
    for (i, a) in incident.actions.iter().enumerate() {
        // Past the selected item and a screenful: the rest is never drawn
        // (a long incident costs no more per frame than a short one).
        if i > selected && lines.len() >= selected_range.1 + height_of(area) {
            break;
        }
        let is_sel = focused && i == selected;
        let first = lines.len();
        let marker = if is_sel { "›" } else { " " };
        let text = format!("{}: {}", a.kind.word(), a.text);
        for (n, row) in wrap(&text, width - INDENT).into_iter().enumerate() {
            let lead = if n == 0 { format!("{marker}{:<3}", a.label()) } else { " ".repeat(INDENT) };
            let line = Line::from(vec![Span::raw(lead), Span::raw(row)]);
            lines.push(if is_sel { line.style(theme.selected()) } else { line });
        }
        let (result, style) = match &a.result {
            Some(r) => (format!("→ {r}"), theme.ok()),
            None => ("→ no result yet (r records it)".to_string(), theme.warn()),
        };
        for row in wrap(&result, width - INDENT) {
            lines.push(Line::from(vec![Span::raw(" ".repeat(INDENT)), Span::styled(row, style)]));
        }
        if let Some(t) = &a.temporary {
            let (text, style) = match &t.ended {
                None => (format!("TEMPORARY, in place; revert: {}", or_unsaid(&t.revert)), theme.warn()),
                Some(e) => (format!("temporary, {} {}: {}", e.end, e.at.format("%H:%M"), e.text), theme.dim()),
            };
            for row in wrap(&text, width - INDENT) {
                lines.push(Line::from(vec![Span::raw(" ".repeat(INDENT)), Span::styled(row, style)]));
            }
        }
        if is_sel {
            selected_range = (first, lines.len());
        }
    }
    let height = area.height.saturating_sub(2) as usize;
    if let Some(run) = &state.run {
        // The runbook action's output streams here, newest last.
        let (status, style) = match &run.done {
            None => (format!("running {}", crate::incident::format_duration(state.now - run.started)), theme.warn()),
            Some((st, ok, ms)) => {
                (format!("{st} after {:.1}s", *ms as f64 / 1000.0), if *ok { theme.ok() } else { theme.bad() })
            }
        };
        lines.push(Line::from(vec![
            Span::styled(format!("── runbook {}: ", run.name), theme.bold()),
            Span::styled(status, style),
        ]));
        let room = height.saturating_sub(lines.len()).max(3);
        let skip = run.lines.len().saturating_sub(room);
        for l in run.lines.iter().skip(skip) {
            lines.push(Line::from(Span::styled(format!("  {l}"), theme.dim())));
        }
    }
    let scroll = selected_range.1.saturating_sub(height).min(selected_range.0);
    let extra = (!incident.actions.is_empty()).then(|| match incident.in_place().count() {
        0 => format!("{}", incident.actions.len()),
        n => format!("{} · {n} temporary in place", incident.actions.len()),
    });
    let para = Paragraph::new(lines).block(block("Actions", extra, focused, theme)).scroll((scroll as u16, 0));
    frame.render_widget(para, area);
}

fn or_unsaid(revert: &str) -> &str {
    if revert.is_empty() { "not said" } else { revert }
}

/// Rows inside the pane's border.
fn height_of(area: Rect) -> usize {
    area.height.saturating_sub(2) as usize
}
