//! `gates:` telemetry conditions a phase's exit checklist holds besides
//! its ticks: "Mitigation needs the 5xx ratio under its warning threshold
//! for 5 minutes", "Validation needs the SLI above objective for 10
//! minutes". A phase not listed keeps its defaults ([`Gates::for_phase`]);
//! listed with `[]`, it has none.
//!
//! ```yaml
//! gates:
//!   mitigation:
//!     - { metric: checkout 5xx, under: warn, for: 5m }
//!   validation:
//!     - { slo: checkout availability, for: 10m }
//!     - { health: checkout-api, for: 10m }
//! ```

use serde::Deserialize;

use super::duration::Dur;
use crate::incident::Phase;

/// Defaults: how long a condition must hold.
const MITIGATION_HOLD: u64 = 5 * 60;
const VALIDATION_HOLD: u64 = 10 * 60;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Gates {
    pub triage: Option<Vec<Condition>>,
    pub evidence: Option<Vec<Condition>>,
    pub root_cause: Option<Vec<Condition>>,
    pub mitigation: Option<Vec<Condition>>,
    pub validation: Option<Vec<Condition>>,
}

/// One telemetry condition: a signal, what it must do, for how long.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "ConditionRaw")]
pub struct Condition {
    pub signal: Signal,
    pub hold: Dur,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Signal {
    /// A metric under a limit: a Prometheus source by its name, a scraped
    /// metric as `SCRAPE / METRIC` (as the metrics pane names it).
    Metric { name: String, under: Limit },
    /// An SLO's SLI over the last 5 minutes at or above its objective.
    Slo { name: String },
    /// A health check up.
    Health { name: String },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// The metric's own `warn` threshold (on its good side: under it, or
    /// over it for a metric whose `direction` is `below`).
    Warn,
    /// Its `critical` threshold.
    Critical,
    Value(f64),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConditionRaw {
    metric: Option<String>,
    slo: Option<String>,
    health: Option<String>,
    under: Option<LimitRaw>,
    #[serde(rename = "for")]
    hold: Dur,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum LimitRaw {
    Word(String),
    Value(f64),
}

impl TryFrom<ConditionRaw> for Condition {
    type Error = String;
    fn try_from(r: ConditionRaw) -> Result<Self, String> {
        let has_under = r.under.is_some();
        let signal = match (r.metric, r.slo, r.health) {
            (Some(name), None, None) => {
                let under = match r.under {
                    Some(LimitRaw::Word(w)) => match w.as_str() {
                        "warn" | "warning" => Limit::Warn,
                        "critical" | "crit" => Limit::Critical,
                        other => return Err(format!("under: `{other}` is not warn, critical or a number")),
                    },
                    Some(LimitRaw::Value(v)) if v.is_finite() => Limit::Value(v),
                    Some(LimitRaw::Value(_)) => return Err("under: must be a finite number".into()),
                    None => Limit::Warn,
                };
                Signal::Metric { name, under }
            }
            (None, Some(name), None) => Signal::Slo { name },
            (None, None, Some(name)) => Signal::Health { name },
            _ => return Err("a gate condition names exactly one of metric, slo or health".into()),
        };
        if has_under && !matches!(signal, Signal::Metric { .. }) {
            return Err("under: applies to a metric only".into());
        }
        Ok(Condition { signal, hold: r.hold })
    }
}

impl Condition {
    /// `checkout 5xx clear of its warning threshold for 5m`.
    pub fn label(&self) -> String {
        let hold = crate::incident::format_duration(chrono::Duration::seconds(self.hold.0.as_secs() as i64));
        match &self.signal {
            Signal::Metric { name, under: Limit::Warn } => format!("{name} clear of its warning threshold for {hold}"),
            Signal::Metric { name, under: Limit::Critical } => {
                format!("{name} clear of its critical threshold for {hold}")
            }
            Signal::Metric { name, under: Limit::Value(v) } => format!("{name} on the good side of {v} for {hold}"),
            Signal::Slo { name } => format!("{name} SLI at or above objective for {hold}"),
            Signal::Health { name } => format!("{name} up for {hold}"),
        }
    }

    /// The source name the condition reads.
    pub fn name(&self) -> &str {
        match &self.signal {
            Signal::Metric { name, .. } | Signal::Slo { name } | Signal::Health { name } => name,
        }
    }
}

impl Gates {
    /// The conditions on leaving `phase`: as configured, else the
    /// defaults: Mitigation, every metric with a warning threshold under it
    /// for 5 minutes; Validation, every SLO's SLI at or above objective and
    /// every health check up, for 10 minutes.
    pub fn for_phase(&self, phase: Phase, cfg: &super::Config) -> Vec<Condition> {
        let configured = match phase {
            Phase::Triage => &self.triage,
            Phase::Evidence => &self.evidence,
            Phase::RootCause => &self.root_cause,
            Phase::Mitigation => &self.mitigation,
            Phase::Validation => &self.validation,
            Phase::Resolved => return vec![],
        };
        if let Some(c) = configured {
            return c.clone();
        }
        let hold = |s| Dur(std::time::Duration::from_secs(s));
        match phase {
            Phase::Mitigation => {
                let prom = cfg.sources.prometheus.iter().filter(|p| p.display.warn.is_some()).map(|p| p.name.0.clone());
                let scrape = cfg.sources.scrape.iter().flat_map(|s| {
                    s.metrics
                        .iter()
                        .filter(|m| m.display.warn.is_some())
                        .map(move |m| format!("{} / {}", s.name.0, m.name.0))
                });
                prom.chain(scrape)
                    .map(|name| Condition {
                        signal: Signal::Metric { name, under: Limit::Warn },
                        hold: hold(MITIGATION_HOLD),
                    })
                    .collect()
            }
            Phase::Validation => {
                let slos = cfg.slos.iter().map(|s| Signal::Slo { name: s.name.0.clone() });
                let health = cfg.sources.health.iter().map(|h| Signal::Health { name: h.name.0.clone() });
                slos.chain(health).map(|signal| Condition { signal, hold: hold(VALIDATION_HOLD) }).collect()
            }
            _ => vec![],
        }
    }

    /// Names a condition reads that no source or SLO has.
    pub fn unknown_names(&self, cfg: &super::Config) -> Vec<String> {
        let lists = [&self.triage, &self.evidence, &self.root_cause, &self.mitigation, &self.validation];
        let mut out = vec![];
        for c in lists.into_iter().flatten().flatten() {
            let known = match &c.signal {
                Signal::Metric { name, .. } => {
                    cfg.sources.prometheus.iter().any(|p| &p.name.0 == name)
                        || cfg
                            .sources
                            .scrape
                            .iter()
                            .any(|s| s.metrics.iter().any(|m| *name == format!("{} / {}", s.name.0, m.name.0)))
                }
                Signal::Slo { name } => cfg.slos.iter().any(|s| &s.name.0 == name),
                Signal::Health { name } => cfg.sources.health.iter().any(|h| &h.name.0 == name),
            };
            if !known {
                out.push(c.name().to_string());
            }
        }
        out
    }
}
