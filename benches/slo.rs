//! The SLO math on a full history (4,096 samples over a 30-day window,
//! thinned as it grew): one evaluation is what a dashboard does per SLO
//! each time a sample arrives, and a sample pushed is what a scrape costs.
//! `cargo bench --bench slo`.

use std::hint::black_box;

use chrono::{Duration, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use warroom::slo::history::History;
use warroom::slo::math::{evaluate, workbook};

fn slo(c: &mut Criterion) {
    let t0 = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    let mut h = History::default();
    let (mut good, mut total) = (0.0, 0.0);
    // A sample every 15 s for 30 days: thinned down to the cap as it grows.
    let samples = 30 * 24 * 60 * 4;
    for i in 0..samples {
        total += 1000.0;
        good += if i % 500 < 20 { 950.0 } else { 999.5 };
        h.push(t0 + Duration::seconds(15 * i), good, total);
    }
    assert!(h.len() > warroom::slo::history::CAP / 2 && h.len() <= warroom::slo::history::CAP, "thinned to the cap");
    let rules = workbook();
    let window = Duration::days(30);
    let since = Some(t0 + Duration::days(29));
    let mut g = c.benchmark_group("slo");
    g.bench_function("evaluate_30d_full_history", |b| {
        b.iter(|| evaluate(black_box(&h), 99.9, window, &rules, since).consumed)
    });
    let mut i = samples;
    g.bench_function("push_into_full_history", |b| {
        b.iter(|| {
            i += 1;
            total += 1000.0;
            good += 999.0;
            h.push(black_box(t0 + Duration::seconds(15 * i)), good, total);
        })
    });
    g.finish();
}

criterion_group!(benches, slo);
criterion_main!(benches);
