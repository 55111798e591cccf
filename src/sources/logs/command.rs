//! Log lines from a command (`kubectl logs -f …`, `journalctl -f -o json`):
//! stdout and stderr, batched, and the command started again with backoff
//! when it exits. Arguments are a list; a shell only when the config asks.

use super::ingest::Ingest;
use super::level::StatusLevels;
use std::process::Stdio;
use std::time::Duration;

use chrono::Utc;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, BufReader};
use tokio::process::Command;
use tokio::sync::mpsc::Sender;

use super::super::{Body, Report, SourceKey};
use crate::config::sources::LogInput;

/// Lines are sent at least this often during a burst…
const BATCH_TIME: Duration = Duration::from_millis(100);
/// …or when this many are waiting.
const BATCH_LINES: usize = 2000;

/// Backoff after the command exits: doubles from 1 s up to 30 s, back to
/// 1 s after a run that lasted a minute.
pub fn backoff(previous: Duration, ran_for: Duration) -> Duration {
    if ran_for >= Duration::from_secs(60) {
        Duration::from_secs(1)
    } else {
        (previous * 2).clamp(Duration::from_secs(1), Duration::from_secs(30))
    }
}

pub fn command(input: &LogInput) -> Option<Command> {
    let mut cmd = match input {
        LogInput::Command(argv) => {
            let mut c = Command::new(&argv[0]);
            c.args(&argv[1..]);
            c
        }
        LogInput::Shell(line) => {
            let mut c = Command::new("sh");
            c.arg("-c").arg(line);
            c
        }
        LogInput::File(_) => return None,
    };
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true);
    Some(cmd)
}

pub async fn run(key: SourceKey, input: LogInput, max_line: usize, levels: StatusLevels, tx: Sender<Report>) {
    let mut delay = Duration::ZERO;
    let mut ingest = Ingest::new(max_line, levels);
    loop {
        let Some(mut cmd) = command(&input) else { return };
        let started = std::time::Instant::now();
        let why = match cmd.spawn() {
            Ok(mut child) => {
                let out = child.stdout.take();
                let err = child.stderr.take();
                let (ltx, mut lrx) = tokio::sync::mpsc::channel::<Vec<u8>>(4096);
                spawn_reader(out, ltx.clone(), max_line);
                spawn_reader(err, ltx, max_line);
                if !forward(&key, &mut lrx, &mut ingest, &tx).await {
                    return;
                }
                match child.wait().await {
                    Ok(status) => format!("command exited ({status})"),
                    Err(e) => format!("command failed: {e}"),
                }
            }
            Err(e) => format!("cannot start `{}`: {e}", describe(&input)),
        };
        delay = backoff(delay, started.elapsed());
        let body = Body::Restarting { after: delay, why };
        if tx.send(Report { key: key.clone(), at: Utc::now(), body }).await.is_err() {
            return;
        }
        tokio::time::sleep(delay).await;
    }
}

fn describe(input: &LogInput) -> String {
    match input {
        LogInput::Command(argv) => argv.join(" "),
        LogInput::Shell(s) => s.clone(),
        LogInput::File(p) => p.display().to_string(),
    }
}

fn spawn_reader<R: AsyncRead + Unpin + Send + 'static>(r: Option<R>, tx: Sender<Vec<u8>>, max_line: usize) {
    let Some(r) = r else { return };
    tokio::spawn(async move {
        let mut reader = BufReader::with_capacity(64 * 1024, r);
        let mut line = Vec::new();
        loop {
            line.clear();
            // Cap what one line may take in memory while it is read.
            let mut limited = (&mut reader).take(max_line as u64 + 1);
            match limited.read_until(b'\n', &mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {
                    if line.last() == Some(&b'\n') {
                        line.pop();
                    } else if line.len() > max_line {
                        // Drop the rest of an over-long line.
                        let mut sink = Vec::new();
                        let _ = reader.read_until(b'\n', &mut sink).await;
                    }
                    if tx.send(line.clone()).await.is_err() {
                        return;
                    }
                }
            }
        }
    });
}

/// Batches lines until both readers end; false when the app has gone.
async fn forward(
    key: &SourceKey,
    lrx: &mut tokio::sync::mpsc::Receiver<Vec<u8>>,
    ingest: &mut Ingest,
    tx: &Sender<Report>,
) -> bool {
    let mut batch = Vec::new();
    loop {
        let first = match lrx.recv().await {
            Some(l) => l,
            None => return true,
        };
        let now = Utc::now();
        batch.push(ingest.line(&first, now));
        let deadline = tokio::time::Instant::now() + BATCH_TIME;
        while batch.len() < BATCH_LINES {
            match tokio::time::timeout_at(deadline, lrx.recv()).await {
                Ok(Some(l)) => batch.push(ingest.line(&l, Utc::now())),
                Ok(None) | Err(_) => break,
            }
        }
        let body = Body::Lines(std::mem::take(&mut batch));
        crate::sources::room_for_lines(tx).await;
        if tx.send(Report { key: key.clone(), at: now, body }).await.is_err() {
            return false;
        }
    }
}
