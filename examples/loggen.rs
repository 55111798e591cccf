//! A seeded log generator for `bench/run.sh`: N lines of mixed service
//! logs (a third warnings and errors from a handful of statements, the
//! rest access-log and JSON noise), the same for the same seed, the last
//! line a marker the bench waits for on screen.
//!
//! `cargo run --release --example loggen -- LINES [SEED] [recent]`: with
//! `recent` the lines are dated over the last ten minutes (for the
//! backfill at start), else on 2026-11-23.

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let mut x: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(0x9E3779B97F4A7C15);
    let recent = args.next().as_deref() == Some("recent");
    let now = chrono::Utc::now();
    let day = |i: u64| -> (String, u64, u64) {
        if recent {
            let at = now - chrono::Duration::milliseconds(((n - i) * 600_000 / n.max(1)) as i64);
            (
                at.format("%Y-%m-%d").to_string(),
                at.format("%H").to_string().parse().unwrap_or(0),
                at.timestamp() as u64 % 3600,
            )
        } else {
            ("2026-11-23".into(), 10, i % 3600)
        }
    };
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let out = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 20, out.lock());
    for i in 0..n {
        let (a, b) = (next() % 100_000, next() % 300);
        let (date, hour, sec) = day(i);
        let (m, s) = ((sec / 60) % 60, sec % 60);
        match i % 9 {
            0 => writeln!(
                w,
                "{date} {hour:02}:{m:02}:{s:02},123 ERROR [pool-{b}] too many connections (in use {b}/100)"
            )?,
            1 => writeln!(w, r#"{{"level":"error","msg":"INVALID_TOKEN for user {a}","trace":"{a:016x}"}}"#)?,
            2 => writeln!(w, "{date} {hour:02}:{m:02}:{s:02},000 WARN slow query took {b}ms on db-{}", a % 4)?,
            3 => writeln!(w, r#"10.0.{}.{} - - "GET /checkout/{a} HTTP/1.1" 500 {b} "-" "curl/8.5""#, a % 255, b)?,
            4 => writeln!(
                w,
                "{date}T{hour:02}:{m:02}:{s:02}Z level=warn msg=\"retrying order ord_{a:x}\" attempt={}",
                b % 5
            )?,
            5 => writeln!(
                w,
                "{date} {hour:02}:{m:02}:{s:02} ERROR upstream 10.0.{}.{}:5432 refused connection",
                a % 255,
                b % 255
            )?,
            6 => writeln!(w, r#"{{"level":"info","msg":"cache hit","key":"cart:{a}","took_ms":{b}}}"#)?,
            _ => writeln!(w, "{date} {hour:02}:{m:02}:{s:02},123 INFO GET /api/v2/items/{a} 200 {b}ms")?,
        }
    }
    let (date, hour, sec) = day(n);
    writeln!(w, "{date} {hour:02}:{:02}:{:02},000 INFO BENCH-END of {n} lines", sec / 60, sec % 60)?;
    w.flush()
}
