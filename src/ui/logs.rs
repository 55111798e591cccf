//! The logs pane: the top error patterns with counts and first/last seen,
//! then the tail of every log source, filtered by regex and level, newest
//! at the bottom, following unless paused or scrolled back.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane::block;
use super::theme::Theme;
use crate::app::State;
use crate::sources::Level;

/// The most lines searched for matches when drawing a filtered tail.
const SCAN: usize = 50_000;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, focused: bool, theme: &Theme) {
    let height = area.height.saturating_sub(2) as usize;
    let store = &state.signals.logs;
    let mut lines = Vec::new();
    for (key, s) in
        state.signals.status.iter().filter(|(k, s)| k.kind == crate::sources::Kind::Logs && !s.message.is_empty())
    {
        let style = if s.ok { theme.dim() } else { theme.error() };
        lines.push(Line::from(Span::styled(
            format!("{} {}: {}", if s.ok { "·" } else { "!" }, key.name, s.message),
            style,
        )));
    }
    let top = store.top_patterns_at((height / 3).clamp(1, 6), state.logs.min_level);
    if !top.is_empty() {
        for p in &top {
            let style = if p.level >= Level::Error { theme.bad() } else { theme.warn() };
            lines.push(Line::from(vec![
                Span::styled(format!("{:>5}x ", p.count), style),
                Span::raw(p.pattern.clone()),
                Span::styled(format!("  {}–{}", p.first.format("%H:%M"), p.last.format("%H:%M")), theme.dim()),
            ]));
        }
        lines.push(Line::from(Span::styled("─".repeat(area.width.saturating_sub(2) as usize), theme.dim())));
    }
    let room = height.saturating_sub(lines.len());
    let mut tail = Vec::with_capacity(room);
    let mut skipped = 0;
    for l in store.lines.iter().rev().take(SCAN) {
        if tail.len() >= room {
            break;
        }
        if !state.logs.shows(l.level, &l.text) {
            continue;
        }
        if skipped < state.logs.back {
            skipped += 1;
            continue;
        }
        let style = match l.level {
            Level::Fatal | Level::Error => theme.bad(),
            Level::Warn => theme.warn(),
            Level::Debug | Level::Trace => theme.dim(),
            _ => ratatui::style::Style::default(),
        };
        let src = store.sources.get(l.source as usize).map(String::as_str).unwrap_or("?");
        let src = if store.sources.len() > 1 { format!("{src} ") } else { String::new() };
        // The receive time only when zoomed: most lines carry their own.
        let at = if state.zoomed { format!("{} ", l.at.format("%H:%M:%S")) } else { String::new() };
        let head = vec![Span::styled(format!("{at}{src}"), theme.dim())];
        if state.zoomed {
            // Zoomed, long lines wrap; newest last, so push in reverse.
            let rows = super::wrap::row(head, &l.text, style, area.width.saturating_sub(2) as usize, 2);
            tail.extend(rows.into_iter().rev());
        } else {
            tail.push(Line::from([head, vec![Span::styled(l.text.clone(), style)]].concat()));
        }
    }
    if tail.is_empty() && room > 0 {
        let why = if state.logs.filter.is_some() || state.logs.min_level > Level::Unknown {
            "no line matches the filter"
        } else {
            "no lines yet"
        };
        tail.push(Line::from(Span::styled(why, theme.dim())));
    }
    tail.truncate(room);
    tail.reverse();
    lines.extend(tail);

    let mut extra = Vec::new();
    for (i, name) in store.sources.iter().enumerate() {
        extra.push(format!("{name} {} err/min", store.errors_per_minute(i as u16, state.now)));
    }
    if let Some((f, _)) = &state.logs.filter {
        extra.push(format!("/{f}/"));
    }
    match state.logs.min_level {
        Level::Warn => extra.push("warn+".into()),
        Level::Error => extra.push("error+".into()),
        _ => {}
    }
    if state.logs.paused || state.logs.back > 0 {
        extra.push(format!("PAUSED ({} newer)", state.logs.back));
    }
    frame.render_widget(Paragraph::new(lines).block(block("Logs", Some(extra.join(" · ")), focused, theme)), area);
}
