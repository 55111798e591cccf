//! Fold tests: every entry kind, applied in order, and the checklists.

use chrono::{DateTime, Duration, Utc};

use super::*;

struct Journal {
    t: DateTime<Utc>,
    entries: Vec<Entry>,
}

impl Journal {
    fn new() -> Self {
        Self { t: "2026-11-23T10:00:00Z".parse().unwrap(), entries: vec![] }
    }
    /// Appends an entry one minute after the previous one; returns its id.
    fn add(&mut self, p: Payload) -> String {
        self.t += Duration::minutes(1);
        let mut e = Entry::new(self.t, "alice", p);
        e.id = format!("e{}", self.entries.len() + 1);
        self.entries.push(e);
        self.entries.last().unwrap().id.clone()
    }
    fn fold(&self) -> Incident {
        fold("INC-20261123-001".parse().unwrap(), &self.entries).expect("declared")
    }
}

fn declared() -> Journal {
    let mut j = Journal::new();
    j.add(Payload::Declared {
        title: "Checkout API 500s".into(),
        kind: IncidentKind::Outage,
        service: Some("checkout-api".into()),
        severity: None,
    });
    j
}

#[test]
fn declaration_starts_the_incident_in_triage() {
    let i = declared().fold();
    assert_eq!(i.title, "Checkout API 500s");
    assert_eq!(i.kind, IncidentKind::Outage);
    assert_eq!(i.service.as_deref(), Some("checkout-api"));
    assert_eq!(i.severity, None);
    assert_eq!(i.phase, Phase::Triage);
    assert_eq!(i.status(), Status::Investigating);
    assert_eq!(i.declared_by, "alice");
    assert_eq!(i.timeline.len(), 1);
    assert!(i.timeline[0].text.starts_with("Declared: Checkout API 500s"));
}

#[test]
fn a_journal_not_starting_with_a_declaration_folds_to_nothing() {
    let mut j = Journal::new();
    j.add(Payload::Note { text: "orphan".into() });
    assert!(fold("INC-20261123-001".parse().unwrap(), &j.entries).is_none());
    assert!(fold("INC-20261123-001".parse().unwrap(), &[]).is_none());
}

#[test]
fn every_field_entry_updates_the_incident() {
    let mut j = declared();
    j.add(Payload::Severity { severity: Severity::High, reason: None, overrides: None });
    j.add(Payload::Severity { severity: Severity::Critical, reason: None, overrides: None });
    j.add(Payload::Title { title: "Checkout down".into() });
    j.add(Payload::Service { service: "payments".into() });
    j.add(Payload::Role { role: Role::Commander, name: "alice".into() });
    j.add(Payload::Role { role: Role::Comms, name: "bob".into() });
    j.add(Payload::Role { role: Role::Scribe, name: "carol".into() });
    j.add(Payload::Impact { field: ImpactField::Users, value: "~30% of checkouts".into() });
    j.add(Payload::Impact { field: ImpactField::Services, value: "checkout".into() });
    j.add(Payload::Impact { field: ImpactField::Data, value: "none".into() });
    j.add(Payload::Impact { field: ImpactField::Business, value: "$2k/min".into() });
    j.add(Payload::Safety { check: SafetyCheck::Database, level: SafetyLevel::Caution });
    j.add(Payload::Safety { check: SafetyCheck::Stability, level: SafetyLevel::AtRisk });
    j.add(Payload::Safety { check: SafetyCheck::Rollback, level: SafetyLevel::Safe });
    j.add(Payload::Note { text: "pool at 100%".into() });
    j.add(Payload::Event { text: "deploy v1.2.3".into(), source: Some("ci".into()), state: None, since: None });
    j.add(Payload::FollowUp { text: "alert on pool saturation".into(), owner: Some("dave".into()) });
    let i = j.fold();
    assert_eq!(i.severity, Some(Severity::Critical));
    assert_eq!(i.title, "Checkout down");
    assert_eq!(i.service.as_deref(), Some("payments"));
    assert_eq!(i.roles.commander.as_deref(), Some("alice"));
    assert_eq!(i.roles.comms.as_deref(), Some("bob"));
    assert_eq!(i.roles.scribe.as_deref(), Some("carol"));
    assert_eq!(i.impact.users.as_deref(), Some("~30% of checkouts"));
    assert_eq!(i.impact.services.as_deref(), Some("checkout"));
    assert_eq!(i.impact.data.as_deref(), Some("none"));
    assert_eq!(i.impact.business.as_deref(), Some("$2k/min"));
    assert_eq!(i.safety.database, Some(SafetyLevel::Caution));
    assert_eq!(i.safety.stability, Some(SafetyLevel::AtRisk));
    assert_eq!(i.safety.rollback, Some(SafetyLevel::Safe));
    assert_eq!(i.follow_ups.len(), 1);
    assert_eq!(i.follow_ups[0].owner.as_deref(), Some("dave"));
    assert_eq!(i.entries, 18);
    assert_eq!(i.timeline.len(), 18);
    let texts: Vec<&str> = i.timeline.iter().map(|t| t.text.as_str()).collect();
    assert!(texts.contains(&"Severity SEV2 high → SEV1 critical"), "{texts:?}");
    assert!(texts.contains(&"[ci] deploy v1.2.3"));
    assert!(texts.contains(&"alert on pool saturation (@dave)"));
    assert!(texts.contains(&"Safety, service stability: AT RISK"));
}

