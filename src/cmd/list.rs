//! `warroom list`: incidents with status, severity and duration.

use color_eyre::eyre::Result;

use super::Context;
use crate::incident::format_duration;

pub fn run(ctx: &Context, only_open: bool, as_json: bool) -> Result<i32> {
    let dir = ctx.dir()?;
    let (loaded, errors) = dir.load_all()?;
    let now = chrono::Utc::now();
    let rows: Vec<_> = loaded.iter().rev().filter(|l| !only_open || l.incident.is_open()).collect();
    if as_json {
        let mut warnings: Vec<String> =
            rows.iter().flat_map(|l| l.warnings.iter().map(|w| format!("{}: {w}", l.incident.id))).collect();
        warnings.extend(errors.iter().map(|e| e.to_string()));
        let incidents: Vec<_> = rows.iter().map(|l| crate::json::incident(&l.incident, now)).collect();
        crate::json::print(&crate::json::envelope(
            "list",
            serde_json::json!({"incidents": incidents, "warnings": warnings}),
        ))?;
        return Ok(0);
    }
    if rows.is_empty() {
        eprintln!("no incidents in {}", dir.root().display());
    } else {
        crate::say!("{:<17} {:<13} {:<5} {:>8}  TITLE", "ID", "STATUS", "SEV", "DURATION");
    }
    for l in rows {
        let i = &l.incident;
        let sev = i.severity.map_or("-", |s| s.sev());
        crate::say!(
            "{:<17} {:<13} {:<5} {:>8}  {}",
            i.id.to_string(),
            i.status().label(),
            sev,
            format_duration(i.duration(now)),
            i.title
        );
        for w in &l.warnings {
            eprintln!("warning: {}: {}", i.id, super::printable(w));
        }
    }
    for e in &errors {
        eprintln!("warning: {}", super::printable(&e.to_string()));
    }
    Ok(0)
}
