//! End to end: the real binary in a pseudo-terminal, the screen read back.

mod common;

use common::{Pty, warroom};
use warroom::incident::{HypothesisStatus, IncidentId, Payload, Phase};
use warroom::journal::IncidentDir;

struct Env {
    tmp: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        Self { tmp: tempfile::tempdir().unwrap() }
    }
    fn dir(&self) -> String {
        self.tmp.path().join("incidents").to_string_lossy().into_owned()
    }
    fn log(&self) -> String {
        self.tmp.path().join("warroom.log").to_string_lossy().into_owned()
    }
    fn dashboard(&self, name: &str, cols: u16, rows: u16) -> Pty {
        Pty::spawn(
            &["--as", name],
            &[("WARROOM_INCIDENT_DIR", &self.dir()), ("WARROOM_LOG_FILE", &self.log())],
            cols,
            rows,
        )
    }
    fn cli(&self, args: &[&str]) -> String {
        let mut all = vec!["--incident-dir", &*Box::leak(self.dir().into_boxed_str()), "--as", "ci"];
        all.extend_from_slice(args);
        warroom(&all)
    }
    fn declare(&self, title: &str) -> IncidentId {
        self.cli(&["declare", title, "--severity", "critical"]).trim().parse().unwrap()
    }
    /// Writes a config naming this environment's incident directory, then
    /// `rest` (sources, updates, actions); returns its path.
    fn config(&self, rest: &str) -> String {
        let path = self.tmp.path().join("warroom.yaml");
        std::fs::write(&path, format!("incident_dir: {}\n{rest}", self.dir())).unwrap();
        path.to_string_lossy().into_owned()
    }
    fn journal(&self, id: &IncidentId) -> warroom::journal::Loaded {
        IncidentDir::open(self.dir()).unwrap().load(id).unwrap()
    }
}

#[test]
fn declare_hypothesise_confirm_advance_and_quit() {
    let env = Env::new();
    let mut t = env.dashboard("alice", 80, 24);
    t.wait_for(&["No open incident", "d declare"]);
    t.send("d");
    t.wait_for(&["Declare incident: title"]);
    t.send("Checkout API 500s\r");
    t.wait_for(&["Severity", "SEV1 critical"]);
    t.send("1");
    t.wait_for(&["Kind of incident"]);
    t.send("1");
    t.wait_for(&["SEV1 CRITICAL", "Checkout API 500s", "[TRIAGE]"]);

    t.send("h");
    t.wait_for(&["Hypothesis"]);
    t.send("DB pool exhausted\r");
    t.wait_for(&["Likelihood"]);
    t.send("h");
    t.wait_for(&["H1 OPEN · high: DB pool"]);
    t.send("\t"); // Timeline → Hypotheses
    t.wait_for(&["▶ Hypotheses", "t testing"]);
    t.send("c");
    t.wait_for(&["H1 CONFIRMED · high: DB pool"]);

    t.send("]");
    t.wait_for(&["Move to Evidence with open items: impact", "commander assigned?"]);
    t.send("y");
    t.wait_for(&["Triage ✓", "[EVIDENCE]"]);

    t.quit();

    let dir = IncidentDir::open(env.dir()).unwrap();
    let id = dir.ids().unwrap().pop().expect("an incident was created");
    let j = env.journal(&id);
    let kinds: Vec<&str> = j.entries.iter().map(|e| e.payload.kind()).collect();
    assert_eq!(kinds, ["declared", "hypothesis", "hypothesis_status", "phase"]);
    assert!(j.entries.iter().all(|e| e.author == "alice"));
    assert!(matches!(
        &j.entries[2].payload,
        Payload::HypothesisStatus { status: HypothesisStatus::Confirmed, hypothesis } if *hypothesis == j.entries[1].id
    ));
    assert_eq!(
        j.entries[3].payload,
        Payload::Phase {
            from: Phase::Triage,
            to: Phase::Evidence,
            open_items: vec!["impact assessed".into(), "commander assigned".into()]
        }
    );
    assert!(j.warnings.is_empty());
}

