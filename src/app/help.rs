//! The help screen's content, built from the key table and the `:`
//! commands, and searching it. Drawing is `ui/help.rs`; this is data, so
//! `update` can scroll and search it without the screen.

use crate::app::command::COMMANDS;
use crate::keymap::{BINDINGS, Scope, key_label};

const ORDER: [Scope; 11] = [
    Scope::Global,
    Scope::Dashboard,
    Scope::NoIncident,
    Scope::Hypotheses,
    Scope::Actions,
    Scope::Logs,
    Scope::Demo,
    Scope::Replay,
    Scope::Prompt,
    Scope::Confirm,
    Scope::Help,
];

/// One line of help: a heading, a key binding or a command, or a blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Heading(String),
    /// A key binding, or (`command`) a `:` command's usage.
    Entry {
        keys: String,
        desc: String,
        command: bool,
    },
    Blank,
}

impl HelpLine {
    /// Whether the line holds `query` (any case); a blank never does.
    pub fn matches(&self, query: &str) -> bool {
        let q = query.to_lowercase();
        !q.is_empty()
            && match self {
                HelpLine::Heading(h) => h.to_lowercase().contains(&q),
                HelpLine::Entry { keys, desc, .. } => {
                    keys.to_lowercase().contains(&q) || desc.to_lowercase().contains(&q)
                }
                HelpLine::Blank => false,
            }
    }
}

/// Every binding by scope, then the commands.
pub fn lines() -> Vec<HelpLine> {
    let mut out = Vec::new();
    for scope in ORDER {
        out.push(HelpLine::Heading(scope.label().to_string()));
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b.keys.iter().map(key_label).collect();
            out.push(HelpLine::Entry { keys: keys.join(" "), desc: b.desc.to_string(), command: false });
        }
        out.push(HelpLine::Blank);
    }
    out.push(HelpLine::Heading("Commands (type : first)".into()));
    for (usage, desc) in COMMANDS {
        out.push(HelpLine::Entry { keys: usage.to_string(), desc: desc.to_string(), command: true });
    }
    out
}

/// Rows of help visible in a terminal `rows` high (the help box takes the
/// header and body, inside a border).
pub fn page(rows: u16) -> usize {
    (rows as usize).saturating_sub(4).max(1)
}

/// The furthest the help can scroll in a terminal `rows` high.
pub fn max_scroll(rows: u16) -> usize {
    lines().len().saturating_sub(page(rows))
}

/// The index of the next line matching `query` after `from` (or, going
/// back, before it), wrapping around.
pub fn find(query: &str, from: usize, forward: bool) -> Option<usize> {
    let all = lines();
    let n = all.len();
    (1..=n)
        .map(|step| if forward { (from + step) % n } else { (from + n * 2 - step) % n })
        .find(|&i| all[i].matches(query))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_finds_bindings_and_commands_and_wraps() {
        let all = lines();
        let first = find("severity", all.len() - 1, true).expect("a match");
        assert!(all[first].matches("SEVERITY"));
        let next = find("severity", first, true).unwrap();
        assert_ne!(next, first, "moves on");
        assert_eq!(find("severity", next, false), Some(first), "back again");
        assert_eq!(find("no such words anywhere", 0, true), None);
        let sev = find(":sev level", 0, true).expect("the :sev command");
        assert!(matches!(&all[sev], HelpLine::Entry { keys, command: true, .. } if keys.starts_with(":sev")));
    }
}
