//! A metric over time: current value (first series, scaled), the other top
//! series, the baseline, a capped history for the sparkline, and which
//! side of its thresholds it is on.

use std::collections::VecDeque;

use chrono::{DateTime, Utc};

use super::Transition;
use crate::config::sources::{Direction, Display};
use crate::sources::{SeriesValue, SourceKey};

/// Points kept per metric (an hour at 5 s).
pub const HISTORY: usize = 720;

/// A metric whose recorded band changes this many times within
/// [`FLAP_WINDOW`] is flapping: one entry says so, then it stays quiet
/// until its band has held for [`FLAP_SETTLE`].
pub const FLAP_CHANGES: usize = 4;
pub const FLAP_WINDOW: chrono::Duration = chrono::Duration::minutes(10);
pub const FLAP_SETTLE: chrono::Duration = chrono::Duration::minutes(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    Unknown,
    Ok,
    Warning,
    Critical,
}

impl Band {
    pub fn label(self) -> &'static str {
        match self {
            Band::Unknown => "?",
            Band::Ok => "OK",
            Band::Warning => "WARN",
            Band::Critical => "CRIT",
        }
    }
}

/// Which band `v` (already scaled) falls in.
pub fn band(v: f64, d: &Display) -> Band {
    if v.is_nan() {
        return Band::Unknown;
    }
    let past = |t: f64| match d.direction {
        Direction::Above => v >= t,
        Direction::Below => v <= t,
    };
    if d.critical.is_some_and(past) {
        Band::Critical
    } else if d.warn.is_some_and(past) {
        Band::Warning
    } else {
        Band::Ok
    }
}

#[derive(Debug, Clone)]
pub struct MetricView {
    pub key: SourceKey,
    pub display: Display,
    pub value: Option<f64>,
    pub series: Vec<SeriesValue>,
    pub baseline: Option<f64>,
    pub warnings: Vec<String>,
    pub history: VecDeque<(DateTime<Utc>, f64)>,
    /// The band the value is in now (what the pane shows).
    pub band: Band,
    /// When the value entered its band.
    pub band_since: Option<DateTime<Utc>>,
    pub at: Option<DateTime<Utc>>,
    /// The band on the record: changed only once a crossing has held for
    /// the dwell; what the timeline and the incident's state follow.
    pub settled: Band,
    /// Since when the value has been away from the settled band.
    away_since: Option<DateTime<Utc>>,
    /// When the settled band changed, over the last [`FLAP_WINDOW`].
    changes: VecDeque<DateTime<Utc>>,
    /// Flapping: quiet until the band holds for [`FLAP_SETTLE`].
    pub flapping: bool,
}

impl MetricView {
    pub fn new(key: SourceKey, display: Display) -> Self {
        Self {
            key,
            display,
            value: None,
            series: vec![],
            baseline: None,
            warnings: vec![],
            history: VecDeque::new(),
            band: Band::Unknown,
            band_since: None,
            at: None,
            settled: Band::Unknown,
            away_since: None,
            changes: VecDeque::new(),
            flapping: false,
        }
    }

