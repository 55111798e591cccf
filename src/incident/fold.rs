//! The fold: an incident is rebuilt by applying its journal entries in the
//! order they were written (`at`, ties broken by id), not the order they
//! sit in the file: replicas receive entries in different orders, and
//! every process, on every host, must get the same incident, the same
//! H1/A1 numbering and the same phase.

use std::cmp::Ordering;

use super::entry::{Entry, Payload};
use super::hypothesis::{Action, Clock, FollowUp, Hypothesis, TempEnded, Temporary};
use super::id::IncidentId;
use super::model::{CHANGES_KEPT, Change, Impact, Incident, Mark, Roles, Safety, TIMELINE_CAP, TimelineItem};
use super::phase::Phase;
use super::words::{ClockEnd, HypothesisStatus, ImpactField, Role, SafetyCheck};

/// The one order of entries: when each was written, ties broken by id.
pub fn written_order(a: &Entry, b: &Entry) -> Ordering {
    a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id))
}

/// Entries in [`written_order`], the declaration first (a clock that ran
/// behind on another host cannot put an entry before the incident).
pub fn in_order<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Vec<&'a Entry> {
    let mut v: Vec<&Entry> = entries.into_iter().collect();
    if !v.is_sorted_by(|a, b| written_order(a, b) != Ordering::Greater) {
        v.sort_by(|a, b| written_order(a, b));
    }
    if let Some(i) = v.iter().position(|e| matches!(e.payload, Payload::Declared { .. }))
        && i > 0
    {
        let d = v.remove(i);
        v.insert(0, d);
    }
    v
}

/// Folds a whole journal. `None` if it holds no declaration.
pub fn fold<'a>(id: IncidentId, entries: impl IntoIterator<Item = &'a Entry>) -> Option<Incident> {
    let ordered = in_order(entries);
    let mut entries = ordered.into_iter();
    let mut incident = Incident::declare(id, entries.next()?)?;
    for e in entries {
        incident.apply(e);
    }
    Some(incident)
}

impl Incident {
    /// Starts an incident from its `declared` entry.
    pub fn declare(id: IncidentId, entry: &Entry) -> Option<Incident> {
        let Payload::Declared { title, kind, service, severity } = &entry.payload else {
            return None;
        };
        let mut incident = Incident {
            id,
            title: title.clone(),
            kind: *kind,
            service: service.clone(),
            severity: *severity,
            phase: Phase::Triage,
            declared_at: entry.at,
            declared_by: entry.author.clone(),
            roles: Roles::default(),
            impact: Impact::default(),
            safety: Safety::default(),
            hypotheses: vec![],
            actions: vec![],
            follow_ups: vec![],
            lessons: vec![],
            last_update: None,
            recovered: None,
            resolved_at: None,
            timeline: Default::default(),
            timeline_dropped: 0,
            entries: 1,
            last_entry_at: entry.at,
            signal_states: Default::default(),
            recorded: Default::default(),
            first_failure_at: None,
            overridden: None,
            made: (0, 0),
            severity_set: None,
            changes: Default::default(),
            clocks: vec![],
        };
        let sev = severity.map(|s| format!(", {} {}", s.sev(), s)).unwrap_or_default();
        let svc = service.as_ref().map(|s| format!(" on {s}")).unwrap_or_default();
        incident.push(entry, "declare", format!("Declared: {title} ({kind}{svc}{sev})"));
        Some(incident)
    }

