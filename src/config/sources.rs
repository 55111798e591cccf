//! What `sources:` in the config may hold: health checks, Prometheus
//! queries, /metrics scrapes, Alertmanager, log tails and recent changes.
//! Each spec is checked while parsing, so a mistake is reported with its
//! line. config.example.yaml documents every key.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use serde::Deserialize;

use super::duration::{Dur, Interval, Timeout};
use super::types::{Headers, NonEmpty, Tls};

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, try_from = "SourcesRaw")]
pub struct Sources {
    pub health: Vec<HealthSpec>,
    pub prometheus: Vec<PromSpec>,
    pub scrape: Vec<ScrapeSpec>,
    pub alertmanager: Vec<AlertmanagerSpec>,
    pub logs: Vec<LogSpec>,
    pub changes: Vec<ChangeSpec>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesRaw {
    #[serde(default)]
    health: Vec<HealthSpec>,
    #[serde(default)]
    prometheus: Vec<PromSpec>,
    #[serde(default)]
    scrape: Vec<ScrapeSpec>,
    #[serde(default)]
    alertmanager: Vec<AlertmanagerSpec>,
    #[serde(default)]
    logs: Vec<LogSpec>,
    #[serde(default)]
    changes: Vec<ChangeSpec>,
}

impl TryFrom<SourcesRaw> for Sources {
    type Error = String;
    fn try_from(r: SourcesRaw) -> Result<Self, String> {
        let kinds: [(&str, Vec<&str>); 6] = [
            ("health", r.health.iter().map(|s| s.name.0.as_str()).collect()),
            ("prometheus", r.prometheus.iter().map(|s| s.name.0.as_str()).collect()),
            ("scrape", r.scrape.iter().map(|s| s.name.0.as_str()).collect()),
            ("alertmanager", r.alertmanager.iter().map(|s| s.name.0.as_str()).collect()),
            ("logs", r.logs.iter().map(|s| s.name.0.as_str()).collect()),
            ("changes", r.changes.iter().map(|s| s.name.0.as_str()).collect()),
        ];
        for (kind, names) in kinds {
            let mut seen = HashSet::new();
            for n in names {
                if !seen.insert(n) {
                    return Err(format!("two {kind} sources are named `{n}`; names must be unique"));
                }
            }
        }
        Ok(Sources {
            health: r.health,
            prometheus: r.prometheus,
            scrape: r.scrape,
            alertmanager: r.alertmanager,
            logs: r.logs,
            changes: r.changes,
        })
    }
}

impl Sources {
    pub fn is_empty(&self) -> bool {
        self.health.is_empty()
            && self.prometheus.is_empty()
            && self.scrape.is_empty()
            && self.alertmanager.is_empty()
            && self.logs.is_empty()
            && self.changes.is_empty()
    }
}

/// Above or below: which side of a threshold is bad.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Above,
    Below,
}

/// Warn and critical thresholds and how to show a value.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Display {
    #[serde(default)]
    pub warn: Option<f64>,
    #[serde(default)]
    pub critical: Option<f64>,
    #[serde(default)]
    pub direction: Direction,
    /// Shown after the value: `%`, `ms`, `req/s`.
    #[serde(default)]
    pub unit: Option<String>,
    /// The value is multiplied by this before thresholds and display
    /// (100 turns a ratio into a percentage).
    #[serde(default = "one")]
    pub scale: f64,
    /// How long a crossing must hold before it goes on the timeline; a
    /// value back across within it was a blip. `0s` records at once.
    #[serde(default = "default_dwell")]
    pub dwell: Dur,
}

fn one() -> f64 {
    1.0
}

/// A crossing holds 30 s before it is news: two or three polls at the
/// usual intervals, well under an Alertmanager `for:`.
pub const DWELL: Dur = Dur::secs(30);

fn default_dwell() -> Dur {
    DWELL
}

impl Default for Display {
    fn default() -> Self {
        Self { warn: None, critical: None, direction: Direction::default(), unit: None, scale: 1.0, dwell: DWELL }
    }
}

