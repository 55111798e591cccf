//! The handover brief: the same journal and moment always give the same
//! text; `--at` shows the incident as it stood then; the command prints
//! what the library builds and writes a file with `-o`.

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Utc};
use warroom::config::updates::Updates;
use warroom::incident::Entry;
use warroom::journal::Follower;
use warroom::report::brief::from_journal;

fn entries() -> Vec<Entry> {
    Follower::new(Path::new("tests/fixtures/resolved.jsonl")).read_all().unwrap().entries
}

fn at(t: &str) -> DateTime<Utc> {
    format!("2026-11-23T{t}Z").parse().unwrap()
}

fn brief(t: &str) -> String {
    from_journal("INC-20261123-001".parse().unwrap(), &entries(), &Updates::default(), at(t)).unwrap()
}

#[test]
fn the_same_journal_and_moment_give_the_same_text() {
    let mut shuffled = entries();
    shuffled.reverse();
    let a = brief("10:20:00");
    let b = from_journal("INC-20261123-001".parse().unwrap(), &shuffled, &Updates::default(), at("10:20:00")).unwrap();
    assert_eq!(a, b, "file order does not matter, written order does");
    assert_eq!(a, brief("10:20:00"));
}

#[test]
fn mid_incident_it_says_what_blocks_the_phase_and_what_is_in_flight() {
    let b = brief("10:20:00");
    assert!(
        b.contains("## Phase: Mitigation (4 of 6)\nBlocks leaving it:\n- [ ] mitigation recorded with its result"),
        "{b}"
    );
    assert!(b.contains("SEV1 critical, set 10:07 by alice: accepted suggestion: page-level burn"), "{b}");
    assert!(b.contains("Signals last recorded: health:checkout-api down"), "{b}");
    assert!(
        b.contains("- A1 mitigation: pause the nightly export job (alice, 10:17)"),
        "the action has no result yet: {b}"
    );
    assert!(b.contains("Ruled out:\n- H2 v1.2.3 broke token validation (why: auth error rate flat at 0.05%)"), "{b}");
    assert!(b.contains("- 10:04 change: a1b2c3 deploy checkout-api v1.2.3"), "{b}");
    // SEV1: an update every 15 minutes from the declaration (10:04), none sent.
    assert!(b.contains("Due 10:19 UTC (overdue by 1m00s)"), "{b}");
    // Not yet written at 10:20: the temporary mark (10:25:30) and follow-ups.
    assert!(!b.contains("TEMPORARY") && b.contains("## Open follow-ups\nNone recorded."), "{b}");
    insta::assert_snapshot!(b);
}

#[test]
fn after_resolution_it_lists_what_is_still_temporary_and_the_follow_ups() {
    let b = brief("12:00:00");
    assert!(b.contains("status resolved · lasted 38m00s"), "{b}");
    assert!(b.contains("- A1 TEMPORARY pause the nightly export job; to revert: resume the export job"), "{b}");
    assert!(b.contains("- give batch jobs their own pool (no owner)"), "{b}");
    assert!(b.contains("None due: the incident is resolved."), "{b}");
    insta::assert_snapshot!(b);
}

#[test]
fn before_the_declaration_there_is_nothing_to_brief() {
    assert!(
        from_journal("INC-20261123-001".parse().unwrap(), &entries(), &Updates::default(), at("09:00:00")).is_none()
    );
}

#[test]
fn the_command_prints_the_same_brief_and_writes_it_with_o() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("tests/fixtures/resolved.jsonl", dir.path().join("INC-20261123-001.jsonl")).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_warroom")).arg("--incident-dir").arg(dir.path()).args(args).output().unwrap()
    };
    let out = run(&["brief", "INC-20261123-001", "--at", "2026-11-23T10:20:00Z"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), brief("10:20:00"));
    // HH:MM is on the day of the incident's last entry, not today.
    let out = run(&["brief", "--at", "10:20"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), brief("10:20:00"));
    let file = dir.path().join("handover.md");
    let out = run(&["brief", "--at", "12:00", "-o", file.to_str().unwrap()]);
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), brief("12:00:00"));
    let early = run(&["brief", "--at", "09:00"]);
    assert_eq!(early.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&early.stderr).contains("was not declared by"), "{:?}", early);
}
