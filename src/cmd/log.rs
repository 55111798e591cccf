//! `warroom log`: append an entry from a shell or a deploy pipeline. Open
//! dashboards show it within a second.

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
    let text = text.trim().to_string();
    if text.is_empty() {
        bail!("the text must not be empty");
    }
    let dir = ctx.dir()?;
    let id = ctx.pick(&dir, incident)?;
    // Loading checks that the incident exists and is a real journal.
    dir.load(&id)?;
    let payload = match kind {
        LogKind::Note => Payload::Note { text },
        LogKind::Action => Payload::Action {
            text,
            action: ActionKind::Mitigation,
            result: None,
        },
        LogKind::Event => Payload::Event { text, source },
        LogKind::Hypothesis => Payload::Hypothesis { text, likelihood },
        LogKind::FollowUp => {
            let (text, owner) = split_owner(&text);
            Payload::FollowUp { text, owner }
        }
    };
    let entry = Entry::new(chrono::Utc::now(), &ctx.operator, payload);
    append(&dir.journal_path(&id), &entry)?;
    eprintln!("logged to {id}");
    Ok(0)
}
