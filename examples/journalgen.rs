//! A big incident for `bench/run.sh`: declares one in DIR and writes N
//! notes, hypotheses and actions after it (one write at the end, not an
//! fsync per entry: this builds a fixture, it does not time the journal).
//!
//! `cargo run --release --example journalgen -- DIR N` prints the id.

use std::io::{BufWriter, Write};

use chrono::{Duration, Utc};
use warroom::incident::{ActionKind, Entry, IncidentKind, Likelihood, Payload, Severity};
use warroom::journal::IncidentDir;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("DIR");
    let n: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let incidents = IncidentDir::open(&dir).expect("an incident directory");
    let start = Utc::now() - Duration::seconds(n);
    let declared = Payload::Declared {
        title: "Checkout API 500s".into(),
        kind: IncidentKind::Outage,
        service: Some("checkout-api".into()),
        severity: Some(Severity::High),
    };
    let (id, _) = incidents.declare(start, "pager", declared).expect("declared");
    let file = std::fs::OpenOptions::new().append(true).open(incidents.journal_path(&id)).expect("journal");
    let mut w = BufWriter::with_capacity(1 << 20, file);
    for i in 1..n {
        let payload = match i % 50 {
            0 => {
                Payload::Hypothesis { text: format!("hypothesis {i}: pool exhausted"), likelihood: Likelihood::Medium }
            }
            1 => Payload::Action {
                text: format!("action {i}: restart worker"),
                action: ActionKind::Mitigation,
                result: None,
            },
            _ => Payload::Note { text: format!("note {i}: error rate 22% on checkout, pool at 100/100") },
        };
        let author = ["alice", "bob", "carol", "dave"][(i % 4) as usize];
        let e = Entry::new(start + Duration::seconds(i), author, payload);
        serde_json::to_writer(&mut w, &e).expect("json");
        w.write_all(b"\n").expect("write");
    }
    w.flush().expect("flush");
    println!("{id}");
}
