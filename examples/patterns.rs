//! Prints the error pattern warroom would give each line of a log file,
//! one per line: for measuring the grouping against a labelled log.
//!
//!     cargo run --release --example patterns -- FILE > FILE.patterns
//!
//! Every line gets a pattern here (the dashboard groups only warnings and
//! worse), so that any level filter can be applied when scoring.

use std::io::{BufRead, Write};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: patterns FILE");
        std::process::exit(2);
    };
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    for line in std::io::BufReader::new(file).split(b'\n') {
        let mut line = line.expect("read");
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        let text = warroom::sources::logs::line::sanitize(&line, 8192);
        let (_, msg) = warroom::sources::logs::level::classify(&text);
        let pattern = warroom::sources::logs::pattern::template(msg.as_deref().unwrap_or(&text));
        writeln!(out, "{pattern}").expect("write");
    }
}
