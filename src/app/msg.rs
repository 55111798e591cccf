//! Messages into the loop, and the effects `update` asks the loop to carry
//! out. Nothing else reaches the state.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::incident::{Entry, IncidentId, Payload};

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    /// The terminal's new size (columns, rows).
    Resize(u16, u16),
    /// What a source found.
    Source(crate::sources::Report),
    /// The once-a-second clock.
    Tick(DateTime<Utc>),
    /// Entries read from the followed journal: ours and other processes'.
    /// `reset` means: forget the incident and rebuild from these. `more`:
    /// the rest of a big journal is being read now (one opening): it is
    /// drawn when whole, not slice by slice.
    Journal {
        id: IncidentId,
        entries: Vec<Entry>,
        warnings: Vec<String>,
        reset: bool,
        more: bool,
    },
    /// The journal thread could not read the journal.
    JournalError(String),
    /// An append failed; the entry is kept for retry.
    AppendFailed {
        id: IncidentId,
        entry: Entry,
        error: String,
    },
    /// An incident was declared from this dashboard.
    Declared(IncidentId),
    DeclareFailed(String),
    /// Operators with the incident open.
    Presence(Vec<String>),
    /// What journal replication between sites said.
    Replication(crate::replicate::Event),
    /// A webhook post finished (or gave up): which update, what came of it.
    Posted {
        text: String,
        outcome: crate::notify::webhook::Outcome,
    },
    /// The journal and snapshots a replay over the dashboard needs (`P`).
    ReplayLoaded(Result<Box<crate::app::replay::Replay>, String>),
    /// The handover brief was written (where) or could not be (why).
    BriefSaved(Result<String, String>),
    /// The running runbook action said something.
    Run(crate::notify::runbook::RunEvent),
    /// SIGHUP, SIGTERM, or the terminal went away.
    Hangup {
        code: i32,
        why: &'static str,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write an entry (stamped with now and the operator) to an incident.
    Append { id: IncidentId, payload: Payload },
    /// Write a transition a source revealed, if this process is the one
    /// that records them for the incident (see the journal thread).
    Record { id: IncidentId, payload: Payload },
    /// Write an entry again after a failed append.
    Retry { id: IncidentId, entry: Entry },
    /// Create a new incident with this `declared` payload and follow it.
    Declare(Payload),
    /// Post an update to the configured webhooks (or only the named one).
    Post { text: String, only: Option<String> },
    /// Run a runbook action (the operator typed its name).
    Run(crate::config::updates::RunbookAction),
    /// Write a snapshot of the signals beside the journal (the recorder
    /// only).
    Snapshot { id: IncidentId, at: DateTime<Utc>, line: String },
    /// Read the incident's journal and snapshots and replay it from `at`.
    OpenReplay { id: IncidentId, at: DateTime<Utc> },
    /// Write the handover brief beside the journal.
    SaveBrief { id: IncidentId, text: String },
    /// Apply the demo scenario's fix (only in `warroom demo`).
    DemoFix,
    /// Leave: restore the terminal and exit with this code.
    Exit(i32),
}
