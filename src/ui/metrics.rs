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
    // Worst first: CRIT, ERR (cannot be read), WARN, OK, not yet known;
    // within each, the most recent change first.
    let failing_now =
        |m: &&crate::signals::metrics::MetricView| state.signals.status.get(&m.key).is_some_and(|s| !s.ok);
    let mut order: Vec<&crate::signals::metrics::MetricView> = state.signals.metrics.iter().collect();
    order.sort_by_key(|m| {
        let rank = match (failing_now(m), m.band) {
            (false, Band::Critical) => 0,
            (true, _) => 1,
            (false, Band::Warning) => 2,
            (false, Band::Ok) => 3,
            (false, Band::Unknown) => 4,
        };
        (rank, std::cmp::Reverse(m.band_since))
    });
    for (i, m) in order.into_iter().enumerate() {
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
            Span::styled(format!("{} ", super::wrap::middle(&m.key.name, name_w)), theme.bold()),
        ];
        if let Some(s) = failing {
            let age = format_duration(state.now - s.at);
            let text = format!("{} ({age} ago)", s.message);
            if state.zoomed {
                lines.extend(super::wrap::row(spans, &text, theme.error(), width, 7));
            } else {
                // One line, so seven failing sources fit where seven
                // healthy ones do; zoom (z) shows all of it.
                let used: usize = spans.iter().map(|s| s.width()).sum();
                spans.push(Span::styled(super::wrap::one_line(&text, width.saturating_sub(used)), theme.error()));
                lines.push(Line::from(spans));
            }
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
                // Zero-based, up to the worst threshold (history and
                // thresholds are both scaled).
                let ceiling = m.display.critical.or(m.display.warn);
                spans.push(Span::styled(sparkline(m.history.iter().map(|(_, v)| *v), room, 0.0, ceiling), style));
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
    let failing = state.signals.metrics.iter().filter(|m| failing_now(m)).count();
    let bad = state.signals.metrics.iter().filter(|m| !failing_now(m) && m.band >= Band::Warning).count();
    let extra = Some(match (bad, failing) {
        (0, 0) => format!("{}", state.signals.metrics.len()),
        (b, 0) => format!("{b} over threshold"),
        (0, f) => format!("{f} unreadable"),
        (b, f) => format!("{b} over, {f} unreadable"),
    });
    let scroll = state.scroll.metrics.saturating_sub(area.height.saturating_sub(3) as usize) as u16;
    frame.render_widget(Paragraph::new(lines).block(block("Metrics", extra, focused, theme)).scroll((scroll, 0)), area);
}
