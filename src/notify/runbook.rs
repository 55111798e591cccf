//! Running a runbook action: the command (a list, no shell) with its
//! environment, output streamed line by line, killed at its timeout.

use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::mpsc::Sender;

use crate::config::updates::RunbookAction;
use crate::sources::logs::line::sanitize;

/// What a running action says.
#[derive(Debug, Clone, PartialEq)]
pub enum RunEvent {
    Line(String),
    /// `exited 0`, `exited 3`, `killed at timeout after 5s`, `cannot start: …`.
    Done {
        status: String,
        ok: bool,
        duration: Duration,
    },
}

pub async fn run(spec: RunbookAction, tx: Sender<RunEvent>) {
    let start = Instant::now();
    let mut cmd = tokio::process::Command::new(&spec.command[0]);
    cmd.args(&spec.command[1..])
        .envs(&spec.env)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            let status = format!("cannot start {}: {e}", spec.command[0]);
            let _ = tx.send(RunEvent::Done { status, ok: false, duration: start.elapsed() }).await;
            return;
        }
    };
    for stream in [
        child.stdout.take().map(|s| Box::new(s) as Box<dyn tokio::io::AsyncRead + Unpin + Send>),
        child.stderr.take().map(|s| Box::new(s) as _),
    ]
    .into_iter()
    .flatten()
    {
        let tx = tx.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stream).split(b'\n');
            while let Ok(Some(l)) = lines.next_segment().await {
                if tx.send(RunEvent::Line(sanitize(&l, 2000))).await.is_err() {
                    return;
                }
            }
        });
    }
    let (status, ok) = match tokio::time::timeout(spec.timeout.0, child.wait()).await {
        Ok(Ok(s)) => (s.code().map_or("killed by a signal".to_string(), |c| format!("exited {c}")), s.success()),
        Ok(Err(e)) => (format!("failed: {e}"), false),
        Err(_) => {
            let _ = child.kill().await;
            (format!("killed at timeout after {}", crate::sources::http::secs(spec.timeout.0)), false)
        }
    };
    let _ = tx.send(RunEvent::Done { status, ok, duration: start.elapsed() }).await;
}
