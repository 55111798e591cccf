//! `warroom replicate`: the replicator without a dashboard, for a site
//! where nobody has one open (run it as a service). Prints each change of
//! state on standard error; ends on SIGTERM or SIGINT.

use color_eyre::eyre::{Result, WrapErr, eyre};

use super::Context;
use crate::replicate::{self, Event};

/// One line for an event, as the `replicate` command prints it.
pub fn describe(e: &Event) -> String {
    match e {
        Event::Online => "replication: online".into(),
        Event::Offline { since, why } => {
            format!("replication: offline since {}: {why}", since.format("%Y-%m-%d %H:%M:%S UTC"))
        }
        Event::Elsewhere => "replication: another warroom process replicates this directory; waiting".into(),
        Event::Rejected { subject, why } => format!("replication: rejected a message on {subject}: {why}"),
        Event::Copied { published, received } => {
            format!("replication: {published} entries published, {received} received")
        }
    }
}

pub fn run(ctx: &Context) -> Result<i32> {
    let cfg = ctx.config.journal.replicate.clone().ok_or_else(|| {
        eyre!("the config has no journal.replicate section (see docs/replication.md and config.example.yaml)")
    })?;
    let dir = ctx.dir()?;
    eprintln!("replicating {} as site {} through stream {}", dir.root().display(), cfg.site, cfg.stream);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .wrap_err("cannot start the async runtime")?;
    let code = rt.block_on(async move {
        let (tx, mut rx) = tokio::sync::mpsc::channel(64);
        let task = tokio::spawn(replicate::run(dir, cfg, tx));
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        let code = loop {
            tokio::select! {
                ev = rx.recv() => match ev {
                    Some(e) => eprintln!("{}", super::printable(&describe(&e))),
                    None => break 1,
                },
                _ = term.recv() => break 143,
                _ = tokio::signal::ctrl_c() => break 130,
            }
        };
        task.abort();
        Ok::<i32, std::io::Error>(code)
    })?;
    rt.shutdown_timeout(std::time::Duration::from_secs(1));
    Ok(code)
}
