//! The alerts pane: Alertmanager's active alerts, firing first, silenced
//! and inhibited ones marked as such.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane::block;
use super::theme::Theme;
use crate::app::State;
use crate::incident::format_duration;
use crate::signals::vocab::AlertState;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, focused: bool, theme: &Theme) {
    let mut lines = Vec::new();
    let mut n = 0;
    for view in &state.signals.alerts {
        if let Some(s) = state.signals.status.get(&view.key).filter(|s| !s.ok) {
            let text = format!("! {}: {}", view.key.name, s.message);
            lines.extend(super::wrap::row(vec![], &text, theme.error(), area.width.saturating_sub(2) as usize, 2));
        }
        if view.alerts.is_empty() && view.at.is_some() {
            lines.push(Line::from(Span::styled(format!("  {}: no active alerts", view.key.name), theme.ok())));
        }
        for a in &view.alerts {
            let (word, style) = match a.state {
                AlertState::Firing => ("FIRING", theme.bad()),
                AlertState::Silenced => ("SILENCED", theme.dim()),
                AlertState::Inhibited => ("INHIBITED", theme.dim()),
                AlertState::Pending => ("PENDING", theme.warn()),
            };
            let marker = if focused && n == state.scroll.alerts { "›" } else { " " };
            n += 1;
            let sev = a.severity.as_ref().map(|s| format!(" [{s}]")).unwrap_or_default();
            let age = a.starts_at.map(|t| format!(" {}", format_duration(state.now - t))).unwrap_or_default();
            lines.push(Line::from(vec![
                Span::raw(marker),
                Span::styled(format!("{word:<10}"), style),
                Span::styled(a.name.clone(), theme.bold()),
                Span::raw(sev),
                Span::styled(age, theme.dim()),
            ]));
            let detail = [a.summary.clone().unwrap_or_default(), a.labels.clone()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            if !detail.is_empty() {
                lines.push(Line::from(Span::styled(format!("           {detail}"), theme.dim())));
            }
        }
    }
    let firing: usize = state.signals.alerts.iter().map(|a| a.firing()).sum();
    let extra = Some(format!("{firing} firing"));
    let scroll = (state.scroll.alerts * 2).saturating_sub(area.height.saturating_sub(4) as usize) as u16;
    frame.render_widget(Paragraph::new(lines).block(block("Alerts", extra, focused, theme)).scroll((scroll, 0)), area);
}
