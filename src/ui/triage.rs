//! The triage pane. First the answers a newcomer needs from the first
//! screen, one row each (cut at the end, never wrapped, so they stay in
//! view): how bad, what is broken and the signal that says so, since when,
//! what changed last, the top error pattern, the error budget. Then the
//! details, wrapped: the suggestion's reason, roles, impact, the safety
//! checkpoint, the phase's exit checklist. Zoomed, everything wraps.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane::block;
use super::theme::Theme;
use super::wrap;
use crate::app::State;
use crate::incident::{Incident, SafetyLevel, exit_checklist, format_duration};

/// Columns taken by a row's label.
const LABEL: usize = 9;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, incident: &Incident, focused: bool, theme: &Theme) {
    let inner = area.width.saturating_sub(2) as usize;
    let all = lines(state, incident, inner, state.zoomed, theme);
    let scroll = (state.scroll.triage as u16).min(all.len().saturating_sub(1) as u16);
    let para = Paragraph::new(all).block(block("Triage", None, focused, theme)).scroll((scroll, 0));
    frame.render_widget(para, area);
}

/// The rows the pane needs at `width` inner columns (for the layout).
pub fn height(state: &State, incident: &Incident, width: usize) -> usize {
    lines(state, incident, width, false, &Theme { color: false }).len()
}

/// One labelled row: the answer. When it does not fit it takes a second
/// row, cut with `…` after that, so that the answers stay together at the
/// top (zoomed, as many rows as it needs).
fn answer(
    out: &mut Vec<Line<'static>>,
    name: &str,
    parts: Vec<(String, Style)>,
    width: usize,
    wrapped: bool,
    theme: &Theme,
) {
    let label = Span::styled(format!("{name:<LABEL$}"), theme.dim());
    let room = width.saturating_sub(LABEL);
    let text: String = parts.iter().map(|(t, _)| t.as_str()).collect();
    if unicode_width::UnicodeWidthStr::width(text.as_str()) <= room {
        let spans = parts.into_iter().map(|(t, s)| Span::styled(t, s));
        out.push(Line::from([label].into_iter().chain(spans).collect::<Vec<_>>()));
        return;
    }
    let style = parts.first().map(|(_, s)| *s).unwrap_or_default();
    let mut rows = wrap::row(vec![label], &text, style, width, LABEL);
    if !wrapped && rows.len() > 2 {
        // The second row, cut: what follows it is on zoom.
        let second: String = rows[1].spans.iter().map(|s| s.content.as_ref()).collect::<String>();
        let rest: String = rows[2..]
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect::<String>().trim_start().to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let joined = format!("{} {rest}", second.trim_start());
        rows.truncate(1);
        rows.push(Line::from(vec![Span::raw(" ".repeat(LABEL)), Span::styled(wrap::one_line(&joined, room), style)]));
    }
    out.extend(rows);
}

/// A labelled detail row, wrapped with continuation rows under the text.
fn detail(out: &mut Vec<Line<'static>>, name: &str, text: &str, style: Style, width: usize, theme: &Theme) {
    let label = Span::styled(format!("{name:<LABEL$}"), theme.dim());
    out.extend(wrap::row(vec![label], text, style, width, LABEL));
}

