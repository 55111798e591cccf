//! The handover briefing for an incoming commander: where the incident
//! stands, from the journal alone, at a given moment. Plain text with
//! Markdown headings (it reads on a terminal and pastes into chat); user
//! text is made printable, never interpreted. Deterministic: the
//! same entries, cadence and moment always give the same text (no clock,
//! no hash-map order, no locale). Shown by `B` in the dashboard and printed
//! by `warroom brief`.

use chrono::{DateTime, Utc};

use crate::config::updates::Updates;
use crate::incident::hypothesis::sorted;
use crate::incident::model::is_bad_state;
use crate::incident::{
    ActionKind, Entry, HypothesisStatus, Incident, IncidentId, exit_checklist, fold, format_duration,
};
use crate::signals::gates::GateItem;

/// How many recent changes the briefing lists.
const CHANGES: usize = 5;

/// The briefing from a journal, for the incident as it stood at `at`
/// (entries written later are left out); None without a declaration by
/// then.
pub fn from_journal(id: IncidentId, entries: &[Entry], updates: &Updates, at: DateTime<Utc>) -> Option<String> {
    let inc = fold(id, entries.iter().filter(|e| e.at <= at))?;
    Some(brief(&inc, updates, at, &[]))
}

/// The briefing for the incident as folded, at `at`; `gates` are the
/// phase's telemetry conditions as the dashboard sees them (none from the
/// journal alone).
pub fn brief(inc: &Incident, updates: &Updates, at: DateTime<Utc>, gates: &[GateItem]) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };

    line(format!("# Handover: {} {}", inc.id, clean(&inc.title)));
    line(String::new());
    line(format!(
        "As of {} · status {} · {} {} · {}",
        at.format("%Y-%m-%d %H:%M:%S UTC"),
        inc.status().label(),
        if inc.is_open() { "open for" } else { "lasted" },
        format_duration(inc.duration(at)),
        roles(inc)
    ));

    line(String::new());
    line(format!("## Phase: {} ({} of 6)", inc.phase, inc.phase.index() + 1));
    let checklist = exit_checklist(inc, inc.phase);
    let open: Vec<_> = checklist.iter().filter(|i| !i.done).collect();
    let unmet: Vec<_> = gates.iter().filter(|g| !g.met).collect();
    if checklist.is_empty() {
        line("Resolved: nothing blocks it.".into());
    } else if open.is_empty() && unmet.is_empty() {
        line("Nothing blocks leaving it: every exit item is done.".into());
    } else {
        line("Blocks leaving it:".into());
        for i in open {
            line(format!("- [ ] {}", i.label));
        }
        for g in unmet {
            line(format!("- [ ] {}: {}", g.label, g.detail));
        }
    }

    line(String::new());
    line("## Severity".into());
    match inc.severity {
        None => line("Not set.".into()),
        Some(s) => {
            let set = inc
                .severity_set
                .as_ref()
                .map(|m| {
                    let r = m.why.as_deref().map(|r| format!(": {}", clean(r))).unwrap_or_default();
                    format!(", set {} by {}{r}", m.at.format("%H:%M"), clean(&m.by))
                })
                .unwrap_or_else(|| ", set at declaration".into());
            line(format!("{} {}{set}", s.sev(), s));
        }
    }
    let bad: Vec<String> = inc
        .signal_states
        .iter()
        .filter(|(_, st)| is_bad_state(st))
        .map(|(src, st)| format!("{} {st}", clean(src)))
        .collect();
    if bad.is_empty() {
        line("Signals: no source recorded trouble that is still open.".into());
    } else {
        line(format!("Signals last recorded: {}", bad.join(", ")));
    }
    let impact = [
        ("users", &inc.impact.users),
        ("services", &inc.impact.services),
        ("data", &inc.impact.data),
        ("business", &inc.impact.business),
    ];
    let known: Vec<String> =
        impact.iter().filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: {}", clean(v)))).collect();
    line(if known.is_empty() { "Impact: not assessed.".into() } else { format!("Impact: {}", known.join("; ")) });

    line(String::new());
    line("## Hypotheses".into());
    let ordered = sorted(&inc.hypotheses);
    let live: Vec<_> = ordered.iter().filter(|h| h.status != HypothesisStatus::Disproven).collect();
    if live.is_empty() {
        line("None standing.".into());
    }
    for h in live {
        line(format!("- {} {} ({} likelihood): {}", h.label(), h.status, h.likelihood, clean(&h.text)));
        for e in &h.evidence {
            line(format!("  - evidence: {}", clean(e)));
        }
        if let Some(c) = &h.next_check {
            line(format!("  - next check: {}", clean(c)));
        }
    }
    let ruled_out: Vec<_> = ordered.iter().filter(|h| h.status == HypothesisStatus::Disproven).collect();
    if !ruled_out.is_empty() {
        line("Ruled out:".into());
        for h in ruled_out {
            let why = if h.evidence.is_empty() { "no evidence recorded".to_string() } else { h.evidence.join("; ") };
            line(format!("- {} {} (why: {})", h.label(), clean(&h.text), clean(&why)));
        }
    }

    line(String::new());
    line("## Actions in flight".into());
    let in_flight: Vec<_> = inc.actions.iter().filter(|a| a.result.is_none()).collect();
    if in_flight.is_empty() {
        line("None: every action has its result.".into());
    }
    for a in in_flight {
        line(format!(
            "- {} {}: {} ({}, {})",
            a.label(),
            a.kind,
            clean(&a.text),
            clean(&a.author),
            a.at.format("%H:%M")
        ));
    }

    line(String::new());
    line("## Clocks".into());
    let clocks = inc.live_clocks();
    if clocks.is_empty() || !inc.is_open() {
        line("None running.".into());
    } else {
        for c in clocks {
            let when = if c.overdue(at) {
                format!("EXPIRED {} ago", format_duration(at - c.due))
            } else {
                format!("in {}", format_duration(c.due - at))
            };
            line(format!(
                "- {} {}: due {} UTC, {when} (set by {})",
                c.label(),
                clean(&c.label),
                c.due.format("%H:%M"),
                clean(&c.by)
            ));
        }
    }

    line(String::new());
    line("## Mitigations in place".into());
    let temporary: Vec<_> = inc.in_place().collect();
    let applied: Vec<_> = inc
        .actions
        .iter()
        .filter(|a| a.kind == ActionKind::Mitigation && a.result.is_some() && a.temporary.is_none())
        .collect();
    if temporary.is_empty() && applied.is_empty() {
        line("None recorded.".into());
    }
    for a in temporary {
        let revert = a.temporary.as_ref().map(|t| t.revert.as_str()).filter(|r| !r.is_empty());
        let revert = revert.map(clean).unwrap_or_else(|| "not recorded".into());
        line(format!("- {} TEMPORARY {}; to revert: {revert}", a.label(), clean(&a.text)));
    }
    for a in applied {
        line(format!("- {} {} → {}", a.label(), clean(&a.text), clean(a.result.as_deref().unwrap_or(""))));
    }

    line(String::new());
    line("## What changed".into());
    if inc.changes.is_empty() {
        line("No change or outside event recorded.".into());
    }
    let skip = inc.changes.len().saturating_sub(CHANGES);
    if skip > 0 {
        line(format!("({skip} earlier not shown)"));
    }
    for c in inc.changes.iter().skip(skip) {
        let src = c.source.as_ref().map(|s| format!(" [{}]", clean(s))).unwrap_or_default();
        line(format!("- {} {}{src}", c.at.format("%H:%M"), clean(&c.text)));
    }

    line(String::new());
    line("## Open follow-ups".into());
    if inc.follow_ups.is_empty() {
        line("None recorded.".into());
    }
    for f in &inc.follow_ups {
        let owner = f.owner.as_ref().map(|o| format!(" (@{})", clean(o))).unwrap_or_else(|| " (no owner)".into());
        line(format!("- {}{owner}", clean(&f.text)));
    }

    line(String::new());
    line("## Next stakeholder update".into());
    if inc.is_open() {
        let due = crate::notify::cadence::next_due(updates, inc);
        let when = if due < at {
            format!("overdue by {}", format_duration(at - due))
        } else {
            format!("in {}", format_duration(due - at))
        };
        let last = inc.last_update.map(|t| format!("; last sent {}", t.format("%H:%M"))).unwrap_or_default();
        line(format!("Due {} UTC ({when}){last}", due.format("%H:%M")));
    } else {
        line("None due: the incident is resolved.".into());
    }
    out
}

fn roles(inc: &Incident) -> String {
    let name = |r: &Option<String>| r.as_deref().map(clean).unwrap_or_else(|| "—".into());
    format!(
        "commander {} · comms {} · scribe {}",
        name(&inc.roles.commander),
        name(&inc.roles.comms),
        name(&inc.roles.scribe)
    )
}

/// Journal text safe on any terminal: escape sequences removed, control
/// characters (a newline too) shown as U+FFFD.
fn clean(s: &str) -> String {
    crate::sources::logs::line::sanitize(s.as_bytes(), s.len())
}
