//! `update` tests: feed messages, check the state and the effects. No
//! terminal, no disk.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::msg::{Effect, Msg};
use super::state::{ChoiceFor, Confirm, Mode, Pane, PromptFor, State};
use super::update;
use crate::incident::{
    ActionKind, Entry, HypothesisStatus, IncidentId, IncidentKind, Likelihood, Payload, Phase, Severity,
};

fn t0() -> DateTime<Utc> {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

fn id() -> IncidentId {
    "INC-20261123-001".parse().unwrap()
}

/// A state following an incident, plus a journal we grow by applying the
/// effects `update` returns, as the journal thread would.
struct Harness {
    state: State,
    n: usize,
}

impl Harness {
    fn new() -> Self {
        let mut h = Self { state: State::new("alice", t0(), true), n: 0 };
        let declared = Payload::Declared {
            title: "Checkout API 500s".into(),
            kind: IncidentKind::Outage,
            service: None,
            severity: None,
        };
        let e = h.entry(declared);
        h.msg(Msg::Journal { id: id(), entries: vec![e], warnings: vec![], reset: true, more: false });
        h
    }
    fn entry(&mut self, p: Payload) -> Entry {
        self.n += 1;
        let mut e = Entry::new(t0(), "alice", p);
        e.id = format!("e{}", self.n);
        e
    }
    fn msg(&mut self, m: Msg) -> Vec<Effect> {
        update(&mut self.state, m)
    }
    /// Sends keys; appends are written back as journal entries.
    fn keys(&mut self, keys: &str) -> Vec<Effect> {
        let mut all = vec![];
        for c in keys.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\x1b' => KeyCode::Esc,
                '\t' => KeyCode::Tab,
                c => KeyCode::Char(c),
            };
            let fx = self.msg(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
            self.write_back(&fx);
            all.extend(fx);
        }
        all
    }
    fn write_back(&mut self, fx: &[Effect]) {
        for f in fx {
            if let Effect::Append { payload, .. } = f {
                let e = self.entry(payload.clone());
                self.msg(Msg::Journal { id: id(), entries: vec![e], warnings: vec![], reset: false, more: false });
            }
        }
    }
    fn inc(&self) -> &crate::incident::Incident {
        self.state.incident.as_ref().unwrap()
    }
    fn appended(fx: &[Effect]) -> Vec<Payload> {
        fx.iter()
            .filter_map(|f| if let Effect::Append { payload, .. } = f { Some(payload.clone()) } else { None })
            .collect()
    }
}

#[test]
fn a_note_typed_and_saved_becomes_one_append_and_nothing_changes_before_it_returns() {
    let mut h = Harness::new();
    let fx = h.msg(Msg::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE)));
    assert!(fx.is_empty());
    assert!(matches!(&h.state.mode, Mode::Prompt(p) if p.purpose == PromptFor::Note));
    let mut fx = vec![];
    for c in "pool at 100%".chars() {
        fx.extend(h.msg(Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))));
    }
    fx.extend(h.msg(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))));
    assert_eq!(Harness::appended(&fx), vec![Payload::Note { text: "pool at 100%".into() }]);
    assert!(matches!(h.state.mode, Mode::Normal));
    // The journal is the source of truth: the note is not there until read back.
    assert_eq!(h.inc().timeline.len(), 1);
    h.write_back(&fx);
    assert_eq!(h.inc().timeline.back().unwrap().text, "pool at 100%");
    assert_eq!(h.state.flash.as_ref().unwrap().text, "saved: pool at 100%");
}

#[test]
fn escape_cancels_a_prompt_without_writing() {
    let mut h = Harness::new();
    let fx = h.keys("nhalf a thought\x1b");
    assert!(Harness::appended(&fx).is_empty());
    assert!(matches!(h.state.mode, Mode::Normal));
}

