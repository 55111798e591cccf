//! The update cadence: severity decides how often stakeholders hear from
//! the war room; the last update (or the declaration) starts the clock.

use chrono::{DateTime, Duration, Utc};

use crate::config::updates::Updates;
use crate::incident::{Incident, Severity};

pub fn interval(u: &Updates, s: Option<Severity>) -> Duration {
    let d = match s {
        Some(Severity::Critical) => u.critical,
        Some(Severity::High) | None => u.high,
        Some(Severity::Medium) => u.medium,
        Some(Severity::Low) => u.low,
    };
    Duration::from_std(d.0).unwrap_or(Duration::minutes(30))
}

/// When the next update is due.
pub fn next_due(u: &Updates, inc: &Incident) -> DateTime<Utc> {
    inc.last_update.unwrap_or(inc.declared_at) + interval(u, inc.severity)
}

/// The draft `u` opens: where things stand, in the words stakeholders need.
pub fn draft(u: &Updates, inc: &Incident, now: DateTime<Utc>) -> String {
    let impact = inc.impact.users.as_deref().map(|x| format!(" Impact: {x}.")).unwrap_or_default();
    let doing = inc
        .actions
        .iter()
        .rev()
        .find(|a| a.kind == crate::incident::ActionKind::Mitigation)
        .map(|a| format!(" Doing: {}{}.", a.text, a.result.as_ref().map(|r| format!(" ({r})")).unwrap_or_default()))
        .or_else(|| {
            inc.hypotheses
                .iter()
                .find(|h| h.status == crate::incident::HypothesisStatus::Confirmed)
                .map(|h| format!(" Cause found: {}.", h.text))
        })
        .unwrap_or_else(|| format!(" Working on: {}.", inc.phase.label().to_lowercase()));
    let next = (now + interval(u, inc.severity)).format("%H:%M UTC");
    let sev = inc.severity.map(|s| format!(" [{}]", s.sev())).unwrap_or_default();
    format!("{}{sev} {} — {}.{impact}{doing} Next update by {next}.", inc.id, inc.title, inc.status().label())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::{Entry, IncidentKind, Payload, fold};

    #[test]
    fn severity_sets_the_clock_and_an_update_restarts_it() {
        let u = Updates::default();
        let t0: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        let declared = Payload::Declared {
            title: "Checkout API 500s".into(),
            kind: IncidentKind::Outage,
            service: None,
            severity: Some(Severity::Critical),
        };
        let mut entries = vec![Entry::new(t0, "a", declared)];
        let inc = fold("INC-20261123-001".parse().unwrap(), &entries).unwrap();
        assert_eq!(next_due(&u, &inc), t0 + Duration::minutes(15));
        entries.push(Entry::new(t0 + Duration::minutes(10), "a", Payload::Update { text: "x".into() }));
        entries.push(Entry::new(
            t0 + Duration::minutes(11),
            "a",
            Payload::Severity { severity: Severity::Medium, reason: None, overrides: None },
        ));
        let inc = fold("INC-20261123-001".parse().unwrap(), &entries).unwrap();
        assert_eq!(next_due(&u, &inc), t0 + Duration::minutes(70));
        let d = draft(&u, &inc, t0 + Duration::minutes(12));
        assert_eq!(
            d,
            "INC-20261123-001 [SEV3] Checkout API 500s — investigating. Working on: triage. Next update by 11:12 UTC."
        );
    }
}
