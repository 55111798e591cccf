//! The journal thread: the one place this process writes and follows the
//! incident journal. Appends run in the order they were asked for; after
//! each, the follower reads the file, so our entries reach the state by the
//! same path as every other process's. A plain thread, because flock and
//! fsync block.

use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::mpsc::Sender as MsgSender;

use super::msg::Msg;
use crate::incident::{Entry, IncidentId, Payload};
use crate::journal::presence::{Presence, TOUCH_EVERY};
use crate::journal::{Follower, IncidentDir, append};

/// How often the journal is checked for other processes' entries.
const POLL_EVERY: Duration = Duration::from_millis(250);
/// How often the directory is checked for a newly declared incident when
/// none is open. A declaration creates a file, so the check is the
/// directory's mtime; every journal is replayed only when it changed, or
/// every [`RESCAN_EVERY`] (a reopened incident adds no file).
const SCAN_EVERY: Duration = Duration::from_secs(1);
const RESCAN_EVERY: Duration = Duration::from_secs(30);

pub enum JournalCmd {
    Append {
        id: IncidentId,
        entry: Entry,
    },
    /// A transition found by a source: written only by the process that
    /// holds the incident's recorder lock, so five dashboards watching the
    /// same check write one line, not five.
    Record {
        id: IncidentId,
        entry: Entry,
    },
    Declare {
        at: DateTime<Utc>,
        payload: Payload,
    },
    /// A snapshot of the signals (one JSON line), written beside the
    /// journal by the recorder only, for replay.
    Snapshot {
        id: IncidentId,
        at: DateTime<Utc>,
        line: String,
    },
    Shutdown,
}

/// Requests waiting for the journal thread at most (a slow disk); past
/// that an entry waits in the state as NOT SAVED instead of growing memory.
pub const BACKLOG: usize = 1024;

pub struct JournalHandle {
    tx: SyncSender<JournalCmd>,
    thread: Option<JoinHandle<()>>,
}

impl JournalHandle {
    pub fn spawn(dir: IncidentDir, operator: String, start: Option<IncidentId>, msgs: MsgSender<Msg>) -> Self {
        let (tx, rx) = sync_channel(BACKLOG);
        let thread = std::thread::Builder::new()
            .name("journal".into())
            .spawn(move || Worker::new(dir, operator, msgs).run(start, rx))
            .expect("spawning the journal thread");
        Self { tx, thread: Some(thread) }
    }

    /// Queues `cmd`; when the queue is full, gives it back so nothing is
    /// lost and the loop never blocks on a slow disk.
    pub fn send(&self, cmd: JournalCmd) -> Result<(), Box<JournalCmd>> {
        match self.tx.try_send(cmd) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(cmd)) => Err(Box::new(cmd)),
            // The thread only stops on Shutdown, after which nothing is sent.
            Err(TrySendError::Disconnected(_)) => Ok(()),
        }
    }

    /// Writes every queued entry, then stops the thread, taking the
    /// thread's messages meanwhile (each handed to `keep`). The thread may
    /// be waiting for room in the loop's queue: a terminal that stopped
    /// reading (a frozen SSH link) holds the loop in a write while the
    /// clock's ticks fill that queue, and a hang-up then ends the loop.
    /// Joining without taking them would wait forever, with the recorder
    /// lock held.
    pub async fn shutdown(mut self, msgs: &mut tokio::sync::mpsc::Receiver<Msg>, mut keep: impl FnMut(Msg)) {
        let (tx, thread) = (self.tx.clone(), self.thread.take());
        let (done_tx, mut done) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("journal-stop".into())
            .spawn(move || {
                // Blocks while the queue drains: everything asked for is written.
                let _ = tx.send(JournalCmd::Shutdown);
                if let Some(t) = thread {
                    let _ = t.join();
                }
                let _ = done_tx.send(());
            })
            .expect("spawning the journal's stopper");
        loop {
            tokio::select! {
                _ = &mut done => break,
                Some(msg) = msgs.recv() => keep(msg),
            }
        }
        while let Ok(msg) = msgs.try_recv() {
            keep(msg);
        }
    }
}

struct Worker {
    dir: IncidentDir,
    operator: String,
    msgs: MsgSender<Msg>,
    current: Option<(IncidentId, Follower, bool)>,
    presence: Option<Presence>,
    last_touch: Instant,
    last_scan: Option<Instant>,
    /// The directory's mtime and when every journal was last replayed.
    last_rescan: Option<(Option<std::time::SystemTime>, Instant)>,
    /// Held while this process records source transitions for the incident.
    recorder: Option<std::fs::File>,
    last_claim: Option<Instant>,
    /// The last entry sent, in written order: an entry that sorts before it
    /// (a replica's, arriving late) makes the incident fold again.
    newest: Option<Entry>,
}