// ---------------------------------------------------------------- health

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(try_from = "HealthRaw")]
pub struct HealthSpec {
    pub name: NonEmpty,
    pub probe: Probe,
    pub timeout: Timeout,
    pub interval: Interval,
    /// Consecutive results needed to change between up and down.
    pub consecutive: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Probe {
    Http {
        url: String,
        method: String,
        /// Empty: any 2xx or 3xx.
        expect_status: Vec<u16>,
        body_contains: Option<String>,
        body_regex: Option<String>,
        headers: Headers,
        tls: Option<Tls>,
    },
    Tcp {
        address: String,
    },
    Command {
        argv: Vec<String>,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct HealthRaw {
    name: NonEmpty,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    expect_status: Vec<u16>,
    #[serde(default)]
    body_contains: Option<String>,
    #[serde(default)]
    body_regex: Option<String>,
    #[serde(default)]
    headers: Headers,
    #[serde(default)]
    tls: Option<Tls>,
    #[serde(default)]
    tcp: Option<String>,
    #[serde(default)]
    command: Option<Vec<String>>,
    #[serde(default = "default_timeout")]
    timeout: Timeout,
    #[serde(default = "default_health_interval")]
    interval: Interval,
    #[serde(default = "default_consecutive")]
    consecutive: u32,
}

fn default_timeout() -> Timeout {
    Timeout::secs(5)
}
fn default_health_interval() -> Interval {
    Interval::secs(10)
}
fn default_consecutive() -> u32 {
    2
}

impl TryFrom<HealthRaw> for HealthSpec {
    type Error = String;
    fn try_from(r: HealthRaw) -> Result<Self, String> {
        let name = &r.name.0;
        let probe = match (r.url, r.tcp, r.command) {
            (Some(url), None, None) => {
                super::types::check_http_url(&url)?;
                if let Some(re) = &r.body_regex {
                    regex::Regex::new(re).map_err(|e| format!("health `{name}`: body_regex: {e}"))?;
                }
                Probe::Http {
                    url,
                    method: r.method.unwrap_or_else(|| "GET".into()).to_ascii_uppercase(),
                    expect_status: r.expect_status,
                    body_contains: r.body_contains,
                    body_regex: r.body_regex,
                    headers: r.headers,
                    tls: r.tls,
                }
            }
            (None, Some(address), None) => {
                if !address.contains(':') {
                    return Err(format!("health `{name}`: tcp needs host:port, not `{address}`"));
                }
                Probe::Tcp { address }
            }
            (None, None, Some(argv)) => {
                check_argv(&argv, name)?;
                Probe::Command { argv }
            }
            _ => return Err(format!("health `{name}` needs exactly one of url, tcp or command")),
        };
        if r.consecutive == 0 {
            return Err(format!("health `{name}`: consecutive must be at least 1"));
        }
        Ok(HealthSpec { name: r.name, probe, timeout: r.timeout, interval: r.interval, consecutive: r.consecutive })
    }
}

impl HealthSpec {
    /// The `tls:` of an HTTP check.
    pub fn tls(&self) -> Option<&Tls> {
        match &self.probe {
            Probe::Http { tls, .. } => tls.as_ref(),
            _ => None,
        }
    }
}

fn check_argv(argv: &[String], name: &str) -> Result<(), String> {
    super::types::check_argv(argv).map_err(|e| format!("`{name}`: {e}"))
}

// ------------------------------------------------------------ prometheus

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PromSpec {
    pub name: NonEmpty,
    /// The server, e.g. http://127.0.0.1:9090.
    #[serde(deserialize_with = "super::types::http_url")]
    pub url: String,
    pub query: NonEmpty,
    /// The same thing at a normal time, e.g. the query with `offset 1d`.
    #[serde(default)]
    pub baseline: Option<String>,
    #[serde(default = "default_prom_interval")]
    pub interval: Interval,
    #[serde(default = "default_timeout")]
    pub timeout: Timeout,
    /// How much history to load at start for the sparkline (0 = none).
    #[serde(default = "default_range")]
    pub range: Dur,
    /// Series shown when the query returns several.
    #[serde(default = "default_top")]
    pub top: usize,
    #[serde(default)]
    pub auth: Option<Auth>,
    #[serde(default)]
    pub headers: Headers,
    #[serde(default)]
    pub tls: Option<Tls>,
    #[serde(flatten)]
    pub display: Display,
}

fn default_prom_interval() -> Interval {
    Interval::secs(15)
}
fn default_range() -> Dur {
    Dur::secs(3600)
}
fn default_top() -> usize {
    3
}

/// Credentials are read from the environment, never from the file.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(try_from = "AuthRaw")]
pub enum Auth {
    /// `auth: {bearer_env: PROM_TOKEN}`
    BearerEnv(String),
    /// `auth: {basic_env: [PROM_USER, PROM_PASSWORD]}`
    BasicEnv(String, String),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthRaw {
    #[serde(default)]
    bearer_env: Option<String>,
    #[serde(default)]
    basic_env: Option<(String, String)>,
}

impl TryFrom<AuthRaw> for Auth {
    type Error = String;
    fn try_from(r: AuthRaw) -> Result<Self, String> {
        match (r.bearer_env, r.basic_env) {
            (Some(b), None) => Ok(Auth::BearerEnv(b)),
            (None, Some((u, p))) => Ok(Auth::BasicEnv(u, p)),
            _ => Err("auth takes one of bearer_env: VAR or basic_env: [USER_VAR, PASSWORD_VAR]".into()),
        }
    }
}

// ---------------------------------------------------------------- scrape

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScrapeSpec {
    pub name: NonEmpty,
    /// The /metrics URL.
    #[serde(deserialize_with = "super::types::http_url")]
    pub url: String,
    #[serde(default = "default_health_interval")]
    pub interval: Interval,
    #[serde(default = "default_timeout")]
    pub timeout: Timeout,
    #[serde(default)]
    pub headers: Headers,
    #[serde(default)]
    pub tls: Option<Tls>,
    pub metrics: Vec<ScrapeMetric>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScrapeMetric {
    /// What the pane calls it.
    pub name: NonEmpty,
    /// The metric family, e.g. `http_requests_total`.
    pub metric: NonEmpty,
    pub kind: MetricKind,
    /// Label matchers: exact values, or a regex after `~` (`status: "~5.."`).
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// For `ratio`: matchers of the denominator (default: all series).
    #[serde(default)]
    pub total_labels: BTreeMap<String, String>,
    /// For `quantile`: which one, 0 to 1.
    #[serde(default)]
    pub quantile: Option<f64>,
    #[serde(flatten)]
    pub display: Display,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// The value as it is, summed over matching series.
    Gauge,
    /// Per-second increase of a counter, summed over matching series.
    Rate,
    /// rate(labels) / rate(total_labels) of a counter.
    Ratio,
    /// A quantile estimated from a histogram's buckets over the last interval.
    Quantile,
}

// ---------------------------------------------------------- alertmanager

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AlertmanagerSpec {
    pub name: NonEmpty,
    #[serde(deserialize_with = "super::types::http_url")]
    pub url: String,
    #[serde(default = "default_prom_interval")]
    pub interval: Interval,
    #[serde(default = "default_timeout")]
    pub timeout: Timeout,
    /// Alertmanager matchers, e.g. `service="checkout"`.
    #[serde(default)]
    pub filter: Vec<String>,
    #[serde(default)]
    pub auth: Option<Auth>,
    #[serde(default)]
    pub headers: Headers,
    #[serde(default)]
    pub tls: Option<Tls>,
}

// ------------------------------------------------------------------ logs

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(try_from = "LogRaw")]
pub struct LogSpec {
    pub name: NonEmpty,
    pub input: LogInput,
    /// Lines longer than this many bytes are cut.
    pub max_line: usize,
    /// The level an access log's HTTP status gives its line.
    pub status_levels: crate::sources::logs::level::StatusLevels,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LogInput {
    File(PathBuf),
    /// Program and arguments; no shell.
    Command(Vec<String>),
    /// A shell command line, run with `sh -c` because the config asked.
    Shell(String),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LogRaw {
    name: NonEmpty,
    #[serde(default)]
    file: Option<PathBuf>,
    #[serde(default)]
    command: Option<Vec<String>>,
    #[serde(default)]
    shell: Option<String>,
    #[serde(default = "default_max_line")]
    max_line: usize,
    #[serde(default)]
    status_levels: BTreeMap<String, String>,
}

fn default_max_line() -> usize {
    8 * 1024
}

impl TryFrom<LogRaw> for LogSpec {
    type Error = String;
    fn try_from(r: LogRaw) -> Result<Self, String> {
        let name = &r.name.0;
        let input = match (r.file, r.command, r.shell) {
            (Some(f), None, None) => LogInput::File(f),
            (None, Some(argv), None) => {
                check_argv(&argv, name)?;
                LogInput::Command(argv)
            }
            (None, None, Some(sh)) if !sh.trim().is_empty() => LogInput::Shell(sh),
            _ => return Err(format!("logs `{name}` needs exactly one of file, command or shell")),
        };
        if !(80..=1 << 20).contains(&r.max_line) {
            return Err(format!("logs `{name}`: max_line must be 80 to 1048576 bytes"));
        }
        let status_levels = crate::sources::logs::level::StatusLevels::parse(&r.status_levels)
            .map_err(|e| format!("logs `{name}`: {e}"))?;
        Ok(LogSpec { name: r.name, input, max_line: r.max_line, status_levels })
    }
}

// --------------------------------------------------------------- changes

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(try_from = "ChangeRaw")]
pub struct ChangeSpec {
    pub name: NonEmpty,
    pub input: ChangeInput,
    pub interval: Interval,
    pub timeout: Timeout,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChangeInput {
    File(PathBuf),
    Command(Vec<String>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeRaw {
    name: NonEmpty,
    #[serde(default)]
    file: Option<PathBuf>,
    #[serde(default)]
    command: Option<Vec<String>>,
    #[serde(default = "default_change_interval")]
    interval: Interval,
    #[serde(default = "default_change_timeout")]
    timeout: Timeout,
}

fn default_change_interval() -> Interval {
    Interval::secs(60)
}
fn default_change_timeout() -> Timeout {
    Timeout::secs(20)
}

impl TryFrom<ChangeRaw> for ChangeSpec {
    type Error = String;
    fn try_from(r: ChangeRaw) -> Result<Self, String> {
        let name = &r.name.0;
        let input = match (r.file, r.command) {
            (Some(f), None) => ChangeInput::File(f),
            (None, Some(argv)) => {
                check_argv(&argv, name)?;
                ChangeInput::Command(argv)
            }
            _ => return Err(format!("changes `{name}` needs exactly one of file or command")),
        };
        Ok(ChangeSpec { name: r.name, input, interval: r.interval, timeout: r.timeout })
    }
}