#[test]
fn keys_add_and_work_a_hypothesis() {
    let mut h = Harness::new();
    let fx = h.keys("hpool exhausted\nh");
    assert_eq!(
        Harness::appended(&fx),
        vec![Payload::Hypothesis { text: "pool exhausted".into(), likelihood: Likelihood::High }]
    );
    h.keys("hbad deploy\nl");
    // Focus moves from the timeline (the default) to the hypotheses.
    h.keys("\t");
    assert_eq!(h.state.focus, Pane::Hypotheses);
    h.keys("t");
    assert_eq!(h.inc().hypotheses[0].status, HypothesisStatus::Testing);
    h.keys("eSHOW PROCESSLIST: 100 idle in tx\n");
    assert_eq!(h.inc().hypotheses[0].evidence, vec!["SHOW PROCESSLIST: 100 idle in tx".to_string()]);
    h.keys("c");
    assert_eq!(h.inc().hypotheses[0].status, HypothesisStatus::Confirmed);
    // Select the second (bad deploy) and disprove it.
    h.keys("jx");
    assert_eq!(h.inc().hypotheses[1].status, HypothesisStatus::Disproven);
    assert_eq!(h.inc().hypotheses[0].status, HypothesisStatus::Confirmed);
}

#[test]
fn selection_follows_a_hypothesis_when_it_moves_in_the_order() {
    let mut h = Harness::new();
    h.keys("hfirst\nh");
    h.keys("hsecond\nl");
    h.keys("\tj");
    assert_eq!(h.state.scroll.hypothesis, 1);
    h.keys("c"); // second confirmed: it moves to the top of the list
    assert_eq!(h.inc().hypotheses[1].status, HypothesisStatus::Confirmed);
    assert_eq!(h.state.scroll.hypothesis, 0, "the selection moved with it");
    h.keys("eits evidence\n");
    assert_eq!(h.inc().hypotheses[1].evidence.len(), 1);
}

#[test]
fn advancing_with_open_items_asks_and_records_them() {
    let mut h = Harness::new();
    let fx = h.keys("]");
    assert!(fx.is_empty());
    let Mode::Confirm(Confirm::Advance { open_items, .. }) = &h.state.mode else { panic!("expected a question") };
    assert_eq!(open_items, &vec!["severity set".to_string(), "impact assessed".into(), "commander assigned".into()]);
    h.keys("n");
    assert_eq!(h.inc().phase, Phase::Triage);
    let fx = h.keys("]y");
    assert_eq!(
        Harness::appended(&fx),
        vec![Payload::Phase {
            from: Phase::Triage,
            to: Phase::Evidence,
            open_items: vec!["severity set".into(), "impact assessed".into(), "commander assigned".into()]
        }]
    );
    assert_eq!(h.inc().phase, Phase::Evidence);
    // Back needs no question and is recorded.
    let fx = h.keys("[");
    assert_eq!(
        Harness::appended(&fx),
        vec![Payload::Phase { from: Phase::Evidence, to: Phase::Triage, open_items: vec![] }]
    );
}

#[test]
fn a_complete_checklist_advances_without_asking() {
    let mut h = Harness::new();
    h.keys(":sev critical\n:impact users 30% of checkouts\n:assign commander alice\n");
    assert_eq!(h.inc().severity, Some(Severity::Critical));
    let fx = h.keys("]");
    assert_eq!(
        Harness::appended(&fx),
        vec![Payload::Phase { from: Phase::Triage, to: Phase::Evidence, open_items: vec![] }]
    );
}

#[test]
fn severity_is_picked_from_a_list() {
    let mut h = Harness::new();
    h.keys("s");
    assert!(matches!(&h.state.mode, Mode::Choice(c) if c.purpose == ChoiceFor::Severity));
    h.keys("1");
    assert_eq!(h.inc().severity, Some(Severity::Critical));
    h.keys("sj\n");
    assert_eq!(h.inc().severity, Some(Severity::High));
}

