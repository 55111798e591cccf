//! Everything the screen shows, in one struct that only `update` writes.

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use tui_input::Input;

use crate::incident::{ActionKind, Entry, Incident, IncidentId, IncidentKind, Likelihood, Phase, Severity};

/// Warnings kept for the status line and `:warnings`.
pub const WARNINGS_CAP: usize = 50;
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
    pub warnings: VecDeque<String>,
    /// Entries the journal refused (disk full, permissions); retried on tick.
    pub unsaved: Vec<(IncidentId, Entry)>,
    pub presence: Vec<String>,
    pub color: bool,
    /// Set by `update` when the screen must be redrawn.
    pub dirty: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Triage,
    Timeline,
    Hypotheses,
    Actions,
}

impl Pane {
    pub const ORDER: [Pane; 4] = [Pane::Triage, Pane::Timeline, Pane::Hypotheses, Pane::Actions];
    pub fn title(self) -> &'static str {
        match self {
            Pane::Triage => "Triage",
            Pane::Timeline => "Timeline",
            Pane::Hypotheses => "Hypotheses",
            Pane::Actions => "Actions",
        }
    }
}

/// Scroll positions. The timeline counts lines up from the newest (0 =
/// following); lists keep a selected index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scroll {
    pub timeline_back: usize,
    pub triage: usize,
    pub hypothesis: usize,
    pub action: usize,
    pub help: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub error: bool,
}

#[derive(Debug, Default)]
pub enum Mode {
    #[default]
    Normal,
    Help,
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
    FollowUp,
    Recovered,
    DeclareTitle,
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
            PromptFor::FollowUp => "Follow-up (end with @owner)".into(),
            PromptFor::Recovered => "Recovery confirmed by".into(),
            PromptFor::DeclareTitle => "Declare incident: title".into(),
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
    DeclareSeverity { title: String },
    DeclareKind { title: String, severity: Severity },
    ActionKind { text: String },
    Likelihood { text: String },
}

impl ChoiceFor {
    pub fn title(&self) -> &'static str {
        match self {
            ChoiceFor::Severity | ChoiceFor::DeclareSeverity { .. } => "Severity",
            ChoiceFor::DeclareKind { .. } => "Kind of incident",
            ChoiceFor::ActionKind { .. } => "Kind of action",
            ChoiceFor::Likelihood { .. } => "Likelihood",
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
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    Quit,
    Advance {
        from: Phase,
        to: Phase,
        open_items: Vec<String>,
    },
}

impl Confirm {
    pub fn question(&self) -> String {
        match self {
            Confirm::Quit => "Quit warroom? Every entry is already saved.".into(),
            Confirm::Advance { to, open_items, .. } => {
                format!("Move to {to} with open items: {}?", open_items.join(", "))
            }
        }
    }
}

impl State {
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
            warnings: VecDeque::new(),
            unsaved: Vec::new(),
            presence: Vec::new(),
            color,
            dirty: true,
        }
    }

    pub fn flash(&mut self, text: impl Into<String>) {
        self.flash = Some(Flash {
            text: text.into(),
            error: false,
        });
    }

    pub fn flash_error(&mut self, text: impl Into<String>) {
        self.flash = Some(Flash {
            text: text.into(),
            error: true,
        });
    }

    pub fn warn(&mut self, text: String) {
        tracing::warn!("{text}");
        if self.warnings.len() == WARNINGS_CAP {
            self.warnings.pop_front();
        }
        self.warnings.push_back(text.clone());
        self.flash_error(text);
    }
}
