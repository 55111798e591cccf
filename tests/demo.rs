//! `warroom demo` end to end: the real binary in a pseudo-terminal at high
//! speed, and a real Prometheus scraping `--serve-only`.

mod common;

use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Pty, procs};
use warroom::incident::Payload;
use warroom::journal::IncidentDir;

/// Waits until the demo's incident journal holds an event from `source`
/// in `state`.
fn wait_journal(dir: &Path, source: &str, state: &str) -> warroom::journal::Loaded {
    let start = Instant::now();
    loop {
        let incidents = IncidentDir::open(dir.join("incidents")).unwrap();
        if let Ok(Some(id)) = incidents.newest_open()
            && let Ok(l) = incidents.load(&id)
        {
            let found = l.entries.iter().any(|e| {
                matches!(&e.payload, Payload::Event { source: Some(s), state: Some(st), .. } if s == source && st == state)
            });
            if found {
                return l;
            }
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no {source} {state} in the journal");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A temporary folder for the demo: (guard, the demo's dir, it as text,
/// the log file's path).
fn demo_dirs() -> (tempfile::TempDir, std::path::PathBuf, String, String) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let d = dir.to_string_lossy().into_owned();
    let log = tmp.path().join("warroom.log").to_string_lossy().into_owned();
    (tmp, dir, d, log)
}

#[test]
fn the_demo_degrades_records_recovers_on_the_fix() {
    let (_tmp, dir, d, log) = demo_dirs();
    let mut t =
        Pty::spawn(&["demo", "--speed", "20", "--dir", &d, "--as", "alice"], &[("WARROOM_LOG_FILE", &log)], 120, 40);

    // Before the pager declares, the signals are on screen.
    t.wait_for(&["No open incident", "Health", "checkout-api"]);
    // The pager declares; checkout goes down; the transition is journaled.
    t.wait_for(&["SEV2 HIGH", "Checkout API 500s"]);
    let j = wait_journal(&dir, "health:checkout-api", "down");
    assert_eq!(j.incident.declared_by, "pager");
    t.send("2");
    t.wait_for(&["DOWN      checkout-api"]);
    // The log pane's top pattern is the pool exhaustion.
    let screen = t.wait_until("the pool error as the top pattern", |s| {
        s.lines()
            .find(|l| l.contains("x <*>") || l.contains("x checkout"))
            .is_some_and(|l| l.contains("ERROR pool: too many connections"))
    });
    assert!(screen.contains("checkout-api ERROR pool: too many connections"), "{screen}");

    // A crossing goes on the record once it has held for the dwell (10 s in
    // the demo's config), dated from when it crossed.
    let j = wait_journal(&dir, "scrape:checkout-api / 5xx", "critical");
    let crit = j.entries.iter().find_map(|e| match &e.payload {
        Payload::Event { source: Some(s), state: Some(st), since, .. }
            if s == "scrape:checkout-api / 5xx" && st == "critical" =>
        {
            Some((e.at, *since))
        }
        _ => None,
    });
    let (written, since) = crit.unwrap();
    let dwell = written - since.unwrap();
    assert!(dwell >= chrono::Duration::seconds(10), "recorded {dwell} after the crossing");

    // The fix: recorded as a mitigation, and the system recovers.
    t.send("F");
    let j = wait_journal(&dir, "health:checkout-api", "up");
    assert!(
        j.incident
            .actions
            .iter()
            .any(|a| a.text == "pause the nightly export job and cap its pool share" && a.author == "alice"),
        "the fix is an action: {:?}",
        j.incident.actions
    );
    wait_journal(&dir, "scrape:checkout-api / 5xx", "ok");
    t.send("2");
    t.wait_for(&["UP        checkout-api"]);
    t.send("1");
    t.send("z");
    t.wait_for(&["checkout-api UP again"]);
    t.quit();
    assert!(dir.join("warroom.yaml").exists(), "the config is kept as an example");
    // The demo ends with the exact command for its postmortem, and it works.
    let screen = t.screen();
    let cmd = screen
        .lines()
        .find(|l| l.contains(" report INC-"))
        .unwrap_or_else(|| panic!("no report command in:\n{screen}"))
        .trim()
        .to_string();
    let out = Command::new("sh").arg("-c").arg(&cmd).output().unwrap();
    assert!(out.status.success(), "{cmd}: {}", String::from_utf8_lossy(&out.stderr));
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.starts_with("# Postmortem: Checkout API 500s"), "{md}");
    assert!(md.contains("pause the nightly export job"), "the fix is in the report: {md}");
}

#[test]
fn lists_its_scenarios() {
    let out = Command::new(env!("CARGO_BIN_EXE_warroom")).args(["demo", "--list"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for name in ["pool-exhaustion", "bad-deploy", "silent-failure"] {
        assert!(text.contains(name), "{text}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_warroom")).args(["demo", "--scenario", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no scenario `nope`"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_prometheus_scrapes_the_serve_only_demo() {
    let Some(prom_bin) = procs::binary("prometheus") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let mut demo = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["demo", "--serve-only", "--speed", "20", "--dir"])
        .arg(tmp.path().join("demo"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut targets = Vec::new();
    let mut fix_url = None;
    for line in std::io::BufReader::new(demo.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://127.0.0.1:")) {
            if line.contains("curl -X POST") {
                fix_url = Some(url.to_string());
            } else {
                targets.push(url.trim_start_matches("http://").parse().unwrap());
            }
        }
        if line.starts_with("serving until") {
            break;
        }
    }
    assert_eq!(targets.len(), 4, "four services");
    let prom = procs::prometheus(&prom_bin, tmp.path(), &targets, "groups: []\n", None).await;

    let cfg = warroom::config::parse(
        Path::new("t.yaml"),
        &format!(
            "sources:\n  prometheus:\n    - {{ name: checkout rps, url: \"http://{}\", query: 'sum(rate(http_requests_total{{service=\"checkout-api\"}}[5s]))' }}\n",
            prom.addr
        ),
    )
    .unwrap()
    .sources;
    let client = warroom::sources::http::client();
    let start = Instant::now();
    let rps = loop {
        if let warroom::sources::Body::Values { series, .. } =
            warroom::sources::prometheus::poll(&client, &cfg.prometheus[0]).await
            && series[0].value > 0.0
        {
            break series[0].value;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no rate from the demo");
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert!((60.0..400.0).contains(&rps), "checkout serves 120 to 260 req/s in this scenario: {rps}");

    // The fix endpoint works from outside, as a runbook would call it.
    let fix_url = fix_url.expect("the fix command is printed");
    let r = client.post(&fix_url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 202);

    // SIGTERM ends it cleanly.
    // SAFETY: signalling our own child.
    unsafe { libc::kill(demo.id() as i32, libc::SIGTERM) };
    assert!(demo.wait().unwrap().success());
}

/// The demo's services run inside their SLOs until the scenario breaks
/// them (errors start 25 s in): no SLO burns before the incident.
#[test]
fn no_slo_burns_before_the_incident() {
    let (_tmp, _, d, log) = demo_dirs();
    let start = Instant::now();
    let mut t = Pty::spawn(&["demo", "--speed", "1", "--dir", &d], &[("WARROOM_LOG_FILE", &log)], 160, 48);
    t.wait_for(&["No open incident", "SLOs 2", "checkout availability SLI", "checkout latency SLI"]);
    // Measured for a while, still well before the errors start.
    std::thread::sleep(Duration::from_secs(18).saturating_sub(start.elapsed()));
    let screen = t.screen();
    assert!(start.elapsed() < Duration::from_secs(24), "sampled too late to say anything");
    let slo_rows: Vec<&str> = screen.lines().filter_map(|l| l.split('│').nth(1).or(l.split('┃').nth(1))).collect();
    let burns: Vec<f64> = slo_rows
        .iter()
        .filter(|l| l.trim_start().starts_with("burn 5m:"))
        .flat_map(|l| l.split_whitespace().skip(1))
        .filter_map(|w| w.split(':').nth(1)?.trim_start_matches('~').strip_suffix('x')?.parse().ok())
        .collect();
    assert_eq!(burns.len(), 14, "7 windows for each of 2 SLOs:\n{screen}");
    assert!(burns.iter().all(|b| *b < 1.0), "an SLO burns before the incident: {burns:?}\n{screen}");
    assert!(slo_rows.iter().any(|l| l.contains("ok     checkout availability SLI")), "{screen}");
    assert!(!screen.contains("PAGE") && !screen.contains("TICKET") && !screen.contains("EXHAUSTED"), "{screen}");
    assert!(screen.contains("SLOs 2 "), "the pane's title counts no burning SLO: {screen}");
    t.quit();
}
