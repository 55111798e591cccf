//! The small vocabularies of an incident (severity, kind, likelihood, …) as
//! enums that serialize as snake_case words and parse from what an operator
//! types, including short aliases (`sev1`, `c`, `hi`).

/// Declares a word enum: variants with their snake_case name, display label
/// and extra aliases accepted by [`parse`](Self::parse).
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $word:literal, $label:literal, [$($alias:literal),*];)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The word used in the journal and on the command line.
            pub fn word(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
            /// The label shown on screen.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            /// Parses a word or alias, case-insensitively.
            pub fn parse(input: &str) -> Option<Self> {
                let w = input.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                match w.as_str() {
                    $($word $(| $alias)* => Some($name::$variant),)+
                    _ => None,
                }
            }
            /// All words, for error messages and completion.
            pub fn words() -> String {
                Self::ALL.iter().map(|v| v.word()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

word_enum!(
    /// How bad it is. Ordered from worst to least bad.
    Severity {
        Critical => "critical", "critical", ["sev1", "1", "c", "crit", "p1"];
        High => "high", "high", ["sev2", "2", "h", "hi", "p2"];
        Medium => "medium", "medium", ["sev3", "3", "m", "med", "p3"];
        Low => "low", "low", ["sev4", "4", "l", "lo", "p4"];
    }
);

impl Severity {
    /// `SEV1` … `SEV4`.
    pub fn sev(self) -> &'static str {
        match self {
            Severity::Critical => "SEV1",
            Severity::High => "SEV2",
            Severity::Medium => "SEV3",
            Severity::Low => "SEV4",
        }
    }
}

word_enum!(
    /// What kind of incident this is.
    IncidentKind {
        Outage => "outage", "outage", ["down"];
        ErrorSpike => "error_spike", "error spike", ["errors", "spike"];
        Performance => "performance", "performance", ["perf", "latency", "slow"];
        DataIntegrity => "data_integrity", "data integrity", ["data", "integrity"];
        Security => "security", "security", ["sec"];
        SilentFailure => "silent_failure", "silent failure", ["silent"];
    }
);

word_enum!(
    /// Who does what in the war room.
    Role {
        Commander => "commander", "commander", ["ic", "incident_commander", "lead"];
        Comms => "comms", "comms lead", ["comms_lead", "communications"];
        Scribe => "scribe", "scribe", ["notes", "recorder"];
    }
);

word_enum!(
    /// The impact fields an operator fills in while triaging.
    ImpactField {
        Users => "users", "users affected", ["users_affected", "customers"];
        Services => "services", "services down", ["services_down", "svc"];
        Data => "data", "data at risk", ["data_at_risk"];
        Business => "business", "business impact", ["business_impact", "biz"];
    }
);

word_enum!(
    /// The three questions of the safety checkpoint.
    SafetyCheck {
        Database => "database", "database", ["db"];
        Stability => "stability", "service stability", ["service", "svc", "service_stability"];
        Rollback => "rollback", "rollback readiness", ["rollback_readiness", "rb"];
    }
);

word_enum!(
    /// The answer to a safety question.
    SafetyLevel {
        Safe => "safe", "SAFE", ["ok", "green"];
        Caution => "caution", "CAUTION", ["warn", "warning", "yellow"];
        AtRisk => "at_risk", "AT RISK", ["risk", "red", "danger", "unsafe"];
    }
);

word_enum!(
    /// How likely a hypothesis is thought to be.
    Likelihood {
        High => "high", "high", ["h", "hi", "likely"];
        Medium => "medium", "medium", ["m", "med"];
        Low => "low", "low", ["l", "lo", "unlikely"];
    }
);

word_enum!(
    /// Where a hypothesis stands. The order is the display order.
    HypothesisStatus {
        Confirmed => "confirmed", "confirmed", ["c", "confirm", "yes"];
        Testing => "testing", "testing", ["t", "test"];
        Open => "open", "open", ["o", "new"];
        Disproven => "disproven", "disproven", ["x", "disprove", "no", "ruled_out"];
    }
);

word_enum!(
    /// What an action was for.
    ActionKind {
        Mitigation => "mitigation", "mitigation", ["m", "mitigate", "fix"];
        Investigation => "investigation", "investigation", ["i", "investigate", "check"];
        Communication => "communication", "communication", ["c", "comms", "communicate"];
    }
);

word_enum!(
    /// How a clock stopped: someone did what it was for, or called it off;
    /// or it ran out (written by the dashboard that records transitions).
    ClockEnd {
        Done => "done", "done", ["ok", "decided"];
        Cancelled => "cancelled", "cancelled", ["cancel", "canceled", "stop"];
        Expired => "expired", "expired", [];
    }
);

word_enum!(
    /// How a temporary mitigation stopped being temporary.
    TempEnd {
        Reverted => "reverted", "reverted", ["revert", "undone", "undo"];
        Kept => "kept", "made permanent", ["keep", "permanent"];
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_and_aliases() {
        assert_eq!(Severity::parse("SEV1"), Some(Severity::Critical));
        assert_eq!(Severity::parse(" high "), Some(Severity::High));
        assert_eq!(Severity::parse("4"), Some(Severity::Low));
        assert_eq!(Severity::parse("urgent"), None);
        assert_eq!(IncidentKind::parse("error-spike"), Some(IncidentKind::ErrorSpike));
        assert_eq!(IncidentKind::parse("silent failure"), Some(IncidentKind::SilentFailure));
        assert_eq!(SafetyLevel::parse("at risk"), Some(SafetyLevel::AtRisk));
        assert_eq!(Role::parse("IC"), Some(Role::Commander));
    }

    #[test]
    fn serializes_as_snake_case_words() {
        assert_eq!(serde_json::to_string(&IncidentKind::DataIntegrity).unwrap(), "\"data_integrity\"");
        assert_eq!(serde_json::to_string(&SafetyLevel::AtRisk).unwrap(), "\"at_risk\"");
        for k in IncidentKind::ALL {
            let json = serde_json::to_string(k).unwrap();
            assert_eq!(json.trim_matches('"'), k.word());
        }
    }

    #[test]
    fn severity_orders_worst_first() {
        assert!(Severity::Critical < Severity::Low);
        assert_eq!(Severity::Medium.sev(), "SEV3");
    }
}
