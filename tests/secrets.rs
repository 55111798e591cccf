//! Secrets stay secret: canary tokens in health, Prometheus and webhook
//! URLs (path, query, userinfo), with every source failing, reach no
//! output: not `check`, not `status`, not the journal, not the report, not
//! the log file.

mod common;

use common::Pty;

#[test]
fn canary_tokens_in_urls_reach_no_output() {
    let tmp = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let addr = rt.block_on(common::servers::serve(common::servers::faults()));
    let dead = common::servers::refused();
    // Accepts and hangs up at once: reqwest's own error, which names the URL.
    let rude = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let rude_addr = rude.local_addr().unwrap();
    std::thread::spawn(move || {
        for c in rude.incoming() {
            drop(c);
        }
    });
    let dir = tmp.path().join("incidents");
    let log = tmp.path().join("warroom.log");
    let config = tmp.path().join("warroom.yaml");
    std::fs::write(
        &config,
        format!(
            r#"incident_dir: {dir}
sources:
  health:
    - {{ name: refused, url: "http://{dead}/health?token=CANARY-Q", interval: 1s, timeout: 1s, consecutive: 1 }}
    - {{ name: hangs, url: "http://ops:CANARY-U@{addr}/hang/CANARY-P", interval: 1s, timeout: 1s, consecutive: 1 }}
    - {{ name: unavailable, url: "http://{addr}/html503/CANARY-H", interval: 1s, consecutive: 1 }}
    - {{ name: rude, url: "http://{rude_addr}/health?key=CANARY-C", interval: 1s, consecutive: 1 }}
  prometheus:
    - {{ name: prom, url: "http://{addr}/503/CANARY-R", query: up, interval: 1s }}
updates:
  webhooks:
    - {{ name: chat, url: "http://{dead}/hooks/CANARY-W", timeout: 1s, attempts: 1 }}
"#,
            dir = dir.display()
        ),
    )
    .unwrap();
    let cfg = config.to_string_lossy().into_owned();
    let log_s = log.to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_warroom"))
            .args(["--config", &cfg])
            .args(args)
            .env("WARROOM_LOG_FILE", &log_s)
            .output()
            .unwrap();
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    };
    let mut seen = String::new();
    let check = run(&["check"]);
    assert!(check.contains("connection refused") && check.contains("timed out"), "the failures are said: {check}");
    seen += &check;
    seen += &run(&["declare", "Checkout API 500s", "--severity", "high"]);
    // The dashboard records the checks going down and posts an update.
    let mut t = Pty::spawn(&["--config", &cfg, "--as", "alice"], &[("WARROOM_LOG_FILE", &log_s)], 120, 30);
    t.wait_for(&["refused DOWN", "rude DOWN"]);
    t.send("u");
    t.wait_for(&["Stakeholder update (Enter sends)"]);
    t.send("\r");
    t.wait_for(&["alice: Stakeholder update:"]);
    std::thread::sleep(std::time::Duration::from_secs(2));
    seen += &t.screen();
    t.quit();
    seen += &run(&["status"]);
    seen += &run(&["status", "--json"]);
    seen += &run(&["report"]);
    seen += &run(&["report", "--format", "json"]);
    for f in std::fs::read_dir(&dir).unwrap() {
        let p = f.unwrap().path();
        if p.is_file() {
            seen += &std::fs::read_to_string(&p).unwrap();
        }
    }
    seen += &std::fs::read_to_string(&log).unwrap_or_default();
    assert!(seen.contains("refused DOWN"), "the failure itself is recorded");
    for canary in ["CANARY-Q", "CANARY-U", "CANARY-P", "CANARY-H", "CANARY-R", "CANARY-W", "CANARY-C"] {
        let at = seen.find(canary).map(|i| &seen[i.saturating_sub(200)..(i + 50).min(seen.len())]);
        assert!(at.is_none(), "{canary} leaked: …{}…", at.unwrap_or_default());
    }
}