/// What a poll of the journal left to do.
enum Polled {
    /// The screen is gone.
    Stop,
    /// A big journal has more to read: read again at once.
    More,
    CaughtUp,
}

impl Worker {
    fn new(dir: IncidentDir, operator: String, msgs: MsgSender<Msg>) -> Self {
        Self {
            dir,
            operator,
            msgs,
            current: None,
            presence: None,
            last_touch: Instant::now(),
            last_scan: None,
            last_rescan: None,
            recorder: None,
            last_claim: None,
            newest: None,
        }
    }

    fn run(mut self, start: Option<IncidentId>, rx: Receiver<JournalCmd>) {
        if let Some(id) = start {
            self.follow(id);
        }
        // The first read at once (the incident on screen without waiting a
        // poll interval), and while a big journal has more, back to back.
        let mut wait = Duration::ZERO;
        loop {
            match rx.recv_timeout(wait) {
                Ok(JournalCmd::Append { id, entry }) => {
                    let path = self.dir.journal_path(&id);
                    if let Err(e) = append(&path, &entry) {
                        self.send(Msg::AppendFailed { id, entry, error: e.to_string() });
                    }
                }
                Ok(JournalCmd::Record { id, entry }) => {
                    let ours = self.current.as_ref().is_some_and(|(c, ..)| *c == id);
                    if ours && self.claim_recorder() {
                        let path = self.dir.journal_path(&id);
                        if let Err(e) = append(&path, &entry) {
                            self.send(Msg::AppendFailed { id, entry, error: e.to_string() });
                        }
                    }
                }
                Ok(JournalCmd::Snapshot { id, at, line }) => {
                    let ours = self.current.as_ref().is_some_and(|(c, ..)| *c == id);
                    if ours
                        && self.claim_recorder()
                        && let Err(e) = self.dir.write_snapshot(&id, at, &line)
                    {
                        tracing::warn!("signal snapshot for {id} not written: {e}");
                    }
                }
                Ok(JournalCmd::Declare { at, payload }) => match self.dir.declare(at, &self.operator, payload) {
                    Ok((id, _)) => {
                        self.follow(id.clone());
                        self.send(Msg::Declared(id));
                    }
                    Err(e) => {
                        self.send(Msg::DeclareFailed(e.to_string()));
                    }
                },
                Ok(JournalCmd::Shutdown) | Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {}
            }
            match self.poll() {
                Polled::Stop => break,
                Polled::More => wait = Duration::ZERO,
                Polled::CaughtUp => wait = POLL_EVERY,
            }
        }
    }

    /// Tries (at most every few seconds) to become the process that records
    /// source transitions for the followed incident. An advisory lock: it
    /// passes to another dashboard when this one exits, even by kill -9.
    fn claim_recorder(&mut self) -> bool {
        if self.recorder.is_some() {
            return true;
        }
        if self.last_claim.is_some_and(|t| t.elapsed() < Duration::from_secs(3)) {
            return false;
        }
        self.last_claim = Some(Instant::now());
        let Some((id, ..)) = &self.current else { return false };
        // Every member of a group-shared directory can take the lock.
        let root = self.dir.root();
        let sharing = crate::journal::share::Sharing::of(root);
        let dir = root.join(".recorder");
        let _ = crate::journal::share::create_dir_all(root, &dir, sharing);
        let mut opts = std::fs::OpenOptions::new();
        opts.create(true).truncate(false).write(true);
        let Ok(file) = crate::journal::share::open(&mut opts, &dir.join(format!("{id}.lock")), sharing) else {
            return false;
        };
        if file.try_lock().is_ok() {
            tracing::info!("this process records source transitions for {id}");
            self.recorder = Some(file);
            true
        } else {
            false
        }
    }

    fn follow(&mut self, id: IncidentId) {
        self.recorder = None;
        self.last_claim = None;
        let path = self.dir.journal_path(&id);
        self.presence = Presence::announce(self.dir.root(), &id, &self.operator).ok();
        self.last_touch = Instant::now() - TOUCH_EVERY;
        self.current = Some((id, Follower::new(path), true));
        self.newest = None;
    }

