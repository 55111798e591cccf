//! Health checks: an HTTP request (status set, body substring or regex), a
//! TCP connect, or a command's exit code (`pg_isready`). One probe per
//! interval; up/down needs N results in a row, which `signals` decides.

use std::time::{Duration, Instant};

use tokio::sync::mpsc::Sender;

use super::http::{self, BODY_CAP, fetch};
use super::{Body, Kind, Probe, Report, SourceKey};
use crate::config::sources::{HealthSpec, Probe as ProbeSpec};

pub async fn probe(client: &reqwest::Client, spec: &HealthSpec) -> Probe {
    let timeout = spec.timeout.0;
    match &spec.probe {
        ProbeSpec::Http { url, method, expect_status, body_contains, body_regex, headers, .. } => {
            let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::GET);
            let fetched = match super::http::with_headers(client.request(method, url), headers) {
                Ok(req) => fetch(req, timeout, BODY_CAP).await,
                Err(e) => Err(e),
            };
            match fetched {
                Err(e) => Probe { ok: false, latency: None, detail: e.to_string() },
                Ok(f) => {
                    let status_ok = if expect_status.is_empty() {
                        (200..400).contains(&f.status)
                    } else {
                        expect_status.contains(&f.status)
                    };
                    let body = String::from_utf8_lossy(&f.body);
                    let mut detail = f.status_line();
                    let mut ok = status_ok;
                    if ok && let Some(needle) = body_contains.as_ref().filter(|n| !body.contains(n.as_str())) {
                        ok = false;
                        detail = format!("{detail}, body lacks `{needle}`");
                    }
                    if ok
                        && let Some(re) = body_regex
                        && !regex::Regex::new(re).map(|r| r.is_match(&body)).unwrap_or(false)
                    {
                        ok = false;
                        detail = format!("{detail}, body does not match /{re}/");
                    }
                    Probe { ok, latency: Some(f.elapsed), detail }
                }
            }
        }
        ProbeSpec::Tcp { address } => {
            let start = Instant::now();
            match tokio::time::timeout(timeout, tokio::net::TcpStream::connect(address)).await {
                Ok(Ok(_)) => Probe { ok: true, latency: Some(start.elapsed()), detail: "connected".into() },
                Ok(Err(e)) => Probe { ok: false, latency: None, detail: e.to_string() },
                Err(_) => {
                    Probe { ok: false, latency: None, detail: format!("timed out after {}", http::secs(timeout)) }
                }
            }
        }
        ProbeSpec::Command { argv } => command(argv, timeout).await,
    }
}

async fn command(argv: &[String], timeout: Duration) -> Probe {
    let start = Instant::now();
    let mut cmd = tokio::process::Command::new(&argv[0]);
    cmd.args(&argv[1..]).stdin(std::process::Stdio::null()).kill_on_drop(true);
    match tokio::time::timeout(timeout, cmd.output()).await {
        Err(_) => Probe { ok: false, latency: None, detail: format!("timed out after {}", http::secs(timeout)) },
        Ok(Err(e)) => Probe { ok: false, latency: None, detail: format!("cannot run {}: {e}", argv[0]) },
        Ok(Ok(out)) => {
            let text = if out.stderr.is_empty() { &out.stdout } else { &out.stderr };
            let first = http::snippet(text.split(|b| *b == b'\n').next().unwrap_or_default());
            let code = out.status.code().map_or("killed".to_string(), |c| format!("exit {c}"));
            let detail = if first.is_empty() { code } else { format!("{code}: {first}") };
            Probe { ok: out.status.success(), latency: Some(start.elapsed()), detail }
        }
    }
}

pub async fn run(spec: HealthSpec, client: reqwest::Client, tx: Sender<Report>) {
    let key = SourceKey::new(Kind::Health, spec.name.0.clone());
    super::poll_every(key, spec.interval.0, tx, || async { Body::Probe(probe(&client, &spec).await) }).await
}
