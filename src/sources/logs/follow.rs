//! `tail -F` for a file: starts near the end (the last 64 KiB, for
//! context), follows appends, survives rotation by rename (the old file is
//! read to its end first), truncation (reads from the start again), and a
//! file that does not exist yet (waits for it). Reads in large blocks until
//! it has caught up, and polls every 250 ms only when there is nothing
//! new: cheap when quiet, and at the speed of the disk in a storm; it works
//! on NFS and when inotify watches run out.

use super::level::StatusLevels;
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::mpsc::Sender;

use super::super::{Body, LogLine, Report, SourceKey};

const POLL: Duration = Duration::from_millis(250);
/// How much of an existing file is shown at start.
const START_BACK: u64 = 64 * 1024;
/// The most read in one round: a burst is taken in slices of this size,
/// one after the other with no pause, each sent as one batch (small
/// enough that the batches queued towards the screen stay a few MiB).
const ROUND: usize = 1 << 20;

pub struct FileTail {
    path: PathBuf,
    max_line: usize,
    file: Option<(std::fs::File, u64)>,
    pending: Vec<u8>,
    first_open: bool,
    /// The last bytes read, to notice a file truncated and written again
    /// past our position between two rounds (copytruncate).
    signature: Vec<u8>,
}

/// Bytes kept in the signature.
const SIGNATURE: usize = 32;

/// What one round of reading produced.
#[derive(Debug, Default)]
pub struct Round {
    pub lines: Vec<Vec<u8>>,
    pub notes: Vec<String>,
    pub waiting: Option<String>,
    /// The round stopped at [`ROUND`] bytes: read again at once.
    pub more: bool,
}

impl FileTail {
    pub fn new(path: PathBuf, max_line: usize) -> Self {
        Self { path, max_line, file: None, pending: Vec::new(), first_open: true, signature: Vec::new() }
    }

    /// Reads whatever is new. Blocking file I/O: run it off the async
    /// threads.
    pub fn round(&mut self) -> Round {
        let mut out = Round::default();
        if self.file.is_none() {
            match std::fs::File::open(&self.path) {
                Ok(mut f) => {
                    let meta = f.metadata().ok();
                    let ino = meta.as_ref().map_or(0, |m| m.ino());
                    if self.first_open {
                        // Start near the end, at a line boundary.
                        let len = meta.map_or(0, |m| m.len());
                        if len > START_BACK && f.seek(SeekFrom::Start(len - START_BACK)).is_ok() {
                            let mut skip = Vec::new();
                            let _ = read_line_into(&mut f, &mut skip);
                        }
                    } else {
                        out.notes.push(format!("{} appeared; following it", self.path.display()));
                    }
                    self.first_open = false;
                    self.signature.clear();
                    self.file = Some((f, ino));
                }
                Err(e) => {
                    self.first_open = false;
                    out.waiting = Some(format!("waiting for {}: {e}", self.path.display()));
                    return out;
                }
            }
        }
        self.read_available(&mut out);
        if out.more {
            // The old file is not read to its end yet: a rotation waits
            // until it is, so that no line of the backlog is lost.
            return out;
        }
        // Rotation: the path now names another file (or none).
        let current = std::fs::metadata(&self.path).ok().map(|m| m.ino());
        if let Some((_, ino)) = &self.file
            && current != Some(*ino)
        {
            // Whatever the old file still had was read above.
            self.flush_pending(&mut out);
            self.file = None;
            out.notes.push(format!("{} was rotated; following the new file", self.path.display()));
            if current.is_some() {
                self.round_after_rotation(&mut out);
            }
        }
        out
    }

    fn round_after_rotation(&mut self, out: &mut Round) {
        if let Ok(f) = std::fs::File::open(&self.path) {
            let ino = f.metadata().map_or(0, |m| m.ino());
            self.signature.clear();
            self.file = Some((f, ino));
            self.read_available(out);
        }
    }

    fn read_available(&mut self, out: &mut Round) {
        let Some((f, _)) = &mut self.file else { return };
        let pos = f.stream_position().unwrap_or(0);
        let len = f.metadata().map_or(pos, |m| m.len());
        if len < pos || !still_there(f, pos, &self.signature) {
            out.notes.push(format!("{} was truncated; reading from the start", self.path.display()));
            let _ = f.seek(SeekFrom::Start(0));
            self.pending.clear();
            self.signature.clear();
        }
        let mut buf = vec![0u8; ROUND];
        let mut n = 0;
        // `read` may return less than is there; fill the block or reach the end.
        while n < ROUND {
            match f.read(&mut buf[n..]) {
                Ok(0) | Err(_) => break,
                Ok(k) => n += k,
            }
        }
        out.more = n == ROUND;
        buf.truncate(n);
        if n > 0 {
            let keep = SIGNATURE.min(n);
            let old = SIGNATURE.saturating_sub(keep).min(self.signature.len());
            self.signature.drain(..self.signature.len() - old);
            self.signature.extend_from_slice(&buf[n - keep..]);
        }
        self.pending.extend_from_slice(&buf);
        let mut start = 0;
        while let Some(nl) = memchr::memchr(b'\n', &self.pending[start..]) {
            out.lines.push(self.pending[start..start + nl].to_vec());
            start += nl + 1;
        }
        self.pending.drain(..start);
        // A line longer than the cap is shown cut rather than held forever.
        if self.pending.len() > self.max_line {
            out.lines.push(std::mem::take(&mut self.pending));
        }
    }