#[test]
fn hypotheses_are_numbered_and_updated_by_reference() {
    let mut j = declared();
    let h1 = j.add(Payload::Hypothesis { text: "pool exhausted".into(), likelihood: Likelihood::High });
    let h2 = j.add(Payload::Hypothesis { text: "bad deploy".into(), likelihood: Likelihood::Medium });
    j.add(Payload::HypothesisStatus { hypothesis: h1.clone(), status: HypothesisStatus::Testing });
    j.add(Payload::Evidence { hypothesis: h1.clone(), text: "pool_in_use=100/100".into(), capture: None });
    j.add(Payload::NextCheck { hypothesis: h1.clone(), text: "SHOW PROCESSLIST".into() });
    j.add(Payload::HypothesisStatus { hypothesis: h1.clone(), status: HypothesisStatus::Confirmed });
    j.add(Payload::Likelihood { hypothesis: h2.clone(), likelihood: Likelihood::Low });
    j.add(Payload::HypothesisStatus { hypothesis: h2.clone(), status: HypothesisStatus::Disproven });
    j.add(Payload::HypothesisStatus { hypothesis: "nope".into(), status: HypothesisStatus::Confirmed });
    let i = j.fold();
    let a = i.hypothesis(&h1).unwrap();
    assert_eq!((a.number, a.status), (1, HypothesisStatus::Confirmed));
    assert_eq!(a.evidence, vec!["pool_in_use=100/100".to_string()]);
    assert_eq!(a.next_check.as_deref(), Some("SHOW PROCESSLIST"));
    let b = i.hypothesis(&h2).unwrap();
    assert_eq!((b.number, b.status, b.likelihood), (2, HypothesisStatus::Disproven, Likelihood::Low));
    let last = i.timeline.back().unwrap();
    assert_eq!(last.text, "(entry for an unknown hypothesis ignored)");
    assert!(i.timeline.iter().any(|t| t.text == "H1 confirmed: pool exhausted"));
}

#[test]
fn actions_record_their_results() {
    let mut j = declared();
    let a1 = j.add(Payload::Action { text: "restart job runner".into(), action: ActionKind::Mitigation, result: None });
    j.add(Payload::Action {
        text: "posted status page".into(),
        action: ActionKind::Communication,
        result: Some("done".into()),
    });
    j.add(Payload::ActionResult { action: a1.clone(), result: "pool back to 40%".into() });
    j.add(Payload::ActionResult { action: "missing".into(), result: "?".into() });
    let i = j.fold();
    assert_eq!(i.actions.len(), 2);
    assert_eq!(i.action(&a1).unwrap().result.as_deref(), Some("pool back to 40%"));
    assert_eq!(i.actions[1].label(), "A2");
    assert_eq!(i.actions[1].kind, ActionKind::Communication);
    assert!(i.timeline.iter().any(|t| t.text == "A1 result: pool back to 40%"));
    assert!(i.timeline.iter().any(|t| t.text.starts_with("(unknown action)")));
}

