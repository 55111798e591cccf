//! Phase gates checked against telemetry: whether each condition of a
//! phase's exit checklist holds now, since when, and if not, what is
//! missing. Pure: the signals, the time and what the caller tracked.
//! Never a verdict without data: a failing or silent source leaves its
//! condition unmet, and says so.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::Signals;
use super::health::HealthState;
use super::metrics::{Band, MetricView, band};
use crate::config::gates::{Condition, Limit, Signal};
use crate::config::sources::Direction;
use crate::incident::format_duration;

/// A condition as it stands now.
#[derive(Debug, Clone, PartialEq)]
pub struct GateItem {
    pub label: String,
    pub met: bool,
    /// What the checklist says after the label: `met since 10:31`,
    /// `held 2m00s of 5m`, `3.2% now`, `no data: the source is failing`.
    pub detail: String,
}

/// Since when each condition has held, as the dashboard saw it (for the
/// signals that keep no history of their own: SLOs). By label.
pub type Held = HashMap<String, DateTime<Utc>>;

/// Whether `c` holds now, and since when when that is known.
fn holds(c: &Condition, s: &Signals, now: DateTime<Utc>, held: &Held) -> Result<Option<DateTime<Utc>>, String> {
    let failing = |key: &crate::sources::SourceKey| {
        s.status.get(key).filter(|st| !st.ok).map(|st| format!("no data: the source is failing ({})", st.message))
    };
    match &c.signal {
        Signal::Metric { name, under } => {
            let m = s.metrics.iter().find(|m| &m.key.name == name).ok_or_else(|| format!("no metric named {name}"))?;
            if let Some(why) = failing(&m.key) {
                return Err(why);
            }
            let v = m.value.filter(|v| v.is_finite()).ok_or_else(|| "no data yet".to_string())?;
            if !clear(m, *under, v) {
                return Err(format!("{} now", m.format(v)));
            }
            // Since the oldest point of the run of clear values that ends now.
            let since = m.history.iter().rev().take_while(|(_, v)| clear(m, *under, *v)).last().map(|(t, _)| *t);
            Ok(since.or(m.at))
        }
        Signal::Health { name } => {
            let h = s.health.iter().find(|h| &h.key.name == name).ok_or_else(|| format!("no check named {name}"))?;
            match h.state {
                HealthState::Up if h.flapping() => Err("up but flapping".into()),
                HealthState::Up => Ok(h.since),
                HealthState::Down => Err("down".into()),
                HealthState::Pending => Err("no result yet".into()),
            }
        }
        Signal::Slo { name } => {
            let slo = s.slos.iter().find(|x| x.name() == name).ok_or_else(|| format!("no SLO named {name}"))?;
            if let Some(why) = failing(&slo.key) {
                return Err(why);
            }
            let e = slo.eval.as_ref().ok_or_else(|| "no data yet".to_string())?;
            let sli = e.sli_now.ok_or_else(|| "no SLI for the last 5 minutes".to_string())?;
            if sli < e.objective {
                return Err(format!("SLI {:.3}% under {:.3}%", sli * 100.0, e.objective * 100.0));
            }
            Ok(held.get(&c.label()).copied().or(Some(now)))
        }
    }
}

/// On the good side of the limit.
fn clear(m: &MetricView, under: Limit, v: f64) -> bool {
    match under {
        Limit::Warn => band(v, &m.display) == Band::Ok,
        Limit::Critical => band(v, &m.display) != Band::Critical,
        Limit::Value(x) => match m.display.direction {
            Direction::Above => v < x,
            Direction::Below => v > x,
        },
    }
}

/// Each condition now. `held` is what [`track`] kept.
pub fn evaluate(conds: &[Condition], s: &Signals, now: DateTime<Utc>, held: &Held) -> Vec<GateItem> {
    conds
        .iter()
        .map(|c| {
            let label = c.label();
            let need = chrono::Duration::from_std(c.hold.0).unwrap_or(chrono::Duration::zero());
            match holds(c, s, now, held) {
                Err(why) => GateItem { label, met: false, detail: why },
                Ok(None) => GateItem { label, met: false, detail: "holds, since when unknown".into() },
                Ok(Some(since)) => {
                    let for_ = (now - since).max(chrono::Duration::zero());
                    if for_ >= need {
                        GateItem {
                            label,
                            met: true,
                            detail: format!("met since {}", (since + need).format("%H:%M:%S")),
                        }
                    } else {
                        let detail = format!("held {} of {}", format_duration(for_), format_duration(need));
                        GateItem { label, met: false, detail }
                    }
                }
            }
        })
        .collect()
}

