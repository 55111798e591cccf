//! Dialogs: text prompts, short choices, yes/no questions, and the `:`
//! command line that parses to the same actions.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

use super::act::{
    act, append, choose, hypothesis_op, move_phase, prompt, prompt_with, selected_action, set_log_filter,
};
use super::scopes;
use crate::app::command::{self, Command, split_owner};
use crate::app::msg::Effect;
use crate::app::state::{Choice, ChoiceFor, Confirm, Mode, PromptFor, State};
use crate::incident::{ActionKind, Likelihood, Payload, Severity, TempEnd};
use crate::keymap::{Action, Scope, lookup};

pub(super) fn on_key(state: &mut State, key: KeyEvent, fx: &mut Vec<Effect>) {
    match &state.mode {
        Mode::Prompt(_) => prompt_key(state, key, fx),
        Mode::Choice(_) => choice_key(state, key, fx),
        Mode::Confirm(_) => confirm_key(state, key, fx),
        Mode::Help => help_key(state, key, fx),
        Mode::Messages => {
            let max = state.messages.len().saturating_sub(1);
            let at = state.scroll.messages.min(max);
            match lookup(&[Scope::Help, Scope::Global], key) {
                Some(Action::Back | Action::Messages) => state.mode = Mode::Normal,
                Some(Action::Down) => state.scroll.messages = (at + 1).min(max),
                Some(Action::Up) => state.scroll.messages = at.saturating_sub(1),
                Some(Action::PageDown) => state.scroll.messages = (at + 10).min(max),
                Some(Action::PageUp) => state.scroll.messages = at.saturating_sub(10),
                Some(Action::Top) => state.scroll.messages = 0,
                Some(Action::Bottom) => state.scroll.messages = max,
                Some(Action::ForceQuit) => fx.push(Effect::Exit(0)),
                _ => {}
            }
        }
        Mode::Brief(text) => {
            let max = text.lines().count().saturating_sub(1);
            let at = state.scroll.brief.min(max);
            let page = usize::from(state.size.1.saturating_sub(4)).max(1);
            match lookup(&[Scope::Help, Scope::Global], key) {
                Some(Action::Back | Action::Brief) => state.mode = Mode::Normal,
                Some(Action::Down) => state.scroll.brief = (at + 1).min(max),
                Some(Action::Up) => state.scroll.brief = at.saturating_sub(1),
                Some(Action::PageDown) => state.scroll.brief = (at + page).min(max),
                Some(Action::PageUp) => state.scroll.brief = at.saturating_sub(page),
                Some(Action::Top) => state.scroll.brief = 0,
                Some(Action::Bottom) => state.scroll.brief = max,
                Some(Action::ForceQuit) => fx.push(Effect::Exit(0)),
                _ => {}
            }
        }
        Mode::Normal => {
            if let Some(action) = lookup(&scopes(state), key) {
                act(state, action, fx);
            }
        }
    }
}

/// Help: scroll by line and page, search with `/`, `n`/`N` between
/// matches; Esc clears a search first, then closes.
fn help_key(state: &mut State, key: KeyEvent, fx: &mut Vec<Effect>) {
    use crate::app::help;
    let rows = state.size.1;
    let max = help::max_scroll(rows);
    let page = help::page(rows);
    let at = state.scroll.help.min(max);
    let jump = |state: &mut State, forward: bool| {
        let query = state.help_query.clone();
        match help::find(&query, at, forward) {
            Some(i) => state.scroll.help = i.min(max),
            None if query.is_empty() => state.flash("type / to search the help"),
            None => state.flash(format!("no help line holds \"{query}\"")),
        }
    };
    match lookup(&[Scope::Help, Scope::Global], key) {
        Some(Action::Back) if !state.help_query.is_empty() => state.help_query.clear(),
        Some(Action::Back) => state.mode = Mode::Normal,
        Some(Action::Down) => state.scroll.help = (at + 1).min(max),
        Some(Action::Up) => state.scroll.help = at.saturating_sub(1),
        Some(Action::PageDown) => state.scroll.help = (at + page).min(max),
        Some(Action::PageUp) => state.scroll.help = at.saturating_sub(page),
        Some(Action::Top) => state.scroll.help = 0,
        Some(Action::Bottom) => state.scroll.help = max,
        Some(Action::Search) => prompt(state, PromptFor::HelpSearch),
        Some(Action::NextMatch) => jump(state, true),
        Some(Action::PrevMatch) => jump(state, false),
        Some(Action::ForceQuit) => fx.push(Effect::Exit(0)),
        _ => {}
    }
}

