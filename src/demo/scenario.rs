//! Scenarios: a script of how the simulated system behaves over time.
//! Pure: parameters at a given scenario time, which log emitters run, when
//! the pager declares. The YAML files live in `assets/scenarios/`.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

use crate::config::Dur;
use crate::incident::{IncidentKind, Severity};

/// Numeric knobs of one service: `rps`, `error` (0..1), `latency_ms` (p95),
/// `pool`, `pool_max`, `queue`, `queue_age` (seconds).
pub type Params = BTreeMap<String, f64>;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    pub title: String,
    pub summary: String,
    pub incident: IncidentSpec,
    pub fix: Fix,
    #[serde(default)]
    pub changes: Vec<ChangeSpec>,
    pub baseline: BTreeMap<String, Params>,
    #[serde(default)]
    pub noise: Vec<Emitter>,
    pub steps: Vec<Step>,
    #[serde(default)]
    pub recovery: Recovery,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentSpec {
    #[serde(deserialize_with = "severity")]
    pub severity: Severity,
    #[serde(deserialize_with = "kind")]
    pub kind: IncidentKind,
    pub service: String,
}

fn severity<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Severity, D::Error> {
    let s = String::deserialize(d)?;
    Severity::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown severity `{s}`")))
}

fn kind<'de, D: serde::Deserializer<'de>>(d: D) -> Result<IncidentKind, D::Error> {
    let s = String::deserialize(d)?;
    IncidentKind::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown kind `{s}`")))
}

/// What the operator does to end it, and how fast the system recovers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fix {
    pub action: String,
    pub hint: String,
    pub ramp: Dur,
}

/// A change (deploy, config) `ago` before the demo starts, or `at` a
/// scenario time.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeSpec {
    #[serde(default)]
    pub ago: Option<Dur>,
    #[serde(default)]
    pub at: Option<Dur>,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub at: Dur,
    #[serde(default = "zero")]
    pub ramp: Dur,
    #[serde(default)]
    pub set: BTreeMap<String, Params>,
    #[serde(default)]
    pub logs: Vec<Emitter>,
    /// The pager declares the incident now.
    #[serde(default)]
    pub declare: bool,
}

fn zero() -> Dur {
    Dur(Duration::ZERO)
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    #[serde(default)]
    pub logs: Vec<Emitter>,
}

/// A log line a service writes every so often (real time). `{id}`,
/// `{user}`, `{ms}` and any parameter (`{pool}`) are filled in.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Emitter {
    pub service: String,
    pub every: Dur,
    pub text: String,
    #[serde(default)]
    pub json: bool,
    /// For JSON lines; text lines carry their level in the text.
    #[serde(default)]
    pub level: Option<String>,
}

/// The scenarios shipped in the binary, from `assets/scenarios/`.
pub const BUILTIN: [(&str, &str); 3] = [
    ("pool-exhaustion", include_str!("../../assets/scenarios/pool-exhaustion.yaml")),
    ("bad-deploy", include_str!("../../assets/scenarios/bad-deploy.yaml")),
    ("silent-failure", include_str!("../../assets/scenarios/silent-failure.yaml")),
];

pub fn parse(name: &str, text: &str) -> Result<Scenario, String> {
    let s: Scenario = serde_yaml::from_str(text).map_err(|e| format!("scenario {name}: {e}"))?;
    for step in &s.steps {
        for svc in step.set.keys() {
            if !s.baseline.contains_key(svc) {
                return Err(format!("scenario {name}: step at {:?} sets unknown service `{svc}`", step.at.0));
            }
        }
    }
    Ok(s)
}

/// A built-in scenario by name, or a scenario file by path.
pub fn load(name: &str) -> Result<Scenario, String> {
    if let Some((n, text)) = BUILTIN.iter().find(|(n, _)| *n == name) {
        return parse(n, text);
    }
    match std::fs::read_to_string(name) {
        Ok(text) => parse(name, &text),
        Err(_) => Err(format!(
            "no scenario `{name}`; built in: {}",
            BUILTIN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
        )),
    }
}

impl Scenario {
    pub fn services(&self) -> Vec<String> {
        self.baseline.keys().cloned().collect()
    }