#[test]
fn kill_9_loses_nothing_that_was_shown() {
    let env = Env::new();
    let id = env.declare("Payments timing out");
    let mut t = env.dashboard("alice", 100, 30);
    t.wait_for(&["Payments timing out"]);
    for n in 1..=3 {
        t.send("n");
        t.wait_for(&["Note"]);
        t.send(&format!("note number {n}\r"));
        t.wait_for(&[&format!("alice: note number {n}")]);
    }
    t.send(":sev high\r");
    t.wait_for(&["SEV2 HIGH"]);
    t.signal(libc::SIGKILL);
    t.wait_exit();

    let j = env.journal(&id);
    assert_eq!(j.entries.len(), 5, "declared, three notes and a severity");
    assert!(j.warnings.is_empty());

    let t = env.dashboard("alice", 100, 30);
    t.wait_for(&["SEV2 HIGH", "alice: note number 1", "alice: note number 2", "alice: note number 3"]);
}

#[test]
fn operators_and_pipelines_see_each_others_entries() {
    let env = Env::new();
    let id = env.declare("Checkout API 500s");
    let mut alice = env.dashboard("alice", 100, 30);
    let bob = env.dashboard("bob", 100, 30);
    alice.wait_for(&["Checkout API 500s"]);
    bob.wait_for(&["Checkout API 500s"]);

    alice.send(":note from alice\r");
    bob.wait_for(&["alice: from alice"]);
    env.cli(&["log", "deploy v1.2.4 rolled back", "--kind", "event", "--source", "ci"]);
    alice.wait_for(&["[ci] deploy v1.2.4 rolled back"]);
    bob.wait_for(&["[ci] deploy v1.2.4 rolled back", "ci added: [ci] deploy v1.2.4 rolled back"]);
    // Presence is refreshed every few seconds.
    alice.wait_for(&["Here     alice, bob"]);
    assert_eq!(env.journal(&id).entries.len(), 3);
}

#[test]
fn a_dashboard_with_no_incident_picks_up_one_declared_elsewhere() {
    let env = Env::new();
    let t = env.dashboard("alice", 80, 24);
    t.wait_for(&["No open incident"]);
    env.declare("Login failures in EU");
    t.wait_for(&["Login failures in EU", "SEV1 CRITICAL"]);
}

/// A journal that cannot be written (here: its path turned into a
/// directory under the running dashboard): the typed note is kept, quitting
/// says so, the note goes to a rescue file, and the next start adds it to
/// the journal once the journal is back.
#[test]
fn entries_that_cannot_be_written_are_rescued_on_quit() {
    let env = Env::new();
    let id = env.declare("Disk full on db-3");
    let mut t = env.dashboard("alice", 100, 30);
    t.wait_for(&["Disk full on db-3"]);
    let path = std::path::Path::new(&env.dir()).join(format!("{id}.jsonl"));
    let aside = path.with_extension("aside");
    std::fs::rename(&path, &aside).unwrap();
    std::fs::create_dir(&path).unwrap();
    t.send("n");
    t.wait_for(&["Note"]);
    t.send("replica lag 40s, do not fail over\r");
    t.wait_for(&["NOT SAVED"]);
    t.send("q");
    t.wait_for(&["1 entry is NOT SAVED"]);
    t.send("y");
    assert_eq!(t.wait_exit(), 0);
    let screen = t.screen();
    assert!(screen.contains("1 unsaved entries written to"), "{screen}");
    // The journal comes back; the next dashboard adds the note, once.
    std::fs::remove_dir(&path).unwrap();
    std::fs::rename(&aside, &path).unwrap();
    let t = env.dashboard("alice", 100, 30);
    t.wait_for(&["alice: replica lag 40s, do not fail", "rescued entries imported: 1 added"]);
    drop(t);
    let j = env.journal(&id);
    let notes: Vec<_> = j.entries.iter().filter(|e| matches!(e.payload, Payload::Note { .. })).collect();
    assert_eq!(notes.len(), 1);
    assert!(std::fs::read_dir(std::path::Path::new(&env.dir()).join(".rescue")).unwrap().next().is_none());
}

#[test]
fn sighup_and_sigterm_restore_the_terminal_and_exit() {
    let env = Env::new();
    env.declare("Queue not draining");
    for (sig, code) in [(libc::SIGHUP, 129), (libc::SIGTERM, 143), (libc::SIGINT, 130), (libc::SIGQUIT, 131)] {
        let mut t = env.dashboard("alice", 80, 24);
        t.wait_for(&["Queue not draining"]);
        assert!(t.alternate_screen());
        t.signal(sig);
        assert_eq!(t.wait_exit(), code);
        assert!(!t.alternate_screen(), "the terminal was given back after signal {sig}");
    }
}

