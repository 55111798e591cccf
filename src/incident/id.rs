//! Incident ids: `INC-YYYYMMDD-NNN`, the date the incident was declared (UTC)
//! and its sequence number on that day. Where journals are replicated
//! between sites, the declaring site's name goes in the middle
//! (`INC-YYYYMMDD-eu1-NNN`), so two sites declaring at once during a
//! partition never pick the same id.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IncidentId {
    date: NaiveDate,
    seq: u32,
    site: Option<String>,
}

impl IncidentId {
    pub fn new(date: NaiveDate, seq: u32) -> Self {
        Self { date, seq, site: None }
    }
    /// An id declared at `site` (a valid [`site name`](is_site_name)).
    pub fn at_site(date: NaiveDate, seq: u32, site: Option<&str>) -> Self {
        Self { date, seq, site: site.map(str::to_string) }
    }
    pub fn site(&self) -> Option<&str> {
        self.site.as_deref()
    }
    pub fn date(&self) -> NaiveDate {
        self.date
    }
    pub fn seq(&self) -> u32 {
        self.seq
    }
}

impl fmt::Display for IncidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.site {
            None => write!(f, "INC-{}-{:03}", self.date.format("%Y%m%d"), self.seq),
            Some(site) => write!(f, "INC-{}-{site}-{:03}", self.date.format("%Y%m%d"), self.seq),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not an incident id (expected INC-YYYYMMDD-NNN or INC-YYYYMMDD-SITE-NNN)")]
pub struct BadIncidentId(String);

impl FromStr for IncidentId {
    type Err = BadIncidentId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadIncidentId(s.to_string());
        let rest = s.strip_prefix("INC-").ok_or_else(bad)?;
        let (date, rest) = rest.split_once('-').ok_or_else(bad)?;
        let (site, seq) = match rest.rsplit_once('-') {
            Some((site, seq)) if is_site_name(site) => (Some(site.to_string()), seq),
            Some(_) => return Err(bad()),
            None => (None, rest),
        };
        if date.len() != 8 || seq.len() < 3 || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let date = NaiveDate::parse_from_str(date, "%Y%m%d").map_err(|_| bad())?;
        let seq = seq.parse().map_err(|_| bad())?;
        Ok(Self { date, seq, site })
    }
}

/// A site name: 1 to 16 lowercase letters, digits and inner dashes,
/// starting with a letter (so it never reads as a sequence number).
pub fn is_site_name(s: &str) -> bool {
    (1..=16).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && !s.ends_with('-')
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl TryFrom<String> for IncidentId {
    type Error = BadIncidentId;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<IncidentId> for String {
    fn from(id: IncidentId) -> String {
        id.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_garbage() {
        let id: IncidentId = "INC-20261123-007".parse().unwrap();
        assert_eq!(id.seq(), 7);
        assert_eq!(id.to_string(), "INC-20261123-007");
        assert_eq!("INC-20261123-1234".parse::<IncidentId>().unwrap().seq(), 1234);
        let eu: IncidentId = "INC-20261123-eu-west1-012".parse().unwrap();
        assert_eq!((eu.site(), eu.seq()), (Some("eu-west1"), 12));
        assert_eq!(eu.to_string(), "INC-20261123-eu-west1-012");
        assert_eq!(IncidentId::at_site(eu.date(), 12, Some("eu-west1")), eu);
        for bad in [
            "",
            "INC-",
            "INC-2026112-001",
            "INC-20261323-001",
            "INC-20261123-01",
            "X-20261123-001",
            "INC-20261123-0a1",
            "INC-20261123-EU-001",
            "INC-20261123-1eu-001",
            "INC-20261123--001",
            "INC-20261123-eu/../x-001",
        ] {
            assert!(bad.parse::<IncidentId>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn orders_by_date_then_sequence() {
        let a: IncidentId = "INC-20261123-002".parse().unwrap();
        let b: IncidentId = "INC-20261123-010".parse().unwrap();
        let c: IncidentId = "INC-20261124-001".parse().unwrap();
        assert!(a < b && b < c);
    }
}
