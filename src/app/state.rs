//! Everything the screen shows, in one struct that only `update` writes.

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use tui_input::Input;

use std::collections::{HashMap, HashSet};

use crate::incident::{
    ActionKind, Entry, ImpactField, Incident, IncidentId, IncidentKind, Likelihood, Phase, Severity,
};
use crate::signals::Signals;
use crate::sources::Level;

/// Replication between sites, as the screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Replication {
    Online,
    Offline {
        since: DateTime<Utc>,
        why: String,
    },
    /// Another process replicates this directory.
    Elsewhere,
}

/// Status messages and warnings kept for `:messages`.
pub const MESSAGES_CAP: usize = 200;

/// What kind of thing the status line said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    Info,
    Error,
    Warning,
}

/// One thing the status line said, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub at: DateTime<Utc>,
    pub text: String,
    pub kind: Said,
}

/// Entries kept for retry when the disk refuses them.
pub const UNSAVED_CAP: usize = 1_000;

#[derive(Debug)]
pub struct State {
    pub now: DateTime<Utc>,
    pub operator: String,
    /// The incident being followed, if any, even before its journal loaded.
    pub incident_id: Option<IncidentId>,
    pub incident: Option<Incident>,
    pub focus: Pane,
    pub zoomed: bool,
    pub scroll: Scroll,
    pub mode: Mode,
    /// One line of feedback at the bottom: the last thing that happened.
    pub flash: Option<Flash>,
    /// Entries the journal refused (disk full, permissions); retried on tick.
    pub unsaved: Vec<(IncidentId, Entry)>,
    pub presence: Vec<String>,
    /// Replication between sites: online, offline since, or handled by
    /// another process; None when not configured.
    pub replication: Option<Replication>,
    /// What `/` in help searches for; empty when not searching.
    pub help_query: String,
    /// What the status line said lately (`:messages`), oldest first.
    pub messages: VecDeque<Message>,
    pub color: bool,
    /// Set by `update` when the screen must be redrawn.
    pub dirty: bool,
    /// A big journal is being read (it opened in slices): what is folded
    /// so far is not the whole incident, and a frame drawn meanwhile says so.
    pub journal_loading: bool,
    /// What the sources have said.
    pub signals: Signals,
    /// Which group of panes a normal-sized terminal shows.
    pub view: View,
    /// Terminal size, for which panes fit.
    pub size: (u16, u16),
    pub logs: LogView,
    /// Transitions asked to be recorded and not yet read back, by source.
    pub auto_sent: HashMap<String, String>,
    pub auto_once: HashSet<(String, String)>,
    /// Each phase's telemetry exit conditions.
    pub gates: PhaseGates,
    /// Set in `warroom replay`: the moment shown, and what it is built from.
    pub replay: Option<Box<crate::app::replay::Replay>>,
    /// Since when each gate condition has held (by label).
    pub held: crate::signals::gates::Held,
    /// The last half-minute whose signal snapshot was asked for (replay).
    pub snapshot_slot: Option<i64>,
    /// Clocks whose expiry this process asked to record.
    pub expiry_sent: HashSet<String>,
    /// Set in `warroom demo`: the scenario's fix, and whether it was applied.
    pub demo: Option<DemoInfo>,
    pub updates: crate::config::updates::Updates,
    pub actions: crate::config::updates::Actions,
    /// Updates a webhook refused, kept for a later retry: (webhook, text, error).
    pub unposted: Vec<(String, String, String)>,
    /// The runbook action running or last run.
    pub run: Option<RunView>,
}

#[derive(Debug, Clone)]
pub struct RunView {
    pub name: String,
    pub started: DateTime<Utc>,
    pub lines: VecDeque<String>,
    /// (status, ok, duration in ms) once it ended.
    pub done: Option<(String, bool, u64)>,
}

/// Output lines kept for the runbook view.
pub const RUN_LINES: usize = 500;

#[derive(Debug, Clone)]
pub struct DemoInfo {
    pub action: String,
    pub hint: String,
    pub fixed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Incident,
    Signals,
}

