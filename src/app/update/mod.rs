//! `update`: the only code that changes [`State`]. It does no I/O; what must
//! happen outside (write an entry, post, run, exit) comes back as
//! [`Effect`]s. This file takes messages (journal, sources, runbook,
//! signals); [`act`] carries out actions from keys and commands;
//! [`dialogs`] handles prompts, choices and questions.

mod act;
mod dialogs;

pub use act::act;
use act::append;
use dialogs::on_key;

use tui_input::Input;

use crate::app::msg::{Effect, Msg};
use crate::app::state::{Mode, Pane, State, UNSAVED_CAP};
use crate::incident::{Entry, IncidentId, Payload, Phase, fold};
use crate::keymap::Scope;

pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let mut fx = Vec::new();
    match msg {
        Msg::Key(key) => {
            state.dirty = true;
            on_key(state, key, &mut fx);
        }
        Msg::Paste(text) => {
            if let Mode::Prompt(p) = &mut state.mode {
                let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
                let value = format!("{}{}", p.input.value(), text);
                p.input = Input::new(value);
                state.dirty = true;
            }
        }
        Msg::Resize(w, h) => {
            state.size = (w, h);
            keep_focus_visible(state);
            state.dirty = true;
        }
        Msg::Source(report) => on_source(state, report, &mut fx),
        // `warroom replay` shows its own moment: the clock does not move
        // it. Over a live dashboard the live incident goes on.
        Msg::Tick(_) if state.replay.as_ref().is_some_and(|r| r.over_live.is_none()) => {}
        Msg::Tick(now) => {
            let second_changed = now.timestamp() != state.now.timestamp();
            state.now = now;
            state.news_due();
            record_expired_clocks(state, &mut fx);
            track_gates(state);
            snapshot_signals(state, &mut fx);
            // The header's elapsed time and presence ages change each second.
            state.dirty |= second_changed && state.incident.is_some();
            if now.timestamp() % 5 == 0 {
                fx.extend(state.unsaved.drain(..).map(|(id, entry)| Effect::Retry { id, entry }));
            }
            if now.timestamp() % 60 == 0 {
                for (w, text, _) in &state.unposted {
                    fx.push(Effect::Post { text: text.clone(), only: Some(w.clone()) });
                }
            }
        }
        Msg::Journal { id, entries, warnings, reset, more } => {
            state.journal_loading = more;
            let loaded = state.incident.is_none();
            let resolved_now =
                !reset && entries.iter().any(|e| matches!(e.payload, Payload::Phase { to: Phase::Resolved, .. }));
            on_journal(state, id, entries, warnings, reset);
            let start = state.incident.as_ref().map(|i| i.declared_at);
            state.signals.set_incident_start(start);
            if resolved_now {
                record_budget_spent(state, &mut fx);
            }
            if (reset || loaded) && state.incident.is_some() {
                record_current(state, &mut fx);
            }
        }
        Msg::JournalError(e) => {
            // A journal that stays unreadable is said once, not every poll.
            if state.messages.back().is_none_or(|m| m.text != e) {
                state.warn(e);
            }
            state.dirty = true;
        }
        Msg::AppendFailed { id, entry, error } => {
            if !state.unsaved.iter().any(|(_, e)| e.id == entry.id) && state.unsaved.len() < UNSAVED_CAP {
                state.unsaved.push((id, entry));
            }
            state.warn(format!("NOT SAVED ({} waiting, retrying): {error}", state.unsaved.len()));
            state.dirty = true;
        }
        Msg::Declared(id) => {
            state.flash(format!("declared {id}"));
            state.incident_id = Some(id);
            state.incident = None;
            state.dirty = true;
        }
        Msg::DeclareFailed(e) => {
            state.warn(format!("could not declare: {e}"));
            state.dirty = true;
        }
        Msg::Replication(e) => {
            use crate::app::state::Replication;
            use crate::replicate::Event;
            match e {
                Event::Rejected { subject, why } => {
                    state.warn(format!("replication: rejected a message on {subject}: {why}"));
                }
                Event::Copied { .. } => {}
                Event::Online => state.replication = Some(Replication::Online),
                Event::Elsewhere => state.replication = Some(Replication::Elsewhere),
                Event::Offline { since, why } => state.replication = Some(Replication::Offline { since, why }),
            }
            state.dirty = true;
        }
        Msg::Presence(names) => {
            if names != state.presence {
                state.presence = names;
                state.dirty = true;
            }
        }
        Msg::Posted { text, outcome } => {
            match &outcome.error {
                None => {
                    state.unposted.retain(|(w, t, _)| !(w == &outcome.webhook && t == &text));
                    state.flash(format!("update posted to {} (attempt {})", outcome.webhook, outcome.attempts));
                }
                Some(e) => {
                    if !state.unposted.iter().any(|(w, t, _)| w == &outcome.webhook && t == &text) {
                        state.unposted.push((outcome.webhook.clone(), text, e.clone()));
                    }
                    state.warn(format!("update NOT posted to {}: {e} (retrying every minute)", outcome.webhook));
                }
            }
            state.dirty = true;
        }
        Msg::ReplayLoaded(loaded) => {
            match loaded {
                Ok(r) => {
                    state.replay = Some(r.over_live());
                    state.logs.back = 0;
                    state.flash("replay: ←/→ a minute, </> ten, ,/. entry to entry; Esc returns to the live incident");
                }
                Err(e) => state.flash_error(format!("cannot replay: {e}")),
            }
            state.dirty = true;
        }
        Msg::BriefSaved(saved) => {
            match saved {
                Ok(path) => state.flash(format!("brief saved to {path}")),
                Err(e) => state.warn(format!("brief NOT saved: {e}")),
            }
            state.dirty = true;
        }
        Msg::Run(ev) => on_run(state, ev, &mut fx),
        Msg::Hangup { code, why } => {
            tracing::info!("leaving: {why}");
            fx.push(Effect::Exit(code));
        }
    }
    fx
}

