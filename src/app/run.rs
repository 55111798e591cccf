//! The loop: await a message, drain the queue through `update`, carry out
//! the effects, and draw when the state changed, at most `fps_cap` times a
//! second. No timer redraws an unchanged screen.

use std::time::Duration;

use chrono::Utc;
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::journal_thread::{JournalCmd, JournalHandle};
use super::msg::{Effect, Msg};
use super::state::State;
use super::{tasks, update};
use crate::incident::{Entry, IncidentId};
use crate::journal::IncidentDir;
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
}

/// Runs the dashboard until quit or hangup; returns the exit code.
pub async fn run(opts: Options) -> color_eyre::Result<i32> {
    let (tx, mut rx) = mpsc::channel(QUEUE);
    let mut terminal = term::enter()?;
    tasks::spawn_input(tx.clone());
    tasks::spawn_tick(tx.clone());
    tasks::spawn_signals(tx.clone())?;
    let journal = JournalHandle::spawn(opts.dir, opts.operator.clone(), opts.start.clone(), tx);

    let mut state = State::new(opts.operator.clone(), Utc::now(), opts.color);
    state.incident_id = opts.start;
    let min_frame = Duration::from_secs(1) / opts.fps_cap.max(1);
    let mut last_draw: Option<Instant> = None;
    let mut exit = None;

    while exit.is_none() {
        let deadline = match (state.dirty, last_draw) {
            (true, Some(t)) => Some(t + min_frame),
            (true, None) => Some(Instant::now()),
            _ => None,
        };
        tokio::select! {
            msg = rx.recv() => match msg {
                Some(msg) => handle(&mut state, msg, &journal, &opts.operator, &mut exit),
                None => break,
            },
            _ = tokio::time::sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() => {}
        }
        for _ in 0..DRAIN_MAX {
            match rx.try_recv() {
                Ok(msg) => handle(&mut state, msg, &journal, &opts.operator, &mut exit),
                Err(_) => break,
            }
        }
        let due = last_draw.is_none_or(|t| t.elapsed() >= min_frame);
        if state.dirty && due && exit.is_none() {
            if let Err(e) = term::draw(&mut terminal, &state) {
                tracing::warn!("cannot draw, leaving: {e}");
                // EIO on the terminal is a hang-up that beat its SIGHUP.
                exit = Some(if e.raw_os_error() == Some(libc::EIO) { 129 } else { 1 });
            }
            state.dirty = false;
            last_draw = Some(Instant::now());
        }
    }
    // Every queued entry is written before the terminal is given back.
    journal.shutdown();
    term::restore();
    // ratatui's Terminal::drop shows the cursor and eprintln!s if that
    // fails, which panics (and aborts, in the panic hook) when the
    // terminal is gone after an SSH drop. The terminal is restored above.
    std::mem::forget(terminal);
    Ok(exit.unwrap_or(0))
}

fn handle(state: &mut State, msg: Msg, journal: &JournalHandle, operator: &str, exit: &mut Option<i32>) {
    for effect in update(state, msg) {
        match effect {
            Effect::Append { id, payload } => journal.send(JournalCmd::Append {
                id,
                entry: Entry::new(Utc::now(), operator, payload),
            }),
            Effect::Retry { id, entry } => journal.send(JournalCmd::Append { id, entry }),
            Effect::Declare(payload) => journal.send(JournalCmd::Declare {
                at: Utc::now(),
                payload,
            }),
            Effect::Exit(code) => *exit = Some(code),
        }
    }
}
