//! Captured evidence: what a pane showed, frozen as text rows with where it
//! came from, the time range it covers and a SHA-256 of its content, so a
//! postmortem can quote it and anyone can check it was not edited.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capture {
    /// The pane it was taken from: `logs`, `metrics`, `health`, `alerts`,
    /// `slos`, `timeline`.
    pub pane: String,
    /// The sources behind the rows (`logs:app`, `prometheus:5xx`, …).
    pub sources: Vec<String>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub rows: Vec<String>,
    /// Hex SHA-256 of the rows, each followed by a newline.
    pub sha256: String,
}

impl Capture {
    pub fn new(pane: &str, sources: Vec<String>, from: DateTime<Utc>, to: DateTime<Utc>, rows: Vec<String>) -> Self {
        let sha256 = digest(&rows);
        Self { pane: pane.to_string(), sources, from, to, rows, sha256 }
    }

    /// Whether the rows still hash to the recorded digest.
    pub fn intact(&self) -> bool {
        digest(&self.rows) == self.sha256
    }

    /// One line for the timeline and the evidence list.
    pub fn summary(&self) -> String {
        let range = if self.from == self.to {
            self.from.format("%H:%M:%S").to_string()
        } else {
            format!("{}–{}", self.from.format("%H:%M:%S"), self.to.format("%H:%M:%S"))
        };
        let n = self.rows.len();
        format!(
            "captured {}: {n} row{} from {} at {range} (sha256 {})",
            self.pane,
            if n == 1 { "" } else { "s" },
            self.sources.join(", "),
            &self.sha256[..12.min(self.sha256.len())]
        )
    }
}

fn digest(rows: &[String]) -> String {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    for r in rows {
        ctx.update(r.as_bytes());
        ctx.update(b"\n");
    }
    ctx.finish().as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_sha256_of_the_rows_and_catches_an_edit() {
        let at: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        let mut c = Capture::new("logs", vec!["logs:app".into()], at, at, vec!["abc".into()]);
        // sha256("abc\n")
        assert_eq!(c.sha256, "edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb");
        assert!(c.intact());
        c.rows[0].push('!');
        assert!(!c.intact());
        assert_eq!(
            Capture::new("logs", vec!["logs:app".into()], at, at, vec!["abc".into()]).summary(),
            "captured logs: 1 row from logs:app at 10:00:00 (sha256 edeaaff3f177)"
        );
    }
}
