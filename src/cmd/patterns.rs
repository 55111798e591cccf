//! `warroom patterns FILE...`: the log pane's grouping applied to whole
//! files, so a user can check it on their own logs. Text (a table, worst
//! level first), `--json` (docs: the `Group` fields), or `--lines` (one row
//! per input line: line number, level, pattern id; what a
//! grouping-accuracy scorer reads).

use std::io::{BufRead, Write};
use std::path::PathBuf;

use color_eyre::eyre::{Result, WrapErr};
use serde::Serialize;

use crate::sources::logs::group::{Group, Grouping};
use crate::sources::logs::level::StatusLevels;

pub struct Args {
    pub files: Vec<PathBuf>,
    pub problems: bool,
    pub json: bool,
    pub lines: bool,
}

#[derive(Serialize)]
struct Json<'a> {
    version: u32,
    files: Vec<String>,
    lines: u64,
    patterns: Vec<&'a Group>,
}

pub fn run(args: Args) -> Result<i32> {
    let mut g = Grouping::new(args.problems, StatusLevels::default());
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out.lock());
    let several = args.files.len() > 1;
    if args.lines {
        writeln!(out, "{}line\tlevel\tpattern", if several { "file\t" } else { "" })?;
    }
    let mut names = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        let reader: Box<dyn BufRead> = if name == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            let f = std::fs::File::open(path).wrap_err_with(|| format!("cannot read {name}"))?;
            Box::new(std::io::BufReader::with_capacity(1 << 20, f))
        };
        for (i, line) in reader.split(b'\n').enumerate() {
            let mut line = line.wrap_err_with(|| format!("reading {name}"))?;
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            let n = i as u64 + 1;
            let v = g.add(&name, n, &line);
            if args.lines {
                let id = v.group.map_or("-".to_string(), |i| g.groups[i].id.clone());
                let file = if several { format!("{name}\t") } else { String::new() };
                writeln!(out, "{file}{n}\t{}\t{id}", v.level.label())?;
            }
        }
        names.push(name);
    }
    if args.lines {
        out.flush()?;
        return Ok(0);
    }
    let ranked = g.ranked();
    if args.json {
        let doc = Json { version: 1, files: names, lines: g.lines, patterns: ranked };
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{} lines, {} patterns", g.lines, ranked.len())?;
        writeln!(out, "{:<6} {:>7} {:<5}  {:<32} {:<32} PATTERN", "ID", "COUNT", "LEVEL", "FIRST", "LAST")?;
        for p in ranked {
            let at = |s: &crate::sources::logs::group::Seen| {
                let file = if several { format!("{}:", s.file) } else { String::new() };
                match &s.time {
                    Some(t) => format!("{t} ({file}{})", s.line),
                    None => format!("{file}line {}", s.line),
                }
            };
            writeln!(
                out,
                "{:<6} {:>7} {:<5}  {:<32} {:<32} {}",
                p.id,
                p.count,
                p.level.label(),
                at(&p.first),
                at(&p.last),
                p.pattern
            )?;
        }
    }
    out.flush()?;
    Ok(0)
}