#[test]
fn a_dropped_terminal_ends_the_process_instead_of_spinning() {
    let env = Env::new();
    env.declare("Queue not draining");
    let mut t = env.dashboard("alice", 80, 24);
    t.wait_for(&["Queue not draining"]);
    t.hang_up();
    assert_eq!(t.wait_exit(), 129, "leaves as on SIGHUP, not a clean quit and not never");
}

#[test]
fn help_is_drawn_from_the_bindings() {
    let env = Env::new();
    env.declare("Checkout API 500s");
    let mut t = env.dashboard("alice", 80, 24);
    t.wait_for(&["Checkout API 500s"]);
    t.send("?");
    t.wait_for(&["Help", "show every key", "recent messages and warnings"]);
    t.send("q");
    t.wait_for(&["[TRIAGE]"]);
}

/// Hanging, failing and lying sources and a log storm: every pane says
/// what is wrong, and the dashboard keeps answering keys.
#[test]
fn hostile_sources_degrade_their_panes_not_the_app() {
    let env = Env::new();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let addr = rt.block_on(common::servers::serve(common::servers::faults()));
    let log = env.tmp.path().join("app.log");
    std::fs::write(&log, b"").unwrap();
    let cfg = env.config(&format!(
        r#"sources:
  health:
    - {{ name: hangs, url: "http://{addr}/hang/h", timeout: 1s, interval: 1s, consecutive: 1 }}
    - {{ name: fine, url: "http://{addr}/ok/h", interval: 1s }}
  prometheus:
    - {{ name: overloaded, url: "http://{addr}/503", query: up, interval: 1s }}
  alertmanager:
    - {{ name: liar, url: "http://{addr}/badjson", interval: 1s }}
  logs:
    - {{ name: app, file: "{log}" }}
"#,
        log = log.display()
    ));
    env.declare("Checkout API 500s");
    let mut t = Pty::spawn(&["--config", &cfg, "--as", "alice"], &[("WARROOM_LOG_FILE", &env.log())], 100, 30);
    t.wait_for(&["Checkout API 500s"]);
    t.send("2");
    t.wait_for(&["DOWN", "hangs", "timed out after 1.0s", "UP", "fine"]);
    // A failing source takes one line; zooming its pane shows all it said.
    t.wait_for(&["ERR  overloaded 503 Service Unavailable"]);
    t.focus("Metrics");
    t.send("z");
    t.wait_for(&["unavailable: overloaded"]);
    t.send("\x1b");
    t.wait_for(&["! liar: not an Alertmanager v2 alert list"]);

    // A log storm with escape sequences in it.
    let mut storm = Vec::new();
    for i in 0..200_000 {
        storm.extend_from_slice(
            format!("2026-11-23 10:00:00 ERROR \x1b[31mpool\x1b[0m exhausted conn={i}\n").as_bytes(),
        );
    }
    storm.extend_from_slice(b"2026-11-23 10:00:01 ERROR the very last line\n");
    std::fs::write(&log, &storm).unwrap();
    t.wait_for(&["the very last line"]);
    let screen = t.wait_for(&["ERROR pool exhausted conn=<*>"]);
    assert!(!screen.contains('\u{1b}'), "no escape sequence reaches the screen");

    // Still answering keys, promptly.
    let start = std::time::Instant::now();
    t.send("?");
    t.wait_for(&["show every key"]);
    assert!(start.elapsed() < std::time::Duration::from_secs(3), "help took {:?}", start.elapsed());
    t.send("q");
    t.send("1");
    t.wait_for(&["[TRIAGE]", "hangs DOWN"]);
    t.quit();

    // The transition went to the journal once.
    let id = IncidentDir::open(env.dir()).unwrap().ids().unwrap().pop().unwrap();
    let j = env.journal(&id);
    let downs = j.incident.timeline.iter().filter(|t| t.text.starts_with("hangs DOWN")).count();
    assert_eq!(downs, 1);
}