/// The log pane's filter, level and scroll.
#[derive(Debug, Clone, Default)]
pub struct LogView {
    pub filter: Option<(String, regex::Regex)>,
    /// Lines below this level are hidden (`Unknown` shows all).
    pub min_level: Level,
    /// Matching lines scrolled back from the newest (0 = following).
    pub back: usize,
    pub paused: bool,
    /// Only the lines of this error pattern (key, pattern as shown).
    pub pattern: Option<(u64, String)>,
}

impl LogView {
    /// The most lines searched for matches when the tail is filtered.
    pub const SCAN: usize = 50_000;

    pub fn shows(&self, level: Level, text: &str, pattern: Option<u64>) -> bool {
        (self.min_level <= Level::Unknown || level >= self.min_level)
            && self.pattern.as_ref().is_none_or(|(k, _)| pattern == Some(*k))
            && self.filter.as_ref().is_none_or(|(_, re)| re.is_match(text))
    }

    /// The lines the logs pane shows, newest first: the filter, level and
    /// pattern applied, from where it is scrolled back to. The pane and
    /// evidence capture read the same lines from here.
    pub fn shown<'a>(
        &'a self,
        store: &'a crate::signals::logs::LogStore,
    ) -> impl Iterator<Item = &'a crate::signals::logs::StoredLine> + 'a {
        store.lines.iter().rev().take(Self::SCAN).filter(|l| self.shows(l.level, &l.text, l.pattern)).skip(self.back)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Triage,
    Timeline,
    Hypotheses,
    Actions,
    Health,
    Metrics,
    Alerts,
    Logs,
    Slos,
}

impl Pane {
    pub const INCIDENT: [Pane; 4] = [Pane::Triage, Pane::Timeline, Pane::Hypotheses, Pane::Actions];
    pub fn title(self) -> &'static str {
        match self {
            Pane::Triage => "Triage",
            Pane::Timeline => "Timeline",
            Pane::Hypotheses => "Hypotheses",
            Pane::Actions => "Actions",
            Pane::Health => "Health",
            Pane::Metrics => "Metrics",
            Pane::Alerts => "Alerts",
            Pane::Logs => "Logs",
            Pane::Slos => "SLOs",
        }
    }
}

/// A terminal at least this big shows every pane at once.
pub const WIDE: (u16, u16) = (150, 40);

/// Scroll positions. The timeline counts lines up from the newest (0 =
/// following); lists keep a selected index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scroll {
    pub timeline_back: usize,
    pub triage: usize,
    pub hypothesis: usize,
    pub action: usize,
    pub help: usize,
    pub messages: usize,
    pub brief: usize,
    pub health: usize,
    pub metrics: usize,
    pub alerts: usize,
    pub slos: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub error: bool,
    /// When it was said: news waits until it has been readable a while.
    pub at: DateTime<Utc>,
    /// News that arrived while this was shown (listed by `:messages`).
    pub newer: usize,
}

impl Flash {
    pub fn age_secs(&self, now: DateTime<Utc>) -> i64 {
        (now - self.at).num_seconds()
    }
}

/// A status message stays at least this long before news replaces it.
pub const FLASH_READ_SECS: i64 = 6;
/// An information message goes from the status line after this long
/// (`:messages` keeps it); errors stay until Esc or the next message.
pub const FLASH_SHOW_SECS: i64 = 60;

#[derive(Debug, Default)]
pub enum Mode {
    #[default]
    Normal,
    Help,
    /// Recent status messages and warnings (`:messages`).
    Messages,
    /// The handover brief (`B`), as it was when opened.
    Brief(String),
    Prompt(Prompt),
    Choice(Choice),
    Confirm(Confirm),
}

#[derive(Debug)]
pub struct Prompt {
    pub purpose: PromptFor,
    pub input: Input,
}

/// What a text prompt is for; decides its title and what Enter writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptFor {
    Command,
    Note,
    ActionText,
    HypothesisText,
    Evidence { hypothesis: String, label: String },
    NextCheck { hypothesis: String, label: String },
    ActionResult { action: String, label: String },
    Temporary { action: String, label: String },
    Reverted { action: String, label: String },
    Clock,
    TimeBox { hypothesis: String, label: String },
    FollowUp,
    Recovered,
    DeclareTitle,
    LogFilter,
    HelpSearch,
    Impact(ImpactField),
    Amend { entry: String, label: String },
    Retract { entry: String, label: String },
    Lesson,
    Update,
    ConfirmRun { name: String },
}