    /// Reads what is new; false when the app has gone.
    fn poll(&mut self) -> Polled {
        if self.current.is_none() {
            if self.last_scan.is_none_or(|t| t.elapsed() >= SCAN_EVERY) {
                self.last_scan = Some(Instant::now());
                let mtime = std::fs::metadata(self.dir.root()).and_then(|m| m.modified()).ok();
                let stale = self.last_rescan.is_none_or(|(m, t)| m != mtime || t.elapsed() >= RESCAN_EVERY);
                if stale {
                    self.last_rescan = Some((mtime, Instant::now()));
                    if let Ok(Some(id)) = self.dir.newest_open() {
                        self.follow(id);
                    }
                }
            }
            if self.current.is_none() {
                return if self.msgs.is_closed() { Polled::Stop } else { Polled::CaughtUp };
            }
        }
        let Some((id, follower, fresh)) = &mut self.current else {
            return Polled::CaughtUp;
        };
        let mut more = false;
        let msg = match follower.poll() {
            Ok(p) if p.entries.is_empty() && p.warnings.is_empty() && !p.reset && !*fresh => None,
            Ok(mut p) => {
                more = p.more;
                // Entries that arrive out of written order (replicated from
                // another site) are folded again from the whole journal, so
                // every host shows the same incident.
                let late = !p.reset
                    && !*fresh
                    && (p.entries.iter().any(|e| {
                        self.newest.as_ref().is_some_and(|n| crate::incident::fold::written_order(e, n).is_lt())
                    }) || !p.entries.is_sorted_by(|a, b| crate::incident::fold::written_order(a, b).is_le()));
                if late && let Ok(all) = Follower::new(follower.path()).read_all() {
                    p.entries = all.entries;
                    p.reset = true;
                }
                if p.reset || *fresh {
                    self.newest = None;
                }
                // The newest entry found first, then copied once.
                let newest = p.entries.iter().max_by(|a, b| crate::incident::fold::written_order(a, b));
                if let Some(e) = newest
                    && self.newest.as_ref().is_none_or(|n| crate::incident::fold::written_order(e, n).is_gt())
                {
                    self.newest = Some(e.clone());
                }
                let reset = p.reset || *fresh;
                // The first read after switching waits until it has the
                // declaration, so that the incident appears whole.
                *fresh = *fresh && p.entries.is_empty();
                // A big journal comes in slices, folded as they come while
                // the next is parsed; `more` holds the frame until the last.
                Some(Msg::Journal { id: id.clone(), entries: p.entries, warnings: p.warnings, reset, more })
            }
            Err(e) => Some(Msg::JournalError(e.to_string())),
        };
        if let Some(msg) = msg
            && !self.send(msg)
        {
            return Polled::Stop;
        }
        if self.last_touch.elapsed() >= TOUCH_EVERY
            && let Some(p) = &self.presence
        {
            self.last_touch = Instant::now();
            let _ = p.touch();
            let names = p.list();
            if !self.send(Msg::Presence(names)) {
                return Polled::Stop;
            }
        }
        if more { Polled::More } else { Polled::CaughtUp }
    }

    fn send(&self, msg: Msg) -> bool {
        self.msgs.blocking_send(msg).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_queue_gives_the_request_back_instead_of_blocking() {
        // A journal thread that takes nothing: the queue fills.
        let (tx, _rx) = sync_channel(2);
        let handle = JournalHandle { tx, thread: None };
        let at = Utc::now();
        let cmd = |t: &str| JournalCmd::Append {
            id: "INC-20261123-001".parse().unwrap(),
            entry: Entry::new(at, "alice", Payload::Note { text: t.into() }),
        };
        assert!(handle.send(cmd("one")).is_ok() && handle.send(cmd("two")).is_ok());
        match handle.send(cmd("three")).map_err(|b| *b) {
            Err(JournalCmd::Append { entry, .. }) => {
                assert_eq!(entry.payload, Payload::Note { text: "three".into() }, "given back whole")
            }
            _ => panic!("a full queue must give the request back"),
        }
    }

    /// A loop whose queue is full (its terminal stopped reading while the
    /// clock ticked) and then hung up: the journal thread, waiting for room
    /// to send, still writes what was asked and stops.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn shutdown_does_not_wait_forever_on_a_full_loop_queue() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = IncidentDir::open(tmp.path().join("incidents")).unwrap();
        let declared = Payload::Declared {
            title: "checkout 500s".into(),
            kind: crate::incident::IncidentKind::Outage,
            service: None,
            severity: None,
        };
        let (id, _) = dir.declare(Utc::now(), "alice", declared).unwrap();
        let (msgs_tx, mut msgs) = tokio::sync::mpsc::channel(1);
        msgs_tx.send(Msg::Tick(Utc::now())).await.unwrap();
        let handle = JournalHandle::spawn(dir.clone(), "alice".into(), Some(id.clone()), msgs_tx.clone());
        let note = Entry::new(Utc::now(), "alice", Payload::Note { text: "rolled back".into() });
        assert!(handle.send(JournalCmd::Append { id: id.clone(), entry: note }).is_ok());
        // The thread is now blocked sending the incident to the full queue.
        let mut kept = 0;
        tokio::time::timeout(Duration::from_secs(20), handle.shutdown(&mut msgs, |_| kept += 1))
            .await
            .expect("the journal thread stops although the loop's queue was full");
        assert!(kept >= 2, "the tick and the incident were taken, {kept}");
        let journal = std::fs::read_to_string(dir.journal_path(&id)).unwrap();
        assert!(journal.contains("rolled back"), "the queued note is written:\n{journal}");
    }
}