/// An update posted to a webhook that hangs, and a runbook action: the
/// screen keeps answering, the output streams in, all of it is recorded.
#[test]
fn updates_and_runbooks_never_block_the_screen() {
    let env = Env::new();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let addr = rt.block_on(common::servers::serve(axum::Router::new().route(
        "/hook",
        axum::routing::post(|| async {
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
            "late"
        }),
    )));
    let cfg = env.config(&format!(
        r#"updates:
  critical: 15m
  webhooks:
    - {{ name: chat, url: "http://{addr}/hook", timeout: 5s, attempts: 3 }}
actions:
  enabled: true
  runbook:
    - name: rollback
      description: roll checkout back to the last good release
      command: [sh, -c, "echo step one; sleep 1; echo step two"]
      timeout: 30s
"#
    ));
    let id = env.declare("Checkout API 500s");
    let mut t = Pty::spawn(&["--config", &cfg, "--as", "alice"], &[("WARROOM_LOG_FILE", &env.log())], 100, 30);
    t.wait_for(&["Checkout API 500s", "update in 1"]);
    t.send("u");
    t.wait_for(&["Stakeholder update (Enter sends)"]);
    t.send("\r");
    t.wait_for(&["alice: Stakeholder update:", "update in 14m"]);
    let start = std::time::Instant::now();
    t.send("?");
    t.wait_for(&["show every key"]);
    assert!(start.elapsed() < std::time::Duration::from_secs(3), "the hanging webhook blocks nothing");
    t.send("q");
    t.send("!");
    t.wait_for(&["Runbook action", "rollback"]);
    t.send("1");
    t.wait_for(&["Type rollback to run it"]);
    t.send("rollback\r");
    t.wait_for(&["runbook rollback:", "step one"]);
    t.wait_for(&["step two", "exited 0 after"]);
    let j = env.journal(&id);
    let kinds: Vec<&str> = j.entries.iter().map(|e| e.payload.kind()).collect();
    assert_eq!(kinds, ["declared", "update", "runbook", "runbook"]);
    assert!(j.incident.timeline.iter().any(|t| t.text.starts_with("Runbook rollback: exited 0 after")));
    assert!(j.entries.iter().all(|e| e.payload.kind() == "declared" || e.author == "alice"));
}

/// A metric wobbling around its threshold and a check that is down: the
/// header says since when the service fails, and the wobble is one
/// "flapping" entry, not one per crossing.
#[test]
fn first_failure_time_and_a_flapping_metric() {
    use axum::routing::get;
    let env = Env::new();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let start = std::time::Instant::now();
    // Over 1% for 3 s, under for 3 s, again and again.
    let wobble = axum::Router::new().route(
        "/api/v1/query",
        get(move || async move {
            let v = if (start.elapsed().as_secs() / 3).is_multiple_of(2) { "0.02" } else { "0.005" };
            let now = chrono::Utc::now().timestamp();
            format!(
                r#"{{"status":"success","data":{{"resultType":"vector","result":[{{"metric":{{}},"value":[{now},"{v}"]}}]}}}}"#
            )
        }),
    );
    let addr = rt.block_on(common::servers::serve(wobble));
    let dead = common::servers::refused();
    let cfg = env.config(&format!(
        r#"sources:
  health:
    - {{ name: checkout-api, url: "http://{dead}/health", interval: 1s, timeout: 1s, consecutive: 1 }}
  prometheus:
    - {{ name: 5xx ratio, url: "http://{addr}", query: x, interval: 1s, range: 0s, warn: 1, critical: 5, unit: "%", scale: 100, dwell: 1s }}
"#
    ));
    let id = env.declare("Checkout API 500s");
    let mut t = Pty::spawn(&["--config", &cfg, "--as", "alice"], &[("WARROOM_LOG_FILE", &env.log())], 120, 30);
    // The first failure, with its time, beside the incident's age.
    let screen = t.wait_until("failing since", |s| s.lines().next().is_some_and(|l| l.contains("failing since")));
    let first = env.journal(&id).incident.first_failure_at.expect("the check's failure is on the record");
    let header = screen.lines().next().unwrap().to_string();
    assert!(header.contains(&format!("failing since {}", first.format("%H:%M:%S"))), "{header}");
    // Seconds on the timeline.
    t.wait_for(&[&format!("{} warroom: checkout-api DOWN", first.format("%H:%M:%S"))]);
    // Four crossings 3 s apart, then one flapping entry and quiet.
    std::thread::sleep(std::time::Duration::from_secs(8));
    t.wait_for(&["5xx ratio flapping: crossed"]);
    std::thread::sleep(std::time::Duration::from_secs(8));
    t.quit();
    let j = env.journal(&id);
    let about = |s: &str| j.incident.timeline.iter().filter(|t| t.text.starts_with(s)).count();
    assert_eq!(about("5xx ratio flapping"), 1);
    let crossings = about("5xx ratio WARNING") + about("5xx ratio back to normal");
    assert_eq!(crossings, 3, "three crossings, the fourth is the flapping entry: {:#?}", j.incident.timeline);
}

