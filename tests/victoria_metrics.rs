//! The Prometheus source against a real Prometheus-compatible long-term
//! store: VictoriaMetrics (Debian's package) on loopback behind a path
//! prefix, with tenant headers as a gateway would get them; instant and
//! range queries over ten minutes of imported history.

mod common;

use std::path::Path;
use std::time::Duration;

use common::procs;
use warroom::config::parse;
use warroom::sources::{Body, prometheus};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_prometheus_source_reads_victoria_metrics_behind_a_prefix() {
    let Some(bin) = procs::binary("victoria-metrics") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let vm = procs::victoria_metrics(&bin, tmp.path(), "/vm").await;
    // Ten minutes of counters, a point every 15 s: 4 good and 1 failed
    // request a second, in Prometheus text with millisecond timestamps.
    let now = chrono::Utc::now().timestamp();
    let mut text = String::new();
    for i in 0..=40 {
        let t = now - 600 + i * 15;
        text += &format!("http_requests_total{{status=\"200\"}} {} {}\n", i * 60, t * 1000);
        text += &format!("http_requests_total{{status=\"500\"}} {} {}\n", i * 15, t * 1000);
    }
    let client = warroom::sources::http::client();
    let base = format!("http://{}/vm", vm.addr);
    let r = client.post(format!("{base}/api/v1/import/prometheus")).body(text).send().await.unwrap();
    assert!(r.status().is_success(), "import: {}", r.status());
    let r = client.get(format!("{base}/internal/force_flush")).send().await.unwrap();
    assert!(r.status().is_success(), "flush: {}", r.status());

    let cfg = parse(
        Path::new("test.yaml"),
        &format!(
            r#"
sources:
  prometheus:
    - name: checkout 5xx ratio
      url: {base}
      query: sum(rate(http_requests_total{{status="500"}}[1m])) / sum(rate(http_requests_total[1m]))
      headers: {{X-Scope-OrgID: tenant-a}}
    - name: by status
      url: {base}/
      query: sum by (status) (rate(http_requests_total[1m]))
    - name: broken
      url: {base}
      query: "sum(rate(http_requests_total[1m]"
"#
        ),
    )
    .unwrap()
    .sources;
    let wc = warroom::sources::http::client();

    // Instant: the ratio is 1 in 5 (data may take a moment to be searchable).
    let start = std::time::Instant::now();
    let series = loop {
        match prometheus::poll(&wc, &cfg.prometheus[0]).await {
            Body::Values { series, .. } if series.first().is_some_and(|s| s.value.is_finite()) => break series,
            other => {
                assert!(
                    start.elapsed() < Duration::from_secs(30),
                    "no ratio from VictoriaMetrics: {other:?}\n{}",
                    std::fs::read_to_string(&vm.log).unwrap_or_default()
                );
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        }
    };
    assert!((series[0].value - 0.2).abs() < 0.01, "ratio {}", series[0].value);

    // Several series with their labels, largest first; a trailing slash in
    // the URL changes nothing.
    match prometheus::poll(&wc, &cfg.prometheus[1]).await {
        Body::Values { series, .. } => {
            assert_eq!(series.len(), 2);
            assert_eq!(series[0].labels, "{status=\"200\"}");
            assert!((series[0].value - 4.0).abs() < 0.1 && (series[1].value - 1.0).abs() < 0.1, "{series:?}");
        }
        other => panic!("{other:?}"),
    }

    // Range: the sparkline's history over the ten minutes, in time order.
    let r = prometheus::range(&wc, &cfg.prometheus[0], Duration::from_secs(600)).await.unwrap();
    let points = &r.series.first().expect("a series over the range").points;
    assert!(points.len() >= 20, "{} points", points.len());
    assert!(points.windows(2).all(|w| w[0].0 < w[1].0), "points in time order");
    assert!(points.iter().all(|(_, v)| (*v - 0.2).abs() < 0.02), "{points:?}");

    // A bad query fails with the store's own words.
    match prometheus::poll(&wc, &cfg.prometheus[2]).await {
        Body::Failed(e) => assert!(!e.is_empty(), "{e}"),
        other => panic!("a broken query must fail: {other:?}"),
    }
}
