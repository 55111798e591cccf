//! The two header lines: who/what/how bad/how long, then the phase stepper.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::State;
use crate::incident::{Incident, Phase, format_duration};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, incident: &Incident, theme: &Theme) {
    let sev = match incident.severity {
        Some(s) => format!(" {} {} ", s.sev(), s.label().to_uppercase()),
        None => " SEV? unset ".to_string(),
    };
    let sep = || Span::styled(" │ ", theme.dim());
    let first = vec![
        Span::styled(sev, theme.severity(incident.severity)),
        sep(),
        Span::styled(format_duration(incident.duration(state.now)), theme.bold()),
        sep(),
        Span::styled(incident.title.clone(), theme.title()),
        sep(),
        Span::raw(incident.status().label()),
        sep(),
    ];
    let mut first = first;
    if !state.presence.is_empty() {
        // Names are in the triage pane; the header keeps to a count.
        first.push(Span::raw(format!("{} here", state.presence.len())));
        first.push(sep());
    }
    first.push(Span::styled(incident.id.to_string(), theme.dim()));

    let mut steps = vec![Span::raw(" ")];
    for (i, p) in Phase::ALL.iter().enumerate() {
        if i > 0 {
            steps.push(Span::styled(" › ", theme.dim()));
        }
        if *p == incident.phase {
            steps.push(Span::styled(
                format!("[{}]", p.label().to_uppercase()),
                theme.title().add_modifier(Modifier::REVERSED),
            ));
        } else if *p < incident.phase {
            steps.push(Span::styled(format!("{} ✓", p.label()), theme.ok()));
        } else {
            steps.push(Span::styled(p.label(), theme.dim()));
        }
    }
    frame.render_widget(Paragraph::new(vec![Line::from(first), Line::from(steps)]), area);
}

/// The header while sources are watched and no incident is open.
pub fn draw_no_incident(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let summary = state.signals.summary();
    let first = Line::from(vec![
        Span::styled(" No open incident ", theme.warn().add_modifier(Modifier::REVERSED)),
        Span::styled("  d declares one · ? help", theme.dim()),
    ]);
    let second = if summary.is_empty() {
        Line::from(Span::styled(" signals: all clear", theme.ok()))
    } else {
        Line::from(Span::styled(format!(" signals: {}", summary.join(" · ")), theme.bad()))
    };
    frame.render_widget(Paragraph::new(vec![first, second]), area);
}