impl PromptFor {
    pub fn title(&self) -> String {
        match self {
            PromptFor::Command => ":".into(),
            PromptFor::Note => "Note".into(),
            PromptFor::ActionText => "Action taken".into(),
            PromptFor::HypothesisText => "Hypothesis".into(),
            PromptFor::Evidence { label, .. } => format!("Evidence for {label}"),
            PromptFor::NextCheck { label, .. } => format!("Next check for {label}"),
            PromptFor::ActionResult { label, .. } => format!("Result of {label}"),
            PromptFor::Temporary { label, .. } => format!("{label} is temporary: how to revert it?"),
            PromptFor::Clock => "Clock: DURATION LABEL (10m next check-in)".into(),
            PromptFor::TimeBox { label, .. } => format!("Time-box {label}: decide within (10m, 1h)"),
            PromptFor::Reverted { label, .. } => format!("{label} reverted: what was done (:kept if permanent)"),
            PromptFor::FollowUp => "Follow-up (end with @owner)".into(),
            PromptFor::Recovered => "Recovery confirmed by".into(),
            PromptFor::DeclareTitle => "Declare incident: title".into(),
            PromptFor::LogFilter => "Filter logs (regex, empty clears)".into(),
            PromptFor::HelpSearch => "Search help".into(),
            PromptFor::Impact(f) => format!("Impact: {}", f.label()),
            PromptFor::Amend { label, .. } => format!("Correct {label} (the journal keeps the original)"),
            PromptFor::Retract { label, .. } => format!("Retract {label}: why?"),
            PromptFor::Lesson => "Lesson for the postmortem".into(),
            PromptFor::Update => "Stakeholder update (Enter sends)".into(),
            PromptFor::ConfirmRun { name } => format!("Type {name} to run it"),
        }
    }
}

/// A pick from a short list, by letter/number or j/k + Enter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub purpose: ChoiceFor,
    pub selected: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoiceFor {
    Severity,
    DeclareSeverity {
        title: String,
    },
    DeclareKind {
        title: String,
        severity: Severity,
    },
    ActionKind {
        text: String,
    },
    Likelihood {
        text: String,
    },
    Lesson {
        text: String,
    },
    Runbook(Vec<String>),
    ImpactField,
    /// The top error patterns: (key, pattern as shown, count).
    LogPattern(Vec<(u64, String, u64)>),
}

