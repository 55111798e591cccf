//! Hypotheses and actions as the fold keeps them, and the order in which
//! the war room wants to see hypotheses.

use chrono::{DateTime, Utc};

use super::words::{ActionKind, ClockEnd, HypothesisStatus, Likelihood, TempEnd};

#[derive(Debug, Clone, PartialEq)]
pub struct Hypothesis {
    /// Id of the entry that created it; later entries refer to it by this.
    pub key: String,
    /// `H1`, `H2`, … in order of creation: the same for every process
    /// reading the same journal.
    pub number: usize,
    pub text: String,
    pub likelihood: Likelihood,
    pub status: HypothesisStatus,
    pub evidence: Vec<String>,
    /// Evidence captured from panes, in the order taken.
    pub captures: Vec<super::evidence::Capture>,
    pub next_check: Option<String>,
    pub author: String,
    pub at: DateTime<Utc>,
}

impl Hypothesis {
    pub fn label(&self) -> String {
        format!("H{}", self.number)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub key: String,
    /// `A1`, `A2`, … in order of creation.
    pub number: usize,
    pub text: String,
    pub kind: ActionKind,
    pub result: Option<String>,
    pub author: String,
    pub at: DateTime<Utc>,
    /// Set when the action is a temporary mitigation.
    pub temporary: Option<Temporary>,
}

impl Action {
    pub fn label(&self) -> String {
        format!("A{}", self.number)
    }

    /// A temporary mitigation not yet reverted or made permanent.
    pub fn in_place(&self) -> bool {
        self.temporary.as_ref().is_some_and(|t| t.ended.is_none())
    }
}

/// A clock counting down to `due`: a commander's timer, or a hypothesis'
/// time-box.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    pub key: String,
    /// `T1`, `T2`, … in order of creation.
    pub number: usize,
    pub label: String,
    pub due: DateTime<Utc>,
    /// Key of the hypothesis it time-boxes.
    pub hypothesis: Option<String>,
    pub by: String,
    /// When its expiry was recorded.
    pub expired: Option<DateTime<Utc>>,
    /// Done or cancelled: when, by whom. A time-box closes by itself when
    /// its hypothesis is confirmed, disproven or retracted.
    pub closed: Option<(ClockEnd, DateTime<Utc>, String)>,
}

impl Clock {
    pub fn label(&self) -> String {
        format!("T{}", self.number)
    }

    /// Still counting, or run out and not yet dealt with.
    pub fn live(&self) -> bool {
        self.closed.is_none()
    }

    /// Run out (recorded or not yet) and not dealt with.
    pub fn overdue(&self, now: DateTime<Utc>) -> bool {
        self.live() && (self.expired.is_some() || self.due <= now)
    }
}

/// A temporary mitigation: how to revert it, and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Temporary {
    pub revert: String,
    /// When it was marked temporary, and by whom.
    pub since: DateTime<Utc>,
    pub by: String,
    pub ended: Option<TempEnded>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TempEnded {
    pub end: TempEnd,
    pub text: String,
    pub at: DateTime<Utc>,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    pub text: String,
    pub owner: Option<String>,
    pub at: DateTime<Utc>,
}

/// Hypotheses in display order: by status (confirmed, testing, open,
/// disproven), then likelihood (high first), then creation order.
pub fn sorted(hypotheses: &[Hypothesis]) -> Vec<&Hypothesis> {
    let mut v: Vec<&Hypothesis> = hypotheses.iter().collect();
    v.sort_by_key(|h| (h.status, h.likelihood, h.number));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(number: usize, status: HypothesisStatus, likelihood: Likelihood) -> Hypothesis {
        Hypothesis {
            key: format!("k{number}"),
            number,
            text: String::new(),
            likelihood,
            status,
            evidence: vec![],
            captures: vec![],
            next_check: None,
            author: "a".into(),
            at: Utc::now(),
        }
    }

    #[test]
    fn sorts_by_status_then_likelihood_then_age() {
        use HypothesisStatus::*;
        use Likelihood::*;
        let hs = vec![
            h(1, Disproven, High),
            h(2, Open, Low),
            h(3, Open, High),
            h(4, Testing, Low),
            h(5, Confirmed, Low),
            h(6, Open, High),
        ];
        let order: Vec<usize> = sorted(&hs).iter().map(|h| h.number).collect();
        assert_eq!(order, vec![5, 4, 3, 6, 2, 1]);
    }
}