    /// Every service's parameters at scenario time `t`; after `fixed`, the
    /// values at the fix ramp back to the baseline and the script's later
    /// changes no longer apply.
    pub fn params(&self, t: Duration, fixed: Option<Duration>) -> BTreeMap<String, Params> {
        match fixed {
            Some(tf) if t >= tf => {
                let at_fix = self.scripted(tf, self.steps.len());
                let frac = fraction(t - tf, self.fix.ramp.0);
                let mut out = at_fix.clone();
                for (svc, params) in &mut out {
                    for (k, v) in params.iter_mut() {
                        let base = self.baseline.get(svc).and_then(|p| p.get(k)).copied().unwrap_or(*v);
                        *v += (base - *v) * frac;
                    }
                }
                out
            }
            _ => self.scripted(t, self.steps.len()),
        }
    }

    /// Parameters at `t` from the baseline and the first `n` steps; each
    /// step ramps from the values at its start.
    fn scripted(&self, t: Duration, n: usize) -> BTreeMap<String, Params> {
        let mut cur = self.baseline.clone();
        for (i, step) in self.steps.iter().enumerate().take(n) {
            if step.at.0 > t || step.set.is_empty() {
                continue;
            }
            let start = self.scripted(step.at.0, i);
            let frac = fraction(t - step.at.0, step.ramp.0);
            for (svc, set) in &step.set {
                let entry = cur.entry(svc.clone()).or_default();
                for (k, target) in set {
                    let from = start.get(svc).and_then(|p| p.get(k)).copied().unwrap_or(*target);
                    entry.insert(k.clone(), from + (target - from) * frac);
                }
            }
        }
        cur
    }

    /// The log emitters running at `t`: the noise, the script's until the
    /// fix, the recovery's after it.
    pub fn emitters(&self, t: Duration, fixed: Option<Duration>) -> Vec<&Emitter> {
        let mut v: Vec<&Emitter> = self.noise.iter().collect();
        match fixed {
            Some(tf) if t >= tf => v.extend(&self.recovery.logs),
            _ => v.extend(self.steps.iter().filter(|s| s.at.0 <= t).flat_map(|s| &s.logs)),
        }
        v
    }

    /// When the pager declares, if the script says so.
    pub fn declare_at(&self) -> Option<Duration> {
        self.steps.iter().find(|s| s.declare).map(|s| s.at.0)
    }
}

fn fraction(elapsed: Duration, ramp: Duration) -> f64 {
    if ramp.is_zero() { 1.0 } else { (elapsed.as_secs_f64() / ramp.as_secs_f64()).min(1.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(secs: u64) -> Duration {
        Duration::from_secs(secs)
    }

    #[test]
    fn the_shipped_scenarios_parse() {
        for (name, text) in BUILTIN {
            let sc = parse(name, text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(sc.name, name);
            assert!(sc.declare_at().is_some(), "{name} declares");
            assert_eq!(sc.services(), ["auth", "checkout-api", "db-proxy", "payments"]);
        }
        assert!(load("nope").unwrap_err().contains("pool-exhaustion"));
    }

    #[test]
    fn parameters_ramp_step_by_step_and_back_after_the_fix() {
        let sc = load("pool-exhaustion").unwrap();
        let p = |t, f: Option<u64>| sc.params(s(t), f.map(s))["checkout-api"]["error"];
        let pool = |t, f: Option<u64>| sc.params(s(t), f.map(s))["db-proxy"]["pool"];
        let near = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} != {b}");
        near(p(0, None), 0.0003); // inside the 99.9% SLO until the scenario breaks it
        near(pool(4, None), 35.0);
        near(pool(15, None), 64.5); // halfway up the 20s ramp from 5s
        near(pool(25, None), 94.0); // the next step starts from where the last one got to
        near(pool(35, None), 100.0);
        near(p(30, None), 0.12015); // half of the 10s ramp to 0.24
        near(p(200, None), 0.24);
        // The fix at 200s: halfway back after 30s of its 60s ramp.
        assert!((p(230, Some(200)) - 0.12015).abs() < 1e-9);
        near(p(300, Some(200)), 0.0003);
        near(pool(300, Some(200)), 35.0);
    }

    #[test]
    fn emitters_follow_the_script_and_the_fix() {
        let sc = load("pool-exhaustion").unwrap();
        let n = |t, f: Option<u64>| sc.emitters(s(t), f.map(s)).len();
        assert_eq!(n(0, None), 4);
        assert_eq!(n(10, None), 6);
        assert_eq!(n(100, None), 9);
        assert_eq!(n(100, Some(90)), 5, "after the fix: noise and recovery");
    }
}
