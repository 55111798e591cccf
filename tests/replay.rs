//! Replay: a recorded demo incident (`tests/fixtures/replay/`: the journal
//! and the signal snapshots its dashboard wrote while `warroom demo` ran)
//! shown as it stood at fixed moments gives the expected screens; the
//! real binary scrubs it with keys and writes nothing.

mod common;

use std::path::Path;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use warroom::app::replay::Replay;
use warroom::app::{Msg, State, update};
use warroom::journal::IncidentDir;

const ID: &str = "INC-20261201-001";

fn replay_at(at: &str) -> State {
    let dir = IncidentDir::open("tests/fixtures/replay").unwrap();
    let id = ID.parse().unwrap();
    let entries = dir.load(&id).unwrap().entries;
    let (snapshots, skipped) = dir.snapshots(&id).unwrap();
    assert_eq!(skipped, 0);
    let at: DateTime<Utc> = format!("2026-12-01T{at}Z").parse().unwrap();
    let mut r = Replay::new(id, entries, snapshots, at);
    let mut s = State::new("viewer", at, false);
    r.show(&mut s);
    s.replay = Some(Box::new(r));
    s.size = (100, 30);
    s
}

fn render(state: &State) -> String {
    let (w, h) = state.size;
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| warroom::ui::draw(f, state)).unwrap();
    let buf = term.backend().buffer().clone();
    (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>().trim_end().to_string() + "\n").collect()
}

fn key(s: &mut State, code: KeyCode) {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

#[test]
fn before_the_first_snapshot_the_incident_shows_and_the_signals_say_they_were_not_recorded() {
    let mut s = replay_at("01:33:20");
    // Wide: in full words.
    s.size = (120, 30);
    let screen = render(&s);
    let head = screen.lines().next().unwrap();
    assert!(head.starts_with(" REPLAY 01:33:20  no signals recorded by then "), "{head}");
    assert!(s.incident.as_ref().is_some_and(|i| i.hypotheses.is_empty() && i.roles.commander.is_none()));
    assert!(s.signals.health.is_empty(), "no signal is made up");
    insta::assert_snapshot!(screen);
}

#[test]
fn mid_incident_the_check_is_down_and_the_5xx_critical_as_recorded() {
    let mut s = replay_at("01:34:15");
    let head = render(&s).lines().next().unwrap().to_string();
    assert!(head.starts_with(" REPLAY 01:34:15  signals 01:34:00 "), "{head}");
    let inc = s.incident.as_ref().unwrap();
    assert_eq!(inc.roles.commander.as_deref(), Some("alice"));
    assert_eq!(inc.hypotheses[0].text, "pool exhausted by the export job");
    assert_eq!(inc.actions.len(), 1, "the fix was taken at 01:34:11");
    let check = s.signals.health.iter().find(|h| h.key.name == "checkout-api").unwrap();
    assert_eq!(check.label(), "DOWN");
    let m = s.signals.metrics.iter().find(|m| m.key.name == "checkout-api / 5xx").unwrap();
    assert_eq!(m.band, warroom::signals::metrics::Band::Critical);
    insta::assert_snapshot!(render(&s));
    key(&mut s, KeyCode::Char('2'));
    let signals = render(&s);
    assert!(signals.contains("checkout-api") && signals.contains("DOWN"), "{signals}");
    insta::assert_snapshot!(signals);
}

#[test]
fn at_the_end_the_service_has_recovered() {
    let s = replay_at("01:35:31");
    assert!(render(&s).lines().next().unwrap().starts_with(" REPLAY 01:35:30  signals 01:35:30 "));
    assert!(s.signals.health.iter().all(|h| h.label() == "UP"));
    assert!(s.incident.as_ref().unwrap().timeline.iter().any(|t| t.text.starts_with("checkout-api UP again")));
    insta::assert_snapshot!(render(&s));
}

#[test]
fn keys_scrub_by_minute_and_entry_and_nothing_is_written() {
    let mut s = replay_at("01:34:20");
    let at = |s: &State| s.replay.as_ref().unwrap().at.format("%H:%M:%S").to_string();
    key(&mut s, KeyCode::Left);
    assert_eq!(at(&s), "01:33:20");
    assert!(s.incident.as_ref().unwrap().roles.commander.is_none(), "the fold follows the moment");
    key(&mut s, KeyCode::Char('.'));
    assert_eq!(at(&s), "01:34:08", "the next entry");
    key(&mut s, KeyCode::Char('0'));
    assert_eq!(at(&s), "01:33:05", "clamped to the declaration");
    key(&mut s, KeyCode::Left);
    assert_eq!(at(&s), "01:33:05");
    key(&mut s, KeyCode::Char('$'));
    assert_eq!(at(&s), "01:35:30", "the last snapshot ends the record");
    // The clock does not move a replay.
    update(&mut s, Msg::Tick(Utc::now()));
    assert_eq!(at(&s), "01:35:30");
    // A note typed in a replay is refused, not written.
    let mut fx = vec![];
    for c in "nhello\r".chars() {
        let code = if c == '\r' { KeyCode::Enter } else { KeyCode::Char(c) };
        fx.extend(update(&mut s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))));
    }
    assert!(
        fx.iter().all(|f| !matches!(f, warroom::app::Effect::Append { .. } | warroom::app::Effect::Snapshot { .. }))
    );
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("read-only")));
}

