//! Webhooks against loopback servers, and runbook actions for real.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use warroom::config::updates::{RunbookAction, Webhook};
use warroom::notify::runbook::{RunEvent, run};
use warroom::notify::webhook::post as post_update;

fn hook(url: String, timeout_ms: u64, attempts: u32) -> Webhook {
    serde_yaml::from_str(&format!("name: chat\nurl: {url:?}\ntimeout: {timeout_ms}ms\nattempts: {attempts}\n")).unwrap()
}

#[tokio::test]
async fn webhooks_succeed_wait_for_slow_servers_and_retry_after_errors() {
    let calls = Arc::new(AtomicU32::new(0));
    let bodies = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let (c, b) = (calls.clone(), bodies.clone());
    let app = Router::new()
        .route(
            "/ok",
            post(move |body: String| {
                let b = b.clone();
                async move {
                    b.lock().unwrap().push(body);
                    StatusCode::OK
                }
            }),
        )
        .route(
            "/slow",
            post(|| async {
                tokio::time::sleep(Duration::from_millis(300)).await;
                StatusCode::OK
            }),
        )
        .route(
            "/flaky",
            post(move || {
                let c = c.clone();
                async move {
                    if c.fetch_add(1, Ordering::SeqCst) == 0 {
                        StatusCode::INTERNAL_SERVER_ERROR
                    } else {
                        StatusCode::OK
                    }
                }
            }),
        )
        .route(
            "/hang",
            post(|| async {
                tokio::time::sleep(Duration::from_secs(60)).await;
                StatusCode::OK
            }),
        )
        .route("/down", post(|| async { StatusCode::SERVICE_UNAVAILABLE }));
    let addr = common::servers::serve(app).await;
    let client = warroom::sources::http::client();
    let url = |p: &str| format!("http://{addr}{p}");
    let backoff = Duration::from_millis(50);

    let ok = post_update(&client, &hook(url("/ok"), 1000, 3), "INC-1 update: mitigated", backoff).await;
    assert_eq!((ok.error, ok.attempts), (None, 1));
    let sent: serde_json::Value = serde_json::from_str(&bodies.lock().unwrap()[0]).unwrap();
    assert_eq!(sent["text"], "INC-1 update: mitigated", "Slack-style JSON");

    let slow = post_update(&client, &hook(url("/slow"), 2000, 3), "x", backoff).await;
    assert_eq!((slow.error, slow.attempts), (None, 1), "slow but within its timeout");

    let flaky = post_update(&client, &hook(url("/flaky"), 1000, 3), "x", backoff).await;
    assert_eq!((flaky.error, flaky.attempts), (None, 2), "500, then success on the retry");

    let start = Instant::now();
    let hang = post_update(&client, &hook(url("/hang"), 200, 2), "x", backoff).await;
    assert_eq!(hang.error.as_deref(), Some("timed out after 200ms"));
    assert!(start.elapsed() < Duration::from_secs(2), "each attempt within its timeout");

    let down = post_update(&client, &hook(url("/down"), 500, 3), "x", backoff).await;
    assert_eq!((down.error.as_deref(), down.attempts), (Some("503 Service Unavailable"), 3));
}

fn action(cmd: &[&str], timeout_ms: u64) -> RunbookAction {
    let yaml = format!(
        "name: restart\ncommand: {:?}\ntimeout: {timeout_ms}ms\nenv: {{ TARGET: checkout-api }}\n",
        cmd.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    );
    serde_yaml::from_str(&yaml).unwrap()
}

async fn collect(a: RunbookAction) -> (Vec<String>, String, bool, Duration) {
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    tokio::spawn(run(a, tx));
    let mut lines = vec![];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), rx.recv()).await.expect("the run ends").unwrap() {
            RunEvent::Line(l) => lines.push(l),
            RunEvent::Done { status, ok, duration } => return (lines, status, ok, duration),
        }
    }
}

#[tokio::test]
async fn runbook_actions_stream_output_and_record_the_exit() {
    let (mut lines, status, ok, _) =
        collect(action(&["sh", "-c", "echo restarting $TARGET; echo warn >&2; exit 3"], 5000)).await;
    lines.sort();
    assert_eq!(lines, ["restarting checkout-api", "warn"], "stdout, stderr and the environment");
    assert_eq!((status.as_str(), ok), ("exited 3", false));
    let (_, status, ok, _) = collect(action(&["true"], 5000)).await;
    assert_eq!((status.as_str(), ok), ("exited 0", true));
}

#[tokio::test]
async fn a_runbook_action_is_killed_at_its_timeout() {
    let start = Instant::now();
    let (_, status, ok, took) = collect(action(&["sleep", "30"], 300)).await;
    assert_eq!((status.as_str(), ok), ("killed at timeout after 300ms", false));
    assert!(took < Duration::from_secs(3) && start.elapsed() < Duration::from_secs(5));
    let (_, status, _, _) = collect(action(&["/no/such/tool"], 300)).await;
    assert!(status.starts_with("cannot start /no/such/tool"), "{status}");
}
