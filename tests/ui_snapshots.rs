//! Snapshots of the whole screen through ratatui's TestBackend, with the
//! time set through the state so the output is stable.

use std::path::Path;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};
use warroom::app::{Msg, State, update};
use warroom::journal::Follower;

fn now() -> DateTime<Utc> {
    "2026-11-23T10:14:05Z".parse().unwrap()
}

/// A state that has read `tests/fixtures/checkout.jsonl`.
fn state(color: bool) -> State {
    let mut state = State::new("alice", now(), color);
    let entries = Follower::new(Path::new("tests/fixtures/checkout.jsonl")).read_all().unwrap().entries;
    update(
        &mut state,
        Msg::Journal { id: "INC-20261123-001".parse().unwrap(), entries, warnings: vec![], reset: true, more: false },
    );
    state.presence = vec!["alice".into(), "bob".into(), "carol".into()];
    state.flash = None;
    state
}

/// Entries that arrive after the incident was read.
fn append(state: &mut State, entries: Vec<warroom::incident::Entry>) {
    let id = "INC-20261123-001".parse().unwrap();
    update(state, Msg::Journal { id, entries, warnings: vec![], reset: false, more: false });
}

fn key(state: &mut State, c: KeyCode) {
    update(state, Msg::Key(KeyEvent::new(c, KeyModifiers::NONE)));
}

fn render(state: &State, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| warroom::ui::draw(f, state)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[test]
fn main_screen_80x24() {
    insta::assert_snapshot!(render(&state(true), 80, 24));
}

#[test]
fn main_screen_160x48() {
    insta::assert_snapshot!(render(&state(true), 160, 48));
}

#[test]
fn hypotheses_focused_shows_selection_and_pane_keys() {
    let mut s = state(true);
    key(&mut s, KeyCode::Tab);
    insta::assert_snapshot!(render(&s, 80, 24));
}

#[test]
fn zoomed_timeline() {
    let mut s = state(true);
    key(&mut s, KeyCode::Char('z'));
    insta::assert_snapshot!(render(&s, 80, 24));
}

#[test]
fn help_screen() {
    let mut s = state(true);
    key(&mut s, KeyCode::Char('?'));
    insta::assert_snapshot!(render(&s, 80, 24));
}

#[test]
fn help_lists_every_binding_and_command() {
    let theme = warroom::ui::theme::Theme { color: false };
    let text: Vec<String> = warroom::ui::help::lines(&theme, "").iter().map(|l| l.to_string()).collect();
    let text = text.join("\n");
    for b in warroom::keymap::BINDINGS {
        assert!(text.contains(b.desc), "help misses: {}", b.desc);
    }
    for (usage, _) in warroom::app::command::COMMANDS {
        assert!(text.contains(usage), "help misses: {usage}");
    }
}

#[test]
fn advance_question_names_open_items() {
    let mut s = state(true);
    key(&mut s, KeyCode::Char(']'));
    insta::assert_snapshot!(render(&s, 80, 24));
}

#[test]
fn severity_choice_and_note_prompt() {
    let mut s = state(true);
    key(&mut s, KeyCode::Char('s'));
    let choice = render(&s, 80, 24);
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Char('n'));
    for c in "rollback ready on standby".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    insta::assert_snapshot!(format!("{choice}\n{}", render(&s, 80, 24)));
}

#[test]
fn no_incident_screen() {
    let s = State::new("alice", now(), true);
    insta::assert_snapshot!(render(&s, 80, 24));
}

#[test]
fn without_colour_state_is_still_in_words() {
    let s = state(false);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| warroom::ui::draw(f, &s)).unwrap();
    let buf = term.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "a colour was used with colour off");
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
    let screen = render(&s, 80, 24);
    for words in
        ["SEV1 CRITICAL", "AT RISK", "CAUTION", "[x] a hypothesis recorded", "[x] evidence attached", "▶ Timeline"]
    {
        assert!(screen.contains(words), "missing {words:?} in\n{screen}");
    }
}

#[test]
fn never_panics_at_any_size() {
    let mut states = vec![state(true), State::new("a", now(), true)];
    let mut help = state(true);
    key(&mut help, KeyCode::Char('?'));
    states.push(help);
    let mut prompt = state(true);
    key(&mut prompt, KeyCode::Char(':'));
    states.push(prompt);
    let mut confirm = state(true);
    key(&mut confirm, KeyCode::Char(']'));
    states.push(confirm);
    let mut zoomed = state(true);
    key(&mut zoomed, KeyCode::Tab);
    key(&mut zoomed, KeyCode::Char('z'));
    states.push(zoomed);
    for s in &states {
        for w in (1..=130).step_by(3) {
            for h in 1..=40 {
                render(s, w, h);
            }
        }
    }
}

