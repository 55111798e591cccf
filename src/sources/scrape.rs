//! Reading a `/metrics` endpoint directly, for hosts with no Prometheus:
//! counters become per-second rates between two scrapes (resets handled),
//! ratios divide two rates, histograms give quantile estimates from the
//! buckets' increase, gauges are summed.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::Utc;
use regex::Regex;
use tokio::sync::mpsc::Sender;

use super::exposition::{Parsed, Sample, parse};
use super::http::{BODY_CAP, fetch, snippet};
use super::{Body, Kind, Report, SeriesValue, SourceKey};
use crate::config::sources::{MetricKind, ScrapeMetric, ScrapeSpec};

/// Every sample of one scrape by series id, for the next one's rates.
pub type Snapshot = HashMap<String, f64>;

pub fn series_id(s: &Sample) -> String {
    let mut labels: Vec<_> = s.labels.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
    labels.sort();
    format!("{}{{{}}}", s.name, labels.join(","))
}

pub fn snapshot(samples: &[Sample]) -> Snapshot {
    samples.iter().map(|s| (series_id(s), s.value)).collect()
}

/// Label matchers: exact, or a whole-value regex after `~`.
pub struct Matchers(Vec<(String, Matcher)>);

enum Matcher {
    Exact(String),
    Regex(Regex),
}

impl Matchers {
    pub fn new(spec: &std::collections::BTreeMap<String, String>) -> Result<Self, String> {
        let mut v = Vec::new();
        for (k, pat) in spec {
            let m = match pat.strip_prefix('~') {
                Some(re) => Matcher::Regex(Regex::new(&format!("^(?:{re})$")).map_err(|e| format!("label {k}: {e}"))?),
                None => Matcher::Exact(pat.clone()),
            };
            v.push((k.clone(), m));
        }
        Ok(Matchers(v))
    }

    pub fn matches(&self, s: &Sample) -> bool {
        self.0.iter().all(|(k, m)| {
            let v = s.label(k).unwrap_or("");
            match m {
                Matcher::Exact(e) => v == e,
                Matcher::Regex(r) => r.is_match(v),
            }
        })
    }
}

/// What one metric is worth now. `Ok(None)` while a rate has no previous
/// scrape yet, or when there was no traffic to divide or estimate from.
pub fn compute(m: &ScrapeMetric, samples: &[Sample], prev: Option<(&Snapshot, f64)>) -> Result<Option<f64>, String> {
    let num = Matchers::new(&m.labels)?;
    let family = m.metric.0.as_str();
    let rate = |matchers: &Matchers, name: &str| -> Result<Option<f64>, String> {
        let Some((prev, dt)) = prev else { return Ok(None) };
        let mut found = false;
        let mut sum = 0.0;
        for s in samples.iter().filter(|s| s.name == name && matchers.matches(s)) {
            found = true;
            let before = prev.get(&series_id(s)).copied();
            sum += increase(before, s.value);
        }
        if !found {
            return Err(format!("no series of {name} match"));
        }
        Ok(Some(sum / dt.max(1e-9)))
    };
    match m.kind {
        MetricKind::Gauge => {
            let vals: Vec<f64> =
                samples.iter().filter(|s| s.name == family && num.matches(s)).map(|s| s.value).collect();
            if vals.is_empty() {
                return Err(format!("no series of {family} match"));
            }
            Ok(Some(vals.iter().sum()))
        }
        MetricKind::Rate => rate(&num, family),
        MetricKind::Ratio => {
            let den = Matchers::new(&m.total_labels)?;
            match (rate(&num, family), rate(&den, family)?) {
                (_, None) => Ok(None),
                (_, Some(d)) if d <= 0.0 => Ok(None),
                // No series of the numerator (no 5xx yet) is a ratio of 0.
                (Err(_), Some(_)) => Ok(Some(0.0)),
                (Ok(n), Some(d)) => Ok(n.map(|n| n / d)),
            }
        }
        MetricKind::Quantile => {
            let Some((prev, _)) = prev else { return Ok(None) };
            let q = m.quantile.unwrap_or(0.95);
            let bucket = format!("{family}_bucket");
            let mut by_le: Vec<(f64, f64)> = Vec::new();
            for s in samples.iter().filter(|s| s.name == bucket && num.matches(s)) {
                let Some(le) = s.label("le").and_then(super::exposition::parse_value) else {
                    continue;
                };
                let inc = increase(prev.get(&series_id(s)).copied(), s.value);
                match by_le.iter_mut().find(|(l, _)| *l == le) {
                    Some((_, c)) => *c += inc,
                    None => by_le.push((le, inc)),
                }
            }
            if by_le.is_empty() {
                return Err(format!("no buckets of {bucket} match"));
            }
            by_le.sort_by(|a, b| a.0.total_cmp(&b.0));
            Ok(histogram_quantile(q, &by_le))
        }
    }
}

