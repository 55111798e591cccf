//! `tail -F` for a file: starts with its recent past (the lines of the
//! last 15 minutes by their own timestamps, at most 64 MiB; the last 64 KiB
//! when its lines carry no time we can read), follows appends, survives rotation by rename (the old file is
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

use super::super::{Body, Report, SourceKey};
use super::ingest::Ingest;

const POLL: Duration = Duration::from_millis(250);
/// How much of an existing file is shown at start when its lines carry no
/// time we can read.
const START_BACK: u64 = 64 * 1024;
/// How far back, by the lines' own times, a file is read at start.
pub const BACKFILL: chrono::Duration = chrono::Duration::minutes(15);
/// The most read back at start, whatever the times say.
const BACKFILL_CAP: u64 = 64 << 20;
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
    /// Read back to this time at the first open.
    since: chrono::DateTime<Utc>,
    /// Still reading the recent past found at the first open.
    backfilling: bool,
}

/// Bytes kept in the signature.
const SIGNATURE: usize = 32;

/// The lines of one round: one buffer (each line followed by its
/// newline), not one allocation a line.
#[derive(Debug, Default)]
pub struct Lines {
    buf: Vec<u8>,
    /// Where each line's newline is.
    ends: Vec<usize>,
}

impl Lines {
    pub fn push(&mut self, line: &[u8]) {
        self.buf.extend_from_slice(line);
        self.ends.push(self.buf.len());
        self.buf.push(b'\n');
    }

    /// Empty, keeping its room for the next round.
    fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Line `i`.
    pub fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] + 1 };
        &self.buf[start..self.ends[i]]
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|e| e + 1));
        starts.zip(&self.ends).map(|(s, &e)| &self.buf[s..e])
    }
}

/// What one round of reading produced.
#[derive(Debug, Default)]
pub struct Round {
    pub lines: Lines,
    pub notes: Vec<String>,
    pub waiting: Option<String>,
    /// The round stopped at [`ROUND`] bytes: read again at once.
    pub more: bool,
    /// The lines are the file's past, read at the first open: each is
    /// dated by its own time, not by when it was read.
    pub backfill: bool,
}

impl FileTail {
    pub fn new(path: PathBuf, max_line: usize) -> Self {
        Self::since(path, max_line, Utc::now() - BACKFILL)
    }

    /// A tail whose first open reads back to `since`.
    pub fn since(path: PathBuf, max_line: usize, since: chrono::DateTime<Utc>) -> Self {
        Self {
            path,
            max_line,
            file: None,
            pending: Vec::new(),
            first_open: true,
            signature: Vec::new(),
            since,
            backfilling: false,
        }
    }

    /// Reads whatever is new. Blocking file I/O: run it off the async
    /// threads.
    pub fn round(&mut self) -> Round {
        self.round_into(Lines::default())
    }

