//! What the sources have said, kept over time, and the transitions found in
//! it: a check going down, a threshold crossed, an alert firing, a new
//! deploy. Pure: `update` applies source reports here, and transitions
//! become journal entries. No terminal, no I/O.

pub mod alerts;
pub mod changes;
pub mod gates;
pub mod health;
pub mod logs;
pub mod metrics;
pub mod slo;
pub mod snapshot;
pub mod vocab;

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
    pub slos: Vec<slo::SloView>,
    pub status: BTreeMap<SourceKey, SourceStatus>,
    /// When the open incident was declared, for budget spent during it.
    pub incident_start: Option<DateTime<Utc>>,
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
            slos: vec![],
            status: BTreeMap::new(),
            incident_start: None,
        }
    }

    pub fn with_slos(mut self, slos: &[crate::config::slo::SloSpec]) -> Self {
        self.slos = slos.iter().map(slo::SloView::new).collect();
        self
    }

    /// The open incident changed: budget spent is counted from its start.
    pub fn set_incident_start(&mut self, start: Option<DateTime<Utc>>) {
        if self.incident_start != start {
            self.incident_start = start;
            for s in &mut self.slos {
                // Evaluated at its newest sample: no clock is read here.
                let Some(at) = s.history.last().map(|x| x.at) else { continue };
                let alert = s.alert;
                let _ = s.evaluate(at, start);
                s.alert = alert;
            }
        }
    }

    pub fn any(&self) -> bool {
        !(self.health.is_empty()
            && self.metrics.is_empty()
            && self.alerts.is_empty()
            && self.logs.sources.is_empty()
            && self.slos.is_empty())
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
                let since = self.incident_start;
                let mut out: Vec<Transition> = self
                    .slos
                    .iter_mut()
                    .filter(|s| s.health.as_ref().is_some_and(|(c, ..)| *c == key.name))
                    .filter_map(|s| s.probe(at, p.ok, since))
                    .collect();
                let h = self.health.iter_mut().find(|h| h.key == key);
                out.extend(h.and_then(|h| h.apply(at, p)));
                out
            }
            Body::SloSample { good, total } => {
                ok_status(&mut self.status, String::new());
                let since = self.incident_start;
                let s = self.slos.iter_mut().find(|s| s.key == key);
                s.and_then(|s| s.sample(at, good, total, since)).into_iter().collect()
            }
            Body::SloHistory(rows) => {
                let since = self.incident_start;
                if let Some(s) = self.slos.iter_mut().find(|s| s.key == key) {
                    s.load(rows, since);
                }
                vec![]
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

    /// What the severity matrix looks at (`slo::suggest`).
    pub fn facts(&self, service: Option<&str>, data_at_risk: Option<&str>) -> crate::slo::suggest::Facts {
        use crate::slo::math::BurnAlert;
        let of_service = |name: &str| service.is_some_and(|s| name == s || name.starts_with(&format!("{s} ")));
        let checks: Vec<&HealthView> = self.health.iter().filter(|h| of_service(&h.key.name)).collect();
        let down = checks.iter().filter(|h| h.state == HealthState::Down).count();
        let service_sli = self
            .slos
            .iter()
            .filter(|s| s.service.as_deref().is_some_and(of_service))
            .filter_map(|s| Some((s.eval.as_ref()?.sli_now?, s.name().to_string())))
            .min_by(|a, b| a.0.total_cmp(&b.0));
        let page_burn = self
            .slos
            .iter()
            .filter(|s| s.alert == BurnAlert::Page)
            .filter_map(|s| Some((s.name().to_string(), s.eval.as_ref()?.burn(chrono::Duration::hours(1))?)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let error_rate = self
            .slos
            .iter()
            .filter_map(|s| Some((1.0 - s.eval.as_ref()?.sli_now?, s.name().to_string())))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        // The service's sources (all of them when the incident names no
        // service), and how many cannot be read now.
        let mine = |name: &str, service_of: Option<&str>| {
            service.is_none() || of_service(name) || service_of.is_some_and(of_service)
        };
        let keys: Vec<&SourceKey> = self
            .health
            .iter()
            .map(|h| (&h.key, None))
            .chain(self.metrics.iter().map(|m| (&m.key, None)))
            .chain(self.slos.iter().map(|s| (&s.key, s.service.as_deref())))
            .filter(|(k, svc)| mine(&k.name, *svc))
            .map(|(k, _)| k)
            .collect();
        let failing = keys.iter().filter(|k| self.status.get(**k).is_some_and(|s| !s.ok)).count();
        let mut partial = Vec::new();
        for h in self.health.iter().filter(|h| h.state == HealthState::Down) {
            partial.push(format!("{} DOWN", h.key.name));
        }
        for m in self.metrics.iter().filter(|m| m.band >= Band::Warning) {
            partial.push(format!("{} {}", m.key.name, m.band.label()));
        }
        for s in self.slos.iter().filter(|s| s.alert == BurnAlert::Ticket) {
            partial.push(format!("ticket-level burn on {}", s.name()));
        }
        for a in &self.alerts {
            if a.firing() > 0 {
                partial.push(format!("{} alert(s) firing", a.firing()));
            }
        }
        crate::slo::suggest::Facts {
            service_checks: (down, checks.len()),
            service_sli,
            service_sources: (failing, keys.len()),
            data_at_risk: data_at_risk.map(str::to_string),
            page_burn,
            error_rate,
            partial,
            current: None,
        }
    }

    /// Failed requests since the incident was declared, from the SLO that
    /// counts the most, and the users that makes where that SLO says
    /// requests per user (at least one user when a request failed).
    pub fn failed_since_declared(&self) -> Option<(f64, Option<f64>)> {
        let (bad, rpu) = self
            .slos
            .iter()
            .filter(|s| s.health.is_none())
            .filter_map(|s| Some((s.eval.as_ref()?.incident_spent?.1, s.requests_per_user)))
            .max_by(|a, b| a.0.total_cmp(&b.0))?;
        let bad = bad.round();
        let users = rpu.filter(|r| *r > 0.0).map(|r| if bad > 0.0 { (bad / r).round().max(1.0) } else { 0.0 });
        Some((bad, users))
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
        let paging: Vec<&str> =
            self.slos.iter().filter(|s| s.alert > crate::slo::math::BurnAlert::None).map(|s| s.name()).collect();
        if !paging.is_empty() {
            out.push(format!("burning: {}", paging.join(", ")));
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
            // Dated from when it went down, not from when it is recorded.
            let detail = h.last.as_ref().map(|(_, p)| p.detail.as_str()).unwrap_or("");
            let at = h.since.unwrap_or(now);
            out.push(Transition::new(&h.key, "down", format!("{} DOWN: {detail}", h.key.name), at, true));
        }
        // Metrics by what is on the record: a crossing still within its
        // dwell is not news yet.
        for m in &self.metrics {
            let (word, label) = match m.recorded_state() {
                Some(w @ "flapping") => (w, "flapping around its thresholds, now"),
                Some(w @ "critical") => (w, "CRITICAL:"),
                Some(w @ "warning") => (w, "WARNING:"),
                _ => continue,
            };
            let v = m.value.map(|v| m.format(v)).unwrap_or_default();
            let at = m.band_since.unwrap_or(now);
            out.push(Transition::new(&m.key, word, format!("{} {label} {v}", m.key.name), at, true));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_requests_and_users_come_from_one_slo_and_agree() {
        let cfg = crate::config::parse(
            std::path::Path::new("t.yaml"),
            "slos:\n  - { name: a, objective: 99.9, requests_per_user: 3, sli: { prometheus: { url: \"http://p\", total: t, bad: b } } }\n",
        )
        .unwrap();
        let mut s = Signals::new(&cfg.sources, 10).with_slos(&cfg.slos);
        let t0: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        s.set_incident_start(Some(t0));
        let key = crate::sources::slo::key(&cfg.slos[0]);
        let feed = |s: &mut Signals, sec: i64, good: f64, total: f64| {
            let at = t0 + chrono::Duration::seconds(sec);
            s.apply(Report { key: key.clone(), at, body: Body::SloSample { good, total } });
        };
        feed(&mut s, 0, 100.0, 100.0);
        feed(&mut s, 10, 199.0, 200.0);
        // One failed request is one user at least, never "~0 users".
        assert_eq!(s.failed_since_declared(), Some((1.0, Some(1.0))));
        feed(&mut s, 20, 290.0, 300.0);
        assert_eq!(s.failed_since_declared(), Some((10.0, Some(3.0))), "current: 10 failed, 10/3 users");
    }
}
