//! The words the signals and the screen share about what sources say: a
//! log line's level, a source's kind, an alert's state, a duration in
//! seconds. Sources produce them, signals keep them, the screen draws
//! them; the screen never reads `sources` itself.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// A log line's level, worst last (so `>=` means "at least as bad").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub enum Level {
    Trace,
    Debug,
    #[default]
    Unknown,
    Info,
    Warn,
    Error,
    Fatal,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Trace => "TRACE",
            Level::Debug => "DEBUG",
            Level::Unknown => "-",
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Error => "ERROR",
            Level::Fatal => "FATAL",
        }
    }

    pub fn is_problem(self) -> bool {
        self >= Level::Warn
    }
}

/// What kind of source said something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Health,
    Prometheus,
    Scrape,
    Alertmanager,
    Logs,
    Changes,
    Slo,
}

impl Kind {
    pub fn word(self) -> &'static str {
        match self {
            Kind::Health => "health",
            Kind::Prometheus => "prometheus",
            Kind::Scrape => "scrape",
            Kind::Alertmanager => "alertmanager",
            Kind::Logs => "logs",
            Kind::Changes => "changes",
            Kind::Slo => "slo",
        }
    }
}

/// Where an alert stands in Alertmanager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertState {
    Firing,
    Silenced,
    Inhibited,
    /// Alertmanager has not processed it yet.
    Pending,
}

/// A short duration as `850ms` or `2.5s`.
pub fn secs(d: Duration) -> String {
    if d.as_millis() < 1000 { format!("{}ms", d.as_millis()) } else { format!("{:.1}s", d.as_secs_f64()) }
}
