//! Sources: the tasks that watch the outside world. Each one polls or
//! streams on its own, with its own timeouts, and sends owned [`Report`]s
//! into the loop; none touches the state. Transition detection and
//! everything kept over time live in `signals`, which is pure.
//!
//! - [`http`]: the shared client, bodies read up to a cap.
//! - [`health`], [`prometheus`], [`scrape`] (+ [`exposition`], the /metrics
//!   text format), [`alertmanager`], [`changes`], [`logs`].
//! - [`supervisor`]: starts them all, restarts a task that dies.
//! - [`check`]: each source tried once, for `warroom check`.

pub mod alertmanager;
pub mod changes;
pub mod check;
pub mod exposition;
pub mod health;
pub mod http;
pub mod logs;
pub mod prometheus;
pub mod scrape;
pub mod slo;
pub mod supervisor;

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use crate::signals::vocab::{AlertState, Kind, Level};

/// Which source a report is about: the kind and the configured name (for
/// a scrape, `scrape name / metric name`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceKey {
    pub kind: Kind,
    pub name: String,
}

impl SourceKey {
    pub fn new(kind: Kind, name: impl Into<String>) -> Self {
        Self { kind, name: name.into() }
    }
}

impl fmt::Display for SourceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind.word(), self.name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub key: SourceKey,
    pub at: DateTime<Utc>,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// One health probe.
    Probe(Probe),
    /// Current values of a metric (one per series, largest first), and
    /// the baseline if one is configured.
    Values {
        series: Vec<SeriesValue>,
        baseline: Option<f64>,
        warnings: Vec<String>,
    },
    /// History for a metric's sparkline, loaded at start.
    History(Vec<(DateTime<Utc>, f64)>),
    Alerts(Vec<Alert>),
    Lines(Vec<LogLine>),
    Changes(Vec<Change>),
    /// An SLI's cumulative counts now.
    SloSample {
        good: f64,
        total: f64,
    },
    /// An SLI's cumulative counts over time, loaded at start.
    SloHistory(Vec<(DateTime<Utc>, f64, f64)>),
    /// The source works but has nothing yet (a log file not created yet).
    Waiting(String),
    /// A poll failed; the source keeps trying.
    Failed(String),
    /// The task stopped and will be started again.
    Restarting {
        after: Duration,
        why: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    pub ok: bool,
    pub latency: Option<Duration>,
    /// `200 OK`, `503 Service Unavailable`, `timed out after 2s`, …
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeriesValue {
    /// `{status="500",route="/pay"}`, empty for a single series.
    pub labels: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub fingerprint: String,
    pub name: String,
    pub severity: Option<String>,
    pub summary: Option<String>,
    pub state: AlertState,
    pub starts_at: Option<DateTime<Utc>>,
    /// Labels other than alertname, `k=v` joined by spaces.
    pub labels: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub at: DateTime<Utc>,
    pub level: Level,
    pub text: String,
    /// The error pattern, for warnings and worse: shared by the lines of
    /// one statement.
    pub pattern: Option<logs::pattern::Pattern>,
}

/// Reports waiting for the loop beyond which a log source holds its next
/// batch of lines: in a storm the backlog stays in the file or the pipe,
/// not in memory (a batch is up to ~2.5 MB of lines; the shared queue
/// holds 1,024 reports).
pub const LINES_QUEUED_MAX: usize = 4;

/// Waits until the loop has at most [`LINES_QUEUED_MAX`] reports waiting
/// (or has gone). The queue tells how full it is, not when it drains: it
/// is looked at every 2 ms while full, which happens only in a storm.
pub async fn room_for_lines(tx: &tokio::sync::mpsc::Sender<Report>) {
    while tx.max_capacity() - tx.capacity() > LINES_QUEUED_MAX && !tx.is_closed() {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// Calls `poll` every `interval` (a slow poll delays the next rather than
/// stacking them) and sends what it says about `key`, until the app has
/// gone. The loop every polling source shares.
pub async fn poll_every<F, Fut>(key: SourceKey, interval: Duration, tx: tokio::sync::mpsc::Sender<Report>, mut poll: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Body>,
{
    let mut every = tokio::time::interval(interval);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let body = poll().await;
        if tx.send(Report { key: key.clone(), at: chrono::Utc::now(), body }).await.is_err() {
            return;
        }
    }
}

impl LogLine {
    /// Sanitizes, classifies and, for problem lines, masks one raw line.
    pub fn ingest(raw: &[u8], max_line: usize, levels: &logs::level::StatusLevels, at: DateTime<Utc>) -> LogLine {
        let text = logs::line::sanitize(raw, max_line);
        let (level, msg) = logs::level::classify_with(&text, levels);
        let pattern = level.is_problem().then(|| logs::pattern::template(msg.as_deref().unwrap_or(&text)).into());
        LogLine { at, level, text, pattern }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// When the change happened, if the line said.
    pub at: Option<DateTime<Utc>>,
    pub text: String,
    /// Stable across polls: the line as read.
    pub key: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_log_source_waits_while_the_loop_is_behind() {
        let (tx, mut rx) = tokio::sync::mpsc::channel(1024);
        let report = || Report { key: SourceKey::new(Kind::Logs, "app"), at: Utc::now(), body: Body::Lines(vec![]) };
        for _ in 0..LINES_QUEUED_MAX {
            tx.send(report()).await.unwrap();
        }
        // At the bound: room at once.
        tokio::time::timeout(Duration::from_millis(1), room_for_lines(&tx)).await.expect("room");
        tx.send(report()).await.unwrap();
        let wait = room_for_lines(&tx);
        tokio::pin!(wait);
        assert!(tokio::time::timeout(Duration::from_millis(50), &mut wait).await.is_err(), "waits while behind");
        rx.recv().await.unwrap();
        tokio::time::timeout(Duration::from_millis(10), &mut wait).await.expect("room once one is taken");
        // A loop that has gone does not hold a source.
        tx.send(report()).await.unwrap();
        drop(rx);
        tokio::time::timeout(Duration::from_millis(10), room_for_lines(&tx)).await.expect("gone: no wait");
    }
}
