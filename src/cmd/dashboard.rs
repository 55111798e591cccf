//! The dashboard: set up logging and the terminal, run the loop, and leave
//! without waiting on the terminal reader.

use color_eyre::eyre::{Result, WrapErr};

use super::Context;
use crate::app::run::{Options, run as run_loop};
use crate::incident::IncidentId;

pub fn run(ctx: &Context, id: Option<IncidentId>) -> Result<i32> {
    let dir = ctx.dir()?;
    let start = match id {
        Some(id) => {
            dir.load(&id)?;
            Some(id)
        }
        None => dir.newest_open()?,
    };
    crate::logging::init_file();
    let notices = super::rescued_notices(&dir);
    crate::term::install_panic_hook();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .wrap_err("cannot start the async runtime")?;
    let opts = Options {
        dir,
        operator: ctx.operator.clone(),
        start,
        fps_cap: ctx.config.ui.fps_cap.0,
        color: ctx.color(),
        sources: ctx.config.sources.clone(),
        slos: ctx.config.slos.clone(),
        gates: crate::app::state::phase_gates(&ctx.config),
        log_lines: ctx.config.ui.log_lines,
        demo: None,
        updates: ctx.config.updates.clone(),
        actions: ctx.config.actions.clone(),
        notices,
        replicate: ctx.config.journal.replicate.clone(),
    };
    let result = rt.block_on(run_loop(opts));
    // The terminal reader may be blocked (or spinning, crossterm #793) on a
    // dead terminal: do not wait for it.
    rt.shutdown_background();
    result
}