#[test]
fn phases_move_both_ways_and_resolution_is_timed() {
    let mut j = declared();
    j.add(Payload::Phase { from: Phase::Triage, to: Phase::Evidence, open_items: vec!["commander assigned".into()] });
    j.add(Payload::Phase { from: Phase::Evidence, to: Phase::Triage, open_items: vec![] });
    let i = j.fold();
    assert_eq!(i.phase, Phase::Triage);
    let texts: Vec<&str> = i.timeline.iter().map(|t| t.text.as_str()).collect();
    assert!(texts.contains(&"Phase Triage → Evidence (advanced with open: commander assigned)"));
    assert!(texts.contains(&"Phase Evidence back to Triage"));

    j.add(Payload::Recovered { text: "error rate 0.1%".into() });
    j.add(Payload::Phase { from: Phase::Validation, to: Phase::Resolved, open_items: vec![] });
    let i = j.fold();
    assert_eq!(i.status(), Status::Resolved);
    assert!(!i.is_open());
    let resolved = i.resolved_at.unwrap();
    assert_eq!(i.duration(resolved + Duration::hours(5)), resolved - i.declared_at);
    assert_eq!(i.recovered.as_ref().unwrap().1, "error rate 0.1%");

    j.add(Payload::Phase { from: Phase::Resolved, to: Phase::Validation, open_items: vec![] });
    let i = j.fold();
    assert!(i.is_open() && i.resolved_at.is_none(), "reopening clears resolution");
}

#[test]
fn checklists_follow_the_incident() {
    let mut j = declared();
    assert_eq!(open_items(&j.fold(), Phase::Triage), vec!["severity set", "impact assessed", "commander assigned"]);
    j.add(Payload::Severity { severity: Severity::High, reason: None, overrides: None });
    j.add(Payload::Impact { field: ImpactField::Users, value: "all EU".into() });
    j.add(Payload::Role { role: Role::Commander, name: "alice".into() });
    assert!(open_items(&j.fold(), Phase::Triage).is_empty());

    assert_eq!(open_items(&j.fold(), Phase::Evidence).len(), 2);
    let h = j.add(Payload::Hypothesis { text: "pool".into(), likelihood: Likelihood::High });
    j.add(Payload::Evidence { hypothesis: h.clone(), text: "graph".into(), capture: None });
    assert!(open_items(&j.fold(), Phase::Evidence).is_empty());

    assert_eq!(open_items(&j.fold(), Phase::RootCause), vec!["one hypothesis confirmed"]);
    j.add(Payload::HypothesisStatus { hypothesis: h, status: HypothesisStatus::Confirmed });
    assert!(open_items(&j.fold(), Phase::RootCause).is_empty());

    // An investigation with a result does not count as mitigation.
    let inv = j.add(Payload::Action { text: "look".into(), action: ActionKind::Investigation, result: None });
    j.add(Payload::ActionResult { action: inv, result: "seen".into() });
    assert_eq!(open_items(&j.fold(), Phase::Mitigation).len(), 1);
    let m = j.add(Payload::Action { text: "rollback".into(), action: ActionKind::Mitigation, result: None });
    assert_eq!(open_items(&j.fold(), Phase::Mitigation).len(), 1, "a mitigation needs its result");
    j.add(Payload::ActionResult { action: m, result: "errors gone".into() });
    assert!(open_items(&j.fold(), Phase::Mitigation).is_empty());

    assert_eq!(open_items(&j.fold(), Phase::Validation), vec!["recovery confirmed"]);
    j.add(Payload::Recovered { text: "5xx < 0.1% for 15m".into() });
    assert!(open_items(&j.fold(), Phase::Validation).is_empty());
    assert!(exit_checklist(&j.fold(), Phase::Resolved).is_empty());
}

#[test]
fn a_second_declaration_is_ignored_but_visible() {
    let mut j = declared();
    j.add(Payload::Declared { title: "Other".into(), kind: IncidentKind::Security, service: None, severity: None });
    let i = j.fold();
    assert_eq!(i.title, "Checkout API 500s");
    assert_eq!(i.kind, IncidentKind::Outage);
    assert!(i.timeline.back().unwrap().text.contains("ignored second declaration"));
}

#[test]
fn the_timeline_in_memory_is_capped() {
    let mut j = declared();
    for n in 0..(model::TIMELINE_CAP + 5) {
        j.add(Payload::Note { text: format!("n{n}") });
    }
    let i = j.fold();
    assert_eq!(i.timeline.len(), model::TIMELINE_CAP);
    assert_eq!(i.timeline_dropped, 6);
    assert_eq!(i.entries, model::TIMELINE_CAP + 6);
    assert_eq!(i.timeline.back().unwrap().text, format!("n{}", model::TIMELINE_CAP + 4));
}