/// Below a usable size the screen says so, with the size it needs, instead
/// of panes with no rows.
#[test]
fn a_terminal_too_small_is_named_with_the_size_needed() {
    let s = state(true);
    let small = render(&s, 59, 24);
    assert!(small.contains("terminal too small: 59x24 (need at least 60x16)"), "{small}");
    let low = render(&s, 100, 15);
    assert!(low.contains("terminal too small: 100x15"), "{low}");
    let tiny = render(&s, 20, 5);
    assert!(tiny.contains("terminal too small"), "{tiny}");
    let fits = render(&s, 60, 16);
    assert!(!fits.contains("too small"), "{fits}");
}

/// A state with sources configured and fed reports, as a live dashboard
/// would be a few minutes into an incident.
fn with_signals(incident: bool) -> State {
    use warroom::sources::{Alert, AlertState, Body, Kind, LogLine, Probe, Report, SeriesValue, SourceKey};
    let yaml = r#"
sources:
  health:
    - { name: checkout-api, url: "http://127.0.0.1:1/health", consecutive: 1 }
    - { name: payments, url: "http://127.0.0.1:1/health", consecutive: 1 }
    - { name: postgres, tcp: "127.0.0.1:5432", consecutive: 1 }
  prometheus:
    - { name: checkout 5xx, url: "http://127.0.0.1:1", query: x, warn: 1, critical: 5, unit: "%", scale: 100 }
    - { name: p95 latency, url: "http://127.0.0.1:1", query: y, warn: 0.5, critical: 1, unit: s }
  alertmanager:
    - { name: am, url: "http://127.0.0.1:1" }
  logs:
    - { name: checkout, file: /dev/null }
"#;
    let sources = warroom::config::parse(Path::new("t.yaml"), yaml).unwrap().sources;
    let mut s = if incident { state(true) } else { State::new("alice", now(), true) };
    s.signals = warroom::signals::Signals::new(&sources, 1000);
    s.size = (80, 24);
    let at = |secs: i64| now() - chrono::Duration::seconds(secs);
    let mut feed = |key: SourceKey, t: i64, body: Body| {
        update(&mut s, Msg::Source(Report { key, at: at(t), body }));
    };
    let h = |n: &str| SourceKey::new(Kind::Health, n);
    let probe = |ok: bool, d: &str, ms: u64| {
        Body::Probe(Probe { ok, latency: Some(std::time::Duration::from_millis(ms)), detail: d.into() })
    };
    feed(h("checkout-api"), 300, probe(true, "200 OK", 12));
    feed(h("checkout-api"), 240, probe(false, "503 Service Unavailable", 2400));
    feed(h("payments"), 200, probe(true, "200 OK", 30));
    feed(h("postgres"), 200, probe(true, "connected", 1));
    let p = |n: &str| SourceKey::new(Kind::Prometheus, n);
    for (i, v) in [0.001, 0.002, 0.01, 0.08, 0.19, 0.23].iter().enumerate() {
        let series = vec![SeriesValue { labels: String::new(), value: *v }];
        feed(p("checkout 5xx"), 300 - i as i64 * 30, Body::Values { series, baseline: Some(0.002), warnings: vec![] });
    }
    feed(p("p95 latency"), 60, Body::Failed("connection refused".into()));
    let alert = Alert {
        fingerprint: "f1".into(),
        name: "CheckoutErrorBudgetBurn".into(),
        severity: Some("page".into()),
        summary: Some("5xx above 5% for 5m".into()),
        state: AlertState::Firing,
        starts_at: Some(at(200)),
        labels: "service=checkout".into(),
    };
    let silenced = Alert {
        fingerprint: "f2".into(),
        name: "DiskFilling".into(),
        state: AlertState::Silenced,
        severity: None,
        summary: None,
        starts_at: Some(at(3000)),
        labels: String::new(),
    };
    feed(SourceKey::new(Kind::Alertmanager, "am"), 100, Body::Alerts(vec![alert, silenced]));
    let lines: Vec<LogLine> = (0..40)
        .map(|i| {
            let raw = match i % 4 {
                0 => {
                    format!("2026-11-23 10:1{}:00 ERROR pool: too many connections (in use {}/100)", i % 4, 90 + i % 10)
                }
                1 => format!("2026-11-23 10:1{}:01 INFO GET /checkout 500 {}ms", i % 4, 2000 + i),
                2 => format!(r#"{{"level":"warn","msg":"retrying order ord_{i}","attempt":{i}}}"#),
                _ => format!("2026-11-23 10:1{}:02 ERROR upstream 10.0.0.{}:5432 refused connection", i % 4, i),
            };
            LogLine::ingest(raw.as_bytes(), 8192, &Default::default(), at(90 - i))
        })
        .collect();
    feed(SourceKey::new(Kind::Logs, "checkout"), 50, Body::Lines(lines));
    s.flash = None;
    s
}

#[test]
fn signals_view_80x24() {
    let mut s = with_signals(true);
    key(&mut s, KeyCode::Char('2'));
    s.flash = None;
    insta::assert_snapshot!(render(&s, 80, 24));
}

#[test]
fn everything_at_160x48() {
    let mut s = with_signals(true);
    s.size = (160, 48);
    insta::assert_snapshot!(render(&s, 160, 48));
}

#[test]
fn watching_signals_before_an_incident_is_declared() {
    let s = with_signals(false);
    insta::assert_snapshot!(render(&s, 80, 24));
}

#[test]
fn source_transitions_become_journal_records() {
    // checkout-api went down, 5xx went over warn then critical, an alert fired.
    let mut s = state(true);
    let sources = warroom::config::parse(
        Path::new("t.yaml"),
        "sources:\n  health:\n    - { name: api, url: \"http://x/h\", consecutive: 1 }\n",
    )
    .unwrap()
    .sources;
    s.signals = warroom::signals::Signals::new(&sources, 10);
    let report = |ok: bool| warroom::sources::Report {
        key: warroom::sources::SourceKey::new(warroom::sources::Kind::Health, "api"),
        at: now(),
        body: warroom::sources::Body::Probe(warroom::sources::Probe { ok, latency: None, detail: "503".into() }),
    };
    let fx = update(&mut s, Msg::Source(report(false)));
    assert_eq!(fx.len(), 1, "{fx:?}");
    assert!(
        matches!(&fx[0], warroom::app::Effect::Record { payload: warroom::incident::Payload::Event { state: Some(st), .. }, .. } if st == "down")
    );
    // The same state again, before the journal has it: not asked twice.
    assert!(update(&mut s, Msg::Source(report(false))).is_empty());
}

#[test]
fn log_filter_level_and_pause() {
    let mut s = with_signals(true);
    key(&mut s, KeyCode::Char('2'));
    for _ in 0..3 {
        key(&mut s, KeyCode::Tab);
    }
    assert_eq!(s.focus, warroom::app::state::Pane::Logs);
    key(&mut s, KeyCode::Char('/'));
    assert!(matches!(s.mode, warroom::app::state::Mode::Prompt(_)), "{:?}", s.mode);
    for c in "refused".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('z'));
    let screen = render(&s, 80, 24);
    assert!(screen.contains("/refused/"), "{screen}");
    assert!(!screen.contains("GET /checkout"), "filtered out:\n{screen}");
    assert!(screen.contains("refused connection"));
    key(&mut s, KeyCode::Char('/'));
    key(&mut s, KeyCode::Char('('));
    key(&mut s, KeyCode::Enter);
    assert!(s.flash.as_ref().unwrap().text.starts_with("bad filter"), "{:?}", s.flash);
    key(&mut s, KeyCode::Char('/'));
    key(&mut s, KeyCode::Enter);
    assert!(s.logs.filter.is_none(), "empty clears");
    key(&mut s, KeyCode::Char('l'));
    key(&mut s, KeyCode::Char('l'));
    let screen = render(&s, 80, 24);
    assert!(screen.contains("error+") && !screen.contains("retrying order"), "{screen}");
    key(&mut s, KeyCode::Char('p'));
    assert!(render(&s, 80, 24).contains("PAUSED"));
}

