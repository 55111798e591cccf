//! The demo's incident at a fixed point, drawn at 80x24, 120x40 and
//! 200x60: the first screen answers the first questions (what is broken
//! and the signal that says so, since when, how bad, what changed last,
//! the top error pattern, the error budget) with no key pressed.
//!
//! The demo's engine and world run in-process on a clock of the test's
//! own (the same start, the same run), and the dashboard's state is fed
//! what its pollers would read from them: each service's health, its
//! `/metrics` page, the log and changes files the engine writes, and the
//! journal the pager declares in. Transitions the state asks to record are
//! written back as entries, as the journal thread would.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use warroom::app::{Effect, Msg, State, update};
use warroom::config::slo::{Sli, SloSpec};
use warroom::config::sources::ScrapeSpec;
use warroom::demo::engine::{Engine, Files};
use warroom::demo::{scenario, world::World};
use warroom::incident::{Entry, IncidentId};
use warroom::journal::IncidentDir;
use warroom::sources::{Body, Kind, LogLine, Probe, Report, SeriesValue, SourceKey, exposition, scrape};

const TICK: Duration = Duration::from_millis(100);

fn start() -> DateTime<Utc> {
    "2026-11-23T14:00:00Z".parse().unwrap()
}

struct Run {
    state: State,
    engine: Engine,
    world: Arc<Mutex<World>>,
    dir: tempfile::TempDir,
    incidents: IncidentDir,
    services: Vec<String>,
    scrapes: Vec<ScrapeSpec>,
    slos: Vec<SloSpec>,
    prev: Vec<Option<scrape::Snapshot>>,
    log_read: usize,
    followed: Option<IncidentId>,
    base: Instant,
    t: Duration,
}

