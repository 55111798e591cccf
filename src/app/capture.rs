//! Evidence capture (`Y`): what the focused pane shows, frozen as text
//! rows with its sources and time range, for the selected hypothesis.
//! Pure: reads the state, builds a [`Capture`]; `update` appends it. The
//! rows are what the screen already shows (no URL, no credential: sources
//! appear by name), so evidence holds no secret the screen does not.

use chrono::{DateTime, Utc};

use super::state::{Pane, State};
use crate::incident::Capture;

/// At most this many rows go into one capture.
pub const ROWS: usize = 40;
/// A metric's sparkline data: the newest points kept with it.
pub const POINTS: usize = 60;

/// What the focused pane shows, or why it holds no evidence.
pub fn capture(state: &State) -> Result<Capture, String> {
    let now = state.now;
    let (pane, rows, sources, times): (&str, Vec<String>, Vec<String>, Vec<DateTime<Utc>>) = match state.focus {
        Pane::Logs => logs(state),
        Pane::Metrics => metrics(state),
        Pane::Health => health(state),
        Pane::Alerts => alerts(state),
        Pane::Slos => slos(state),
        Pane::Timeline => timeline(state),
        Pane::Triage => triage(state),
        Pane::Actions => action(state),
        Pane::Hypotheses => {
            return Err("a hypothesis is not evidence for one: capture a signal pane (2), the triage pane, the \
                        timeline or an action"
                .into());
        }
    };
    if rows.is_empty() {
        return Err(format!("the {pane} pane shows nothing to capture"));
    }
    let from = times.iter().min().copied().unwrap_or(now);
    let to = times.iter().max().copied().unwrap_or(now);
    Ok(Capture::new(pane, sources, from, to, rows))
}