#[test]
fn actions_get_kinds_and_results() {
    let mut h = Harness::new();
    h.keys("arestarted the job runner\nm");
    h.keys("apaged the DBA\nc");
    assert_eq!(h.inc().actions[0].kind, ActionKind::Mitigation);
    assert_eq!(h.inc().actions[1].kind, ActionKind::Communication);
    h.keys("\t\t"); // Timeline → Hypotheses → Actions
    assert_eq!(h.state.focus, Pane::Actions);
    h.keys("rpool back to 40%\n");
    assert_eq!(h.inc().actions[0].result.as_deref(), Some("pool back to 40%"));
    h.keys(":result A2 DBA on the bridge\n");
    assert_eq!(h.inc().actions[1].result.as_deref(), Some("DBA on the bridge"));
}

#[test]
fn the_actions_pane_marks_a_mitigation_temporary_and_its_revert() {
    let mut h = Harness::new();
    h.keys("aflag checkout.v2 off\nm");
    h.keys("\t\t");
    assert_eq!(h.state.focus, Pane::Actions);
    // V on an action that is not temporary says so and writes nothing.
    assert!(Harness::appended(&h.keys("V")).is_empty());
    let fx = h.keys("Tflag checkout.v2 on\n");
    assert_eq!(
        Harness::appended(&fx),
        vec![Payload::Temporary { action: "e2".into(), revert: "flag checkout.v2 on".into() }]
    );
    assert!(h.inc().actions[0].in_place());
    h.keys("Vv2.4 deployed, flag on again\n");
    assert!(!h.inc().actions[0].in_place());
    // Ended once: a second end is refused.
    assert!(Harness::appended(&h.keys(":kept A1 no\n")).is_empty());
    assert!(h.state.flash.as_ref().is_some_and(|f| f.text.contains("no longer in place")), "{:?}", h.state.flash);
}

#[test]
fn b_shows_the_handover_brief_and_saves_it_beside_the_journal() {
    let mut h = Harness::new();
    h.keys("hpool exhausted\nh");
    let fx = h.keys("B");
    let Mode::Brief(text) = &h.state.mode else { panic!("B opens the brief: {:?}", h.state.mode) };
    assert!(text.starts_with("# Handover: INC-20261123-001 Checkout API 500s"), "{text}");
    assert!(text.contains("- H1 open (high likelihood): pool exhausted"), "{text}");
    let saved: Vec<_> = fx.iter().filter(|f| matches!(f, Effect::SaveBrief { .. })).collect();
    assert!(matches!(saved[..], [Effect::SaveBrief { text: t, .. }] if t == text), "{fx:?}");
    assert!(Harness::appended(&fx).is_empty(), "a brief is not a journal entry");
    h.msg(Msg::BriefSaved(Ok("/x/INC-20261123-001.brief.md".into())));
    h.keys("\x1b");
    assert!(matches!(h.state.mode, Mode::Normal));
    assert!(h.state.flash.as_ref().is_some_and(|f| f.text.contains("brief saved to /x/")), "{:?}", h.state.flash);
}

#[test]
fn a_clock_counts_down_and_its_expiry_is_recorded_once() {
    let mut h = Harness::new();
    let fx = h.keys("W10m rollback deadline\n");
    let due = t0() + chrono::Duration::minutes(10);
    assert_eq!(
        Harness::appended(&fx),
        vec![Payload::Clock { label: "rollback deadline".into(), due, hypothesis: None }]
    );
    let records = |fx: &[Effect]| fx.iter().filter(|f| matches!(f, Effect::Record { .. })).count();
    assert_eq!(records(&h.msg(Msg::Tick(due - chrono::Duration::seconds(1)))), 0);
    let fx = h.msg(Msg::Tick(due));
    assert!(
        matches!(
            &fx[..],
            [Effect::Record { payload: Payload::ClockEnd { end: crate::incident::ClockEnd::Expired, .. }, .. }]
        ),
        "{fx:?}"
    );
    assert!(h.state.flash.as_ref().is_some_and(|f| f.error && f.text.contains("T1 ran out: rollback deadline")));
    assert_eq!(records(&h.msg(Msg::Tick(due + chrono::Duration::seconds(1)))), 0, "asked once");
    // :done stops it.
    let fx = h.keys(":done T1\n");
    assert!(matches!(&Harness::appended(&fx)[..], [Payload::ClockEnd { end: crate::incident::ClockEnd::Done, .. }]));
    assert!(h.inc().live_clocks().is_empty());
    assert!(Harness::appended(&h.keys(":cancel T1\n")).is_empty(), "already stopped");
    assert!(Harness::appended(&h.keys(":done T7\n")).is_empty());
}

