//! The journal on disk: torn lines, and several processes appending at once.

use std::io::Write;
use std::process::{Command, Stdio};

use chrono::Utc;
use warroom::incident::{Entry, IncidentKind, Payload};
use warroom::journal::{Follower, IncidentDir, append};

fn declared() -> Payload {
    Payload::Declared { title: "t".into(), kind: IncidentKind::Outage, service: None, severity: None }
}

/// An incident directory in `root` with one incident declared by `who`.
fn declared_in(root: &std::path::Path, who: &str) -> (IncidentDir, warroom::incident::IncidentId) {
    let dir = IncidentDir::open(root).unwrap();
    let (id, _) = dir.declare(Utc::now(), who, declared()).unwrap();
    (dir, id)
}

fn note(text: &str) -> Entry {
    Entry::new(Utc::now(), "alice", Payload::Note { text: text.into() })
}

#[test]
fn a_torn_last_line_is_reported_and_skipped_and_the_next_append_repairs_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, id) = declared_in(tmp.path(), "alice");
    let path = dir.journal_path(&id);
    append(&path, &note("one")).unwrap();
    append(&path, &note("two")).unwrap();
    // A writer killed mid-line (power cut, kill -9).
    let torn = serde_json::to_string(&note("three")).unwrap();
    std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(&torn.as_bytes()[..40]).unwrap();

    let loaded = dir.load(&id).unwrap();
    assert_eq!(loaded.entries.len(), 3, "everything before the torn line is kept");
    assert_eq!(loaded.warnings.len(), 1);
    assert!(loaded.warnings[0].contains("line 4 is incomplete"), "{:?}", loaded.warnings);

    // The next writer ends the torn line first, so its entry stays whole.
    append(&path, &note("four")).unwrap();
    let loaded = dir.load(&id).unwrap();
    let texts: Vec<String> = loaded.incident.timeline.iter().map(|t| t.text.clone()).collect();
    assert_eq!(&texts[1..], ["one", "two", "four"]);
    assert_eq!(loaded.warnings.len(), 1);
    assert!(loaded.warnings[0].contains("line 4 is damaged"), "{:?}", loaded.warnings);
}

#[test]
fn a_follower_sees_only_new_entries_and_waits_for_whole_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, id) = declared_in(tmp.path(), "alice");
    let path = dir.journal_path(&id);
    let mut f = Follower::new(&path);
    assert_eq!(f.poll().unwrap().entries.len(), 1);
    assert!(f.poll().unwrap().entries.is_empty());
    append(&path, &note("a")).unwrap();
    let line = serde_json::to_string(&note("b")).unwrap();
    let mut file = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
    file.write_all(&line.as_bytes()[..10]).unwrap();
    let p = f.poll().unwrap();
    assert_eq!(p.entries.len(), 1, "the half-written line waits");
    assert!(p.warnings.is_empty(), "a line being written is not damage");
    file.write_all(&line.as_bytes()[10..]).unwrap();
    file.write_all(b"\n").unwrap();
    let p = f.poll().unwrap();
    assert_eq!(p.entries.len(), 1);
    assert!(matches!(&p.entries[0].payload, Payload::Note { text } if text == "b"));
}