/// In the logs pane n/N step through the filter's matches and e/E through
/// error lines, the current one marked; Enter picks a top pattern and
/// shows only its lines; Esc shows every pattern again.
#[test]
fn logs_step_through_matches_errors_and_patterns() {
    use warroom::app::state::{Mode, Pane};
    let mut s = with_signals(true);
    key(&mut s, KeyCode::Char('2'));
    while s.focus != Pane::Logs {
        key(&mut s, KeyCode::Tab);
    }
    // The marked line is the bottom one of the tail.
    let marked = |s: &State| -> String {
        let screen = render(s, 120, 40);
        let line = screen.lines().find(|l| l.contains("┃›") || l.contains("│›")).map(str::to_string);
        line.unwrap_or_else(|| panic!("no marked line:\n{screen}"))
    };
    key(&mut s, KeyCode::Char('n'));
    assert!(s.flash.as_ref().unwrap().text.starts_with("no filter"), "{:?}", s.flash);
    // e: the newest error line older than the newest line.
    key(&mut s, KeyCode::Char('e'));
    assert!(s.logs.paused);
    let first = marked(&s);
    assert!(first.contains("ERROR"), "{first}");
    key(&mut s, KeyCode::Char('e'));
    let second = marked(&s);
    assert!(second.contains("ERROR") && second != first, "{first}\n{second}");
    key(&mut s, KeyCode::Char('E'));
    assert_eq!(marked(&s), first, "E goes back to the newer one");
    key(&mut s, KeyCode::Char('E'));
    key(&mut s, KeyCode::Char('E'));
    assert_eq!((s.logs.back, s.logs.paused), (0, false), "past the newest error it follows again");

    // n with a filter: each match in turn.
    key(&mut s, KeyCode::Char('/'));
    for c in "GET".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('n'));
    assert_eq!(s.logs.back, 1);
    assert!(marked(&s).contains("GET /checkout 500"));
    key(&mut s, KeyCode::Char('N'));
    assert_eq!(s.logs.back, 0);
    key(&mut s, KeyCode::Char('/'));
    key(&mut s, KeyCode::Enter);

    // Enter: the top patterns to choose from; 2 picks the second.
    key(&mut s, KeyCode::Enter);
    let Mode::Choice(c) = &s.mode else { panic!("a choice of patterns: {:?}", s.mode) };
    let options = c.purpose.options();
    assert!(options.iter().all(|(_, o)| o.starts_with("10x ")), "{options:?}");
    let wanted = options[1].1.trim_start_matches("10x ").to_string();
    key(&mut s, KeyCode::Char('2'));
    let screen = render(&s, 120, 40);
    assert!(screen.contains("pattern: "), "{screen}");
    assert!(screen.contains("retrying order ord_") && !screen.contains("GET /checkout"), "{screen}");
    let logs = s.signals.logs.lines.iter().filter(|l| s.logs.shows(l.level, &l.text, l.pattern)).count();
    assert_eq!(logs, 10, "only the 10 lines of {wanted}");
    key(&mut s, KeyCode::Esc);
    assert!(s.logs.pattern.is_none(), "Esc shows every pattern");
}

