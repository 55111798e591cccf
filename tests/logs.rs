//! Log sources against real files and processes: rotation, truncation, a
//! late file, hostile bytes, a command that exits; and pattern grouping on
//! a realistic mixed log that the test writes itself.

use std::io::Write;
use std::time::Duration;

use chrono::Utc;
use warroom::config::sources::LogInput;
use warroom::signals::logs::LogStore;
use warroom::sources::logs::follow::{FileTail, Round};
use warroom::sources::{Body, Kind, Level, LogLine, SourceKey};

fn append(path: &std::path::Path, text: &[u8]) {
    std::fs::OpenOptions::new().create(true).append(true).open(path).unwrap().write_all(text).unwrap();
}

fn texts(r: &Round) -> Vec<String> {
    r.lines.iter().map(|l| String::from_utf8_lossy(l).into_owned()).collect()
}

#[test]
fn follows_a_late_file_through_rotation_and_truncation() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("app.log");
    let mut tail = FileTail::new(path.clone(), 1000);

    let r = tail.round();
    assert!(r.waiting.as_deref().unwrap().starts_with("waiting for"), "{r:?}");
    append(&path, b"one\ntwo\n");
    let r = tail.round();
    assert_eq!(texts(&r), ["one", "two"], "a file that appears later is read from its start");
    assert!(r.notes[0].contains("appeared"));

    append(&path, b"three\npart");
    assert_eq!(texts(&tail.round()), ["three"], "a half-written line waits");
    append(&path, b"ial\n");
    assert_eq!(texts(&tail.round()), ["partial"]);

    // logrotate: the writer's last lines land in the old file, then rename.
    append(&path, b"last of old\n");
    std::fs::rename(&path, tmp.path().join("app.log.1")).unwrap();
    append(&path, b"first of new\n");
    let r = tail.round();
    assert_eq!(texts(&r), ["last of old", "first of new"], "nothing lost across the rename");
    assert!(r.notes.iter().any(|n| n.contains("rotated")));

    // copytruncate: the file shrinks under us.
    std::fs::write(&path, b"").unwrap();
    append(&path, b"after truncate\n");
    let r = tail.round();
    assert_eq!(texts(&r), ["after truncate"]);
    assert!(r.notes.iter().any(|n| n.contains("truncated")), "{r:?}");
}

#[test]
fn starts_near_the_end_of_a_big_file_at_a_line_boundary() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("big.log");
    let mut body = Vec::new();
    for i in 0..20_000 {
        body.extend_from_slice(format!("line {i:05} padding padding\n").as_bytes());
    }
    std::fs::write(&path, &body).unwrap();
    let r = FileTail::new(path, 1000).round();
    let t = texts(&r);
    assert!(t.len() > 1000 && t.len() < 3000, "about 64 KiB of lines, got {}", t.len());
    assert!(t[0].starts_with("line ") && t[0].ends_with("padding"), "first line whole: {}", t[0]);
    assert_eq!(t.last().unwrap(), "line 19999 padding padding");
}

#[test]
fn hostile_bytes_never_reach_the_screen_and_long_lines_are_cut() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("x.log");
    std::fs::write(&path, b"").unwrap();
    let mut tail = FileTail::new(path.clone(), 100);
    tail.round();
    let mut evil = b"ERROR \x1b[2J\x1b]0;owned\x07 bad \xff\xfe utf8 \x9b6n \x00 end\n".to_vec();
    evil.extend(vec![b'a'; 5000]);
    evil.push(b'\n');
    append(&path, &evil);
    let r = tail.round();
    let lines: Vec<LogLine> =
        r.lines.iter().map(|l| LogLine::ingest(l, 100, &Default::default(), Utc::now())).collect();
    assert_eq!(lines.len(), 2);
    assert!(!lines[0].text.chars().any(|c| c.is_control()), "{:?}", lines[0].text);
    assert!(lines[0].text.starts_with("ERROR  bad \u{FFFD}\u{FFFD} utf8"), "{:?}", lines[0].text);
    assert_eq!(lines[0].level, Level::Error);
    assert!(lines[1].text.ends_with("…[cut]") && lines[1].text.len() < 120);
}

