//! The health pane: each check's state in words, what the last probe said,
//! its latency and for how long it has been so.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane::block;
use super::theme::Theme;
use crate::app::State;
use crate::incident::format_duration;
use crate::signals::health::HealthState;
use crate::signals::vocab::secs;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, focused: bool, theme: &Theme) {
    let name_w = state.signals.health.iter().map(|h| h.key.name.chars().count()).max().unwrap_or(4).min(24);
    let mut lines = Vec::new();
    // Worst first: down, recovering, degraded, not yet known, up; within
    // each, the most recent change first.
    let mut order: Vec<&crate::signals::health::HealthView> = state.signals.health.iter().collect();
    order.sort_by_key(|h| {
        let rank = match (h.state, h.flapping()) {
            (HealthState::Down, false) => 0,
            (HealthState::Down, true) => 1,
            (HealthState::Up, true) => 2,
            (HealthState::Pending, _) => 3,
            (HealthState::Up, false) => 4,
        };
        (rank, std::cmp::Reverse(h.since))
    });
    for (i, h) in order.into_iter().enumerate() {
        let style = match (h.state, h.flapping()) {
            (HealthState::Up, false) => theme.ok(),
            (HealthState::Down, false) => theme.bad(),
            (HealthState::Pending, _) => theme.dim(),
            _ => theme.warn(),
        };
        let (detail, latency) = match &h.last {
            Some((_, p)) => (p.detail.clone(), p.latency.map(|l| format!(" {}", secs(l))).unwrap_or_default()),
            None => ("no result yet".into(), String::new()),
        };
        let since = h.since.map(|s| format!(" · for {}", format_duration(state.now - s))).unwrap_or_default();
        let marker = if focused && i == state.scroll.health { "›" } else { " " };
        let head = vec![
            Span::raw(marker),
            Span::styled(format!("{:<10}", h.label()), style),
            Span::styled(format!("{} ", super::wrap::middle(&h.key.name, name_w)), theme.bold()),
        ];
        let width = area.width.saturating_sub(2) as usize;
        // How long it has been so, where there is room for it.
        let since = if width >= 60 { since } else { String::new() };
        let text = format!("{detail}{latency}{since}");
        if state.zoomed {
            lines.extend(super::wrap::row(head, &text, ratatui::style::Style::default(), width, 12));
        } else {
            // One line a check: zoom (z) shows what does not fit.
            let used: usize = head.iter().map(|s| s.width()).sum();
            let mut head = head;
            head.push(Span::raw(super::wrap::one_line(&text, width.saturating_sub(used))));
            lines.push(Line::from(head));
        }
        if state.zoomed {
            let history: String = h.history.iter().map(|(ok, _)| if *ok { '✓' } else { '✗' }).collect();
            lines.push(Line::from(Span::styled(format!("  last {}: {history}", h.history.len()), theme.dim())));
        }
    }
    let down = state.signals.health.iter().filter(|h| h.state == HealthState::Down).count();
    let extra = Some(if down > 0 { format!("{down} down") } else { format!("{} checks", state.signals.health.len()) });
    let scroll = state.scroll.health.saturating_sub(area.height.saturating_sub(3) as usize) as u16;
    frame.render_widget(Paragraph::new(lines).block(block("Health", extra, focused, theme)).scroll((scroll, 0)), area);
}
