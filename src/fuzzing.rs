//! Fuzz targets: each takes arbitrary bytes, feeds them to one parser that
//! reads input nobody here wrote, and checks what must hold whatever the
//! input (no panic, nothing that reaches the terminal as a command, limits
//! kept). The same functions run under cargo-fuzz (`fuzz/`, nightly,
//! coverage-guided) and under the stable driver in `tests/fuzz.rs`, which
//! replays the seed corpus, every crash found so far and seeded mutations
//! of them. `fuzz/run.sh` runs each target for a set time.

use chrono::{DateTime, TimeZone, Utc};

use crate::incident::{IncidentId, fold};
use crate::sources::LogLine;
use crate::sources::logs::group::Grouping;

/// A fuzz target: any bytes in, a panic when something that must hold does not.
pub type Target = fn(&[u8]);

/// Every target, by the name its corpus folder and cargo-fuzz use.
pub const TARGETS: &[(&str, Target)] = &[
    ("config", config),
    ("journal", journal),
    ("log_line", log_line),
    ("exposition", exposition),
    ("prometheus", prometheus),
    ("alertmanager", alertmanager),
    ("changes", changes),
];

fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).single().expect("a valid time")
}

/// Text that may reach the terminal: no escape or other control character.
fn assert_inert(what: &str, text: &str) {
    assert!(!text.chars().any(|c| c.is_control()), "{what} keeps a control character: {text:?}");
}

/// Config loading: a broken file is an error naming where, never a panic.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        // The loader checks UTF-8 first and names the line.
        let err = crate::config::load::parse_bytes(std::path::Path::new("fuzz.yaml"), data).unwrap_err();
        assert!(err.to_string().contains("fuzz.yaml"), "{err}");
        return;
    };
    if let Err(e) = crate::config::load::parse(std::path::Path::new("fuzz.yaml"), text) {
        let msg = e.to_string();
        assert!(msg.contains("fuzz.yaml"), "a config error names the file: {msg}");
    }
}

/// Journal replay: damaged lines are skipped with a warning; the fold and
/// the report are built from whatever survived.
pub fn journal(data: &[u8]) {
    let chunk = crate::journal::parse_lines(data, 0);
    assert!(chunk.consumed <= data.len());
    let id: IncidentId = "INC-20261130-001".parse().expect("a valid id");
    if let Some(incident) = fold(id.clone(), &chunk.entries) {
        let _ = incident.status();
        let _ = incident.duration(fixed_now());
    }
    if let Some(report) = crate::report::build(id, &chunk.entries, fixed_now()) {
        let _ = crate::report::render::json(&report);
        if let Ok(md) = crate::report::render::markdown(&report, None) {
            assert!(!md.contains('\u{1b}'), "an escape reached the report");
        }
    }
}

/// One log line: sanitize, classify, mask, store and group, as a log
/// source and the dashboard do.
pub fn log_line(data: &[u8]) {
    let levels = Default::default();
    let line = LogLine::ingest(data, 8192, &levels, fixed_now());
    assert_inert("a sanitized log line", &line.text);
    assert!(line.text.len() <= 8192 * 3 + 16, "a line is cut to its cap");
    if let Some(p) = &line.pattern {
        assert_inert("a pattern", p);
    }
    // A source remembers templates by shape: after a line of the same
    // shape with other digits, it still gives what a line alone gives.
    let mut ingest = crate::sources::logs::ingest::Ingest::new(8192, Default::default());
    let other: Vec<u8> =
        data.iter().map(|b| if b.is_ascii_digit() { b'0' + (b - b'0' + 3) % 10 } else { *b }).collect();
    ingest.line(&other, fixed_now());
    assert_eq!(ingest.line(data, fixed_now()), line, "a remembered template is the template");
    let mut store = crate::signals::logs::LogStore::new(vec!["fuzz".into()], 16);
    store.push(0, vec![line]);
    let _ = store.top_patterns(5);
    let mut grouping = Grouping::new(false, Default::default());
    for (n, raw) in data.split(|b| *b == b'\n').enumerate().take(64) {
        grouping.add("fuzz.log", n as u64 + 1, raw);
    }
    for g in grouping.ranked() {
        assert_inert("a pattern", &g.pattern);
    }
}

/// The Prometheus text exposition format of a `/metrics` scrape.
pub fn exposition(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let parsed = crate::sources::exposition::parse(&text);
    assert!(parsed.errors.len() <= parsed.bad_lines.max(1) + 8, "the errors kept are bounded");
}

/// A Prometheus query API response.
pub fn prometheus(data: &[u8]) {
    if let Ok(r) = crate::sources::prometheus::parse_response(data) {
        let top = crate::sources::prometheus::top_values(&r, 5);
        assert!(top.len() <= 5);
        for s in &r.series {
            assert_inert("series labels", &s.label_text());
        }
        for w in &r.warnings {
            assert_inert("a warning", w);
        }
    }
}

/// An Alertmanager `/api/v2/alerts` response.
pub fn alertmanager(data: &[u8]) {
    if let Ok(alerts) = crate::sources::alertmanager::parse(data) {
        for a in alerts {
            assert_inert("an alert name", &a.name);
            assert_inert("alert labels", &a.labels);
            for s in a.severity.iter().chain(&a.summary) {
                assert_inert("an alert's severity or summary", s);
            }
        }
    }
}

/// One line of a recent-changes source.
pub fn changes(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(c) = crate::sources::changes::parse_line(&text) {
        assert_inert("a change", &c.text);
    }
}