#[test]
fn b_on_the_hypotheses_pane_time_boxes_the_selected_one() {
    let mut h = Harness::new();
    h.keys("hpool exhausted\nh");
    h.keys("\t");
    assert_eq!(h.state.focus, Pane::Hypotheses);
    let fx = h.keys("b15m\n");
    let key = h.inc().hypotheses[0].key.clone();
    assert_eq!(
        Harness::appended(&fx),
        vec![Payload::Clock {
            label: "decide on H1".into(),
            due: t0() + chrono::Duration::minutes(15),
            hypothesis: Some(key)
        }]
    );
    // Confirming it ends the time-box; nothing runs out later.
    h.keys("c");
    assert!(h.inc().live_clocks().is_empty());
    let fx = h.msg(Msg::Tick(t0() + chrono::Duration::hours(1)));
    assert!(!fx.iter().any(|f| matches!(f, Effect::Record { .. })));
}

#[test]
fn bad_commands_explain_themselves_and_write_nothing() {
    let mut h = Harness::new();
    let fx = h.keys(":sev urgent\n");
    assert!(Harness::appended(&fx).is_empty());
    let flash = h.state.flash.clone().unwrap();
    assert!(flash.error && flash.text.contains("unknown severity"), "{flash:?}");
    h.keys(":confirm H9\n");
    assert_eq!(h.state.flash.as_ref().unwrap().text, "there is no H9");
}