    /// Applies one entry. Entries that refer to an unknown hypothesis or
    /// action, or a second declaration, still land on the timeline, marked.
    pub fn apply(&mut self, entry: &Entry) {
        self.entries += 1;
        self.last_entry_at = self.last_entry_at.max(entry.at);
        let (tag, text) = match &entry.payload {
            Payload::Declared { title, .. } => ("declare", format!("(ignored second declaration: {title})")),
            Payload::Severity { severity, reason, overrides } => {
                let from = self.severity.map(|s| format!("{} {} → ", s.sev(), s)).unwrap_or_default();
                self.severity = Some(*severity);
                self.overridden = *overrides;
                self.severity_set = Some(Mark { at: entry.at, by: entry.author.clone(), why: reason.clone() });
                let why = reason.as_ref().map(|r| format!(" ({r})")).unwrap_or_default();
                ("sev", format!("Severity {from}{} {}{why}", severity.sev(), severity))
            }
            Payload::Title { title } => {
                self.title = title.clone();
                ("title", format!("Title: {title}"))
            }
            Payload::Service { service } => {
                self.service = Some(service.clone());
                ("service", format!("Affected service: {service}"))
            }
            Payload::Phase { from, to, open_items } => {
                self.phase = *to;
                self.resolved_at = (*to == Phase::Resolved).then_some(entry.at);
                let dir = if to < from { "back to" } else { "→" };
                let open = if open_items.is_empty() {
                    String::new()
                } else {
                    format!(" (advanced with open: {})", open_items.join(", "))
                };
                ("phase", format!("Phase {from} {dir} {to}{open}"))
            }
            Payload::Role { role, name } => {
                let slot = match role {
                    Role::Commander => &mut self.roles.commander,
                    Role::Comms => &mut self.roles.comms,
                    Role::Scribe => &mut self.roles.scribe,
                };
                *slot = Some(name.clone());
                ("role", format!("{name} is {role}"))
            }
            Payload::Impact { field, value } => {
                let slot = match field {
                    ImpactField::Users => &mut self.impact.users,
                    ImpactField::Services => &mut self.impact.services,
                    ImpactField::Data => &mut self.impact.data,
                    ImpactField::Business => &mut self.impact.business,
                };
                *slot = Some(value.clone());
                ("impact", format!("Impact, {field}: {value}"))
            }
            Payload::Safety { check, level } => {
                let slot = match check {
                    SafetyCheck::Database => &mut self.safety.database,
                    SafetyCheck::Stability => &mut self.safety.stability,
                    SafetyCheck::Rollback => &mut self.safety.rollback,
                };
                *slot = Some(*level);
                ("safety", format!("Safety, {check}: {level}"))
            }
            Payload::Note { text } => ("note", text.clone()),
            Payload::Event { text, source, state, since } => {
                // Deploys and other changes, and what people logged; not the
                // sources' state transitions.
                if state.is_none() || source.as_ref().is_some_and(|s| s.starts_with("changes:")) {
                    let change = Change { at: entry.happened(), text: text.clone(), source: source.clone() };
                    let pos = self.changes.partition_point(|c| c.at <= change.at);
                    self.changes.insert(pos, change);
                    if self.changes.len() > CHANGES_KEPT {
                        self.changes.pop_front();
                    }
                }
                if let (Some(src), Some(st)) = (source, state) {
                    self.signal_states.insert(src.clone(), st.clone());
                    self.recorded.insert((src.clone(), st.clone()));
                    let seen = since.unwrap_or(entry.at);
                    if super::model::is_bad_state(st) && self.first_failure_at.is_none_or(|t| seen < t) {
                        self.first_failure_at = Some(seen);
                    }
                }
                match (source, state) {
                    // Transitions found by sources say what they are already.
                    (Some(_), Some(_)) => ("signal", text.clone()),
                    (Some(s), None) => ("event", format!("[{s}] {text}")),
                    (None, _) => ("event", text.clone()),
                }
            }
            Payload::Action { text, action, result } => {
                self.made.1 += 1;
                let number = self.made.1;
                self.actions.push(Action {
                    key: entry.id.clone(),
                    number,
                    text: text.clone(),
                    kind: *action,
                    result: result.clone(),
                    author: entry.author.clone(),
                    at: entry.at,
                    temporary: None,
                });
                let res = result.as_ref().map(|r| format!(" → {r}")).unwrap_or_default();
                ("action", format!("A{number} ({action}) {text}{res}"))
            }
            Payload::ActionResult { action, result } => match self.actions.iter_mut().find(|a| &a.key == action) {
                Some(a) => {
                    a.result = Some(result.clone());
                    ("result", format!("{} result: {result}", a.label()))
                }
                None => ("result", format!("(unknown action) result: {result}")),
            },
            Payload::Temporary { action, revert } => match self.actions.iter_mut().find(|a| &a.key == action) {
                Some(a) => {
                    a.temporary = Some(Temporary {
                        revert: revert.clone(),
                        since: entry.happened(),
                        by: entry.author.clone(),
                        ended: None,
                    });
                    ("temp", format!("{} is a temporary mitigation; to revert: {revert}", a.label()))
                }
                None => ("temp", format!("(unknown action) temporary; to revert: {revert}")),
            },
            Payload::Clock { label, due, hypothesis } => {
                let number = self.clocks.len() + 1;
                let on = hypothesis
                    .as_ref()
                    .and_then(|k| self.hypothesis(k))
                    .map(|h| format!(" (time-box for {})", h.label()))
                    .unwrap_or_default();
                self.clocks.push(Clock {
                    key: entry.id.clone(),
                    number,
                    label: label.clone(),
                    due: *due,
                    hypothesis: hypothesis.clone(),
                    by: entry.author.clone(),
                    expired: None,
                    closed: None,
                });
                ("clock", format!("T{number} {label}: due {} UTC{on}", due.format("%H:%M:%S")))
            }
            Payload::ClockEnd { clock, end } => match self.clocks.iter_mut().find(|c| &c.key == clock) {
                Some(c) => {
                    match end {
                        ClockEnd::Expired => c.expired = Some(c.expired.unwrap_or(entry.at)),
                        _ => c.closed = Some((*end, entry.at, entry.author.clone())),
                    }
                    let text = match end {
                        ClockEnd::Expired => {
                            format!("{} EXPIRED: {} (due {} UTC)", c.label(), c.label, c.due.format("%H:%M:%S"))
                        }
                        _ => format!("{} {end}: {}", c.label(), c.label),
                    };
                    ("clock", text)
                }
                None => ("clock", format!("(unknown clock) {end}")),
            },
            Payload::TemporaryEnd { action, end, text } => {
                match self.actions.iter_mut().find(|a| &a.key == action) {
                    Some(a) => {
                        let ended =
                            TempEnded { end: *end, text: text.clone(), at: entry.happened(), by: entry.author.clone() };
                        match &mut a.temporary {
                            Some(t) => t.ended = Some(ended),
                            // Ended before anyone marked it: it was temporary.
                            None => {
                                a.temporary = Some(Temporary {
                                    revert: String::new(),
                                    since: a.at,
                                    by: entry.author.clone(),
                                    ended: Some(ended),
                                })
                            }
                        }
                        ("temp", format!("{} {end}: {text}", a.label()))
                    }
                    None => ("temp", format!("(unknown action) {end}: {text}")),
                }
            }
            Payload::Hypothesis { text, likelihood } => {
                self.made.0 += 1;
                let number = self.made.0;
                self.hypotheses.push(Hypothesis {
                    key: entry.id.clone(),
                    number,
                    text: text.clone(),
                    likelihood: *likelihood,
                    status: HypothesisStatus::Open,
                    evidence: vec![],
                    captures: vec![],
                    next_check: None,
                    author: entry.author.clone(),
                    at: entry.at,
                });
                ("hyp", format!("H{number} ({likelihood}) {text}"))
            }
            Payload::HypothesisStatus { hypothesis, status } => {
                if matches!(status, HypothesisStatus::Confirmed | HypothesisStatus::Disproven) {
                    self.close_time_boxes(hypothesis, entry);
                }
                self.with_hypothesis(hypothesis, |h| {
                    h.status = *status;
                    format!("{} {status}: {}", h.label(), h.text)
                })
            }
            Payload::Likelihood { hypothesis, likelihood } => self.with_hypothesis(hypothesis, |h| {
                h.likelihood = *likelihood;
                format!("{} likelihood {likelihood}", h.label())
            }),
            Payload::Evidence { hypothesis, text, capture } => self.with_hypothesis(hypothesis, |h| {
                h.evidence.push(text.clone());
                h.captures.extend(capture.as_deref().cloned());
                format!("{} evidence: {text}", h.label())
            }),
            Payload::NextCheck { hypothesis, text } => self.with_hypothesis(hypothesis, |h| {
                h.next_check = Some(text.clone());
                format!("{} next check: {text}", h.label())
            }),
            Payload::FollowUp { text, owner } => {
                self.follow_ups.push(FollowUp { text: text.clone(), owner: owner.clone(), at: entry.at });
                let who = owner.as_ref().map(|o| format!(" (@{o})")).unwrap_or_default();
                ("follow-up", format!("{text}{who}"))
            }
            Payload::Update { text } => {
                self.last_update = Some(entry.at);
                ("update", format!("Stakeholder update: {text}"))
            }
            Payload::Runbook { name, status, duration_ms } => {
                let took = duration_ms.map(|d| format!(" after {:.1}s", d as f64 / 1000.0)).unwrap_or_default();
                ("runbook", format!("Runbook {name}: {status}{took}"))
            }
            Payload::Lesson { text, went_well } => {
                self.lessons.push((text.clone(), *went_well));
                let kind = if *went_well { "went well" } else { "to improve" };
                ("lesson", format!("Lesson ({kind}): {text}"))
            }
            Payload::Recovered { text } => {
                self.recovered = Some((entry.at, text.clone()));
                ("recovered", format!("Recovery confirmed: {text}"))
            }
            Payload::Amend { entry: target, text } => self.amend(target, text),
            Payload::Retract { entry: target, reason } => self.retract(target, reason, entry),
        };
        self.push(entry, tag, text);
    }

