//! Postmortems from a journal: key times by value, the Markdown and JSON
//! as golden snapshots, a user's template, and the command line.

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Utc};
use warroom::journal::Follower;
use warroom::report::{build, render};

fn fixture() -> warroom::report::Report {
    let entries = Follower::new(Path::new("tests/fixtures/resolved.jsonl")).read_all().unwrap().entries;
    let now: DateTime<Utc> = "2026-11-23T12:00:00Z".parse().unwrap();
    build("INC-20261123-001".parse().unwrap(), &entries, now).unwrap()
}

fn at(t: &str) -> Option<DateTime<Utc>> {
    Some(format!("2026-11-23T{t}Z").parse().unwrap())
}

#[test]
fn key_times_by_value() {
    let r = fixture();
    let t = &r.times;
    assert_eq!(t.started, at("10:01:00"), "the first trouble a source recorded");
    assert_eq!(t.detected, at("10:04:00"), "the pager's declaration");
    assert_eq!(t.acknowledged, at("10:06:00"), "alice's first entry: the pager is a machine");
    assert_eq!(t.mitigated, at("10:26:30"), "the service recovered after the mitigation (not its result's typing)");
    assert_eq!(t.resolved, at("10:42:00"));
    assert_eq!(t.time_to_detect, Some(180));
    assert_eq!(t.time_to_acknowledge, Some(120));
    assert_eq!(t.time_to_mitigate, Some(25 * 60 + 30));
    assert_eq!(t.time_to_resolve, Some(41 * 60));
    assert_eq!(r.duration, "38m00s", "declared to resolved");
}

#[test]
fn sections_hold_what_the_journal_says() {
    let r = fixture();
    assert_eq!(r.severity.as_deref(), Some("SEV1 critical"));
    assert_eq!(r.root_cause.len(), 1);
    assert_eq!(r.root_cause[0].evidence, ["pool_in_use 100/100 since 10:01; export job holds 40 connections"]);
    assert_eq!(r.disproven[0].why, "auth error rate flat at 0.05%");
    assert!(r.contributing.iter().any(|c| c.starts_with("a1b2c3 deploy checkout-api v1.2.3")));
    assert!(r.contributing.contains(&"left Triage with open items: impact assessed".to_string()));
    assert_eq!(r.actions[0].result.as_deref(), Some("5xx back under 0.5%, pool at 40/100"));
    assert_eq!(r.slo.len(), 2);
    assert_eq!(r.follow_ups[1].owner, None);
    assert_eq!((r.went_well.len(), r.to_improve.len()), (1, 1));
    assert!(r.diagram.contains("Trigger: a1b2c3 deploy") && r.diagram.contains("S4 --> S5"), "{}", r.diagram);
    assert!(r.severity_changes[0].text.contains("(accepted suggestion: page-level burn"));
    // The export job was paused as a temporary mitigation and never resumed.
    assert_eq!(r.temporary.len(), 1);
    assert_eq!((r.temporary[0].label.as_str(), r.temporary[0].status), ("A1", "in_place"));
    assert!(r.temporary[0].revert.starts_with("resume the export job"));
    let md = render::markdown(&r, None).unwrap();
    assert!(md.contains("**1 still in place when this report was written"), "{md}");
}

#[test]
fn markdown_golden() {
    insta::assert_snapshot!(render::markdown(&fixture(), None).unwrap());
}

#[test]
fn json_golden() {
    let json = render::json(&fixture());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["times"]["time_to_mitigate"], 1530);
    insta::assert_snapshot!(json);
}

#[test]
fn a_users_template_replaces_the_built_in_one_and_errors_name_the_line() {
    let r = fixture();
    let out = render::markdown(&r, Some("{{ id }}: {{ title }} took {{ times.time_to_resolve | duration }}")).unwrap();
    assert_eq!(out, "INC-20261123-001: Checkout API 500s took 41m00s");
    let err = render::markdown(&r, Some("line one\n{{ no_such_field }}")).unwrap_err();
    assert!(err.contains("template line 2"), "{err}");
    let err = render::markdown(&r, Some("{% for x in timeline %}")).unwrap_err();
    assert!(err.contains("line"), "{err}");
}

#[test]
fn the_command_writes_a_report_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("incidents");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("tests/fixtures/resolved.jsonl", dir.join("INC-20261123-001.jsonl")).unwrap();
    let out = tmp.path().join("pm.md");
    let run = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--incident-dir", dir.to_str().unwrap(), "report", "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.starts_with("# Postmortem: Checkout API 500s"));
    let json = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--incident-dir", dir.to_str().unwrap(), "report", "INC-20261123-001", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["root_cause"][0]["label"], "H1");
    let status = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--incident-dir", dir.to_str().unwrap(), "status", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(v["incident"]["status"], "resolved");
    assert_eq!(v["incident"]["hypotheses"][0]["status"], "confirmed");
}