    /// [`FileTail::round`], its lines in `lines` (emptied first): a
    /// buffer a past round used, so that a storm does not allocate (and
    /// fault in) a fresh block every round.
    pub fn round_into(&mut self, mut lines: Lines) -> Round {
        lines.clear();
        let mut out = Round { lines, ..Round::default() };
        if self.file.is_none() {
            match std::fs::File::open(&self.path) {
                Ok(mut f) => {
                    let meta = f.metadata().ok();
                    let ino = meta.as_ref().map_or(0, |m| m.ino());
                    if self.first_open {
                        // Start with the recent past, at a line boundary.
                        let len = meta.map_or(0, |m| m.len());
                        let start = backfill_start(&mut f, len, self.since);
                        self.backfilling = start < len;
                        if start > 0 && f.seek(SeekFrom::Start(start)).is_ok() {
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
        out.backfill = self.backfilling;
        self.read_available(&mut out);
        self.backfilling &= out.more;
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
        // What is there, up to a block: an idle round allocates nothing.
        let want = ROUND.min(len.saturating_sub(f.stream_position().unwrap_or(0)) as usize);
        if want == 0 {
            return;
        }
        // Read straight into the round's buffer (no block zeroed and
        // copied again), after the partial line the last round left.
        let lines = &mut out.lines;
        let from = lines.buf.len();
        lines.buf.extend_from_slice(&self.pending);
        self.pending.clear();
        let start = lines.buf.len();
        lines.buf.reserve(want);
        // `read_to_end` on at most `want` bytes: fills the block or
        // reaches the end; on an error, what was read stays.
        let _ = f.by_ref().take(want as u64).read_to_end(&mut lines.buf);
        let n = lines.buf.len() - start;
        out.more = n == ROUND;
        if n > 0 {
            let keep = SIGNATURE.min(n);
            let old = SIGNATURE.saturating_sub(keep).min(self.signature.len());
            self.signature.drain(..self.signature.len() - old);
            self.signature.extend_from_slice(&lines.buf[start + n - keep..]);
        }
        // Whole lines go out; a partial last line waits.
        let whole = memchr::memrchr(b'\n', &lines.buf[from..]).map_or(from, |i| from + i + 1);
        lines.ends.extend(memchr::memchr_iter(b'\n', &lines.buf[from..whole]).map(|i| from + i));
        self.pending.extend_from_slice(&lines.buf[whole..]);
        lines.buf.truncate(whole);
        // A line longer than the cap is shown cut rather than held forever.
        if self.pending.len() > self.max_line {
            out.lines.push(&std::mem::take(&mut self.pending));
        }
    }

    fn flush_pending(&mut self, out: &mut Round) {
        if !self.pending.is_empty() {
            out.lines.push(&std::mem::take(&mut self.pending));
        }
    }
}

/// Where to start reading a file first opened: the first line of the last
/// [`BACKFILL`] by the lines' own times (found by bisecting the byte
/// offsets, within the last [`BACKFILL_CAP`]), or the last
/// [`START_BACK`] bytes when the lines carry no time we can read. The
/// offset returned is just before a line: the caller skips to its end.
fn backfill_start(f: &mut std::fs::File, len: u64, since: chrono::DateTime<Utc>) -> u64 {
    let floor = len.saturating_sub(BACKFILL_CAP);
    // The time of the first dated line after `at` (a few lines at most).
    let mut time_after = |at: u64| -> Option<chrono::DateTime<Utc>> {
        f.seek(SeekFrom::Start(at)).ok()?;
        let mut line = Vec::new();
        if at > 0 {
            read_line_into(f, &mut line).ok()?;
        }
        for _ in 0..16 {
            line.clear();
            read_line_into(f, &mut line).ok()?;
            if line.is_empty() {
                return None;
            }
            if let Some(t) = super::time::line_time(&line) {
                return Some(t);
            }
        }
        None
    };
    let fallback = len.saturating_sub(START_BACK);
    let Some(first) = time_after(floor) else { return fallback };
    if first >= since {
        return floor;
    }
    let (mut lo, mut hi) = (floor, len);
    while hi - lo > 4096 {
        let mid = lo + (hi - lo) / 2;
        match time_after(mid) {
            Some(t) if t >= since => hi = mid,
            Some(_) => lo = mid,
            // No dated line from here on: the past ends before it.
            None => hi = mid,
        }
    }
    // `lo` is before the first line of the window (at most 4 KiB before):
    // a few older lines are read too; they are dated, so they count as old.
    lo
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

/// Rounds with at least this many lines are ingested in two halves at
/// once (the bastion's second core); smaller ones on one thread.
const HALVES_FROM: usize = 4096;

/// Sanitizes, classifies and masks a round's lines off the async threads
/// (a 1 MiB block is ~14k lines), in order, and gives the round's buffer
/// back for the next. None when the runtime is going away.
async fn ingest_round(
    ingest: &mut Vec<Ingest>,
    raw: Lines,
    backfill: bool,
    now: chrono::DateTime<Utc>,
) -> Option<(Vec<crate::sources::LogLine>, Lines)> {
    let raw = std::sync::Arc::new(raw);
    let n = raw.len();
    let parts = if n >= HALVES_FROM { ingest.len() } else { 1 };
    let mut tasks = Vec::new();
    for (k, mut ing) in std::mem::take(ingest).into_iter().enumerate() {
        let raw = raw.clone();
        let (from, to) = (n * k / parts, n * (k + 1) / parts);
        tasks.push(tokio::task::spawn_blocking(move || {
            let lines: Vec<_> = (from..to.min(n))
                .map(|i| {
                    let l = raw.get(i);
                    // The past is dated by its own time (never later than now).
                    let at = if backfill { super::time::line_time(l).map_or(now, |t| t.min(now)) } else { now };
                    ing.line(l, at)
                })
                .collect();
            (ing, lines)
        }));
    }
    let mut lines = Vec::with_capacity(n);
    for task in tasks {
        let (ing, part) = task.await.ok()?;
        ingest.push(ing);
        lines.extend(part);
    }
    // The tasks are done with it.
    Some((lines, std::sync::Arc::try_unwrap(raw).unwrap_or_default()))
}

/// The task: a round when the file changes (or every 250 ms, where
/// inotify says nothing), rounds back to back while there is more; lines
/// sent as one batch per round.
pub async fn run(key: SourceKey, path: PathBuf, max_line: usize, levels: StatusLevels, tx: Sender<Report>) {
    let mut wake = super::wake::Wake::new(&path);
    let mut tail = Some(FileTail::new(path, max_line));
    let mut ingest: Vec<Ingest> = (0..2).map(|_| Ingest::new(max_line, levels.clone())).collect();
    let mut was_waiting = None;
    let mut spare = Lines::default();
    loop {
        // Changes from here on wake the wait below.
        wake.arm();
        let Some(mut t) = tail.take() else { return };
        let buf = std::mem::take(&mut spare);
        let (t, round) = match tokio::task::spawn_blocking(move || {
            let r = t.round_into(buf);
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
            let Some((lines, buf)) = ingest_round(&mut ingest, round.lines, round.backfill, now).await else { return };
            spare = buf;
            reports.push(Body::Lines(lines));
        }
        for body in reports {
            if matches!(body, Body::Lines(_)) {
                crate::sources::room_for_lines(&tx).await;
            }
            if tx.send(Report { key: key.clone(), at: now, body }).await.is_err() {
                return;
            }
        }
        if !more {
            wake.wait(POLL).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::LogLine;
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
            seen.extend(r.lines.iter().map(<[u8]>::to_vec));
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

    /// At the first open a file's recent past is read, back to the window's
    /// start by the lines' own times (bisected, not read whole), marked as
    /// backfill; a file whose lines carry no time gives its last 64 KiB.
    #[test]
    fn the_recent_past_is_read_at_start_by_the_lines_own_times() {
        use chrono::TimeZone;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("app.log");
        let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        let mut text = String::new();
        // Two hours, a line a second.
        for i in 0..7200 {
            let at = t0 + chrono::Duration::seconds(i);
            text.push_str(&format!("{} ERROR worker {i} failed to reach the pool\n", at.format("%Y-%m-%d %H:%M:%S")));
        }
        std::fs::write(&path, &text).unwrap();
        let end = t0 + chrono::Duration::seconds(7199);
        let mut tail = FileTail::since(path.clone(), 8192, end - BACKFILL);
        let mut lines = Vec::new();
        loop {
            let r = tail.round();
            assert!(r.backfill || r.lines.is_empty(), "the past is marked");
            lines.extend(r.lines.iter().map(<[u8]>::to_vec));
            if !r.more {
                break;
            }
        }
        let times: Vec<_> = lines.iter().map(|l| super::super::time::line_time(l).unwrap()).collect();
        let window = times.iter().filter(|t| **t >= end - BACKFILL).count();
        assert_eq!(window, 15 * 60 + 1, "every line of the last 15 minutes, both ends");
        assert!(lines.len() - window < 80, "and at most 4 KiB before it: {}", lines.len() - window);
        assert_eq!(times.last(), Some(&end));
        // Appended later: not backfill.
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"later\n").unwrap();
        let r = tail.round();
        assert_eq!((r.lines.len(), r.backfill), (1, false));

        // No time in the lines: the last 64 KiB, as before.
        let plain = tmp.path().join("plain.log");
        let big: String =
            (0..5000).map(|i| format!("worker {i:05} failed to reach the pool, no time here\n")).collect();
        std::fs::write(&plain, &big).unwrap();
        let mut tail = FileTail::since(plain, 8192, end - BACKFILL);
        let r = tail.round();
        let bytes: usize = r.lines.iter().map(|l| l.len() + 1).sum();
        assert!(bytes <= START_BACK as usize && bytes > START_BACK as usize - 200, "{bytes}");
    }

    /// A big round is ingested in two halves at once: the lines come back
    /// in order, each as one thread alone would make it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_big_round_is_ingested_in_halves_in_order() {
        let mut raw = Lines::default();
        let text = |i: usize| match i % 3 {
            0 => format!("2026-11-23 10:00:00 ERROR worker {i} failed to reach db-{}", i % 7),
            1 => format!("2026-11-23 10:00:00 INFO request {i} served"),
            _ => format!(r#"{{"level":"warn","msg":"slow call {i}"}}"#),
        };
        let n = HALVES_FROM * 2 + 1;
        for i in 0..n {
            raw.push(text(i).as_bytes());
        }
        let mut ingest: Vec<Ingest> = (0..2).map(|_| Ingest::new(8192, StatusLevels::default())).collect();
        let now = Utc::now();
        let lines = ingest_round(&mut ingest, raw, false, now).await.unwrap().0;
        assert_eq!(lines.len(), n);
        assert_eq!(ingest.len(), 2, "both ingests come back");
        for (i, l) in lines.iter().enumerate() {
            assert_eq!(*l, LogLine::ingest(text(i).as_bytes(), 8192, &StatusLevels::default(), now), "line {i}");
        }
    }
}
