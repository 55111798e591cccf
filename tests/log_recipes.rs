//! The `logs` command recipes of docs/logs.md, run as written: stand-ins
//! for kubectl, journalctl and ssh first on the PATH print what the real
//! tools print and record their arguments; the lines must come out with
//! the right levels, messages and patterns.

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use warroom::sources::{Body, Kind, Level, LogLine, SourceKey};

const KUBECTL: &str = r#"{"level":"info","msg":"GET /cart 200","ts":"2026-11-30T10:00:00Z"}
{"level":"error","msg":"payment declined for order 48213","ts":"2026-11-30T10:00:01Z"}
{"level":"error","msg":"payment declined for order 7","ts":"2026-11-30T10:00:02Z"}"#;
const JOURNALCTL: &str = r#"{"__REALTIME_TIMESTAMP":"1764496800000000","_SYSTEMD_UNIT":"checkout.service","PRIORITY":"6","MESSAGE":"Started checkout.service."}
{"__REALTIME_TIMESTAMP":"1764496801000000","_SYSTEMD_UNIT":"checkout.service","PRIORITY":"3","MESSAGE":"Out of memory: Killed process 4242 (java)"}"#;
const SSH: &str = "2026-11-30 10:00:00.123 UTC [3121] LOG:  checkpoint starting: time
2026-11-30 10:00:01.456 UTC [3122] FATAL:  remaining connection slots are reserved for roles with the SUPERUSER attribute";

fn recipes() -> String {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/logs.md")).unwrap();
    let start = doc.find("```yaml\n").expect("a yaml block") + 8;
    let end = start + doc[start..].find("```").unwrap();
    doc[start..end].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_documented_recipes_give_levels_messages_and_patterns() {
    let bin = tempfile::tempdir().unwrap();
    let args_log = bin.path().join("args");
    for (tool, out) in [("kubectl", KUBECTL), ("journalctl", JOURNALCTL), ("ssh", SSH)] {
        let path = bin.path().join(tool);
        std::fs::write(
            &path,
            format!("#!/bin/sh\necho \"{tool} $*\" >> '{}'\ncat <<'EOF'\n{out}\nEOF\nsleep 30\n", args_log.display()),
        )
        .unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // This test binary holds this one test: changing PATH touches nothing else.
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap_or_default());
    // SAFETY: no other thread reads the environment yet.
    unsafe { std::env::set_var("PATH", path) };

    let cfg = warroom::config::parse(std::path::Path::new("docs/logs.md"), &recipes()).expect("the recipes parse");
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    for spec in &cfg.sources.logs {
        let key = SourceKey::new(Kind::Logs, spec.name.0.clone());
        let (input, max, levels, tx) = (spec.input.clone(), spec.max_line, spec.status_levels.clone(), tx.clone());
        tokio::spawn(warroom::sources::logs::command::run(key, input, max, levels, tx));
    }
    let mut lines: Vec<(String, LogLine)> = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while lines.len() < 7 {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(r)) => {
                if let Body::Lines(l) = r.body {
                    lines.extend(l.into_iter().map(|x| (r.key.name.clone(), x)));
                }
            }
            _ => panic!("only {} lines: {lines:#?}", lines.len()),
        }
    }
    let find = |source: &str, text: &str| {
        lines
            .iter()
            .find(|(s, l)| s == source && l.text.contains(text))
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| panic!("no `{text}` from {source}: {lines:#?}"))
    };
    // kubectl: JSON levels; the two declines are one pattern.
    assert_eq!(find("checkout pods", "GET /cart").level, Level::Info);
    let a = find("checkout pods", "order 48213");
    let b = find("checkout pods", "order 7\"");
    assert_eq!(a.level, Level::Error);
    assert_eq!(a.pattern.as_deref(), Some("payment declined for order <*>"));
    assert_eq!(a.pattern, b.pattern);
    // journald: PRIORITY and MESSAGE.
    assert_eq!(find("checkout unit", "Started checkout").level, Level::Info);
    let oom = find("checkout unit", "Out of memory");
    assert_eq!(oom.level, Level::Error);
    assert_eq!(oom.pattern.as_deref(), Some("Out of memory: Killed process <*> (java)"));
    // ssh + tail -F of a PostgreSQL log: its level words.
    assert_eq!(find("db-1 postgres", "checkpoint starting").level, Level::Unknown, "LOG is not a level word");
    assert_eq!(find("db-1 postgres", "connection slots").level, Level::Fatal);

    // Each tool got the arguments the recipe gives, as a list (no shell).
    let args = std::fs::read_to_string(&args_log).unwrap();
    assert!(args.contains("kubectl logs -f --tail=100 --max-log-requests=10 -l app=checkout -n shop"), "{args}");
    assert!(args.contains("journalctl -f -o json -n 100 -u checkout.service"), "{args}");
    assert!(
        args.contains("ssh -o BatchMode=yes -o ServerAliveInterval=15 db-1 tail -F -n 100 /var/log/postgresql/postgresql-16-main.log"),
        "{args}"
    );
}
