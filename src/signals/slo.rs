//! Each SLO over time: its counters' history, the latest evaluation, and
//! the burn-alert state, whose changes are transitions.

use chrono::{DateTime, Utc};

use super::Transition;
use crate::config::slo::{Sli, SloSpec};
use crate::slo::history::History;
use crate::slo::math::{BurnAlert, Evaluation, Rule, evaluate, workbook};
use crate::sources::SourceKey;

#[derive(Debug, Clone)]
pub struct SloView {
    pub key: SourceKey,
    pub service: Option<String>,
    pub objective: f64,
    pub window: chrono::Duration,
    pub rules: Vec<Rule>,
    /// For a health-check SLI: the check, and the probes counted so far.
    pub health: Option<(String, f64, f64)>,
    pub requests_per_user: Option<f64>,
    pub history: History,
    pub eval: Option<Evaluation>,
    pub alert: BurnAlert,
}

impl SloView {
    pub fn new(spec: &SloSpec) -> Self {
        let rules = if spec.alerts.is_empty() {
            workbook()
        } else {
            spec.alerts
                .iter()
                .map(|a| Rule {
                    alert: if a.severity == "page" { BurnAlert::Page } else { BurnAlert::Ticket },
                    long: chrono::Duration::from_std(a.long.0).unwrap_or_default(),
                    short: chrono::Duration::from_std(a.short.0).unwrap_or_default(),
                    factor: a.factor,
                })
                .collect()
        };
        Self {
            key: crate::sources::slo::key(spec),
            service: spec.service.clone(),
            objective: spec.objective,
            window: chrono::Duration::from_std(spec.window.0).unwrap_or(chrono::Duration::days(30)),
            rules,
            health: match &spec.sli {
                Sli::Health(check) => Some((check.clone(), 0.0, 0.0)),
                _ => None,
            },
            requests_per_user: spec.requests_per_user,
            history: History::default(),
            eval: None,
            alert: BurnAlert::None,
        }
    }

    /// A view with no history, for a replayed snapshot to fill.
    pub fn restored(key: SourceKey, service: Option<String>, objective: f64) -> Self {
        Self {
            key,
            service,
            objective,
            window: chrono::Duration::days(30),
            rules: workbook(),
            health: None,
            requests_per_user: None,
            history: History::default(),
            eval: None,
            alert: BurnAlert::None,
        }
    }

    pub fn name(&self) -> &str {
        &self.key.name
    }

    /// A probe of the health check this SLI counts.
    pub fn probe(&mut self, at: DateTime<Utc>, ok: bool, since: Option<DateTime<Utc>>) -> Option<Transition> {
        let (_, good, total) = self.health.as_mut()?;
        *total += 1.0;
        *good += f64::from(u8::from(ok));
        let (g, t) = (*good, *total);
        self.sample(at, g, t, since)
    }

    pub fn sample(
        &mut self,
        at: DateTime<Utc>,
        good: f64,
        total: f64,
        since: Option<DateTime<Utc>>,
    ) -> Option<Transition> {
        self.history.push(at, good, total);
        self.evaluate(at, since)
    }

    pub fn load(&mut self, rows: Vec<(DateTime<Utc>, f64, f64)>, since: Option<DateTime<Utc>>) {
        let mut h = History::default();
        for (t, g, tot) in rows {
            h.push(t, g, tot);
        }
        // Samples taken before the history arrived stay after it.
        if let Some(last) = self.history.last() {
            h.push(last.at, last.good, last.total);
        }
        self.history = h;
        self.alert = BurnAlert::None;
        // Evaluated at its newest sample: no clock is read here.
        let Some(at) = self.history.last().map(|s| s.at) else { return };
        let _ = self.evaluate(at, since);
    }

    /// Re-evaluates; a change of burn alert is a transition.
    pub fn evaluate(&mut self, at: DateTime<Utc>, since: Option<DateTime<Utc>>) -> Option<Transition> {
        let e = evaluate(&self.history, self.objective, self.window, &self.rules, since);
        let (old, new) = (self.alert, e.alert);
        let burns = |e: &Evaluation| {
            let b = |m| e.burn(chrono::Duration::minutes(m)).map_or("-".to_string(), |x| format!("{x:.1}x"));
            format!("{} over 1h, {} over 5m", b(60), b(5))
        };
        let text = burns(&e);
        self.eval = Some(e);
        self.alert = new;
        if old == new || (old == BurnAlert::None && new == BurnAlert::None) {
            return None;
        }
        let (word, t) = match new {
            BurnAlert::Page => ("page", format!("{}: PAGE-level burn ({text})", self.name())),
            BurnAlert::Ticket => ("ticket", format!("{}: TICKET-level burn ({text})", self.name())),
            BurnAlert::None => ("ok", format!("{}: burn back under alert levels ({text})", self.name())),
        };
        Some(Transition::new(&self.key, word, t, at, new > BurnAlert::None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burning_slo_pages_once_and_clears() {
        let spec: SloSpec =
            serde_yaml::from_str("name: checkout availability\nobjective: 99\nwindow: 30d\nsli: {health: checkout}\n")
                .unwrap();
        let mut v = SloView::new(&spec);
        let t0: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        let mut out = vec![];
        // A probe a second, all failing: 100x. With no history before it,
        // the 1h window proves 14.4x after 1h × 14.4 / 100 = 518.4 s.
        for s in 0..=518 {
            out.extend(v.probe(t0 + chrono::Duration::seconds(s), false, None));
        }
        assert!(out.is_empty(), "518 s of failures prove 14.39x over 1h: {out:?}");
        for s in 519..600 {
            out.extend(v.probe(t0 + chrono::Duration::seconds(s), false, None));
        }
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].state, "page");
        assert!(out[0].text.starts_with("checkout availability: PAGE-level burn (100.0x over 1h"), "{}", out[0].text);
        // Recovery: the page holds while the 5m window still holds enough
        // failures (300 s × 14.4 / 100 = 43.2 s of them), then clears.
        // Ten minutes of failures are 2.3% of a 30-day budget: no ticket.
        for s in 600..856 {
            out.extend(v.probe(t0 + chrono::Duration::seconds(s), true, None));
        }
        assert_eq!(out.len(), 1, "still paging: {out:?}");
        for s in 856..2500 {
            out.extend(v.probe(t0 + chrono::Duration::seconds(s), true, None));
        }
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out[1].state, "ok");
        assert!(!out[1].bad);
        let spent = v.eval.as_ref().unwrap().consumed.unwrap();
        // 599 bad after the first sample, of 1 a second over 30 days at 1%.
        assert!((spent - 599.0 / (30.0 * 86_400.0 * 0.01)).abs() < 1e-9, "{spent}");
    }
}
