//! The interfaces SREs script against: completions and the man page made
//! from the command line's own definitions, the environment and exit codes
//! in `--help`, and `status` failing like `check` when a source fails.

mod common;

use std::process::Command;

fn run(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_warroom")).args(args).envs(env.iter().copied()).output().expect("run warroom")
}

#[test]
fn completions_for_each_shell_know_every_subcommand() {
    let subcommands = ["open", "declare", "log", "demo", "report", "status", "check", "patterns", "list", "man"];
    for shell in ["bash", "zsh", "fish"] {
        let text = common::warroom(&["completions", shell]);
        for sub in subcommands {
            assert!(text.contains(sub), "{shell} completions name `{sub}`");
        }
        // Options of a subcommand too.
        assert!(text.contains("severity") && text.contains("serve-only"), "{shell}: subcommand options");
    }
    // The bash script is valid bash.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("warroom.bash");
    std::fs::write(&path, common::warroom(&["completions", "bash"])).unwrap();
    let ok = Command::new("bash").arg("-n").arg(&path).status().unwrap();
    assert!(ok.success(), "bash -n accepts the completions");
    let bad = run(&["completions", "tcsh"], &[]);
    assert_eq!(bad.status.code(), Some(2), "an unknown shell is a usage error");
}

#[test]
fn the_man_page_is_made_from_the_same_definitions() {
    let roff = common::warroom(&["man"]);
    assert!(roff.contains(".TH warroom 1"), "a section 1 page: {}", &roff[..roff.len().min(200)]);
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(roff.contains(section), "{section}");
    }
    for text in ["warroom\\-demo", "warroom\\-status", "WARROOM_CONFIG", "143"] {
        assert!(roff.contains(text), "the page says `{text}`");
    }
}

#[test]
fn help_names_the_environment_and_the_exit_codes() {
    let help = common::warroom(&["--help"]);
    for var in ["WARROOM_CONFIG", "WARROOM_INCIDENT_DIR", "WARROOM_LOG", "WARROOM_LOG_FILE", "RUST_LOG", "NO_COLOR"] {
        assert!(help.contains(var), "--help names {var}");
    }
    for code in ["\n  0 ", "\n  1 ", "\n  2 ", "\n  129 ", "\n  130 ", "\n  143 "] {
        assert!(help.contains(code), "--help explains exit code {}", code.trim());
    }
    let bad = run(&["--no-such-flag"], &[]);
    assert_eq!(bad.status.code(), Some(2), "as --help says");
}

#[test]
fn status_exits_non_zero_when_a_source_fails_like_check() {
    let dir = tempfile::tempdir().unwrap();
    let up = common::servers::healthy();
    let dead = common::servers::refused();
    let config = |checks: &str| {
        let path = dir.path().join("w.yaml");
        std::fs::write(
            &path,
            format!("incident_dir: {}\nsources:\n  health:\n{checks}", dir.path().join("inc").display()),
        )
        .unwrap();
        path.to_string_lossy().into_owned()
    };
    let good = config(&format!("    - {{ name: api, url: \"http://{up}/health\", timeout: 2s }}\n"));
    for cmd in [&["status"][..], &["status", "--json"], &["check"]] {
        let out = run(&[&["--config", &good][..], cmd].concat(), &[]);
        assert_eq!(out.status.code(), Some(0), "{cmd:?} with every source answering: {out:?}");
    }
    let bad = config(&format!(
        "    - {{ name: api, url: \"http://{up}/health\", timeout: 2s }}\n    - {{ name: gone, url: \"http://{dead}/health\", timeout: 2s }}\n"
    ));
    for cmd in [&["status"][..], &["status", "--json"], &["check"]] {
        let out = run(&[&["--config", &bad][..], cmd].concat(), &[]);
        assert_eq!(out.status.code(), Some(1), "{cmd:?} with a source failing: {out:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("gone"), "the failing source is named");
    }
}
