//! `warroom demo`: run the simulated system and the dashboard watching it
//! (or, with `--serve-only`, just the system).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use color_eyre::eyre::{Result, WrapErr, eyre};

use super::Context;
use crate::app::run::{DemoLink, Options, run as run_loop};
use crate::demo::{self, scenario};
use crate::journal::IncidentDir;

pub struct Args {
    pub scenario: String,
    pub speed: f64,
    pub list: bool,
    pub serve_only: bool,
    pub dir: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> Result<i32> {
    if args.list {
        for (name, text) in scenario::BUILTIN {
            let s = scenario::parse(name, text).map_err(|e| eyre!(e))?;
            say(&format!("{name:<16} {}\n{:<16} {}", s.title, "", s.summary.trim()));
        }
        return Ok(0);
    }
    if !(args.speed > 0.0 && args.speed <= 1000.0) {
        return Err(eyre!("--speed must be more than 0 and at most 1000"));
    }
    let sc = scenario::load(&args.scenario).map_err(|e| eyre!(e))?;
    let dir = args.dir.clone().unwrap_or_else(demo::default_dir);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .wrap_err("cannot start the async runtime")?;
    let d = rt.block_on(demo::start(sc, args.speed, dir))?;
    if args.serve_only {
        print_addresses(&d, args.speed);
        rt.block_on(async {
            use tokio::signal::unix::{SignalKind, signal};
            let mut term = signal(SignalKind::terminate())?;
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            Ok::<_, std::io::Error>(())
        })?;
        say(&format!("demo files are in {}", d.dir.display()));
        rt.shutdown_background();
        return Ok(0);
    }
    crate::logging::init_file();
    crate::term::install_panic_hook();
    let opts = Options {
        dir: IncidentDir::open(d.dir.join("incidents"))?,
        operator: ctx.operator.clone(),
        start: None,
        fps_cap: ctx.config.ui.fps_cap.0,
        color: ctx.color(),
        sources: d.config.sources.clone(),
        slos: d.config.slos.clone(),
        gates: crate::app::state::phase_gates(&d.config),
        updates: ctx.config.updates.clone(),
        actions: ctx.config.actions.clone(),
        log_lines: ctx.config.ui.log_lines,
        notices: vec![],
        replicate: None,
        demo: Some(DemoLink {
            fix: Arc::clone(&d.fix),
            action: d.scenario.fix.action.clone(),
            hint: d.scenario.fix.hint.clone(),
        }),
    };
    let result = rt.block_on(run_loop(opts));
    rt.shutdown_background();
    // After an SSH drop there is no terminal to tell; the files stay.
    say(&farewell(&d.scenario.name, &d.dir));
    result
}

/// What the demo leaves behind, and the exact command for the postmortem
/// of its incident (with this binary's own path, so it works without
/// `warroom` on the PATH).
fn farewell(scenario: &str, dir: &std::path::Path) -> String {
    let incidents = dir.join("incidents");
    // Linux names a binary replaced while it ran "… (deleted)"; the path
    // is what the operator runs next (the new binary).
    let exe = std::env::current_exe().map_or_else(
        |_| "warroom".to_string(),
        |p| {
            let path = p.display().to_string();
            shell_quote(path.strip_suffix(" (deleted)").unwrap_or(&path))
        },
    );
    let dir_arg = shell_quote(&incidents.display().to_string());
    let newest = IncidentDir::open(&incidents).ok().and_then(|d| d.ids().ok()).and_then(|mut ids| ids.pop());
    let report = match newest {
        Some(id) => format!("\nThe postmortem of {id}:\n  {exe} --incident-dir {dir_arg} report {id}"),
        None => "\nNo incident was declared, so there is no postmortem.".to_string(),
    };
    format!(
        "warroom demo ({scenario}) ended. Its files are kept in {}:\n  incidents/    the incident journal ({exe} --incident-dir {dir_arg} list)\n  warroom.yaml  the config the dashboard ran on, an example to copy{report}",
        dir.display()
    )
}

/// Quotes a path for a POSIX shell when it needs it.
fn shell_quote(s: &str) -> String {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"/._-+:,@%".contains(&b)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn print_addresses(d: &demo::Demo, speed: f64) {
    let mut out = format!("warroom demo: scenario {} at {speed}x — {}\n", d.scenario.name, d.scenario.title);
    for (name, addr) in &d.services {
        out += &format!("  {name:<13} http://{addr}  (/health, /metrics)\n");
    }
    out += &format!("  {:<13} {}\n", "log file", d.dir.join("services.log").display());
    out += &format!("  {:<13} {}\n", "changes", d.dir.join("changes.log").display());
    out += &format!("  {:<13} {}\n", "config", d.config_path.display());
    if let Some((_, addr)) = d.services.first() {
        out += &format!("  {:<13} curl -X POST http://{addr}/demo/fix   ({})\n", "fix", d.scenario.fix.action);
    }
    out += "serving until Ctrl-C";
    say(&out);
}

/// Prints a line; a closed stdout (the reader went away) is not an error
/// worth dying for while serving.
fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}").and_then(|_| out.flush());
}
