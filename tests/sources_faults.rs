//! A dead, slow, lying or hostile source is reported as what it is, in
//! bounded time, and never takes anything else down.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::servers::{faults, refused, serve};
use warroom::config::{Sources, parse};
use warroom::sources::{Body, alertmanager, health, prometheus, scrape};

fn sources(yaml: &str) -> Sources {
    parse(Path::new("test.yaml"), yaml).unwrap_or_else(|e| panic!("{e}")).sources
}

fn failed(body: Body) -> String {
    match body {
        Body::Failed(e) => e,
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[tokio::test]
async fn health_checks_report_each_fault_in_words() {
    let addr = serve(faults()).await;
    let dead = refused();
    let s = sources(&format!(
        r#"
sources:
  health:
    - {{ name: ok, url: "http://{addr}/ok/health" }}
    - {{ name: hang, url: "http://{addr}/hang/health", timeout: 300ms }}
    - {{ name: unavailable, url: "http://{addr}/503/health" }}
    - {{ name: refused, url: "http://{dead}/health" }}
    - {{ name: huge, url: "http://{addr}/huge/health", timeout: 10s }}
    - {{ name: wrong-body, url: "http://{addr}/ok/health", body_contains: "healthy" }}
    - {{ name: tcp-refused, tcp: "{dead}" }}
    - {{ name: cmd-ok, command: [sh, -c, "exit 0"] }}
    - {{ name: cmd-fail, command: [sh, -c, "echo 'no response' >&2; exit 2"] }}
    - {{ name: cmd-hang, command: [sleep, "30"], timeout: 300ms }}
"#
    ));
    let client = warroom::sources::http::client();
    let mut results = Vec::new();
    for spec in &s.health {
        let start = Instant::now();
        let p = health::probe(&client, spec).await;
        assert!(start.elapsed() < Duration::from_secs(5), "{} took {:?}", spec.name.0, start.elapsed());
        results.push((spec.name.0.clone(), p.ok, p.detail));
    }
    let expect = [
        ("ok", true, "200 OK"),
        ("hang", false, "timed out after 300ms"),
        ("unavailable", false, "503 Service Unavailable"),
        ("refused", false, "connection refused"),
        ("huge", false, "response larger than 16 MiB, not read"),
        ("wrong-body", false, "200 OK, body lacks `healthy`"),
        ("tcp-refused", false, "Connection refused (os error 111)"),
        ("cmd-ok", true, "exit 0"),
        ("cmd-fail", false, "exit 2: no response"),
        ("cmd-hang", false, "timed out after 300ms"),
    ];
    for ((name, ok, detail), (en, eok, edetail)) in results.iter().zip(expect) {
        assert_eq!((name.as_str(), *ok, detail.as_str()), (en, eok, edetail));
    }
}

#[tokio::test]
async fn prometheus_errors_garbage_and_floods_are_named() {
    let addr = serve(faults()).await;
    let dead = refused();
    let s = sources(&format!(
        r#"
sources:
  prometheus:
    - {{ name: hang, url: "http://{addr}/hang", query: up, timeout: 300ms }}
    - {{ name: api-error, url: "http://{addr}/503", query: up }}
    - {{ name: html, url: "http://{addr}/html503", query: up }}
    - {{ name: garbage, url: "http://{addr}/badjson", query: up }}
    - {{ name: flood, url: "http://{addr}/huge-chunked", query: up, timeout: 20s }}
    - {{ name: down, url: "http://{dead}", query: up }}
"#
    ));
    let client = warroom::sources::http::client();
    let mut got = Vec::new();
    for spec in &s.prometheus {
        got.push(failed(prometheus::poll(&client, spec).await));
    }
    assert_eq!(got[0], "timed out after 300ms");
    assert_eq!(got[1], "503 Service Unavailable: unavailable: overloaded");
    assert!(got[2].starts_with("503 Service Unavailable: not a Prometheus API response"), "{}", got[2]);
    assert!(got[2].contains("503 Service Unavailable</body>"), "the body is quoted: {}", got[2]);
    assert!(got[3].starts_with("not a Prometheus API response"), "{}", got[3]);
    assert_eq!(got[4], "response larger than 16 MiB, not read");
    assert_eq!(got[5], "connection refused");
}

#[tokio::test]
async fn alertmanager_and_scrape_faults() {
    let addr = serve(faults()).await;
    let s = sources(&format!(
        r#"
sources:
  alertmanager:
    - {{ name: garbage, url: "http://{addr}/badjson" }}
    - {{ name: unavailable, url: "http://{addr}/html503" }}
  scrape:
    - name: not-metrics
      url: "http://{addr}/badjson/metrics"
      metrics: [{{ name: reqs, metric: http_requests_total, kind: rate }}]
    - name: hang
      url: "http://{addr}/hang/metrics"
      timeout: 300ms
      metrics: [{{ name: reqs, metric: http_requests_total, kind: rate }}]
"#
    ));
    let client = warroom::sources::http::client();
    let a = failed(alertmanager::poll(&client, &s.alertmanager[0]).await);
    assert!(a.starts_with("not an Alertmanager v2 alert list"), "{a}");
    let b = failed(alertmanager::poll(&client, &s.alertmanager[1]).await);
    assert!(b.starts_with("503 Service Unavailable"), "{b}");
    let c = scrape::scrape_once(&client, &s.scrape[0]).await.unwrap_err();
    assert!(c.starts_with("not the Prometheus text format"), "{c}");
    let d = scrape::scrape_once(&client, &s.scrape[1]).await.unwrap_err();
    assert_eq!(d, "timed out after 300ms");
}

/// The supervisor keeps a hanging source from holding up the others.
#[tokio::test]
async fn one_hanging_source_does_not_delay_the_others() {
    let addr = serve(faults()).await;
    let s = sources(&format!(
        r#"
sources:
  health:
    - {{ name: hang, url: "http://{addr}/hang/x", timeout: 30s, interval: 100ms }}
    - {{ name: ok, url: "http://{addr}/ok/x", interval: 100ms }}
"#
    ));
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    warroom::sources::supervisor::spawn_all(&s, &[], tx);
    let mut ok_reports = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while ok_reports < 5 {
        let r = tokio::time::timeout_at(deadline, rx.recv()).await.expect("the ok source kept reporting").unwrap();
        assert_eq!(r.key.name, "ok", "the hanging check has not answered yet");
        ok_reports += 1;
    }
}
