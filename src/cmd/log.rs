//! `warroom log`: append an entry from a shell or a deploy pipeline. Open
//! dashboards show it within a second. `-` as the text reads one entry per
//! line from standard input.

use std::io::BufRead;

use chrono::{DateTime, NaiveTime, Utc};
use color_eyre::eyre::{Result, bail};

use super::Context;
use crate::app::command::split_owner;
use crate::cli::LogKind;
use crate::incident::{ActionKind, Entry, IncidentId, Likelihood, Payload};
use crate::journal::append;

pub struct Args {
    pub text: String,
    pub kind: LogKind,
    pub incident: Option<IncidentId>,
    pub source: Option<String>,
    pub likelihood: Likelihood,
    /// When it happened, if not now.
    pub observed: Option<DateTime<Utc>>,
}

pub fn run(ctx: &Context, args: Args) -> Result<i32> {
    let Args { text, kind, incident, source, likelihood, observed } = args;
    let entry = |text: &str| {
        let mut e = Entry::new(Utc::now(), &ctx.operator, payload(kind, text, &source, likelihood));
        e.observed = observed;
        e
    };
    let dir = ctx.dir()?;
    let id = ctx.pick(&dir, incident)?;
    // Loading checks that the incident exists and is a real journal.
    dir.load(&id)?;
    let path = dir.journal_path(&id);
    if text == "-" {
        // One entry per line of standard input, each written and fsync'd
        // before the next is read: a pipeline that dies loses nothing it
        // already passed on.
        let mut count = 0;
        for (n, line) in std::io::stdin().lock().split(b'\n').enumerate() {
            let mut line = line?;
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            // Bytes that are not UTF-8 are replaced, never a reason to stop.
            let text = String::from_utf8_lossy(&line);
            if matches!(text, std::borrow::Cow::Owned(_)) {
                eprintln!("warning: line {} is not valid UTF-8; bad bytes replaced with U+FFFD", n + 1);
            }
            if text.trim().is_empty() {
                continue;
            }
            append(&path, &entry(text.trim()))?;
            count += 1;
        }
        eprintln!("logged {count} entries to {id}");
        return Ok(0);
    }
    let text = text.trim();
    if text.is_empty() {
        bail!("the text must not be empty");
    }
    append(&path, &entry(text))?;
    eprintln!("logged to {id}");
    Ok(0)
}

fn payload(kind: LogKind, text: &str, source: &Option<String>, likelihood: Likelihood) -> Payload {
    let text = text.to_string();
    match kind {
        LogKind::Note => Payload::Note { text },
        LogKind::Action => Payload::Action { text, action: ActionKind::Mitigation, result: None },
        LogKind::Event => Payload::Event { text, source: source.clone(), state: None, since: None },
        LogKind::Hypothesis => Payload::Hypothesis { text, likelihood },
        LogKind::FollowUp => {
            let (text, owner) = split_owner(&text);
            Payload::FollowUp { text, owner }
        }
    }
}

/// `10:39`, `10:39:05` (UTC, the most recent such time not after `now`)
/// or an RFC 3339 time, not in the future.
pub fn parse_when(s: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let s = s.trim();
    let t = if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        t.with_timezone(&Utc)
    } else {
        let time = NaiveTime::parse_from_str(s, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
            .map_err(|_| format!("--at `{s}`: use HH:MM, HH:MM:SS (UTC) or an RFC 3339 time"))?;
        let today = now.date_naive().and_time(time).and_utc();
        if today > now { today - chrono::Duration::days(1) } else { today }
    };
    if t > now + chrono::Duration::seconds(5) {
        return Err(format!("--at {s} is in the future (now {})", now.format("%H:%M:%S UTC")));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_it_happened() {
        let now: DateTime<Utc> = "2026-11-23T11:45:00Z".parse().unwrap();
        let p = |s| parse_when(s, now).map(|t| t.to_rfc3339());
        assert_eq!(p("10:39"), Ok("2026-11-23T10:39:00+00:00".into()));
        assert_eq!(p("10:39:05"), Ok("2026-11-23T10:39:05+00:00".into()));
        assert_eq!(p("23:50"), Ok("2026-11-22T23:50:00+00:00".into()), "the last 24 hours");
        assert_eq!(p("2026-11-23T12:39:00+02:00"), Ok("2026-11-23T10:39:00+00:00".into()));
        assert!(p("2026-11-24T10:00:00Z").unwrap_err().contains("in the future"));
        assert!(p("yesterday").unwrap_err().contains("HH:MM"));
    }
}
