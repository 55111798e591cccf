//! `warroom report`: the postmortem from the journal alone, as Markdown (a
//! template a user can replace) or JSON.

use std::path::PathBuf;

use color_eyre::eyre::{Result, WrapErr, eyre};

use super::Context;
use crate::incident::IncidentId;
use crate::report::{build, render};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Json,
}

pub fn run(
    ctx: &Context,
    id: Option<IncidentId>,
    format: Format,
    out: Option<PathBuf>,
    template: Option<PathBuf>,
) -> Result<i32> {
    let dir = ctx.dir()?;
    let id = match id {
        Some(id) => id,
        // After the fact the newest incident is the one wanted, open or not.
        None => dir.ids()?.pop().ok_or_else(|| eyre!("no incidents in {}", dir.root().display()))?,
    };
    let loaded = dir.load(&id)?;
    for w in &loaded.warnings {
        eprintln!("warning: {id}: {}", super::printable(w));
    }
    let report =
        build(id.clone(), &loaded.entries, chrono::Utc::now()).ok_or_else(|| eyre!("{id} has no declaration"))?;
    let text = match format {
        Format::Json => render::json(&report),
        Format::Md => {
            let path = template.or_else(|| ctx.config.report_template.clone());
            let custom = match &path {
                Some(p) => {
                    Some(std::fs::read_to_string(p).wrap_err_with(|| format!("cannot read template {}", p.display()))?)
                }
                None => None,
            };
            render::markdown(&report, custom.as_deref()).map_err(|e| match &path {
                Some(p) => eyre!("template {}: {e}", p.display()),
                None => eyre!("report template: {e}"),
            })?
        }
    };
    super::write_or_print(out.as_deref(), &text, &id)?;
    Ok(0)
}
