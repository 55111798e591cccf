//! The timeline pane: in the order things happened, newest at the bottom,
//! following unless scrolled back. Long entries wrap under their text.
//! Times are UTC with seconds, as in the journal and the report; an entry
//! written more than a minute after it happened says when it was logged.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane::block;
use super::theme::Theme;
use super::wrap::wrap;
use crate::app::State;
use crate::incident::{Incident, TimelineItem};

/// `HH:MM:SS ` before each entry.
const TIME_W: usize = 9;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, incident: &Incident, focused: bool, theme: &Theme) {
    let height = area.height.saturating_sub(2) as usize;
    let width = (area.width.saturating_sub(2) as usize).max(TIME_W + 1);
    let total = incident.timeline.len();
    let back = state.scroll.timeline_back.min(total.saturating_sub(1));
    // Walk back from the newest shown entry until the pane is full.
    let mut rows: Vec<Line> = Vec::new();
    for item in incident.timeline.iter().rev().skip(back) {
        if rows.len() >= height {
            break;
        }
        let mut item_rows = render(item, width, theme);
        item_rows.append(&mut rows);
        rows = item_rows;
    }
    let skip = rows.len().saturating_sub(height);
    let rows: Vec<Line> = rows.into_iter().skip(skip).collect();
    let extra = if back > 0 {
        format!("{back} newer below · G follows")
    } else {
        format!("{} · UTC", total + incident.timeline_dropped)
    };
    frame.render_widget(Paragraph::new(rows).block(block("Timeline", Some(extra), focused, theme)), area);
}

/// Rows the newest entries take at `width` inner columns, up to `cap`
/// (for the layout: a short timeline gives its rows to the logs).
pub fn rows_needed(incident: &Incident, width: usize, cap: usize) -> usize {
    let width = width.max(TIME_W + 1);
    let mut rows = 0;
    for item in incident.timeline.iter().rev() {
        if rows >= cap {
            break;
        }
        rows += wrap(&text(item), width - TIME_W).len();
    }
    rows.min(cap)
}

/// An entry as the pane says it: who, what, and when it was logged if
/// that was more than a minute after it happened.
fn text(item: &TimelineItem) -> String {
    let late = item.written - item.at > chrono::Duration::minutes(1);
    let logged = if late { format!(" (logged {})", item.written.format("%H:%M:%S")) } else { String::new() };
    format!("{}: {}{logged}", item.author, item.text)
}

fn render(item: &TimelineItem, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let style = tag_style(item.tag, theme);
    wrap(&text(item), width - TIME_W)
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let time = if i == 0 { item.at.format("%H:%M:%S ").to_string() } else { " ".repeat(TIME_W) };
            Line::from(vec![Span::styled(time, theme.dim()), Span::styled(row, style)])
        })
        .collect()
}

fn tag_style(tag: &str, theme: &Theme) -> Style {
    match tag {
        "sev" | "declare" => theme.bad(),
        "phase" | "recovered" => theme.title(),
        "action" | "result" => theme.ok(),
        "hyp" => theme.warn(),
        _ => Style::default(),
    }
}
