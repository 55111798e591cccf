//! The binding table. Each row: keys, action, scope, description and, if it
//! belongs in the hint bar, a short hint.

use crossterm::event::{KeyCode, KeyModifiers};

use super::action::Action;

/// Where a binding applies. Pane scopes are tried before `Dashboard`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Anywhere outside dialogs, with or without an incident.
    Global,
    /// The dashboard with an incident open.
    Dashboard,
    /// The "no incident" screen.
    NoIncident,
    /// The hypotheses pane has focus.
    Hypotheses,
    /// The actions pane has focus.
    Actions,
    /// The logs pane has focus.
    Logs,
    /// Running `warroom demo`.
    Demo,
    /// Running `warroom replay`.
    Replay,
    /// The help screen.
    Help,
    /// A text prompt (`:`, note, …).
    Prompt,
    /// A yes/no question.
    Confirm,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Dashboard => "Incident",
            Scope::NoIncident => "No incident open",
            Scope::Hypotheses => "Hypotheses pane",
            Scope::Actions => "Actions pane",
            Scope::Logs => "Logs pane",
            Scope::Demo => "warroom demo",
            Scope::Replay => "warroom replay",
            Scope::Help => "Help",
            Scope::Prompt => "Text input",
            Scope::Confirm => "Questions",
        }
    }
}

pub type Key = (KeyCode, KeyModifiers);