#[test]
fn source_transitions_are_remembered_and_date_the_first_failure() {
    let mut j = declared();
    let ev = |src: &str, st: &str, text: &str| Payload::Event {
        text: text.into(),
        source: Some(src.into()),
        state: Some(st.into()),
        since: None,
    };
    j.add(ev("changes:deploys", "abc deploy v1.2.3", "change: deploy v1.2.3"));
    j.add(ev("health:checkout", "down", "checkout DOWN: 503"));
    let failed_at = j.t;
    j.add(ev("health:checkout", "up", "checkout UP again"));
    j.add(ev("health:checkout", "down", "checkout DOWN: 503"));
    let i = j.fold();
    assert_eq!(i.signal_states["health:checkout"], "down");
    assert!(i.recorded.contains(&("changes:deploys".to_string(), "abc deploy v1.2.3".to_string())));
    assert_eq!(i.first_failure_at, Some(failed_at));
    let last = i.timeline.back().unwrap();
    assert_eq!((last.tag, last.text.as_str()), ("signal", "checkout DOWN: 503"));
}

#[test]
fn a_failure_seen_before_it_was_recorded_dates_from_when_it_was_seen() {
    let mut j = declared();
    let seen: DateTime<Utc> = "2026-11-23T09:55:00Z".parse().unwrap();
    j.add(Payload::Event {
        text: "checkout DOWN".into(),
        source: Some("health:checkout".into()),
        state: Some("down".into()),
        since: Some(seen),
    });
    assert_eq!(j.fold().first_failure_at, Some(seen));
}

