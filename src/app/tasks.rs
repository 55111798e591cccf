//! Tasks that turn the outside world into messages: terminal input, the
//! clock, and signals. None of them touches the state.

use std::time::Duration;

use chrono::Utc;
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use tokio::sync::mpsc::Sender;

use super::msg::Msg;

/// Terminal events. When the terminal goes away the stream errors or ends:
/// that is a hangup. This task is never joined: after an SSH drop
/// crossterm's reader can spin (crossterm #793), so the process exits
/// without waiting for it.
pub fn spawn_input(tx: Sender<Msg>) {
    tokio::spawn(async move {
        let mut events = EventStream::new();
        loop {
            let msg = match events.next().await {
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => Msg::Key(k),
                Some(Ok(Event::Paste(s))) => Msg::Paste(s),
                Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => Msg::Hangup { code: 129, why: "terminal input closed" },
            };
            let hangup = matches!(msg, Msg::Hangup { .. });
            if tx.send(msg).await.is_err() || hangup {
                break;
            }
        }
    });
}

/// Journal replication between sites: its events become messages.
pub fn spawn_replication(dir: crate::journal::IncidentDir, cfg: crate::config::replicate::Replicate, tx: Sender<Msg>) {
    let (ev_tx, mut ev_rx) = tokio::sync::mpsc::channel(64);
    tokio::spawn(crate::replicate::run(dir, cfg, ev_tx));
    tokio::spawn(async move {
        while let Some(e) = ev_rx.recv().await {
            if tx.send(Msg::Replication(e)).await.is_err() {
                break;
            }
        }
    });
}

/// The once-a-second clock; it also notices a terminal that hung up
/// without a SIGHUP.
pub fn spawn_tick(tx: Sender<Msg>) {
    // SAFETY: isatty only reads the descriptor table.
    let watch_tty = unsafe { libc::isatty(0) == 1 };
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(1));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            every.tick().await;
            let msg = if watch_tty && tty_hung_up() {
                Msg::Hangup { code: 129, why: "terminal hung up" }
            } else {
                Msg::Tick(Utc::now())
            };
            if tx.send(msg).await.is_err() {
                break;
            }
        }
    });
}

/// SIGHUP (an SSH drop), SIGTERM, SIGINT and SIGQUIT (from `kill`: in raw
/// mode Ctrl-C and Ctrl-\ are keys): leave cleanly, exiting 128 + the
/// signal. Every entry is already fsync'd or rescued; the loop restores the
/// terminal if it still can.
pub fn spawn_signals(tx: Sender<Msg>) -> std::io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut hup = signal(SignalKind::hangup())?;
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    let mut quit = signal(SignalKind::quit())?;
    tokio::spawn(async move {
        let msg = tokio::select! {
            _ = hup.recv() => Msg::Hangup { code: 129, why: "SIGHUP" },
            _ = term.recv() => Msg::Hangup { code: 143, why: "SIGTERM" },
            _ = int.recv() => Msg::Hangup { code: 130, why: "SIGINT" },
            _ = quit.recv() => Msg::Hangup { code: 131, why: "SIGQUIT" },
        };
        let _ = tx.send(msg).await;
    });
    Ok(())
}

/// True when stdin, a terminal at start, has hung up (POLLHUP).
fn tty_hung_up() -> bool {
    // SAFETY: poll only reads the descriptor table; the pollfd lives on the
    // stack for the duration of the call.
    unsafe {
        let mut fd = libc::pollfd { fd: 0, events: 0, revents: 0 };
        libc::poll(&mut fd, 1, 0) == 1 && fd.revents & (libc::POLLHUP | libc::POLLNVAL) != 0
    }
}
