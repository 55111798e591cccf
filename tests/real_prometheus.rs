//! Against a real Prometheus and a real Alertmanager on loopback:
//! Prometheus scrapes a test server, a rule fires into Alertmanager, and
//! warroom's pollers read the query results and the alert.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use common::procs;
use warroom::config::parse;
use warroom::sources::{AlertState, Body, alertmanager, prometheus};

/// A service whose counters grow: 4 good and 1 failed request per 50 ms.
async fn counting_service() -> std::net::SocketAddr {
    let ok = Arc::new(AtomicU64::new(0));
    let bad = Arc::new(AtomicU64::new(0));
    let (o, b) = (ok.clone(), bad.clone());
    tokio::spawn(async move {
        loop {
            o.fetch_add(4, Ordering::Relaxed);
            b.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let app = Router::new().route(
        "/metrics",
        get(move || {
            let (ok, bad) = (ok.load(Ordering::Relaxed), bad.load(Ordering::Relaxed));
            async move {
                format!(
                    "# TYPE http_requests_total counter\nhttp_requests_total{{status=\"200\"}} {ok}\nhttp_requests_total{{status=\"500\"}} {bad}\n"
                )
            }
        }),
    );
    common::servers::serve(app).await
}

const RULES: &str = r#"groups:
  - name: checkout
    rules:
      - alert: CheckoutErrors
        expr: sum(rate(http_requests_total{status="500"}[5s])) > 0
        labels: {severity: page}
        annotations: {summary: "checkout is failing requests"}
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pollers_read_a_real_prometheus_and_alertmanager() {
    let (Some(prom_bin), Some(am_bin)) = (procs::binary("prometheus"), procs::binary("prometheus-alertmanager")) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let app = counting_service().await;
    let am = procs::alertmanager(&am_bin, tmp.path()).await;
    let prom = procs::prometheus(&prom_bin, tmp.path(), &[app], RULES, Some(am.addr)).await;

    let cfg = parse(
        Path::new("test.yaml"),
        &format!(
            r#"
sources:
  prometheus:
    - name: checkout 5xx ratio
      url: http://{p}
      interval: 1s
      query: sum(rate(http_requests_total{{status="500"}}[5s])) / sum(rate(http_requests_total[5s]))
      baseline: sum(rate(http_requests_total{{status="500"}}[5s])) / sum(rate(http_requests_total[5s])) / 2
      warn: 1
      critical: 5
      unit: "%"
      scale: 100
    - name: by status
      url: http://{p}
      query: sum by (status) (rate(http_requests_total[5s]))
      top: 2
    - name: broken query
      url: http://{p}
      query: "sum(rate(http_requests_total[5s]"
  alertmanager:
    - name: am
      url: http://{a}
"#,
            p = prom.addr,
            a = am.addr
        ),
    )
    .unwrap()
    .sources;
    let client = warroom::sources::http::client();

    // The ratio: 1 in 5 requests fails.
    let start = Instant::now();
    let (series, baseline) = loop {
        match prometheus::poll(&client, &cfg.prometheus[0]).await {
            Body::Values { series, baseline, .. } if series[0].value.is_finite() => break (series, baseline),
            other => {
                assert!(start.elapsed() < Duration::from_secs(60), "no ratio yet: {other:?}");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    };
    assert!((series[0].value - 0.2).abs() < 0.05, "ratio {}", series[0].value);
    assert!((baseline.unwrap() - 0.1).abs() < 0.03, "baseline {baseline:?}");

    // Through the signals: scaled, over the critical threshold, journaled text.
    let mut view = warroom::signals::metrics::MetricView::new(
        prometheus::key(&cfg.prometheus[0]),
        cfg.prometheus[0].display.clone(),
    );
    // A crossing is news once it has held for the dwell (30 s by default).
    let t0 = chrono::Utc::now();
    assert!(view.apply(t0, series.clone(), baseline, vec![]).is_none(), "not before the dwell");
    let t = view.apply(t0 + chrono::Duration::seconds(30), series, baseline, vec![]).expect("a crossing");
    assert_eq!(t.at, t0, "dated from the crossing");
    assert_eq!(t.state, "critical");
    assert!(t.text.starts_with("checkout 5xx ratio CRITICAL: "), "{}", t.text);
    assert_eq!(view.vs_baseline().map(|x| x.round()), Some(2.0));

    // Several series, largest first, with their labels.
    match prometheus::poll(&client, &cfg.prometheus[1]).await {
        Body::Values { series, .. } => {
            assert_eq!(series.len(), 2);
            assert_eq!(series[0].labels, "{status=\"200\"}");
            assert!(series[0].value > series[1].value);
        }
        other => panic!("{other:?}"),
    }
    // A bad query is reported as Prometheus words it.
    match prometheus::poll(&client, &cfg.prometheus[2]).await {
        Body::Failed(e) => assert!(e.contains("bad_data"), "{e}"),
        other => panic!("{other:?}"),
    }
    // History for the sparkline, once this young Prometheus has some.
    let start = Instant::now();
    let points = loop {
        let r = prometheus::range(&client, &cfg.prometheus[0], Duration::from_secs(60)).await.unwrap();
        if let Some(s) = r.series.first().filter(|s| s.points.len() >= 3) {
            break s.points.clone();
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no history: {r:?}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert!(points.windows(2).all(|w| w[0].0 < w[1].0), "points in time order");
    assert!(points.iter().all(|(_, v)| (*v - 0.2).abs() < 0.1), "{points:?}");

    // The rule fires into Alertmanager; the poller sees it.
    let start = Instant::now();
    let alert = loop {
        if let Body::Alerts(a) = alertmanager::poll(&client, &cfg.alertmanager[0]).await
            && let Some(a) = a.into_iter().find(|a| a.name == "CheckoutErrors")
        {
            break a;
        }
        assert!(
            start.elapsed() < Duration::from_secs(90),
            "no alert; prometheus log: {}",
            std::fs::read_to_string(&prom.log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert_eq!(alert.state, AlertState::Firing);
    assert_eq!(alert.severity.as_deref(), Some("page"));
    assert_eq!(alert.summary.as_deref(), Some("checkout is failing requests"));
}

/// Scraped counters with a known error ratio (1 in 5) against a 99%
/// objective: the SLO state must read a 20x burn. Seconds of data prove
/// no workbook page (that needs 1h × 14.4 / 20 = 43 min of it); a rule
/// with windows the data covers pages once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_known_burn_rate_reads_back_in_the_slo_state() {
    let Some(prom_bin) = procs::binary("prometheus") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let app = counting_service().await;
    let prom = procs::prometheus(&prom_bin, tmp.path(), &[app], "groups: []\n", None).await;
    let sli = format!(
        r#"
    sli:
      prometheus:
        url: http://{}
        total: sum(http_requests_total)
        bad: sum(http_requests_total{{status="500"}})"#,
        prom.addr
    );
    let cfg = parse(
        Path::new("t.yaml"),
        &format!(
            r#"
slos:
  - name: checkout availability
    service: checkout-api
    objective: 99
    window: 30d
    interval: 1s{sli}
  - name: checkout fast
    objective: 99
    window: 30d
    interval: 1s
    alerts: [{{ severity: page, long: 6s, short: 3s, factor: 14.4 }}]{sli}
"#
        ),
    )
    .unwrap();
    let client = warroom::sources::http::client();
    let mut signals = warroom::signals::Signals::new(&cfg.sources, 10).with_slos(&cfg.slos);
    let start = Instant::now();
    let mut transitions = Vec::new();
    loop {
        for spec in &cfg.slos {
            let body = warroom::sources::slo::sample(&client, spec).await;
            if let Body::Failed(e) = &body {
                assert!(start.elapsed() < Duration::from_secs(60), "no SLI yet: {e}");
            }
            let key = warroom::sources::slo::key(spec);
            transitions.extend(signals.apply(warroom::sources::Report { key, at: chrono::Utc::now(), body }));
        }
        let fast = signals.slos[1].eval.clone();
        if fast.as_ref().is_some_and(|e| e.alert == warroom::slo::math::BurnAlert::Page)
            && signals.slos[0].history.len() >= 4
        {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no page from the 6s/3s rule: {fast:?}");
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }
    let e = signals.slos[0].eval.clone().unwrap();
    let b = e.burn(chrono::Duration::minutes(5)).unwrap();
    assert!((b - 20.0).abs() < 3.0, "burn {b}, expected 20x (20% bad against a 1% budget)");
    assert_eq!(e.alert, warroom::slo::math::BurnAlert::None, "seconds of data prove no workbook page");
    assert!(!e.complete, "seconds of data for a 30-day window, and it says so");
    // Budget: 20x for the seconds observed, against the whole window's traffic.
    let spent = e.consumed.unwrap();
    let expect = 20.0 * e.coverage.num_milliseconds() as f64 / (30.0 * 86_400_000.0);
    assert!((spent - expect).abs() < expect * 0.2, "spent {spent}, expected about {expect}");
    let pages: Vec<_> = transitions.iter().filter(|t| t.state == "page").collect();
    assert_eq!(pages.len(), 1, "{transitions:?}");
    assert!(pages[0].source.ends_with("checkout fast"), "{pages:?}");
    let spec = &cfg.slos[0];
    // History from Prometheus at start reads the same counters.
    match warroom::sources::slo::history(&client, spec).await {
        Some(Body::SloHistory(rows)) => assert!(rows.iter().all(|(_, g, t)| g <= t)),
        other => panic!("{other:?}"),
    }
}
