//! The layering rules of docs/architecture.md, checked on every folder of
//! `src/`: a new folder must be given its layer here, or this fails.
//!
//! - domain (incident, journal, config, sources, signals, slo, report,
//!   notify, replicate) never uses the terminal or the screen: no ratatui,
//!   crossterm, tui-input, `app`, `ui`, `term`, `cmd`;
//! - the screen (`ui`) reads state only: never `sources`, `journal`,
//!   `replicate`, `cmd`, `demo` (what it shares with the signals lives in
//!   `signals::vocab`);
//! - sources never reach into the screen or the loop (covered by domain).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

const DOMAIN: &[&str] =
    &["incident", "journal", "config", "sources", "signals", "slo", "report", "notify", "replicate"];
const SCREEN: &[&str] = &["ui"];
/// Where the terminal, the loop and the process meet: may use anything.
const EDGE: &[&str] = &["app", "keymap", "cmd", "demo", "term"];

const TERMINAL: &[&str] =
    &["ratatui", "crossterm", "tui_input", "crate::ui", "crate::app", "crate::term", "crate::cmd"];
const NOT_FOR_THE_SCREEN: &[&str] =
    &["crate::sources", "crate::journal", "crate::replicate", "crate::cmd", "crate::demo"];

/// Lines of code, without comments (a doc comment may name a module).
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn check(folders: &[&str], forbidden: &[&str]) -> usize {
    let mut checked = 0;
    for module in folders {
        let mut files = vec![];
        rust_files(&Path::new("src").join(module), &mut files);
        assert!(!files.is_empty(), "src/{module} has no files");
        for f in files {
            let text = code(&f);
            for word in forbidden {
                assert!(!text.contains(word), "{} uses {word}", f.display());
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_folder_has_a_layer() {
    for entry in std::fs::read_dir("src").unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            assert!(
                DOMAIN.contains(&name.as_str()) || SCREEN.contains(&name.as_str()) || EDGE.contains(&name.as_str()),
                "src/{name} has no layer in tests/architecture.rs"
            );
        }
    }
}

#[test]
fn domain_modules_do_not_use_the_terminal() {
    assert!(check(DOMAIN, TERMINAL) >= 40);
}

#[test]
fn the_screen_reads_state_not_sources() {
    assert!(check(SCREEN, NOT_FOR_THE_SCREEN) >= 15);
}

/// The rules catch what they are for: a file that breaks one is found.
#[test]
fn a_broken_rule_is_found() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("x.rs");
    std::fs::write(&f, "// crate::sources in a comment is fine\nuse crate::sources::Level;\n").unwrap();
    let text = code(&f);
    assert!(NOT_FOR_THE_SCREEN.iter().any(|w| text.contains(w)));
    std::fs::write(&f, "// use crate::sources::Level;\n").unwrap();
    assert!(!NOT_FOR_THE_SCREEN.iter().any(|w| code(&f).contains(w)));
}