impl ChoiceFor {
    pub fn title(&self) -> &'static str {
        match self {
            ChoiceFor::Severity | ChoiceFor::DeclareSeverity { .. } => "Severity",
            ChoiceFor::DeclareKind { .. } => "Kind of incident",
            ChoiceFor::ActionKind { .. } => "Kind of action",
            ChoiceFor::Likelihood { .. } => "Likelihood",
            ChoiceFor::Lesson { .. } => "Kind of lesson",
            ChoiceFor::Runbook(_) => "Runbook action",
            ChoiceFor::ImpactField => "Impact on",
            ChoiceFor::LogPattern(_) => "Lines of pattern",
        }
    }

    /// The option Enter takes when nothing else was picked, shown in the
    /// dialog: medium likelihood, high severity for a new incident, an
    /// outage, a mitigation.
    pub fn default_index(&self) -> usize {
        match self {
            ChoiceFor::Likelihood { .. } => Likelihood::ALL.iter().position(|l| *l == Likelihood::Medium).unwrap_or(0),
            ChoiceFor::DeclareSeverity { .. } => Severity::ALL.iter().position(|s| *s == Severity::High).unwrap_or(0),
            _ => 0,
        }
    }

    /// The options as (key, label).
    pub fn options(&self) -> Vec<(char, String)> {
        match self {
            ChoiceFor::Severity | ChoiceFor::DeclareSeverity { .. } => Severity::ALL
                .iter()
                .enumerate()
                .map(|(i, s)| (char::from(b'1' + i as u8), format!("{} {}", s.sev(), s)))
                .collect(),
            ChoiceFor::DeclareKind { .. } => IncidentKind::ALL
                .iter()
                .enumerate()
                .map(|(i, k)| (char::from(b'1' + i as u8), k.label().to_string()))
                .collect(),
            ChoiceFor::ActionKind { .. } => ActionKind::ALL
                .iter()
                .map(|k| (k.label().chars().next().unwrap_or('?'), k.label().to_string()))
                .collect(),
            ChoiceFor::Likelihood { .. } => Likelihood::ALL
                .iter()
                .map(|l| (l.label().chars().next().unwrap_or('?'), l.label().to_string()))
                .collect(),
            ChoiceFor::Lesson { .. } => vec![('w', "went well".into()), ('i', "could be improved".into())],
            ChoiceFor::ImpactField => ImpactField::ALL
                .iter()
                .map(|f| (f.word().chars().next().unwrap_or('?'), f.label().to_string()))
                .collect(),
            ChoiceFor::LogPattern(top) => top
                .iter()
                .enumerate()
                .map(|(i, (_, p, n))| (char::from_digit(i as u32 + 1, 36).unwrap_or('?'), format!("{n}x {p}")))
                .collect(),
            ChoiceFor::Runbook(names) => names
                .iter()
                .enumerate()
                .map(|(i, n)| (char::from_digit(i as u32 + 1, 36).unwrap_or('?'), n.clone()))
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    Quit,
    Advance { from: Phase, to: Phase, open_items: Vec<String> },
}

impl Confirm {
    /// The question, saying what quitting does with entries not yet saved.
    pub fn question(&self, unsaved: usize) -> String {
        match self {
            Confirm::Quit if unsaved > 0 => format!(
                "Quit warroom? {unsaved} {} NOT SAVED: {} written to a rescue file (its path is printed) and added to the journal at the next start.",
                if unsaved == 1 { "entry is" } else { "entries are" },
                if unsaved == 1 { "it is" } else { "they are" },
            ),
            Confirm::Quit => "Quit warroom? Every entry is already saved.".into(),
            Confirm::Advance { to, open_items, .. } => {
                format!("Move to {to} with open items: {}?", open_items.join(", "))
            }
        }
    }
}

/// Each phase's telemetry exit conditions, resolved once from the config.
pub type PhaseGates = Vec<(Phase, Vec<crate::config::gates::Condition>)>;

pub fn phase_gates(cfg: &crate::config::Config) -> PhaseGates {
    Phase::ALL.iter().map(|p| (*p, cfg.gates.for_phase(*p, cfg))).filter(|(_, c)| !c.is_empty()).collect()
}

impl State {
    /// The telemetry conditions on leaving `phase`.
    pub fn gate_conditions(&self, phase: Phase) -> &[crate::config::gates::Condition] {
        self.gates.iter().find(|(p, _)| *p == phase).map_or(&[], |(_, c)| c.as_slice())
    }

    /// The telemetry conditions on leaving `phase`, as they stand now.
    pub fn gate_items(&self, phase: Phase) -> Vec<crate::signals::gates::GateItem> {
        crate::signals::gates::evaluate(self.gate_conditions(phase), &self.signals, self.now, &self.held)
    }

    pub fn new(operator: impl Into<String>, now: DateTime<Utc>, color: bool) -> Self {
        Self {
            now,
            operator: operator.into(),
            incident_id: None,
            incident: None,
            focus: Pane::Timeline,
            zoomed: false,
            scroll: Scroll::default(),
            mode: Mode::Normal,
            flash: None,
            unsaved: Vec::new(),
            presence: Vec::new(),
            replication: None,
            help_query: String::new(),
            messages: VecDeque::new(),
            color,
            dirty: true,
            journal_loading: false,
            signals: Signals::new(&Default::default(), 1),
            view: View::Incident,
            size: (80, 24),
            logs: LogView::default(),
            auto_sent: HashMap::new(),
            auto_once: HashSet::new(),
            expiry_sent: HashSet::new(),
            snapshot_slot: None,
            gates: PhaseGates::default(),
            replay: None,
            held: Default::default(),
            demo: None,
            updates: Default::default(),
            actions: Default::default(),
            unposted: Vec::new(),
            run: None,
        }
    }

    pub fn with_signals(mut self, signals: Signals) -> Self {
        self.signals = signals;
        self
    }

    /// The signal panes that have a configured source.
    pub fn signal_panes(&self) -> Vec<Pane> {
        let s = &self.signals;
        let mut v = Vec::new();
        if !s.health.is_empty() {
            v.push(Pane::Health);
        }
        if !s.metrics.is_empty() {
            v.push(Pane::Metrics);
        }
        if !s.alerts.is_empty() {
            v.push(Pane::Alerts);
        }
        if !s.slos.is_empty() {
            v.push(Pane::Slos);
        }
        if !s.logs.sources.is_empty() {
            v.push(Pane::Logs);
        }
        v
    }

    pub fn wide(&self) -> bool {
        self.size.0 >= WIDE.0 && self.size.1 >= WIDE.1
    }

    /// The severity the signals suggest for the open incident.
    pub fn suggestion(&self) -> Option<crate::slo::suggest::Suggestion> {
        let i = self.incident.as_ref()?;
        let data = i
            .impact
            .data
            .as_deref()
            .filter(|d| !matches!(d.trim().to_ascii_lowercase().as_str(), "" | "none" | "no" | "-" | "n/a"));
        let mut facts = self.signals.facts(i.service.as_deref(), data);
        facts.current = i.severity;
        Some(crate::slo::suggest::suggest(&facts))
    }

    /// The panes on screen now, in focus order.
    pub fn panes(&self) -> Vec<Pane> {
        let signals = self.signal_panes();
        let incident: Vec<Pane> = if self.incident.is_some() { Pane::INCIDENT.to_vec() } else { vec![] };
        if signals.is_empty() {
            return incident;
        }
        if incident.is_empty() {
            return signals;
        }
        if self.wide() {
            return [incident, signals].concat();
        }
        match self.view {
            View::Incident => incident,
            View::Signals => signals,
        }
    }

    pub fn flash(&mut self, text: impl Into<String>) {
        let text = text.into();
        self.remember(&text, Said::Info);
        self.flash = Some(Flash { text, error: false, at: self.now, newer: 0 });
    }

    /// News nobody here asked for (another operator's entry, a source):
    /// shown unless the status line says something younger than
    /// [`FLASH_READ_SECS`] or an error, which it does not push away.
    pub fn flash_news(&mut self, text: impl Into<String>) {
        let now = self.now;
        match &mut self.flash {
            Some(f) if f.error || f.age_secs(now) < FLASH_READ_SECS => {
                f.newer += 1;
                self.remember(&text.into(), Said::Info);
            }
            _ => self.flash(text),
        }
    }

    /// News held back while a message was being read: once it has been
    /// up [`FLASH_READ_SECS`], the newest news takes its place (an error
    /// stays until Esc; the rest are in `:messages`).
    pub fn news_due(&mut self) {
        let due =
            self.flash.as_ref().is_some_and(|f| !f.error && f.newer > 0 && f.age_secs(self.now) >= FLASH_READ_SECS);
        if due && let Some(m) = self.messages.back() {
            self.flash = Some(Flash { text: m.text.clone(), error: false, at: self.now, newer: 0 });
            self.dirty = true;
        }
    }

    pub fn flash_error(&mut self, text: impl Into<String>) {
        let text = text.into();
        self.remember(&text, Said::Error);
        self.flash = Some(Flash { text, error: true, at: self.now, newer: 0 });
    }

    /// Keeps what the status line said for `:messages`, newest last.
    fn remember(&mut self, text: &str, kind: Said) {
        if self.messages.len() == MESSAGES_CAP {
            self.messages.pop_front();
        }
        self.messages.push_back(Message { at: self.now, text: text.to_string(), kind });
    }

    pub fn warn(&mut self, text: String) {
        tracing::warn!("{text}");
        self.remember(&text, Said::Warning);
        // Shown like an error, kept once (as a warning).
        self.flash = Some(Flash { text, error: true, at: self.now, newer: 0 });
    }
}
