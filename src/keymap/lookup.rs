//! From a key press to an action, and from a key to its label.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::table::{BINDINGS, Key, Scope};

/// The action bound to `key` in the first of `scopes` that binds it.
pub fn lookup(scopes: &[Scope], key: KeyEvent) -> Option<Action> {
    // Shift is part of the character for letters and symbols (`G`, `?`),
    // so it is ignored there; Ctrl and Alt are not.
    let mods = match key.code {
        KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    scopes.iter().find_map(|scope| {
        BINDINGS
            .iter()
            .filter(|b| b.scope == *scope)
            .find(|b| b.keys.iter().any(|(c, m)| *c == key.code && *m == mods))
            .map(|b| b.action)
    })
}

/// How a key is written in help and hints.
pub fn key_label(key: &Key) -> String {
    let (code, mods) = key;
    let base = match code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        other => format!("{other:?}"),
    };
    if mods.contains(KeyModifiers::CONTROL) { format!("^{}", base.to_uppercase()) } else { base }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_a_scope() {
        let mut seen = HashSet::new();
        for b in BINDINGS {
            for key in b.keys {
                assert!(seen.insert((b.scope, *key)), "{:?} bound twice in {:?}", key, b.scope);
            }
        }
    }

    #[test]
    fn every_action_is_bound_to_a_key() {
        for a in Action::ALL {
            assert!(BINDINGS.iter().any(|b| b.action == *a), "{a:?} has no key");
        }
    }

    #[test]
    fn pane_scopes_win_over_the_dashboard() {
        let c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE);
        assert_eq!(lookup(&[Scope::Hypotheses, Scope::Dashboard, Scope::Global], c), Some(Action::Confirm));
        assert_eq!(lookup(&[Scope::Dashboard, Scope::Global], c), None);
        let g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(&[Scope::Dashboard], g), Some(Action::Bottom));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(&[Scope::Hypotheses, Scope::Global], ctrl_c), Some(Action::ForceQuit));
    }

    #[test]
    fn labels_read_like_the_help_screen() {
        assert_eq!(key_label(&(KeyCode::Char('c'), KeyModifiers::CONTROL)), "^C");
        assert_eq!(key_label(&(KeyCode::PageDown, KeyModifiers::NONE)), "PgDn");
    }
}
