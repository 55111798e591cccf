//! Key times of an incident, from its journal alone (README: Updates,
//! runbooks and the postmortem):
//!
//! - **started**: the first trouble a source recorded (down, over a
//!   threshold, firing, burning), or the declaration if earlier or none.
//! - **detected**: the declaration. Time to detect = detected − started.
//! - **acknowledged**: the first entry by a person at or after the
//!   declaration (authors `pager` and `warroom` are machines; a person's
//!   declaration acknowledges at once). TTA = acknowledged − detected.
//! - **mitigated**: when the service recovered after a mitigation: the
//!   moment every source that recorded trouble was back to normal (burn-rate
//!   states, which clear late by design, aside), at or after the first
//!   mitigation action. Without signals that recovered, when the action
//!   recorded as the fix was taken (a mitigation with a result that does
//!   not say it failed), never when its result was typed; else the first
//!   move into validation or resolved. TTM = mitigated − started. The
//!   action that worked ([`fix`]) is the last mitigation taken before the
//!   recovery that was not marked as failed or superseded.
//! - **resolved**: the last move into resolved, if the incident is resolved.
//!   TTR = resolved − started.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::incident::model::is_bad_state;
use crate::incident::{ActionKind, Entry, Payload, Phase};

/// Result words that say a mitigation did not work.
const FAILED: [&str; 10] = [
    "supersed",
    "no effect",
    "did not",
    "didn't",
    "not help",
    "no change",
    "failed",
    "ineffective",
    "reverted",
    "worse",
];

/// The mitigation that worked, and when the service recovered after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// Id of its `action` entry.
    pub action: String,
    pub text: String,
    /// When it was taken (happened).
    pub taken: DateTime<Utc>,
    /// When every troubled source was back to normal after it, if they were.
    pub recovered: Option<DateTime<Utc>>,
}

/// The action that worked (see the module's definition of mitigated).
pub fn fix(entries: &[Entry]) -> Option<Fix> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by_key(|e| e.happened());
    // Mitigation actions, in the order taken, with their latest result.
    let mut actions: Vec<(String, String, DateTime<Utc>, Option<String>)> = Vec::new();
    for e in &sorted {
        match &e.payload {
            Payload::Action { action: ActionKind::Mitigation, text, result } => {
                actions.push((e.id.clone(), text.clone(), e.happened(), result.clone()))
            }
            Payload::ActionResult { action, result } => {
                if let Some(a) = actions.iter_mut().find(|a| &a.0 == action) {
                    a.3 = Some(result.clone());
                }
            }
            _ => {}
        }
    }
    let failed = |r: &Option<String>| {
        r.as_ref().is_some_and(|r| {
            let r = r.to_lowercase();
            FAILED.iter().any(|w| r.contains(w))
        })
    };
    let first_taken = actions.first()?.2;
    // Walk the signals in the order they happened: the first moment after
    // the first mitigation at which no source is in trouble any more.
    let mut bad = std::collections::BTreeSet::new();
    let mut recovered = None;
    for e in &sorted {
        let Payload::Event { source: Some(src), state: Some(st), .. } = &e.payload else { continue };
        if matches!(st.as_str(), "page" | "ticket") || src.starts_with("slo:") {
            continue;
        }
        if is_bad_state(st) {
            bad.insert(src.clone());
        } else if bad.remove(src) && bad.is_empty() && e.happened() >= first_taken {
            recovered = Some(e.happened());
            break;
        }
    }
    let pick = match recovered {
        // The last one taken before the recovery that was not marked failed.
        Some(r) => actions.iter().rev().filter(|a| a.2 <= r).find(|a| !failed(&a.3)).or(actions.first()),
        // No recovery seen: the one recorded as the fix.
        None => actions.iter().find(|a| a.3.is_some() && !failed(&a.3)),
    }?;
    Some(Fix { action: pick.0.clone(), text: pick.1.clone(), taken: pick.2, recovered })
}

/// Authors that are not people.
pub const MACHINES: [&str; 2] = ["pager", "warroom"];

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Times {
    pub started: Option<DateTime<Utc>>,
    pub detected: Option<DateTime<Utc>>,
    pub acknowledged: Option<DateTime<Utc>>,
    pub mitigated: Option<DateTime<Utc>>,
    pub resolved: Option<DateTime<Utc>>,
    /// In seconds.
    pub time_to_detect: Option<i64>,
    pub time_to_acknowledge: Option<i64>,
    pub time_to_mitigate: Option<i64>,
    pub time_to_resolve: Option<i64>,
}