/// A journal of several read slices (2 MiB each) comes whole and in order,
/// whatever lines the slices cut, with a damaged line named by its number;
/// after catching up, a line being written still waits for its end.
#[test]
fn a_follower_reads_a_big_journal_in_slices_without_losing_or_moving_a_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, id) = declared_in(tmp.path(), "alice");
    let path = dir.journal_path(&id);
    let mut text = String::new();
    let mut want = Vec::new();
    for i in 0..30_000 {
        if i == 20_000 {
            // Line 20,002 of the file (after the declaration).
            text.push_str("{\"id\":\"damaged\n");
            continue;
        }
        // Lengths that vary, so that slice ends fall anywhere in a line.
        let t = format!("n{i} {}", "x".repeat(i * 7919 % 301));
        text.push_str(&serde_json::to_string(&note(&t)).unwrap());
        text.push('\n');
        want.push(t);
    }
    assert!(text.len() > 3 * (2 << 20), "{} bytes: several slices", text.len());
    std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(text.as_bytes()).unwrap();

    let mut f = Follower::new(&path);
    let (mut got, mut warnings, mut polls) = (Vec::new(), Vec::new(), 0);
    loop {
        let p = f.poll().unwrap();
        polls += 1;
        got.extend(p.entries);
        warnings.extend(p.warnings);
        if !p.more {
            break;
        }
    }
    assert!(polls >= 4, "{polls} polls");
    assert!(matches!(got[0].payload, Payload::Declared { .. }));
    let texts: Vec<&str> =
        got[1..].iter().map(|e| if let Payload::Note { text } = &e.payload { text.as_str() } else { "?" }).collect();
    assert_eq!(texts.len(), want.len());
    assert!(texts.iter().zip(&want).all(|(a, b)| a == b), "every line, in order");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("journal line 20002 is damaged"), "{warnings:?}");

    let line = serde_json::to_string(&note("last")).unwrap();
    let mut file = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
    file.write_all(&line.as_bytes()[..20]).unwrap();
    let p = f.poll().unwrap();
    assert!(p.entries.is_empty() && p.warnings.is_empty(), "{p:?}");
    file.write_all(format!("{}\n", &line[20..]).as_bytes()).unwrap();
    let p = f.poll().unwrap();
    assert_eq!(p.entries.len(), 1);
    assert!(matches!(&p.entries[0].payload, Payload::Note { text } if text == "last"));
}

#[test]
fn a_journal_that_shrinks_is_reloaded_not_misread() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, id) = declared_in(tmp.path(), "alice");
    let path = dir.journal_path(&id);
    append(&path, &note("a")).unwrap();
    let mut f = Follower::new(&path);
    assert_eq!(f.poll().unwrap().entries.len(), 2);
    let first = std::fs::read_to_string(&path).unwrap().lines().next().unwrap().to_string();
    std::fs::write(&path, format!("{first}\n")).unwrap();
    let p = f.poll().unwrap();
    assert!(p.reset);
    assert_eq!(p.entries.len(), 1);
    assert!(p.warnings[0].contains("shrank"));
}

/// A journal replaced by another file, even a longer one (restored from a
/// backup, copied from another host), is reloaded from its start with a
/// warning, never read on from the old file's offset.
#[test]
fn a_journal_replaced_by_another_file_is_reloaded() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, id) = declared_in(tmp.path(), "alice");
    let path = dir.journal_path(&id);
    let mut f = Follower::new(&path);
    assert_eq!(f.poll().unwrap().entries.len(), 1);
    // Another journal, longer than the first, moved into its place.
    let other = tmp.path().join("other.jsonl");
    let first = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&other, &first).unwrap();
    for t in ["x", "y", "z"] {
        append(&other, &note(t)).unwrap();
    }
    std::fs::rename(&other, &path).unwrap();
    let p = f.poll().unwrap();
    assert!(p.reset, "{p:?}");
    assert!(p.warnings[0].contains("was replaced by another file"), "{:?}", p.warnings);
    assert_eq!(p.entries.len(), 4, "the whole new file, declaration included");
    assert!(f.poll().unwrap().entries.is_empty());
}

