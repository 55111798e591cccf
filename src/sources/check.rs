//! `warroom check`: every source tried once, what works and what does not,
//! before the war room relies on it.

use std::time::Duration;

use super::{Body, SourceKey, alertmanager, changes, health, prometheus, scrape};
use crate::config::Sources;
use crate::config::sources::LogInput;

#[derive(Debug)]
pub struct Outcome {
    pub key: SourceKey,
    pub ok: bool,
    pub detail: String,
}

pub async fn check_all(sources: &Sources) -> Vec<Outcome> {
    use super::Kind::*;
    let client = super::http::client();
    let mut out = Vec::new();
    let mut push = |key: SourceKey, r: Result<String, String>| {
        let (ok, detail) = match r {
            Ok(d) => (true, d),
            Err(d) => (false, d),
        };
        out.push(Outcome { key, ok, detail });
    };
    for s in &sources.health {
        push(SourceKey::new(Health, s.name.0.clone()), check_health(&client, s).await);
    }
    for s in &sources.prometheus {
        push(prometheus::key(s), check_prometheus(&client, s).await);
    }
    for s in &sources.scrape {
        let scraped = match super::http::client_for(&client, s.tls.as_ref()) {
            Ok(c) => scrape::scrape_once(&c, s).await,
            Err(e) => Err(e),
        };
        match scraped {
            Err(e) => {
                for m in &s.metrics {
                    push(scrape::key(s, m), Err(e.clone()));
                }
            }
            Ok(parsed) => {
                for m in &s.metrics {
                    let family = &m.metric.0;
                    let found =
                        parsed.samples.iter().any(|x| x.name == *family || x.name == format!("{family}_bucket"));
                    let r = if found {
                        Ok(format!("{} samples, {family} present", parsed.samples.len()))
                    } else {
                        Err(format!("{family} is not in the scrape ({} samples)", parsed.samples.len()))
                    };
                    push(scrape::key(s, m), r);
                }
            }
        }
    }
    for s in &sources.alertmanager {
        push(alertmanager::key(s), check_alertmanager(&client, s).await);
    }
    for s in &sources.logs {
        let key = SourceKey::new(Logs, s.name.0.clone());
        let r = match &s.input {
            LogInput::File(p) => match std::fs::File::open(p) {
                Ok(f) => Ok(format!("{} readable ({} bytes)", p.display(), f.metadata().map_or(0, |m| m.len()))),
                Err(e) => Err(format!("{}: {e}", p.display())),
            },
            input => check_command(input).await,
        };
        push(key, r);
    }
    for s in &sources.changes {
        let r = changes::read(s).await.map(|c| {
            let newest = c.iter().filter_map(|c| c.at).max();
            format!(
                "{} changes{}",
                c.len(),
                newest.map(|t| format!(", newest {}", t.format("%Y-%m-%d %H:%M UTC"))).unwrap_or_default()
            )
        });
        push(changes::key(s), r);
    }
    out
}

/// A log command passes if it is still running after two seconds or
/// printed a line; it fails if it could not start or exited with an error.
async fn check_command(input: &LogInput) -> Result<String, String> {
    use tokio::io::AsyncBufReadExt;
    let Some(mut cmd) = super::logs::command::command(input) else {
        return Err("not a command".into());
    };
    let mut child = cmd.spawn().map_err(|e| format!("cannot start: {e}"))?;
    let stdout = child.stdout.take();
    let first_line = async {
        let mut lines = tokio::io::BufReader::new(stdout?).lines();
        lines.next_line().await.ok().flatten()
    };
    tokio::select! {
        line = first_line => match line {
            Some(l) => Ok(format!("running, first line: {}", super::http::snippet(l.as_bytes()))),
            None => match child.wait().await {
                Ok(s) if s.success() => Ok("ran and exited cleanly (it will be restarted)".into()),
                Ok(s) => Err(format!("exited: {s}")),
                Err(e) => Err(e.to_string()),
            },
        },
        _ = tokio::time::sleep(Duration::from_secs(2)) => Ok("running".into()),
    }
}

async fn check_health(shared: &reqwest::Client, s: &crate::config::sources::HealthSpec) -> Result<String, String> {
    let client = super::http::client_for(shared, s.tls())?;
    let p = health::probe(&client, s).await;
    let lat = p.latency.map(|l| format!(" in {}", super::http::secs(l))).unwrap_or_default();
    if p.ok { Ok(format!("{}{lat}", p.detail)) } else { Err(p.detail) }
}

async fn check_prometheus(shared: &reqwest::Client, s: &crate::config::sources::PromSpec) -> Result<String, String> {
    let client = super::http::client_for(shared, s.tls.as_ref())?;
    match prometheus::poll(&client, s).await {
        Body::Values { series, warnings, .. } => {
            let w = if warnings.is_empty() { String::new() } else { format!(" (warnings: {})", warnings.join("; ")) };
            Ok(format!("{} series, top {}{w}", series.len(), series.first().map_or(f64::NAN, |v| v.value)))
        }
        Body::Waiting(w) | Body::Failed(w) => Err(w),
        other => Err(format!("{other:?}")),
    }
}

async fn check_alertmanager(
    shared: &reqwest::Client,
    s: &crate::config::sources::AlertmanagerSpec,
) -> Result<String, String> {
    let client = super::http::client_for(shared, s.tls.as_ref())?;
    match alertmanager::poll(&client, s).await {
        Body::Alerts(a) => Ok(format!("{} active alerts", a.len())),
        Body::Failed(e) => Err(e),
        other => Err(format!("{other:?}")),
    }
}
