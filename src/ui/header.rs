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
    let due = update_due(state, incident, theme);
    // An overdue update comes before the title, so it is never cut off.
    let overdue = due.content.starts_with("UPDATE OVERDUE");
    let mut first = Vec::new();
    // A replay's banner takes the room of what matters only live: on a
    // narrow terminal the title still shows.
    let terse = state.replay.is_some() && area.width < 120;
    if let Some(r) = &state.replay {
        // Never mistaken for the live screen: first, in reverse, in words.
        use crate::app::replay::SignalsAt;
        first.push(Span::styled(
            format!(" REPLAY {} ", r.at.format("%H:%M:%S")),
            theme.warn().add_modifier(Modifier::REVERSED),
        ));
        first.push(match r.signals_at() {
            SignalsAt::Snapshot(t) if terse => Span::styled(format!(" signals {} ", t.format("%H:%M:%S")), theme.dim()),
            SignalsAt::Snapshot(t) => Span::styled(format!(" signals as of {} ", t.format("%H:%M:%S")), theme.dim()),
            SignalsAt::None if terse => Span::styled(" no signals yet ", theme.warn()),
            SignalsAt::None => Span::styled(" no signals recorded by then ", theme.warn()),
            SignalsAt::Capped(t) => {
                Span::styled(format!(" signals not recorded after {} (size cap) ", t.format("%H:%M")), theme.warn())
            }
        });
    }
    if state.journal_loading {
        // Drawn before a big journal is whole (it took more than a
        // second): what shows is not yet the incident.
        first.push(Span::styled(" READING JOURNAL… ", theme.warn().add_modifier(Modifier::REVERSED)));
    }
    first.extend([
        Span::styled(sev, theme.severity(incident.severity)),
        sep(),
        Span::styled(format_duration(incident.duration(state.now)), theme.bold()),
        sep(),
    ]);
    // When the machines first saw trouble, beside the incident's own age.
    if let Some(t) = incident.first_failure_at.filter(|_| incident.is_open() && !terse) {
        let ago = format_duration(state.now - t);
        // Narrow, the time of day is in the triage pane ("Since").
        let text = if area.width >= 120 {
            format!("failing since {}, {ago} ago", t.format("%H:%M:%S"))
        } else {
            format!("failing {ago}")
        };
        first.push(Span::styled(text, theme.bad()));
        first.push(sep());
    }
    if overdue && !terse {
        first.push(due.clone());
        first.push(sep());
    }
    // The soonest clock: run out, before the title; else after the update.
    let clock = clock(state, incident, theme);
    let clock_out = clock.as_ref().is_some_and(|(_, out)| *out);
    if let Some((span, true)) = clock.as_ref().filter(|_| !terse) {
        first.push(span.clone());
        first.push(sep());
    }
    first.push(Span::styled(incident.title.clone(), theme.title()));
    first.push(sep());
    if !overdue && !terse {
        first.push(due);
        first.push(sep());
    }
    if let Some((span, false)) = clock.filter(|_| !clock_out && !terse) {
        first.push(span);
        first.push(sep());
    }
    // The phase line below says as much on a narrow terminal.
    if area.width >= 100 {
        first.push(Span::raw(incident.status().label()));
        first.push(sep());
    }
    if let Some(crate::app::state::Replication::Offline { since, .. }) = &state.replication {
        // Entries wait in the journal; other sites do not see them yet.
        first.push(Span::styled(format!("replication: offline since {}", since.format("%H:%M")), theme.warn()));
        first.push(sep());
    }
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

/// `T1 in 4m12s`, or `T1 EXPIRED 2m00s` once it has run out (and whether
/// it has), for the soonest live clock; more are counted (`+2`).
fn clock(state: &State, incident: &Incident, theme: &Theme) -> Option<(Span<'static>, bool)> {
    if !incident.is_open() {
        return None;
    }
    let live = incident.live_clocks();
    let c = live.first()?;
    let more = if live.len() > 1 { format!(" +{}", live.len() - 1) } else { String::new() };
    Some(if c.overdue(state.now) {
        (Span::styled(format!("{} EXPIRED {}{more}", c.label(), format_duration(state.now - c.due)), theme.bad()), true)
    } else {
        let left = c.due - state.now;
        let style = if left < chrono::Duration::minutes(1) { theme.warn() } else { theme.dim() };
        (Span::styled(format!("{} in {}{more}", c.label(), format_duration(left)), style), false)
    })
}

/// `update in 12m`, or `UPDATE OVERDUE 3m` once the cadence is missed.
fn update_due(state: &State, incident: &Incident, theme: &Theme) -> Span<'static> {
    if !incident.is_open() {
        return Span::styled("resolved", theme.ok());
    }
    let due = crate::notify::cadence::next_due(&state.updates, incident);
    if state.now > due {
        Span::styled(format!("UPDATE OVERDUE {}", format_duration(state.now - due)), theme.bad())
    } else {
        Span::styled(format!("update in {}", format_duration(due - state.now)), theme.dim())
    }
}
