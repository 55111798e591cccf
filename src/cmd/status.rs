//! `warroom status`: a one-shot snapshot of the incident and of every
//! source (each polled once), for pipes, cron and chat.

use color_eyre::eyre::Result;
use serde_json::json;

use super::Context;
use crate::incident::{IncidentId, format_duration, hypothesis::sorted};

pub fn run(ctx: &Context, id: Option<IncidentId>, as_json: bool) -> Result<i32> {
    let dir = ctx.dir()?;
    let id = match id {
        Some(id) => Some(id),
        None => dir.newest_open()?.or(dir.ids()?.pop()),
    };
    let loaded = id.as_ref().map(|id| dir.load(id)).transpose()?;
    for (id, w) in loaded.iter().flat_map(|l| l.warnings.iter().map(|w| (&l.incident.id, w))) {
        eprintln!("warning: {id}: {}", super::printable(w));
    }
    let sources = &ctx.config.sources;
    let outcomes = super::poll_sources(sources)?;
    let now = chrono::Utc::now();
    let failing = outcomes.iter().filter(|o| !o.ok).count();
    if as_json {
        let incident = loaded.as_ref().map(|l| {
            let i = &l.incident;
            let mut v = crate::json::incident(i, now);
            v["impact_users"] = json!(i.impact.users);
            v["hypotheses"] = sorted(&i.hypotheses)
                .iter()
                .map(|h| json!({"id": h.label(), "status": h.status.word(), "text": h.text}))
                .collect();
            v["actions"] = i
                .actions
                .iter()
                .map(|a| json!({"id": a.label(), "kind": a.kind.word(), "text": a.text, "result": a.result}))
                .collect();
            v["recent"] =
                i.timeline.iter().rev().take(5).map(|t| json!({"at": t.at, "by": t.author, "text": t.text})).collect();
            v
        });
        let sources: Vec<_> = outcomes.iter().map(crate::json::source).collect();
        crate::json::print(&crate::json::envelope(
            "status",
            json!({"incident": incident, "sources": sources, "ok": failing == 0}),
        ))?;
    } else {
        match &loaded {
            None => crate::say!("no incident in {}", dir.root().display()),
            Some(l) => {
                let i = &l.incident;
                let sev = i.severity.map_or("SEV?".to_string(), |s| format!("{} {}", s.sev(), s));
                crate::say!(
                    "{} {} — {sev}, {} ({}), {}",
                    i.id,
                    i.title,
                    i.status().label(),
                    i.phase,
                    format_duration(i.duration(now))
                );
                if let Some(u) = &i.impact.users {
                    crate::say!("impact: {u}");
                }
                if let Some(c) = &i.roles.commander {
                    crate::say!("commander: {c}");
                }
                for h in sorted(&i.hypotheses) {
                    crate::say!("  {} {:<9} {}", h.label(), h.status.word(), h.text);
                }
                for a in &i.actions {
                    crate::say!(
                        "  {} {}: {} → {}",
                        a.label(),
                        a.kind.word(),
                        a.text,
                        a.result.as_deref().unwrap_or("no result yet")
                    );
                }
                crate::say!("recent:");
                for t in i.timeline.iter().rev().take(5).collect::<Vec<_>>().into_iter().rev() {
                    crate::say!("  {} {}: {}", t.at.format("%H:%M"), t.author, t.text);
                }
            }
        }
        if !outcomes.is_empty() {
            crate::say!("sources: {} of {} answer", outcomes.len() - failing, outcomes.len());
            for o in &outcomes {
                crate::say!("  {} {}  {}", if o.ok { "ok  " } else { "FAIL" }, o.key, o.detail);
            }
        }
    }
    // Like `check`: a script learns that a source fails from the exit code.
    Ok(if failing > 0 { 1 } else { 0 })
}