/// Keeps `held` current: a condition that holds keeps its start, one that
/// does not is forgotten. Call it as often as the signals change.
pub fn track(conds: &[Condition], s: &Signals, now: DateTime<Utc>, held: &mut Held) {
    for c in conds {
        let label = c.label();
        match holds(c, s, now, held) {
            Ok(_) => {
                held.entry(label).or_insert(now);
            }
            Err(_) => {
                held.remove(&label);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::incident::Phase;
    use crate::sources::{Body, Kind, Probe, Report, SeriesValue, SourceKey};

    const YAML: &str = r#"
sources:
  health:
    - { name: checkout-api, url: "http://127.0.0.1:1/health", consecutive: 1 }
  prometheus:
    - { name: checkout 5xx, url: "http://127.0.0.1:1", query: x, warn: 1, critical: 5, unit: "%" }
    - { name: no warn, url: "http://127.0.0.1:1", query: y }
"#;

    fn t(min: i64) -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse::<DateTime<Utc>>().unwrap() + chrono::Duration::minutes(min)
    }

    fn setup() -> (crate::config::Config, Signals) {
        let cfg = crate::config::parse(Path::new("t.yaml"), YAML).unwrap();
        let s = Signals::new(&cfg.sources, 100);
        (cfg, s)
    }

    fn value(s: &mut Signals, at: DateTime<Utc>, v: f64) {
        let series = vec![SeriesValue { labels: String::new(), value: v }];
        let key = SourceKey::new(Kind::Prometheus, "checkout 5xx");
        s.apply(Report { key, at, body: Body::Values { series, baseline: None, warnings: vec![] } });
    }

    #[test]
    fn defaults_gate_mitigation_on_warn_thresholds_and_validation_on_checks() {
        let (cfg, _) = setup();
        let m: Vec<String> = cfg.gates.for_phase(Phase::Mitigation, &cfg).iter().map(|c| c.label()).collect();
        assert_eq!(m, vec!["checkout 5xx clear of its warning threshold for 5m00s"], "only metrics with a warn");
        let v: Vec<String> = cfg.gates.for_phase(Phase::Validation, &cfg).iter().map(|c| c.label()).collect();
        assert_eq!(v, vec!["checkout-api up for 10m00s"]);
        assert!(cfg.gates.for_phase(Phase::Triage, &cfg).is_empty());
    }

    #[test]
    fn a_metric_gate_is_met_once_clear_for_the_whole_hold() {
        let (cfg, mut s) = setup();
        let conds = cfg.gates.for_phase(Phase::Mitigation, &cfg);
        let held = Held::new();
        let item = |s: &Signals, now| evaluate(&conds, s, now, &held).remove(0);
        assert_eq!(item(&s, t(0)).detail, "no data yet");
        value(&mut s, t(0), 3.2);
        let over = item(&s, t(0));
        assert!(!over.met);
        assert_eq!(over.detail, "3.20% now");
        for m in 1..=4 {
            value(&mut s, t(m), 0.4);
        }
        let partial = item(&s, t(4));
        assert_eq!((partial.met, partial.detail.as_str()), (false, "held 3m00s of 5m00s"), "clear since 10:01");
        value(&mut s, t(6), 0.3);
        let met = item(&s, t(6));
        assert_eq!((met.met, met.detail.as_str()), (true, "met since 10:06:00"));
        // Over again: not met, whatever held before.
        value(&mut s, t(7), 1.5);
        assert!(!item(&s, t(7)).met);
    }

    #[test]
    fn a_failing_source_leaves_its_gate_unmet_and_says_why() {
        let (cfg, mut s) = setup();
        let conds = cfg.gates.for_phase(Phase::Mitigation, &cfg);
        for m in 0..10 {
            value(&mut s, t(m), 0.1);
        }
        assert!(evaluate(&conds, &s, t(10), &Held::new())[0].met);
        let key = SourceKey::new(Kind::Prometheus, "checkout 5xx");
        s.apply(Report { key, at: t(11), body: Body::Failed("connection refused".into()) });
        let g = evaluate(&conds, &s, t(11), &Held::new()).remove(0);
        assert!(!g.met, "no verdict from a failing source");
        assert!(g.detail.starts_with("no data: the source is failing"), "{}", g.detail);
    }

    #[test]
    fn a_health_gate_counts_from_when_the_check_came_up() {
        let (cfg, mut s) = setup();
        let conds = cfg.gates.for_phase(Phase::Validation, &cfg);
        let key = SourceKey::new(Kind::Health, "checkout-api");
        let probe = |ok| Body::Probe(Probe { ok, latency: None, detail: if ok { "200" } else { "503" }.into() });
        s.apply(Report { key: key.clone(), at: t(0), body: probe(false) });
        assert_eq!(evaluate(&conds, &s, t(0), &Held::new())[0].detail, "down");
        s.apply(Report { key: key.clone(), at: t(2), body: probe(true) });
        assert_eq!(evaluate(&conds, &s, t(5), &Held::new())[0].detail, "held 3m00s of 10m00s");
        assert!(evaluate(&conds, &s, t(12), &Held::new())[0].met);
    }
}