/// Help scrolls by page, searches with `/`, steps between matches with
/// `n`/`N`; Esc clears the search, then closes.
#[test]
fn help_scrolls_by_page_and_searches() {
    let env = Env::new();
    env.declare("Checkout API 500s");
    let mut t = env.dashboard("alice", 80, 24);
    t.wait_for(&["Checkout API 500s"]);
    t.send("?");
    let first = t.wait_for(&["Everywhere", "/ search"]);
    assert!(!first.contains("Commands (type : first)"), "the commands are below the first page");
    t.send("G");
    t.wait_for(&[":help  :q  :q!"]);
    t.send("g");
    t.wait_for(&["Everywhere"]);
    t.send(" ");
    t.wait_until("a page down", |s| !s.contains("Everywhere"));
    t.send("\x1b[6~"); // PgDn
    t.send("\x1b[5~"); // PgUp
    t.send("g");
    t.wait_for(&["Everywhere"]);

    // Search: the first line holding the words comes into view, marked.
    t.send("/");
    t.wait_for(&["Search help"]);
    t.send("add evidence\r");
    let found = t.wait_for(&["/add evidence: 2 lines", "› e "]);
    assert!(!found.contains("Everywhere"), "scrolled to the match:\n{found}");
    t.send("n");
    t.wait_for(&["› :evidence"]);
    t.send("N");
    t.wait_until("back at the first match, on top", |s| s.lines().nth(1).is_some_and(|l| l.contains("› e ")));
    t.send("/");
    t.send("no such words\r");
    t.wait_for(&["no help line holds \"no such words\""]);
    // Esc clears the search first, then closes help.
    t.send("/");
    t.send("severity\r");
    t.wait_for(&["/severity:"]);
    t.send("\x1b");
    t.wait_until("the search cleared", |s| !s.contains("/severity:") && s.contains("/ search"));
    t.send("\x1b");
    t.wait_until("help closed", |s| !s.contains("/ search"));
    t.quit();
}

/// A two-step dialog never swallows keys: Enter takes the default it
/// shows, Esc goes back a step with the text kept, a stray key is answered.
#[test]
fn two_step_dialogs_show_their_default_and_go_back_keeping_the_text() {
    let env = Env::new();
    let id = env.declare("Checkout API 500s");
    let mut t = env.dashboard("alice", 100, 30);
    t.wait_for(&["Checkout API 500s"]);
    t.send("h");
    t.wait_for(&["Hypothesis"]);
    t.send("connection pool exhausted\r");
    t.wait_for(&["Likelihood", "Enter: medium"]);
    t.send("z");
    t.wait_for(&["`z` is not a choice here", "Enter for medium"]);
    // Back to the text, as typed; fix it; then the default.
    t.send("\x1b");
    t.wait_for(&["connection pool exhausted"]);
    t.send(" on db-1\r");
    t.wait_for(&["Enter: medium"]);
    t.send("\r");
    t.wait_for(&["H1 (medium) connection pool", "saved: H1 (medium) connection pool exhausted on db-1"]);
    let j = env.journal(&id);
    let h = &j.incident.hypotheses[0];
    assert_eq!(
        (h.text.as_str(), h.likelihood),
        ("connection pool exhausted on db-1", warroom::incident::Likelihood::Medium)
    );

    // Declaring: Esc from the kind goes back to the severity, then the title.
    t.send(":declare Auth latency\r");
    t.wait_for(&["Severity", "Enter: SEV2 high"]);
    t.send("3");
    t.wait_for(&["Kind of incident"]);
    t.send("\x1b");
    t.wait_for(&["Enter: SEV3 medium"]);
    t.send("\x1b");
    t.wait_for(&["Declare incident: title", "Auth latency"]);
    t.send("\x1b");
    t.quit();
}