#[test]
fn quitting_asks_first_and_ctrl_c_does_not() {
    let mut h = Harness::new();
    assert!(h.keys("q").is_empty());
    assert!(matches!(h.state.mode, Mode::Confirm(Confirm::Quit)));
    assert_eq!(h.keys("y"), vec![Effect::Exit(0)]);
    let fx = h.msg(Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
    assert_eq!(fx, vec![Effect::Exit(0)]);
}

#[test]
fn declaring_walks_title_severity_kind() {
    let mut h = Harness { state: State::new("bob", t0(), false), n: 0 };
    h.keys("dPayments timing out\n2");
    assert!(matches!(&h.state.mode, Mode::Choice(c) if matches!(c.purpose, ChoiceFor::DeclareKind { .. })));
    let fx = h.keys("3");
    assert_eq!(
        fx,
        vec![Effect::Declare(Payload::Declared {
            title: "Payments timing out".into(),
            kind: IncidentKind::Performance,
            service: None,
            severity: Some(Severity::High),
        })]
    );
}

#[test]
fn without_an_incident_recording_keys_explain_instead() {
    let mut h = Harness { state: State::new("bob", t0(), false), n: 0 };
    let fx = h.keys("n");
    assert!(fx.is_empty());
    assert!(matches!(h.state.mode, Mode::Normal), "n is not bound without an incident");
    let fx = h.keys(":note hello\n");
    assert!(fx.is_empty());
    assert!(h.state.flash.as_ref().unwrap().text.contains("no incident open"));
}

#[test]
fn other_operators_entries_show_and_a_scrolled_timeline_holds_still() {
    let mut h = Harness::new();
    for i in 0..5 {
        let e = h.entry(Payload::Note { text: format!("n{i}") });
        h.msg(Msg::Journal { id: id(), entries: vec![e], warnings: vec![], reset: false, more: false });
    }
    h.state.focus = Pane::Timeline;
    h.keys("kk");
    assert_eq!(h.state.scroll.timeline_back, 2);
    // Later than the last message could be read (see the next test).
    h.msg(Msg::Tick(t0() + chrono::Duration::seconds(10)));
    let mut e = h.entry(Payload::Note { text: "from bob".into() });
    e.author = "bob".into();
    h.msg(Msg::Journal { id: id(), entries: vec![e], warnings: vec![], reset: false, more: false });
    assert_eq!(h.state.scroll.timeline_back, 3);
    assert_eq!(h.state.flash.as_ref().unwrap().text, "bob added: from bob");
    h.keys("G");
    assert_eq!(h.state.scroll.timeline_back, 0);
}

#[test]
fn failed_appends_are_kept_shown_and_retried() {
    let mut h = Harness::new();
    let e = Entry::new(t0(), "alice", Payload::Note { text: "x".into() });
    h.msg(Msg::AppendFailed { id: id(), entry: e.clone(), error: "No space left on device".into() });
    h.msg(Msg::AppendFailed { id: id(), entry: e.clone(), error: "No space left on device".into() });
    assert_eq!(h.state.unsaved.len(), 1, "the same entry is kept once");
    assert!(h.state.flash.as_ref().unwrap().text.contains("NOT SAVED"));
    // Quitting now says so, and where the entry goes; never "all saved".
    h.keys("q");
    let screen = screen(&h.state, 80, 24);
    assert!(screen.contains("1 entry is NOT SAVED") && screen.contains("rescue file"), "{screen}");
    assert!(!screen.contains("Every entry is already saved"), "{screen}");
    h.keys("n");
    let fx = h.msg(Msg::Tick("2026-11-23T10:00:05Z".parse().unwrap()));
    assert_eq!(fx, vec![Effect::Retry { id: id(), entry: e }]);
    assert!(h.state.unsaved.is_empty());
}

#[test]
fn journal_warnings_are_shown_and_bounded() {
    let mut h = Harness::new();
    for i in 0..300 {
        h.msg(Msg::Journal { id: id(), entries: vec![], warnings: vec![format!("w{i}")], reset: false, more: false });
    }
    assert_eq!(h.state.messages.len(), super::state::MESSAGES_CAP);
    assert_eq!(h.state.messages.back().unwrap().text, "w299");
    assert_eq!(h.state.flash.as_ref().unwrap().text, "w299");
}

#[test]
fn ticks_redraw_only_when_the_second_changes() {
    let mut h = Harness::new();
    h.state.dirty = false;
    h.msg(Msg::Tick(t0()));
    assert!(!h.state.dirty);
    h.msg(Msg::Tick("2026-11-23T10:00:01Z".parse().unwrap()));
    assert!(h.state.dirty);
    let mut idle = State::new("x", t0(), true);
    idle.dirty = false;
    update(&mut idle, Msg::Tick("2026-11-23T10:00:09Z".parse().unwrap()));
    assert!(!idle.dirty, "no incident: nothing on screen changes with time");
}

#[test]
fn hangups_exit_with_the_signal_code() {
    let mut h = Harness::new();
    assert_eq!(h.msg(Msg::Hangup { code: 129, why: "SIGHUP" }), vec![Effect::Exit(129)]);
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut h = Harness::new();
    h.keys("?jj");
    assert!(matches!(h.state.mode, Mode::Help));
    assert_eq!(h.state.scroll.help, 2);
    h.keys("\x1b");
    assert!(matches!(h.state.mode, Mode::Normal));
}

#[test]
fn zoom_toggles_and_escape_unzooms() {
    let mut h = Harness::new();
    h.keys("z");
    assert!(h.state.zoomed);
    h.keys("\x1b");
    assert!(!h.state.zoomed);
}

#[test]
fn a_suggested_severity_is_accepted_or_overridden_on_the_record() {
    let mut h = Harness::new();
    let cfg = crate::config::parse(
        std::path::Path::new("t.yaml"),
        "sources:\n  health:\n    - { name: checkout-api, url: \"http://x/h\", consecutive: 1 }\n",
    )
    .unwrap();
    h.state.signals = crate::signals::Signals::new(&cfg.sources, 10);
    let service = h.entry(Payload::Service { service: "checkout-api".into() });
    h.msg(Msg::Journal { id: id(), entries: vec![service], warnings: vec![], reset: false, more: false });
    let probe = crate::sources::Report {
        key: crate::sources::SourceKey::new(crate::sources::Kind::Health, "checkout-api"),
        at: t0(),
        body: crate::sources::Body::Probe(crate::sources::Probe { ok: false, latency: None, detail: "503".into() }),
    };
    let fx = h.msg(Msg::Source(probe));
    h.write_back(&fx.into_iter().filter(|f| !matches!(f, Effect::Record { .. })).collect::<Vec<_>>());
    let s = h.state.suggestion().unwrap();
    assert_eq!(
        (s.severity, s.why.as_str()),
        (Some(Severity::Critical), "complete outage: 1 of 1 checks of the service down")
    );

    let fx = h.keys("A");
    assert_eq!(
        Harness::appended(&fx),
        vec![Payload::Severity {
            severity: Severity::Critical,
            reason: Some("accepted suggestion: complete outage: 1 of 1 checks of the service down".into()),
            overrides: None,
        }]
    );
    let fx = h.keys("s2");
    assert_eq!(
        Harness::appended(&fx),
        vec![Payload::Severity {
            severity: Severity::High,
            reason: Some(
                "overrides suggested SEV1 critical: complete outage: 1 of 1 checks of the service down".into()
            ),
            overrides: Some(Severity::Critical),
        }]
    );
    assert!(
        h.inc().timeline.iter().any(|t| t.text.starts_with("Severity SEV1 critical → SEV2 high (overrides suggested"))
    );
    // The operator's choice stands: A is no longer offered, and the triage
    // pane says the suggestion was overridden instead of nagging.
    assert_eq!(h.inc().overridden, Some(Severity::Critical));
    assert!(!crate::ui::hints::applies(crate::keymap::Action::AcceptSeverity, &h.state));
    let screen = crate::app::tests::screen(&h.state, 80, 24);
    assert!(screen.contains("SEV1 critical overridden"), "{screen}");
    // Choosing the severity it already has writes nothing.
    let fx = h.keys("s2");
    assert!(Harness::appended(&fx).is_empty(), "a no-op severity entry: {fx:?}");
    assert!(h.state.flash.as_ref().is_some_and(|f| f.text.contains("already SEV2")), "{:?}", h.state.flash);
    // A suggestion that changes speaks up again.
    let up = crate::sources::Report {
        key: crate::sources::SourceKey::new(crate::sources::Kind::Health, "checkout-api"),
        at: t0() + chrono::Duration::seconds(5),
        body: crate::sources::Body::Probe(crate::sources::Probe { ok: true, latency: None, detail: "200".into() }),
    };
    let fx = h.msg(Msg::Source(up));
    h.write_back(&fx.into_iter().filter(|f| !matches!(f, Effect::Record { .. })).collect::<Vec<_>>());
    assert_eq!(h.state.suggestion().unwrap().severity, Some(Severity::Low));
    assert!(crate::ui::hints::applies(crate::keymap::Action::AcceptSeverity, &h.state));
}

fn runbook_state(enabled: bool) -> Harness {
    let mut h = Harness::new();
    let cfg = crate::config::parse(
        std::path::Path::new("t.yaml"),
        &format!(
            "actions:\n  enabled: {enabled}\n  runbook:\n    - {{ name: rollback, command: [echo, rolled back] }}\n"
        ),
    )
    .unwrap();
    h.state.actions = cfg.actions;
    h
}

#[test]
fn runbook_actions_are_refused_while_read_only() {
    let mut h = runbook_state(false);
    let fx = h.keys("!");
    assert!(fx.is_empty());
    assert!(matches!(h.state.mode, Mode::Normal));
    assert!(h.state.flash.as_ref().unwrap().text.starts_with("warroom is read-only"));
}

#[test]
fn runbook_actions_need_their_name_typed() {
    let mut h = runbook_state(true);
    let fx = h.keys("!1rollbak\n");
    assert!(!fx.iter().any(|f| matches!(f, Effect::Run(_))), "a typo runs nothing");
    assert!(h.state.flash.as_ref().unwrap().text.starts_with("not run"));
    let fx = h.keys("!1rollback\n");
    assert!(matches!(fx.iter().find(|f| matches!(f, Effect::Run(_))), Some(Effect::Run(a)) if a.name.0 == "rollback"));
    assert_eq!(
        Harness::appended(&fx),
        vec![Payload::Runbook { name: "rollback".into(), status: "started".into(), duration_ms: None }]
    );
    // Its end goes on the record too.
    let fx = h.msg(Msg::Run(crate::notify::runbook::RunEvent::Done {
        status: "exited 0".into(),
        ok: true,
        duration: std::time::Duration::from_millis(1200),
    }));
    assert_eq!(
        Harness::appended(&fx),
        vec![Payload::Runbook { name: "rollback".into(), status: "exited 0".into(), duration_ms: Some(1200) }]
    );
}

#[test]
fn an_update_is_drafted_sent_recorded_and_posted() {
    let mut h = Harness::new();
    h.state.updates.webhooks = vec![serde_yaml::from_str("name: chat\nurl: http://127.0.0.1:1/hook\n").unwrap()];
    h.keys("u");
    let Mode::Prompt(p) = &h.state.mode else { panic!("a prompt") };
    assert!(p.input.value().starts_with("INC-20261123-001 Checkout API 500s — investigating."), "{}", p.input.value());
    let fx = h.keys("\n");
    let Payload::Update { text } = &Harness::appended(&fx)[0] else { panic!("{fx:?}") };
    assert!(fx.contains(&Effect::Post { text: text.clone(), only: None }));
    assert_eq!(h.inc().last_update, Some(t0()));
    // A refused post is shown, kept, and retried each minute.
    let outcome = crate::notify::webhook::Outcome { webhook: "chat".into(), attempts: 3, error: Some("503".into()) };
    h.msg(Msg::Posted { text: text.clone(), outcome });
    assert_eq!(h.state.unposted.len(), 1);
    assert!(h.state.flash.as_ref().unwrap().text.starts_with("update NOT posted to chat"));
    let fx = h.msg(Msg::Tick("2026-11-23T10:01:00Z".parse().unwrap()));
    assert!(fx.contains(&Effect::Post { text: text.clone(), only: Some("chat".into()) }));
}

/// The screen as text, for assertions on what the operator reads.
pub(crate) fn screen(state: &State, w: u16, h: u16) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(|f| crate::ui::draw(f, state)).unwrap();
    let buf = term.backend().buffer().clone();
    (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>().trim_end().to_string() + "\n").collect()
}