/// Two `warroom log -` processes write 1,000 entries each at the same time.
#[test]
fn two_processes_appending_at_once_lose_and_duplicate_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, id) = declared_in(tmp.path(), "ops");
    let spawn = |who: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_warroom"))
            .args(["--incident-dir", tmp.path().to_str().unwrap(), "--as", who, "log", "-", "--incident"])
            .arg(id.to_string())
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let who = who.to_string();
        let feeder = std::thread::spawn(move || {
            for n in 0..1000 {
                writeln!(stdin, "{who} {n}").unwrap();
            }
        });
        (child, feeder)
    };
    let (mut a, fa) = spawn("alice");
    let (mut b, fb) = spawn("bob");
    fa.join().unwrap();
    fb.join().unwrap();
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());

    let loaded = dir.load(&id).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.entries.len(), 2001);
    let ids: std::collections::HashSet<_> = loaded.entries.iter().map(|e| e.id.clone()).collect();
    assert_eq!(ids.len(), 2001, "entry ids are unique");
    for who in ["alice", "bob"] {
        let texts: Vec<String> = loaded
            .entries
            .iter()
            .filter(|e| e.author == who)
            .map(|e| match &e.payload {
                Payload::Note { text } => text.clone(),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        let expected: Vec<String> = (0..1000).map(|n| format!("{who} {n}")).collect();
        assert_eq!(texts, expected, "{who}'s entries are all there, once, in order");
    }
}

#[test]
fn the_cli_declares_logs_and_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_warroom"))
            .args(["--incident-dir", tmp.path().to_str().unwrap(), "--as", "ci"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, _, err) = run(&["log", "nothing open"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no open incident"), "{err}");
    let (code, out, _) = run(&["declare", "Checkout API 500s", "--severity", "critical", "--kind", "outage"]);
    assert_eq!(code, Some(0));
    let id = out.trim().to_string();
    assert!(id.starts_with("INC-"), "{out}");
    assert_eq!(run(&["log", "rolled back v1.2.3", "--kind", "action"]).0, Some(0));
    assert_eq!(run(&["log", "deploy v1.2.4", "--kind", "event", "--source", "ci"]).0, Some(0));
    let (code, out, _) = run(&["list"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains(&id) && out.contains("SEV1") && out.contains("investigating") && out.contains("Checkout API 500s"),
        "{out}"
    );
    let (code, _, err) = run(&["declare", "x", "--severity", "urgent"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("critical, high, medium, low"), "{err}");

    let dir = IncidentDir::open(tmp.path()).unwrap();
    let inc = dir.load(&id.parse().unwrap()).unwrap().incident;
    assert_eq!(inc.actions[0].text, "rolled back v1.2.3");
    assert!(inc.timeline.iter().any(|t| t.text == "[ci] deploy v1.2.4"));
}

/// `warroom list | head -1`: the reader goes away; warroom ends quietly
/// instead of panicking on the closed pipe.
#[test]
fn printing_into_a_closed_pipe_ends_quietly() {
    use std::io::BufRead;
    let tmp = tempfile::tempdir().unwrap();
    for i in 1..=400 {
        std::fs::copy("tests/fixtures/resolved.jsonl", tmp.path().join(format!("INC-20261124-{i:03}.jsonl"))).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--incident-dir", tmp.path().to_str().unwrap(), "list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with("ID"));
    // The reader is dropped here: the pipe closes.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    use std::os::unix::process::ExitStatusExt;
    assert!(out.status.success() || out.status.signal() == Some(libc::SIGPIPE), "{:?}", out.status);
}

/// A rescue file (entries a dashboard could not write when it left) is
/// imported by `warroom log --import`, each entry once however often.
#[test]
fn log_import_adds_rescued_entries_exactly_once() {
    use warroom::incident::{Entry, IncidentKind, Payload};
    use warroom::journal::{IncidentDir, rescue};
    let tmp = tempfile::tempdir().unwrap();
    let dir = IncidentDir::open(tmp.path().join("incidents")).unwrap();
    let at = chrono::Utc::now();
    let declared =
        Payload::Declared { title: "Disk full".into(), kind: IncidentKind::Outage, service: None, severity: None };
    let (id, _) = dir.declare(at, "alice", declared).unwrap();
    let lost = Entry::new(at, "alice", Payload::Note { text: "typed while the disk was full".into() });
    let file = rescue::write(&dir, &[(id.clone(), lost)]).unwrap();
    let root = dir.root().to_string_lossy().into_owned();
    let run = |f: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_warroom"))
            .args(["--incident-dir", &root, "log", "--import", f.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let out = run(&file);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 added, 0 already there"));
    let out = run(&file);
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 added, 1 already there"));
    let notes = dir.load(&id).unwrap().entries.iter().filter(|e| matches!(e.payload, Payload::Note { .. })).count();
    assert_eq!(notes, 1);
}

/// `warroom log -` keeps every line of input that is not UTF-8 (bad bytes
/// replaced), naming the line, instead of stopping at the first bad byte.
#[test]
fn log_from_stdin_keeps_lines_that_are_not_utf8() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, id) = declared_in(tmp.path(), "ops");
    let mut child = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--incident-dir", tmp.path().to_str().unwrap(), "--as", "ci", "log", "-", "--kind", "event"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"deploy v1\nbad \xff\xfe bytes\r\ndeploy v2\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("line 2 is not valid UTF-8") && stderr.contains("logged 3 entries"), "{stderr}");
    let texts: Vec<String> = dir
        .load(&id)
        .unwrap()
        .entries
        .iter()
        .filter_map(|e| match &e.payload {
            Payload::Event { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["deploy v1", "bad \u{FFFD}\u{FFFD} bytes", "deploy v2"]);
}

/// Journal text is printed safely: an escape sequence or a newline in a
/// title (written by anyone with access to the directory) reaches `list`
/// and `status` as visible text, never as terminal commands.
#[test]
fn list_and_status_neutralise_control_characters() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = IncidentDir::open(tmp.path()).unwrap();
    let hostile = Payload::Declared {
        title: "Checkout\u{1b}]0;pwned\u{7} 500s\nSEV4 all fine".into(),
        kind: warroom::incident::IncidentKind::Outage,
        service: None,
        severity: None,
    };
    dir.declare(Utc::now(), "ops", hostile).unwrap();
    for cmd in ["list", "status"] {
        let out = Command::new(env!("CARGO_BIN_EXE_warroom"))
            .args(["--incident-dir", tmp.path().to_str().unwrap(), cmd])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{cmd}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{cmd}: {text:?}");
        assert!(!text.lines().any(|l| l.starts_with("SEV4")), "a title is one line: {text}");
        assert!(text.contains("Checkout 500s\u{FFFD}SEV4 all fine"), "{cmd}: {text:?}");
    }
}

/// A write that fails part-way (here a file size limit, as a full disk
/// would) leaves no half line: the journal is cut back to where it was.
#[test]
fn a_failed_write_leaves_no_partial_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, id) = declared_in(tmp.path(), "ops");
    let path = dir.journal_path(&id);
    let before = std::fs::read(&path).unwrap();
    let limit = before.len() as u64 + 100;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_warroom"));
    cmd.args(["--incident-dir", tmp.path().to_str().unwrap(), "--as", "ci", "log", &"x".repeat(4000)]);
    file_size_limit(&mut cmd, limit);
    let out = cmd.output().unwrap();
    assert!(!out.status.success(), "the write must fail: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&path).unwrap(), before, "the journal is as it was, no half line");
    let l = dir.load(&id).unwrap();
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

/// A declaration that cannot be written whole leaves no journal behind
/// (an empty one would be an incident that does not load).
#[test]
fn a_failed_declaration_leaves_no_empty_journal() {
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_warroom"));
    cmd.args(["--incident-dir", tmp.path().to_str().unwrap(), "--as", "ci", "declare", &"Checkout ".repeat(50)]);
    file_size_limit(&mut cmd, 64);
    let out = cmd.output().unwrap();
    assert!(!out.status.success());
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "nothing left behind: {left:?}");
    let list = warroom_cli(tmp.path(), &["list"]);
    assert!(list.is_empty(), "{list}");
}

fn warroom_cli(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--incident-dir", dir.to_str().unwrap()])
        .args(args)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Files on disk: a journal replaced by a symlink is not written through,
/// and a directory anyone may write to is refused with the fix named.
#[test]
fn symlinks_are_not_followed_and_open_directories_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = IncidentDir::open(tmp.path().join("incidents")).unwrap();
    let (id, _) = dir.declare(Utc::now(), "ops", declared()).unwrap();
    let path = dir.journal_path(&id);
    let victim = tmp.path().join("victim.txt");
    std::fs::write(&victim, "untouched\n").unwrap();
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink(&victim, &path).unwrap();
    assert!(warroom::journal::append(&path, &note("through the link")).is_err());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched\n");

    let open = tmp.path().join("open");
    std::fs::create_dir(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
    let err = IncidentDir::open(&open).unwrap_err().to_string();
    assert!(err.contains("anyone may write to it (mode 777)") && err.contains("chmod o-w"), "{err}");
}

/// Makes writes past `bytes` fail in the child (EFBIG), as a full disk
/// would: a file size limit, with SIGXFSZ ignored.
fn file_size_limit(cmd: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit { rlim_cur: bytes, rlim_max: bytes };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// True when this process may chown files to other users (root); outside
/// CI a non-root run says the test did not run, and under CI=true it fails.
fn can_chown(test: &str) -> bool {
    if unsafe { libc::geteuid() } == 0 {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(!ci, "{test} needs root to give files to other users, and CI=true: CI runs as root");
    eprintln!("NOT RUN: {test} needs root (to chown files to another user); CI runs it");
    false
}

/// A journal that someone else owns (they can rewrite its history) is
/// named with its owner and the fix, in `list` and in the follower.
#[test]
fn a_journal_owned_by_someone_unexpected_is_named_with_its_fix() {
    if !can_chown("a_journal_owned_by_someone_unexpected_is_named_with_its_fix") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (dir, id) = declared_in(tmp.path(), "ops");
    let path = dir.journal_path(&id);
    let quiet = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--incident-dir", tmp.path().to_str().unwrap(), "list"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "", "the owner's own journal is not worth a warning");

    std::os::unix::fs::chown(&path, Some(54321), None).unwrap();
    for cmd in ["list", "status", "report"] {
        let out = Command::new(env!("CARGO_BIN_EXE_warroom"))
            .args(["--incident-dir", tmp.path().to_str().unwrap(), cmd])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{cmd}: {err}");
        assert!(err.contains("belongs to 54321 (uid 54321)"), "{cmd}: {err}");
        assert!(err.contains("they can rewrite this incident's record"), "{cmd}: {err}");
        assert!(err.contains(&format!("chown root {}", path.display())), "{cmd}: {err}");
    }

    // The dashboard's follower says it once, on its first read.
    let mut f = Follower::new(&path);
    assert!(f.poll().unwrap().warnings.iter().any(|w| w.contains("uid 54321")));
    append(&path, &note("later")).unwrap();
    assert!(f.poll().unwrap().warnings.is_empty(), "said once, not on every poll");

    // A directory someone else owns, seen by another user: they can rewrite
    // every incident in it, unless it is shared through its group.
    use std::os::unix::fs::PermissionsExt;
    use warroom::journal::owner::dir_warnings;
    std::os::unix::fs::chown(tmp.path(), Some(54321), Some(54321)).unwrap();
    let meta = std::fs::metadata(tmp.path()).unwrap();
    let w = dir_warnings(tmp.path(), &meta, 3_999_999);
    assert!(w.len() == 1 && w[0].contains("belongs to 54321 (uid 54321), not to you (3999999)"), "{w:?}");
    assert!(w[0].contains("chmod 2770"), "{w:?}");
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o2770)).unwrap();
    let meta = std::fs::metadata(tmp.path()).unwrap();
    assert!(dir_warnings(tmp.path(), &meta, 3_999_999).is_empty(), "a group-shared directory is expected");
}