    /// The state word on the record: `critical`, `warning`, `ok`,
    /// `flapping`, or none before the first settled reading.
    pub fn recorded_state(&self) -> Option<&'static str> {
        if self.flapping {
            return Some("flapping");
        }
        match self.settled {
            Band::Unknown => None,
            Band::Ok => Some("ok"),
            Band::Warning => Some("warning"),
            Band::Critical => Some("critical"),
        }
    }

    /// How many times the baseline the value is, when both are known.
    pub fn vs_baseline(&self) -> Option<f64> {
        match (self.value, self.baseline) {
            (Some(v), Some(b)) if b.abs() > f64::EPSILON && v.is_finite() => Some(v / b),
            _ => None,
        }
    }

    /// `23.4%`, `2.40 s`, `NaN`, `+Inf`.
    pub fn format(&self, v: f64) -> String {
        format_value(v, self.display.unit.as_deref())
    }

    pub fn history_from(&mut self, points: Vec<(DateTime<Utc>, f64)>) {
        let scale = self.display.scale;
        self.history = points.into_iter().filter(|(_, v)| v.is_finite()).map(|(t, v)| (t, v * scale)).collect();
        while self.history.len() > HISTORY {
            self.history.pop_front();
        }
    }

    pub fn apply(
        &mut self,
        at: DateTime<Utc>,
        series: Vec<SeriesValue>,
        baseline: Option<f64>,
        warnings: Vec<String>,
    ) -> Option<Transition> {
        let scale = self.display.scale;
        let series: Vec<SeriesValue> =
            series.into_iter().map(|s| SeriesValue { labels: s.labels, value: s.value * scale }).collect();
        let value = series.first().map(|s| s.value);
        self.series = series;
        self.baseline = baseline.map(|b| b * scale);
        self.warnings = warnings;
        self.value = value;
        self.at = Some(at);
        if let Some(v) = value.filter(|v| v.is_finite()) {
            if self.history.len() == HISTORY {
                self.history.pop_front();
            }
            self.history.push_back((at, v));
        }
        let new = value.map_or(Band::Unknown, |v| band(v, &self.display));
        if new == Band::Unknown {
            return None;
        }
        if new != self.band {
            self.band = new;
            self.band_since = Some(at);
        }
        let v = value.map(|v| self.format(v)).unwrap_or_default();
        if self.flapping {
            let held = self.band_since.is_some_and(|s| at - s >= FLAP_SETTLE);
            if !held {
                return None;
            }
            self.flapping = false;
            self.changes.clear();
            self.settled = new;
            self.away_since = None;
            let mut t = self.crossing(new, &v, self.band_since.unwrap_or(at));
            t.text = format!("{} (settled after flapping)", t.text);
            return Some(t);
        }
        if new == self.settled {
            self.away_since = None;
            return None;
        }
        // Starting out fine is not news, and needs no dwell.
        if self.settled == Band::Unknown && new == Band::Ok {
            self.settled = new;
            return None;
        }
        let since = *self.away_since.get_or_insert(at);
        let dwell = chrono::Duration::from_std(self.display.dwell.0).unwrap_or_default();
        if at - since < dwell {
            return None;
        }
        // Held for the dwell: on the record, dated from the crossing.
        self.settled = new;
        self.away_since = None;
        let crossed = self.band_since.unwrap_or(since).max(since);
        self.changes.push_back(crossed);
        while self.changes.front().is_some_and(|c| at - *c > FLAP_WINDOW) {
            self.changes.pop_front();
        }
        if self.changes.len() >= FLAP_CHANGES {
            self.flapping = true;
            let text = format!(
                "{} flapping: crossed its thresholds {} times in {}; quiet until it holds for {} (now {} {v})",
                self.key.name,
                self.changes.len(),
                crate::incident::format_duration(FLAP_WINDOW),
                crate::incident::format_duration(FLAP_SETTLE),
                new.label()
            );
            return Some(Transition::new(&self.key, "flapping", text, crossed, true));
        }
        Some(self.crossing(new, &v, crossed))
    }

    /// The timeline entry for settling into `new`.
    fn crossing(&self, new: Band, v: &str, at: DateTime<Utc>) -> Transition {
        let (word, text) = match new {
            Band::Critical => {
                ("critical", format!("{} CRITICAL: {v}{}", self.key.name, self.limit(self.display.critical)))
            }
            Band::Warning => ("warning", format!("{} WARNING: {v}{}", self.key.name, self.limit(self.display.warn))),
            _ => ("ok", format!("{} back to normal: {v}", self.key.name)),
        };
        Transition::new(&self.key, word, text, at, new >= Band::Warning)
    }

    fn limit(&self, t: Option<f64>) -> String {
        let op = if self.display.direction == Direction::Above { "≥" } else { "≤" };
        t.map(|t| format!(" ({op} {})", self.format(t))).unwrap_or_default()
    }
}

