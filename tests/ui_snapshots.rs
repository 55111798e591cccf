//! Snapshots of the whole screen through ratatui's TestBackend, with the
//! time set through the state so the output is stable.

use std::path::Path;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use warroom::app::{Msg, State, update};
use warroom::journal::Follower;

fn now() -> DateTime<Utc> {
    "2026-11-23T10:14:05Z".parse().unwrap()
}

/// A state that has read `tests/fixtures/checkout.jsonl`.
fn state(color: bool) -> State {
    let mut state = State::new("alice", now(), color);
    let entries = Follower::new(Path::new("tests/fixtures/checkout.jsonl")).read_all().unwrap().entries;
    update(
        &mut state,
        Msg::Journal { id: "INC-20261123-001".parse().unwrap(), entries, warnings: vec![], reset: true },
    );
    state.presence = vec!["alice".into(), "bob".into(), "carol".into()];
    state.flash = None;
    state
}

fn key(state: &mut State, c: KeyCode) {
    update(state, Msg::Key(KeyEvent::new(c, KeyModifiers::NONE)));
}

fn render(state: &State, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| warroom::ui::draw(f, state)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn main_screen_80x24() {
    insta::assert_snapshot!(render(&state(true), 80, 24));
}

#[test]
fn main_screen_160x48() {
    insta::assert_snapshot!(render(&state(true), 160, 48));
}

#[test]
fn hypotheses_focused_shows_selection_and_pane_keys() {
    let mut s = state(true);
    key(&mut s, KeyCode::Tab);
    insta::assert_snapshot!(render(&s, 80, 24));
}

#[test]
fn zoomed_timeline() {
    let mut s = state(true);
    key(&mut s, KeyCode::Char('z'));
    insta::assert_snapshot!(render(&s, 80, 24));
}

#[test]
fn help_screen() {
    let mut s = state(true);
    key(&mut s, KeyCode::Char('?'));
    insta::assert_snapshot!(render(&s, 80, 24));
}

#[test]
fn help_lists_every_binding_and_command() {
    let theme = warroom::ui::theme::Theme { color: false };
    let text: Vec<String> = warroom::ui::help::lines(&theme).iter().map(|l| l.to_string()).collect();
    let text = text.join("\n");
    for b in warroom::keymap::BINDINGS {
        assert!(text.contains(b.desc), "help misses: {}", b.desc);
    }
    for (usage, _) in warroom::app::command::COMMANDS {
        assert!(text.contains(usage), "help misses: {usage}");
    }
}

#[test]
fn advance_question_names_open_items() {
    let mut s = state(true);
    key(&mut s, KeyCode::Char(']'));
    insta::assert_snapshot!(render(&s, 80, 24));
}

#[test]
fn severity_choice_and_note_prompt() {
    let mut s = state(true);
    key(&mut s, KeyCode::Char('s'));
    let choice = render(&s, 80, 24);
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Char('n'));
    for c in "rollback ready on standby".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    insta::assert_snapshot!(format!("{choice}\n{}", render(&s, 80, 24)));
}

#[test]
fn no_incident_screen() {
    let s = State::new("alice", now(), true);
    insta::assert_snapshot!(render(&s, 80, 24));
}

#[test]
fn without_colour_state_is_still_in_words() {
    let s = state(false);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| warroom::ui::draw(f, &s)).unwrap();
    let buf = term.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "a colour was used with colour off");
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
    let screen = render(&s, 80, 24);
    for words in
        ["SEV1 CRITICAL", "AT RISK", "CAUTION", "[x] a hypothesis recorded", "[x] evidence attached", "▶ Timeline"]
    {
        assert!(screen.contains(words), "missing {words:?} in\n{screen}");
    }
}

#[test]
fn never_panics_at_any_size() {
    let mut states = vec![state(true), State::new("a", now(), true)];
    let mut help = state(true);
    key(&mut help, KeyCode::Char('?'));
    states.push(help);
    let mut prompt = state(true);
    key(&mut prompt, KeyCode::Char(':'));
    states.push(prompt);
    let mut confirm = state(true);
    key(&mut confirm, KeyCode::Char(']'));
    states.push(confirm);
    let mut zoomed = state(true);
    key(&mut zoomed, KeyCode::Tab);
    key(&mut zoomed, KeyCode::Char('z'));
    states.push(zoomed);
    for s in &states {
        for w in (1..=130).step_by(3) {
            for h in 1..=40 {
                render(s, w, h);
            }
        }
    }
}