fn on_journal(state: &mut State, id: IncidentId, entries: Vec<Entry>, warnings: Vec<String>, reset: bool) {
    for w in warnings {
        state.warn(w);
    }
    for e in &entries {
        if let Payload::Event { source: Some(src), state: Some(_), .. } = &e.payload {
            state.auto_sent.remove(src);
        }
    }
    let same = state.incident.as_ref().is_some_and(|i| i.id == id);
    if reset || !same {
        if state.incident_id.as_ref() != Some(&id) {
            state.scroll = Default::default();
            state.zoomed = false;
        }
        let opened = state.incident.is_none();
        state.incident_id = Some(id.clone());
        state.incident = fold(id, &entries);
        if opened && state.incident.is_some() {
            // An incident just opened: its panes come forward.
            state.view = crate::app::state::View::Incident;
            state.focus = Pane::Timeline;
        }
        keep_focus_visible(state);
    } else if let Some(inc) = &mut state.incident {
        for e in &entries {
            inc.apply(e);
        }
        // Hold a scrolled-back timeline still while new lines arrive.
        if state.scroll.timeline_back > 0 {
            state.scroll.timeline_back += entries.len();
        }
        if let Some(last) = entries.last() {
            let who =
                if last.author == state.operator { "saved".to_string() } else { format!("{} added", last.author) };
            // What was added, as the timeline says it, not only its kind.
            let what = inc
                .timeline
                .iter()
                .rev()
                .find(|t| t.written == last.at && t.author == last.author)
                .map(|t| t.text.clone())
                .unwrap_or_else(|| last.payload.kind().replace('_', " "));
            let what: String = what.chars().take(100).collect();
            if last.author == state.operator {
                state.flash(format!("{who}: {what}"));
            } else {
                state.flash_news(format!("{who}: {what}"));
            }
        }
    }
    state.dirty = true;
}

/// Something a source said: kept in the signals; transitions go to the
/// journal of the open incident.
fn on_source(state: &mut State, report: crate::sources::Report, fx: &mut Vec<Effect>) {
    let new_lines = match &report.body {
        crate::sources::Body::Lines(l) if state.logs.back > 0 || state.logs.paused => {
            l.iter().filter(|x| state.logs.shows(x.level, &x.text, x.pattern.as_ref().map(|p| p.key()))).count()
        }
        _ => 0,
    };
    state.logs.back += new_lines;
    for t in state.signals.apply(report) {
        record(state, t, fx);
    }
    state.dirty = true;
}

/// Output of the runbook action; its end goes on the record.
fn on_run(state: &mut State, ev: crate::notify::runbook::RunEvent, fx: &mut Vec<Effect>) {
    use crate::notify::runbook::RunEvent;
    let Some(run) = &mut state.run else { return };
    match ev {
        RunEvent::Line(l) => {
            if run.lines.len() == crate::app::state::RUN_LINES {
                run.lines.pop_front();
            }
            run.lines.push_back(l);
        }
        RunEvent::Done { status, ok, duration } => {
            let ms = duration.as_millis() as u64;
            run.done = Some((status.clone(), ok, ms));
            let name = run.name.clone();
            append(state, Payload::Runbook { name: name.clone(), status: status.clone(), duration_ms: Some(ms) }, fx);
            if ok {
                state.flash(format!("{name}: {status}"));
            } else {
                state.flash_error(format!("{name}: {status}"));
            }
        }
    }
    state.dirty = true;
}

/// Asks for a transition to be journaled, unless the journal (or a request
/// still on its way) already says so.
pub(super) fn record(state: &mut State, t: crate::signals::Transition, fx: &mut Vec<Effect>) {
    let Some(inc) = &state.incident else { return };
    if t.once {
        let pair = (t.source.clone(), t.state.clone());
        if inc.recorded.contains(&pair) || !state.auto_once.insert(pair) {
            return;
        }
    } else {
        let known = state.auto_sent.get(&t.source).or_else(|| inc.signal_states.get(&t.source));
        if known == Some(&t.state) {
            return;
        }
        state.auto_sent.insert(t.source.clone(), t.state.clone());
    }
    let payload = Payload::Event { text: t.text, source: Some(t.source), state: Some(t.state), since: Some(t.at) };
    fx.push(Effect::Record { id: inc.id.clone(), payload });
}