pub fn key_times(entries: &[Entry]) -> Times {
    let Some(declared) = entries.iter().find(|e| matches!(e.payload, Payload::Declared { .. })) else {
        return Times::default();
    };
    let detected = declared.at;
    let first_trouble = entries
        .iter()
        .filter_map(|e| match &e.payload {
            Payload::Event { state: Some(s), source: Some(_), since, .. } if is_bad_state(s) => {
                Some(since.unwrap_or(e.at))
            }
            _ => None,
        })
        .min();
    let started = first_trouble.map_or(detected, |t| t.min(detected));
    let person = |e: &&Entry| !MACHINES.contains(&e.author.as_str());
    let automatic = |e: &&Entry| matches!(&e.payload, Payload::Event { state: Some(_), .. });
    let acknowledged = entries.iter().filter(|e| e.at >= detected).filter(person).find(|e| !automatic(e)).map(|e| e.at);

    let fix = fix(entries);
    let into = |p: Phase| entries.iter().filter(move |e| matches!(&e.payload, Payload::Phase { to, .. } if *to == p));
    let mitigated = fix
        .as_ref()
        .map(|f| f.recovered.unwrap_or(f.taken))
        .or_else(|| into(Phase::Validation).chain(into(Phase::Resolved)).map(|e| e.at).min());
    let last_phase = entries.iter().rev().find_map(|e| match &e.payload {
        Payload::Phase { to, .. } => Some((*to, e.at)),
        _ => None,
    });
    let resolved = match last_phase {
        Some((Phase::Resolved, at)) => Some(at),
        _ => None,
    };
    let secs = |a: Option<DateTime<Utc>>, b: DateTime<Utc>| a.map(|a| (a - b).num_seconds().max(0));
    Times {
        started: Some(started),
        detected: Some(detected),
        acknowledged,
        mitigated,
        resolved,
        time_to_detect: secs(Some(detected), started),
        time_to_acknowledge: secs(acknowledged, detected),
        time_to_mitigate: secs(mitigated, started),
        time_to_resolve: secs(resolved, started),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(hm: &str) -> DateTime<Utc> {
        format!("2026-11-23T{hm}:00Z").parse().unwrap()
    }

    fn e(id: &str, at: &str, p: Payload) -> Entry {
        let mut e = Entry::new(t(at), "alice", p);
        e.id = id.into();
        e
    }

    fn event(id: &str, at: &str, src: &str, state: &str) -> Entry {
        e(
            id,
            at,
            Payload::Event {
                text: format!("{src} {state}"),
                source: Some(src.into()),
                state: Some(state.into()),
                since: None,
            },
        )
    }

    fn mitigation(id: &str, at: &str, text: &str) -> Entry {
        e(id, at, Payload::Action { text: text.into(), action: ActionKind::Mitigation, result: None })
    }

    fn result(at: &str, action: &str, text: &str) -> Entry {
        e("r", at, Payload::ActionResult { action: action.into(), result: text.into() })
    }

    fn declared() -> Entry {
        e(
            "d",
            "10:04",
            Payload::Declared {
                title: "x".into(),
                kind: crate::incident::IncidentKind::Outage,
                service: None,
                severity: None,
            },
        )
    }

    #[test]
    fn mitigated_is_when_the_service_recovered_after_the_action_that_worked() {
        let entries = vec![
            declared(),
            event("1", "10:01", "health:checkout", "down"),
            event("2", "10:02", "scrape:checkout / 5xx", "critical"),
            event("3", "10:09", "slo:checkout availability", "page"),
            mitigation("a1", "10:10", "restart checkout pods"),
            mitigation("a2", "10:17", "pause the export job"),
            event("4", "10:20", "health:checkout", "up"),
            event("5", "10:21", "scrape:checkout / 5xx", "ok"),
            // Typed well after the fact.
            result("10:45", "a1", "superseded by A2: pods came back into the same full pool"),
            result("10:46", "a2", "5xx back under 0.5%"),
        ];
        let f = fix(&entries).unwrap();
        assert_eq!((f.action.as_str(), f.taken, f.recovered), ("a2", t("10:17"), Some(t("10:21"))));
        let times = key_times(&entries);
        assert_eq!(times.mitigated, Some(t("10:21")), "the recovery, not 10:46 when its result was typed");
        assert_eq!(times.time_to_mitigate, Some(20 * 60));
    }

    #[test]
    fn without_signals_the_action_recorded_as_the_fix() {
        let entries = vec![
            declared(),
            mitigation("a1", "10:10", "restart checkout pods"),
            mitigation("a2", "10:17", "pause the export job"),
            result("10:30", "a1", "no effect"),
            result("10:31", "a2", "errors gone"),
        ];
        let f = fix(&entries).unwrap();
        assert_eq!((f.action.as_str(), f.recovered), ("a2", None));
        assert_eq!(key_times(&entries).mitigated, Some(t("10:17")), "when it was taken");
        // Nothing tried: the move into validation, as before.
        assert_eq!(fix(&[declared()]), None);
    }
}
