//! `warroom brief`: the handover briefing for an incoming commander, from
//! the journal alone (`report::brief`), now or as the incident stood at a
//! moment (`--at`).

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use color_eyre::eyre::{Result, eyre};

use super::Context;
use crate::incident::IncidentId;

pub fn run(ctx: &Context, id: Option<IncidentId>, at: Option<String>, out: Option<PathBuf>) -> Result<i32> {
    let dir = ctx.dir()?;
    let id = match id {
        Some(id) => id,
        None => match dir.newest_open()? {
            Some(id) => id,
            None => dir.ids()?.pop().ok_or_else(|| eyre!("no incidents in {}", dir.root().display()))?,
        },
    };
    let loaded = dir.load(&id)?;
    for w in &loaded.warnings {
        eprintln!("warning: {id}: {}", super::printable(w));
    }
    let now = Utc::now();
    let at = match at {
        None => now,
        Some(s) => when(&s, &loaded.entries, now).map_err(|e| eyre!(e))?,
    };
    let text = crate::report::brief::from_journal(id.clone(), &loaded.entries, &ctx.config.updates, at)
        .ok_or_else(|| eyre!("{id} was not declared by {}", at.format("%Y-%m-%d %H:%M:%S UTC")))?;
    super::write_or_print(out.as_deref(), &text, &id)?;
    Ok(0)
}

/// `--at`: an RFC 3339 time, or HH:MM[:SS] UTC on the day of the
/// incident's last entry (so 14:32 means that afternoon, whenever the brief
/// is read).
pub fn when(s: &str, entries: &[crate::incident::Entry], now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let last = entries.iter().map(|e| e.at).max().unwrap_or(now);
    let end_of_day = last.date_naive().and_hms_opt(23, 59, 59).map_or(now, |t| t.and_utc());
    super::log::parse_when(s, end_of_day.min(now))
}
