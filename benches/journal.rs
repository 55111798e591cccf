//! The journal: reading a 100k-entry incident back (parsing its lines,
//! then folding them), finding whether it is open, and appending one entry
//! (locked, written, fsync'd). `cargo bench --bench journal`.

use std::hint::black_box;

use chrono::{Duration, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use warroom::incident::{Entry, Payload, fold};
use warroom::journal::{IncidentDir, append, parse_lines};

const N: i64 = 100_000;

fn journal(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = IncidentDir::open(tmp.path()).expect("an incident directory");
    let start = Utc::now() - Duration::seconds(N);
    let entries = warroom::incident::sample::long_incident(N, start);
    let (id, _) = dir.declare(start, "pager", entries[0].payload.clone()).expect("declared");
    let path = dir.journal_path(&id);
    let mut text = std::fs::read(&path).expect("the journal");
    for e in &entries[1..] {
        serde_json::to_writer(&mut text, e).expect("json");
        text.push(b'\n');
    }
    std::fs::write(&path, &text).expect("written");

    let mut g = c.benchmark_group("journal_100k");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(20);
    g.bench_function("parse", |b| b.iter(|| parse_lines(black_box(&text), 0).entries.len()));
    let parsed = parse_lines(&text, 0).entries;
    assert_eq!(parsed.len(), N as usize, "every line parsed");
    g.bench_function("fold", |b| b.iter(|| fold(id.clone(), black_box(&parsed)).map(|i| i.timeline.len())));
    g.bench_function("is_open", |b| {
        b.iter(|| assert_eq!(warroom::journal::dir::is_open(black_box(&path)), Some(true)))
    });
    g.finish();

    let mut g = c.benchmark_group("journal_append");
    g.sample_size(20);
    let note = Entry::new(Utc::now(), "alice", Payload::Note { text: "pool at 100/100 on checkout-db".into() });
    g.bench_function("append_fsync", |b| b.iter(|| append(&path, black_box(&note)).expect("appended")));
    g.finish();
}

criterion_group!(benches, journal);
criterion_main!(benches);
