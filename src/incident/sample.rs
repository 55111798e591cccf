//! A long incident made up for benchmarks and the bench script: one
//! declaration and `n - 1` entries a second apart (notes, and every 50th a
//! hypothesis or an action), the same for the same `n` and `start`.

use chrono::{DateTime, Duration, Utc};

use super::{ActionKind, Entry, IncidentKind, Likelihood, Payload, Severity};

pub fn long_incident(n: i64, start: DateTime<Utc>) -> Vec<Entry> {
    let declared = Payload::Declared {
        title: "Checkout API 500s".into(),
        kind: IncidentKind::Outage,
        service: Some("checkout-api".into()),
        severity: Some(Severity::High),
    };
    let mut entries = vec![Entry::new(start, "pager", declared)];
    for i in 1..n {
        let payload = match i % 50 {
            0 => {
                Payload::Hypothesis { text: format!("hypothesis {i}: pool exhausted"), likelihood: Likelihood::Medium }
            }
            1 => Payload::Action {
                text: format!("action {i}: restart worker"),
                action: ActionKind::Mitigation,
                result: None,
            },
            _ => Payload::Note { text: format!("note {i}: error rate 22% on checkout, pool at 100/100") },
        };
        let author = ["alice", "bob", "carol", "dave"][(i % 4) as usize];
        entries.push(Entry::new(start + Duration::seconds(i), author, payload));
    }
    entries
}
