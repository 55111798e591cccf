//! The severity the live signals suggest, from a fixed matrix (docs/slo.md):
//!
//! | severity | when |
//! |---|---|
//! | unknown | none of the service's signals can be read: sources failing are not evidence of health |
//! | critical | nearly nothing works: the service's SLI under 1% good, or every check of it down with no request-level signal saying otherwise; or data at risk |
//! | high | a page-level burn on any SLO, or an error rate above 1% (any SLO over 5 minutes) |
//! | medium | partial degradation: a check down, a metric over a threshold, a ticket-level burn, an alert firing |
//! | low | none of these |
//!
//! While some of the service's sources fail, the suggestion is never lower
//! than the incident's current severity: what cannot be read might be worse.

use crate::incident::Severity;

/// What the matrix looks at, gathered from the signals and the incident.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Health checks of the incident's service: (down, all).
    pub service_checks: (usize, usize),
    /// The lowest 5-minute SLI of the service's SLOs, with the SLO's name.
    pub service_sli: Option<(f64, String)>,
    /// The service's sources (checks, metrics, SLOs): (failing, all).
    pub service_sources: (usize, usize),
    pub data_at_risk: Option<String>,
    /// An SLO burning at page level: name and its 1h burn.
    pub page_burn: Option<(String, f64)>,
    /// The highest 5-minute error rate of any SLO, with its name.
    pub error_rate: Option<(f64, String)>,
    /// What else is wrong, in words (a check down, a metric over, …).
    pub partial: Vec<String>,
    /// The incident's severity now.
    pub current: Option<Severity>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// None: the signals cannot tell.
    pub severity: Option<Severity>,
    /// The signal behind it.
    pub why: String,
}

impl Suggestion {
    /// `SEV1 critical`, or `unknown`.
    pub fn label(&self) -> String {
        self.severity.map_or("unknown".to_string(), |s| format!("{} {}", s.sev(), s))
    }
}

pub fn suggest(f: &Facts) -> Suggestion {
    let (failing, sources) = f.service_sources;
    let readable = sources - failing.min(sources);
    if sources > 0 && readable == 0 {
        return Suggestion { severity: None, why: format!("unknown: {failing} of {sources} sources failing") };
    }
    let mut s = matrix(f);
    if failing > 0 {
        s.why = format!("{} ({failing} of {sources} sources failing)", s.why);
        // Severities order most severe first: `cur < now` is worse.
        if let (Some(now), Some(cur)) = (s.severity, f.current)
            && cur < now
        {
            s.severity = Some(cur);
            s.why = format!("{} at least, as now: {}", cur.sev(), s.why);
        }
    }
    s
}

