//! `warroom check`: the config is valid and each source answers, or says
//! why not. Exit 1 if any source fails: a preflight for the war room.

use color_eyre::eyre::Result;

use super::Context;
use crate::config::Source;

pub fn run(ctx: &Context, as_json: bool) -> Result<i32> {
    if as_json {
        return json(ctx);
    }
    match &ctx.source {
        Source::File(p) => println!("config {} is valid", p.display()),
        Source::Defaults => println!("no config file found; using defaults"),
    }
    let sources = &ctx.config.sources;
    if sources.is_empty() {
        println!("no sources configured (see config.example.yaml)");
        return Ok(0);
    }
    let outcomes = super::poll_sources(sources)?;
    let width = outcomes.iter().map(|o| o.key.to_string().len()).max().unwrap_or(0);
    let mut failed = 0;
    for o in &outcomes {
        let mark = if o.ok { "ok  " } else { "FAIL" };
        failed += usize::from(!o.ok);
        println!("{mark} {:<width$}  {}", o.key.to_string(), o.detail);
    }
    println!("{} of {} sources work", outcomes.len() - failed, outcomes.len());
    Ok(if failed > 0 { 1 } else { 0 })
}

/// The same check, as the JSON every `--json` output shares.
fn json(ctx: &Context) -> Result<i32> {
    let outcomes = super::poll_sources(&ctx.config.sources)?;
    let config = match &ctx.source {
        Source::File(p) => Some(p.display().to_string()),
        Source::Defaults => None,
    };
    let ok = outcomes.iter().all(|o| o.ok);
    let sources: Vec<_> = outcomes.iter().map(crate::json::source).collect();
    crate::json::print(&crate::json::envelope(
        "check",
        serde_json::json!({"config": config, "sources": sources, "ok": ok}),
    ))?;
    Ok(if ok { 0 } else { 1 })
}
