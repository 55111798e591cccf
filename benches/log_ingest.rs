//! Log ingest: sanitize + classify + mask (what a log source task does per
//! line) and the store (patterns, ring, per-minute counts: what `update`
//! does), on a generated mixed log. `cargo bench --bench log_ingest`.

use std::hint::black_box;

use chrono::Utc;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use warroom::signals::logs::LogStore;
use warroom::sources::LogLine;
use warroom::sources::logs::ingest::Ingest;

/// 10,000 lines: a third errors and warnings from six statements, the rest
/// access-log and JSON noise, with ids, IPs, hex and durations.
fn mixed_log() -> Vec<Vec<u8>> {
    let mut x = 0x9E3779B97F4A7C15u64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..10_000)
        .map(|i| {
            let (a, b) = (next() % 100_000, next() % 300);
            let line = match i % 9 {
                0 => {
                    format!("2026-11-23 10:01:{:02},123 ERROR [pool-{b}] too many connections (in use {b}/100)", i % 60)
                }
                1 => format!(r#"{{"level":"error","msg":"INVALID_TOKEN for user {a}","trace":"{a:016x}"}}"#),
                2 => format!("2026-11-23 10:01:02,000 WARN slow query took {b}ms on db-{}", a % 4),
                3 => format!(r#"10.0.{}.{} - - "GET /checkout/{a} HTTP/1.1" 500 {b} "-" "curl/8.5""#, a % 255, b),
                4 => format!("2026-11-23T10:01:02Z level=warn msg=\"retrying order ord_{a:x}\" attempt={}", b % 5),
                5 => format!("2026-11-23 10:01:02 ERROR upstream 10.0.{}.{}:5432 refused connection", a % 255, b % 255),
                6 => format!(r#"{{"level":"info","msg":"cache hit","key":"cart:{a}","took_ms":{b}}}"#),
                _ => format!("2026-11-23 10:01:02,123 INFO GET /api/v2/items/{a} 200 {b}ms"),
            };
            line.into_bytes()
        })
        .collect()
}

fn ingest(c: &mut Criterion) {
    let lines = mixed_log();
    let bytes: usize = lines.iter().map(Vec::len).sum();
    let now = Utc::now();
    let levels = Default::default();
    let mut g = c.benchmark_group("log_ingest");
    g.throughput(Throughput::Elements(lines.len() as u64));
    // What a source does: its templates are remembered across batches.
    let mut source = Ingest::new(8192, Default::default());
    g.bench_function("classify_and_mask", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(source.line(black_box(l), now));
            }
        })
    });
    // Every line alone, every template made anew.
    g.bench_function("classify_and_mask_uncached", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(LogLine::ingest(black_box(l), 8192, &levels, now));
            }
        })
    });
    let ingested: Vec<LogLine> = lines.iter().map(|l| LogLine::ingest(l, 8192, &levels, now)).collect();
    g.bench_function("store", |b| {
        b.iter_batched(
            || (LogStore::new(vec!["api".into()], 100_000), ingested.clone()),
            |(mut store, batch)| {
                store.push(0, batch);
                black_box(store.total)
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
    eprintln!("(the mixed log averages {} bytes a line)", bytes / lines.len());
}

criterion_group!(benches, ingest);
criterion_main!(benches);
