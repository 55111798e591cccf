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
    pub band: Band,
    /// When the value entered its band.
    pub band_since: Option<DateTime<Utc>>,
    pub at: Option<DateTime<Utc>>,
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
        let old = self.band;
        if new == Band::Unknown || new == old {
            return None;
        }
        self.band = new;
        self.band_since = Some(at);
        // Starting out fine is not news.
        if old == Band::Unknown && new == Band::Ok {
            return None;
        }
        let v = value.map(|v| self.format(v)).unwrap_or_default();
        let (word, text) = match new {
            Band::Critical => {
                ("critical", format!("{} CRITICAL: {v}{}", self.key.name, self.limit(self.display.critical)))
            }
            Band::Warning => ("warning", format!("{} WARNING: {v}{}", self.key.name, self.limit(self.display.warn))),
            _ => ("ok", format!("{} back to normal: {v}", self.key.name)),
        };
        Some(Transition::new(&self.key, word, text, at, new >= Band::Warning))
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
        let d =
            Display { warn: Some(warn), critical: Some(crit), direction: dir, unit: Some("%".into()), scale: 100.0 };
        MetricView::new(SourceKey::new(Kind::Prometheus, "5xx ratio"), d)
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
