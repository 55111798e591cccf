//! What the sources have said, kept over time, and the transitions found in
//! it: a check going down, a threshold crossed, an alert firing, a new
//! deploy. Pure: `update` applies source reports here, and transitions
//! become journal entries. No terminal, no I/O.

pub mod alerts;
pub mod changes;
pub mod health;
pub mod logs;
pub mod metrics;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::config::Sources;
use crate::sources::{Body, Kind, Report, SourceKey, scrape};
use alerts::AlertsView;
use changes::ChangesView;
use health::{HealthState, HealthView};
use logs::LogStore;
use metrics::{Band, MetricView};

/// A change worth a line on the incident timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    /// `health:checkout-api`, `alertmanager:am/HighErrorRate/<fp>`, …
    pub source: String,
    /// `down`, `up`, `critical`, `warning`, `ok`, `firing`, `resolved`, or
    /// for a change its key.
    pub state: String,
    pub text: String,
    pub at: DateTime<Utc>,
    /// Something is wrong (down, over a threshold, firing).
    pub bad: bool,
    /// Recorded once ever (changes), rather than on each change of state.
    pub once: bool,
}

impl Transition {
    pub fn new(key: &SourceKey, state: &str, text: String, at: DateTime<Utc>, bad: bool) -> Self {
        Self { source: key.to_string(), state: state.to_string(), text, at, bad, once: false }
    }
}

/// How a source is doing, for its pane.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceStatus {
    pub ok: bool,
    pub message: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Signals {
    pub health: Vec<HealthView>,
    pub metrics: Vec<MetricView>,
    pub alerts: Vec<AlertsView>,
    pub logs: LogStore,
    pub changes: Vec<ChangesView>,
    pub status: BTreeMap<SourceKey, SourceStatus>,
}

impl Signals {
    pub fn new(sources: &Sources, log_lines: usize) -> Self {
        let mut metrics: Vec<MetricView> = sources
            .prometheus
            .iter()
            .map(|p| MetricView::new(crate::sources::prometheus::key(p), p.display.clone()))
            .collect();
        for s in &sources.scrape {
            metrics.extend(s.metrics.iter().map(|m| MetricView::new(scrape::key(s, m), m.display.clone())));
        }
        Self {
            health: sources
                .health
                .iter()
                .map(|h| HealthView::new(SourceKey::new(Kind::Health, h.name.0.clone()), h.consecutive))
                .collect(),
            metrics,
            alerts: sources
                .alertmanager
                .iter()
                .map(|a| AlertsView::new(crate::sources::alertmanager::key(a)))
                .collect(),
            logs: LogStore::new(sources.logs.iter().map(|l| l.name.0.clone()).collect(), log_lines),
            changes: sources.changes.iter().map(|c| ChangesView::new(crate::sources::changes::key(c))).collect(),
            status: BTreeMap::new(),
        }
    }

    pub fn any(&self) -> bool {
        !(self.health.is_empty() && self.metrics.is_empty() && self.alerts.is_empty() && self.logs.sources.is_empty())
    }

    /// Applies one report; returns the transitions it revealed.
    pub fn apply(&mut self, r: Report) -> Vec<Transition> {
        let Report { key, at, body } = r;
        let ok_status = |s: &mut BTreeMap<SourceKey, SourceStatus>, msg: String| {
            s.insert(key.clone(), SourceStatus { ok: true, message: msg, at });
        };
        match body {
            Body::Probe(p) => {
                ok_status(&mut self.status, String::new());
                let h = self.health.iter_mut().find(|h| h.key == key);
                h.and_then(|h| h.apply(at, p)).into_iter().collect()
            }
            Body::Values { series, baseline, warnings } => {
                let msg = warnings.join("; ");
                ok_status(&mut self.status, msg);
                let m = self.metrics.iter_mut().find(|m| m.key == key);
                m.and_then(|m| m.apply(at, series, baseline, warnings)).into_iter().collect()
            }
            Body::History(points) => {
                if let Some(m) = self.metrics.iter_mut().find(|m| m.key == key) {
                    m.history_from(points);
                }
                vec![]
            }
            Body::Alerts(list) => {
                ok_status(&mut self.status, String::new());
                self.alerts.iter_mut().find(|a| a.key == key).map(|a| a.apply(at, list)).unwrap_or_default()
            }
            Body::Lines(lines) => {
                if let Some(i) = self.logs.source_index(&key.name) {
                    self.logs.push(i, lines);
                }
                if self.status.get(&key).is_none_or(|s| !s.ok) {
                    ok_status(&mut self.status, String::new());
                }
                vec![]
            }
            Body::Changes(list) => {
                ok_status(&mut self.status, String::new());
                self.changes.iter_mut().find(|c| c.key == key).map(|c| c.apply(at, list)).unwrap_or_default()
            }
            Body::Waiting(msg) => {
                ok_status(&mut self.status, msg);
                vec![]
            }
            Body::Failed(msg) => {
                self.status.insert(key.clone(), SourceStatus { ok: false, message: msg, at });
                // A metric that cannot be read is no longer known to be fine.
                if let Some(m) = self.metrics.iter_mut().find(|m| m.key == key) {
                    m.value = None;
                }
                vec![]
            }
            Body::Restarting { after, why } => {
                let message = format!("{why}; restarting in {}s", after.as_secs());
                self.status.insert(key.clone(), SourceStatus { ok: false, message, at });
                vec![]
            }
        }
    }

    /// One line for the triage pane: what is wrong right now, in words.
    pub fn summary(&self) -> Vec<String> {
        let mut out = Vec::new();
        let down: Vec<&str> =
            self.health.iter().filter(|h| h.state == HealthState::Down).map(|h| h.key.name.as_str()).collect();
        if !down.is_empty() {
            out.push(format!("{} DOWN ({})", down.len(), down.join(", ")));
        }
        let crit = self.metrics.iter().filter(|m| m.band == Band::Critical).count();
        let warn = self.metrics.iter().filter(|m| m.band == Band::Warning).count();
        if crit > 0 {
            out.push(format!("{crit} metric CRIT"));
        }
        if warn > 0 {
            out.push(format!("{warn} metric WARN"));
        }
        let firing: usize = self.alerts.iter().map(|a| a.firing()).sum();
        if firing > 0 {
            out.push(format!("{firing} alert firing"));
        }
        let failing = self.status.values().filter(|s| !s.ok).count();
        if failing > 0 {
            out.push(format!("{failing} source failing"));
        }
        out
    }
}

impl Signals {
    /// Transitions describing what is wrong right now, for an incident that
    /// was just opened (its journal decides which are news).
    pub fn current_trouble(&self, now: DateTime<Utc>) -> Vec<Transition> {
        let mut out = Vec::new();
        for h in self.health.iter().filter(|h| h.state == HealthState::Down) {
            let detail = h.last.as_ref().map(|(_, p)| p.detail.as_str()).unwrap_or("");
            out.push(Transition::new(&h.key, "down", format!("{} DOWN: {detail}", h.key.name), now, true));
        }
        for m in self.metrics.iter().filter(|m| m.band >= Band::Warning) {
            let v = m.value.map(|v| m.format(v)).unwrap_or_default();
            let (word, label) =
                if m.band == Band::Critical { ("critical", "CRITICAL") } else { ("warning", "WARNING") };
            out.push(Transition::new(&m.key, word, format!("{} {label}: {v}", m.key.name), now, true));
        }
        for a in &self.alerts {
            let mut view = AlertsView::new(a.key.clone());
            out.extend(view.apply(now, a.alerts.clone()));
        }
        for c in &self.changes {
            out.extend(c.recent(now));
        }
        out
    }
}