fn matrix(f: &Facts) -> Suggestion {
    let s = |severity, why: String| Suggestion { severity: Some(severity), why };
    let (down, all) = f.service_checks;
    if let Some((sli, name)) = &f.service_sli
        && *sli < 0.01
    {
        return s(Severity::Critical, format!("complete outage: {name} {:.1}% good", sli * 100.0));
    }
    // Probes say down; requests, when measured, have the last word.
    if all > 0 && down == all && f.service_sli.is_none() {
        return s(Severity::Critical, format!("complete outage: {down} of {all} checks of the service down"));
    }
    if let Some(d) = &f.data_at_risk {
        return s(Severity::Critical, format!("data at risk: {d}"));
    }
    let checks_vs_requests = match &f.service_sli {
        Some((sli, name)) if all > 0 && down == all => {
            format!("; {down} of {all} checks down but {name} {:.1}% good", sli * 100.0)
        }
        _ => String::new(),
    };
    if let Some((name, burn)) = &f.page_burn {
        return s(Severity::High, format!("page-level burn on {name} ({burn:.1}x over 1h){checks_vs_requests}"));
    }
    if let Some((rate, name)) = &f.error_rate
        && *rate > 0.01
    {
        return s(Severity::High, format!("{name}: {:.1}% bad over 5m (over 1%){checks_vs_requests}", rate * 100.0));
    }
    if let Some(first) = f.partial.first() {
        let more = if f.partial.len() > 1 { format!(" (+{} more)", f.partial.len() - 1) } else { String::new() };
        return s(Severity::Medium, format!("partial degradation: {first}{more}{checks_vs_requests}"));
    }
    s(Severity::Low, "no signal of user impact".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sev(f: &Facts) -> Option<Severity> {
        suggest(f).severity
    }

    #[test]
    fn the_matrix_top_down() {
        let base = Facts::default();
        assert_eq!(sev(&base), Some(Severity::Low));
        let partial = Facts { partial: vec!["payments DOWN".into(), "x".into()], ..base.clone() };
        assert_eq!(
            suggest(&partial),
            Suggestion { severity: Some(Severity::Medium), why: "partial degradation: payments DOWN (+1 more)".into() }
        );
        let errors = Facts { error_rate: Some((0.024, "checkout availability".into())), ..partial.clone() };
        assert_eq!(suggest(&errors).why, "checkout availability: 2.4% bad over 5m (over 1%)");
        let low_errors = Facts { error_rate: Some((0.005, "x".into())), ..base.clone() };
        assert_eq!(sev(&low_errors), Some(Severity::Low));
        let page = Facts { page_burn: Some(("checkout availability".into(), 15.04)), ..errors.clone() };
        assert_eq!(
            suggest(&page),
            Suggestion {
                severity: Some(Severity::High),
                why: "page-level burn on checkout availability (15.0x over 1h)".into()
            }
        );
        let some_down = Facts { service_checks: (1, 2), ..page.clone() };
        assert_eq!(sev(&some_down), Some(Severity::High));
        let outage = Facts { service_checks: (2, 2), ..page.clone() };
        assert_eq!(suggest(&outage).why, "complete outage: 2 of 2 checks of the service down");
        let dead_sli = Facts { service_sli: Some((0.002, "checkout availability".into())), ..page.clone() };
        assert_eq!(sev(&dead_sli), Some(Severity::Critical));
        let data = Facts { data_at_risk: Some("orders written twice".into()), ..base };
        assert_eq!(suggest(&data).why, "data at risk: orders written twice");
    }

    #[test]
    fn requests_outrank_probes() {
        // /health answers 503 while 80% of requests succeed: high (20%
        // errors), not a complete outage.
        let f = Facts {
            service_checks: (1, 1),
            service_sli: Some((0.80, "checkout availability".into())),
            error_rate: Some((0.20, "checkout availability".into())),
            ..Facts::default()
        };
        let s = suggest(&f);
        assert_eq!(s.severity, Some(Severity::High), "{s:?}");
        assert_eq!(
            s.why,
            "checkout availability: 20.0% bad over 5m (over 1%); 1 of 1 checks down but checkout availability 80.0% good"
        );
        // Nearly nothing works by the requests: critical.
        let f = Facts { service_sli: Some((0.005, "checkout availability".into())), ..f };
        assert_eq!(sev(&f), Some(Severity::Critical));
    }

    #[test]
    fn failing_sources_are_not_evidence_of_health() {
        // Every source of the service failing: unknown, never "low".
        let f = Facts { service_sources: (3, 3), current: Some(Severity::High), ..Facts::default() };
        assert_eq!(suggest(&f), Suggestion { severity: None, why: "unknown: 3 of 3 sources failing".into() });
        assert_eq!(suggest(&f).label(), "unknown");
        // Some failing: what can be read, never below the current severity.
        let f = Facts { service_sources: (1, 3), ..f };
        let s = suggest(&f);
        assert_eq!(s.severity, Some(Severity::High));
        assert_eq!(s.why, "SEV2 at least, as now: no signal of user impact (1 of 3 sources failing)");
        // Readable signals worse than the current severity still say so.
        let f = Facts { service_checks: (2, 2), current: Some(Severity::Medium), ..f };
        assert_eq!(sev(&f), Some(Severity::Critical));
        // Nothing failing: the matrix alone, even below the current one.
        let f = Facts { service_sources: (0, 3), current: Some(Severity::High), ..Facts::default() };
        assert_eq!(sev(&f), Some(Severity::Low));
    }
}
