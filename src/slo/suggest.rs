//! The severity the live signals suggest, from a fixed matrix (docs/slo.md):
//!
//! | severity | when |
//! |---|---|
//! | critical | a complete outage of the incident's service (every health check of it down, or its SLI under 1% good), or data at risk |
//! | high | a page-level burn on any SLO, or an error rate above 1% (any SLO over 5 minutes) |
//! | medium | partial degradation: a check down, a metric over a threshold, a ticket-level burn, an alert firing |
//! | low | none of these |

use crate::incident::Severity;

/// What the matrix looks at, gathered from the signals and the incident.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Health checks of the incident's service: (down, all).
    pub service_checks: (usize, usize),
    /// The lowest 5-minute SLI of the service's SLOs, with the SLO's name.
    pub service_sli: Option<(f64, String)>,
    pub data_at_risk: Option<String>,
    /// An SLO burning at page level: name and its 1h burn.
    pub page_burn: Option<(String, f64)>,
    /// The highest 5-minute error rate of any SLO, with its name.
    pub error_rate: Option<(f64, String)>,
    /// What else is wrong, in words (a check down, a metric over, …).
    pub partial: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub severity: Severity,
    /// The signal behind it.
    pub why: String,
}

pub fn suggest(f: &Facts) -> Suggestion {
    let s = |severity, why: String| Suggestion { severity, why };
    let (down, all) = f.service_checks;
    if all > 0 && down == all {
        return s(Severity::Critical, format!("complete outage: {down} of {all} checks of the service down"));
    }
    if let Some((sli, name)) = &f.service_sli
        && *sli < 0.01
    {
        return s(Severity::Critical, format!("complete outage: {name} {:.1}% good", sli * 100.0));
    }
    if let Some(d) = &f.data_at_risk {
        return s(Severity::Critical, format!("data at risk: {d}"));
    }
    if let Some((name, burn)) = &f.page_burn {
        return s(Severity::High, format!("page-level burn on {name} ({burn:.1}x over 1h)"));
    }
    if let Some((rate, name)) = &f.error_rate
        && *rate > 0.01
    {
        return s(Severity::High, format!("error rate {:.1}% on {name} (over 1%)", rate * 100.0));
    }
    if let Some(first) = f.partial.first() {
        let more = if f.partial.len() > 1 { format!(" (+{} more)", f.partial.len() - 1) } else { String::new() };
        return s(Severity::Medium, format!("partial degradation: {first}{more}"));
    }
    s(Severity::Low, "no signal of user impact".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_top_down() {
        let base = Facts::default();
        assert_eq!(suggest(&base).severity, Severity::Low);
        let partial = Facts { partial: vec!["payments DOWN".into(), "x".into()], ..base.clone() };
        assert_eq!(
            suggest(&partial),
            Suggestion { severity: Severity::Medium, why: "partial degradation: payments DOWN (+1 more)".into() }
        );
        let errors = Facts { error_rate: Some((0.024, "checkout availability".into())), ..partial.clone() };
        assert_eq!(suggest(&errors).why, "error rate 2.4% on checkout availability (over 1%)");
        let low_errors = Facts { error_rate: Some((0.005, "x".into())), ..base.clone() };
        assert_eq!(suggest(&low_errors).severity, Severity::Low);
        let page = Facts { page_burn: Some(("checkout availability".into(), 15.04)), ..errors.clone() };
        assert_eq!(
            suggest(&page),
            Suggestion {
                severity: Severity::High,
                why: "page-level burn on checkout availability (15.0x over 1h)".into()
            }
        );
        let some_down = Facts { service_checks: (1, 2), ..page.clone() };
        assert_eq!(suggest(&some_down).severity, Severity::High);
        let outage = Facts { service_checks: (2, 2), ..page.clone() };
        assert_eq!(suggest(&outage).why, "complete outage: 2 of 2 checks of the service down");
        let dead_sli = Facts { service_sli: Some((0.002, "checkout availability".into())), ..page.clone() };
        assert_eq!(suggest(&dead_sli).severity, Severity::Critical);
        let data = Facts { data_at_risk: Some("orders written twice".into()), ..base };
        assert_eq!(suggest(&data).why, "data at risk: orders written twice");
    }
}
