//! Extra headers (`headers:`) reach the server from every kind of HTTP
//! source and from webhooks, values from the environment included, so
//! `X-Scope-OrgID` reaches a multi-tenant Mimir, Cortex or Loki gateway.
//! A secret's value never shows in what warroom says.

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::process::Command;
use std::sync::{Arc, Mutex};

use common::servers;

type Seen = Arc<Mutex<HashMap<String, Vec<(String, String)>>>>;

/// A loopback server that records each request's headers by path and
/// answers as Prometheus, Alertmanager, a /metrics page or a health check.
fn recorder() -> (std::net::SocketAddr, Seen) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen: Seen = Arc::default();
    let s = seen.clone();
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            while !servers::head_complete(&buf) {
                match conn.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            let head = servers::parse_head(&buf);
            s.lock().unwrap().entry(head.path.clone()).or_default().extend(head.headers);
            let _ = conn.write_all(servers::canned_reply(&head.path).as_bytes());
        }
    });
    (addr, seen)
}

fn has(seen: &Seen, path: &str, name: &str, value: &str) -> bool {
    seen.lock().unwrap().get(path).is_some_and(|h| h.iter().any(|(k, v)| k == name && v == value))
}

#[test]
fn every_http_source_sends_its_headers() {
    let (addr, seen) = recorder();
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("w.yaml");
    let h = r#"headers: {X-Scope-OrgID: tenant-a, X-Api-Key: "${WARROOM_TEST_KEY}"}"#;
    std::fs::write(
        &config,
        format!(
            "incident_dir: {inc}\nsources:\n  health:\n    - {{ name: api, url: \"http://{addr}/health\", {h} }}\n  prometheus:\n    - {{ name: up, url: \"http://{addr}/prom\", query: up, {h} }}\n  alertmanager:\n    - {{ name: am, url: \"http://{addr}/am\", {h} }}\n  scrape:\n    - {{ name: page, url: \"http://{addr}/metrics\", {h}, metrics: [{{ name: up, metric: up, kind: gauge }}] }}\n",
            inc = tmp.path().join("inc").display()
        ),
    )
    .unwrap();
    let run = |key: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_warroom"));
        cmd.args(["--config", config.to_str().unwrap(), "check"]).env_remove("WARROOM_TEST_KEY");
        if let Some(k) = key {
            cmd.env("WARROOM_TEST_KEY", k);
        }
        cmd.output().unwrap()
    };
    let out = run(Some("s3cret-value"));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "every source answers: {text}{}", String::from_utf8_lossy(&out.stderr));
    for path in ["/health", "/prom/api/v1/query", "/am/api/v2/alerts", "/metrics"] {
        assert!(
            has(&seen, path, "x-scope-orgid", "tenant-a"),
            "{path} got the tenant: {:?}",
            seen.lock().unwrap().get(path)
        );
        assert!(has(&seen, path, "x-api-key", "s3cret-value"), "{path} got the key from the environment");
    }
    // Unset: each source fails and says which variable, never a value.
    let out = run(None);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(text.matches("$WARROOM_TEST_KEY is not set (header X-Api-Key)").count(), 4, "{text}");
    assert!(!text.contains("s3cret"), "{text}");
}

#[test]
fn a_webhook_sends_its_headers() {
    let (addr, seen) = recorder();
    let hook: warroom::config::updates::Webhook = serde_yaml::from_str(&format!(
        "{{ name: chat, url: \"http://{addr}/hook\", headers: {{X-Scope-OrgID: tenant-b, Authorization: \"${{WARROOM_TEST_HOOK}}\"}} }}"
    ))
    .unwrap();
    // SAFETY: this test binary's only test that reads this variable.
    unsafe { std::env::set_var("WARROOM_TEST_HOOK", "Bearer hook-token") };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let client = warroom::sources::http::client();
    let out = rt.block_on(warroom::notify::webhook::post(&client, &hook, "update", std::time::Duration::ZERO));
    assert_eq!(out.error, None);
    assert!(has(&seen, "/hook", "x-scope-orgid", "tenant-b"));
    assert!(has(&seen, "/hook", "authorization", "Bearer hook-token"));
}

#[test]
fn a_bad_header_is_a_config_error_that_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    for (headers, says) in [
        ("{\"Bad Name\": x}", "`Bad Name` is not a header name"),
        ("{X-Key: \"${NOT-A-VAR}\"}", "`NOT-A-VAR` is not an environment variable name"),
    ] {
        let config = tmp.path().join("w.yaml");
        std::fs::write(
            &config,
            format!("sources:\n  health:\n    - {{ name: api, url: \"http://127.0.0.1:1/\", headers: {headers} }}\n"),
        )
        .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_warroom"))
            .args(["--config", config.to_str().unwrap(), "check"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1));
        assert!(err.contains(says) && err.contains("w.yaml"), "{err}");
    }
}
