//! A health check over time: up or down only after N results in a row, so
//! one lost packet does not page anyone; the recent history for the pane.

use std::collections::VecDeque;

use chrono::{DateTime, Utc};

use super::Transition;
use crate::sources::{Probe, SourceKey};

const HISTORY: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthState {
    /// Not enough results yet.
    Pending,
    Up,
    Down,
}

#[derive(Debug, Clone)]
pub struct HealthView {
    pub key: SourceKey,
    pub consecutive: u32,
    pub state: HealthState,
    pub since: Option<DateTime<Utc>>,
    streak_ok: bool,
    streak: u32,
    pub last: Option<(DateTime<Utc>, Probe)>,
    /// Recent results, oldest first: (ok, latency in ms).
    pub history: VecDeque<(bool, Option<u64>)>,
}

impl HealthView {
    pub fn new(key: SourceKey, consecutive: u32) -> Self {
        Self {
            key,
            consecutive: consecutive.max(1),
            state: HealthState::Pending,
            since: None,
            streak_ok: false,
            streak: 0,
            last: None,
            history: VecDeque::new(),
        }
    }

    /// Up but the latest probe failed, or down but it passed: changing.
    pub fn flapping(&self) -> bool {
        match (&self.state, &self.last) {
            (HealthState::Up, Some((_, p))) => !p.ok,
            (HealthState::Down, Some((_, p))) => p.ok,
            _ => false,
        }
    }

    pub fn label(&self) -> &'static str {
        match self.state {
            HealthState::Pending => "PENDING",
            HealthState::Up if self.flapping() => "DEGRADED",
            HealthState::Up => "UP",
            HealthState::Down if self.flapping() => "RECOVERING",
            HealthState::Down => "DOWN",
        }
    }

    pub fn apply(&mut self, at: DateTime<Utc>, probe: Probe) -> Option<Transition> {
        if self.history.len() == HISTORY {
            self.history.pop_front();
        }
        self.history.push_back((probe.ok, probe.latency.map(|l| l.as_millis() as u64)));
        if probe.ok == self.streak_ok {
            self.streak += 1;
        } else {
            self.streak_ok = probe.ok;
            self.streak = 1;
        }
        let detail = probe.detail.clone();
        self.last = Some((at, probe));
        let target = if self.streak_ok { HealthState::Up } else { HealthState::Down };
        if self.state == target || self.streak < self.consecutive {
            return None;
        }
        let was = self.state;
        self.state = target;
        self.since = Some(at);
        // Coming up for the first time is not news; being down is.
        if was == HealthState::Pending && target == HealthState::Up {
            return None;
        }
        let n = self.consecutive;
        let (word, text) = match target {
            HealthState::Down => ("down", format!("{} DOWN: {detail} ({n} in a row)", self.key.name)),
            _ => ("up", format!("{} UP again: {detail}", self.key.name)),
        };
        Some(Transition::new(&self.key, word, text, at, target == HealthState::Down))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::Kind;

    fn p(ok: bool) -> Probe {
        Probe { ok, latency: None, detail: if ok { "200 OK".into() } else { "503 Service Unavailable".into() } }
    }

    #[test]
    fn changes_state_only_after_n_results_in_a_row() {
        let mut h = HealthView::new(SourceKey::new(Kind::Health, "checkout"), 2);
        let t = Utc::now();
        assert!(h.apply(t, p(true)).is_none());
        assert_eq!(h.state, HealthState::Pending);
        assert!(h.apply(t, p(true)).is_none(), "first up is not news");
        assert_eq!(h.state, HealthState::Up);
        assert!(h.apply(t, p(false)).is_none(), "one failure is not down");
        assert_eq!(h.label(), "DEGRADED");
        assert!(h.apply(t, p(true)).is_none());
        assert!(h.apply(t, p(false)).is_none());
        let down = h.apply(t, p(false)).expect("two failures in a row");
        assert_eq!((down.state.as_str(), down.bad), ("down", true));
        assert_eq!(down.text, "checkout DOWN: 503 Service Unavailable (2 in a row)");
        assert_eq!(down.source, "health:checkout");
        assert!(h.apply(t, p(false)).is_none(), "no repeat while down");
        assert!(h.apply(t, p(true)).is_none());
        assert_eq!(h.label(), "RECOVERING");
        let up = h.apply(t, p(true)).unwrap();
        assert_eq!(up.state, "up");
    }

    #[test]
    fn a_check_that_starts_down_is_reported() {
        let mut h = HealthView::new(SourceKey::new(Kind::Health, "db"), 1);
        assert_eq!(h.apply(Utc::now(), p(false)).unwrap().state, "down");
    }
}
