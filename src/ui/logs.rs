//! The logs pane: the top error patterns with counts and first/last seen,
//! then the tail of every log source, filtered by regex and level, newest
//! at the bottom, following unless paused or scrolled back.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane::block;
use super::theme::Theme;
use crate::app::State;
use crate::signals::vocab::Level;

pub use crate::signals::logs::shown;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, focused: bool, theme: &Theme) {
    let height = area.height.saturating_sub(2) as usize;
    let store = &state.signals.logs;
    let mut lines = Vec::new();
    for (key, s) in state
        .signals
        .status
        .iter()
        .filter(|(k, s)| k.kind == crate::signals::vocab::Kind::Logs && !s.message.is_empty())
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
                Span::raw(shown(&p.pattern).to_string()),
                Span::styled(format!("  {}–{}", p.first.format("%H:%M"), p.last.format("%H:%M")), theme.dim()),
            ]));
        }
        lines.push(Line::from(Span::styled("─".repeat(area.width.saturating_sub(2) as usize), theme.dim())));
    }
    let room = height.saturating_sub(lines.len());
    let mut tail = Vec::with_capacity(room);
    for l in state.logs.shown(store) {
        if tail.len() >= room {
            break;
        }
        let style = match l.level {
            Level::Fatal | Level::Error => theme.bad(),
            Level::Warn => theme.warn(),
            Level::Debug | Level::Trace => theme.dim(),
            _ => ratatui::style::Style::default(),
        };
        let src = store.sources.get(l.source as usize).map(String::as_str).unwrap_or("?");
        let src = if store.sources.len() > 1 { format!("{src} ") } else { String::new() };
        // The current line (n/N, e/E, scrolling back) is marked, in a
        // symbol as well as in reverse video.
        let current = tail.is_empty() && (state.logs.back > 0 || state.logs.paused) && focused;
        let (mark, style) = if current { ("›", style.add_modifier(Modifier::REVERSED)) } else { ("", style) };
        let head = vec![Span::styled(format!("{mark}{src}"), theme.dim())];
        if state.zoomed {
            // The same format as the pane, wrapped; newest last, so push
            // the rows in reverse.
            let rows = super::wrap::row(head, &compact(&l.text), style, area.width.saturating_sub(2) as usize, 2);
            tail.extend(rows.into_iter().rev());
        } else {
            tail.push(Line::from([head, vec![Span::styled(compact(&l.text), style)]].concat()));
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
        extra.push(format!("{name} {} err/60s", store.errors_per_minute(i as u16, state.now)));
    }
    if let Some((f, _)) = &state.logs.filter {
        extra.push(format!("/{f}/"));
    }
    if let Some((_, p)) = &state.logs.pattern {
        extra.push(format!("pattern: {}", super::wrap::one_line(p, 30)));
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

/// A line as the narrow pane shows it (zoom shows it raw): a leading date
/// and time shortened to the time of day, a JSON line as `LEVEL msg k=v`.
pub fn compact(text: &str) -> String {
    if text.starts_with('{')
        && let Ok(serde_json::Value::Object(m)) = serde_json::from_str::<serde_json::Value>(text)
        && let Some(msg) = ["msg", "message", "MESSAGE"].iter().find_map(|k| m.get(*k)?.as_str())
    {
        let mut out = String::new();
        if let Some(level) = ["level", "severity"].iter().find_map(|k| m.get(*k)?.as_str()) {
            out.push_str(&level.to_uppercase());
            out.push(' ');
        }
        if let Some(svc) = m.get("service").and_then(|v| v.as_str()) {
            out.push_str(svc);
            out.push(' ');
        }
        out.push_str(msg);
        for (k, v) in &m {
            if ["msg", "message", "level", "severity", "service", "ts", "time", "timestamp", "@timestamp"]
                .contains(&k.as_str())
            {
                continue;
            }
            let v = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
            out.push_str(&format!(" {k}={v}"));
        }
        return out;
    }
    let mut words = text.splitn(3, ' ');
    let first = words.next().unwrap_or("");
    let is_date = |s: &str| {
        s.len() >= 10
            && s.as_bytes()[4] == b'-'
            && s.as_bytes()[7] == b'-'
            && s[..4].bytes().all(|b| b.is_ascii_digit())
    };
    let time_of = |s: &str| s.get(..8).filter(|t| t.as_bytes().get(2) == Some(&b':')).map(str::to_string);
    if is_date(first) {
        // 2026-11-23T10:00:01.123Z
        if first.len() > 11
            && matches!(first.as_bytes()[10], b'T' | b't')
            && let Some(t) = time_of(&first[11..])
        {
            return format!("{t} {}", text[first.len()..].trim_start());
        }
        // 2026-11-23 10:00:01,123
        if let Some(second) = words.next()
            && let Some(t) = time_of(second)
        {
            return format!("{t} {}", text[first.len() + 1 + second.len()..].trim_start());
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn shortens_timestamps_and_json() {
        assert_eq!(compact("2026-11-23T17:07:05.285Z checkout-api INFO GET /x"), "17:07:05 checkout-api INFO GET /x");
        assert_eq!(compact("2026-11-23 10:00:01,123 ERROR pool full"), "10:00:01 ERROR pool full");
        assert_eq!(
            compact(r#"{"level":"error","msg":"INVALID_TOKEN for user 7","service":"auth","ts":"x","attempt":2}"#),
            "ERROR auth INVALID_TOKEN for user 7 attempt=2"
        );
        assert_eq!(compact("plain line"), "plain line");
        assert_eq!(compact("2026-11-23"), "2026-11-23");
        assert_eq!(compact("{not json"), "{not json");
    }
}