/// An entry is corrected without rewriting the journal: `E` on a
/// hypothesis starts from its text, `:amend last` fixes your last note,
/// `:retract` takes one back with a reason; the report shows them.
#[test]
fn entries_are_amended_and_retracted_by_appending_corrections() {
    let env = Env::new();
    let id = env.declare("Checkout API 500s");
    let mut t = env.dashboard("alice", 120, 36);
    t.wait_for(&["Checkout API 500s"]);
    t.send(":hyp high pool exhausted\r");
    t.wait_for(&["H1 (high) pool exhausted"]);
    t.send(":note db-1 at 100/10\r");
    t.wait_for(&["db-1 at 100/10"]);
    // Focus the hypotheses pane, then E: the prompt holds the text.
    t.focus("Hypotheses");
    t.send("E");
    t.wait_for(&["Correct H1", "pool exhausted"]);
    t.send(" on db-1\r");
    t.wait_for(&["Corrected H1: pool exhausted on db-1"]);
    t.send(":amend last db-1 at 100/100\r");
    t.wait_for(&["Corrected note: db-1 at 100/100"]);
    t.send(":hyp low cache stampede\r");
    t.wait_for(&["H2 (low) cache stampede"]);
    t.send(":retract H2 wrong incident\r");
    t.wait_for(&["Retracted H2: wrong incident"]);
    t.quit();

    let j = env.journal(&id);
    let hyps: Vec<String> = j.incident.hypotheses.iter().map(|h| format!("{} {}", h.label(), h.text)).collect();
    assert_eq!(hyps, vec!["H1 pool exhausted on db-1".to_string()]);
    let kinds: Vec<&str> = j.entries.iter().map(|e| e.payload.kind()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "amend").count(), 2, "{kinds:?}");
    assert!(kinds.contains(&"retract"), "{kinds:?}");
    let report = env.cli(&["report", &id.to_string()]);
    // (Markdown escapes the brackets.)
    for said in
        [r"db-1 at 100/100 \[amended, was: db-1 at 100/10\]", "Retracted H2: wrong incident", "\\[retracted\\] H2"]
    {
        assert!(report.contains(said), "{said} not in the report:\n{report}");
    }
}

/// In the logs pane of the real binary: `e` marks the newest error line
/// and pauses, `E` past the newest follows again, `/` then `n` steps to a
/// filter's match, Enter lists the top patterns and one of them shows only
/// its lines; Esc shows them all again.
#[test]
fn logs_step_through_errors_matches_and_patterns() {
    let env = Env::new();
    let log = env.tmp.path().join("app.log");
    let mut text = String::new();
    for i in 0..30 {
        text.push_str(&format!("2026-11-23 10:00:{i:02} INFO GET /checkout 200 {}ms\n", 20 + i));
        if i % 3 == 0 {
            text.push_str(&format!("2026-11-23 10:00:{i:02} ERROR pool: too many connections (in use {i}/100)\n"));
        }
        if i % 5 == 0 {
            text.push_str(&format!("2026-11-23 10:00:{i:02} WARN slow query took {}ms\n", 900 + i));
        }
    }
    std::fs::write(&log, text).unwrap();
    let cfg = env.config(&format!("sources:\n  logs:\n    - {{ name: app, file: \"{}\" }}\n", log.display()));
    let mut t = Pty::spawn(&["--config", &cfg, "--as", "alice"], &[("WARROOM_LOG_FILE", &env.log())], 100, 30);
    t.wait_for(&["ERROR pool: too many connections (in use <*>)"]);
    t.focus("Logs");
    t.send("e");
    let marked = |s: &str| s.lines().find(|l| l.contains("│›") || l.contains("┃›")).map(str::to_string);
    let screen = t.wait_until("an error line marked", |s| marked(s).is_some_and(|l| l.contains("ERROR pool")));
    assert!(screen.contains("PAUSED"), "{screen}");
    t.send("E");
    t.wait_until("following again", |s| marked(s).is_none() && !s.contains("PAUSED"));
    t.send("/slow\r");
    t.wait_for(&["/slow/"]);
    t.send("n");
    t.wait_until("the next match marked", |s| marked(s).is_some_and(|l| l.contains("slow query took 920ms")));
    t.send("/\r");
    t.send("\r");
    t.wait_for(&["Lines of pattern", "10x ERROR pool"]);
    t.send("1");
    let screen = t.wait_for(&["pattern: ERROR pool"]);
    assert!(!screen.contains("GET /checkout"), "only the pattern's lines:\n{screen}");
    t.send("\x1b");
    t.wait_for(&["GET /checkout"]);
    t.quit();
}