type Parts = (&'static str, Vec<String>, Vec<String>, Vec<DateTime<Utc>>);

fn dedup(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// The lines the pane shows: the filter, level and pattern applied, from
/// where it is scrolled to, oldest first.
fn logs(state: &State) -> Parts {
    let store = &state.signals.logs;
    let (mut rows, mut sources, mut times) = (vec![], vec![], vec![]);
    for l in state.logs.shown(store).take(ROWS) {
        let src = store.sources.get(l.source as usize).cloned().unwrap_or_else(|| "?".into());
        rows.push(format!("{} {src} {}", l.at.format("%H:%M:%S"), l.text));
        sources.push(format!("logs:{src}"));
        times.push(l.at);
    }
    rows.reverse();
    ("logs", rows, dedup(sources), times)
}

/// Each metric's value, band and the data behind its sparkline.
fn metrics(state: &State) -> Parts {
    let (mut rows, mut sources, mut times) = (vec![], vec![], vec![]);
    for m in &state.signals.metrics {
        // A failing source is said as such, never as a value.
        let failing = state.signals.status.get(&m.key).filter(|s| !s.ok).map(|s| s.message.clone());
        match (m.value, failing) {
            (_, Some(why)) => rows.push(format!("{}: no data, the source is failing: {why}", m.key.name)),
            (None, None) => rows.push(format!("{}: no data yet", m.key.name)),
            (Some(v), None) => {
                let at = m.at.map(|at| format!(" at {}", at.format("%H:%M:%S"))).unwrap_or_default();
                rows.push(format!("{}: {} ({}){at}", m.key.name, m.format(v), m.band.label()));
            }
        }
        let points: Vec<&(DateTime<Utc>, f64)> = m.history.iter().rev().take(POINTS).collect();
        if let (Some(first), Some(last)) = (points.last(), points.first()) {
            let values: Vec<String> = points.iter().rev().map(|(_, v)| m.format(*v)).collect();
            rows.push(format!(
                "  {}–{} ({} points): {}",
                first.0.format("%H:%M:%S"),
                last.0.format("%H:%M:%S"),
                values.len(),
                values.join(" ")
            ));
            times.extend([first.0, last.0]);
        }
        sources.push(m.key.to_string());
    }
    ("metrics", rows, dedup(sources), times)
}

fn health(state: &State) -> Parts {
    let (mut rows, mut sources, mut times) = (vec![], vec![], vec![]);
    for h in &state.signals.health {
        let (detail, at) = match &h.last {
            Some((at, p)) => {
                let lat = p.latency.map(|l| format!(" in {}", crate::sources::http::secs(l))).unwrap_or_default();
                (format!("{}{lat}", p.detail), Some(*at))
            }
            None => ("not probed yet".into(), None),
        };
        let since = h.since.map(|t| format!(" since {}", t.format("%H:%M:%S"))).unwrap_or_default();
        rows.push(format!("{}: {}{since}: {detail}", h.key.name, h.label()));
        sources.push(h.key.to_string());
        times.extend(at);
    }
    ("health", rows, dedup(sources), times)
}

fn alerts(state: &State) -> Parts {
    let (mut rows, mut sources, mut times) = (vec![], vec![], vec![]);
    for v in &state.signals.alerts {
        for a in &v.alerts {
            let sev = a.severity.as_ref().map(|s| format!(" [{s}]")).unwrap_or_default();
            let summary = a.summary.as_ref().map(|s| format!(": {s}")).unwrap_or_default();
            let since = a.starts_at.map(|t| format!(" since {}", t.format("%H:%M:%S"))).unwrap_or_default();
            rows.push(format!("{} {:?}{sev}{since}{summary} {}", a.name, a.state, a.labels).trim_end().to_string());
            times.extend(a.starts_at);
        }
        sources.push(v.key.to_string());
        times.extend(v.at);
    }
    ("alerts", rows, dedup(sources), times)
}

fn slos(state: &State) -> Parts {
    let (mut rows, mut sources, mut times) = (vec![], vec![], vec![]);
    for s in &state.signals.slos {
        let pct = |v: Option<f64>| v.map_or("no data".to_string(), |v| format!("{:.3}%", v * 100.0));
        match &s.eval {
            None => rows.push(format!("{}: objective {}: no data yet", s.name(), pct(Some(s.objective)))),
            Some(e) => {
                let left = e.remaining().map_or("unknown".to_string(), |r| format!("{:.1}%", r * 100.0));
                let burns: Vec<String> = e
                    .burns
                    .iter()
                    .map(|b| match b.rate {
                        Some(r) => format!("{} {r:.1}x{}", b.label, if b.complete { "" } else { " (partial)" }),
                        None => format!("{} no data", b.label),
                    })
                    .collect();
                rows.push(format!(
                    "{}: SLI {} (5m {}) vs objective {}; budget left {left}; burn {}; {}",
                    s.name(),
                    pct(e.sli_window),
                    pct(e.sli_now),
                    pct(Some(e.objective)),
                    burns.join(", "),
                    e.alert.label()
                ));
            }
        }
        sources.push(s.key.to_string());
        times.push(state.now);
    }
    ("slos", rows, dedup(sources), times)
}

/// What the triage pane says from the signals: what is broken and since
/// when, the summary, the top error pattern.
fn triage(state: &State) -> Parts {
    let (mut rows, mut sources, mut times) = (vec![], vec![], vec![]);
    for t in state.signals.current_trouble(state.now).into_iter().filter(|t| t.bad) {
        rows.push(format!("{} since {}", t.text, t.at.format("%H:%M:%S")));
        sources.push(t.source.clone());
        times.push(t.at);
    }
    let summary = state.signals.summary();
    if !summary.is_empty() {
        rows.push(format!("signals: {}", summary.join(" · ")));
        times.push(state.now);
    }
    if let Some(p) = state.signals.logs.top_patterns_at(1, crate::signals::vocab::Level::Warn).first() {
        rows.push(format!(
            "errors: {}x {} ({}–{})",
            p.count,
            p.pattern,
            p.first.format("%H:%M"),
            p.last.format("%H:%M")
        ));
        let src = state.signals.logs.sources.get(p.source as usize).map_or("?", String::as_str);
        sources.push(format!("logs:{src}"));
        times.extend([p.first, p.last]);
    }
    ("triage", rows, dedup(sources), times)
}

/// The selected action, with its result and whether it is temporary.
fn action(state: &State) -> Parts {
    let Some(inc) = &state.incident else { return ("actions", vec![], vec![], vec![]) };
    let Some(a) = inc.actions.get(state.scroll.action.min(inc.actions.len().saturating_sub(1))) else {
        return ("actions", vec![], vec![], vec![]);
    };
    let mut rows = vec![format!("{} {} ({}, {}): {}", a.label(), a.kind, a.author, a.at.format("%H:%M:%S"), a.text)];
    rows.push(format!("result: {}", a.result.as_deref().unwrap_or("none recorded")));
    if let Some(t) = &a.temporary {
        let state_ = t.ended.as_ref().map_or("in place".to_string(), |e| e.end.to_string());
        rows.push(format!("temporary ({state_}); to revert: {}", t.revert));
    }
    ("actions", rows, vec![format!("journal:{}", inc.id)], vec![a.at])
}

/// The timeline rows in view (scrolled back or the newest).
fn timeline(state: &State) -> Parts {
    let Some(inc) = &state.incident else { return ("timeline", vec![], vec![], vec![]) };
    let end = inc.timeline.len().saturating_sub(state.scroll.timeline_back);
    let start = end.saturating_sub(ROWS);
    let items: Vec<_> = inc.timeline.range(start..end).collect();
    let rows = items.iter().map(|t| format!("{} {}: {}", t.at.format("%H:%M:%S"), t.author, t.text)).collect();
    let times = items.iter().map(|t| t.at).collect();
    ("timeline", rows, vec![format!("journal:{}", inc.id)], times)
}