/// Every [`EVERY_SECS`] while an incident is open and sources are
/// watched, a snapshot of the signals for replay (written by the recorder).
///
/// [`EVERY_SECS`]: crate::signals::snapshot::EVERY_SECS
fn snapshot_signals(state: &mut State, fx: &mut Vec<Effect>) {
    use crate::signals::snapshot::{EVERY_SECS, Snapshot};
    let Some(inc) = state.incident.as_ref().filter(|i| i.is_open()) else { return };
    // On the half minute, or as soon after it as a tick comes (a tick can
    // skip a second): never two in one interval, never a skipped one.
    let slot = state.now.timestamp().div_euclid(EVERY_SECS);
    if !state.signals.any() || state.snapshot_slot == Some(slot) {
        return;
    }
    state.snapshot_slot = Some(slot);
    if let Ok(line) = serde_json::to_string(&Snapshot::take(&state.signals, state.now)) {
        fx.push(Effect::Snapshot { id: inc.id.clone(), at: state.now, line });
    }
}

/// Since when each phase gate has held (for signals without a history).
fn track_gates(state: &mut State) {
    if state.incident.as_ref().is_none_or(|i| !i.is_open()) || state.gates.is_empty() {
        return;
    }
    for (_, conds) in &state.gates {
        crate::signals::gates::track(conds, &state.signals, state.now, &mut state.held);
    }
}

/// A clock that ran out goes on the record once (by the dashboard holding
/// the recorder lock, like a source's transition) and on the status line.
fn record_expired_clocks(state: &mut State, fx: &mut Vec<Effect>) {
    // A resolved incident's clocks stop with it: opening an old incident
    // writes nothing to it.
    let Some(inc) = state.incident.as_ref().filter(|i| i.is_open()) else { return };
    let due: Vec<(String, String)> = inc
        .clocks
        .iter()
        .filter(|c| c.live() && c.expired.is_none() && c.due <= state.now && !state.expiry_sent.contains(&c.key))
        .map(|c| (c.key.clone(), format!("{} ran out: {}", c.label(), c.label)))
        .collect();
    let id = inc.id.clone();
    for (key, text) in due {
        state.expiry_sent.insert(key.clone());
        fx.push(Effect::Record {
            id: id.clone(),
            payload: Payload::ClockEnd { clock: key, end: crate::incident::ClockEnd::Expired },
        });
        state.warn(format!("{text} (:done or :cancel it)"));
        state.dirty = true;
    }
}

/// At resolution, each SLO's budget spent during the incident goes on the
/// record, so the postmortem has it from the journal alone.
fn record_budget_spent(state: &mut State, fx: &mut Vec<Effect>) {
    let summaries: Vec<crate::signals::Transition> = state
        .signals
        .slos
        .iter()
        .filter_map(|s| {
            let e = s.eval.as_ref()?;
            let (share, bad) = e.incident_spent?;
            let left = e.remaining().map(|r| format!("; {:.0}% of the budget left", r * 100.0)).unwrap_or_default();
            let text = format!(
                "{}: {:.1}% of the error budget spent during the incident ({} bad){left}",
                s.name(),
                share * 100.0,
                bad.round()
            );
            let mut t = crate::signals::Transition::new(&s.key, "spent", text, state.now, false);
            t.once = true;
            Some(t)
        })
        .collect();
    for t in summaries {
        record(state, t, fx);
    }
}

/// After a (re)load: what is wrong right now and not yet on the timeline.
fn record_current(state: &mut State, fx: &mut Vec<Effect>) {
    for t in state.signals.current_trouble(state.now) {
        record(state, t, fx);
    }
}

pub(super) fn keep_focus_visible(state: &mut State) {
    let panes = state.panes();
    if !panes.contains(&state.focus)
        && let Some(first) = panes.iter().find(|p| **p == Pane::Timeline).or(panes.first())
    {
        state.focus = *first;
    }
}

/// The key scopes that apply in normal mode, most specific first.
pub fn scopes(state: &State) -> Vec<Scope> {
    let mut v = Vec::new();
    if state.replay.is_some() {
        v.push(Scope::Replay);
    }
    match state.focus {
        Pane::Hypotheses => v.push(Scope::Hypotheses),
        Pane::Actions => v.push(Scope::Actions),
        Pane::Logs => v.push(Scope::Logs),
        _ => {}
    }
    if state.demo.is_some() {
        v.push(Scope::Demo);
    }
    if state.incident.is_none() {
        v.push(Scope::NoIncident);
    }
    v.extend([Scope::Dashboard, Scope::Global]);
    v
}