#[tokio::test]
async fn a_command_that_exits_is_restarted_with_backoff() {
    let (tx, mut rx) = tokio::sync::mpsc::channel(16);
    let key = SourceKey::new(Kind::Logs, "k8s");
    let input = LogInput::Command(vec!["sh".into(), "-c".into(), "echo out line; echo err line >&2; exit 3".into()]);
    tokio::spawn(warroom::sources::logs::command::run(key, input, 1000, Default::default(), tx));
    let mut lines = Vec::new();
    let mut restarts = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while restarts.len() < 2 {
        let r = tokio::time::timeout_at(deadline, rx.recv()).await.expect("reports in time").unwrap();
        match r.body {
            // The first run's lines: before the first restart.
            Body::Lines(l) if restarts.is_empty() => lines.extend(l.into_iter().map(|l| l.text)),
            Body::Lines(_) => {}
            Body::Restarting { after, why } => restarts.push((after, why)),
            other => panic!("{other:?}"),
        }
    }
    lines.sort();
    assert_eq!(lines, ["err line", "out line"], "stdout and stderr, first run");
    assert_eq!(restarts[0].0, Duration::from_secs(1));
    assert_eq!(restarts[1].0, Duration::from_secs(2), "backoff doubles");
    assert!(restarts[0].1.contains("exit status: 3"), "{}", restarts[0].1);
}

#[tokio::test]
async fn a_command_that_cannot_start_says_so() {
    let (tx, mut rx) = tokio::sync::mpsc::channel(4);
    let input = LogInput::Command(vec!["/nonexistent/kubectl".into(), "logs".into()]);
    tokio::spawn(warroom::sources::logs::command::run(
        SourceKey::new(Kind::Logs, "x"),
        input,
        100,
        Default::default(),
        tx,
    ));
    match rx.recv().await.unwrap().body {
        Body::Restarting { why, .. } => assert!(why.starts_with("cannot start `/nonexistent/kubectl logs`"), "{why}"),
        other => panic!("{other:?}"),
    }
}

/// A war-room log: text and JSON lines, several services' statements with
/// ids, IPs, durations, quoted names and hex in them. Each problem
/// statement must come out as exactly one pattern with its exact count.
#[test]
fn groups_a_realistic_mixed_log_into_one_pattern_per_statement() {
    let mut rng = 0x2545F4914F6CDD1Du64;
    let mut next = |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    type Gen = fn(u64, u64) -> String;
    let statements: [(&str, Gen); 8] = [
        ("ERROR pool: too many connections (in use <*>)", |a, _| {
            format!("ERROR pool: too many connections (in use {a}/100)")
        }),
        ("WARN slow query took <*> on <*>", |a, b| format!("WARN slow query took {a}ms on db-{b}")),
        ("ERROR upstream <*> refused connection", |a, b| {
            format!("ERROR upstream 10.0.{a}.{b}:5432 refused connection")
        }),
        ("ERROR INVALID_TOKEN for user <*>", |a, _| format!("ERROR INVALID_TOKEN for user {a}")),
        ("WARN retrying order <*> attempt <*>", |a, b| format!("WARN retrying order ord_{a:x}{b} attempt {b}")),
        ("ERROR payment <*> declined for <*>", |a, b| format!("ERROR payment {a:016x} declined for \"customer {b}\"")),
        ("token expired for user <*>", |a, _| {
            format!(r#"{{"level":"warn","msg":"token expired for user {a}","ts":"2026-11-23T10:00:0{}Z"}}"#, a % 10)
        }),
        ("job <*> failed: deadline exceeded", |a, _| {
            format!(r#"{{"level":"error","msg":"job export-{a} failed: deadline exceeded"}}"#)
        }),
    ];
    let noise: [Gen; 3] = [
        |a, b| format!("INFO GET /checkout/{a} 200 {b}ms"),
        |a, _| format!(r#"{{"level":"info","msg":"cache hit","key":"cart:{a}"}}"#),
        |a, b| format!("DEBUG heartbeat from worker-{a} seq {b}"),
    ];
    let mut expected = std::collections::HashMap::new();
    let mut store = LogStore::new(vec!["api".into()], 100_000);
    for i in 0..5000u64 {
        let (a, b) = (next(100_000), next(300));
        let raw = if next(3) == 0 {
            let (pattern, make) = statements[next(statements.len() as u64) as usize];
            *expected.entry(pattern).or_insert(0u64) += 1;
            make(a, b)
        } else {
            noise[(i % 3) as usize](a, b)
        };
        let ts = format!("2026-11-23 10:{:02}:{:02},{:03} ", i / 600, (i / 10) % 60, i % 1000);
        // JSON lines carry their own time; text lines get a header.
        let line = if raw.starts_with('{') { raw } else { format!("{ts}{raw}") };
        store.push(0, vec![LogLine::ingest(line.as_bytes(), 8192, &Default::default(), Utc::now())]);
    }
    let got: std::collections::HashMap<String, u64> =
        store.patterns.values().map(|p| (p.pattern.trim_start_matches("<*> ").to_string(), p.count)).collect();
    for (pattern, count) in &expected {
        assert_eq!(got.get(*pattern), Some(count), "pattern {pattern:?}; got {got:#?}");
    }
    assert_eq!(got.len(), expected.len(), "no extra patterns: {got:#?}");
    let top = store.top_patterns(1)[0];
    assert_eq!(top.count, *expected.values().max().unwrap());
}