#[test]
fn the_timeline_is_in_the_order_things_happened() {
    // Declared at 10:01; the failures that caused it were seen at 09:58
    // and written when the incident opened; a deploy at 09:12 is logged
    // with --at at 10:03.
    let mut j = declared();
    let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
    j.add(Payload::Event {
        text: "checkout-api DOWN".into(),
        source: Some("health:checkout-api".into()),
        state: Some("down".into()),
        since: Some(at("2026-11-23T09:58:30Z")),
    });
    j.add(Payload::Note { text: "looking at the pool".into() });
    let id =
        j.add(Payload::Event { text: "deploy v1.2.3".into(), source: Some("ci".into()), state: None, since: None });
    j.entries.last_mut().unwrap().observed = Some(at("2026-11-23T09:12:00Z"));
    assert_eq!(j.entries.last().unwrap().id, id);
    let inc = j.fold();
    let order: Vec<(String, &str)> =
        inc.timeline.iter().map(|t| (t.at.format("%H:%M:%S").to_string(), t.text.as_str())).collect();
    assert_eq!(
        order,
        [
            ("09:12:00".to_string(), "[ci] deploy v1.2.3"),
            ("09:58:30".to_string(), "checkout-api DOWN"),
            ("10:01:00".to_string(), "Declared: Checkout API 500s (outage on checkout-api)"),
            ("10:03:00".to_string(), "looking at the pool"),
        ]
    );
    // When it was written is kept beside when it happened.
    assert_eq!(inc.timeline[0].written, at("2026-11-23T10:04:00Z"));
    assert_eq!(inc.first_failure_at, Some(at("2026-11-23T09:58:30Z")));
    // The journal line carries both.
    let line = serde_json::to_string(&j.entries[3]).unwrap();
    assert!(line.contains(r#""at":"2026-11-23T10:04:00Z","observed":"2026-11-23T09:12:00Z""#), "{line}");
}

/// Replicas receive entries in different orders; each must fold to the
/// same incident: same numbering, same phase, same timeline.
#[test]
fn every_file_order_of_the_same_entries_folds_to_the_same_incident() {
    let mut j = declared();
    j.add(Payload::Hypothesis { text: "pool exhausted".into(), likelihood: Likelihood::High });
    j.add(Payload::Action { text: "raise pool".into(), action: ActionKind::Mitigation, result: None });
    j.add(Payload::Hypothesis { text: "bad deploy".into(), likelihood: Likelihood::Medium });
    // Two sites move the phase at the same second: the id breaks the tie.
    j.add(Payload::Phase { from: Phase::Triage, to: Phase::Evidence, open_items: vec![] });
    let t = j.entries.last().unwrap().at;
    j.add(Payload::Phase { from: Phase::Triage, to: Phase::Mitigation, open_items: vec![] });
    j.entries.last_mut().unwrap().at = t;
    let written = j.fold();
    let summary = |i: &Incident| {
        (
            i.phase,
            i.hypotheses.iter().map(|h| (h.label(), h.text.clone())).collect::<Vec<_>>(),
            i.actions.iter().map(|a| (a.label(), a.text.clone())).collect::<Vec<_>>(),
            i.timeline.iter().map(|t| t.text.clone()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(written.phase, Phase::Mitigation, "e6 sorts after e5");
    let mut shuffled = j.entries.clone();
    shuffled.reverse();
    let other = fold("INC-20261123-001".parse().unwrap(), &shuffled).expect("declared");
    assert_eq!(summary(&other), summary(&written));
    shuffled.rotate_left(2);
    let third = fold("INC-20261123-001".parse().unwrap(), &shuffled).expect("declared");
    assert_eq!(summary(&third), summary(&written));
    assert_eq!(written.hypotheses[1].label(), "H2");
}

/// Corrections are entries too: an amended note or hypothesis reads as
/// corrected (and says so), a retracted one is marked and leaves its list,
/// and numbers are never reused.
#[test]
fn amend_and_retract_correct_without_rewriting_the_journal() {
    let mut j = declared();
    let note = j.add(Payload::Note { text: "db-1 at 100/10".into() });
    let h1 = j.add(Payload::Hypothesis { text: "pool exhausted".into(), likelihood: Likelihood::High });
    let h2 = j.add(Payload::Hypothesis { text: "cache stampede".into(), likelihood: Likelihood::Low });
    j.add(Payload::Amend { entry: note.clone(), text: "db-1 at 100/100".into() });
    j.add(Payload::Amend { entry: h1.clone(), text: "connection pool exhausted on db-1".into() });
    j.add(Payload::Retract { entry: h2.clone(), reason: "typed on the wrong incident".into() });
    j.add(Payload::Hypothesis { text: "bad deploy".into(), likelihood: Likelihood::Medium });
    j.add(Payload::Amend { entry: "no-such-entry".into(), text: "x".into() });
    let i = j.fold();
    let texts: Vec<&str> = i.timeline.iter().map(|t| t.text.as_str()).collect();
    assert!(texts.contains(&"db-1 at 100/100 [amended, was: db-1 at 100/10]"), "{texts:#?}");
    assert!(texts.iter().any(|t| t.starts_with("[retracted] ") && t.contains("cache stampede")), "{texts:#?}");
    assert!(texts.contains(&"Retracted H2: typed on the wrong incident"), "{texts:#?}");
    assert!(texts.contains(&"Corrected H1: connection pool exhausted on db-1"), "{texts:#?}");
    assert!(texts.iter().any(|t| t.contains("correction of an unknown entry ignored")), "{texts:#?}");
    let hyps: Vec<(String, &str)> = i.hypotheses.iter().map(|h| (h.label(), h.text.as_str())).collect();
    assert_eq!(
        hyps,
        vec![("H1".to_string(), "connection pool exhausted on db-1"), ("H3".to_string(), "bad deploy")],
        "H2 is gone and its number is not reused"
    );
    assert_eq!(j.entries.len(), 9, "nothing was rewritten: the corrections are entries");
}

#[test]
fn temporary_mitigations_stay_in_the_register_until_reverted_or_kept() {
    let mut j = declared();
    let flag =
        j.add(Payload::Action { text: "flag checkout.v2 off".into(), action: ActionKind::Mitigation, result: None });
    let pool = j.add(Payload::Action { text: "pool size 50".into(), action: ActionKind::Mitigation, result: None });
    j.add(Payload::Action { text: "paged the DBA".into(), action: ActionKind::Communication, result: None });
    assert_eq!(j.fold().in_place().count(), 0);
    // No temporary mitigation: the validation checklist does not ask.
    assert_eq!(exit_checklist(&j.fold(), Phase::Validation).len(), 1);

    j.add(Payload::Temporary { action: flag.clone(), revert: "flag checkout.v2 on".into() });
    j.add(Payload::Temporary { action: pool.clone(), revert: "pool size back to 20".into() });
    let i = j.fold();
    let labels: Vec<String> = i.in_place().map(|a| a.label()).collect();
    assert_eq!(labels, vec!["A1", "A2"]);
    assert_eq!(i.actions[0].temporary.as_ref().unwrap().revert, "flag checkout.v2 on");
    assert!(i.timeline.iter().any(|t| t.text == "A1 is a temporary mitigation; to revert: flag checkout.v2 on"));
    assert!(open_items(&i, Phase::Validation).contains(&"temporary mitigations reverted or kept".to_string()));

    j.add(Payload::TemporaryEnd { action: flag, end: TempEnd::Reverted, text: "v2 fixed, flag on".into() });
    let i = j.fold();
    assert_eq!(i.in_place().map(|a| a.label()).collect::<Vec<_>>(), vec!["A2"]);
    let ended = i.actions[0].temporary.as_ref().unwrap().ended.as_ref().unwrap();
    assert_eq!((ended.end, ended.text.as_str()), (TempEnd::Reverted, "v2 fixed, flag on"));
    assert!(i.timeline.iter().any(|t| t.text == "A1 reverted: v2 fixed, flag on"));

    j.add(Payload::TemporaryEnd { action: pool, end: TempEnd::Kept, text: "50 is the new default".into() });
    let i = j.fold();
    assert_eq!(i.in_place().count(), 0);
    assert!(i.timeline.iter().any(|t| t.text == "A2 made permanent: 50 is the new default"));
    assert!(!open_items(&i, Phase::Validation).contains(&"temporary mitigations reverted or kept".to_string()));
}

#[test]
fn a_retracted_temporary_mitigation_leaves_the_register() {
    let mut j = declared();
    let a = j.add(Payload::Action { text: "rollback".into(), action: ActionKind::Mitigation, result: None });
    j.add(Payload::Temporary { action: a.clone(), revert: "redeploy v2.3".into() });
    j.add(Payload::Retract { entry: a, reason: "never happened".into() });
    assert_eq!(j.fold().in_place().count(), 0);
}

#[test]
fn clocks_count_down_run_out_and_stop() {
    let mut j = declared();
    let t0 = j.t;
    let due = t0 + Duration::minutes(10);
    let c1 = j.add(Payload::Clock { label: "rollback deadline".into(), due, hypothesis: None });
    let h = j.add(Payload::Hypothesis { text: "pool exhausted".into(), likelihood: Likelihood::High });
    let c2 = j.add(Payload::Clock {
        label: "decide on H1".into(),
        due: due + Duration::minutes(5),
        hypothesis: Some(h.clone()),
    });
    let i = j.fold();
    let live: Vec<String> = i.live_clocks().iter().map(|c| c.label()).collect();
    assert_eq!(live, vec!["T1", "T2"], "soonest first");
    assert!(
        i.timeline.iter().any(|t| t.text.starts_with("T2 decide on H1: due ") && t.text.ends_with("(time-box for H1)"))
    );
    assert!(!i.clock(&c1).unwrap().overdue(due - Duration::seconds(1)));
    assert!(i.clock(&c1).unwrap().overdue(due), "run out at its due time, before anyone records it");

    j.add(Payload::ClockEnd { clock: c1.clone(), end: ClockEnd::Expired });
    let i = j.fold();
    let t1 = i.clock(&c1).unwrap();
    assert!(t1.expired.is_some() && t1.live(), "expired but not dealt with: still live");
    assert!(i.timeline.iter().any(|t| t.text.starts_with("T1 EXPIRED: rollback deadline")));
    j.add(Payload::ClockEnd { clock: c1.clone(), end: ClockEnd::Done });
    assert!(!j.fold().clock(&c1).unwrap().live());

    // Deciding the hypothesis ends its time-box.
    j.add(Payload::HypothesisStatus { hypothesis: h, status: HypothesisStatus::Confirmed });
    let i = j.fold();
    assert_eq!(i.clock(&c2).unwrap().closed.as_ref().map(|c| c.0), Some(ClockEnd::Done));
    assert!(i.live_clocks().is_empty());
}

#[test]
fn captured_evidence_is_kept_with_its_hypothesis() {
    let mut j = declared();
    let h = j.add(Payload::Hypothesis { text: "pool exhausted".into(), likelihood: Likelihood::High });
    let at = j.t;
    let c = Capture::new("logs", vec!["logs:app".into()], at, at, vec!["ERROR pool".into()]);
    j.add(Payload::Evidence { hypothesis: h, text: c.summary(), capture: Some(Box::new(c.clone())) });
    let i = j.fold();
    assert_eq!(i.hypotheses[0].captures, vec![c.clone()]);
    assert_eq!(i.hypotheses[0].evidence, vec![c.summary()]);
    // The journal line holds the rows and the digest, and reads back the same.
    let line = serde_json::to_string(&j.entries[2]).unwrap();
    assert!(line.contains(&c.sha256) && line.contains("ERROR pool"), "{line}");
    assert_eq!(serde_json::from_str::<Entry>(&line).unwrap(), j.entries[2]);
}
