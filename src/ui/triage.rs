//! The triage pane: severity, the safety checkpoint, the current phase's
//! exit checklist, roles and impact.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::pane::block;
use super::theme::Theme;
use crate::app::State;
use crate::incident::{Incident, SafetyLevel, exit_checklist};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, incident: &Incident, focused: bool, theme: &Theme) {
    let label = |s: &str| Span::styled(format!("{s:<9}"), theme.dim());
    let none = || Span::styled("—", theme.dim());
    let mut lines = Vec::new();

    let sev = match incident.severity {
        Some(s) => Span::styled(format!("{} {}", s.sev(), s), theme.severity(Some(s))),
        None => Span::styled("not set (s to set)", theme.warn()),
    };
    lines.push(Line::from(vec![label("Severity"), sev]));

    if state.signals.any() {
        let summary = state.signals.summary();
        let line = if summary.is_empty() {
            Span::styled("all clear", theme.ok())
        } else {
            Span::styled(summary.join(" · "), theme.bad())
        };
        lines.push(Line::from(vec![label("Signals"), line]));
    }
    if let Some(sug) = state.suggestion().filter(|_| state.signals.any()) {
        let text = if sug.severity.is_none() {
            Span::styled(sug.why.clone(), theme.warn())
        } else if incident.severity == sug.severity {
            Span::styled(format!("{} fits: {}", sug.label(), sug.why), theme.dim())
        } else if incident.overridden == sug.severity {
            // The operator chose otherwise: quiet until the suggestion changes.
            Span::styled(format!("{} overridden: {}", sug.label(), sug.why), theme.dim())
        } else {
            Span::styled(format!("{} (A accepts): {}", sug.label(), sug.why), theme.warn())
        };
        lines.push(Line::from(vec![label("Suggest"), text]));
    }
    if let Some((failed, users)) = state.signals.failed_since_declared() {
        let plural = |n: f64, one: &str, many: &str| format!("{n} {}", if n == 1.0 { one } else { many });
        let users = users.map(|u| format!(", ~{}", plural(u, "user", "users"))).unwrap_or_default();
        lines.push(Line::from(vec![
            label("Failed"),
            Span::raw(format!("{} since declared{users}", plural(failed, "request", "requests"))),
        ]));
    }
    if !state.signals.changes.is_empty() {
        let (until, what) = match incident.first_failure_at {
            Some(t) => (t, "the first failure"),
            None => (incident.declared_at, "the declaration"),
        };
        let text = match crate::signals::changes::last_before(state.signals.changes.iter(), until) {
            Some(c) => {
                let ago = c.at.map(|at| crate::incident::format_duration(until - at)).unwrap_or_default();
                Span::styled(format!("{}, {ago} before {what}", c.text), theme.warn())
            }
            None => Span::styled(format!("none known before {what}"), theme.dim()),
        };
        lines.push(Line::from(vec![label("Change"), text]));
    }
    // The top error pattern, so that the first screen names it.
    if let Some(p) = state.signals.logs.top_patterns_at(1, crate::signals::vocab::Level::Warn).first() {
        let style = if p.level >= crate::signals::vocab::Level::Error { theme.bad() } else { theme.warn() };
        lines.push(Line::from(vec![
            label("Errors"),
            Span::styled(format!("{}x ", p.count), style),
            Span::raw(super::logs::shown(&p.pattern).to_string()),
        ]));
    }
    if let Some(text) = budget_line(state, incident, theme) {
        lines.push(Line::from(vec![label("Budget"), text]));
    }

    let level = |l: Option<SafetyLevel>| Span::styled(l.map_or("?", |l| l.label()).to_string(), theme.safety(l));
    lines.push(Line::from(vec![
        label("Safety"),
        Span::raw("db "),
        level(incident.safety.database),
        Span::raw(" · svc "),
        level(incident.safety.stability),
        Span::raw(" · rollback "),
        level(incident.safety.rollback),
    ]));

    let checklist = exit_checklist(incident, incident.phase);
    if !checklist.is_empty() {
        lines.push(Line::from(Span::styled(format!("To leave {}:", incident.phase), theme.bold())));
        for item in checklist {
            let (mark, style) = if item.done { ("[x]", theme.ok()) } else { ("[ ]", theme.warn()) };
            lines.push(Line::from(vec![Span::styled(format!(" {mark} "), style), Span::raw(item.label)]));
        }
    }

    let svc = incident.service.as_deref().map(|s| format!(" · {s}")).unwrap_or_default();
    lines.push(Line::from(vec![label("Kind"), Span::raw(format!("{}{svc}", incident.kind))]));

    let role = |r: &Option<String>| r.as_ref().map_or_else(none, |n| Span::raw(n.clone()));
    let roles = &incident.roles;
    if roles.commander.is_none() && roles.comms.is_none() && roles.scribe.is_none() {
        // Empty takes one row, and says what to do.
        lines.push(Line::from(vec![label("Roles"), Span::styled("no commander: C takes it", theme.warn())]));
    } else {
        lines.push(Line::from(vec![
            label("Roles"),
            Span::raw("IC "),
            role(&roles.commander),
            Span::raw(" · comms "),
            role(&roles.comms),
            Span::raw(" · scribe "),
            role(&roles.scribe),
        ]));
    }

    if !state.presence.is_empty() {
        lines.push(Line::from(vec![label("Here"), Span::raw(state.presence.join(", "))]));
    }

    let impact = [
        ("Users", &incident.impact.users),
        ("Down", &incident.impact.services),
        ("Data", &incident.impact.data),
        ("Business", &incident.impact.business),
    ];
    if impact.iter().all(|(_, v)| v.is_none()) {
        lines.push(Line::from(vec![label("Impact"), Span::styled("not assessed (I sets it)", theme.warn())]));
    }
    for (name, value) in impact {
        // What is not known takes no row once something is.
        if let Some(v) = value {
            lines.push(Line::from(vec![label(name), Span::raw(v.clone())]));
        }
    }

    let scroll = (state.scroll.triage as u16).min(lines.len().saturating_sub(1) as u16);
    let para = Paragraph::new(lines)
        .block(block("Triage", None, focused, theme))
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(para, area);
}

/// The error budget in words for the incident's service (else the SLO
/// burning hardest), or that there is not enough data to say.
fn budget_line(state: &State, incident: &Incident, theme: &Theme) -> Option<Span<'static>> {
    let slos = &state.signals.slos;
    let pick = slos
        .iter()
        .find(|s| s.service.is_some() && s.service == incident.service)
        .or_else(|| slos.iter().max_by_key(|s| s.alert))?;
    let Some(e) = &pick.eval else {
        return Some(Span::styled(format!("{}: not enough data yet", pick.name()), theme.dim()));
    };
    let partial = if e.complete { "" } else { " (partial window)" };
    Some(match e.remaining() {
        None => Span::styled(format!("{}: no traffic yet", pick.name()), theme.dim()),
        Some(r) if r <= 0.0 => Span::styled(format!("{}: EXHAUSTED{partial}", pick.name()), theme.bad()),
        Some(r) => {
            let style = if r < 0.25 {
                theme.bad()
            } else if r < 0.5 {
                theme.warn()
            } else {
                theme.ok()
            };
            let alert = if pick.alert > crate::slo::math::BurnAlert::None {
                format!(", {} burn", pick.alert.label())
            } else {
                String::new()
            };
            Span::styled(format!("{}: {:.0}% left{alert}{partial}", pick.name(), r * 100.0), style)
        }
    })
}
