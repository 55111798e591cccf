//! `update`: the only code that changes [`State`]. It does no I/O; what must
//! happen outside (write an entry, exit) comes back as [`Effect`]s.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::command::{self, Command, HypOp, split_owner};
use super::msg::{Effect, Msg};
use super::state::{Choice, ChoiceFor, Confirm, Mode, Pane, Prompt, PromptFor, State, UNSAVED_CAP, View};
use crate::incident::{
    self, ActionKind, Entry, HypothesisStatus, IncidentId, Likelihood, Payload, Phase, Severity, fold,
};
use crate::keymap::{Action, Scope, lookup};

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
        Msg::Tick(now) => {
            let second_changed = now.timestamp() != state.now.timestamp();
            state.now = now;
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
        Msg::Journal { id, entries, warnings, reset } => {
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
            if state.warnings.back() != Some(&e) {
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
            state.view = super::state::View::Incident;
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
            state.flash(format!("{who}: {}", last.payload.kind().replace('_', " ")));
        }
    }
    state.dirty = true;
}

/// Something a source said: kept in the signals; transitions go to the
/// journal of the open incident.
fn on_source(state: &mut State, report: crate::sources::Report, fx: &mut Vec<Effect>) {
    let new_lines = match &report.body {
        crate::sources::Body::Lines(l) if state.logs.back > 0 || state.logs.paused => {
            l.iter().filter(|x| state.logs.shows(x.level, &x.text)).count()
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
            if run.lines.len() == super::state::RUN_LINES {
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
fn record(state: &mut State, t: crate::signals::Transition, fx: &mut Vec<Effect>) {
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

fn keep_focus_visible(state: &mut State) {
    let panes = state.panes();
    if !panes.contains(&state.focus)
        && let Some(first) = panes.iter().find(|p| **p == Pane::Timeline).or(panes.first())
    {
        state.focus = *first;
    }
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Vec<Effect>) {
    match &state.mode {
        Mode::Prompt(_) => prompt_key(state, key, fx),
        Mode::Choice(_) => choice_key(state, key, fx),
        Mode::Confirm(_) => confirm_key(state, key, fx),
        Mode::Help => match lookup(&[Scope::Help, Scope::Global], key) {
            Some(Action::Back) => state.mode = Mode::Normal,
            Some(Action::Down) => state.scroll.help += 1,
            Some(Action::Up) => state.scroll.help = state.scroll.help.saturating_sub(1),
            Some(Action::ForceQuit) => fx.push(Effect::Exit(0)),
            _ => {}
        },
        Mode::Normal => {
            if let Some(action) = lookup(&scopes(state), key) {
                act(state, action, fx);
            }
        }
    }
}

/// The key scopes that apply in normal mode, most specific first.
pub fn scopes(state: &State) -> Vec<Scope> {
    let mut v = Vec::new();
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

/// Carries out an action from a key or a command.
pub fn act(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    state.dirty = true;
    match action {
        Action::Help => {
            state.scroll.help = 0;
            state.mode = Mode::Help;
        }
        Action::CommandLine => prompt(state, PromptFor::Command),
        Action::Back => {
            if state.zoomed {
                state.zoomed = false;
            } else {
                state.flash = None;
            }
        }
        Action::Quit => state.mode = Mode::Confirm(Confirm::Quit),
        Action::ForceQuit => fx.push(Effect::Exit(0)),
        Action::FocusNext | Action::FocusPrev => {
            let panes = state.panes();
            if !panes.is_empty() {
                let i = panes.iter().position(|p| *p == state.focus).unwrap_or(0);
                let n = panes.len();
                let j = if action == Action::FocusNext { (i + 1) % n } else { (i + n - 1) % n };
                state.focus = panes[j];
            }
        }
        Action::ViewIncident | Action::ViewSignals => {
            let (view, group) = if action == Action::ViewIncident {
                (View::Incident, Pane::INCIDENT.to_vec())
            } else {
                (View::Signals, state.signal_panes())
            };
            if group.is_empty() || (view == View::Incident && state.incident.is_none()) {
                state.flash(if view == View::Signals { "no sources configured" } else { "no incident open" });
            } else {
                state.view = view;
                state.zoomed = false;
                if !group.contains(&state.focus) {
                    state.focus = if group.contains(&Pane::Timeline) { Pane::Timeline } else { group[0] };
                }
            }
        }
        Action::LogFilter => prompt(state, PromptFor::LogFilter),
        Action::Update => with_incident(state, |s| {
            let Some(inc) = &s.incident else { return };
            let draft = crate::notify::cadence::draft(&s.updates, inc, s.now);
            s.mode = Mode::Prompt(Prompt { purpose: PromptFor::Update, input: Input::new(draft) });
        }),
        Action::Runbook => {
            if !state.actions.enabled {
                state.flash_error(
                    "warroom is read-only: set actions.enabled: true in the config to run runbook actions",
                );
            } else if state.actions.runbook.is_empty() {
                state.flash("no runbook actions in the config");
            } else if state.run.as_ref().is_some_and(|r| r.done.is_none()) {
                state.flash("a runbook action is still running");
            } else {
                let names = state.actions.runbook.iter().map(|a| a.name.0.clone()).collect();
                choose(state, ChoiceFor::Runbook(names));
            }
        }
        Action::AcceptSeverity => match (state.suggestion(), &state.incident) {
            (Some(s), Some(i)) if i.severity != Some(s.severity) => {
                let reason = Some(format!("accepted suggestion: {}", s.why));
                append(state, Payload::Severity { severity: s.severity, reason }, fx);
            }
            (Some(s), Some(_)) => state.flash(format!("severity already {} {}", s.severity.sev(), s.severity)),
            _ => state.flash("no suggestion: no incident open"),
        },
        Action::DemoFix => match &mut state.demo {
            Some(d) if !d.fixed => {
                d.fixed = true;
                let text = d.action.clone();
                fx.push(Effect::DemoFix);
                if state.incident.is_some() {
                    append(
                        state,
                        Payload::Action { text: text.clone(), action: ActionKind::Mitigation, result: None },
                        fx,
                    );
                }
                state.flash(format!("fix applied: {text}. Watch the errors fall; r on the action records the result"));
            }
            Some(_) => state.flash("the fix is already applied"),
            None => {}
        },
        Action::LogLevel => {
            use crate::sources::Level;
            state.logs.min_level = match state.logs.min_level {
                Level::Warn => Level::Error,
                Level::Error | Level::Fatal => Level::Unknown,
                _ => Level::Warn,
            };
            state.logs.back = 0;
            let shown = match state.logs.min_level {
                Level::Warn => "warnings and worse",
                Level::Error => "errors and worse",
                _ => "all levels",
            };
            state.flash(format!("logs: {shown}"));
        }
        Action::LogPause => {
            state.logs.paused = !state.logs.paused;
            if !state.logs.paused {
                state.logs.back = 0;
            }
            state.flash(if state.logs.paused { "logs paused: p follows again" } else { "logs following" });
        }
        Action::Zoom => state.zoomed = !state.zoomed,
        Action::Down => scroll(state, 1),
        Action::Up => scroll(state, -1),
        Action::PageDown => scroll(state, 10),
        Action::PageUp => scroll(state, -10),
        Action::Top => scroll(state, isize::MIN / 2),
        Action::Bottom => scroll(state, isize::MAX / 2),
        Action::Declare => prompt(state, PromptFor::DeclareTitle),
        Action::Note => with_incident(state, |s| prompt(s, PromptFor::Note)),
        Action::AddAction => with_incident(state, |s| prompt(s, PromptFor::ActionText)),
        Action::AddHypothesis => with_incident(state, |s| prompt(s, PromptFor::HypothesisText)),
        Action::FollowUp => with_incident(state, |s| prompt(s, PromptFor::FollowUp)),
        Action::Recovered => with_incident(state, |s| prompt(s, PromptFor::Recovered)),
        Action::Lesson => with_incident(state, |s| prompt(s, PromptFor::Lesson)),
        Action::SetSeverity => with_incident(state, |s| {
            let current = s.incident.as_ref().and_then(|i| i.severity).unwrap_or(Severity::High);
            let selected = Severity::ALL.iter().position(|v| *v == current).unwrap_or(0);
            s.mode = Mode::Choice(Choice { purpose: ChoiceFor::Severity, selected });
        }),
        Action::PhaseNext => {
            if let Some(inc) = &state.incident {
                match inc.phase.next() {
                    Some(to) => move_phase(state, to, fx),
                    None => state.flash("already resolved; [ goes back a phase"),
                }
            }
        }
        Action::PhasePrev => {
            if let Some(inc) = &state.incident {
                match inc.phase.prev() {
                    Some(to) => move_phase(state, to, fx),
                    None => state.flash("already in the first phase"),
                }
            }
        }
        Action::Testing => hypothesis_op(state, None, HypOp::Status(HypothesisStatus::Testing), fx),
        Action::Confirm => hypothesis_op(state, None, HypOp::Status(HypothesisStatus::Confirmed), fx),
        Action::Disprove => hypothesis_op(state, None, HypOp::Status(HypothesisStatus::Disproven), fx),
        Action::Evidence | Action::NextCheck => {
            if let Some(h) = selected_hypothesis(state, None) {
                let (hypothesis, label) = (h.key.clone(), h.label());
                let purpose = if action == Action::Evidence {
                    PromptFor::Evidence { hypothesis, label }
                } else {
                    PromptFor::NextCheck { hypothesis, label }
                };
                prompt(state, purpose);
            }
        }
        Action::ActionResult => {
            if let Some(a) = selected_action(state, None) {
                let purpose = PromptFor::ActionResult { action: a.key.clone(), label: a.label() };
                prompt(state, purpose);
            }
        }
        Action::Submit | Action::Yes | Action::No => {}
    }
}

fn with_incident(state: &mut State, f: impl FnOnce(&mut State)) {
    if state.incident.is_some() {
        f(state)
    } else {
        state.flash("no incident open: press d to declare one");
    }
}

fn prompt(state: &mut State, purpose: PromptFor) {
    state.mode = Mode::Prompt(Prompt { purpose, input: Input::default() });
}

fn append(state: &mut State, payload: Payload, fx: &mut Vec<Effect>) {
    match &state.incident {
        Some(inc) => fx.push(Effect::Append { id: inc.id.clone(), payload }),
        None => state.flash("no incident open: press d to declare one"),
    }
}

fn move_phase(state: &mut State, to: Phase, fx: &mut Vec<Effect>) {
    let Some(inc) = &state.incident else { return };
    let from = inc.phase;
    if to == from {
        state.flash(format!("already in {to}"));
        return;
    }
    let open_items = if to > from { incident::open_items(inc, from) } else { vec![] };
    if open_items.is_empty() {
        append(state, Payload::Phase { from, to, open_items }, fx);
    } else {
        state.mode = Mode::Confirm(Confirm::Advance { from, to, open_items });
    }
}

fn scroll(state: &mut State, delta: isize) {
    let step = |v: usize, max: usize| (v as isize).saturating_add(delta).clamp(0, max as isize) as usize;
    match state.focus {
        Pane::Health => {
            return state.scroll.health = step(state.scroll.health, state.signals.health.len().saturating_sub(1));
        }
        Pane::Metrics => {
            return state.scroll.metrics = step(state.scroll.metrics, state.signals.metrics.len().saturating_sub(1));
        }
        Pane::Alerts => {
            let n: usize = state.signals.alerts.iter().map(|a| a.alerts.len()).sum();
            return state.scroll.alerts = step(state.scroll.alerts, n.saturating_sub(1));
        }
        Pane::Slos => return state.scroll.slos = step(state.scroll.slos, state.signals.slos.len().saturating_sub(1)),
        Pane::Logs => {
            // Down moves towards the newest line; scrolling back pauses.
            let back =
                (state.logs.back as isize).saturating_sub(delta).clamp(0, state.signals.logs.lines.len() as isize);
            state.logs.back = back as usize;
            return;
        }
        _ => {}
    }
    let Some(inc) = &state.incident else { return };
    match state.focus {
        Pane::Timeline => {
            // Down moves towards the newest line, i.e. fewer lines back.
            let max = inc.timeline.len().saturating_sub(1);
            state.scroll.timeline_back =
                ((state.scroll.timeline_back as isize).saturating_sub(delta)).clamp(0, max as isize) as usize;
        }
        Pane::Triage => state.scroll.triage = step(state.scroll.triage, 40),
        Pane::Hypotheses => {
            let max = inc.hypotheses.len().saturating_sub(1);
            state.scroll.hypothesis = step(state.scroll.hypothesis, max);
        }
        Pane::Actions => {
            let max = inc.actions.len().saturating_sub(1);
            state.scroll.action = step(state.scroll.action, max);
        }
        _ => {}
    }
}

/// The hypothesis `H{number}`, or the one selected in the pane (in display
/// order). Flashes why when there is none.
fn selected_hypothesis(state: &mut State, number: Option<usize>) -> Option<incident::Hypothesis> {
    let inc = state.incident.as_ref()?;
    let found = match number {
        Some(n) => inc.hypotheses.iter().find(|h| h.number == n),
        None => incident::hypothesis::sorted(&inc.hypotheses).get(state.scroll.hypothesis).copied(),
    }
    .cloned();
    if found.is_none() {
        match number {
            Some(n) => state.flash(format!("there is no H{n}")),
            None => state.flash("no hypothesis yet: press h to add one"),
        }
    }
    found
}

fn selected_action(state: &mut State, number: Option<usize>) -> Option<incident::Action> {
    let inc = state.incident.as_ref()?;
    let found = match number {
        Some(n) => inc.actions.iter().find(|a| a.number == n),
        None => inc.actions.get(state.scroll.action),
    }
    .cloned();
    if found.is_none() {
        match number {
            Some(n) => state.flash(format!("there is no A{n}")),
            None => state.flash("no action yet: press a to record one"),
        }
    }
    found
}

fn hypothesis_op(state: &mut State, number: Option<usize>, op: HypOp, fx: &mut Vec<Effect>) {
    let Some(h) = selected_hypothesis(state, number) else {
        return;
    };
    let hypothesis = h.key.clone();
    // Status and likelihood move it in the display order; keep it selected.
    let (mut status, mut likelihood) = (h.status, h.likelihood);
    let payload = match op {
        HypOp::Status(s) => {
            status = s;
            Payload::HypothesisStatus { hypothesis, status: s }
        }
        HypOp::Evidence(text) => Payload::Evidence { hypothesis, text },
        HypOp::Check(text) => Payload::NextCheck { hypothesis, text },
        HypOp::Likely(l) => {
            likelihood = l;
            Payload::Likelihood { hypothesis, likelihood: l }
        }
    };
    append(state, payload, fx);
    if let Some(inc) = &state.incident {
        let mut after = inc.hypotheses.clone();
        if let Some(x) = after.iter_mut().find(|x| x.key == h.key) {
            (x.status, x.likelihood) = (status, likelihood);
        }
        if let Some(i) = incident::hypothesis::sorted(&after).iter().position(|x| x.key == h.key) {
            state.scroll.hypothesis = i;
        }
    }
}

fn prompt_key(state: &mut State, key: KeyEvent, fx: &mut Vec<Effect>) {
    let Mode::Prompt(p) = &mut state.mode else { return };
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    match lookup(&[Scope::Prompt], key) {
        Some(Action::Back) => state.mode = Mode::Normal,
        _ if ctrl_c => state.mode = Mode::Normal,
        Some(Action::Submit) => {
            let text = p.input.value().trim().to_string();
            let purpose = p.purpose.clone();
            state.mode = Mode::Normal;
            if purpose == PromptFor::LogFilter {
                set_log_filter(state, &text);
            } else if text.is_empty() {
                state.flash("empty: nothing saved");
            } else {
                submit(state, purpose, text, fx);
            }
        }
        _ => {
            p.input.handle_event(&Event::Key(key));
        }
    }
}

fn submit(state: &mut State, purpose: PromptFor, text: String, fx: &mut Vec<Effect>) {
    match purpose {
        PromptFor::Command => match command::parse(&text) {
            Ok(cmd) => run_command(state, cmd, fx),
            Err(e) => state.flash_error(e),
        },
        PromptFor::Note => append(state, Payload::Note { text }, fx),
        PromptFor::ActionText => choose(state, ChoiceFor::ActionKind { text }),
        PromptFor::HypothesisText => choose(state, ChoiceFor::Likelihood { text }),
        PromptFor::Evidence { hypothesis, .. } => append(state, Payload::Evidence { hypothesis, text }, fx),
        PromptFor::NextCheck { hypothesis, .. } => append(state, Payload::NextCheck { hypothesis, text }, fx),
        PromptFor::ActionResult { action, .. } => append(state, Payload::ActionResult { action, result: text }, fx),
        PromptFor::FollowUp => {
            let (text, owner) = split_owner(&text);
            append(state, Payload::FollowUp { text, owner }, fx)
        }
        PromptFor::Recovered => append(state, Payload::Recovered { text }, fx),
        PromptFor::DeclareTitle => choose(state, ChoiceFor::DeclareSeverity { title: text }),
        PromptFor::LogFilter => set_log_filter(state, &text),
        PromptFor::Lesson => choose(state, ChoiceFor::Lesson { text }),
        PromptFor::Update => {
            append(state, Payload::Update { text: text.clone() }, fx);
            if !state.updates.webhooks.is_empty() {
                fx.push(Effect::Post { text, only: None });
            }
        }
        PromptFor::ConfirmRun { name } => {
            let spec = state.actions.runbook.iter().find(|a| a.name.0 == name).cloned();
            match spec {
                Some(spec) if state.actions.enabled && text == name => {
                    state.run = Some(super::state::RunView {
                        name: name.clone(),
                        started: state.now,
                        lines: Default::default(),
                        done: None,
                    });
                    append(state, Payload::Runbook { name, status: "started".into(), duration_ms: None }, fx);
                    fx.push(Effect::Run(spec));
                }
                _ => state.flash_error(format!("not run: type `{name}` exactly to confirm")),
            }
        }
    }
}

fn set_log_filter(state: &mut State, text: &str) {
    state.logs.back = 0;
    if text.is_empty() {
        state.logs.filter = None;
        state.flash("log filter cleared");
        return;
    }
    // A size limit keeps a pathological pattern from eating memory.
    match regex::RegexBuilder::new(text).case_insensitive(true).size_limit(1 << 20).build() {
        Ok(re) => {
            state.logs.filter = Some((text.to_string(), re));
            state.flash(format!("logs matching /{text}/"));
        }
        Err(e) => state.flash_error(format!("bad filter: {}", e.to_string().lines().last().unwrap_or(""))),
    }
}

fn choose(state: &mut State, purpose: ChoiceFor) {
    state.mode = Mode::Choice(Choice { purpose, selected: 0 });
}

fn run_command(state: &mut State, cmd: Command, fx: &mut Vec<Effect>) {
    match cmd {
        Command::Action(a) => act(state, a, fx),
        Command::Append(p) => append(state, p, fx),
        Command::PhaseTo(to) => move_phase(state, to, fx),
        Command::Hypothesis { number, op } => hypothesis_op(state, number, op, fx),
        Command::Result { number, text } => {
            if let Some(a) = selected_action(state, number) {
                append(state, Payload::ActionResult { action: a.key, result: text }, fx);
            }
        }
        Command::Declare(Some(title)) => choose(state, ChoiceFor::DeclareSeverity { title }),
        Command::Declare(None) => prompt(state, PromptFor::DeclareTitle),
    }
}

fn choice_key(state: &mut State, key: KeyEvent, fx: &mut Vec<Effect>) {
    let Mode::Choice(c) = &mut state.mode else { return };
    let options = c.purpose.options();
    let picked = match key.code {
        KeyCode::Esc => {
            state.mode = Mode::Normal;
            return;
        }
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
            state.mode = Mode::Normal;
            return;
        }
        KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => {
            c.selected = (c.selected + 1) % options.len();
            return;
        }
        KeyCode::Up | KeyCode::Char('k') | KeyCode::BackTab => {
            c.selected = (c.selected + options.len() - 1) % options.len();
            return;
        }
        KeyCode::Enter => c.selected,
        KeyCode::Char(ch) => match options.iter().position(|(k, _)| k.eq_ignore_ascii_case(&ch)) {
            Some(i) => i,
            None => return,
        },
        _ => return,
    };
    let purpose = c.purpose.clone();
    state.mode = Mode::Normal;
    match purpose {
        ChoiceFor::Severity => {
            let severity = Severity::ALL[picked];
            // Choosing other than what the signals suggest is recorded as such.
            let reason = state
                .suggestion()
                .filter(|s| s.severity != severity)
                .map(|s| format!("overrides suggested {} {}: {}", s.severity.sev(), s.severity, s.why));
            append(state, Payload::Severity { severity, reason }, fx)
        }
        ChoiceFor::DeclareSeverity { title } => {
            choose(state, ChoiceFor::DeclareKind { title, severity: Severity::ALL[picked] })
        }
        ChoiceFor::DeclareKind { title, severity } => fx.push(Effect::Declare(Payload::Declared {
            title,
            kind: crate::incident::IncidentKind::ALL[picked],
            service: None,
            severity: Some(severity),
        })),
        ChoiceFor::ActionKind { text } => {
            append(state, Payload::Action { text, action: ActionKind::ALL[picked], result: None }, fx)
        }
        ChoiceFor::Lesson { text } => append(state, Payload::Lesson { text, went_well: picked == 0 }, fx),
        ChoiceFor::Runbook(names) => {
            let name = names[picked].clone();
            prompt(state, PromptFor::ConfirmRun { name });
        }
        ChoiceFor::Likelihood { text } => {
            append(state, Payload::Hypothesis { text, likelihood: Likelihood::ALL[picked] }, fx)
        }
    }
}

fn confirm_key(state: &mut State, key: KeyEvent, fx: &mut Vec<Effect>) {
    let Mode::Confirm(c) = &state.mode else { return };
    let c = c.clone();
    match lookup(&[Scope::Confirm, Scope::Global], key) {
        Some(Action::Yes) => {
            state.mode = Mode::Normal;
            match c {
                Confirm::Quit => fx.push(Effect::Exit(0)),
                Confirm::Advance { from, to, open_items } => append(state, Payload::Phase { from, to, open_items }, fx),
            }
        }
        Some(Action::No) => {
            state.mode = Mode::Normal;
            state.flash("cancelled");
        }
        Some(Action::ForceQuit) => fx.push(Effect::Exit(0)),
        _ => {}
    }
}
