//! `warroom log`: append an entry from a shell or a deploy pipeline. Open
//! dashboards show it within a second. `-` as the text reads one entry per
//! line from standard input.

use std::io::BufRead;

use color_eyre::eyre::{Result, bail};

use super::Context;
use crate::app::command::split_owner;
use crate::cli::LogKind;
use crate::incident::{ActionKind, Entry, IncidentId, Likelihood, Payload};
use crate::journal::append;

pub fn run(
    ctx: &Context,
    text: String,
    kind: LogKind,
    incident: Option<IncidentId>,
    source: Option<String>,
    likelihood: Likelihood,
) -> Result<i32> {
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
        for line in std::io::stdin().lock().lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let entry = Entry::new(chrono::Utc::now(), &ctx.operator, payload(kind, line.trim(), &source, likelihood));
            append(&path, &entry)?;
            count += 1;
        }
        eprintln!("logged {count} entries to {id}");
        return Ok(0);
    }
    let text = text.trim();
    if text.is_empty() {
        bail!("the text must not be empty");
    }
    let entry = Entry::new(chrono::Utc::now(), &ctx.operator, payload(kind, text, &source, likelihood));
    append(&path, &entry)?;
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
