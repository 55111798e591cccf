//! The numbers an SRE decides by: error budget, burn rates, the
//! multiwindow multi-burn-rate alert of the SRE workbook, time to
//! exhaustion, budget spent during the incident. Every formula is in
//! docs/slo.md with a worked example; the tests hold those examples.

use chrono::{DateTime, Duration, Utc};

use super::history::{Delta, History};

/// The burn-rate windows shown for every SLO.
pub const WINDOWS: [(&str, i64); 7] =
    [("5m", 5), ("30m", 30), ("1h", 60), ("2h", 120), ("6h", 360), ("1d", 1440), ("3d", 4320)];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BurnAlert {
    None,
    Ticket,
    Page,
}

impl BurnAlert {
    pub fn label(self) -> &'static str {
        match self {
            BurnAlert::None => "ok",
            BurnAlert::Ticket => "TICKET",
            BurnAlert::Page => "PAGE",
        }
    }
}

/// Alert when the burn rate is at least `factor` over both windows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub alert: BurnAlert,
    pub long: Duration,
    pub short: Duration,
    pub factor: f64,
}

/// The SRE workbook's rules for a 30-day SLO.
pub fn workbook() -> Vec<Rule> {
    let r = |alert, long, short, factor| Rule {
        alert,
        long: Duration::minutes(long),
        short: Duration::minutes(short),
        factor,
    };
    vec![
        r(BurnAlert::Page, 60, 5, 14.4),
        r(BurnAlert::Page, 360, 30, 6.0),
        r(BurnAlert::Ticket, 1440, 120, 3.0),
        r(BurnAlert::Ticket, 4320, 360, 1.0),
    ]
}

/// The bad share the objective allows: 99.9 → 0.001.
pub fn allowed(objective_percent: f64) -> f64 {
    (1.0 - objective_percent / 100.0).clamp(0.0, 1.0)
}

/// How many times faster than sustainable the budget burns over `d`:
/// (bad / total) / allowed. None without traffic. With a 100% objective
/// any bad request burns infinitely fast.
pub fn burn_rate(d: &Delta, allowed: f64) -> Option<f64> {
    if d.total <= 0.0 {
        return None;
    }
    let ratio = d.bad() / d.total;
    if allowed <= 0.0 {
        return Some(if ratio > 0.0 { f64::INFINITY } else { 0.0 });
    }
    Some(ratio / allowed)
}

/// One window's burn rate, and whether the history covers it.
/// Serialized (signal snapshots, docs/replay.md) with durations in
/// seconds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Burn {
    pub label: &'static str,
    #[serde(with = "secs")]
    pub window: Duration,
    /// The burn over the data in the window (all of it when complete).
    pub rate: Option<f64>,
    pub complete: bool,
    /// How much of the window the data covers.
    #[serde(with = "secs")]
    pub coverage: Duration,
}

/// A burn as read back: its label becomes one of the fixed [`WINDOWS`]
/// names again.
#[derive(serde::Deserialize)]
struct BurnRead {
    label: String,
    #[serde(with = "secs")]
    window: Duration,
    rate: Option<f64>,
    complete: bool,
    #[serde(with = "secs")]
    coverage: Duration,
}

impl<'de> serde::Deserialize<'de> for Burn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let b = BurnRead::deserialize(d)?;
        let label = WINDOWS.iter().find(|(l, _)| *l == b.label).map_or("?", |(l, _)| l);
        Ok(Burn { label, window: b.window, rate: b.rate, complete: b.complete, coverage: b.coverage })
    }
}

/// Durations as whole seconds.
mod secs {
    use chrono::Duration;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(d.num_seconds())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        i64::deserialize(d).map(Duration::seconds)
    }

    pub mod opt {
        use super::*;

        pub fn serialize<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.serialize_some(&d.num_seconds()),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
            Option::<i64>::deserialize(d).map(|v| v.map(Duration::seconds))
        }
    }
}

impl Burn {
    /// What the data proves of the whole window's burn: the bad requests
    /// seen, against the traffic the whole window would carry at the rate
    /// seen, as if the part the data does not cover had been clean. Equal
    /// to `rate` when the window is complete.
    pub fn proven(&self) -> Option<f64> {
        let rate = self.rate?;
        if self.complete || rate == 0.0 {
            return Some(rate);
        }
        Some(rate * share(self.coverage, self.window))
    }
}