/// An SLO pane fed minute samples: `error` share bad over the last
/// `bad_minutes` of `minutes` at 1,000 requests a minute.
fn with_slo(minutes: i64, bad_minutes: i64, error: f64) -> State {
    let cfg = warroom::config::parse(
        Path::new("t.yaml"),
        "slos:\n  - { name: checkout availability, service: checkout-api, objective: 99.9, window: 30d, requests_per_user: 3, sli: { prometheus: { url: \"http://p\", total: t, bad: b } } }\n",
    )
    .unwrap();
    let mut s = state(true);
    s.signals = warroom::signals::Signals::new(&cfg.sources, 10).with_slos(&cfg.slos);
    let start = now() - chrono::Duration::minutes(minutes);
    s.signals.set_incident_start(Some(now() - chrono::Duration::minutes(20)));
    let slo = warroom::sources::slo::key(&cfg.slos[0]);
    let (mut good, mut total) = (0.0, 0.0);
    for m in 0..=minutes {
        let body = warroom::sources::Body::SloSample { good, total };
        update(
            &mut s,
            Msg::Source(warroom::sources::Report { key: slo.clone(), at: start + chrono::Duration::minutes(m), body }),
        );
        let e = if m >= minutes - bad_minutes { error } else { 0.0 };
        total += 1000.0;
        good += 1000.0 * (1.0 - e);
    }
    key(&mut s, KeyCode::Char('2'));
    s.flash = None;
    s
}

#[test]
fn slo_healthy() {
    insta::assert_snapshot!(render(&with_slo(3 * 1440, 0, 0.0), 80, 24));
}