#[test]
fn the_binary_replays_from_the_files_alone_and_leaves_them_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("incidents");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["INC-20261201-001.jsonl", "INC-20261201-001.signals.jsonl"] {
        std::fs::copy(Path::new("tests/fixtures/replay").join(f), dir.join(f)).unwrap();
    }
    let before: Vec<Vec<u8>> =
        ["jsonl", "signals.jsonl"].iter().map(|e| std::fs::read(dir.join(format!("{ID}.{e}"))).unwrap()).collect();
    let mut t = common::Pty::spawn(
        &["--incident-dir", dir.to_str().unwrap(), "replay", ID, "--at", "01:34:15"],
        &[("WARROOM_LOG_FILE", tmp.path().join("log").to_str().unwrap())],
        80,
        24,
    );
    t.wait_for(&["REPLAY 01:34:15", "signals 01:34:00", "Checkout API 500s"]);
    t.send("\x1b[C"); // →
    t.wait_for(&["REPLAY 01:35:15", "signals 01:35:00"]);
    t.send("<");
    t.wait_for(&["REPLAY 01:33:05", "no signals yet"]);
    t.quit();
    let after: Vec<Vec<u8>> =
        ["jsonl", "signals.jsonl"].iter().map(|e| std::fs::read(dir.join(format!("{ID}.{e}"))).unwrap()).collect();
    assert_eq!(before, after, "a replay writes nothing");
}

#[test]
fn p_replays_over_the_live_dashboard_which_goes_on_underneath() {
    use warroom::app::Effect;
    use warroom::incident::{Entry, IncidentId, Payload};
    let dir = IncidentDir::open("tests/fixtures/replay").unwrap();
    let id: IncidentId = ID.parse().unwrap();
    let entries = dir.load(&id).unwrap().entries;
    let live: DateTime<Utc> = "2026-12-01T01:45:00Z".parse().unwrap();
    let mut s = State::new("alice", live, false);
    s.size = (100, 30);
    update(
        &mut s,
        Msg::Journal { id: id.clone(), entries: entries.clone(), warnings: vec![], reset: true, more: false },
    );
    let fx = update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('P'), KeyModifiers::NONE)));
    let at = fx
        .iter()
        .find_map(|f| if let Effect::OpenReplay { at, .. } = f { Some(*at) } else { None })
        .expect("P asks to open a replay");
    assert_eq!(at, live - chrono::Duration::minutes(10));
    let (snapshots, _) = dir.snapshots(&id).unwrap();
    let at: DateTime<Utc> = "2026-12-01T01:34:15Z".parse().unwrap();
    update(&mut s, Msg::ReplayLoaded(Ok(Box::new(Replay::new(id.clone(), entries, snapshots, at)))));

    // Drawn: the moment replayed.
    warroom::app::replay::swap_view(&mut s);
    let screen = render(&s);
    warroom::app::replay::swap_view(&mut s);
    assert!(screen.lines().next().unwrap().starts_with(" REPLAY 01:34:15  signals 01:34:00 "), "{screen}");
    assert!(screen.contains("→ no result yet"), "the fix had no result then: {screen}");

    // Underneath, the live incident goes on: new entries, the clock.
    let mut note = Entry::new(live, "bob", Payload::Note { text: "live note".into() });
    note.id = "live-1".into();
    update(&mut s, Msg::Journal { id, entries: vec![note], warnings: vec![], reset: false, more: false });
    update(&mut s, Msg::Tick(live + chrono::Duration::seconds(5)));
    assert!(s.incident.as_ref().unwrap().timeline.iter().any(|t| t.text == "live note"));
    assert_eq!(s.now, live + chrono::Duration::seconds(5));
    assert_eq!(s.replay.as_ref().unwrap().at, at, "the replay stays where it was");
    key(&mut s, KeyCode::Right);
    assert_eq!(s.replay.as_ref().unwrap().at, at + chrono::Duration::minutes(1));

    // Esc: back to live.
    key(&mut s, KeyCode::Esc);
    assert!(s.replay.is_none());
    let screen = render(&s);
    assert!(!screen.contains("REPLAY"), "{screen}");
}
