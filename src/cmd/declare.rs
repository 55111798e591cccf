//! `warroom declare`: create an incident from a shell.

use color_eyre::eyre::{Result, bail};

use super::Context;
use crate::incident::{IncidentKind, Payload, Severity};

pub fn run(
    ctx: &Context,
    title: String,
    severity: Option<Severity>,
    kind: IncidentKind,
    service: Option<String>,
) -> Result<i32> {
    if title.trim().is_empty() {
        bail!("the title must not be empty");
    }
    let dir = ctx.dir()?;
    let payload = Payload::Declared { title: title.trim().to_string(), kind, service, severity };
    let (id, _) = dir.declare(chrono::Utc::now(), &ctx.operator, payload)?;
    println!("{id}");
    eprintln!("declared {id}: journal {}", dir.journal_path(&id).display());
    Ok(0)
}
