//! Starts every configured source as its own task and keeps it running: a
//! task that dies (a panic, a bug) is reported on its pane and started
//! again with backoff. A failing source never takes the app down.

use std::future::Future;
use std::time::{Duration, Instant};

use chrono::Utc;
use tokio::sync::mpsc::Sender;

use super::logs::command::backoff;
use super::{Body, Kind, Report, SourceKey, alertmanager, changes, health, logs, prometheus, scrape};
use crate::config::Sources;
use crate::config::sources::LogInput;

pub fn spawn_all(sources: &Sources, slos: &[crate::config::slo::SloSpec], tx: Sender<Report>) {
    // Made for the first source that speaks HTTP: loading the system's CA
    // certificates costs milliseconds that a config of log files only, or
    // none, does not spend before its first frame.
    let client = std::cell::OnceCell::new();
    // A source with `tls:` gets a client of its own; one that cannot be
    // made (a CA file gone since the config loaded) fails on its pane.
    let client_for =
        |keys: &[SourceKey], tls| match super::http::client_for(client.get_or_init(super::http::client), tls) {
            Ok(c) => Some(c),
            Err(e) => {
                for key in keys {
                    let (tx, key, e) = (tx.clone(), key.clone(), e.clone());
                    tokio::spawn(async move { tx.send(Report { key, at: Utc::now(), body: Body::Failed(e) }).await });
                }
                None
            }
        };
    for s in slos.iter().filter(|s| !matches!(s.sli, crate::config::slo::Sli::Health(_))) {
        let keys = vec![super::slo::key(s)];
        let Some(c) = client_for(&keys, s.sli.tls()) else { continue };
        let s = s.clone();
        supervise(keys, tx.clone(), move |tx| super::slo::run(s.clone(), c.clone(), tx));
    }
    for s in &sources.health {
        let keys = vec![SourceKey::new(Kind::Health, s.name.0.clone())];
        let Some(c) = client_for(&keys, s.tls()) else { continue };
        let s = s.clone();
        supervise(keys, tx.clone(), move |tx| health::run(s.clone(), c.clone(), tx));
    }
    for s in &sources.prometheus {
        let keys = vec![prometheus::key(s)];
        let Some(c) = client_for(&keys, s.tls.as_ref()) else { continue };
        let s = s.clone();
        supervise(keys, tx.clone(), move |tx| prometheus::run(s.clone(), c.clone(), tx));
    }
    for s in &sources.scrape {
        let keys: Vec<SourceKey> = s.metrics.iter().map(|m| scrape::key(s, m)).collect();
        let Some(c) = client_for(&keys, s.tls.as_ref()) else { continue };
        let s = s.clone();
        supervise(keys, tx.clone(), move |tx| scrape::run(s.clone(), c.clone(), tx));
    }
    for s in &sources.alertmanager {
        let keys = vec![alertmanager::key(s)];
        let Some(c) = client_for(&keys, s.tls.as_ref()) else { continue };
        let s = s.clone();
        supervise(keys, tx.clone(), move |tx| alertmanager::run(s.clone(), c.clone(), tx));
    }
    for s in &sources.logs {
        let key = SourceKey::new(Kind::Logs, s.name.0.clone());
        let s = s.clone();
        let k = key.clone();
        supervise(vec![key], tx.clone(), move |tx| {
            let (k, s) = (k.clone(), s.clone());
            async move {
                match &s.input {
                    LogInput::File(p) => logs::follow::run(k, p.clone(), s.max_line, s.status_levels.clone(), tx).await,
                    input => logs::command::run(k, input.clone(), s.max_line, s.status_levels.clone(), tx).await,
                }
            }
        });
    }
    for s in &sources.changes {
        let s = s.clone();
        supervise(vec![changes::key(&s)], tx.clone(), move |tx| changes::run(s.clone(), tx));
    }
}

/// Runs `make(tx)` as a task; when it ends while the app still listens,
/// reports why on each of `keys` and starts it again after a backoff.
pub fn supervise<F, Fut>(keys: Vec<SourceKey>, tx: Sender<Report>, make: F)
where
    F: Fn(Sender<Report>) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    tokio::spawn(async move {
        let mut delay = Duration::ZERO;
        loop {
            let started = Instant::now();
            let result = tokio::spawn(make(tx.clone())).await;
            if tx.is_closed() {
                return;
            }
            let why = match result {
                Ok(()) => "the source stopped".to_string(),
                Err(e) if e.is_panic() => {
                    let p = e.into_panic();
                    let msg = p
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| p.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".into());
                    tracing::error!("source task panicked: {msg}");
                    format!("crashed: {msg}")
                }
                Err(e) => format!("stopped: {e}"),
            };
            delay = backoff(delay, started.elapsed());
            for key in &keys {
                let body = Body::Restarting { after: delay, why: why.clone() };
                if tx.send(Report { key: key.clone(), at: Utc::now(), body }).await.is_err() {
                    return;
                }
            }
            tokio::time::sleep(delay).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_crashing_source_is_reported_and_restarted_with_backoff() {
        let (tx, mut rx) = tokio::sync::mpsc::channel(16);
        let runs = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let r = runs.clone();
        let key = SourceKey::new(Kind::Health, "flaky");
        supervise(vec![key.clone()], tx, move |_tx| {
            let r = r.clone();
            async move {
                r.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                panic!("boom");
            }
        });
        let mut delays = vec![];
        for _ in 0..3 {
            let rep = rx.recv().await.unwrap();
            assert_eq!(rep.key, key);
            match rep.body {
                Body::Restarting { after, why } => {
                    assert_eq!(why, "crashed: boom");
                    delays.push(after.as_secs());
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(delays, vec![1, 2, 4]);
        assert!(runs.load(std::sync::atomic::Ordering::SeqCst) >= 3);
    }
}