    /// The label a correction uses for its target: `H2`, `A1`, or the
    /// target's tag (`note`, `event`).
    fn target_label(&self, target: &str) -> Option<String> {
        if let Some(h) = self.hypotheses.iter().find(|h| h.key == target) {
            return Some(h.label());
        }
        if let Some(a) = self.actions.iter().find(|a| a.key == target) {
            return Some(a.label());
        }
        self.timeline.iter().find(|t| t.entry == target).map(|t| t.tag.to_string())
    }

    fn amend(&mut self, target: &str, text: &str) -> (&'static str, String) {
        let Some(label) = self.target_label(target) else {
            return ("amend", format!("(correction of an unknown entry ignored: {text})"));
        };
        if let Some(h) = self.hypotheses.iter_mut().find(|h| h.key == target) {
            h.text = text.to_string();
        }
        if let Some(a) = self.actions.iter_mut().find(|a| a.key == target) {
            a.text = text.to_string();
        }
        if let Some(t) = self.timeline.iter_mut().find(|t| t.entry == target) {
            // The original line reads as corrected, and says so.
            let was = t.text.split(" [amended, was: ").next().unwrap_or(&t.text).to_string();
            t.text = format!("{text} [amended, was: {was}]");
        }
        ("amend", format!("Corrected {label}: {text}"))
    }

