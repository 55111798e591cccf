//! Dialogs: text prompts, short choices, yes/no questions, and the `:`
//! command line that parses to the same actions.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

use super::act::{act, append, choose, hypothesis_op, move_phase, prompt, selected_action, set_log_filter};
use super::scopes;
use crate::app::command::{self, Command, split_owner};
use crate::app::msg::Effect;
use crate::app::state::{ChoiceFor, Confirm, Mode, PromptFor, State};
use crate::incident::{ActionKind, Likelihood, Payload, Severity};
use crate::keymap::{Action, Scope, lookup};

pub(super) fn on_key(state: &mut State, key: KeyEvent, fx: &mut Vec<Effect>) {
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
