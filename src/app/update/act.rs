//! Actions from keys and `:` commands, and what they share: the selected
//! hypothesis or action, scrolling, phase moves.

use tui_input::Input;

use crate::app::command::HypOp;
use crate::app::msg::Effect;
use crate::app::state::{Choice, ChoiceFor, Confirm, Mode, Pane, Prompt, PromptFor, State, View};
use crate::incident::{self, ActionKind, HypothesisStatus, Payload, Phase, Severity};
use crate::keymap::Action;

/// Carries out an action from a key or a command.
pub fn act(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    state.dirty = true;
    match action {
        Action::Help => {
            state.scroll.help = 0;
            state.mode = Mode::Help;
        }
        Action::CommandLine => prompt(state, PromptFor::Command),
        Action::ReplayBack
        | Action::ReplayForward
        | Action::ReplayBackMore
        | Action::ReplayForwardMore
        | Action::ReplayPrevEntry
        | Action::ReplayNextEntry
        | Action::ReplayStart
        | Action::ReplayEnd => {
            if let Some(mut r) = state.replay.take() {
                r.step(action);
                r.show(state);
                state.replay = Some(r);
                super::keep_focus_visible(state);
            }
        }
        Action::OpenReplay => match (&state.incident, &state.replay) {
            (_, Some(_)) => state.flash("already replaying: Esc returns to the live incident"),
            (None, None) => state.flash("no incident open to replay"),
            (Some(inc), None) => {
                let at = state.now - chrono::Duration::minutes(10);
                fx.push(Effect::OpenReplay { id: inc.id.clone(), at });
            }
        },
        Action::Messages => {
            state.scroll.messages = 0;
            state.mode = Mode::Messages;
        }
        Action::Brief => {
            if let Some(inc) = &state.incident {
                let gates = state.gate_items(inc.phase);
                let text = crate::report::brief::brief(inc, &state.updates, state.now, &gates);
                fx.push(Effect::SaveBrief { id: inc.id.clone(), text: text.clone() });
                state.scroll.brief = 0;
                state.mode = Mode::Brief(text);
            }
        }
        Action::Back => {
            if state.zoomed {
                state.zoomed = false;
            } else if state.focus == Pane::Logs && state.logs.pattern.is_some() {
                state.logs.pattern = None;
                state.logs.back = 0;
                state.flash("logs: every pattern");
            } else if state.replay.as_ref().is_some_and(|r| r.over_live.is_some()) {
                state.replay = None;
                state.flash("back to the live incident");
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
            (Some(s), Some(i)) => match s.severity {
                None => state.flash(format!("no suggestion to accept: {}", s.why)),
                Some(sev) if i.severity == Some(sev) => state.flash(format!("severity already {}", s.label())),
                Some(severity) => {
                    let reason = Some(format!("accepted suggestion: {}", s.why));
                    append(state, Payload::Severity { severity, reason, overrides: None }, fx);
                }
            },
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
        Action::LogNextMatch | Action::LogPrevMatch => {
            if state.logs.filter.is_none() && state.logs.pattern.is_none() {
                state.flash("no filter to match: / sets one (Enter picks a pattern)");
            } else {
                step_logs(state, action == Action::LogNextMatch, |_| true, "match");
            }
        }
        Action::LogNextError | Action::LogPrevError => {
            use crate::sources::Level;
            step_logs(state, action == Action::LogNextError, |l| l.level >= Level::Error, "error line");
        }
        Action::LogPattern => {
            let top: Vec<(u64, String, u64)> = state
                .signals
                .logs
                .top_patterns_at(9, state.logs.min_level)
                .iter()
                .map(|p| (p.key, crate::signals::logs::shown(&p.pattern).to_string(), p.count))
                .collect();
            if top.is_empty() {
                state.flash("no error patterns yet");
            } else {
                choose(state, ChoiceFor::LogPattern(top));
            }
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
        Action::CaptureEvidence => capture_evidence(state, None, fx),
        Action::StartClock => {
            if state.incident.is_some() {
                prompt(state, PromptFor::Clock);
            }
        }
        Action::TimeBox => {
            if let Some(h) = selected_hypothesis(state, None) {
                let purpose = PromptFor::TimeBox { hypothesis: h.key.clone(), label: h.label() };
                prompt(state, purpose);
            }
        }
        Action::MarkTemporary => {
            if let Some(a) = selected_action(state, None) {
                prompt(state, PromptFor::Temporary { action: a.key.clone(), label: a.label() });
            }
        }
        Action::Reverted => {
            if let Some(a) = selected_action(state, None) {
                if a.in_place() {
                    prompt(state, PromptFor::Reverted { action: a.key.clone(), label: a.label() });
                } else {
                    state.flash(format!("{} is not a temporary mitigation in place (T marks one)", a.label()));
                }
            }
        }
        Action::TakeCommand => {
            let me = state.operator.clone();
            match state.incident.as_ref().map(|i| i.roles.commander.clone()) {
                None => {}
                Some(Some(c)) if c == me => state.flash(format!("{me} is already the incident commander")),
                Some(_) => append(state, Payload::Role { role: crate::incident::Role::Commander, name: me }, fx),
            }
        }
        Action::SetImpact => {
            if state.incident.is_some() {
                choose(state, ChoiceFor::ImpactField);
            }
        }
        Action::Amend | Action::Retract => {
            let picked = if state.focus == Pane::Actions {
                selected_action(state, None).map(|a| (a.key.clone(), a.label(), a.text.clone()))
            } else {
                selected_hypothesis(state, None).map(|h| (h.key.clone(), h.label(), h.text.clone()))
            };
            if let Some((entry, label, text)) = picked {
                if action == Action::Amend {
                    prompt_with(state, PromptFor::Amend { entry, label }, text);
                } else {
                    prompt(state, PromptFor::Retract { entry, label });
                }
            }
        }
        // Help's own keys; handled where help is open.
        Action::Search | Action::NextMatch | Action::PrevMatch => {}
        Action::Submit | Action::Yes | Action::No => {}
    }
}

pub(super) fn with_incident(state: &mut State, f: impl FnOnce(&mut State)) {
    if state.incident.is_some() {
        f(state)
    } else {
        state.flash("no incident open: press d to declare one");
    }
}

pub(super) fn prompt(state: &mut State, purpose: PromptFor) {
    state.mode = Mode::Prompt(Prompt { purpose, input: Input::default() });
}

/// A prompt that starts with `text` (going back a step keeps what was typed).
pub(super) fn prompt_with(state: &mut State, purpose: PromptFor, text: String) {
    state.mode = Mode::Prompt(Prompt { purpose, input: Input::new(text) });
}

/// A severity the operator chose (`s` or `:sev`): nothing is written when
/// it changes nothing; choosing other than the suggestion records it.
pub(super) fn set_severity(state: &mut State, severity: Severity, fx: &mut Vec<Effect>) {
    if state.incident.as_ref().is_some_and(|i| i.severity == Some(severity)) {
        state.flash(format!("severity already {} {}", severity.sev(), severity));
        return;
    }
    let over = state.suggestion().filter(|s| s.severity.is_some_and(|x| x != severity));
    let reason = over.as_ref().map(|s| format!("overrides suggested {}: {}", s.label(), s.why));
    let overrides = over.and_then(|s| s.severity);
    append(state, Payload::Severity { severity, reason, overrides }, fx)
}

pub(super) fn append(state: &mut State, payload: Payload, fx: &mut Vec<Effect>) {
    match &state.replay {
        Some(r) if r.over_live.is_some() => {
            return state.flash_error("a replay is read-only: Esc returns to the live incident");
        }
        Some(_) => return state.flash_error("a replay is read-only: nothing is written (warroom open ID to work it)"),
        None => {}
    }
    if let Payload::Severity { severity, reason: None, .. } = payload {
        return set_severity(state, severity, fx);
    }
    match &state.incident {
        Some(inc) => fx.push(Effect::Append { id: inc.id.clone(), payload }),
        None => state.flash("no incident open: press d to declare one"),
    }
}

pub(super) fn move_phase(state: &mut State, to: Phase, fx: &mut Vec<Effect>) {
    let Some(inc) = &state.incident else { return };
    let from = inc.phase;
    if to == from {
        state.flash(format!("already in {to}"));
        return;
    }
    let mut open_items = if to > from { incident::open_items(inc, from) } else { vec![] };
    if to > from {
        // Telemetry conditions not met, with what is missing.
        let unmet = state.gate_items(from).into_iter().filter(|g| !g.met);
        open_items.extend(unmet.map(|g| format!("{} ({})", g.label, g.detail)));
    }
    if open_items.is_empty() {
        append(state, Payload::Phase { from, to, open_items }, fx);
    } else {
        state.mode = Mode::Confirm(Confirm::Advance { from, to, open_items });
    }
}

pub(super) fn scroll(state: &mut State, delta: isize) {
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
pub(super) fn selected_hypothesis(state: &mut State, number: Option<usize>) -> Option<incident::Hypothesis> {
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

/// Freezes what the focused pane shows into evidence for a hypothesis
/// (the selected one without a number).
pub(super) fn capture_evidence(state: &mut State, number: Option<usize>, fx: &mut Vec<Effect>) {
    let capture = match crate::app::capture::capture(state) {
        Ok(c) => c,
        Err(e) => return state.flash_error(e),
    };
    let Some(h) = selected_hypothesis(state, number) else { return };
    let (hypothesis, label) = (h.key.clone(), h.label());
    let text = capture.summary();
    append(state, Payload::Evidence { hypothesis, text, capture: Some(Box::new(capture)) }, fx);
    state.flash(format!("evidence for {label}: {}", state.focus.title().to_lowercase()));
}

pub(super) fn selected_action(state: &mut State, number: Option<usize>) -> Option<incident::Action> {
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

pub(super) fn hypothesis_op(state: &mut State, number: Option<usize>, op: HypOp, fx: &mut Vec<Effect>) {
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
        HypOp::Evidence(text) => Payload::Evidence { hypothesis, text, capture: None },
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

pub(super) fn set_log_filter(state: &mut State, text: &str) {
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

pub(super) fn choose(state: &mut State, purpose: ChoiceFor) {
    let selected = purpose.default_index();
    state.mode = Mode::Choice(Choice { purpose, selected });
}

/// Moves the logs' current line (the bottom one, marked) to the next
/// older (`older`) or newer shown line that `wanted` accepts; the tail
/// stops following while you read. Back at the newest, it follows again.
fn step_logs(state: &mut State, older: bool, wanted: impl Fn(&crate::signals::logs::StoredLine) -> bool, what: &str) {
    let shown: Vec<&crate::signals::logs::StoredLine> =
        state.signals.logs.lines.iter().rev().filter(|l| state.logs.shows(l.level, &l.text, l.pattern)).collect();
    let at = state.logs.back;
    let found = if older {
        shown.iter().enumerate().skip(at + 1).find(|(_, l)| wanted(l)).map(|(i, _)| i)
    } else {
        shown.iter().enumerate().take(at).rev().find(|(_, l)| wanted(l)).map(|(i, _)| i)
    };
    match found {
        Some(i) => {
            state.logs.back = i;
            state.logs.paused = i > 0;
        }
        None if older => state.flash(format!("no older {what}")),
        None => {
            state.logs.back = 0;
            state.logs.paused = false;
            state.flash(format!("no newer {what}: following the tail"));
        }
    }
}
