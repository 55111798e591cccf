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
    use crate::incident::{ActionKind, HypothesisStatus, format_duration};
    let sev = inc.severity.map(|s| format!(" [{}]", s.sev())).unwrap_or_default();
    let impact = inc.impact.users.as_deref().map(|x| format!(" Impact: {x}.")).unwrap_or_default();
    let cause = inc.hypotheses.iter().rev().find(|h| h.status == HypothesisStatus::Confirmed);
    let fix = inc.actions.iter().rev().find(|a| a.kind == ActionKind::Mitigation);
    let with_result = |a: &crate::incident::Action| {
        format!("{}{}", a.text, a.result.as_ref().map(|r| format!(" ({r})")).unwrap_or_default())
    };
    let head = format!("{}{sev} {} — {}.", inc.id, inc.title, inc.status().label());
    if !inc.is_open() {
        // Resolved: what it was, what fixed it, how long it lasted.
        let cause =
            cause.map(|h| format!(" Cause: {}.", h.text)).unwrap_or_else(|| " Cause: still under review.".into());
        let fix = fix.map(|a| format!(" Fix: {}.", with_result(a))).unwrap_or_default();
        let lasted = format!(" Resolved after {}.", format_duration(inc.duration(now)));
        return format!("{head}{impact}{cause}{fix}{lasted} A postmortem will follow.");
    }
    let mut doing = String::new();
    if let Some(h) = cause {
        doing.push_str(&format!(" Cause found: {}.", h.text));
    }
    match fix {
        Some(a) => doing.push_str(&format!(" Doing: {}.", with_result(a))),
        None if cause.is_none() => match inc.hypotheses.iter().find(|h| h.status == HypothesisStatus::Testing) {
            Some(h) => doing.push_str(&format!(" Investigating: {}.", h.text)),
            None => doing.push_str(&format!(" Working on: {}.", inc.phase.label().to_lowercase())),
        },
        None => {}
    }
    let next = (now + interval(u, inc.severity)).format("%H:%M UTC");
    format!("{head}{impact}{doing} Next update by {next}.")
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

    #[test]
    fn the_draft_follows_the_incident_to_its_resolution() {
        use crate::incident::{ActionKind, HypothesisStatus, Likelihood, Phase};
        let u = Updates::default();
        let t0: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        let at = |m| t0 + Duration::minutes(m);
        let declared = Payload::Declared {
            title: "Checkout API 500s".into(),
            kind: IncidentKind::Outage,
            service: None,
            severity: Some(Severity::High),
        };
        let mut e = vec![Entry::new(t0, "a", declared)];
        let hyp = Payload::Hypothesis { text: "pool exhausted by the export job".into(), likelihood: Likelihood::High };
        e.push(Entry::new(at(2), "a", hyp));
        let key = e[1].id.clone();
        let status = |status| Payload::HypothesisStatus { hypothesis: key.clone(), status };
        e.push(Entry::new(at(3), "a", status(HypothesisStatus::Testing)));
        let inc = fold("INC-20261123-001".parse().unwrap(), &e).unwrap();
        let d = draft(&u, &inc, at(4));
        assert!(d.contains("Investigating: pool exhausted by the export job."), "{d}");
        e.push(Entry::new(at(5), "a", status(HypothesisStatus::Confirmed)));
        let fix =
            Payload::Action { text: "paused the export job".into(), action: ActionKind::Mitigation, result: None };
        e.push(Entry::new(at(6), "a", fix));
        let inc = fold("INC-20261123-001".parse().unwrap(), &e).unwrap();
        let d = draft(&u, &inc, at(7));
        assert!(d.contains("Cause found: pool exhausted by the export job. Doing: paused the export job."), "{d}");
        for (m, (from, to)) in [
            (Phase::Triage, Phase::Evidence),
            (Phase::Evidence, Phase::RootCause),
            (Phase::RootCause, Phase::Mitigation),
            (Phase::Mitigation, Phase::Validation),
            (Phase::Validation, Phase::Resolved),
        ]
        .into_iter()
        .enumerate()
        {
            e.push(Entry::new(at(10 + m as i64), "a", Payload::Phase { from, to, open_items: vec![] }));
        }
        let inc = fold("INC-20261123-001".parse().unwrap(), &e).unwrap();
        let d = draft(&u, &inc, at(30));
        assert_eq!(
            d,
            "INC-20261123-001 [SEV2] Checkout API 500s — resolved. Cause: pool exhausted by the export job. \
             Fix: paused the export job. Resolved after 14m00s. A postmortem will follow."
        );
    }
}
