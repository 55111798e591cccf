//! Replay: the incident as it stood at a moment. The fold of the journal
//! entries written by then, and the signals as the last snapshot taken by
//! then holds them (`signals::snapshot`), shown on the ordinary panes.
//! Scrubbed with keys (a minute, ten minutes, entry to entry); nothing is
//! written. Pure: `update` calls [`Replay::show`] after each move.

use chrono::{DateTime, Duration, Utc};

use super::state::State;
use crate::incident::{Entry, IncidentId, fold};
use crate::keymap::Action;
use crate::signals::snapshot::{self, Snapshot};

#[derive(Debug, Clone)]
pub struct Replay {
    pub id: IncidentId,
    /// In written order.
    pub entries: Vec<Entry>,
    pub snapshots: Vec<Snapshot>,
    /// The moment shown.
    pub at: DateTime<Utc>,
    /// Opened from a live dashboard (`P`): the live incident and signals
    /// stay in the state and go on being updated; what is shown is held
    /// here and swapped in only to draw ([`swap_view`]). `Esc` goes back.
    pub over_live: Option<Box<View>>,
}

/// The incident and signals a replay shows, beside a live dashboard.
#[derive(Debug, Clone)]
pub struct View {
    pub incident: Option<crate::incident::Incident>,
    pub signals: crate::signals::Signals,
    pub now: DateTime<Utc>,
}

/// Over a live dashboard: swaps the replayed incident, signals and time
/// with the live ones, so `draw` shows the replay; call again to swap back.
pub fn swap_view(state: &mut State) {
    let State { replay, incident, signals, now, .. } = state;
    if let Some(v) = replay.as_mut().and_then(|r| r.over_live.as_mut()) {
        std::mem::swap(incident, &mut v.incident);
        std::mem::swap(signals, &mut v.signals);
        std::mem::swap(now, &mut v.now);
    }
}

/// What the banner says of the signals at the moment shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignalsAt {
    /// From the snapshot taken then.
    Snapshot(DateTime<Utc>),
    /// None was taken by then (or none at all).
    None,
    /// The file was capped before then.
    Capped(DateTime<Utc>),
}

impl Replay {
    pub fn new(id: IncidentId, entries: Vec<Entry>, snapshots: Vec<Snapshot>, at: DateTime<Utc>) -> Self {
        let entries = crate::incident::fold::in_order(&entries).into_iter().cloned().collect();
        let mut r = Self { id, entries, snapshots, at, over_live: None };
        r.at = r.clamp(at);
        r
    }

    /// From the declaration to the last entry or snapshot.
    pub fn span(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let first = self.entries.first().map_or(self.at, |e| e.at);
        let last_entry = self.entries.iter().map(|e| e.at).max().unwrap_or(first);
        let last_snap = self.snapshots.last().map_or(first, |s| s.at);
        (first, last_entry.max(last_snap))
    }

    fn clamp(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        let (first, last) = self.span();
        at.clamp(first, last.max(first))
    }

    pub fn signals_at(&self) -> SignalsAt {
        match snapshot::at(&self.snapshots, self.at) {
            Some(s) if s.capped => SignalsAt::Capped(s.at),
            Some(s) => SignalsAt::Snapshot(s.at),
            None => SignalsAt::None,
        }
    }

    /// Moves the moment shown for a replay key; false for other actions.
    pub fn step(&mut self, action: Action) -> bool {
        let to = match action {
            Action::ReplayBack => self.at - Duration::minutes(1),
            Action::ReplayForward => self.at + Duration::minutes(1),
            Action::ReplayBackMore => self.at - Duration::minutes(10),
            Action::ReplayForwardMore => self.at + Duration::minutes(10),
            Action::ReplayPrevEntry => {
                self.entries.iter().rev().map(|e| e.at).find(|t| *t < self.at).unwrap_or(self.at)
            }
            Action::ReplayNextEntry => self.entries.iter().map(|e| e.at).find(|t| *t > self.at).unwrap_or(self.at),
            Action::ReplayStart => self.span().0,
            Action::ReplayEnd => self.span().1,
            _ => return false,
        };
        self.at = self.clamp(to);
        true
    }

    /// The replay shown over a live dashboard, at its moment.
    pub fn over_live(mut self: Box<Self>) -> Box<Self> {
        self.over_live = Some(Box::new(self.view()));
        self
    }

    /// The incident and the signals as they were at `at`.
    pub fn view(&self) -> View {
        let incident = fold(self.id.clone(), self.entries.iter().filter(|e| e.at <= self.at));
        let mut signals = match snapshot::at(&self.snapshots, self.at).filter(|s| !s.capped) {
            Some(s) => s.restore(),
            None => crate::signals::Signals::new(&Default::default(), 1),
        };
        signals.incident_start = incident.as_ref().map(|i| i.declared_at);
        View { incident, signals, now: self.at }
    }

    /// Shows the moment: on `state` itself (`warroom replay`), or beside
    /// the live incident when opened over a dashboard.
    pub fn show(&mut self, state: &mut State) {
        let v = self.view();
        if self.over_live.is_some() {
            self.over_live = Some(Box::new(v));
        } else {
            state.now = v.now;
            state.incident = v.incident;
            state.incident_id = Some(self.id.clone());
            state.signals = v.signals;
        }
        state.logs.back = 0;
        state.dirty = true;
    }
}
