//! `warroom replay`: the incident as it stood at any moment, from its
//! journal and the recorder's signal snapshots beside it, on the
//! dashboard's own panes, scrubbed with keys. Read-only: nothing is
//! written; no source is polled.

use chrono::Utc;
use color_eyre::eyre::{Result, WrapErr, eyre};
use tokio::sync::mpsc;

use super::Context;
use crate::app::replay::Replay;
use crate::app::{Effect, State, update};
use crate::incident::IncidentId;

pub fn run(ctx: &Context, id: Option<IncidentId>, at: Option<String>) -> Result<i32> {
    let dir = ctx.dir()?;
    let id = match id {
        Some(id) => id,
        None => dir.ids()?.pop().ok_or_else(|| eyre!("no incidents in {}", dir.root().display()))?,
    };
    let loaded = dir.load(&id)?;
    let (snapshots, skipped) = dir.snapshots(&id).map_err(|e| eyre!(e))?;
    let now = Utc::now();
    let at = match at {
        Some(s) => super::brief::when(&s, &loaded.entries, now).map_err(|e| eyre!(e))?,
        // The end of the record.
        None => loaded.entries.iter().map(|e| e.at).chain(snapshots.last().map(|s| s.at)).max().unwrap_or(now),
    };
    let mut replay = Replay::new(id.clone(), loaded.entries, snapshots, at);
    let mut state = State::new(ctx.operator.clone(), at, ctx.color());
    replay.show(&mut state);
    if state.incident.is_none() {
        return Err(eyre!("{id} has no declaration"));
    }
    state.replay = Some(Box::new(replay));
    for w in &loaded.warnings {
        state.warn(format!("{id}: {w}"));
    }
    if skipped > 0 {
        state.warn(format!("{skipped} signal snapshot lines could not be read and were skipped"));
    }
    crate::logging::init_file();
    crate::term::install_panic_hook();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .wrap_err("cannot start the async runtime")?;
    let code = rt.block_on(run_loop(state));
    rt.shutdown_background();
    code
}

async fn run_loop(mut state: State) -> Result<i32> {
    let (tx, mut rx) = mpsc::channel(256);
    let mut terminal = crate::term::enter()?;
    if let Ok(s) = terminal.size() {
        state.size = (s.width, s.height);
    }
    crate::app::tasks::spawn_input(tx.clone());
    crate::app::tasks::spawn_signals(tx.clone())?;
    let mut exit = None;
    while exit.is_none() {
        if state.dirty {
            if let Err(e) = crate::term::draw(&mut terminal, &state) {
                tracing::warn!("cannot draw, leaving: {e}");
                exit = Some(if e.raw_os_error() == Some(libc::EIO) { 129 } else { 1 });
                break;
            }
            state.dirty = false;
        }
        let Some(msg) = rx.recv().await else { break };
        for effect in update(&mut state, msg) {
            // A replay writes nothing: `update` refuses, and only leaving
            // comes back.
            if let Effect::Exit(code) = effect {
                exit = Some(code);
            }
        }
    }
    crate::term::restore();
    Ok(exit.unwrap_or(0))
}
