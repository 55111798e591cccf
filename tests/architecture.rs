//! The layering rule: domain code never uses the terminal, so it is tested
//! without one (docs/architecture.md).

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn domain_modules_do_not_use_the_terminal() {
    let mut checked = 0;
    for module in ["incident", "journal", "config", "sources", "signals", "slo", "report"] {
        let mut files = vec![];
        rust_files(&Path::new("src").join(module), &mut files);
        assert!(!files.is_empty(), "src/{module} has no files");
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for word in ["ratatui", "crossterm", "tui_input", "crate::ui", "crate::app", "crate::term"] {
                assert!(!text.contains(word), "{} uses {word}", f.display());
            }
            checked += 1;
        }
    }
    assert!(checked >= 30);
}