/// What the status line said is kept for `:messages` (`M`), newest first
/// on screen, with warnings; Esc closes it.
#[test]
fn messages_keep_what_flashed_by() {
    let mut h = Harness::new();
    h.state.flash("first thing said");
    h.state.warn("a source is failing".into());
    h.state.flash_error("could not write");
    let kinds: Vec<_> = h.state.messages.iter().map(|m| (m.text.as_str(), m.kind)).collect();
    use crate::app::state::Said;
    assert_eq!(
        kinds,
        vec![
            ("first thing said", Said::Info),
            ("a source is failing", Said::Warning),
            ("could not write", Said::Error)
        ]
    );
    h.keys(":messages\n");
    assert!(matches!(h.state.mode, Mode::Messages));
    let screen = screen(&h.state, 80, 24);
    let (err, first) = (screen.find("could not write").unwrap(), screen.find("first thing said").unwrap());
    assert!(err < first, "newest first:\n{screen}");
    assert!(screen.contains("WARN a source is failing"), "{screen}");
    h.keys("\x1b");
    assert!(matches!(h.state.mode, Mode::Normal));
    h.keys("M");
    assert!(matches!(h.state.mode, Mode::Messages));
}

/// What a commander does in the first minutes has a key: `C` takes
/// command (once), `I` sets impact by field, starting from what is there;
/// Esc from the text goes back to the choice of field.
#[test]
fn take_command_and_set_impact_have_keys() {
    use crate::incident::ImpactField;
    let mut h = Harness::new();
    let hints = |h: &Harness| screen(&h.state, 120, 30).lines().last().unwrap_or("").to_string();
    let first = hints(&h);
    assert!(first.contains("C command") && first.contains("I impact"), "first-minute keys hinted first: {first}");
    h.keys("C");
    assert_eq!(h.inc().roles.commander.as_deref(), Some("alice"));
    assert!(!hints(&h).contains("C command"), "hinted only while nobody is in command");
    let fx = h.keys("C");
    assert!(Harness::appended(&fx).is_empty(), "taking command twice writes nothing");
    assert!(h.state.flash.as_ref().unwrap().text.contains("already the incident commander"));

    h.keys("I");
    assert!(matches!(&h.state.mode, Mode::Choice(c) if c.purpose == ChoiceFor::ImpactField));
    h.keys("u");
    assert!(matches!(&h.state.mode, Mode::Prompt(p) if p.purpose == PromptFor::Impact(ImpactField::Users)));
    h.keys("\x1b");
    assert!(matches!(&h.state.mode, Mode::Choice(c) if c.purpose == ChoiceFor::ImpactField), "back a step");
    h.keys("u~20% of checkouts fail\n");
    assert_eq!(h.inc().impact.users.as_deref(), Some("~20% of checkouts fail"));
    assert!(matches!(h.state.mode, Mode::Normal));
    // Editing starts from what is recorded.
    h.keys("Iu");
    assert!(matches!(&h.state.mode, Mode::Prompt(p) if p.input.value() == "~20% of checkouts fail"));
}