pub fn format_value(v: f64, unit: Option<&str>) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    let a = v.abs();
    let num = if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.1}k", v / 1e3)
    } else if a >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    };
    match unit {
        Some("%") => format!("{num}%"),
        Some(u) => format!("{num} {u}"),
        None => num,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::Kind;

    fn view(warn: f64, crit: f64, dir: Direction) -> MetricView {
        dwelling(warn, crit, dir, 0)
    }

    fn dwelling(warn: f64, crit: f64, dir: Direction, dwell: u64) -> MetricView {
        let d = Display {
            warn: Some(warn),
            critical: Some(crit),
            direction: dir,
            unit: Some("%".into()),
            scale: 100.0,
            dwell: crate::config::duration::Dur::secs(dwell),
        };
        MetricView::new(SourceKey::new(Kind::Prometheus, "5xx ratio"), d)
    }

    fn at(s: i64) -> DateTime<Utc> {
        "2026-11-23T11:41:00Z".parse::<DateTime<Utc>>().unwrap() + chrono::Duration::seconds(s)
    }

    #[test]
    fn a_crossing_must_hold_for_the_dwell() {
        let mut m = dwelling(1.0, 5.0, Direction::Above, 30);
        assert!(m.apply(at(0), v(0.001), None, vec![]).is_none());
        // A 20-second blip over the threshold is no entry.
        assert!(m.apply(at(10), v(0.02), None, vec![]).is_none());
        assert_eq!(m.band, Band::Warning, "the pane shows it at once");
        assert!(m.apply(at(25), v(0.02), None, vec![]).is_none());
        assert!(m.apply(at(30), v(0.002), None, vec![]).is_none());
        assert_eq!(m.settled, Band::Ok);
        // Held from 40 s: recorded at 70 s, dated 40 s.
        assert!(m.apply(at(40), v(0.02), None, vec![]).is_none());
        assert!(m.apply(at(60), v(0.08), None, vec![]).is_none());
        let t = m.apply(at(70), v(0.08), None, vec![]).unwrap();
        assert_eq!((t.state.as_str(), t.at), ("critical", at(60)), "the band it holds, from when it entered it");
        assert_eq!(m.recorded_state(), Some("critical"));
    }

    #[test]
    fn a_flapping_metric_is_one_entry_until_it_settles() {
        let mut m = dwelling(1.0, 5.0, Direction::Above, 10);
        let mut out = vec![];
        out.extend(m.apply(at(0), v(0.001), None, vec![]));
        // Wobbling around 1% every 15 s for ten minutes: 40 crossings.
        for i in 1..=40 {
            let x = if i % 2 == 1 { 0.012 } else { 0.008 };
            out.extend(m.apply(at(i * 15), v(x), None, vec![]));
            out.extend(m.apply(at(i * 15 + 12), v(x), None, vec![]));
        }
        let states: Vec<&str> = out.iter().map(|t| t.state.as_str()).collect();
        assert_eq!(states, ["warning", "ok", "warning", "flapping"], "{out:?}");
        assert!(
            out[3].text.starts_with("5xx ratio flapping: crossed its thresholds 4 times in 10m00s"),
            "{}",
            out[3].text
        );
        // Holding over 1% for two minutes settles it: one entry.
        let start = 41 * 15;
        for s in (start..start + 130).step_by(5) {
            out.extend(m.apply(at(s), v(0.03), None, vec![]));
        }
        assert_eq!(out.len(), 5, "{out:?}");
        assert_eq!(out[4].state, "warning");
        assert!(out[4].text.ends_with("(settled after flapping)"), "{}", out[4].text);
        assert_eq!(out[4].at, at(start));
        assert!(!m.flapping);
    }

    fn v(x: f64) -> Vec<SeriesValue> {
        vec![SeriesValue { labels: String::new(), value: x }]
    }

    #[test]
    fn crossings_are_transitions_and_staying_is_not() {
        let mut m = view(1.0, 5.0, Direction::Above);
        let t = Utc::now();
        assert!(m.apply(t, v(0.001), None, vec![]).is_none(), "starting OK is not news");
        let w = m.apply(t, v(0.02), None, vec![]).unwrap();
        assert_eq!((w.state.as_str(), w.text.as_str()), ("warning", "5xx ratio WARNING: 2% (≥ 1%)"));
        let c = m.apply(t, v(0.234), Some(0.01), vec![]).unwrap();
        assert_eq!(c.text, "5xx ratio CRITICAL: 23.4% (≥ 5%)");
        assert_eq!(m.vs_baseline().map(|x| x.round()), Some(23.0));
        assert!(m.apply(t, v(0.3), None, vec![]).is_none());
        assert!(m.apply(t, v(f64::NAN), None, vec![]).is_none(), "NaN is no crossing");
        assert_eq!(m.band, Band::Critical);
        let ok = m.apply(t, v(0.0), None, vec![]).unwrap();
        assert_eq!((ok.state.as_str(), ok.bad), ("ok", false));
        assert_eq!(m.history.len(), 5, "NaN is not drawn");
        assert_eq!(m.band_since, Some(t), "dated from the crossing");
    }

    #[test]
    fn below_thresholds_and_infinities() {
        let mut m = view(50.0, 20.0, Direction::Below);
        assert_eq!(band(10.0, &m.display), Band::Critical);
        assert_eq!(band(40.0, &m.display), Band::Warning);
        assert_eq!(band(90.0, &m.display), Band::Ok);
        let t = m.apply(Utc::now(), v(f64::NEG_INFINITY), None, vec![]).unwrap();
        assert_eq!(t.state, "critical");
        assert_eq!(format_value(f64::INFINITY, None), "+Inf");
        assert_eq!(format_value(1234.0, Some("req/s")), "1234 req/s");
        assert_eq!(format_value(2.4, Some("s")), "2.40 s");
        assert_eq!(format_value(25_000.0, None), "25.0k");
    }
}