/// A counter's increase since `before`; a drop is a reset, counted from 0.
fn increase(before: Option<f64>, now: f64) -> f64 {
    match before {
        Some(b) if now >= b => now - b,
        Some(_) => now,
        // A series that appeared since the last scrape started from 0.
        None => now,
    }
}

/// Prometheus' histogram_quantile over cumulative `(le, count)` buckets,
/// sorted by `le` and ending with `+Inf`. None without observations.
pub fn histogram_quantile(q: f64, buckets: &[(f64, f64)]) -> Option<f64> {
    let total = buckets.last()?.1;
    if total <= 0.0 || !(0.0..=1.0).contains(&q) {
        return None;
    }
    let rank = q * total;
    let mut lower = 0.0;
    let mut below = 0.0;
    for (i, &(le, count)) in buckets.iter().enumerate() {
        if count >= rank {
            if le.is_infinite() {
                // Above the last finite bucket: its bound is the best guess.
                return Some(if i > 0 { buckets[i - 1].0 } else { 0.0 });
            }
            let in_bucket = count - below;
            if in_bucket <= 0.0 {
                return Some(le);
            }
            return Some(lower + (le - lower) * (rank - below) / in_bucket);
        }
        lower = le;
        below = count;
    }
    None
}

pub async fn scrape_once(client: &reqwest::Client, spec: &ScrapeSpec) -> Result<Parsed, String> {
    let req = client.get(&spec.url).header("Accept", "text/plain;version=0.0.4");
    let req = super::http::with_headers(req, &spec.headers).map_err(|e| e.to_string())?;
    let f = fetch(req, spec.timeout.0, BODY_CAP).await.map_err(|e| e.to_string())?;
    if !(200..300).contains(&f.status) {
        return Err(format!("{}: {}", f.status_line(), snippet(&f.body)));
    }
    let parsed = parse(&String::from_utf8_lossy(&f.body));
    if parsed.samples.is_empty() {
        let why = parsed.errors.first().cloned().unwrap_or_else(|| "no samples".into());
        return Err(format!("not the Prometheus text format ({why})"));
    }
    Ok(parsed)
}

pub fn key(spec: &ScrapeSpec, m: &ScrapeMetric) -> SourceKey {
    SourceKey::new(Kind::Scrape, format!("{} / {}", spec.name.0, m.name.0))
}

