//! The command line (clap): global options and subcommands.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::incident::{IncidentId, IncidentKind, Likelihood, Severity};

/// What `--help` ends with: the environment and the exit codes.
pub const AFTER_HELP: &str = "\
Environment:
  WARROOM_CONFIG        config file (as --config)
  WARROOM_INCIDENT_DIR  where incident journals live (as --incident-dir)
  WARROOM_LOG           what goes to the log file: error, warn, info, debug,
                        or a tracing filter (RUST_LOG when this is unset)
  WARROOM_LOG_FILE      the log file (default: the state dir's warroom.log)
  NO_COLOR              draw without colour (ui.color: auto follows it)

Exit codes:
  0    done; for check and status: every source answered
  1    an error (a broken config, a journal that cannot be written), or a
       source that failed (check, status)
  2    a command line that does not parse
  129  the terminal hung up (SIGHUP, or its input closed)
  130  SIGINT
  143  SIGTERM";

#[derive(Debug, Parser)]
#[command(name = "warroom", version, about = "The shared screen for a live production incident", after_help = AFTER_HELP)]
pub struct Cli {
    /// Config file (else ./warroom.yaml, then $XDG_CONFIG_HOME/warroom/config.yaml).
    #[arg(long, global = true, env = "WARROOM_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Write entries under this name instead of $USER.
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub as_name: Option<String>,
    /// Where incident journals live (overrides the config's incident_dir).
    #[arg(long, global = true, env = "WARROOM_INCIDENT_DIR", value_name = "DIR")]
    pub incident_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the dashboard on an incident (default: the newest open one).
    Open { id: Option<IncidentId> },
    /// Declare a new incident; open dashboards pick it up.
    Declare {
        title: String,
        #[arg(long, short, value_parser = parse_severity)]
        severity: Option<Severity>,
        #[arg(long, short, value_parser = parse_kind, default_value = "outage")]
        kind: IncidentKind,
        /// The affected service or area.
        #[arg(long)]
        service: Option<String>,
    },
    /// Append an entry to an incident from a shell or a pipeline.
    Log {
        /// The text; `-` reads one entry per line from standard input.
        #[arg(required_unless_present = "import")]
        text: Option<String>,
        /// Add the entries of a rescue file (written when a dashboard left
        /// with entries it could not save) to their journals, each once.
        #[arg(long, value_name = "FILE", conflicts_with = "text")]
        import: Option<PathBuf>,
        #[arg(long, short, value_enum, default_value_t = LogKind::Note)]
        kind: LogKind,
        /// The incident (default: the newest open one).
        #[arg(long, short)]
        incident: Option<IncidentId>,
        /// For --kind event: where it came from (ci, deploy, pager…).
        #[arg(long)]
        source: Option<String>,
        /// For --kind hypothesis.
        #[arg(long, value_parser = parse_likelihood, default_value = "medium")]
        likelihood: Likelihood,
        /// When it happened, if earlier than now: `10:39` or `10:39:05` (UTC,
        /// the last 24 hours) or RFC 3339. The timeline places it there.
        #[arg(long)]
        at: Option<String>,
    },
    /// A simulated production system with a scripted incident, and the
    /// dashboard watching it.
    Demo {
        /// A built-in scenario (see --list) or a scenario file.
        #[arg(long, short, default_value = "pool-exhaustion")]
        scenario: String,
        /// How much faster than real time the script runs.
        #[arg(long, default_value_t = 1.0)]
        speed: f64,
        /// List the built-in scenarios.
        #[arg(long)]
        list: bool,
        /// Only the simulated services: print their addresses and serve.
        #[arg(long)]
        serve_only: bool,
        /// Where the demo keeps its files (default: a new temporary folder).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// The postmortem of an incident, from its journal (default: the newest).
    Report {
        id: Option<IncidentId>,
        #[arg(long, short, value_enum, default_value = "md")]
        format: crate::cmd::report::Format,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// A minijinja template to use instead of the built-in one.
        #[arg(long)]
        template: Option<PathBuf>,
    },
    /// The handover briefing for an incoming commander (default: the newest
    /// open incident): phase and what blocks it, severity and its signal,
    /// hypotheses, actions in flight, mitigations in place, changes,
    /// follow-ups, next update. The same journal and time give the same text.
    Brief {
        id: Option<IncidentId>,
        /// As the incident stood then: HH:MM[:SS] UTC (on the day of its
        /// last entry) or an RFC 3339 time.
        #[arg(long)]
        at: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// The incident as it stood at any moment (default: the end of the
    /// record), from its journal and the signal snapshots the recorder
    /// wrote beside it: no source is polled. ←/→ a minute, </> ten, ,/. entry
    /// to entry; read-only.
    Replay {
        id: Option<IncidentId>,
        /// HH:MM[:SS] UTC (on the day of its last entry) or an RFC 3339 time.
        #[arg(long)]
        at: Option<String>,
    },
    /// A one-shot snapshot of the incident and of every source, polled once.
    Status {
        id: Option<IncidentId>,
        /// As JSON (docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Validate the config and try each source once; exit 1 if one fails.
    Check {
        /// As JSON (docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Group log files into patterns, as the log pane does: counts, levels,
    /// first and last seen. Check the grouping on your own logs.
    Patterns {
        /// Log files (`-` reads standard input).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Only warnings and worse, as the dashboard groups them.
        #[arg(long)]
        problems: bool,
        /// The groups as JSON.
        #[arg(long, conflicts_with = "lines")]
        json: bool,
        /// For each input line in order: its line number, level and pattern
        /// id, tab-separated with a header (a grouping-accuracy scorer reads it).
        #[arg(long)]
        lines: bool,
    },
    /// Make (or check and repair) an incident directory that a Unix group
    /// shares: setgid 2770, owned by GROUP, journals 0660. Its members then
    /// declare, log and follow the same incidents, each as themselves.
    InitDir {
        /// The directory (created if missing).
        dir: PathBuf,
        /// The group whose members work incidents together.
        #[arg(long)]
        group: String,
    },
    /// Copy journal entries to and from the other sites (the config's
    /// journal.replicate) without a dashboard; runs until stopped.
    Replicate,
    /// List incidents with status, severity and duration.
    List {
        /// Only incidents that are not resolved.
        #[arg(long)]
        open: bool,
        /// As JSON (docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Shell completions, from the same definitions as --help:
    /// `warroom completions bash > /etc/bash_completion.d/warroom`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The man page (roff), from the same definitions as --help:
    /// `warroom man | man -l -`.
    Man,
}

/// Writes the completions for `shell` to `out`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut cmd, "warroom", out);
}

/// Writes the man page to `out`.
pub fn man(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogKind {
    Note,
    /// A mitigation action (investigations and comms: use the dashboard).
    Action,
    Event,
    Hypothesis,
    FollowUp,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| format!("use one of {}", Severity::words()))
}

fn parse_kind(s: &str) -> Result<IncidentKind, String> {
    IncidentKind::parse(s).ok_or_else(|| format!("use one of {}", IncidentKind::words()))
}

fn parse_likelihood(s: &str) -> Result<Likelihood, String> {
    Likelihood::parse(s).ok_or_else(|| format!("use one of {}", Likelihood::words()))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
