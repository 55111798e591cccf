//! The loop: await a message, drain the queue through `update`, carry out
//! the effects, and draw when the state changed, at most `fps_cap` times a
//! second. No timer redraws an unchanged screen.

use std::time::Duration;

use chrono::Utc;
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::journal_thread::{JournalCmd, JournalHandle};
use super::msg::{Effect, Msg};
use super::pace::Pacer;
use super::state::State;
use super::state::View;
use super::{tasks, update};
use crate::config::Sources;
use crate::incident::{Entry, IncidentId};
use crate::journal::IncidentDir;
use crate::signals::Signals;
use crate::term;

/// Messages waiting at most; senders wait when it is full.
const QUEUE: usize = 4096;
/// Messages applied before a frame may be drawn, so a flood of them
/// cannot starve the screen.
const DRAIN_MAX: usize = 2048;

pub struct Options {
    pub dir: IncidentDir,
    pub operator: String,
    pub start: Option<IncidentId>,
    pub fps_cap: u32,
    pub color: bool,
    pub sources: Sources,
    pub slos: Vec<crate::config::slo::SloSpec>,
    /// Each phase's telemetry exit conditions (`gates:` or the defaults).
    pub gates: crate::app::state::PhaseGates,
    /// Log lines kept in memory.
    pub log_lines: usize,
    /// Set when the dashboard watches `warroom demo`'s simulation.
    pub demo: Option<DemoLink>,
    pub updates: crate::config::updates::Updates,
    pub actions: crate::config::updates::Actions,
    /// Said on the status line at start (rescued entries imported, …).
    pub notices: Vec<String>,
    /// Journal replication between sites, when configured.
    pub replicate: Option<crate::config::replicate::Replicate>,
}

/// How the dashboard applies a demo scenario's fix.
pub struct DemoLink {
    pub fix: std::sync::Arc<std::sync::atomic::AtomicBool>,
    pub action: String,
    pub hint: String,
}

/// Source reports waiting at most; a source waits when it is full.
const REPORTS: usize = 1024;

/// Runs the dashboard until quit or hangup; returns the exit code.
pub async fn run(opts: Options) -> color_eyre::Result<i32> {
    let (tx, mut rx) = mpsc::channel(QUEUE);
    let (report_tx, mut reports) = mpsc::channel(REPORTS);
    let mut terminal = term::enter()?;
    let size = terminal.size().map(|s| (s.width, s.height)).unwrap_or((80, 24));
    tasks::spawn_input(tx.clone());
    tasks::spawn_tick(tx.clone());
    tasks::spawn_signals(tx.clone())?;
    let journal = JournalHandle::spawn(opts.dir.clone(), opts.operator.clone(), opts.start.clone(), tx.clone());
    let out = Outside { tx, client: std::cell::OnceCell::new() };
    crate::sources::supervisor::spawn_all(&opts.sources, &opts.slos, report_tx);
    if let Some(cfg) = opts.replicate.clone() {
        tasks::spawn_replication(opts.dir.clone(), cfg, out.tx.clone());
    }

    let signals = Signals::new(&opts.sources, opts.log_lines).with_slos(&opts.slos);
    let mut state = State::new(opts.operator.clone(), Utc::now(), opts.color).with_signals(signals);
    state.incident_id = opts.start.clone();
    state.size = size;
    state.updates = opts.updates.clone();
    state.gates = opts.gates.clone();
    state.actions = opts.actions.clone();
    state.demo = opts.demo.as_ref().map(|d| super::state::DemoInfo {
        action: d.action.clone(),
        hint: d.hint.clone(),
        fixed: false,
    });
    for notice in &opts.notices {
        state.warn(notice.clone());
    }
    if state.panes().is_empty() || state.incident_id.is_none() {
        state.view = View::Signals;
    }
    if let Some(first) = state.panes().first().filter(|_| state.incident_id.is_none()) {
        state.focus = *first;
    }
    let mut pace = Pacer::new(opts.fps_cap);
    let mut exit = None;
    while exit.is_none() {
        let deadline = state.dirty.then(|| pace.due_at(Instant::now()));
        tokio::select! {
            msg = rx.recv() => match msg {
                Some(msg) => {
                    pace.saw(&msg, Instant::now());
                    handle(&mut state, msg, &journal, &opts, &out, &mut exit)
                }
                None => break,
            },
            Some(report) = reports.recv() => {
                let msg = Msg::Source(report);
                pace.saw(&msg, Instant::now());
                handle(&mut state, msg, &journal, &opts, &out, &mut exit)
            }
            _ = tokio::time::sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() => {}
        }
        // Take what else is waiting (a log storm arrives as many batches)
        // before drawing once.
        for _ in 0..DRAIN_MAX {
            let Some(msg) = rx.try_recv().ok().or_else(|| reports.try_recv().ok().map(Msg::Source)) else {
                break;
            };
            pace.saw(&msg, Instant::now());
            handle(&mut state, msg, &journal, &opts, &out, &mut exit);
        }
        let now = Instant::now();
        if state.dirty && pace.due_at(now) <= now && exit.is_none() {
            // Over a replay, the moment replayed is drawn, not the live one.
            crate::app::replay::swap_view(&mut state);
            let drawn = term::draw(&mut terminal, &state);
            crate::app::replay::swap_view(&mut state);
            if let Err(e) = drawn {
                tracing::warn!("cannot draw, leaving: {e}");
                // EIO on the terminal is a hang-up that beat its SIGHUP.
                exit = Some(if e.raw_os_error() == Some(libc::EIO) { 129 } else { 1 });
            }
            state.dirty = false;
            pace.drew(Instant::now());
        }
    }
    // Every queued entry is written before the terminal is given back;
    // what could not be written goes to a rescue file, never nowhere.
    journal
        .shutdown(&mut rx, |msg| {
            if matches!(msg, Msg::AppendFailed { .. }) {
                let _ = update(&mut state, msg);
            }
        })
        .await;
    let rescued = (!state.unsaved.is_empty()).then(|| crate::journal::rescue::write(&opts.dir, &state.unsaved));
    term::restore();
    if let Some(r) = rescued {
        let n = state.unsaved.len();
        let text = match &r {
            Ok(path) => format!(
                "warroom: {n} unsaved entries written to {}; the next start adds them to the journal (or: warroom log --import FILE)",
                path.display()
            ),
            Err(e) => format!("warroom: {n} unsaved entries could not be rescued: {e}"),
        };
        tracing::warn!("{text}");
        // After an SSH drop there is no terminal to tell; the log has it.
        let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("{text}\n").as_bytes());
    }
    // ratatui's Terminal::drop shows the cursor and eprintln!s if that
    // fails, which panics (and aborts, in the panic hook) when the
    // terminal is gone after an SSH drop. The terminal is restored above.
    std::mem::forget(terminal);
    Ok(exit.unwrap_or(0))
}