/// A message stays readable: another operator's entry does not push away
/// what the status line said a moment ago (it counts as newer, listed by
/// `:messages`); after a few seconds news shows; information goes from
/// the status line after a minute, errors stay.
#[test]
fn status_messages_last_long_enough_to_read() {
    let mut h = Harness::new();
    h.state.flash("logs paused: p follows again");
    let from_bob = |h: &mut Harness, text: &str| {
        h.n += 1;
        let mut e = Entry::new(h.state.now, "bob", Payload::Note { text: text.into() });
        e.id = format!("b{}", h.n);
        h.msg(Msg::Journal { id: id(), entries: vec![e], warnings: vec![], reset: false, more: false });
    };
    from_bob(&mut h, "checking the pool");
    let f = h.state.flash.clone().unwrap();
    assert_eq!((f.text.as_str(), f.newer), ("logs paused: p follows again", 1));
    assert!(h.state.messages.iter().any(|m| m.text == "bob added: checking the pool"));
    h.msg(Msg::Tick(t0() + chrono::Duration::seconds(7)));
    assert_eq!(h.state.flash.as_ref().unwrap().text, "bob added: checking the pool", "held-back news shows once read");
    from_bob(&mut h, "pool at 100/100");
    assert_eq!(h.state.flash.as_ref().unwrap().newer, 1, "and is itself readable for a while");
    h.msg(Msg::Tick(t0() + chrono::Duration::seconds(14)));
    assert_eq!(h.state.flash.as_ref().unwrap().text, "bob added: pool at 100/100");
    let screen = |h: &Harness| crate::app::tests::screen(&h.state, 80, 24);
    assert!(screen(&h).contains("bob added: pool at 100/100"));
    h.msg(Msg::Tick(t0() + chrono::Duration::seconds(80)));
    assert!(!screen(&h).contains("bob added"), "gone from the status line after a minute");
    h.state.flash_error("webhook failed");
    from_bob(&mut h, "later");
    h.msg(Msg::Tick(t0() + chrono::Duration::seconds(200)));
    assert!(screen(&h).contains("! webhook failed  (+1 newer: M lists them)"), "{}", screen(&h));
}
