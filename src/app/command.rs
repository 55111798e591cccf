//! The `:` command line. Commands parse to the same actions and entries as
//! keys; [`COMMANDS`] is the list the help screen shows.

use crate::incident::{
    ActionKind, ClockEnd, HypothesisStatus, ImpactField, Likelihood, Payload, Phase, Role, SafetyCheck, SafetyLevel,
    Severity, TempEnd,
};
use crate::keymap::Action;

/// (usage, description), in help order.
pub const COMMANDS: &[(&str, &str)] = &[
    (":sev LEVEL", "severity: critical|high|medium|low (or sev1..sev4)"),
    (":phase next|prev|NAME", "move the incident to a phase"),
    (":note TEXT", "add a note"),
    (":event TEXT", "record something that happened (deploy, alert, …)"),
    (":action [KIND] TEXT", "record an action: mitigation|investigation|communication"),
    (":result [A#] TEXT", "result of an action (default: the selected one)"),
    (":temp [A#] HOW TO REVERT", "mark an action a temporary mitigation (T on the actions pane)"),
    (":timer DURATION LABEL", "a clock in the header: :timer 10m next check-in (W)"),
    (":timebox [H#] DURATION", "time-box a hypothesis: decide on it by then (b on the pane)"),
    (":done|:cancel T#", "stop a clock: done, or called off"),
    (":reverted|:kept [A#] TEXT", "a temporary mitigation reverted, or made permanent (V)"),
    (":hyp [LIKELIHOOD] TEXT", "add a hypothesis: high|medium|low"),
    (":testing|:confirm|:disprove [H#]", "set a hypothesis' status"),
    (":evidence [H#] TEXT", "add evidence to a hypothesis"),
    (":capture [H#]", "freeze what the focused pane shows as evidence (Y)"),
    (":check [H#] TEXT", "what to check next for a hypothesis"),
    (":likely [H#] LIKELIHOOD", "change a hypothesis' likelihood"),
    (":assign ROLE NAME", "roles: commander|comms|scribe"),
    (":impact FIELD TEXT", "fields: users|services|data|business"),
    (":safety CHECK LEVEL", "database|stability|rollback: safe|caution|at_risk"),
    (":title TEXT / :service NAME", "rename the incident / set the affected service"),
    (":followup TEXT [@owner]", "a follow-up item for the postmortem"),
    (":recovered TEXT", "confirm recovery (validation checklist)"),
    (":lesson +|- TEXT", "a lesson: + went well, - could be improved"),
    (":declare [TITLE]", "declare a new incident"),
    (":amend H#|A#|last TEXT", "correct an entry (the journal keeps both; E on a pane)"),
    (":retract H#|A#|last WHY", "take an entry back, saying why (D on a pane)"),
    (":messages", "what the status line said lately, warnings too (M)"),
    (":brief", "the handover brief for an incoming commander (B)"),
    (":replay", "replay the incident from 10 minutes ago; Esc returns to live (P)"),
    (":help  :q  :q!", "help, quit (asks), quit now"),
];

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Action(Action),
    Append(Payload),
    PhaseTo(Phase),
    Hypothesis {
        number: Option<usize>,
        op: HypOp,
    },
    Result {
        number: Option<usize>,
        text: String,
    },
    /// Capture the focused pane as evidence.
    Capture(Option<usize>),
    /// Start a clock that runs out `after` from now.
    Clock {
        after: std::time::Duration,
        label: String,
    },
    /// Time-box a hypothesis (the selected one without a number).
    TimeBox {
        number: Option<usize>,
        after: std::time::Duration,
    },
    /// Stop clock T#.
    StopClock {
        number: usize,
        end: ClockEnd,
    },
    /// Mark an action temporary, with how to revert it.
    Temporary {
        number: Option<usize>,
        revert: String,
    },
    /// A temporary mitigation reverted or kept.
    TempEnd {
        number: Option<usize>,
        end: TempEnd,
        text: String,
    },
    Declare(Option<String>),
    /// Amend (or retract, with a reason) H#, A# or your last entry.
    Correct {
        target: Target,
        text: String,
        retract: bool,
    },
}