pub fn lines(state: &State, incident: &Incident, width: usize, wrapped: bool, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let row = |out: &mut Vec<Line<'static>>, name: &str, parts: Vec<(String, Style)>| {
        answer(out, name, parts, width, wrapped, theme)
    };

    // How bad, and what the signals suggest when it differs.
    let sev = match incident.severity {
        Some(s) => (format!("{} {}", s.sev(), s), theme.severity(Some(s))),
        None => ("not set (s sets it)".to_string(), theme.warn()),
    };
    let suggestion = state.suggestion().filter(|_| state.signals.any());
    let mut why = None;
    let mut parts = vec![sev];
    if let Some(sug) = &suggestion {
        if sug.severity.is_none() {
            parts.push((format!(" · suggested: {}", sug.why), theme.warn()));
        } else if incident.severity == sug.severity {
            parts.push((" · fits the signals".to_string(), theme.dim()));
            why = Some((sug.why.clone(), theme.dim()));
        } else if incident.overridden == sug.severity {
            // The operator chose otherwise: quiet until the suggestion changes.
            parts.push((format!(" · {} overridden", sug.label()), theme.dim()));
            why = Some((sug.why.clone(), theme.dim()));
        } else {
            parts.push((format!(" · signals suggest {} (A accepts)", sug.label()), theme.warn()));
            why = Some((sug.why.clone(), theme.warn()));
        }
    }
    row(&mut out, "Severity", parts);

    if state.signals.any() {
        let trouble = broken(state, incident);
        match trouble.first() {
            Some(first) => {
                let more = if trouble.len() > 1 { format!(" (+{} more)", trouble.len() - 1) } else { String::new() };
                row(&mut out, "Broken", vec![(first.text.clone(), theme.bad()), (more, theme.dim())]);
            }
            None => row(&mut out, "Broken", vec![("nothing the sources can see".into(), theme.ok())]),
        }
    }

    if let Some(t) = incident.first_failure_at {
        let ago = format_duration(state.now - t);
        row(
            &mut out,
            "Since",
            vec![(format!("{} UTC, {ago} ago", t.format("%H:%M:%S")), theme.bad()), first_of(incident, theme)],
        );
    }

    if !state.signals.changes.is_empty() {
        let (until, what) = match incident.first_failure_at {
            Some(t) => (t, "failure"),
            None => (incident.declared_at, "declared"),
        };
        match crate::signals::changes::last_before(state.signals.changes.iter(), until) {
            Some(c) => {
                let ago = c.at.map(|at| format!("{} before {what}: ", format_duration(until - at))).unwrap_or_default();
                row(&mut out, "Change", vec![(ago, theme.warn()), (c.text.clone(), Style::default())]);
            }
            None => row(&mut out, "Change", vec![(format!("none known before {what}"), theme.dim())]),
        }
    }

    if let Some(p) = state.signals.logs.top_patterns_at(1, crate::signals::vocab::Level::Warn).first() {
        let style = if p.level >= crate::signals::vocab::Level::Error { theme.bad() } else { theme.warn() };
        row(
            &mut out,
            "Errors",
            vec![(format!("{}x ", p.count), style), (super::logs::shown(&p.pattern).to_string(), Style::default())],
        );
    }

    if let Some(budget) = budget_line(state, incident, theme) {
        row(&mut out, "Budget", vec![(budget.content.to_string(), budget.style)]);
    }

    // Details, wrapped.
    if let Some((why, style)) = why {
        detail(&mut out, "Why", &why, style, width, theme);
    }
    let roles = &incident.roles;
    if roles.commander.is_none() && roles.comms.is_none() && roles.scribe.is_none() {
        // Empty takes one row, and says what to do.
        detail(&mut out, "Roles", "no commander: C takes it", theme.warn(), width, theme);
    } else {
        let name = |r: &Option<String>| r.clone().unwrap_or_else(|| "—".into());
        let text =
            format!("IC {} · comms {} · scribe {}", name(&roles.commander), name(&roles.comms), name(&roles.scribe));
        detail(&mut out, "Roles", &text, Style::default(), width, theme);
    }
    if !state.presence.is_empty() {
        detail(&mut out, "Here", &state.presence.join(", "), Style::default(), width, theme);
    }
    let impact = [
        ("Users", &incident.impact.users),
        ("Down", &incident.impact.services),
        ("Data", &incident.impact.data),
        ("Business", &incident.impact.business),
    ];
    if impact.iter().all(|(_, v)| v.is_none()) {
        detail(&mut out, "Impact", "not assessed (I sets it)", theme.warn(), width, theme);
    }
    for (name, value) in impact {
        // What is not known takes no row once something is.
        if let Some(v) = value {
            detail(&mut out, name, v, Style::default(), width, theme);
        }
    }
    if state.signals.any() {
        let summary = state.signals.summary();
        if !summary.is_empty() {
            detail(&mut out, "Signals", &summary.join(" · "), theme.bad(), width, theme);
        }
    }
    if let Some((failed, users)) = state.signals.failed_since_declared() {
        let plural = |n: f64, one: &str, many: &str| format!("{n} {}", if n == 1.0 { one } else { many });
        let users = users.map(|u| format!(", ~{}", plural(u, "user", "users"))).unwrap_or_default();
        let text = format!("{} since declared{users}", plural(failed, "request", "requests"));
        detail(&mut out, "Failed", &text, Style::default(), width, theme);
    }

    let level = |l: Option<SafetyLevel>| Span::styled(l.map_or("?", |l| l.label()).to_string(), theme.safety(l));
    let safety = vec![
        Span::raw("db "),
        level(incident.safety.database),
        Span::raw(" · svc "),
        level(incident.safety.stability),
        Span::raw(" · rollback "),
        level(incident.safety.rollback),
    ];
    let safety_w: usize = safety.iter().map(|s| s.width()).sum();
    if safety_w + LABEL <= width {
        out.push(Line::from([vec![Span::styled(format!("{:<LABEL$}", "Safety"), theme.dim())], safety].concat()));
    } else {
        let text: String = safety.iter().map(|s| s.content.as_ref()).collect();
        detail(&mut out, "Safety", &text, Style::default(), width, theme);
    }

    let clocks: Vec<String> = incident
        .live_clocks()
        .iter()
        .filter(|_| incident.is_open())
        .map(|c| {
            if c.overdue(state.now) {
                format!(
                    "{} {} EXPIRED {} ago (:done {})",
                    c.label(),
                    c.label,
                    format_duration(state.now - c.due),
                    c.label()
                )
            } else {
                format!(
                    "{} {} in {} ({} UTC)",
                    c.label(),
                    c.label,
                    format_duration(c.due - state.now),
                    c.due.format("%H:%M")
                )
            }
        })
        .collect();
    if !clocks.is_empty() {
        let style =
            if incident.live_clocks().iter().any(|c| c.overdue(state.now)) { theme.bad() } else { Style::default() };
        detail(&mut out, "Clocks", &clocks.join(" · "), style, width, theme);
    }
    let temp: Vec<String> = incident.in_place().map(|a| format!("{} {}", a.label(), a.text)).collect();
    if !temp.is_empty() {
        let text = format!("{} in place: {}", temp.len(), temp.join(" · "));
        detail(&mut out, "Temp", &text, theme.warn(), width, theme);
    }

    let checklist = exit_checklist(incident, incident.phase);
    let gates = state.gate_items(incident.phase);
    if !checklist.is_empty() || !gates.is_empty() {
        out.push(Line::from(Span::styled(format!("To leave {}:", incident.phase), theme.bold())));
        for item in checklist {
            let (mark, style) = if item.done { ("[x]", theme.ok()) } else { ("[ ]", theme.warn()) };
            out.extend(wrap::row(
                vec![Span::styled(format!(" {mark} "), style)],
                item.label,
                Style::default(),
                width,
                5,
            ));
        }
        // Telemetry conditions, live: met since when, or what is missing.
        for g in gates {
            let (mark, style) = if g.met { ("[x]", theme.ok()) } else { ("[ ]", theme.warn()) };
            out.extend(wrap::row(
                vec![Span::styled(format!(" {mark} "), style)],
                &format!("{}: {}", g.label, g.detail),
                Style::default(),
                width,
                5,
            ));
        }
    }

    let svc = incident.service.as_deref().map(|s| format!(" · {s}")).unwrap_or_default();
    detail(&mut out, "Kind", &format!("{}{svc}", incident.kind), Style::default(), width, theme);
    out
}