const fn k(c: char) -> Key {
    (KeyCode::Char(c), KeyModifiers::NONE)
}
const fn code(c: KeyCode) -> Key {
    (c, KeyModifiers::NONE)
}
const fn ctrl(c: char) -> Key {
    (KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub scope: Scope,
    pub desc: &'static str,
    pub hint: Option<&'static str>,
}

const fn b(
    keys: &'static [Key],
    action: Action,
    scope: Scope,
    desc: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding { keys, action, scope, desc, hint }
}

use Action as A;
use Scope as S;

pub static BINDINGS: &[Binding] = &[
    b(&[k('?')], A::Help, S::Global, "show every key", Some("help")),
    b(&[k(':')], A::CommandLine, S::Global, "command line (:sev high, :phase next, :note …)", Some("cmd")),
    b(&[k('q')], A::Quit, S::Global, "quit (asks first)", Some("quit")),
    b(&[ctrl('c')], A::ForceQuit, S::Global, "quit now (anything not yet saved goes to a rescue file)", None),
    b(
        &[code(KeyCode::Esc)],
        A::Back,
        S::Global,
        "back: unzoom, every log pattern again, leave a replay, clear the message",
        None,
    ),
    b(
        &[k('1')],
        A::ViewIncident,
        S::Global,
        "incident panes (triage, timeline, hypotheses, actions)",
        Some("incident"),
    ),
    b(&[k('2')], A::ViewSignals, S::Global, "signal panes (health, metrics, alerts, SLOs, logs)", Some("signals")),
    b(&[k('M')], A::Messages, S::Global, "recent messages and warnings (also :messages)", None),
    b(&[k('d')], A::Declare, S::NoIncident, "declare an incident", Some("declare")),
    // First-minute keys first: hinted only while what they set is missing.
    b(&[k('C')], A::TakeCommand, S::Dashboard, "take command (hand over: :assign commander NAME)", Some("command")),
    b(&[k('I')], A::SetImpact, S::Dashboard, "set impact: users, services, data or business", Some("impact")),
    b(&[code(KeyCode::Tab)], A::FocusNext, S::Dashboard, "focus the next pane", Some("pane")),
    b(&[(KeyCode::BackTab, KeyModifiers::SHIFT)], A::FocusPrev, S::Dashboard, "focus the previous pane", None),
    b(
        &[k('z'), code(KeyCode::Enter)],
        A::Zoom,
        S::Dashboard,
        "zoom the focused pane (again or Esc to unzoom)",
        Some("zoom"),
    ),
    b(&[k('j'), code(KeyCode::Down)], A::Down, S::Dashboard, "down / next item", None),
    b(&[k('k'), code(KeyCode::Up)], A::Up, S::Dashboard, "up / previous item", None),
    b(&[code(KeyCode::PageDown), ctrl('d')], A::PageDown, S::Dashboard, "page down", None),
    b(&[code(KeyCode::PageUp), ctrl('u')], A::PageUp, S::Dashboard, "page up", None),
    b(&[k('g'), code(KeyCode::Home)], A::Top, S::Dashboard, "to the top (oldest)", None),
    b(&[k('G'), code(KeyCode::End)], A::Bottom, S::Dashboard, "to the bottom (newest, follows)", None),
    b(&[k('n')], A::Note, S::Dashboard, "add a note to the timeline", Some("note")),
    b(&[k('a')], A::AddAction, S::Dashboard, "record an action (mitigation, investigation, comms)", Some("action")),
    b(&[k('h')], A::AddHypothesis, S::Dashboard, "add a hypothesis", Some("hyp")),
    b(&[k('s')], A::SetSeverity, S::Dashboard, "set severity", Some("sev")),
    b(
        &[k('A')],
        A::AcceptSeverity,
        S::Dashboard,
        "accept the severity the signals suggest (triage pane)",
        Some("accept sev"),
    ),
    b(&[k(']')], A::PhaseNext, S::Dashboard, "next phase (asks if checklist items are open)", Some("phase")),
    b(&[k('[')], A::PhasePrev, S::Dashboard, "previous phase", None),
    b(&[k('f')], A::FollowUp, S::Dashboard, "add a follow-up item (end with @owner)", Some("follow-up")),
    b(&[k('R')], A::Recovered, S::Dashboard, "confirm recovery (validation)", Some("recovered")),
    b(&[k('L')], A::Lesson, S::Dashboard, "add a lesson (went well / could be improved)", Some("lesson")),
    b(
        &[k('u')],
        A::Update,
        S::Dashboard,
        "draft a stakeholder update (Enter sends, posts to webhooks)",
        Some("update"),
    ),
    b(
        &[k('Y')],
        A::CaptureEvidence,
        S::Dashboard,
        "capture what the focused pane shows as evidence for the selected hypothesis (:capture H#)",
        Some("capture"),
    ),
    b(
        &[k('W')],
        A::StartClock,
        S::Dashboard,
        "start a clock: next check-in, a rollback deadline (:timer 10m LABEL; :done T1)",
        Some("clock"),
    ),
    b(
        &[k('P')],
        A::OpenReplay,
        S::Dashboard,
        "replay the incident from 10 minutes ago (Esc returns to live; warroom replay)",
        None,
    ),
    b(
        &[k('B')],
        A::Brief,
        S::Dashboard,
        "handover brief for an incoming commander (also saved beside the journal; warroom brief)",
        Some("brief"),
    ),
    b(&[k('!')], A::Runbook, S::Dashboard, "run a runbook action (type its name to confirm)", Some("runbook")),
    b(&[k('t')], A::Testing, S::Hypotheses, "mark the selected hypothesis testing", Some("testing")),
    b(&[k('c')], A::Confirm, S::Hypotheses, "confirm the selected hypothesis", Some("confirm")),
    b(&[k('x')], A::Disprove, S::Hypotheses, "disprove the selected hypothesis", Some("disprove")),
    b(&[k('e')], A::Evidence, S::Hypotheses, "add evidence to the selected hypothesis", Some("evidence")),
    b(&[k('w')], A::NextCheck, S::Hypotheses, "set what to check next for it", None),
    b(
        &[k('b')],
        A::TimeBox,
        S::Hypotheses,
        "time-box it: decide within 10m, 1h … (a clock in the header)",
        Some("time-box"),
    ),
    b(&[k('r')], A::ActionResult, S::Actions, "record the selected action's result", Some("result")),
    b(&[k('T')], A::MarkTemporary, S::Actions, "mark it a temporary mitigation, with how to revert it", Some("temp")),
    b(&[k('V')], A::Reverted, S::Actions, "the temporary mitigation was reverted (:kept if permanent)", None),
    b(&[k('E')], A::Amend, S::Hypotheses, "correct the selected hypothesis' text", None),
    b(&[k('D')], A::Retract, S::Hypotheses, "retract the selected hypothesis (asks why)", None),
    b(&[k('E')], A::Amend, S::Actions, "correct the selected action's text", None),
    b(&[k('D')], A::Retract, S::Actions, "retract the selected action (asks why)", None),
    b(&[k('j'), code(KeyCode::Down)], A::Down, S::Help, "scroll down", None),
    b(&[k('k'), code(KeyCode::Up)], A::Up, S::Help, "scroll up", None),
    b(&[code(KeyCode::PageDown), k(' '), ctrl('d')], A::PageDown, S::Help, "page down", Some("page")),
    b(&[code(KeyCode::PageUp), ctrl('u')], A::PageUp, S::Help, "page up", None),
    b(&[k('g'), code(KeyCode::Home)], A::Top, S::Help, "to the top", None),
    b(&[k('G'), code(KeyCode::End)], A::Bottom, S::Help, "to the bottom", None),
    b(&[k('/')], A::Search, S::Help, "search the help", Some("search")),
    b(&[k('n')], A::NextMatch, S::Help, "next match", None),
    b(&[k('N')], A::PrevMatch, S::Help, "previous match", None),
    b(&[code(KeyCode::Esc), k('?'), k('q')], A::Back, S::Help, "clear the search, else close help", Some("close")),
    b(&[k('/')], A::LogFilter, S::Logs, "filter log lines by regex (empty clears)", Some("filter")),
    b(&[k('l')], A::LogLevel, S::Logs, "show all / warnings+ / errors+", Some("level")),
    b(&[k('p')], A::LogPause, S::Logs, "pause or follow the tail", Some("pause")),
    b(&[k('n')], A::LogNextMatch, S::Logs, "next (older) line matching the filter (notes: :note)", Some("next")),
    b(&[k('N')], A::LogPrevMatch, S::Logs, "previous (newer) line matching the filter", None),
    b(&[k('e')], A::LogNextError, S::Logs, "next (older) error line", Some("error")),
    b(&[k('E')], A::LogPrevError, S::Logs, "previous (newer) error line", None),
    b(
        &[code(KeyCode::Enter)],
        A::LogPattern,
        S::Logs,
        "show only the lines of a top error pattern (Esc shows all)",
        Some("pattern"),
    ),
    b(&[code(KeyCode::Left)], A::ReplayBack, S::Replay, "a minute back", Some("-1m")),
    b(&[code(KeyCode::Right)], A::ReplayForward, S::Replay, "a minute on", Some("+1m")),
    b(&[k('<'), (KeyCode::Left, KeyModifiers::SHIFT)], A::ReplayBackMore, S::Replay, "ten minutes back", Some("-10m")),
    b(
        &[k('>'), (KeyCode::Right, KeyModifiers::SHIFT)],
        A::ReplayForwardMore,
        S::Replay,
        "ten minutes on",
        Some("+10m"),
    ),
    b(&[k(',')], A::ReplayPrevEntry, S::Replay, "to the previous journal entry", Some("entry")),
    b(&[k('.')], A::ReplayNextEntry, S::Replay, "to the next journal entry", None),
    b(&[k('0')], A::ReplayStart, S::Replay, "to the declaration", None),
    b(&[k('$')], A::ReplayEnd, S::Replay, "to the end of the record", None),
    b(&[k('F')], A::DemoFix, S::Demo, "apply the demo scenario's fix (recorded as a mitigation)", Some("fix (demo)")),
    b(&[code(KeyCode::Enter)], A::Submit, S::Prompt, "save", Some("save")),
    b(&[code(KeyCode::Esc)], A::Back, S::Prompt, "cancel", Some("cancel")),
    b(&[k('y')], A::Yes, S::Confirm, "yes", Some("yes")),
    b(&[k('n'), code(KeyCode::Esc)], A::No, S::Confirm, "no", Some("no")),
];
