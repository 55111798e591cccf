//! The metrics pane: per query or scraped metric, its band in words, the
//! value, how it compares with its baseline, and a sparkline of its
//! history. A metric that cannot be read says why.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane::block;
use super::spark::sparkline;
use super::theme::Theme;
use crate::app::State;
use crate::incident::format_duration;
use crate::signals::metrics::Band;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, focused: bool, theme: &Theme) {
    let width = area.width.saturating_sub(2) as usize;
    let longest = state.signals.metrics.iter().map(|m| m.key.name.chars().count()).max().unwrap_or(4);
    // Leave room for the band and the value on a narrow pane.
    let name_w = longest.min(28).min(width.saturating_sub(16)).max(4);
    let mut lines = Vec::new();
    for (i, m) in state.signals.metrics.iter().enumerate() {
        let marker = if focused && i == state.scroll.metrics { "›" } else { " " };
        let status = state.signals.status.get(&m.key);
        let failing = status.filter(|s| !s.ok);
        let (band, style) = match (failing, m.band) {
            (Some(_), _) => ("ERR ".to_string(), theme.bad()),
            (None, Band::Critical) => ("CRIT".into(), theme.bad()),
            (None, Band::Warning) => ("WARN".into(), theme.warn()),
            (None, Band::Ok) => ("OK  ".into(), theme.ok()),
            (None, Band::Unknown) => ("…   ".into(), theme.dim()),
        };
        let mut spans = vec![
            Span::raw(marker),
            Span::styled(format!("{band} "), style),
            Span::styled(format!("{:<name_w$.name_w$} ", m.key.name), theme.bold()),
        ];
        if let Some(s) = failing {
            let age = format_duration(state.now - s.at);
            let text = format!("{} ({age} ago)", s.message);
            lines.extend(super::wrap::row(spans, &text, theme.error(), width, 7));
            continue;
        } else {
            let value = match m.value {
                Some(v) => m.format(v),
                None => status.map(|s| s.message.clone()).filter(|s| !s.is_empty()).unwrap_or_else(|| "waiting".into()),
            };
            spans.push(Span::styled(format!("{value:>7}"), style));
            if let Some(x) = m.vs_baseline() {
                spans.push(Span::styled(format!(" {x:.1}x baseline"), theme.dim()));
            }
            let used: usize = spans.iter().map(|s| s.width()).sum();
            let room = width.saturating_sub(used + 1);
            if room >= 6 {
                spans.push(Span::raw(" "));
                spans.push(Span::styled(sparkline(m.history.iter().map(|(_, v)| *v), room), style));
            }
        }
        lines.push(Line::from(spans));
        for s in m.series.iter().skip(1) {
            lines.push(Line::from(Span::styled(format!("       {} {}", s.labels, m.format(s.value)), theme.dim())));
        }
        if m.series.len() > 1 && !m.series[0].labels.is_empty() {
            lines.push(Line::from(Span::styled(format!("       top: {}", m.series[0].labels), theme.dim())));
        }
        for w in &m.warnings {
            lines.push(Line::from(Span::styled(format!("       warning: {w}"), theme.warn())));
        }
    }
    let bad = state.signals.metrics.iter().filter(|m| m.band >= Band::Warning).count();
    let extra =
        Some(if bad > 0 { format!("{bad} over threshold") } else { format!("{}", state.signals.metrics.len()) });
    let scroll = state.scroll.metrics.saturating_sub(area.height.saturating_sub(3) as usize) as u16;
    frame.render_widget(Paragraph::new(lines).block(block("Metrics", extra, focused, theme)).scroll((scroll, 0)), area);
}