    fn retract(&mut self, target: &str, reason: &str, entry: &Entry) -> (&'static str, String) {
        let Some(label) = self.target_label(target) else {
            return ("retract", format!("(retraction of an unknown entry ignored: {reason})"));
        };
        self.close_time_boxes(target, entry);
        self.hypotheses.retain(|h| h.key != target);
        self.actions.retain(|a| a.key != target);
        if let Some(t) = self.timeline.iter_mut().find(|t| t.entry == target)
            && !t.text.starts_with("[retracted] ")
        {
            t.text = format!("[retracted] {}", t.text);
        }
        ("retract", format!("Retracted {label}: {reason}"))
    }

    /// A decided (or retracted) hypothesis needs its time-box no more.
    fn close_time_boxes(&mut self, hypothesis: &str, entry: &Entry) {
        for c in self.clocks.iter_mut().filter(|c| c.live() && c.hypothesis.as_deref() == Some(hypothesis)) {
            c.closed = Some((ClockEnd::Done, entry.at, entry.author.clone()));
        }
    }

    fn with_hypothesis(&mut self, key: &str, f: impl FnOnce(&mut Hypothesis) -> String) -> (&'static str, String) {
        match self.hypotheses.iter_mut().find(|h| h.key == key) {
            Some(h) => ("hyp", f(h)),
            None => ("hyp", "(entry for an unknown hypothesis ignored)".to_string()),
        }
    }

    /// Adds a timeline item in the order things happened (a transition
    /// written late, or a deploy logged after the fact, goes where it
    /// belongs); items that happened at the same time keep journal order.
    fn push(&mut self, entry: &Entry, tag: &'static str, text: String) {
        if self.timeline.len() == TIMELINE_CAP {
            self.timeline.pop_front();
            self.timeline_dropped += 1;
        }
        let at = entry.happened();
        let item =
            TimelineItem { at, written: entry.at, author: entry.author.clone(), tag, text, entry: entry.id.clone() };
        // In order, as nearly all are: at the end, without a search.
        if self.timeline.back().is_none_or(|t| t.at <= at) {
            self.timeline.push_back(item);
        } else {
            let pos = self.timeline.partition_point(|t| t.at <= at);
            self.timeline.insert(pos, item);
        }
    }
}
