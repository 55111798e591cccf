//! The simulated system's state, shared by the engine (which advances it)
//! and the HTTP services (which report it). Demo-internal: the dashboard
//! only ever sees it through /health, /metrics and the log file.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::scenario::Params;

/// Histogram bounds, in seconds, as a service would export them.
pub const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Debug, Clone, Default)]
pub struct Counters {
    pub ok: f64,
    pub err: f64,
    /// Cumulative counts per bucket of `BUCKETS`, then +Inf.
    pub buckets: [f64; 12],
    pub sum: f64,
}

#[derive(Debug, Default)]
pub struct World {
    pub params: BTreeMap<String, Params>,
    pub counters: BTreeMap<String, Counters>,
}

/// Latency shape around a p95 target: (share of requests, multiple of p95).
const SHAPE: [(f64, f64); 4] = [(0.6, 0.3), (0.3, 0.7), (0.08, 1.0), (0.02, 1.5)];

impl World {
    /// Serves `dt` seconds of traffic at the current parameters.
    pub fn advance(&mut self, dt: f64) {
        for (svc, p) in &self.params {
            let get = |k: &str| p.get(k).copied().unwrap_or(0.0);
            let n = get("rps") * dt;
            let error = get("error").clamp(0.0, 1.0);
            let c = self.counters.entry(svc.clone()).or_default();
            c.ok += n * (1.0 - error);
            c.err += n * error;
            let p95 = get("latency_ms") / 1000.0;
            for (share, mult) in SHAPE {
                let v = p95 * mult;
                let k = n * share;
                c.sum += k * v;
                for (i, le) in BUCKETS.iter().enumerate() {
                    if v <= *le {
                        c.buckets[i] += k;
                    }
                }
                c.buckets[BUCKETS.len()] += k;
            }
        }
    }

    pub fn healthy(&self, svc: &str) -> (bool, String) {
        let p = self.params.get(svc);
        let get = |k: &str| p.and_then(|p| p.get(k)).copied().unwrap_or(0.0);
        let (e, l) = (get("error"), get("latency_ms"));
        let ok = e < 0.1 && l < 2000.0;
        let status = if ok { "ok" } else { "degraded" };
        (ok, format!(r#"{{"status":"{status}","error_rate":{e:.4},"p95_ms":{l:.0}}}"#))
    }

    /// The service's /metrics page in the Prometheus text format.
    pub fn exposition(&self, svc: &str) -> String {
        let mut out = String::new();
        let c = self.counters.get(svc).cloned().unwrap_or_default();
        let l = format!("service=\"{svc}\"");
        let _ = writeln!(out, "# HELP http_requests_total Requests served, by status.");
        let _ = writeln!(out, "# TYPE http_requests_total counter");
        let _ = writeln!(out, "http_requests_total{{{l},status=\"200\"}} {}", c.ok.floor());
        let _ = writeln!(out, "http_requests_total{{{l},status=\"500\"}} {}", c.err.floor());
        let _ = writeln!(out, "# HELP http_request_duration_seconds Request latency.");
        let _ = writeln!(out, "# TYPE http_request_duration_seconds histogram");
        for (i, le) in BUCKETS.iter().enumerate() {
            let _ = writeln!(out, "http_request_duration_seconds_bucket{{{l},le=\"{le}\"}} {}", c.buckets[i].floor());
        }
        let total = c.buckets[BUCKETS.len()].floor();
        let _ = writeln!(out, "http_request_duration_seconds_bucket{{{l},le=\"+Inf\"}} {total}");
        let _ = writeln!(out, "http_request_duration_seconds_sum{{{l}}} {:.3}", c.sum);
        let _ = writeln!(out, "http_request_duration_seconds_count{{{l}}} {total}");
        let p = self.params.get(svc).cloned().unwrap_or_default();
        let gauges = [
            ("pool", "db_pool_connections_in_use", "Connections in use."),
            ("pool_max", "db_pool_connections_max", "Pool size."),
            ("queue", "job_queue_depth", "Jobs waiting."),
            ("queue_age", "job_queue_oldest_seconds", "Age of the oldest waiting job."),
        ];
        for (key, name, help) in gauges {
            if let Some(v) = p.get(key) {
                let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name}{{{l}}} {}", v.round());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::exposition::parse;
    use crate::sources::scrape::histogram_quantile;

    #[test]
    fn traffic_shows_in_metrics_a_scraper_can_read() {
        let mut w = World::default();
        let p: Params = [("rps", 100.0), ("error", 0.25), ("latency_ms", 2400.0), ("pool", 100.0)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        w.params.insert("checkout-api".into(), p);
        w.advance(10.0);
        let parsed = parse(&w.exposition("checkout-api"));
        assert_eq!(parsed.bad_lines, 0, "{:?}", parsed.errors);
        let v = |name: &str, status: &str| {
            parsed.samples.iter().find(|s| s.name == name && s.label("status") == Some(status)).unwrap().value
        };
        assert_eq!(v("http_requests_total", "200"), 750.0);
        assert_eq!(v("http_requests_total", "500"), 250.0);
        let buckets: Vec<(f64, f64)> = parsed
            .samples
            .iter()
            .filter(|s| s.name == "http_request_duration_seconds_bucket")
            .map(|s| (crate::sources::exposition::parse_value(s.label("le").unwrap()).unwrap(), s.value))
            .collect();
        let p95 = histogram_quantile(0.95, &buckets).unwrap();
        assert!((2.0..=3.5).contains(&p95), "p95 near 2.4s: {p95}");
        assert!(parsed.samples.iter().any(|s| s.name == "db_pool_connections_in_use" && s.value == 100.0));
        assert!(!w.healthy("checkout-api").0);
    }
}
