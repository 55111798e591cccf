//! A big incident for `bench/run.sh`: declares one in DIR and writes N
//! notes, hypotheses and actions after it (one write at the end, not an
//! fsync per entry: this builds a fixture, it does not time the journal).
//!
//! `cargo run --release --example journalgen -- DIR N` prints the id.

use std::io::{BufWriter, Write};

use chrono::{Duration, Utc};
use warroom::journal::IncidentDir;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("DIR");
    let n: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let incidents = IncidentDir::open(&dir).expect("an incident directory");
    let start = Utc::now() - Duration::seconds(n);
    let entries = warroom::incident::sample::long_incident(n, start);
    let (id, _) = incidents.declare(start, "pager", entries[0].payload.clone()).expect("declared");
    let file = std::fs::OpenOptions::new().append(true).open(incidents.journal_path(&id)).expect("journal");
    let mut w = BufWriter::with_capacity(1 << 20, file);
    for e in &entries[1..] {
        serde_json::to_writer(&mut w, e).expect("json");
        w.write_all(b"\n").expect("write");
    }
    w.flush().expect("flush");
    println!("{id}");
}