#[test]
fn the_diagram_names_the_action_that_worked() {
    use warroom::incident::{ActionKind, Entry, IncidentKind, Payload};
    let t = |hm: &str| format!("2026-11-23T{hm}:00Z").parse::<DateTime<Utc>>().unwrap();
    let mut entries = vec![Entry::new(
        t("10:04"),
        "pager",
        Payload::Declared {
            title: "Checkout API 500s".into(),
            kind: IncidentKind::Outage,
            service: None,
            severity: None,
        },
    )];
    let mut push = |at: &str, p: Payload| {
        let e = Entry::new(t(at), "alice", p);
        entries.push(e.clone());
        e.id
    };
    let ev = |src: &str, st: &str| Payload::Event {
        text: format!("{src} {st}"),
        source: Some(src.into()),
        state: Some(st.into()),
        since: None,
    };
    push("10:05", ev("health:checkout", "down"));
    let a1 =
        push("10:10", Payload::Action { text: "restart pods".into(), action: ActionKind::Mitigation, result: None });
    push(
        "10:12",
        Payload::Action { text: "pause the export job".into(), action: ActionKind::Mitigation, result: None },
    );
    push("10:14", ev("health:checkout", "up"));
    push("10:30", Payload::ActionResult { action: a1, result: "superseded by A2".into() });
    let r = build("INC-20261123-001".parse().unwrap(), &entries, t("11:00")).unwrap();
    assert!(r.diagram.contains("Mitigation: pause the export job"), "{}", r.diagram);
    assert!(!r.diagram.contains("restart pods"), "{}", r.diagram);
    assert_eq!(r.times.mitigated, Some(t("10:14")));
}

#[test]
fn user_text_in_the_markdown_is_inert() {
    use warroom::incident::{Entry, IncidentKind, Payload};
    let at: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
    let entries = vec![
        Entry::new(
            at,
            "pager",
            Payload::Declared {
                title: "Checkout <script>alert(1)</script>\n# pwned".into(),
                kind: IncidentKind::Outage,
                service: None,
                severity: None,
            },
        ),
        Entry::new(
            at,
            "eve",
            Payload::Note { text: "see [this](http://evil) | \u{1b}[31mred\u{1b}[0m **now**".into() },
        ),
    ];
    let r = build("INC-20261123-001".parse().unwrap(), &entries, at).unwrap();
    let md = render::markdown(&r, None).unwrap();
    assert!(md.starts_with("# Postmortem: Checkout &lt;script&gt;alert(1)&lt;/script&gt; \\# pwned\n"), "{md}");
    assert!(!md.contains("<script>") && !md.contains('\u{1b}'), "{md}");
    assert!(md.contains("see \\[this\\](http://evil) \\| \u{FFFD}\\[31mred\u{FFFD}\\[0m \\*\\*now\\*\\*"), "{md}");
    // The diagram stays code.
    assert!(md.contains("flowchart LR\n"), "{md}");
}

#[test]
fn captured_evidence_is_quoted_whole_with_its_digest_and_an_edit_is_named() {
    use warroom::incident::{Capture, Entry, Payload};
    let mut entries = Follower::new(Path::new("tests/fixtures/resolved.jsonl")).read_all().unwrap().entries;
    let at: DateTime<Utc> = "2026-11-23T10:12:00Z".parse().unwrap();
    let rows = vec![
        "10:01:02 app ERROR pool: too many connections (in use 100/100)".to_string(),
        "10:01:03 app ERROR <script>alert(1)</script> **not bold**".to_string(),
    ];
    let capture = Capture::new("logs", vec!["logs:app".into()], at - chrono::Duration::minutes(11), at, rows);
    let digest = capture.sha256.clone();
    let mut e = Entry::new(
        at,
        "carol",
        Payload::Evidence { hypothesis: "e11".into(), text: capture.summary(), capture: Some(Box::new(capture)) },
    );
    e.id = "e13a".into();
    entries.push(e);
    let now: DateTime<Utc> = "2026-11-23T12:00:00Z".parse().unwrap();
    let r = build("INC-20261123-001".parse().unwrap(), &entries, now).unwrap();
    assert_eq!(r.captured.len(), 1);
    assert!(r.captured[0].intact);
    let md = render::markdown(&r, None).unwrap();
    assert!(md.contains("## Captured evidence"), "{md}");
    assert!(md.contains(&format!("sha256 `{digest}`")), "{md}");
    // Quoted as an indented code block: shown as text, never as HTML or emphasis.
    assert!(md.contains("\n    10:01:03 app ERROR <script>alert(1)</script> **not bold**\n"), "{md}");
    let json: serde_json::Value = serde_json::from_str(&render::json(&r)).unwrap();
    assert_eq!(json["captured"][0]["sha256"], digest.as_str());
    assert_eq!(json["captured"][0]["rows"].as_array().unwrap().len(), 2);

    // Someone edits the rows in the journal: the report says so.
    if let Payload::Evidence { capture: Some(c), .. } = &mut entries.last_mut().unwrap().payload {
        c.rows[0] = "10:01:02 app INFO all fine".into();
    }
    let r = build("INC-20261123-001".parse().unwrap(), &entries, now).unwrap();
    assert!(!r.captured[0].intact);
    assert!(render::markdown(&r, None).unwrap().contains("the rows no longer match this digest"));
}