/// What effects need to reach the outside: the message queue for results,
/// and the HTTP client for webhooks, made at the first post (loading the
/// system's CA certificates is not on the way to the first frame).
struct Outside {
    tx: mpsc::Sender<Msg>,
    client: std::cell::OnceCell<reqwest::Client>,
}

/// Hands a request to the journal thread; when its queue is full (a disk
/// slower than the entries), the request is treated as a failed write: an
/// entry waits as NOT SAVED and is retried each second (`update`'s
/// `AppendFailed`), never lost and never blocking the loop.
fn queue(state: &mut State, journal: &JournalHandle, cmd: JournalCmd) {
    let Err(cmd) = journal.send(cmd) else { return };
    let full = format!("journal backlog: {} requests already queued", super::journal_thread::BACKLOG);
    let msg = match *cmd {
        JournalCmd::Append { id, entry } => Msg::AppendFailed { id, entry, error: full },
        JournalCmd::Record { entry, .. } => {
            Msg::JournalError(format!("{full}; a {} was not recorded", entry.payload.kind()))
        }
        JournalCmd::Declare { .. } => Msg::DeclareFailed(full),
        // A snapshot dropped on a backed-up disk: the next one follows.
        JournalCmd::Snapshot { .. } | JournalCmd::Shutdown => return,
    };
    // Only state changes come of these messages; nothing to hand on.
    let _ = update(state, msg);
}

fn handle(state: &mut State, msg: Msg, journal: &JournalHandle, opts: &Options, out: &Outside, exit: &mut Option<i32>) {
    let operator = opts.operator.as_str();
    for effect in update(state, msg) {
        match effect {
            Effect::Append { id, payload } => {
                queue(state, journal, JournalCmd::Append { id, entry: Entry::new(Utc::now(), operator, payload) })
            }
            Effect::Record { id, payload } => {
                queue(state, journal, JournalCmd::Record { id, entry: Entry::new(Utc::now(), "warroom", payload) })
            }
            Effect::Retry { id, entry } => queue(state, journal, JournalCmd::Append { id, entry }),
            Effect::Declare(payload) => queue(state, journal, JournalCmd::Declare { at: Utc::now(), payload }),
            Effect::Exit(code) => *exit = Some(code),
            Effect::Post { text, only } => {
                for hook in opts.updates.webhooks.iter().filter(|h| only.as_ref().is_none_or(|o| *o == h.name.0)) {
                    let (hook, text, client, tx) = (
                        hook.clone(),
                        text.clone(),
                        out.client.get_or_init(crate::sources::http::client).clone(),
                        out.tx.clone(),
                    );
                    tokio::spawn(async move {
                        let outcome = crate::notify::webhook::post(&client, &hook, &text, Duration::from_secs(1)).await;
                        let _ = tx.send(Msg::Posted { text, outcome }).await;
                    });
                }
            }
            Effect::Run(spec) => {
                let (rtx, mut rrx) = mpsc::channel(256);
                tokio::spawn(crate::notify::runbook::run(spec, rtx));
                let tx = out.tx.clone();
                tokio::spawn(async move {
                    while let Some(ev) = rrx.recv().await {
                        if tx.send(Msg::Run(ev)).await.is_err() {
                            return;
                        }
                    }
                });
            }
            Effect::OpenReplay { id, at } => {
                let (dir, tx) = (opts.dir.clone(), out.tx.clone());
                tokio::task::spawn_blocking(move || {
                    let loaded = dir
                        .load(&id)
                        .map_err(|e| e.to_string())
                        .and_then(|l| Ok((l.entries, dir.snapshots(&id)?.0)))
                        .map(|(entries, snaps)| Box::new(crate::app::replay::Replay::new(id, entries, snaps, at)));
                    let _ = tx.blocking_send(Msg::ReplayLoaded(loaded));
                });
            }
            Effect::Snapshot { id, at, line } => queue(state, journal, JournalCmd::Snapshot { id, at, line }),
            Effect::SaveBrief { id, text } => {
                let (dir, tx) = (opts.dir.clone(), out.tx.clone());
                tokio::task::spawn_blocking(move || {
                    let saved = dir.write_brief(&id, &text).map(|p| p.display().to_string());
                    let _ = tx.blocking_send(Msg::BriefSaved(saved));
                });
            }
            Effect::DemoFix => {
                if let Some(d) = &opts.demo {
                    d.fix.store(true, std::sync::atomic::Ordering::SeqCst);
                }
            }
        }
    }
}
