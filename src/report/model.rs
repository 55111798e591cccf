//! The postmortem as data, built from the journal alone, so it works after
//! the fact and on another machine. Serialized as the JSON report and
//! handed to the Markdown template.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::times::{Times, key_times};
use crate::incident::hypothesis::sorted;
use crate::incident::model::is_bad_state;
use crate::incident::{Entry, HypothesisStatus, Incident, IncidentId, Payload, fold, format_duration};

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub service: Option<String>,
    pub severity: Option<String>,
    pub severity_changes: Vec<SeverityChange>,
    pub status: String,
    pub phase: String,
    pub declared_by: String,
    pub duration: String,
    pub times: Times,
    pub impact: Impact,
    pub roles: Roles,
    pub timeline: Vec<Row>,
    pub root_cause: Vec<Hypothesis>,
    pub disproven: Vec<Hypothesis>,
    pub unresolved_hypotheses: Vec<Hypothesis>,
    /// Evidence captured from panes, quoted whole, by hypothesis.
    pub captured: Vec<Captured>,
    pub contributing: Vec<String>,
    pub actions: Vec<ActionRow>,
    /// The temporary mitigations register: each with how to revert it and
    /// whether it was.
    pub temporary: Vec<TempRow>,
    pub slo: Vec<String>,
    pub follow_ups: Vec<FollowUp>,
    pub went_well: Vec<String>,
    pub to_improve: Vec<String>,
    /// Mermaid flowchart from the trigger to the user impact.
    pub diagram: String,
    pub entries: usize,
    pub generated_at: DateTime<Utc>,
    /// The incident as every JSON output says it ([`crate::json::incident`]):
    /// the JSON report's top level; not in templates.
    #[serde(skip)]
    pub summary: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeverityChange {
    pub at: DateTime<Utc>,
    pub by: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Impact {
    pub users: Option<String>,
    pub services: Option<String>,
    pub data: Option<String>,
    pub business: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Roles {
    pub commander: Option<String>,
    pub comms: Option<String>,
    pub scribe: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub at: DateTime<Utc>,
    pub by: String,
    pub event: String,
    /// For actions: what was done, and what came of it.
    pub action: Option<String>,
    pub result: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hypothesis {
    pub label: String,
    pub text: String,
    pub likelihood: String,
    pub status: String,
    pub evidence: Vec<String>,
    /// For a disproven one: the evidence, or that none was recorded.
    pub why: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub label: String,
    pub kind: String,
    pub text: String,
    pub result: Option<String>,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Captured {
    /// The hypothesis it supports or refutes (`H1`) and its status.
    pub hypothesis: String,
    pub status: String,
    pub pane: String,
    pub sources: Vec<String>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub sha256: String,
    /// False when the rows no longer hash to the digest taken with them.
    pub intact: bool,
    /// One line each, control characters shown as U+FFFD.
    pub rows: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TempRow {
    pub label: String,
    pub text: String,
    /// How to revert it; empty when nobody said.
    pub revert: String,
    /// `in_place`, `reverted` or `kept`.
    pub status: &'static str,
    pub since: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub ended_by: Option<String>,
    /// What was done when it ended.
    pub ended: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowUp {
    pub text: String,
    pub owner: Option<String>,
}

/// Builds the report; None if the journal has no declaration.
pub fn build(id: IncidentId, entries: &[Entry], now: DateTime<Utc>) -> Option<Report> {
    // The order every replica shares, whatever order the file holds.
    let entries: Vec<Entry> = crate::incident::fold::in_order(entries).into_iter().cloned().collect();
    let entries = &entries[..];
    let inc = fold(id, entries)?;
    let times = key_times(entries);
    let hyp = |h: &crate::incident::Hypothesis| Hypothesis {
        label: h.label(),
        text: h.text.clone(),
        likelihood: h.likelihood.word().to_string(),
        status: h.status.word().to_string(),
        evidence: h.evidence.clone(),
        why: if h.evidence.is_empty() { "no evidence recorded".into() } else { h.evidence.join("; ") },
    };
    let of = |s: HypothesisStatus| {
        sorted(&inc.hypotheses).into_iter().filter(|h| h.status == s).map(hyp).collect::<Vec<_>>()
    };
    let mut unresolved = of(HypothesisStatus::Testing);
    unresolved.extend(of(HypothesisStatus::Open));
    Some(Report {
        id: inc.id.to_string(),
        title: inc.title.clone(),
        kind: inc.kind.label().to_string(),
        service: inc.service.clone(),
        severity: inc.severity.map(|s| format!("{} {}", s.sev(), s)),
        severity_changes: entries
            .iter()
            .filter(|e| matches!(e.payload, Payload::Severity { .. }))
            .zip(inc.timeline.iter().filter(|t| t.tag == "sev"))
            .map(|(e, t)| SeverityChange { at: e.at, by: e.author.clone(), text: t.text.clone() })
            .collect(),
        status: inc.status().label().to_string(),
        phase: inc.phase.label().to_string(),
        declared_by: inc.declared_by.clone(),
        duration: format_duration(inc.duration(now)),
        summary: crate::json::incident(&inc, now),
        times,
        impact: Impact {
            users: inc.impact.users.clone(),
            services: inc.impact.services.clone(),
            data: inc.impact.data.clone(),
            business: inc.impact.business.clone(),
        },
        roles: Roles {
            commander: inc.roles.commander.clone(),
            comms: inc.roles.comms.clone(),
            scribe: inc.roles.scribe.clone(),
        },
        timeline: rows(&inc),
        root_cause: of(HypothesisStatus::Confirmed),
        disproven: of(HypothesisStatus::Disproven),
        unresolved_hypotheses: unresolved,
        contributing: contributing(&inc, entries),
        actions: inc
            .actions
            .iter()
            .map(|a| ActionRow {
                label: a.label(),
                kind: a.kind.word().to_string(),
                text: a.text.clone(),
                result: a.result.clone(),
                by: a.author.clone(),
                at: a.at,
            })
            .collect(),
        captured: sorted(&inc.hypotheses)
            .into_iter()
            .flat_map(|h| {
                h.captures.iter().map(|c| Captured {
                    hypothesis: h.label(),
                    status: h.status.word().to_string(),
                    pane: c.pane.clone(),
                    sources: c.sources.clone(),
                    from: c.from,
                    to: c.to,
                    sha256: c.sha256.clone(),
                    intact: c.intact(),
                    rows: c.rows.iter().map(|r| crate::sources::logs::line::sanitize(r.as_bytes(), r.len())).collect(),
                })
            })
            .collect(),
        temporary: inc
            .actions
            .iter()
            .filter_map(|a| {
                let t = a.temporary.as_ref()?;
                Some(TempRow {
                    label: a.label(),
                    text: a.text.clone(),
                    revert: t.revert.clone(),
                    status: t.ended.as_ref().map_or("in_place", |e| e.end.word()),
                    since: t.since,
                    ended_at: t.ended.as_ref().map(|e| e.at),
                    ended_by: t.ended.as_ref().map(|e| e.by.clone()),
                    ended: t.ended.as_ref().map(|e| e.text.clone()),
                })
            })
            .collect(),
        slo: entries
            .iter()
            .filter_map(|e| match &e.payload {
                Payload::Event { source: Some(s), text, .. } if s.starts_with("slo:") => Some(text.clone()),
                _ => None,
            })
            .collect(),
        follow_ups: inc.follow_ups.iter().map(|f| FollowUp { text: f.text.clone(), owner: f.owner.clone() }).collect(),
        went_well: inc.lessons.iter().filter(|(_, w)| *w).map(|(t, _)| t.clone()).collect(),
        to_improve: inc.lessons.iter().filter(|(_, w)| !*w).map(|(t, _)| t.clone()).collect(),
        diagram: diagram(&inc, entries),
        entries: inc.entries,
        generated_at: now,
    })
}

fn rows(inc: &Incident) -> Vec<Row> {
    let mut actions = inc.actions.iter();
    inc.timeline
        .iter()
        .map(|t| {
            let action = if t.tag == "action" { actions.next() } else { None };
            Row {
                at: t.at,
                by: t.author.clone(),
                event: t.text.clone(),
                action: action.map(|a| a.text.clone()),
                result: action.and_then(|a| a.result.clone()),
            }
        })
        .collect()
}

/// Changes recorded before the first trouble, the first trouble of each
/// source, and checklist items skipped on the way.
fn contributing(inc: &Incident, entries: &[Entry]) -> Vec<String> {
    let mut out = Vec::new();
    let until = inc.first_failure_at.unwrap_or(inc.declared_at);
    for e in entries {
        if let Payload::Event { source: Some(s), text, .. } = &e.payload
            && s.starts_with("changes:")
            && e.at <= until + chrono::Duration::minutes(5)
        {
            out.push(text.trim_start_matches("change: ").to_string());
        }
    }
    let mut seen = std::collections::HashSet::new();
    for e in entries {
        if let Payload::Event { source: Some(s), state: Some(st), text, .. } = &e.payload
            && is_bad_state(st)
            && seen.insert(s.clone())
        {
            out.push(format!("signal: {text}"));
        }
    }
    for e in entries {
        if let Payload::Phase { from, open_items, .. } = &e.payload
            && !open_items.is_empty()
        {
            out.push(format!("left {from} with open items: {}", open_items.join(", ")));
        }
    }
    out
}

/// `trigger → first failure → root cause → user impact → mitigation →
/// resolved`, with the steps the journal knows.
fn diagram(inc: &Incident, entries: &[Entry]) -> String {
    // Mermaid label text: its own entity codes for < and >, no quotes,
    // brackets or control characters.
    let q = |s: &str| {
        s.chars()
            .map(|c| {
                if c.is_control() || matches!(c, '[' | ']') {
                    ' '
                } else if c == '"' {
                    '\''
                } else {
                    c
                }
            })
            .collect::<String>()
            .replace('<', "#lt;")
            .replace('>', "#gt;")
    };
    let mut steps: Vec<(&str, String)> = Vec::new();
    let first_trouble = entries.iter().find_map(|e| match &e.payload {
        Payload::Event { state: Some(st), text, .. } if is_bad_state(st) => Some(text.clone()),
        _ => None,
    });
    let trigger = entries.iter().rev().find_map(|e| match &e.payload {
        Payload::Event { source: Some(s), text, .. }
            if s.starts_with("changes:")
                && inc.first_failure_at.is_none_or(|f| e.at <= f + chrono::Duration::minutes(5)) =>
        {
            Some(text.trim_start_matches("change: ").to_string())
        }
        _ => None,
    });
    if let Some(t) = trigger {
        steps.push(("Trigger", t));
    }
    if let Some(f) = first_trouble {
        steps.push(("First failure", f));
    }
    if let Some(h) = inc.hypotheses.iter().find(|h| h.status == HypothesisStatus::Confirmed) {
        steps.push(("Root cause", h.text.clone()));
    }
    steps.push(("User impact", inc.impact.users.clone().unwrap_or_else(|| inc.title.clone())));
    // The action that worked, not the first one tried.
    let worked = super::times::fix(entries).map(|f| f.text).or_else(|| {
        inc.actions.iter().find(|a| a.kind == crate::incident::ActionKind::Mitigation).map(|a| a.text.clone())
    });
    if let Some(a) = worked {
        steps.push(("Mitigation", a));
    }
    if let Some(r) = inc.resolved_at {
        steps.push(("Resolved", r.format("%Y-%m-%d %H:%M UTC").to_string()));
    }
    let mut out = String::from("flowchart LR\n");
    for (i, (what, text)) in steps.iter().enumerate() {
        out.push_str(&format!("  S{i}[\"{what}: {}\"]\n", q(text)));
    }
    for i in 1..steps.len() {
        out.push_str(&format!("  S{} --> S{i}\n", i - 1));
    }
    out
}