#[test]
fn slo_burning() {
    let s = with_slo(3 * 1440, 60, 0.02);
    let screen = render(&s, 80, 24);
    assert!(screen.contains("PAGE") && screen.contains("20x"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn slo_exhausted_and_the_triage_suggestion() {
    let mut s = with_slo(2 * 1440, 240, 0.5);
    insta::assert_snapshot!(render(&s, 80, 24));
    key(&mut s, KeyCode::Char('1'));
    let triage = render(&s, 80, 24);
    assert!(triage.contains("signals suggest SEV2 high (A accepts)"), "{triage}");
    assert!(triage.contains("Broken   checkout availability: PAGE burn"), "{triage}");
    insta::assert_snapshot!(render(&s, 160, 48));
}

#[test]
fn slo_zoomed_charts_sli_and_burn() {
    let mut s = with_slo(600, 60, 0.02);
    key(&mut s, KeyCode::Tab);
    while s.focus != warroom::app::state::Pane::Slos {
        key(&mut s, KeyCode::Tab);
    }
    key(&mut s, KeyCode::Char('z'));
    let screen = render(&s, 80, 24);
    assert!(
        screen.contains("SLI,  last 6h") && screen.contains("burn, last 6h") && screen.contains("peak 20x"),
        "{screen}"
    );
    // Two hours of data are not labelled six.
    let mut s = with_slo(120, 60, 0.02);
    while s.focus != warroom::app::state::Pane::Slos {
        key(&mut s, KeyCode::Tab);
    }
    key(&mut s, KeyCode::Char('z'));
    let screen = render(&s, 80, 24);
    assert!(screen.contains("SLI,  last 2h00m") && !screen.contains("last 6h"), "{screen}");
}

#[test]
fn an_overdue_update_is_said_in_words_before_the_title() {
    let mut s = state(false);
    // Critical: every 15 minutes; declared 10:04, nothing sent since.
    s.now = "2026-11-23T10:30:00Z".parse().unwrap();
    let screen = render(&s, 80, 24);
    let header = screen.lines().next().unwrap();
    assert!(header.contains("UPDATE OVERDUE 11m00s │ Checkout API 500s"), "{header}");
}

/// No text is drawn in a colour that vanishes on a common theme: black or
/// bright black (Solarized Dark's background), white or bright white
/// (a light theme's), except on a background of its own.
#[test]
fn no_text_in_a_colour_that_vanishes_on_common_themes() {
    use ratatui::style::Color;
    let mut states = vec![with_signals(true), with_signals(false), state(true)];
    let mut help = state(true);
    key(&mut help, KeyCode::Char('?'));
    states.push(help);
    for s in &states {
        let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
        term.draw(|f| warroom::ui::draw(f, s)).unwrap();
        let buf = term.backend().buffer();
        for y in 0..48 {
            for x in 0..160 {
                let c = &buf[(x, y)];
                if c.symbol().trim().is_empty() || c.bg != Color::Reset {
                    continue;
                }
                assert!(
                    !matches!(c.fg, Color::Black | Color::DarkGray | Color::White | Color::Gray),
                    "{:?} text {:?} at {x},{y}",
                    c.fg,
                    c.symbol()
                );
            }
        }
    }
}

/// Lists are worst first, whatever the config's order: a check that went
/// down most recently on top, then older failures, then the healthy; a
/// metric over its critical threshold before one that cannot be read.
#[test]
fn lists_are_worst_first() {
    use warroom::sources::{Body, Kind, Probe, Report, SeriesValue, SourceKey};
    let mut s = with_signals(true);
    let probe = |ok: bool| Body::Probe(Probe { ok, latency: None, detail: if ok { "ok" } else { "refused" }.into() });
    let at = |secs: i64| now() - chrono::Duration::seconds(secs);
    // payments (configured second) goes down after checkout-api did.
    update(
        &mut s,
        Msg::Source(Report { key: SourceKey::new(Kind::Health, "payments"), at: at(30), body: probe(false) }),
    );
    // p95 latency comes back and is over its warning threshold.
    let series = vec![SeriesValue { labels: String::new(), value: 0.7 }];
    let body = Body::Values { series, baseline: None, warnings: vec![] };
    update(&mut s, Msg::Source(Report { key: SourceKey::new(Kind::Prometheus, "p95 latency"), at: at(10), body }));
    key(&mut s, KeyCode::Char('2'));
    let screen = render(&s, 120, 40);
    let pos = |needle: &str| screen.find(needle).unwrap_or_else(|| panic!("{needle} not on screen:\n{screen}"));
    assert!(pos("DOWN      payments") < pos("DOWN      checkout-api"), "newest failure first:\n{screen}");
    assert!(pos("DOWN      checkout-api") < pos("UP        postgres"), "{screen}");
    assert!(pos("CRIT checkout 5xx") < pos("WARN p95 latency"), "{screen}");
    assert!(screen.contains("2 down"), "{screen}");
}

/// The first screen at 80x24, no keys pressed: which service is broken and
/// the signal that says so, how bad, and the top error pattern with its
/// count are all in view; what is empty (roles, impact) takes one row.
#[test]
fn the_first_screen_at_80x24_answers_the_first_questions() {
    let mut s = with_signals(true);
    s.size = (80, 24);
    let screen = render(&s, 80, 24);
    for answer in ["SEV1 CRITICAL", "Signals  1 DOWN (checkout-api)", "Errors   10x ERROR"] {
        assert!(screen.contains(answer), "{answer} not in view:\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

/// A just-declared incident: empty hypotheses and actions panes shrink to
/// one line each, and the triage pane gets the rows (roles and impact say
/// which key fills them).
#[test]
fn empty_panes_shrink_and_give_their_rows_to_triage() {
    use warroom::incident::{Entry, IncidentKind, Payload};
    let mut s = State::new("alice", now(), true);
    let declared = Payload::Declared {
        title: "Checkout API 500s".into(),
        kind: IncidentKind::Outage,
        service: Some("checkout-api".into()),
        severity: None,
    };
    let entries = vec![Entry::new(now() - chrono::Duration::seconds(30), "pager", declared)];
    update(
        &mut s,
        Msg::Journal { id: "INC-20261123-001".parse().unwrap(), entries, warnings: vec![], reset: true, more: false },
    );
    s.flash = None;
    let screen = render(&s, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines.iter().position(|l| l.contains("Hypotheses")).expect("a hypotheses pane");
    assert!(lines[top + 1].contains("none yet: h adds one"), "{screen}");
    assert!(lines[top + 2].starts_with('└'), "three rows, no more:\n{screen}");
    for answer in ["no commander: C takes it", "not assessed (I sets it)"] {
        assert!(screen.contains(answer), "{answer} not in view:\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

/// The stakeholder update editor wraps its draft over several rows, all of
/// it in view at 80x24, and the draft says what the incident knows.
#[test]
fn the_update_editor_wraps_a_draft_built_from_the_incident() {
    let mut s = state(true);
    key(&mut s, KeyCode::Char('u'));
    let warroom::app::state::Mode::Prompt(p) = &s.mode else { panic!("{:?}", s.mode) };
    let draft = p.input.value().to_string();
    assert!(draft.contains("Doing: paused the export job."), "{draft}");
    let screen = render(&s, 80, 24);
    let inside: String = screen
        .lines()
        .skip_while(|l| !l.contains("Stakeholder update") && !l.contains("update"))
        .filter_map(|l| l.strip_prefix('┃').and_then(|l| l.strip_suffix('┃')))
        .collect::<Vec<_>>()
        .concat();
    assert!(inside.trim_end().ends_with("UTC."), "the whole draft in view:\n{screen}");
    assert!(inside.contains(draft.split_whitespace().take(3).collect::<Vec<_>>().join(" ").as_str()), "{screen}");
    insta::assert_snapshot!(screen);
}

/// Every key in the hint bar does what the hint says, in every pane and
/// phase: a key a pane binds otherwise (`n` in the logs pane) is not
/// hinted with the dashboard's meaning.
#[test]
fn every_hinted_key_does_what_it_says() {
    use warroom::app::state::Pane;
    use warroom::keymap::{BINDINGS, lookup};
    let mut s = with_signals(true);
    s.size = (200, 60);
    let panes = s.panes();
    assert!(panes.contains(&Pane::Logs));
    for pane in panes {
        s.focus = pane;
        let scopes = warroom::app::update::scopes(&s);
        for (key, hint) in warroom::ui::hints::ordered(&s) {
            let b = BINDINGS
                .iter()
                .find(|b| b.hint == Some(hint) && b.keys.first().is_some_and(|k| warroom::keymap::key_label(k) == key))
                .unwrap_or_else(|| panic!("no binding hinted `{key} {hint}`"));
            let k = b.keys[0];
            let got = lookup(&scopes, crossterm::event::KeyEvent::new(k.0, k.1));
            assert_eq!(got, Some(b.action), "`{key} {hint}` in {pane:?} does {got:?}");
        }
        if pane == Pane::Logs {
            let hints = warroom::ui::hints::ordered(&s);
            assert!(hints.contains(&("n".into(), "next")) && !hints.contains(&("n".into(), "note")), "{hints:?}");
        }
    }
}

#[test]
fn a_temporary_mitigation_is_in_the_register_in_words() {
    let mut s = state(false);
    let mut e = warroom::incident::Entry::new(
        "2026-11-23T10:13:30Z".parse().unwrap(),
        "dave",
        warroom::incident::Payload::Temporary { action: "e17".into(), revert: "resume cronjob export-nightly".into() },
    );
    e.id = "e20".into();
    append(&mut s, vec![e]);
    s.flash = None;
    let screen = render(&s, 80, 24);
    assert!(screen.contains("Temp"), "the triage pane names what is still in place:\n{screen}");
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Char('z'));
    let zoomed = render(&s, 80, 24);
    assert!(zoomed.contains("TEMPORARY, in place; revert: resume cronjob export-nightly"), "{zoomed}");
    insta::assert_snapshot!(zoomed);
}

#[test]
fn the_handover_brief_at_80x24() {
    let mut s = state(true);
    key(&mut s, KeyCode::Char('B'));
    let screen = render(&s, 80, 24);
    assert!(screen.contains("Handover brief") && screen.contains("Phase: Evidence (2 of 6)"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn clocks_count_down_in_the_header_and_say_when_they_ran_out() {
    let mut s = state(false);
    let clock = |id: &str, label: &str, due: &str, hyp: Option<&str>| {
        let mut e = warroom::incident::Entry::new(
            "2026-11-23T10:13:00Z".parse().unwrap(),
            "alice",
            warroom::incident::Payload::Clock {
                label: label.into(),
                due: due.parse().unwrap(),
                hypothesis: hyp.map(String::from),
            },
        );
        e.id = id.into();
        e
    };
    let entries = vec![
        clock("c1", "rollback deadline", "2026-11-23T10:20:00Z", None),
        clock("c2", "decide on H1", "2026-11-23T10:25:00Z", Some("e12")),
    ];
    append(&mut s, entries);
    s.flash = None;
    let screen = render(&s, 80, 24);
    assert!(screen.lines().next().unwrap().contains("T1 in 5m55s +1"), "{screen}");
    assert!(screen.contains("T1 rollback deadline in 5m55s (10:20 UTC)"), "{screen}");
    insta::assert_snapshot!("clock_running", screen);
    update(&mut s, Msg::Tick("2026-11-23T10:21:00Z".parse().unwrap()));
    s.flash = None;
    let screen = render(&s, 80, 24);
    let head = screen.lines().next().unwrap();
    assert!(
        head.contains("T1 EXPIRED 1m00s +1") && head.find("T1").unwrap() < head.find("Checkout").unwrap(),
        "{head}"
    );
    insta::assert_snapshot!("clock_expired", screen);
}

/// Presses Tab until `pane` has the focus.
fn focus(s: &mut State, pane: warroom::app::state::Pane) {
    for _ in 0..12 {
        if s.focus == pane {
            return;
        }
        key(s, KeyCode::Tab);
    }
    panic!("{pane:?} never got the focus (at {:?})", s.focus);
}

/// `Y` on the focused pane: the evidence entry it asks to append.
fn capture(s: &mut State) -> Option<(String, String, warroom::incident::Capture)> {
    let fx = update(s, Msg::Key(KeyEvent::new(KeyCode::Char('Y'), KeyModifiers::NONE)));
    fx.into_iter().find_map(|f| match f {
        warroom::app::Effect::Append {
            payload: warroom::incident::Payload::Evidence { hypothesis, text, capture: Some(c) },
            ..
        } => Some((hypothesis, text, *c)),
        _ => None,
    })
}

#[test]
fn y_freezes_what_a_signal_pane_shows_into_evidence_for_the_selected_hypothesis() {
    use warroom::app::state::Pane;
    let mut s = with_signals(true);
    key(&mut s, KeyCode::Char('2'));
    focus(&mut s, Pane::Logs);
    let (hyp, text, c) = capture(&mut s).expect("an evidence entry");
    assert_eq!(hyp, "e12", "the selected hypothesis: H1, first in the display order");
    assert_eq!((c.pane.as_str(), c.sources.clone()), ("logs", vec!["logs:checkout".to_string()]));
    assert_eq!(c.rows.len(), 40);
    assert!(c.rows[0].ends_with("ERROR pool: too many connections (in use 90/100)"), "oldest first: {:?}", c.rows[0]);
    assert_eq!((c.from, c.to), (now() - chrono::Duration::seconds(90), now() - chrono::Duration::seconds(51)));
    assert!(c.intact() && text.starts_with("captured logs: 40 rows from logs:checkout at 10:12:35–10:13:14"), "{text}");

    // What is filtered out of the pane is not captured.
    key(&mut s, KeyCode::Char('l'));
    key(&mut s, KeyCode::Char('l'));
    let (_, _, errors) = capture(&mut s).unwrap();
    assert_eq!(errors.rows.len(), 20, "errors only: {:?}", errors.rows);
    assert!(errors.rows.iter().all(|r| r.contains("ERROR")));

    // A metric: its value and the data behind its sparkline.
    focus(&mut s, Pane::Metrics);
    let (_, _, m) = capture(&mut s).unwrap();
    assert_eq!(m.rows[0], "checkout 5xx: 23% (CRIT) at 10:11:35");
    assert_eq!(m.rows[1], "  10:09:05–10:11:35 (6 points): 0.100% 0.200% 1% 8% 19% 23%");
    assert_eq!(m.rows[2], "p95 latency: no data, the source is failing: connection refused");
    assert_eq!((m.from, m.to), (now() - chrono::Duration::seconds(300), now() - chrono::Duration::seconds(150)));

    // The triage pane: what the signals say is broken, and since when.
    key(&mut s, KeyCode::Char('1'));
    focus(&mut s, Pane::Triage);
    let (_, _, t) = capture(&mut s).unwrap();
    assert!(t.rows[0].starts_with("checkout-api DOWN: 503 Service Unavailable"), "{:?}", t.rows);
    assert!(t.rows.iter().any(|r| r.starts_with("signals: 1 DOWN (checkout-api)")), "{:?}", t.rows);
    // A hypothesis is not evidence for one.
    focus(&mut s, Pane::Hypotheses);
    assert!(capture(&mut s).is_none());
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("a hypothesis is not evidence")));

    // Written back as the journal would: H1 counts it; zoomed, its rows show.
    let mut e = warroom::incident::Entry::new(
        now(),
        "alice",
        warroom::incident::Payload::Evidence { hypothesis: hyp, text: m.summary(), capture: Some(Box::new(m)) },
    );
    e.id = "e99".into();
    append(&mut s, vec![e]);
    focus(&mut s, Pane::Hypotheses);
    key(&mut s, KeyCode::Char('z'));
    s.flash = None;
    let screen = render(&s, 80, 24);
    assert!(screen.contains("H1 TESTING · high · 2 ev"), "{screen}");
    assert!(screen.contains("| checkout 5xx: 23% (CRIT) at 10:11:35"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_telemetry_gate_shows_live_and_advancing_past_it_asks_and_records_it() {
    let mut s = with_signals(true);
    let cfg = warroom::config::parse(
        Path::new("g.yaml"),
        r#"
sources:
  prometheus:
    - { name: checkout 5xx, url: "http://127.0.0.1:1", query: x, warn: 1, critical: 5, unit: "%", scale: 100 }
gates:
  evidence:
    - { metric: checkout 5xx, under: warn, for: 5m }
"#,
    )
    .unwrap();
    s.gates = warroom::app::state::phase_gates(&cfg);
    key(&mut s, KeyCode::Char('1'));
    focus(&mut s, warroom::app::state::Pane::Triage);
    key(&mut s, KeyCode::Char('z'));
    let screen = render(&s, 80, 24);
    assert!(screen.contains("[ ] checkout 5xx clear of its warning threshold for 5m00s: 23% now"), "{screen}");
    insta::assert_snapshot!(screen);
    key(&mut s, KeyCode::Char(']'));
    let warroom::app::state::Mode::Confirm(warroom::app::state::Confirm::Advance { open_items, .. }) = &s.mode else {
        panic!("advancing with an unmet gate asks: {:?}", s.mode)
    };
    assert_eq!(open_items, &["checkout 5xx clear of its warning threshold for 5m00s (23% now)".to_string()]);
    let fx = update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE)));
    assert!(
        fx.iter().any(|f| matches!(f, warroom::app::Effect::Append {
            payload: warroom::incident::Payload::Phase { open_items, .. }, ..
        } if open_items[0].starts_with("checkout 5xx clear of"))),
        "{fx:?}"
    );
}

#[test]
fn the_signals_are_snapshotted_every_half_minute_even_when_a_tick_skips_the_second() {
    let mut s = with_signals(true);
    let snaps = |s: &mut State, at: &str| {
        let fx = update(s, Msg::Tick(format!("2026-11-23T{at}Z").parse().unwrap()));
        fx.iter().filter(|f| matches!(f, warroom::app::Effect::Snapshot { .. })).count()
    };
    assert_eq!(snaps(&mut s, "10:14:06"), 1, "at once: a replay has signals from the start");
    assert_eq!(snaps(&mut s, "10:14:20"), 0);
    assert_eq!(snaps(&mut s, "10:14:31"), 1, "10:14:30 was skipped by the clock: taken at the next tick");
    assert_eq!(snaps(&mut s, "10:14:45"), 0);
    assert_eq!(snaps(&mut s, "10:15:00"), 1);
    let fx = update(&mut s, Msg::Tick("2026-11-23T10:15:30Z".parse().unwrap()));
    let Some(warroom::app::Effect::Snapshot { line, .. }) =
        fx.into_iter().find(|f| matches!(f, warroom::app::Effect::Snapshot { .. }))
    else {
        panic!("a snapshot at 10:15:30")
    };
    let snap: warroom::signals::snapshot::Snapshot = serde_json::from_str(&line).unwrap();
    assert_eq!(snap.metrics.iter().find(|m| m.name == "checkout 5xx").and_then(|m| m.value), Some(23.0));
}

/// A big journal opens in slices; a frame drawn before the last one (the
/// hold ran out) says the incident is not whole yet, and stops saying it
/// once it is.
#[test]
fn a_journal_still_being_read_says_so_on_the_header() {
    let mut s = State::new("alice", now(), false);
    let mut entries = Follower::new(Path::new("tests/fixtures/checkout.jsonl")).read_all().unwrap().entries;
    let rest = entries.split_off(entries.len() / 2);
    let id: warroom::incident::IncidentId = "INC-20261123-001".parse().unwrap();
    update(&mut s, Msg::Journal { id: id.clone(), entries, warnings: vec![], reset: true, more: true });
    let partial = render(&s, 80, 24);
    assert!(partial.lines().next().unwrap().contains("READING JOURNAL"), "{partial}");
    update(&mut s, Msg::Journal { id, entries: rest, warnings: vec![], reset: false, more: false });
    s.presence = vec!["alice".into(), "bob".into(), "carol".into()];
    s.flash = None;
    let whole = render(&s, 80, 24);
    assert!(!whole.contains("READING JOURNAL"), "{whole}");
    assert_eq!(whole, render(&state(false), 80, 24), "the same as read at once");
}
