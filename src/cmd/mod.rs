//! What each subcommand does, and the context they share: the config as
//! loaded, the incident directory, and who is writing.

pub mod brief;
pub mod check;
pub mod dashboard;
pub mod declare;
pub mod demo;
pub mod list;
pub mod log;
pub mod patterns;
pub mod replay;
pub mod replicate;
pub mod report;
pub mod status;

use std::path::{Path, PathBuf};

use color_eyre::eyre::{Result, WrapErr};
use etcetera::BaseStrategy;

use crate::cli::{Cli, Command};
use crate::config::{self, ColorMode, Config, Source};
use crate::incident::IncidentId;
use crate::journal::IncidentDir;

pub struct Context {
    pub config: Config,
    pub source: Source,
    pub dir_path: PathBuf,
    pub operator: String,
}

impl Context {
    pub fn from_cli(cli: &Cli) -> Result<Self> {
        let cwd = std::env::current_dir().wrap_err("cannot read the current directory")?;
        let xdg = etcetera::choose_base_strategy().ok();
        let source = config::find(cli.config.as_deref(), None, &cwd, xdg.as_ref().map(|x| x.config_dir()).as_deref())?;
        let config = config::load(&source)?;
        let dir_path = match (&cli.incident_dir, &config.incident_dir) {
            (Some(d), _) => d.clone(),
            (None, Some(d)) => expand_home(d),
            (None, None) => state_dir().join("incidents"),
        };
        let operator = cli
            .as_name
            .clone()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| config.operator.as_ref().map(|o| o.0.clone()))
            .or_else(|| std::env::var("USER").ok().filter(|s| !s.is_empty()))
            .or_else(|| std::env::var("LOGNAME").ok().filter(|s| !s.is_empty()))
            .unwrap_or_else(|| "operator".into());
        Ok(Self { config, source, dir_path, operator })
    }

    /// The incident directory; ids declared here carry the site's name
    /// when journals are replicated.
    pub fn dir(&self) -> Result<IncidentDir> {
        let site = self.config.journal.replicate.as_ref().map(|r| r.site.as_str());
        Ok(IncidentDir::open(&self.dir_path)?.with_site(site))
    }

    /// Colour unless `NO_COLOR` is set or the config says never.
    pub fn color(&self) -> bool {
        match self.config.ui.color {
            ColorMode::Always => true,
            ColorMode::Never => false,
            ColorMode::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    /// The incident named, or the newest open one.
    pub fn pick(&self, dir: &IncidentDir, id: Option<IncidentId>) -> Result<IncidentId> {
        match id {
            Some(id) => Ok(id),
            None => dir.newest_open()?.ok_or_else(|| {
                color_eyre::eyre::eyre!(
                    "no open incident in {}; declare one with `warroom declare TITLE`",
                    dir.root().display()
                )
            }),
        }
    }
}

/// `$XDG_STATE_HOME/warroom` (or the platform's equivalent).
pub fn state_dir() -> PathBuf {
    let base = etcetera::choose_base_strategy().ok();
    base.as_ref()
        .and_then(|b| b.state_dir())
        .or_else(|| base.as_ref().map(|b| b.data_dir()))
        .unwrap_or_else(std::env::temp_dir)
        .join("warroom")
}

fn expand_home(p: &Path) -> PathBuf {
    match (p.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => p.to_path_buf(),
    }
}

/// Commands that only print end quietly when their reader goes away
/// (`warroom list | head`), as Unix tools do: Rust ignores SIGPIPE, which
/// turns a closed pipe into a panic in `println!`. The dashboard keeps it
/// ignored: its terminal fails with EIO, which it handles.
fn default_sigpipe() {
    // SAFETY: setting a signal disposition before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Every source polled once (`check`, `status`); none configured, none
/// polled.
fn poll_sources(sources: &crate::config::Sources) -> Result<Vec<crate::sources::check::Outcome>> {
    if sources.is_empty() {
        return Ok(vec![]);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| color_eyre::eyre::eyre!("cannot start the async runtime: {e}"))?;
    let outcomes = rt.block_on(crate::sources::check::check_all(sources));
    // A log command still starting is not waited for.
    rt.shutdown_background();
    Ok(outcomes)
}

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> Result<i32> {
    let prints_only = match &cli.command {
        None | Some(Command::Open { .. }) => false,
        Some(Command::Demo { list, .. }) => *list,
        Some(_) => true,
    };
    if prints_only {
        default_sigpipe();
    }
    // Made from the command line's definitions alone.
    match &cli.command {
        Some(Command::Completions { shell }) => {
            crate::cli::completions(*shell, &mut std::io::stdout());
            return Ok(0);
        }
        Some(Command::Man) => {
            crate::cli::man(&mut std::io::stdout())?;
            return Ok(0);
        }
        _ => {}
    }
    // Needs no config: it reads log files only.
    if let Some(Command::Patterns { files, problems, json, lines }) = cli.command {
        return patterns::run(patterns::Args { files, problems, json, lines });
    }
    // Needs no config either: it only sets up a directory.
    if let Some(Command::InitDir { dir, group }) = &cli.command {
        return match crate::journal::share::init(dir, group) {
            Ok(said) => {
                for line in said {
                    crate::say!("{line}");
                }
                Ok(0)
            }
            Err(e) => {
                eprintln!("error: {}", printable(&e));
                Ok(1)
            }
        };
    }
    let ctx = Context::from_cli(&cli)?;
    match cli.command {
        None => dashboard::run(&ctx, None),
        Some(Command::Open { id }) => dashboard::run(&ctx, id),
        Some(Command::Declare { title, severity, kind, service }) => declare::run(&ctx, title, severity, kind, service),
        Some(Command::Log { import: Some(file), .. }) => {
            let dir = ctx.dir()?;
            let done = crate::journal::rescue::import(&dir, &file)?;
            for p in &done.problems {
                eprintln!("warning: {p}");
            }
            eprintln!("imported {}: {} added, {} already there", file.display(), done.appended, done.present);
            Ok(i32::from(!done.problems.is_empty()))
        }
        Some(Command::Log { text, kind, incident, source, likelihood, at, .. }) => {
            let text = text.unwrap_or_default();
            let now = chrono::Utc::now();
            let observed = at.map(|a| log::parse_when(&a, now)).transpose().map_err(color_eyre::eyre::Report::msg)?;
            log::run(&ctx, log::Args { text, kind, incident, source, likelihood, observed })
        }
        Some(Command::List { open, json }) => list::run(&ctx, open, json),
        Some(Command::Patterns { .. } | Command::InitDir { .. } | Command::Completions { .. } | Command::Man) => {
            unreachable!("handled before the config is read")
        }
        Some(Command::Check { json }) => check::run(&ctx, json),
        Some(Command::Replicate) => replicate::run(&ctx),
        Some(Command::Report { id, format, output, template }) => report::run(&ctx, id, format, output, template),
        Some(Command::Status { id, json }) => status::run(&ctx, id, json),
        Some(Command::Brief { id, at, output }) => brief::run(&ctx, id, at, output),
        Some(Command::Replay { id, at }) => replay::run(&ctx, id, at),
        Some(Command::Demo { scenario, speed, list, serve_only, dir }) => {
            demo::run(&ctx, demo::Args { scenario, speed, list, serve_only, dir })
        }
    }
}

/// Imports rescue files left by an earlier dashboard (entries it could not
/// write); what happened, for the status line and the log.
fn rescued_notices(dir: &crate::journal::IncidentDir) -> Vec<String> {
    crate::journal::rescue::import_pending(dir)
        .into_iter()
        .map(|(path, r)| {
            let text = match r {
                Ok(i) if i.problems.is_empty() => {
                    format!(
                        "rescued entries imported: {} added, {} already there ({})",
                        i.appended,
                        i.present,
                        path.display()
                    )
                }
                Ok(i) => format!("rescue file {} kept: {}", path.display(), i.problems.join("; ")),
                Err(e) => format!("rescue file {} kept: {e}", path.display()),
            };
            tracing::warn!("{text}");
            text
        })
        .collect()
}

/// A document for `id` (a report, a brief): to `out` when given, saying
/// so on standard error, else to standard output.
pub fn write_or_print(out: Option<&Path>, text: &str, id: &IncidentId) -> Result<()> {
    match out {
        Some(path) => {
            std::fs::write(path, text).wrap_err_with(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {} for {id}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

/// Text from journals and sources made safe to print on a terminal:
/// escape sequences removed, other control characters (a newline in a
/// title included) shown as U+FFFD, as the dashboard does.
pub fn printable(text: &str) -> String {
    crate::sources::logs::line::sanitize(text.as_bytes(), text.len())
}

/// `println!` for lines that carry journal or source text.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        println!("{}", $crate::cmd::printable(&format!($($arg)*)))
    };
}
