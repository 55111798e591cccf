//! warroom: the shared screen for a live production incident.
//!
//! Map of the crate:
//! - [`incident`]: the incident as data (entries, fold, phases, hypotheses).
//! - [`journal`]: the append-only journal on disk, replay, follow, presence.
//! - [`config`]: `warroom.yaml`: types, load order, errors with file:line.
//! - [`sources`]: the tasks that poll and tail the outside world.
//! - [`signals`]: what they said over time, and the transitions in it.
//! - [`slo`]: error budgets, burn rates, the suggested severity.
//! - [`app`]: messages, state, the pure `update`, `:` commands, the loop.
//! - [`keymap`]: every key binding as data (drives help and hints).
//! - [`notify`]: update cadence, webhooks, runbook actions.
//! - [`replicate`]: journal replication between sites (NATS JetStream).
//! - [`report`]: the postmortem from the journal, Markdown and JSON.
//! - [`ui`]: drawing, one file per pane.
//! - [`term`]: terminal enter/restore, panic hook, synchronized frames.
//! - [`timestamp`]: a leading date and time read from its digits.
//! - [`demo`]: the simulated system and scripted incidents of `warroom demo`.
//! - [`fuzzing`]: fuzz targets shared by `fuzz/` and `tests/fuzz.rs`.
//! - [`cli`], [`cmd`]: the command line and what each subcommand does.
//!
//! `incident`, `journal`, `config`, `sources` and `signals` never touch
//! the terminal.

pub mod app;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod demo;
#[doc(hidden)]
pub mod fuzzing;
pub mod incident;
pub mod journal;
pub mod json;
pub mod keymap;
pub mod logging;
pub mod notify;
pub mod replicate;
pub mod report;
pub mod signals;
pub mod slo;
pub mod sources;
pub mod term;
pub mod timestamp;
pub mod ui;