/// `part / whole` for durations, at most 1.
fn share(part: Duration, whole: Duration) -> f64 {
    let w = whole.num_milliseconds();
    if w <= 0 {
        return 1.0;
    }
    (part.num_milliseconds() as f64 / w as f64).clamp(0.0, 1.0)
}

/// The burn of one window, from the history.
fn burn_over(h: &History, label: &'static str, window: Duration, allowed: f64) -> Burn {
    let d = h.delta(window);
    Burn {
        label,
        window,
        rate: d.and_then(|d| burn_rate(&d, allowed)),
        complete: d.is_some_and(|d| d.complete),
        coverage: d.map_or(Duration::zero(), |d| if d.complete { window } else { d.span }),
    }
}

/// Whether a rule's alert holds: the burn the data proves is at least the
/// factor over both the long and the short window (docs/slo.md).
pub fn rule_holds(h: &History, rule: &Rule, allowed: f64) -> bool {
    let over = |w| burn_over(h, "", w, allowed).proven().is_some_and(|b| b >= rule.factor);
    over(rule.long) && over(rule.short)
}

/// Serialized (signal snapshots) with durations in seconds.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evaluation {
    pub objective: f64,
    pub allowed: f64,
    /// Good share over the last 5 minutes.
    pub sli_now: Option<f64>,
    /// Good share over the SLO window (or the data there is).
    pub sli_window: Option<f64>,
    /// Budget for the window, in minutes of total outage.
    pub budget_minutes: f64,
    /// Requests the whole window is expected to serve: those counted when
    /// the data covers it, else the rate seen times the window. The budget
    /// is a share of these.
    pub requests: f64,
    /// Requests the data holds.
    pub requests_seen: f64,
    pub budget_requests: f64,
    pub bad_requests: f64,
    /// Share of the budget consumed (more than 1 when exhausted).
    pub consumed: Option<f64>,
    /// How much time the window's data covers.
    #[serde(with = "secs")]
    pub coverage: Duration,
    pub complete: bool,
    pub burns: Vec<Burn>,
    pub alert: BurnAlert,
    /// At the last hour's burn rate, until the budget is gone.
    #[serde(with = "secs::opt")]
    pub exhaustion: Option<Duration>,
    /// Budget consumed since the incident was declared, as a share of the
    /// window's budget, and the bad requests.
    pub incident_spent: Option<(f64, f64)>,
}

impl Evaluation {
    pub fn remaining(&self) -> Option<f64> {
        self.consumed.map(|c| 1.0 - c)
    }

    pub fn consumed_minutes(&self) -> Option<f64> {
        self.consumed.map(|c| c * self.budget_minutes)
    }

    pub fn burn(&self, window: Duration) -> Option<f64> {
        self.burns.iter().find(|b| b.window == window).and_then(|b| b.rate)
    }
}