/// What is wrong now, the incident's service first, then oldest first.
fn broken(state: &State, incident: &Incident) -> Vec<crate::signals::Transition> {
    let mut bad: Vec<_> = state.signals.current_trouble(state.now).into_iter().filter(|t| t.bad).collect();
    let ours = |t: &crate::signals::Transition| {
        incident.service.as_deref().is_some_and(|s| t.source.contains(s) || t.text.contains(s))
    };
    bad.sort_by_key(|t| (!ours(t), t.at));
    // An error budget burning fast says so even when no check is down.
    for slo in state.signals.slos.iter().filter(|s| s.alert > crate::slo::math::BurnAlert::None) {
        let text = format!("{}: {} burn of its error budget", slo.name(), slo.alert.label());
        let at = slo.history.last().map_or(state.now, |x| x.at);
        bad.push(crate::signals::Transition {
            source: format!("slo:{}", slo.name()),
            state: "burning".into(),
            text,
            at,
            bad: true,
            once: false,
        });
    }
    bad
}

/// What failed first, from the timeline's source entries.
fn first_of(incident: &Incident, theme: &Theme) -> (String, Style) {
    let first = incident.first_failure_at.and_then(|t| {
        incident.timeline.iter().find(|item| item.at == t && item.tag == "signal").map(|item| item.text.clone())
    });
    match first {
        Some(text) => (format!(" · first: {text}"), theme.dim()),
        None => (String::new(), theme.dim()),
    }
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
            // How fast it goes, so that "100% left" is not read as "fine":
            // the shortest window's burn (`~` when the data is shorter than
            // the window, as on the SLO pane) and when it runs out.
            let burning = match e.burns.first() {
                Some(b) if b.rate.is_some_and(|v| v >= 1.0) => {
                    let mark = if b.complete { "" } else { "~" };
                    let gone = e.exhaustion.map(|d| format!(", gone in {}", format_duration(d))).unwrap_or_default();
                    format!(", burning {mark}{} ({}){gone}", super::slo::fmt_burn(b.rate.unwrap_or(0.0)), b.label)
                }
                _ => String::new(),
            };
            Span::styled(format!("{}: {:.0}% left{burning}{alert}{partial}", pick.name(), r * 100.0), style)
        }
    })
}