impl Run {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let sc = scenario::load("pool-exhaustion").unwrap();
        let services = sc.services();
        let addrs: Vec<(String, std::net::SocketAddr)> =
            services.iter().enumerate().map(|(i, s)| (s.clone(), ([127, 0, 0, 1], 9100 + i as u16).into())).collect();
        let yaml = warroom::demo::config::yaml(&addrs, dir.path());
        let cfg = warroom::config::parse(Path::new("warroom.yaml"), &yaml).unwrap();
        let incidents = IncidentDir::open(dir.path().join("incidents")).unwrap();
        let world = Arc::new(Mutex::new(World::default()));
        let engine = Engine::new(
            sc,
            1.0,
            world.clone(),
            Arc::new(AtomicBool::new(false)),
            Files {
                log: dir.path().join("services.log"),
                changes: dir.path().join("changes.log"),
                incidents: incidents.clone(),
            },
            start(),
        )
        .unwrap();
        let mut state = State::new("operator", start(), true);
        state.signals = warroom::signals::Signals::new(&cfg.sources, 10_000).with_slos(&cfg.slos);
        let scrapes = cfg.sources.scrape.clone();
        Self {
            state,
            engine,
            world,
            dir,
            incidents,
            services,
            prev: vec![None; scrapes.len()],
            scrapes,
            slos: cfg.slos,
            log_read: 0,
            followed: None,
            base: Instant::now(),
            t: Duration::ZERO,
        }
    }

    fn now(&self) -> DateTime<Utc> {
        start() + chrono::Duration::from_std(self.t).unwrap()
    }

    fn send(&mut self, msg: Msg) {
        let fx = update(&mut self.state, msg);
        // As the journal thread: write what is asked, then hand it back.
        for f in fx {
            if let Effect::Record { id, payload } | Effect::Append { id, payload } = f {
                let entry = Entry::new(self.now(), "warroom", payload);
                warroom::journal::append::append(&self.incidents.journal_path(&id), &entry).unwrap();
                self.send(Msg::Journal { id, entries: vec![entry], warnings: vec![], reset: false, more: false });
            }
        }
    }

    fn report(&mut self, key: SourceKey, body: Body) {
        let at = self.now();
        self.send(Msg::Source(Report { key, at, body }));
    }

    /// Runs the demo on to `secs` seconds, polling as the config says:
    /// health and logs every second, metrics, SLOs and changes every two.
    fn until(&mut self, secs: u64) {
        while self.t < Duration::from_secs(secs) {
            self.t += TICK;
            self.engine.tick(TICK, self.base + self.t, self.now()).unwrap();
            if !self.t.as_millis().is_multiple_of(1000) {
                continue;
            }
            let whole = self.t.as_secs();
            self.send(Msg::Tick(self.now()));
            self.poll_health();
            self.poll_logs();
            if whole.is_multiple_of(2) {
                self.poll_metrics();
                self.poll_changes();
            }
            self.follow_journal();
        }
    }

    fn poll_health(&mut self) {
        for svc in self.services.clone() {
            let (ok, _) = self.world.lock().unwrap().healthy(&svc);
            let detail = if ok { "200 OK" } else { "503 Service Unavailable" };
            let probe = Probe { ok, latency: Some(Duration::from_millis(1)), detail: detail.into() };
            self.report(SourceKey::new(Kind::Health, svc.as_str()), Body::Probe(probe));
        }
    }

    fn poll_metrics(&mut self) {
        for (i, spec) in self.scrapes.clone().iter().enumerate() {
            let page = self.world.lock().unwrap().exposition(&spec.name.0);
            let parsed = exposition::parse(&page);
            for m in &spec.metrics {
                let prev = self.prev[i].as_ref().map(|s| (s, 2.0));
                let body = match scrape::compute(m, &parsed.samples, prev) {
                    Ok(Some(v)) => Body::Values {
                        series: vec![SeriesValue { labels: String::new(), value: v }],
                        baseline: None,
                        warnings: vec![],
                    },
                    Ok(None) => Body::Waiting("first scrape; a rate needs two".into()),
                    Err(e) => Body::Failed(e),
                };
                self.report(scrape::key(spec, m), body);
            }
            self.prev[i] = Some(scrape::snapshot(&parsed.samples));
        }
        for slo in self.slos.clone() {
            let Sli::Scrape(s) = &slo.sli else { continue };
            let page = self.world.lock().unwrap().exposition("checkout-api");
            let samples = exposition::parse(&page).samples;
            let (good, total) = warroom::sources::slo::counts(
                &samples,
                &s.metric,
                &s.labels,
                s.good.as_ref(),
                s.bad.as_ref(),
                s.threshold,
            )
            .unwrap();
            self.report(warroom::sources::slo::key(&slo), Body::SloSample { good, total });
        }
    }

    fn poll_logs(&mut self) {
        let text = std::fs::read(self.dir.path().join("services.log")).unwrap();
        let at = self.now();
        let lines: Vec<LogLine> = text[self.log_read..]
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| LogLine::ingest(l, 8192, &Default::default(), at))
            .collect();
        self.log_read = text.len();
        if !lines.is_empty() {
            self.report(SourceKey::new(Kind::Logs, "services"), Body::Lines(lines));
        }
    }

    fn poll_changes(&mut self) {
        let text = std::fs::read_to_string(self.dir.path().join("changes.log")).unwrap();
        let changes = warroom::sources::changes::parse(&text);
        self.report(SourceKey::new(Kind::Changes, "deploys"), Body::Changes(changes));
    }

    /// The dashboard follows the incident the pager declared.
    fn follow_journal(&mut self) {
        if self.followed.is_some() {
            return;
        }
        if let Some(id) = self.incidents.newest_open().unwrap() {
            let loaded = self.incidents.load(&id).unwrap();
            self.followed = Some(id.clone());
            self.send(Msg::Journal { id, entries: loaded.entries, warnings: vec![], reset: true, more: false });
        }
    }

    fn screen(&mut self, w: u16, h: u16) -> String {
        self.state.size = (w, h);
        self.state.flash = None;
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| warroom::ui::draw(f, &self.state)).unwrap();
        let buf = term.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..h {
            for x in 0..w {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }
}

/// The rows of the screen that answer each first question.
const ANSWERS: [&str; 6] = ["Severity SEV2 high", "Broken   ", "Since    ", "Change   ", "Errors   ", "Budget   "];

fn check(screen: &str) {
    for a in ANSWERS {
        let row = screen.lines().find(|l| l.contains(a)).unwrap_or_else(|| panic!("no `{a}` in view:\n{screen}"));
        assert!(!row.contains('…'), "`{a}` is cut off:\n{screen}");
    }
    for (what, text) in [
        ("the broken service", "checkout-api"),
        ("the first failure's time and age", "14:00:"),
        ("the deploy", "deploy checkout-api v1.2.3"),
        ("the pool error", "ERROR pool: too many connections"),
        ("the budget", "checkout availability"),
    ] {
        assert!(screen.contains(text), "{what} ({text}) not in view:\n{screen}");
    }
}

#[test]
fn the_demo_incident_answers_the_first_questions_at_every_size() {
    let mut run = Run::new();
    run.until(60);
    assert!(run.state.incident.is_some(), "the pager declared by now");
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let screen = run.screen(w, h);
        check(&screen);
        insta::assert_snapshot!(format!("demo_{w}x{h}"), screen);
    }
}
