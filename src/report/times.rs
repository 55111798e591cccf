//! Key times of an incident, from its journal alone (docs/report.md):
//!
//! - **started**: the first trouble a source recorded (down, over a
//!   threshold, firing, burning), or the declaration if earlier or none.
//! - **detected**: the declaration. Time to detect = detected − started.
//! - **acknowledged**: the first entry by a person at or after the
//!   declaration (authors `pager` and `warroom` are machines; a person's
//!   declaration acknowledges at once). TTA = acknowledged − detected.
//! - **mitigated**: the first mitigation action with its result recorded,
//!   else the first move into validation or resolved. TTM = mitigated − started.
//! - **resolved**: the last move into resolved, if the incident is resolved.
//!   TTR = resolved − started.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::incident::model::is_bad_state;
use crate::incident::{ActionKind, Entry, Payload, Phase};

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

    // The first mitigation result: an action recorded with its result, or
    // a result entry for a mitigation action.
    let mut mitigations = std::collections::HashSet::new();
    let mut mitigated = None;
    for e in entries {
        match &e.payload {
            Payload::Action { action: ActionKind::Mitigation, result, .. } => {
                mitigations.insert(e.id.clone());
                if result.is_some() && mitigated.is_none() {
                    mitigated = Some(e.at);
                }
            }
            Payload::ActionResult { action, .. } if mitigations.contains(action) && mitigated.is_none() => {
                mitigated = Some(e.at);
            }
            _ => {}
        }
    }
    let into = |p: Phase| entries.iter().filter(move |e| matches!(&e.payload, Payload::Phase { to, .. } if *to == p));
    let mitigated = mitigated.or_else(|| into(Phase::Validation).chain(into(Phase::Resolved)).map(|e| e.at).min());
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