fn prompt_key(state: &mut State, key: KeyEvent, fx: &mut Vec<Effect>) {
    let Mode::Prompt(p) = &mut state.mode else { return };
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    // Searching the help returns to the help, whatever happens.
    let back = match &p.purpose {
        PromptFor::HelpSearch => Mode::Help,
        // The impact's text goes back to the choice of field.
        PromptFor::Impact(f) => Mode::Choice(Choice {
            purpose: ChoiceFor::ImpactField,
            selected: crate::incident::ImpactField::ALL.iter().position(|x| x == f).unwrap_or(0),
        }),
        _ => Mode::Normal,
    };
    match lookup(&[Scope::Prompt], key) {
        Some(Action::Back) => state.mode = back,
        _ if ctrl_c => state.mode = back,
        Some(Action::Submit) => {
            let text = p.input.value().trim().to_string();
            let purpose = p.purpose.clone();
            // Saved: back to the help being searched, else the dashboard.
            state.mode = if purpose == PromptFor::HelpSearch { Mode::Help } else { Mode::Normal };
            if purpose == PromptFor::HelpSearch {
                search_help(state, text);
            } else if purpose == PromptFor::LogFilter {
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

/// Scrolls the help to the first line holding `text`, from the top.
fn search_help(state: &mut State, text: String) {
    use crate::app::help;
    state.help_query = text.clone();
    if text.is_empty() {
        return;
    }
    let all = help::lines().len();
    match help::find(&text, all - 1, true) {
        Some(i) => state.scroll.help = i.min(help::max_scroll(state.size.1)),
        None => {
            state.flash(format!("no help line holds \"{text}\""));
            state.help_query.clear();
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
        PromptFor::HelpSearch => search_help(state, text),
        PromptFor::Impact(field) => append(state, Payload::Impact { field, value: text }, fx),
        PromptFor::Amend { entry, .. } => append(state, Payload::Amend { entry, text }, fx),
        PromptFor::Retract { entry, .. } => append(state, Payload::Retract { entry, reason: text }, fx),
        PromptFor::ActionText => choose(state, ChoiceFor::ActionKind { text }),
        PromptFor::HypothesisText => choose(state, ChoiceFor::Likelihood { text }),
        PromptFor::Evidence { hypothesis, .. } => {
            append(state, Payload::Evidence { hypothesis, text, capture: None }, fx)
        }
        PromptFor::NextCheck { hypothesis, .. } => append(state, Payload::NextCheck { hypothesis, text }, fx),
        PromptFor::ActionResult { action, .. } => append(state, Payload::ActionResult { action, result: text }, fx),
        PromptFor::Clock => match command::parse(&format!("timer {text}")) {
            Ok(cmd) => run_command(state, cmd, fx),
            Err(e) => state.flash_error(e),
        },
        PromptFor::TimeBox { hypothesis, label } => match command::parse(&format!("timebox {text}")) {
            Ok(Command::TimeBox { after, .. }) => {
                start_clock(state, format!("decide on {label}"), after, Some(hypothesis), fx)
            }
            Ok(_) => {}
            Err(e) => state.flash_error(e),
        },
        PromptFor::Temporary { action, .. } => append(state, Payload::Temporary { action, revert: text }, fx),
        PromptFor::Reverted { action, .. } => {
            append(state, Payload::TemporaryEnd { action, end: TempEnd::Reverted, text }, fx)
        }
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
                    state.run = Some(crate::app::state::RunView {
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
        Command::Capture(number) => super::act::capture_evidence(state, number, fx),
        Command::Clock { after, label } => start_clock(state, label, after, None, fx),
        Command::TimeBox { number, after } => {
            if let Some(h) = super::act::selected_hypothesis(state, number) {
                let (key, label) = (h.key.clone(), h.label());
                start_clock(state, format!("decide on {label}"), after, Some(key), fx);
            }
        }
        Command::StopClock { number, end } => {
            let clock = state.incident.as_ref().and_then(|i| i.clocks.iter().find(|c| c.number == number)).cloned();
            match clock {
                None => state.flash_error(format!("there is no T{number}")),
                Some(c) if !c.live() => state.flash_error(format!("T{number} is already stopped")),
                Some(c) => append(state, Payload::ClockEnd { clock: c.key, end }, fx),
            }
        }
        Command::Temporary { number, revert } => {
            if let Some(a) = selected_action(state, number) {
                append(state, Payload::Temporary { action: a.key, revert }, fx);
            }
        }
        Command::TempEnd { number, end, text } => {
            if let Some(a) = selected_action(state, number) {
                if a.temporary.as_ref().is_some_and(|t| t.ended.is_some()) {
                    state.flash_error(format!("{} is no longer in place", a.label()));
                } else {
                    append(state, Payload::TemporaryEnd { action: a.key, end, text }, fx);
                }
            }
        }
        Command::Declare(Some(title)) => choose(state, ChoiceFor::DeclareSeverity { title }),
        Command::Declare(None) => prompt(state, PromptFor::DeclareTitle),
        Command::Correct { target, text, retract } => {
            if let Some((entry, _)) = correction_target(state, target) {
                let payload =
                    if retract { Payload::Retract { entry, reason: text } } else { Payload::Amend { entry, text } };
                append(state, payload, fx);
            }
        }
    }
}

/// Writes a clock that runs out `after` from now.
fn start_clock(
    state: &mut State,
    label: String,
    after: std::time::Duration,
    hypothesis: Option<String>,
    fx: &mut Vec<Effect>,
) {
    if state.incident.is_none() {
        return;
    }
    let due = state.now + chrono::Duration::from_std(after).unwrap_or(chrono::Duration::zero());
    append(state, Payload::Clock { label, due, hypothesis }, fx);
}

/// The entry a correction is about, and its label; says why not when none.
pub(super) fn correction_target(state: &mut State, target: command::Target) -> Option<(String, String)> {
    use command::Target;
    match target {
        Target::Hypothesis(n) => super::act::selected_hypothesis(state, Some(n)).map(|h| (h.key.clone(), h.label())),
        Target::Action(n) => selected_action(state, Some(n)).map(|a| (a.key.clone(), a.label())),
        Target::Last => {
            let me = state.operator.clone();
            let found = state.incident.as_ref().and_then(|i| {
                i.timeline
                    .iter()
                    .filter(|t| t.author == me && matches!(t.tag, "note" | "event" | "hyp" | "action"))
                    .max_by_key(|t| t.written)
                    .map(|t| (t.entry.clone(), t.tag.to_string()))
            });
            if found.is_none() {
                state.flash(format!("{me} has no note, event, hypothesis or action to correct"));
            }
            found
        }
    }
}

fn choice_key(state: &mut State, key: KeyEvent, fx: &mut Vec<Effect>) {
    let Mode::Choice(c) = &mut state.mode else { return };
    let options = c.purpose.options();
    let picked = match key.code {
        KeyCode::Esc => {
            // Back one step, keeping what was typed.
            let purpose = c.purpose.clone();
            match purpose {
                ChoiceFor::Likelihood { text } => prompt_with(state, PromptFor::HypothesisText, text),
                ChoiceFor::ActionKind { text } => prompt_with(state, PromptFor::ActionText, text),
                ChoiceFor::Lesson { text } => prompt_with(state, PromptFor::Lesson, text),
                ChoiceFor::DeclareSeverity { title } => prompt_with(state, PromptFor::DeclareTitle, title),
                ChoiceFor::DeclareKind { title, severity } => {
                    let selected = Severity::ALL.iter().position(|s| *s == severity).unwrap_or(0);
                    state.mode = Mode::Choice(Choice { purpose: ChoiceFor::DeclareSeverity { title }, selected });
                }
                ChoiceFor::Severity | ChoiceFor::Runbook(_) | ChoiceFor::ImpactField | ChoiceFor::LogPattern(_) => {
                    state.mode = Mode::Normal
                }
            }
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
            None => {
                // Never swallowed in silence: say what this dialog takes.
                let keys: String = options.iter().map(|(k, _)| *k).collect();
                let default = options[c.selected].1.clone();
                state.flash_error(format!(
                    "`{ch}` is not a choice here: press one of {keys}, Enter for {default}, or Esc to go back"
                ));
                return;
            }
        },
        _ => return,
    };
    let purpose = c.purpose.clone();
    state.mode = Mode::Normal;
    match purpose {
        ChoiceFor::Severity => super::act::set_severity(state, Severity::ALL[picked], fx),
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
        ChoiceFor::ImpactField => {
            // Start from what is recorded, so a change is an edit.
            let field = crate::incident::ImpactField::ALL[picked];
            let now = state.incident.as_ref().and_then(|i| match field {
                crate::incident::ImpactField::Users => i.impact.users.clone(),
                crate::incident::ImpactField::Services => i.impact.services.clone(),
                crate::incident::ImpactField::Data => i.impact.data.clone(),
                crate::incident::ImpactField::Business => i.impact.business.clone(),
            });
            prompt_with(state, PromptFor::Impact(field), now.unwrap_or_default());
        }
        ChoiceFor::LogPattern(top) => {
            let (key, pattern, _) = top[picked].clone();
            state.logs.pattern = Some((key, pattern.clone()));
            state.logs.back = 0;
            state.flash(format!("logs: only lines of `{pattern}` (Esc shows all)"));
        }
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
