//! The SLI's counters over time: cumulative good and total counts, resets
//! folded in, thinned as they age so memory stays bounded however long
//! the window.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};

/// Samples kept at most; older ones are thinned to make room.
pub const CAP: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub at: DateTime<Utc>,
    /// Cumulative counts, monotonic (counter resets folded in).
    pub good: f64,
    pub total: f64,
}

/// What happened between two samples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Delta {
    pub good: f64,
    pub total: f64,
    /// How much time the data really covers (less than asked when the
    /// history is shorter than the window).
    pub span: Duration,
    /// The history reaches back the whole window.
    pub complete: bool,
}

impl Delta {
    pub fn bad(&self) -> f64 {
        (self.total - self.good).max(0.0)
    }
}

#[derive(Debug, Clone, Default)]
pub struct History {
    samples: VecDeque<Sample>,
    /// Raw counter values last seen, to detect resets.
    last_raw: Option<(f64, f64)>,
    offset: (f64, f64),
}

impl History {
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    pub fn first(&self) -> Option<&Sample> {
        self.samples.front()
    }

    pub fn last(&self) -> Option<&Sample> {
        self.samples.back()
    }

    /// How much time the samples cover, oldest to newest.
    pub fn span(&self) -> Duration {
        match (self.first(), self.last()) {
            (Some(a), Some(b)) => b.at - a.at,
            _ => Duration::zero(),
        }
    }

    /// Adds raw counter values read at `at`. A counter that went down was
    /// reset (a restart): counting goes on from the values before it.
    pub fn push(&mut self, at: DateTime<Utc>, good: f64, total: f64) {
        if !good.is_finite() || !total.is_finite() || self.samples.back().is_some_and(|s| at <= s.at) {
            return;
        }
        if let Some((g, t)) = self.last_raw
            && (good < g || total < t)
        {
            self.offset.0 += g;
            self.offset.1 += t;
        }
        self.last_raw = Some((good, total));
        if self.samples.len() >= CAP {
            self.thin();
        }
        self.samples.push_back(Sample { at, good: good + self.offset.0, total: total + self.offset.1 });
    }

    /// Drops every other sample of the older half.
    fn thin(&mut self) {
        let half = self.samples.len() / 2;
        let mut keep = VecDeque::with_capacity(self.samples.len());
        for (i, s) in self.samples.drain(..).enumerate() {
            if i >= half || i % 2 == 0 {
                keep.push_back(s);
            }
        }
        self.samples = keep;
    }

    /// Counts over the `window` ending at the newest sample: from the
    /// newest sample at or before its start, or the oldest there is.
    pub fn delta(&self, window: Duration) -> Option<Delta> {
        self.delta_since(self.last()?.at - window)
    }

    /// Counts from `start` to the newest sample.
    pub fn delta_since(&self, start: DateTime<Utc>) -> Option<Delta> {
        let end = *self.last()?;
        let idx = self.samples.partition_point(|s| s.at <= start);
        let (base, complete) = match idx {
            0 => (*self.first()?, false),
            i => (self.samples[i - 1], true),
        };
        if base.at >= end.at {
            return None;
        }
        Some(Delta { good: end.good - base.good, total: end.total - base.total, span: end.at - base.at, complete })
    }

    /// The SLI (good share) at each sample over the last `window`, for a
    /// chart: one point per step between consecutive samples.
    pub fn sli_points(&self, window: Duration) -> Vec<f64> {
        let Some(end) = self.last() else { return vec![] };
        let start = end.at - window;
        let v: Vec<&Sample> = self.samples.iter().filter(|s| s.at >= start).collect();
        v.windows(2)
            .filter_map(|w| {
                let t = w[1].total - w[0].total;
                (t > 0.0).then(|| (w[1].good - w[0].good) / t)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(min: i64) -> DateTime<Utc> {
        "2026-11-23T00:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::minutes(min)
    }

    #[test]
    fn deltas_over_windows_say_when_data_is_short() {
        let mut h = History::default();
        for m in 0..=60 {
            h.push(t(m), 99.0 * m as f64, 100.0 * m as f64);
        }
        let d = h.delta(Duration::minutes(5)).unwrap();
        assert_eq!((d.good, d.total, d.span, d.complete), (495.0, 500.0, Duration::minutes(5), true));
        assert_eq!(d.bad(), 5.0);
        let long = h.delta(Duration::hours(6)).unwrap();
        assert_eq!((long.total, long.span, long.complete), (6000.0, Duration::minutes(60), false));
        assert!(History::default().delta(Duration::minutes(5)).is_none());
    }

    #[test]
    fn counter_resets_are_folded_in() {
        let mut h = History::default();
        h.push(t(0), 900.0, 1000.0);
        h.push(t(1), 990.0, 1100.0);
        h.push(t(2), 10.0, 20.0); // restarted
        h.push(t(3), 110.0, 120.0);
        let d = h.delta(Duration::minutes(3)).unwrap();
        assert_eq!((d.good, d.total), (200.0, 220.0));
    }

    #[test]
    fn memory_is_bounded_and_recent_samples_stay_exact() {
        let mut h = History::default();
        for m in 0..(3 * CAP as i64) {
            h.push(t(m), m as f64, m as f64);
        }
        assert!(h.len() <= CAP);
        let d = h.delta(Duration::minutes(10)).unwrap();
        assert_eq!((d.total, d.span), (10.0, Duration::minutes(10)));
        assert_eq!(h.first().unwrap().at, t(0), "the oldest sample stays");
    }
}
