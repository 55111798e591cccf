//! The config the demo's dashboard runs on: the same format and the same
//! pollers as production, pointed at the simulated services. It is written
//! to the demo directory so it can be read as an example.

use std::fmt::Write;
use std::net::SocketAddr;
use std::path::Path;

pub fn yaml(services: &[(String, SocketAddr)], dir: &Path) -> String {
    let d = dir.display();
    let mut y = String::new();
    let _ = writeln!(y, "# Written by `warroom demo`: the simulated services, watched as production would be.");
    let _ = writeln!(y, "incident_dir: {d}/incidents");
    let _ = writeln!(y, "sources:\n  health:");
    for (name, addr) in services {
        let _ = writeln!(
            y,
            "    - {{ name: {name}, url: \"http://{addr}/health\", interval: 1s, timeout: 1s, consecutive: 2 }}"
        );
    }
    let _ = writeln!(y, "  scrape:");
    for (name, addr) in services {
        let _ = writeln!(
            y,
            "    - name: {name}\n      url: http://{addr}/metrics\n      interval: 2s\n      timeout: 1s\n      metrics:"
        );
        if name == "db-proxy" {
            let _ = writeln!(
                y,
                "        - {{ name: pool in use, metric: db_pool_connections_in_use, kind: gauge, warn: 80, critical: 95, dwell: 10s }}"
            );
            let _ = writeln!(
                y,
                "        - {{ name: queue depth, metric: job_queue_depth, kind: gauge, warn: 100, critical: 1000, dwell: 10s }}"
            );
            let _ = writeln!(
                y,
                "        - {{ name: oldest job, metric: job_queue_oldest_seconds, kind: gauge, warn: 300, critical: 900, unit: s, dwell: 10s }}"
            );
            continue;
        }
        let _ = writeln!(
            y,
            "        - {{ name: 5xx, metric: http_requests_total, kind: ratio, labels: {{status: \"~5..\"}}, warn: 1, critical: 5, unit: \"%\", scale: 100, dwell: 10s }}"
        );
        if name == "checkout-api" {
            let _ = writeln!(
                y,
                "        - {{ name: p95, metric: http_request_duration_seconds, kind: quantile, quantile: 0.95, warn: 0.5, critical: 1, unit: s, dwell: 10s }}"
            );
        }
    }
    let _ = writeln!(y, "  logs:\n    - {{ name: services, file: \"{d}/services.log\" }}");
    let _ = writeln!(y, "  changes:\n    - {{ name: deploys, file: \"{d}/changes.log\", interval: 2s }}");
    if let Some((_, addr)) = services.iter().find(|(n, _)| n == "checkout-api") {
        let _ = writeln!(y, "slos:");
        let _ = writeln!(
            y,
            "  - {{ name: checkout availability, service: checkout-api, objective: 99.9, window: 30d, interval: 2s, requests_per_user: 3,\n      sli: {{ scrape: {{ url: \"http://{addr}/metrics\", metric: http_requests_total, bad: {{status: \"~5..\"}} }} }} }}"
        );
        let _ = writeln!(
            y,
            "  - {{ name: checkout latency, service: checkout-api, objective: 99, window: 30d, interval: 2s,\n      sli: {{ scrape: {{ url: \"http://{addr}/metrics\", metric: http_request_duration_seconds, threshold: 1 }} }} }}"
        );
    }
    y
}