pub async fn run(spec: ScrapeSpec, client: reqwest::Client, tx: Sender<Report>) {
    let mut every = tokio::time::interval(spec.interval.0);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut prev: Option<(Snapshot, Instant)> = None;
    loop {
        every.tick().await;
        let at = Utc::now();
        let bodies: Vec<(SourceKey, Body)> = match scrape_once(&client, &spec).await {
            Err(e) => {
                prev = None;
                spec.metrics.iter().map(|m| (key(&spec, m), Body::Failed(e.clone()))).collect()
            }
            Ok(parsed) => {
                let now = Instant::now();
                let p = prev.as_ref().map(|(s, t)| (s, now.duration_since(*t).as_secs_f64()));
                let out = spec
                    .metrics
                    .iter()
                    .map(|m| {
                        let body = match compute(m, &parsed.samples, p) {
                            Ok(Some(v)) => Body::Values {
                                series: vec![SeriesValue { labels: String::new(), value: v }],
                                baseline: None,
                                warnings: parsed.errors.clone(),
                            },
                            Ok(None) if p.is_none() => Body::Waiting("first scrape; a rate needs two".into()),
                            Ok(None) => Body::Waiting("no traffic in the last interval".into()),
                            Err(e) => Body::Failed(e),
                        };
                        (key(&spec, m), body)
                    })
                    .collect();
                prev = Some((snapshot(&parsed.samples), now));
                out
            }
        };
        for (key, body) in bodies {
            if tx.send(Report { key, at, body }).await.is_err() {
                return;
            }
        }
        // Keep the next scrape on its interval even after a slow one.
        tokio::time::sleep(Duration::ZERO).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::sources::Display;

    fn metric(kind: MetricKind, labels: &[(&str, &str)], total: &[(&str, &str)]) -> ScrapeMetric {
        let map = |v: &[(&str, &str)]| v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ScrapeMetric {
            name: crate::config::types::NonEmpty("m".into()),
            metric: crate::config::types::NonEmpty("reqs".into()),
            kind,
            labels: map(labels),
            total_labels: map(total),
            quantile: Some(0.5),
            display: Display::default(),
        }
    }

    #[test]
    fn rates_and_ratios_between_two_scrapes() {
        let t1 = parse("reqs{status=\"200\"} 100\nreqs{status=\"500\"} 10\n").samples;
        let t2 = parse("reqs{status=\"200\"} 190\nreqs{status=\"500\"} 20\n").samples;
        let snap = snapshot(&t1);
        let rate = metric(MetricKind::Rate, &[], &[]);
        assert_eq!(compute(&rate, &t2, None).unwrap(), None, "a rate needs two scrapes");
        assert_eq!(compute(&rate, &t2, Some((&snap, 10.0))).unwrap(), Some(10.0));
        let ratio = metric(MetricKind::Ratio, &[("status", "~5..")], &[]);
        assert_eq!(compute(&ratio, &t2, Some((&snap, 10.0))).unwrap(), Some(0.1));
        let gauge = metric(MetricKind::Gauge, &[("status", "500")], &[]);
        assert_eq!(compute(&gauge, &t2, None).unwrap(), Some(20.0));
        let none = metric(MetricKind::Gauge, &[("status", "404")], &[]);
        assert!(compute(&none, &t2, None).unwrap_err().contains("no series"));
    }

    #[test]
    fn a_counter_reset_counts_from_zero_and_no_5xx_is_a_zero_ratio() {
        let t1 = parse("reqs{status=\"200\"} 1000\n").samples;
        let t2 = parse("reqs{status=\"200\"} 30\n").samples;
        let rate = metric(MetricKind::Rate, &[], &[]);
        assert_eq!(compute(&rate, &t2, Some((&snapshot(&t1), 1.0))).unwrap(), Some(30.0));
        let ratio = metric(MetricKind::Ratio, &[("status", "~5..")], &[]);
        assert_eq!(compute(&ratio, &t2, Some((&snapshot(&t1), 1.0))).unwrap(), Some(0.0));
    }

    #[test]
    fn quantiles_from_bucket_increases() {
        let t1 = parse("reqs_bucket{le=\"0.1\"} 0\nreqs_bucket{le=\"0.5\"} 0\nreqs_bucket{le=\"+Inf\"} 0\n").samples;
        let t2 =
            parse("reqs_bucket{le=\"0.1\"} 50\nreqs_bucket{le=\"0.5\"} 100\nreqs_bucket{le=\"+Inf\"} 100\n").samples;
        let q = metric(MetricKind::Quantile, &[], &[]);
        assert_eq!(compute(&q, &t2, Some((&snapshot(&t1), 1.0))).unwrap(), Some(0.1));
        assert_eq!(compute(&q, &t1, Some((&snapshot(&t1), 1.0))).unwrap(), None, "no observations");
    }

    #[test]
    fn histogram_quantile_matches_prometheus() {
        let b = [(0.1, 10.0), (0.2, 30.0), (0.4, 40.0), (f64::INFINITY, 40.0)];
        assert!((histogram_quantile(0.5, &b).unwrap() - 0.15).abs() < 1e-9);
        assert_eq!(histogram_quantile(0.25, &b), Some(0.1));
        assert!((histogram_quantile(0.9, &b).unwrap() - 0.32).abs() < 1e-9);
        let tail = [(0.1, 10.0), (f64::INFINITY, 20.0)];
        assert_eq!(histogram_quantile(0.99, &tail), Some(0.1));
        assert_eq!(histogram_quantile(0.5, &[(f64::INFINITY, 0.0)]), None);
    }
}
