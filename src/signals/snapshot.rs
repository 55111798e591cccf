//! Compact periodic snapshots of every source's state, written beside the
//! journal (`INC-….signals.jsonl`, one JSON object per line) by the
//! dashboard that holds the incident's recorder lock, so `warroom replay`
//! can show the signals as they were without Prometheus. docs/replay.md
//! documents the format. What is kept: each check's state and recent
//! probes; each metric's value, band, thresholds and its last
//! [`POINTS`] points; the alerts; each SLO's evaluation; the top
//! [`PATTERNS`] log patterns and the last [`LINES`] log lines; each
//! source's status. Never a URL or a credential: sources by name only.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::health::{HealthState, HealthView};
use super::logs::{LogStore, PatternStat, StoredLine};
use super::metrics::{Band, MetricView};
use super::slo::SloView;
use super::vocab::Kind;
use super::{AlertsView, Signals, SourceStatus};
use crate::config::sources::{Direction, Display};
use crate::slo::math::{BurnAlert, Evaluation};
use crate::sources::{Alert, AlertState, Level, Probe, SourceKey};

/// Bumped when a field changes meaning or goes away.
pub const VERSION: u32 = 1;
/// A metric's newest points kept in each snapshot.
pub const POINTS: usize = 60;
/// Log lines kept in each snapshot.
pub const LINES: usize = 40;
/// Log patterns kept in each snapshot.
pub const PATTERNS: usize = 10;
/// Recent probes of a check kept in each snapshot.
pub const PROBES: usize = 30;
/// How often the recorder writes one.
pub const EVERY_SECS: i64 = 30;
/// The file stops growing here: a last line says so, and replay says
/// the signals after it were not recorded.
pub const MAX_BYTES: u64 = 32 << 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub v: u32,
    pub at: DateTime<Utc>,
    /// Set on the last line written before [`MAX_BYTES`]: nothing after it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub capped: bool,
    #[serde(default)]
    pub health: Vec<HealthSnap>,
    #[serde(default)]
    pub metrics: Vec<MetricSnap>,
    #[serde(default)]
    pub alerts: Vec<AlertsSnap>,
    #[serde(default)]
    pub slos: Vec<SloSnap>,
    #[serde(default)]
    pub logs: LogsSnap,
    #[serde(default)]
    pub status: Vec<StatusSnap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthSnap {
    pub name: String,
    /// `up`, `down` or `pending`.
    pub state: String,
    pub since: Option<DateTime<Utc>>,
    /// The last probe: when, whether it passed, its latency, what it said.
    pub last: Option<(DateTime<Utc>, bool, Option<u64>, String)>,
    /// Recent probes, oldest first: passed, latency in ms.
    pub history: Vec<(bool, Option<u64>)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricSnap {
    /// `prometheus` or `scrape`.
    pub kind: String,
    pub name: String,
    pub warn: Option<f64>,
    pub critical: Option<f64>,
    /// `above` (higher is worse) or `below`.
    pub direction: String,
    pub unit: Option<String>,
    pub value: Option<f64>,
    /// `ok`, `warning`, `critical` or `unknown`.
    pub band: String,
    pub band_since: Option<DateTime<Utc>>,
    pub at: Option<DateTime<Utc>>,
    pub flapping: bool,
    /// The newest points, oldest first: Unix seconds, value.
    pub history: Vec<(i64, f64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertsSnap {
    pub name: String,
    pub at: Option<DateTime<Utc>>,
    pub alerts: Vec<AlertSnap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertSnap {
    pub name: String,
    pub severity: Option<String>,
    pub summary: Option<String>,
    /// `firing`, `silenced`, `inhibited`, `pending`.
    pub state: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub labels: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SloSnap {
    pub name: String,
    pub service: Option<String>,
    pub objective: f64,
    pub window_secs: i64,
    /// `none`, `ticket` or `page`.
    pub alert: String,
    /// The evaluation the SLO pane draws (durations in seconds).
    pub eval: Option<Evaluation>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LogsSnap {
    pub sources: Vec<String>,
    pub total: u64,
    /// Per source, the error lines of the minute before the snapshot.
    #[serde(default)]
    pub errors_per_minute: Vec<u32>,
    pub patterns: Vec<PatternSnap>,
    pub lines: Vec<LineSnap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatternSnap {
    pub pattern: String,
    pub count: u64,
    pub first: DateTime<Utc>,
    pub last: DateTime<Utc>,
    pub level: Level,
    pub source: u16,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineSnap {
    pub source: u16,
    pub at: DateTime<Utc>,
    pub level: Level,
    pub text: String,
    /// The line's pattern, as the key the log store uses.
    pub pattern: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusSnap {
    pub kind: String,
    pub name: String,
    pub ok: bool,
    pub message: String,
    pub at: DateTime<Utc>,
}

fn kind_word(w: &str) -> Option<Kind> {
    [Kind::Health, Kind::Prometheus, Kind::Scrape, Kind::Alertmanager, Kind::Logs, Kind::Changes, Kind::Slo]
        .into_iter()
        .find(|k| k.word() == w)
}

fn band_word(b: Band) -> &'static str {
    match b {
        Band::Unknown => "unknown",
        Band::Ok => "ok",
        Band::Warning => "warning",
        Band::Critical => "critical",
    }
}

fn alert_word(a: BurnAlert) -> &'static str {
    match a {
        BurnAlert::None => "none",
        BurnAlert::Ticket => "ticket",
        BurnAlert::Page => "page",
    }
}

fn alert_state_word(s: &AlertState) -> &'static str {
    match s {
        AlertState::Firing => "firing",
        AlertState::Silenced => "silenced",
        AlertState::Inhibited => "inhibited",
        AlertState::Pending => "pending",
    }
}

impl Snapshot {
    /// What the signals hold at `at`.
    pub fn take(s: &Signals, at: DateTime<Utc>) -> Self {
        let tail = |n: usize, len: usize| len.saturating_sub(n);
        Snapshot {
            v: VERSION,
            at,
            capped: false,
            health: s
                .health
                .iter()
                .map(|h| HealthSnap {
                    name: h.key.name.clone(),
                    state: match h.state {
                        HealthState::Up => "up",
                        HealthState::Down => "down",
                        HealthState::Pending => "pending",
                    }
                    .into(),
                    since: h.since,
                    last: h
                        .last
                        .as_ref()
                        .map(|(t, p)| (*t, p.ok, p.latency.map(|l| l.as_millis() as u64), p.detail.clone())),
                    history: h.history.iter().skip(tail(PROBES, h.history.len())).copied().collect(),
                })
                .collect(),
            metrics: s
                .metrics
                .iter()
                .map(|m| MetricSnap {
                    kind: m.key.kind.word().into(),
                    name: m.key.name.clone(),
                    warn: m.display.warn,
                    critical: m.display.critical,
                    direction: match m.display.direction {
                        Direction::Above => "above",
                        Direction::Below => "below",
                    }
                    .into(),
                    unit: m.display.unit.clone(),
                    value: m.value.filter(|v| v.is_finite()),
                    band: band_word(m.band).into(),
                    band_since: m.band_since,
                    at: m.at,
                    flapping: m.flapping,
                    history: m
                        .history
                        .iter()
                        .skip(tail(POINTS, m.history.len()))
                        .map(|(t, v)| (t.timestamp(), *v))
                        .collect(),
                })
                .collect(),
            alerts: s
                .alerts
                .iter()
                .map(|a| AlertsSnap {
                    name: a.key.name.clone(),
                    at: a.at,
                    alerts: a
                        .alerts
                        .iter()
                        .map(|x| AlertSnap {
                            name: x.name.clone(),
                            severity: x.severity.clone(),
                            summary: x.summary.clone(),
                            state: alert_state_word(&x.state).into(),
                            starts_at: x.starts_at,
                            labels: x.labels.clone(),
                        })
                        .collect(),
                })
                .collect(),
            slos: s.slos.iter().map(slo_snap).collect(),
            logs: logs_snap(&s.logs, at),
            status: s
                .status
                .iter()
                .map(|(k, st)| StatusSnap {
                    kind: k.kind.word().into(),
                    name: k.name.clone(),
                    ok: st.ok,
                    message: st.message.clone(),
                    at: st.at,
                })
                .collect(),
        }
    }

    /// The signals as this snapshot says they were.
    pub fn restore(&self) -> Signals {
        let mut s = Signals::new(&Default::default(), LINES.max(1));
        s.health = self
            .health
            .iter()
            .map(|h| {
                let mut v = HealthView::new(SourceKey::new(Kind::Health, h.name.clone()), 1);
                v.state = match h.state.as_str() {
                    "up" => HealthState::Up,
                    "down" => HealthState::Down,
                    _ => HealthState::Pending,
                };
                v.since = h.since;
                v.last = h.last.as_ref().map(|(t, ok, ms, detail)| {
                    let latency = ms.map(std::time::Duration::from_millis);
                    (*t, Probe { ok: *ok, latency, detail: detail.clone() })
                });
                v.history = h.history.iter().copied().collect();
                v
            })
            .collect();
        s.metrics = self
            .metrics
            .iter()
            .map(|m| {
                let display = Display {
                    warn: m.warn,
                    critical: m.critical,
                    direction: if m.direction == "below" { Direction::Below } else { Direction::Above },
                    unit: m.unit.clone(),
                    ..Display::default()
                };
                let kind = kind_word(&m.kind).unwrap_or(Kind::Prometheus);
                let mut v = MetricView::new(SourceKey::new(kind, m.name.clone()), display);
                v.value = m.value;
                v.band = match m.band.as_str() {
                    "ok" => Band::Ok,
                    "warning" => Band::Warning,
                    "critical" => Band::Critical,
                    _ => Band::Unknown,
                };
                v.settled = v.band;
                v.band_since = m.band_since;
                v.at = m.at;
                v.flapping = m.flapping;
                v.history =
                    m.history.iter().filter_map(|(t, v)| Some((DateTime::from_timestamp(*t, 0)?, *v))).collect();
                v
            })
            .collect();
        s.alerts = self
            .alerts
            .iter()
            .map(|a| {
                let mut v = AlertsView::new(SourceKey::new(Kind::Alertmanager, a.name.clone()));
                v.at = a.at;
                v.alerts = a
                    .alerts
                    .iter()
                    .map(|x| Alert {
                        fingerprint: String::new(),
                        name: x.name.clone(),
                        severity: x.severity.clone(),
                        summary: x.summary.clone(),
                        state: match x.state.as_str() {
                            "firing" => AlertState::Firing,
                            "silenced" => AlertState::Silenced,
                            "inhibited" => AlertState::Inhibited,
                            _ => AlertState::Pending,
                        },
                        starts_at: x.starts_at,
                        labels: x.labels.clone(),
                    })
                    .collect();
                v
            })
            .collect();
        s.slos = self.slos.iter().map(restore_slo).collect();
        s.logs = restore_logs(&self.logs);
        s.status = self
            .status
            .iter()
            .filter_map(|st| {
                let key = SourceKey::new(kind_word(&st.kind)?, st.name.clone());
                Some((key, SourceStatus { ok: st.ok, message: st.message.clone(), at: st.at }))
            })
            .collect::<BTreeMap<_, _>>();
        s
    }
}

fn slo_snap(v: &SloView) -> SloSnap {
    SloSnap {
        name: v.key.name.clone(),
        service: v.service.clone(),
        objective: v.objective,
        window_secs: v.window.num_seconds(),
        alert: alert_word(v.alert).into(),
        eval: v.eval.clone(),
    }
}

fn restore_slo(s: &SloSnap) -> SloView {
    let alert = |w: &str| match w {
        "page" => BurnAlert::Page,
        "ticket" => BurnAlert::Ticket,
        _ => BurnAlert::None,
    };
    let mut v = SloView::restored(SourceKey::new(Kind::Slo, s.name.clone()), s.service.clone(), s.objective);
    v.window = Duration::seconds(s.window_secs);
    v.alert = alert(&s.alert);
    v.eval = s.eval.clone();
    v
}

fn logs_snap(l: &LogStore, at: DateTime<Utc>) -> LogsSnap {
    let mut top: Vec<&PatternStat> = l.patterns.values().collect();
    top.sort_by(|a, b| b.count.cmp(&a.count).then(b.last.cmp(&a.last)).then(a.pattern.cmp(&b.pattern)));
    top.truncate(PATTERNS);
    LogsSnap {
        sources: l.sources.clone(),
        total: l.total,
        errors_per_minute: (0..l.sources.len()).map(|i| l.errors_per_minute(i as u16, at)).collect(),
        patterns: top
            .into_iter()
            .map(|p| PatternSnap {
                pattern: p.pattern.clone(),
                count: p.count,
                first: p.first,
                last: p.last,
                level: p.level,
                source: p.source,
            })
            .collect(),
        lines: l
            .lines
            .iter()
            .skip(l.lines.len().saturating_sub(LINES))
            .map(|x| LineSnap { source: x.source, at: x.at, level: x.level, text: x.text.clone(), pattern: x.pattern })
            .collect(),
    }
}

fn restore_logs(s: &LogsSnap) -> LogStore {
    let mut l = LogStore::new(s.sources.clone(), LINES);
    l.total = s.total;
    // The minute's errors, counted in the snapshot's last second.
    let second = s.lines.last().map_or(0, |x| x.at.timestamp());
    for (ring, errors) in l.per_second.iter_mut().zip(&s.errors_per_minute) {
        ring.push_back(super::logs::SecondCount { second, lines: 0, errors: *errors });
    }
    for p in &s.patterns {
        let key = super::logs::pattern_key(&p.pattern);
        l.patterns.insert(
            key,
            PatternStat {
                pattern: p.pattern.clone(),
                key,
                count: p.count,
                first: p.first,
                last: p.last,
                level: p.level,
                source: p.source,
            },
        );
    }
    l.lines = s
        .lines
        .iter()
        .map(|x| StoredLine { source: x.source, pattern: x.pattern, at: x.at, level: x.level, text: x.text.clone() })
        .collect();
    l
}

/// The snapshot in force at `at`: the last taken at or before it.
pub fn at(snapshots: &[Snapshot], at: DateTime<Utc>) -> Option<&Snapshot> {
    let i = snapshots.partition_point(|s| s.at <= at);
    i.checked_sub(1).map(|i| &snapshots[i])
}

/// Reads a snapshot file: complete, parseable lines only, oldest first
/// (a torn or foreign line is skipped and counted).
pub fn read(text: &str) -> (Vec<Snapshot>, usize) {
    let mut skipped = 0;
    let mut out: Vec<Snapshot> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| match serde_json::from_str::<Snapshot>(l) {
            Ok(s) if s.v == VERSION => Some(s),
            _ => {
                skipped += 1;
                None
            }
        })
        .collect();
    out.sort_by_key(|s| s.at);
    (out, skipped)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::sources::{Body, LogLine, Report, SeriesValue};

    const YAML: &str = r#"
sources:
  health:
    - { name: checkout-api, url: "http://secret-token@127.0.0.1:1/health", consecutive: 1 }
  prometheus:
    - { name: checkout 5xx, url: "http://127.0.0.1:1/?token=hunter2", query: x, warn: 1, critical: 5, unit: "%" }
  alertmanager:
    - { name: am, url: "http://127.0.0.1:1" }
  logs:
    - { name: app, file: /dev/null }
"#;

    fn t(s: i64) -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::seconds(s)
    }

    fn signals() -> Signals {
        let cfg = crate::config::parse(Path::new("t.yaml"), YAML).unwrap();
        let mut s = Signals::new(&cfg.sources, 1000);
        let feed = |s: &mut Signals, key: SourceKey, at, body| {
            s.apply(Report { key, at, body });
        };
        let probe = |ok: bool| {
            Body::Probe(Probe { ok, latency: Some(std::time::Duration::from_millis(12)), detail: "503".into() })
        };
        feed(&mut s, SourceKey::new(Kind::Health, "checkout-api"), t(0), probe(false));
        for i in 0..100 {
            let series = vec![SeriesValue { labels: String::new(), value: i as f64 / 10.0 }];
            let body = Body::Values { series, baseline: None, warnings: vec![] };
            feed(&mut s, SourceKey::new(Kind::Prometheus, "checkout 5xx"), t(i), body);
        }
        let alert = Alert {
            fingerprint: "f".into(),
            name: "Burn".into(),
            severity: Some("page".into()),
            summary: None,
            state: AlertState::Firing,
            starts_at: Some(t(5)),
            labels: "service=checkout".into(),
        };
        feed(&mut s, SourceKey::new(Kind::Alertmanager, "am"), t(50), Body::Alerts(vec![alert]));
        let lines = (0..100)
            .map(|i| {
                LogLine::ingest(
                    format!("ERROR pool: too many connections ({i})").as_bytes(),
                    8192,
                    &Default::default(),
                    t(i),
                )
            })
            .collect();
        feed(&mut s, SourceKey::new(Kind::Logs, "app"), t(100), Body::Lines(lines));
        s
    }

    #[test]
    fn a_snapshot_restores_what_the_panes_show_and_stays_bounded() {
        let s = signals();
        let snap = Snapshot::take(&s, t(100));
        let line = serde_json::to_string(&snap).unwrap();
        assert!(!line.contains("hunter2") && !line.contains("secret-token"), "never a URL: {line}");
        let back: Snapshot = serde_json::from_str(&line).unwrap();
        assert_eq!(back, snap);
        let r = back.restore();
        assert_eq!(r.health[0].state, HealthState::Down);
        assert_eq!(r.health[0].last.as_ref().unwrap().1.detail, "503");
        let m = &r.metrics[0];
        assert_eq!((m.value, m.band), (Some(9.9), Band::Critical));
        assert_eq!(m.history.len(), POINTS, "the newest {POINTS} points only");
        assert_eq!(m.history.back().unwrap().0, t(99));
        assert_eq!(r.alerts[0].alerts[0].name, "Burn");
        assert_eq!(r.logs.lines.len(), LINES);
        assert_eq!(r.logs.lines.back().unwrap().text, "ERROR pool: too many connections (99)");
        let top = r.logs.top_patterns_at(1, Level::Warn);
        assert_eq!(top[0].count, 100, "the pattern's count as it was, not recounted from the kept lines");
        assert_eq!(r.summary(), s.summary(), "the triage pane's summary reads the same");
    }

    #[test]
    fn the_snapshot_in_force_is_the_last_taken_by_then() {
        let s = signals();
        let snaps: Vec<Snapshot> = [30, 60, 90].iter().map(|&x| Snapshot::take(&s, t(x))).collect();
        assert!(at(&snaps, t(29)).is_none());
        assert_eq!(at(&snaps, t(60)).unwrap().at, t(60));
        assert_eq!(at(&snaps, t(89)).unwrap().at, t(60));
        assert_eq!(at(&snaps, t(1000)).unwrap().at, t(90));
        let text = format!(
            "{}\n{{\"torn\n{}\n",
            serde_json::to_string(&snaps[1]).unwrap(),
            serde_json::to_string(&snaps[0]).unwrap()
        );
        let (read, skipped) = read(&text);
        assert_eq!((read.len(), skipped), (2, 1));
        assert_eq!(read[0].at, t(30), "sorted by time");
    }
}