    fn flush_pending(&mut self, out: &mut Round) {
        if !self.pending.is_empty() {
            out.lines.push(std::mem::take(&mut self.pending));
        }
    }
}

/// Whether the bytes just before `pos` are still the ones read last.
fn still_there(f: &std::fs::File, pos: u64, signature: &[u8]) -> bool {
    use std::os::unix::fs::FileExt;
    let n = signature.len().min(pos as usize);
    if n == 0 {
        return true;
    }
    let mut now = vec![0u8; n];
    match f.read_exact_at(&mut now, pos - n as u64) {
        Ok(()) => now == signature[signature.len() - n..],
        Err(_) => false,
    }
}

fn read_line_into(f: &mut std::fs::File, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let mut byte = [0u8; 1];
    while f.read(&mut byte)? == 1 {
        if byte[0] == b'\n' {
            break;
        }
        buf.push(byte[0]);
    }
    Ok(())
}

/// The task: a round every 250 ms, lines sent as one batch per round.
pub async fn run(key: SourceKey, path: PathBuf, max_line: usize, levels: StatusLevels, tx: Sender<Report>) {
    let mut tail = Some(FileTail::new(path, max_line));
    let mut was_waiting = None;
    loop {
        let Some(mut t) = tail.take() else { return };
        let (t, round) = match tokio::task::spawn_blocking(move || {
            let r = t.round();
            (t, r)
        })
        .await
        {
            Ok(v) => v,
            Err(_) => return,
        };
        tail = Some(t);
        let now = Utc::now();
        let more = round.more;
        let mut reports = Vec::new();
        if round.waiting != was_waiting {
            if let Some(w) = &round.waiting {
                reports.push(Body::Waiting(w.clone()));
            }
            was_waiting = round.waiting.clone();
        }
        for note in round.notes {
            reports.push(Body::Waiting(note));
        }
        if !round.lines.is_empty() {
            // Ingest off the async threads too: a 1 MiB block is ~14k lines.
            let levels = levels.clone();
            let raw = round.lines;
            let Ok(lines) = tokio::task::spawn_blocking(move || {
                raw.iter().map(|l| LogLine::ingest(l, max_line, &levels, now)).collect::<Vec<_>>()
            })
            .await
            else {
                return;
            };
            reports.push(Body::Lines(lines));
        }
        for body in reports {
            if tx.send(Report { key: key.clone(), at: now, body }).await.is_err() {
                return;
            }
        }
        if !more {
            tokio::time::sleep(POLL).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A burst bigger than one round is read in rounds back to back
    /// (`more`), and a rotation in the middle of it loses no line: the old
    /// file is read to its end before the new one is followed.
    #[test]
    fn a_backlog_is_read_whole_across_a_rotation() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("app.log");
        let mut f = std::fs::File::create(&path).unwrap();
        let mut tail = FileTail::new(path.clone(), 8192);
        assert!(tail.round().lines.is_empty(), "followed, empty");
        let line = |i: usize| format!("2026-11-23 10:00:00 INFO request {i:08} served in 12ms by worker-7\n");
        let per_file = (ROUND * 5 / 2) / line(0).len();
        for i in 0..per_file {
            f.write_all(line(i).as_bytes()).unwrap();
        }
        drop(f);
        // Rotated before a single round ran: the backlog is in the old file.
        std::fs::rename(&path, tmp.path().join("app.log.1")).unwrap();
        let mut f = std::fs::File::create(&path).unwrap();
        for i in per_file..per_file + 1000 {
            f.write_all(line(i).as_bytes()).unwrap();
        }
        drop(f);
        let (mut seen, mut rounds, mut more_rounds) = (Vec::new(), 0, 0);
        loop {
            let r = tail.round();
            rounds += 1;
            more_rounds += usize::from(r.more);
            seen.extend(r.lines);
            if !r.more {
                break;
            }
        }
        assert!(more_rounds >= 2, "{more_rounds} rounds said there is more");
        assert!(rounds <= 4, "{rounds} rounds");
        assert_eq!(seen.len(), per_file + 1000, "every line, none twice");
        for (i, l) in seen.iter().enumerate() {
            assert_eq!(l.as_slice(), line(i).trim_end().as_bytes(), "line {i}");
        }
    }
}