/// Evaluates an SLO over its history.
pub fn evaluate(
    h: &History,
    objective: f64,
    window: Duration,
    rules: &[Rule],
    since: Option<DateTime<Utc>>,
) -> Evaluation {
    let allowed = allowed(objective);
    let ratio = |d: &Delta| (d.total > 0.0).then(|| d.good / d.total);
    let whole = h.delta(window);
    let requests_seen = whole.map_or(0.0, |d| d.total);
    // With less history than the window, the window's requests are
    // estimated from the rate seen: the budget is a share of the whole
    // window's traffic, never of the few seconds observed.
    let requests = match whole {
        Some(d) if !d.complete && d.span > Duration::zero() => d.total / share(d.span, window),
        _ => requests_seen,
    };
    let bad_requests = whole.map_or(0.0, |d| d.bad());
    let budget_requests = requests * allowed;
    let consumed = match whole {
        Some(d) if d.total > 0.0 => Some(if budget_requests > 0.0 {
            d.bad() / budget_requests
        } else if d.bad() > 0.0 {
            f64::INFINITY
        } else {
            0.0
        }),
        _ => None,
    };
    let rate_over = |w: Duration| h.delta(w).and_then(|d| burn_rate(&d, allowed));
    let burns: Vec<Burn> =
        WINDOWS.iter().map(|(label, m)| burn_over(h, label, Duration::minutes(*m), allowed)).collect();
    let alert = rules.iter().filter(|r| rule_holds(h, r, allowed)).map(|r| r.alert).max().unwrap_or(BurnAlert::None);
    let exhaustion = match (consumed, rate_over(Duration::hours(1))) {
        (Some(c), Some(b)) if b > 0.0 && b.is_finite() => {
            let left = (1.0 - c).max(0.0);
            Some(Duration::milliseconds((left * window.num_milliseconds() as f64 / b) as i64))
        }
        (Some(c), Some(b)) if b.is_infinite() && c < 1.0 => Some(Duration::zero()),
        _ => None,
    };
    let incident_spent = since.and_then(|t| h.delta_since(t)).map(|d| {
        let share = if budget_requests > 0.0 {
            d.bad() / budget_requests
        } else if d.bad() > 0.0 {
            f64::INFINITY
        } else {
            0.0
        };
        (share, d.bad())
    });
    Evaluation {
        objective,
        allowed,
        sli_now: h.delta(Duration::minutes(5)).as_ref().and_then(ratio),
        sli_window: whole.as_ref().and_then(ratio),
        budget_minutes: window.num_seconds() as f64 / 60.0 * allowed,
        requests,
        requests_seen,
        budget_requests,
        bad_requests,
        consumed,
        coverage: whole.map_or(Duration::zero(), |d| d.span),
        complete: whole.is_some_and(|d| d.complete),
        burns,
        alert,
        exhaustion,
        incident_spent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(min: i64) -> DateTime<Utc> {
        "2026-11-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::minutes(min)
    }

    /// `minutes` of traffic at 1,000 requests a minute, the last
    /// `bad_minutes` of them with `error` share failing.
    fn history(minutes: i64, bad_minutes: i64, error: f64) -> History {
        let mut h = History::default();
        let (mut good, mut total) = (0.0, 0.0);
        for m in 0..=minutes {
            h.push(t(m), good, total);
            let e = if m >= minutes - bad_minutes { error } else { 0.0 };
            total += 1000.0;
            good += 1000.0 * (1.0 - e);
        }
        h
    }

    #[test]
    fn budget_for_a_30_day_999_slo() {
        // 30 d = 43,200 min; 0.1% of it is 43.2 min.
        let h = history(30 * 1440, 0, 0.0);
        let e = evaluate(&h, 99.9, Duration::days(30), &workbook(), None);
        assert!((e.allowed - 0.001).abs() < 1e-12);
        assert!((e.budget_minutes - 43.2).abs() < 1e-9);
        assert_eq!(e.requests, 43_200_000.0);
        assert!((e.budget_requests - 43_200.0).abs() < 1e-6);
        assert_eq!((e.consumed, e.remaining()), (Some(0.0), Some(1.0)));
        assert!(e.complete);
        assert_eq!(e.alert, BurnAlert::None);
        assert_eq!(e.exhaustion, None, "no burn, no exhaustion");
    }

    #[test]
    fn the_workbook_table() {
        // Burning at 14.4x for an hour spends 2% of a 30-day budget, 6x for
        // 6 hours 5%, 3x for a day 10%, 1x for 3 days 10%.
        for (factor, hours, spent) in [(14.4, 1, 0.02), (6.0, 6, 0.05), (3.0, 24, 0.10), (1.0, 72, 0.10)] {
            let error = factor * 0.001;
            let h = history(30 * 1440, hours * 60, error);
            let e = evaluate(&h, 99.9, Duration::days(30), &workbook(), None);
            assert!((e.consumed.unwrap() - spent).abs() < 1e-6, "{factor}x for {hours}h: {:?}", e.consumed);
            let long = Duration::hours(hours);
            assert!((e.burn(long).unwrap() - factor).abs() < 1e-6, "{factor}x over {hours}h: {:?}", e.burn(long));
        }
    }

    #[test]
    fn alerts_need_both_windows() {
        let rules = workbook();
        // 15x for the last hour: both 1h and 5m over 14.4 → page.
        let e = evaluate(&history(3 * 1440, 60, 0.015), 99.9, Duration::days(30), &rules, None);
        assert_eq!(e.alert, BurnAlert::Page);
        // 15x for only the last 5 minutes: 1h is 1.25x → no page.
        let e = evaluate(&history(3 * 1440, 5, 0.015), 99.9, Duration::days(30), &rules, None);
        assert_eq!(e.alert, BurnAlert::None);
        assert!((e.burn(Duration::hours(1)).unwrap() - 15.0 * 5.0 / 60.0).abs() < 1e-9, "5 bad minutes in the hour");
        // 3.5x for a day: ticket (1d and 2h over 3), not a page.
        let e = evaluate(&history(3 * 1440, 1440, 0.0035), 99.9, Duration::days(30), &rules, None);
        assert_eq!(e.alert, BurnAlert::Ticket);
        // It stopped an hour ago: the short window clears the page at once.
        let mut h = history(3 * 1440, 1440, 0.0035);
        let last = *h.last().unwrap();
        for m in 1..=60 {
            h.push(last.at + Duration::minutes(m), last.good + 1000.0 * m as f64, last.total + 1000.0 * m as f64);
        }
        let e = evaluate(&h, 99.9, Duration::days(30), &rules, None);
        // 1d at 3.35x but 2h at 1.75x: not the 1d/2h rule; 3d at 1.12x and
        // 6h at 2.9x: the 3d/6h ticket still holds. No page either way.
        assert_eq!(e.alert, BurnAlert::Ticket);
    }

    #[test]
    fn time_to_exhaustion_at_the_current_burn() {
        // 10x for the last hour of a 30-day history: 1/720 of the window at
        // 10x spends 10/720 of the budget; the rest lasts 30d * (1 - 1/72) / 10.
        let e = evaluate(&history(30 * 1440, 60, 0.01), 99.9, Duration::days(30), &workbook(), None);
        let c = e.consumed.unwrap();
        assert!((c - 10.0 / 720.0).abs() < 1e-9);
        let expect = 30.0 * 1440.0 * (1.0 - c) / 10.0;
        assert!((e.exhaustion.unwrap().num_minutes() as f64 - expect).abs() < 1.0);
    }

    #[test]
    fn budget_spent_since_the_incident_was_declared() {
        let h = history(30 * 1440, 60, 0.02);
        let declared = h.last().unwrap().at - Duration::minutes(30);
        let e = evaluate(&h, 99.9, Duration::days(30), &workbook(), Some(declared));
        let (share, bad) = e.incident_spent.unwrap();
        assert_eq!(bad, 30.0 * 1000.0 * 0.02);
        assert!((share - 600.0 / 43_200.0).abs() < 1e-9);
    }

    #[test]
    fn edges_no_traffic_all_bad_objective_100_short_data() {
        // No traffic: no SLI, no burn, nothing consumed — not "100% good".
        let mut quiet = History::default();
        for m in 0..=60 {
            quiet.push(t(m), 500.0, 500.0);
        }
        let e = evaluate(&quiet, 99.9, Duration::days(30), &workbook(), None);
        assert_eq!((e.sli_now, e.consumed, e.burn(Duration::hours(1))), (None, None, None));
        // All bad for the two hours there is data: burn is 1/allowed; 2h at
        // 100x spends 100 × 2 h / 720 h = 27.8% of a 30-day budget, not
        // "exhausted".
        let e = evaluate(&history(120, 120, 1.0), 99.0, Duration::days(30), &workbook(), None);
        assert!((e.burn(Duration::hours(1)).unwrap() - 100.0).abs() < 1e-9);
        assert!((e.consumed.unwrap() - 100.0 * 2.0 / 720.0).abs() < 1e-9, "{:?}", e.consumed);
        assert_eq!(e.alert, BurnAlert::Page);
        // 8 hours all bad in a full 30-day history: 100 × 8 / 720 > 1, gone.
        let e = evaluate(&history(30 * 1440, 480, 1.0), 99.0, Duration::days(30), &workbook(), None);
        assert!(e.consumed.unwrap() > 1.0 && e.remaining().unwrap() < 0.0);
        // Objective 100%: no budget; one bad request burns infinitely.
        let e = evaluate(&history(120, 1, 0.001), 100.0, Duration::days(30), &workbook(), None);
        assert_eq!((e.allowed, e.budget_minutes, e.budget_requests), (0.0, 0.0, 0.0));
        assert_eq!(e.consumed, Some(f64::INFINITY));
        assert_eq!(e.burn(Duration::minutes(5)), Some(f64::INFINITY));
        let e = evaluate(&history(120, 0, 0.0), 100.0, Duration::days(30), &workbook(), None);
        assert_eq!(e.consumed, Some(0.0));
        // Two hours of data for a 30-day window: said, not invented.
        let e = evaluate(&history(120, 0, 0.0), 99.9, Duration::days(30), &workbook(), None);
        assert!(!e.complete);
        assert_eq!(e.coverage, Duration::minutes(120));
        let three_days = e.burns.iter().find(|b| b.label == "3d").unwrap();
        assert!(!three_days.complete);
        assert!(e.burns.iter().find(|b| b.label == "1h").unwrap().complete);
    }

    /// `seconds` of data, a sample a second at 100 requests a second, with
    /// `error` share failing throughout.
    fn seconds(seconds: i64, error: f64) -> History {
        let mut h = History::default();
        for s in 0..=seconds {
            h.push(t(0) + Duration::seconds(s), 100.0 * s as f64 * (1.0 - error), 100.0 * s as f64);
        }
        h
    }

    #[test]
    fn short_data_spends_a_share_of_the_whole_windows_traffic() {
        // 13 s at a 1.5x burn of a 99.9% / 30 d SLO: by the workbook's
        // arithmetic 1.5 × 13 s / 30 d = 0.00075% of the budget, not
        // "exhausted".
        let e = evaluate(&seconds(13, 0.0015), 99.9, Duration::days(30), &workbook(), Some(t(0)));
        let expect = 1.5 * 13.0 / (30.0 * 86_400.0);
        assert!((e.consumed.unwrap() - expect).abs() < 1e-12, "{:?}", e.consumed);
        assert!(e.remaining().unwrap() > 0.9999);
        assert_eq!(e.requests_seen, 1300.0);
        assert!((e.requests - 100.0 * 30.0 * 86_400.0).abs() < 1e-3, "{}", e.requests);
        // The incident's spend and the budget use the same denominator.
        let (share, bad) = e.incident_spent.unwrap();
        assert!((share - expect).abs() < 1e-12 && (bad - 1.95).abs() < 1e-9);
        // At 1.5x the whole budget lasts 20 days.
        let days = e.exhaustion.unwrap().num_seconds() as f64 / 86_400.0;
        assert!((days - 30.0 * (1.0 - expect) / 1.5).abs() < 1e-3, "{days}");
        assert_eq!(e.alert, BurnAlert::None);
        assert_eq!(e.coverage, Duration::seconds(13));
    }

    #[test]
    fn a_partial_window_alerts_only_on_what_its_data_proves() {
        // A total outage (1000x at 99.9%) with no history before it: the
        // 1h window is proven at 14.4x once 1h × 14.4 / 1000 = 51.84 s of
        // it are bad, as the workbook would page with a clean past.
        let e = evaluate(&seconds(51, 1.0), 99.9, Duration::days(30), &workbook(), None);
        assert_eq!(e.alert, BurnAlert::None, "51 s of outage proves 14.2x over 1h");
        let hour = e.burns.iter().find(|b| b.label == "1h").unwrap();
        assert!((hour.rate.unwrap() - 1000.0).abs() < 1e-9 && !hour.complete);
        assert!((hour.proven().unwrap() - 1000.0 * 51.0 / 3600.0).abs() < 1e-9);
        assert_eq!(evaluate(&seconds(52, 1.0), 99.9, Duration::days(30), &workbook(), None).alert, BurnAlert::Page);
        // 13 s at 1.5x proves nothing.
        let e = evaluate(&seconds(13, 0.0015), 99.9, Duration::days(30), &workbook(), None);
        assert!(e.burns.iter().all(|b| b.proven().unwrap() < 1.5));
        // 59 of 60 minutes at 15x proves 14.75x: page; at 14.5x, 14.26x: none.
        let m = |mins: i64, burn: f64| {
            let mut h = History::default();
            for x in 0..=mins {
                h.push(t(x), 1000.0 * x as f64 * (1.0 - burn * 0.001), 1000.0 * x as f64);
            }
            evaluate(&h, 99.9, Duration::days(30), &workbook(), None).alert
        };
        assert_eq!(m(59, 15.0), BurnAlert::Page);
        assert_eq!(m(59, 14.5), BurnAlert::None);
        // Complete windows are the workbook's rule unchanged.
        assert_eq!(m(60, 14.5), BurnAlert::Page);
        // 12 h at 4x: 1d proven at 2x, not the 3x of a ticket; 6h/30m at 4x
        // is under the page's 6x. With 20 h, 1d proves 3.33x: ticket.
        assert_eq!(m(12 * 60, 4.0), BurnAlert::None);
        assert_eq!(m(20 * 60, 4.0), BurnAlert::Ticket);
    }
}
