//! Everything a key (or a `:` command) can ask for.

/// Declares the actions once: the enum, and `Action::ALL` for the check
/// that every one has a key.
macro_rules! actions {
    ($($variant:ident),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($variant),+
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];
        }
    };
}

actions!(
    Help,
    CommandLine,
    Back,
    Quit,
    ForceQuit,
    FocusNext,
    FocusPrev,
    Zoom,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Declare,
    Note,
    AddAction,
    AddHypothesis,
    SetSeverity,
    PhaseNext,
    PhasePrev,
    Testing,
    Confirm,
    Disprove,
    Evidence,
    NextCheck,
    ActionResult,
    MarkTemporary,
    CaptureEvidence,
    StartClock,
    TimeBox,
    Reverted,
    FollowUp,
    Recovered,
    ViewIncident,
    ViewSignals,
    LogFilter,
    LogLevel,
    LogPause,
    LogNextMatch,
    LogPrevMatch,
    LogNextError,
    LogPrevError,
    LogPattern,
    DemoFix,
    AcceptSeverity,
    Lesson,
    Update,
    Runbook,
    Messages,
    Brief,
    TakeCommand,
    SetImpact,
    Amend,
    Retract,
    Search,
    NextMatch,
    PrevMatch,
    OpenReplay,
    ReplayBack,
    ReplayForward,
    ReplayBackMore,
    ReplayForwardMore,
    ReplayPrevEntry,
    ReplayNextEntry,
    ReplayStart,
    ReplayEnd,
    // In dialogs.
    Submit,
    Yes,
    No,
);