/// What a correction is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Hypothesis(usize),
    Action(usize),
    /// The operator's own last note, event, hypothesis or action.
    Last,
}

#[derive(Debug, Clone, PartialEq)]
pub enum HypOp {
    Status(HypothesisStatus),
    Evidence(String),
    Check(String),
    Likely(Likelihood),
}

/// Parses a command line (without the leading `:`).
pub fn parse(line: &str) -> Result<Command, String> {
    let line = line.trim().trim_start_matches(':').trim();
    let (name, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let need = |what: &str| {
        if rest.is_empty() { Err(format!(":{name} needs {what}")) } else { Ok(rest.to_string()) }
    };
    let append = Command::Append;
    Ok(match name.to_ascii_lowercase().as_str() {
        "" => return Err("empty command; :help lists them".into()),
        "help" | "h" | "?" => Command::Action(Action::Help),
        "messages" | "msg" | "warnings" => Command::Action(Action::Messages),
        "brief" | "handover" => Command::Action(Action::Brief),
        "replay" | "playback" => Command::Action(Action::OpenReplay),
        "q" | "quit" | "exit" => Command::Action(Action::Quit),
        "q!" | "quit!" => Command::Action(Action::ForceQuit),
        "sev" | "severity" => {
            let s = Severity::parse(&need("a level")?)
                .ok_or_else(|| format!("unknown severity `{rest}`; use {}", Severity::words()))?;
            append(Payload::Severity { severity: s, reason: None, overrides: None })
        }
        "phase" => match rest.to_ascii_lowercase().as_str() {
            "next" | "+" => Command::Action(Action::PhaseNext),
            "prev" | "back" | "-" => Command::Action(Action::PhasePrev),
            _ => Command::PhaseTo(
                Phase::parse(&need("next, prev or a phase")?).ok_or_else(|| format!("unknown phase `{rest}`"))?,
            ),
        },
        "note" | "n" => append(Payload::Note { text: need("text")? }),
        "event" => append(Payload::Event { text: need("text")?, source: None, state: None, since: None }),
        "action" | "a" => {
            let text = need("text")?;
            let (kind, text) = leading_word(&text, ActionKind::parse);
            let text = nonempty(text, name)?;
            append(Payload::Action { text, action: kind.unwrap_or(ActionKind::Mitigation), result: None })
        }
        "result" => {
            let (number, text) = leading_ref(&need("text")?, 'a');
            Command::Result { number, text: nonempty(text, name)? }
        }
        "capture" | "cap" | "yank" => {
            let (number, extra) = leading_ref(rest, 'h');
            if !extra.is_empty() {
                return Err(format!(":capture takes a hypothesis like H2, not `{extra}`"));
            }
            Command::Capture(number)
        }
        "timer" | "clock" => {
            let text = need("a duration and a label")?;
            let (d, label) = text.split_once(char::is_whitespace).unwrap_or((&text, ""));
            Command::Clock { after: clock_duration(d)?, label: nonempty(label.to_string(), name)? }
        }
        "timebox" | "time-box" | "tb" => {
            let (number, d) = leading_ref(&need("a duration")?, 'h');
            Command::TimeBox { number, after: clock_duration(&d)? }
        }
        "done" | "cancel" | "canceled" | "cancelled" => {
            let end = if name.eq_ignore_ascii_case("done") { ClockEnd::Done } else { ClockEnd::Cancelled };
            match leading_ref(&need("a clock like T1")?, 't') {
                (Some(number), rest) if rest.is_empty() => Command::StopClock { number, end },
                _ => return Err(format!(":{name} takes a clock like T1 (not `{rest}`)")),
            }
        }
        "temp" | "temporary" => {
            let (number, revert) = leading_ref(&need("how to revert it")?, 'a');
            Command::Temporary { number, revert: nonempty(revert, name)? }
        }
        "reverted" | "revert" | "kept" | "keep" => {
            let end = TempEnd::parse(name).unwrap_or(TempEnd::Reverted);
            let (number, text) = leading_ref(&need("what was done")?, 'a');
            Command::TempEnd { number, end, text: nonempty(text, name)? }
        }
        "hyp" | "hypothesis" => {
            let text = need("text")?;
            let (likelihood, text) = leading_word(&text, Likelihood::parse);
            append(Payload::Hypothesis {
                text: nonempty(text, name)?,
                likelihood: likelihood.unwrap_or(Likelihood::Medium),
            })
        }
        "testing" | "test" => hyp_status(rest, HypothesisStatus::Testing)?,
        "confirm" | "confirmed" => hyp_status(rest, HypothesisStatus::Confirmed)?,
        "disprove" | "disproven" => hyp_status(rest, HypothesisStatus::Disproven)?,
        "reopen" => hyp_status(rest, HypothesisStatus::Open)?,
        "evidence" | "ev" => {
            let (number, text) = leading_ref(&need("text")?, 'h');
            Command::Hypothesis { number, op: HypOp::Evidence(nonempty(text, name)?) }
        }
        "check" | "next" => {
            let (number, text) = leading_ref(&need("text")?, 'h');
            Command::Hypothesis { number, op: HypOp::Check(nonempty(text, name)?) }
        }
        "likely" | "likelihood" => {
            let (number, text) = leading_ref(&need("a likelihood")?, 'h');
            let l = Likelihood::parse(&text)
                .ok_or_else(|| format!("unknown likelihood `{text}`; use {}", Likelihood::words()))?;
            Command::Hypothesis { number, op: HypOp::Likely(l) }
        }
        "assign" | "role" => {
            let text = need("a role and a name")?;
            let (role, name_) = text.split_once(char::is_whitespace).ok_or(":assign needs a role and a name")?;
            let role = Role::parse(role).ok_or_else(|| format!("unknown role `{role}`; use {}", Role::words()))?;
            append(Payload::Role { role, name: name_.trim().to_string() })
        }
        "impact" => {
            let text = need("a field and text")?;
            let (field, value) = text.split_once(char::is_whitespace).ok_or(":impact needs a field and text")?;
            let field = ImpactField::parse(field)
                .ok_or_else(|| format!("unknown impact field `{field}`; use {}", ImpactField::words()))?;
            append(Payload::Impact { field, value: value.trim().to_string() })
        }
        "safety" => {
            let text = need("a check and a level")?;
            let (check, level) = text.split_once(char::is_whitespace).ok_or(":safety needs a check and a level")?;
            let check = SafetyCheck::parse(check)
                .ok_or_else(|| format!("unknown check `{check}`; use {}", SafetyCheck::words()))?;
            let level = SafetyLevel::parse(level)
                .ok_or_else(|| format!("unknown level `{}`; use {}", level.trim(), SafetyLevel::words()))?;
            append(Payload::Safety { check, level })
        }
        "amend" | "correct" | "retract" => {
            let retract = name.eq_ignore_ascii_case("retract");
            let text = need(if retract { "H#, A# or last, then why" } else { "H#, A# or last, then the text" })?;
            let (what, text) = text.split_once(char::is_whitespace).unwrap_or((&text, ""));
            let target = match (what.to_ascii_lowercase().as_str(), what.get(1..).and_then(|n| n.parse().ok())) {
                ("last", _) => Target::Last,
                (w, Some(n)) if w.starts_with('h') => Target::Hypothesis(n),
                (w, Some(n)) if w.starts_with('a') => Target::Action(n),
                _ => return Err(format!(":{name} takes H#, A# or last first (not `{what}`)")),
            };
            Command::Correct { target, text: nonempty(text.trim().to_string(), name)?, retract }
        }
        "title" => append(Payload::Title { title: need("text")? }),
        "service" => append(Payload::Service { service: need("a name")? }),
        "followup" | "follow-up" | "fu" => {
            let (text, owner) = split_owner(&need("text")?);
            append(Payload::FollowUp { text: nonempty(text, name)?, owner })
        }
        "recovered" | "recovery" => append(Payload::Recovered { text: need("what shows recovery")? }),
        "lesson" => {
            let text = need("+ or - and text")?;
            let (sign, rest) = text.split_at(1);
            let went_well = match sign {
                "+" => true,
                "-" => false,
                _ => return Err(":lesson takes + (went well) or - (could be improved) first".into()),
            };
            append(Payload::Lesson { text: nonempty(rest.to_string(), name)?, went_well })
        }
        "declare" => Command::Declare((!rest.is_empty()).then(|| rest.to_string())),
        other => return Err(format!("unknown command :{other}; :help lists them")),
    })
}

fn hyp_status(rest: &str, status: HypothesisStatus) -> Result<Command, String> {
    let (number, extra) = leading_ref(rest, 'h');
    if !extra.is_empty() {
        return Err(format!("expected a hypothesis like H2, not `{extra}`"));
    }
    Ok(Command::Hypothesis { number, op: HypOp::Status(status) })
}

/// A clock's length: 30s to 7 days, like `10m` or `1h30m`.
fn clock_duration(text: &str) -> Result<std::time::Duration, String> {
    let d = crate::config::duration::parse(text)?;
    if d < std::time::Duration::from_secs(30) {
        return Err(format!("a clock of `{text}` is too short: 30s at least"));
    }
    Ok(d)
}

/// `H2 text` → (Some(2), "text"); the prefix letter is case-insensitive.
fn leading_ref(text: &str, prefix: char) -> (Option<usize>, String) {
    let (first, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let mut chars = first.chars();
    if chars.next().is_some_and(|c| c.eq_ignore_ascii_case(&prefix))
        && let Ok(n) = chars.as_str().parse::<usize>()
    {
        return (Some(n), rest.trim().to_string());
    }
    (None, text.trim().to_string())
}

/// A first word that parses (a kind, a likelihood) and the rest.
fn leading_word<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> (Option<T>, String) {
    match text.split_once(char::is_whitespace) {
        Some((first, rest)) if first.len() > 1 => match parse(first) {
            Some(v) => (Some(v), rest.trim().to_string()),
            None => (None, text.to_string()),
        },
        _ => (None, text.to_string()),
    }
}

fn nonempty(text: String, name: &str) -> Result<String, String> {
    if text.trim().is_empty() { Err(format!(":{name} needs text")) } else { Ok(text.trim().to_string()) }
}

/// `fix the alert @dave` → ("fix the alert", Some("dave")).
pub fn split_owner(text: &str) -> (String, Option<String>) {
    let text = text.trim();
    match text.rsplit_once(char::is_whitespace) {
        Some((head, last)) if last.len() > 1 && last.starts_with('@') => {
            (head.trim().to_string(), Some(last[1..].to_string()))
        }
        _ => (text.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_command_form() {
        let ok = |s: &str| parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(
            ok("sev high"),
            Command::Append(Payload::Severity { severity: Severity::High, reason: None, overrides: None })
        );
        assert_eq!(
            ok(":sev SEV1"),
            Command::Append(Payload::Severity { severity: Severity::Critical, reason: None, overrides: None })
        );
        assert_eq!(ok("phase next"), Command::Action(Action::PhaseNext));
        assert_eq!(ok("phase prev"), Command::Action(Action::PhasePrev));
        assert_eq!(ok("phase root cause"), Command::PhaseTo(Phase::RootCause));
        assert_eq!(ok("note pool at 100%"), Command::Append(Payload::Note { text: "pool at 100%".into() }));
        assert_eq!(
            ok("action investigation check pool"),
            Command::Append(Payload::Action {
                text: "check pool".into(),
                action: ActionKind::Investigation,
                result: None
            })
        );
        assert_eq!(
            ok("action rolled back v1.2.3"),
            Command::Append(Payload::Action {
                text: "rolled back v1.2.3".into(),
                action: ActionKind::Mitigation,
                result: None
            })
        );
        assert_eq!(ok("result A2 errors gone"), Command::Result { number: Some(2), text: "errors gone".into() });
        assert_eq!(ok("result errors gone"), Command::Result { number: None, text: "errors gone".into() });
        assert_eq!(
            ok("temp A3 flip flag checkout.v2 back on"),
            Command::Temporary { number: Some(3), revert: "flip flag checkout.v2 back on".into() }
        );
        assert_eq!(
            ok("kept pool size 50 is the new default"),
            Command::TempEnd { number: None, end: TempEnd::Kept, text: "pool size 50 is the new default".into() }
        );
        assert_eq!(
            ok("reverted A1 flag on again"),
            Command::TempEnd { number: Some(1), end: TempEnd::Reverted, text: "flag on again".into() }
        );
        assert!(parse("temp A1").is_err());
        let min = |m: u64| std::time::Duration::from_secs(60 * m);
        assert_eq!(ok("timer 10m next check-in"), Command::Clock { after: min(10), label: "next check-in".into() });
        assert_eq!(
            ok("timer 1h30m rollback deadline"),
            Command::Clock { after: min(90), label: "rollback deadline".into() }
        );
        assert_eq!(ok("timebox H2 15m"), Command::TimeBox { number: Some(2), after: min(15) });
        assert_eq!(ok("timebox 5m"), Command::TimeBox { number: None, after: min(5) });
        assert_eq!(ok("done T3"), Command::StopClock { number: 3, end: ClockEnd::Done });
        assert_eq!(ok("cancel t1"), Command::StopClock { number: 1, end: ClockEnd::Cancelled });
        assert!(parse("timer 10m").is_err(), "a clock needs a label");
        assert!(parse("timer soon check").is_err());
        assert!(parse("timer 5s check").is_err(), "too short to act on");
        assert!(parse("done H1").is_err());
        assert_eq!(ok("replay"), Command::Action(Action::OpenReplay));
        assert_eq!(ok("capture H2"), Command::Capture(Some(2)));
        assert_eq!(
            ok("hyp high pool exhausted"),
            Command::Append(Payload::Hypothesis { text: "pool exhausted".into(), likelihood: Likelihood::High })
        );
        assert_eq!(
            ok("confirm h3"),
            Command::Hypothesis { number: Some(3), op: HypOp::Status(HypothesisStatus::Confirmed) }
        );
        assert_eq!(
            ok("disprove"),
            Command::Hypothesis { number: None, op: HypOp::Status(HypothesisStatus::Disproven) }
        );
        assert_eq!(
            ok("evidence H1 graph"),
            Command::Hypothesis { number: Some(1), op: HypOp::Evidence("graph".into()) }
        );
        assert_eq!(ok("likely h2 low"), Command::Hypothesis { number: Some(2), op: HypOp::Likely(Likelihood::Low) });
        assert_eq!(
            ok("assign commander alice"),
            Command::Append(Payload::Role { role: Role::Commander, name: "alice".into() })
        );
        assert_eq!(
            ok("impact users 30% of EU checkouts"),
            Command::Append(Payload::Impact { field: ImpactField::Users, value: "30% of EU checkouts".into() })
        );
        assert_eq!(
            ok("safety db at risk"),
            Command::Append(Payload::Safety { check: SafetyCheck::Database, level: SafetyLevel::AtRisk })
        );
        assert_eq!(
            ok("followup add pool alert @dave"),
            Command::Append(Payload::FollowUp { text: "add pool alert".into(), owner: Some("dave".into()) })
        );
        assert_eq!(ok("declare"), Command::Declare(None));
        assert_eq!(ok("declare Checkout down"), Command::Declare(Some("Checkout down".into())));
        assert_eq!(ok("q!"), Command::Action(Action::ForceQuit));
    }

    #[test]
    fn explains_what_is_wrong() {
        let err = |s: &str| parse(s).unwrap_err();
        assert!(err("sev urgent").contains("critical, high, medium, low"));
        assert!(err("note").contains("needs text"));
        assert!(err("frobnicate").contains("unknown command :frobnicate"));
        assert!(err("assign commander").contains("role and a name"));
        assert!(err("confirm the pool one").contains("expected a hypothesis"));
        assert!(err("").contains("empty"));
    }
}
