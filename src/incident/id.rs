//! Incident ids: `INC-YYYYMMDD-NNN`, the date the incident was declared (UTC)
//! and its sequence number on that day.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IncidentId {
    date: NaiveDate,
    seq: u32,
}

impl IncidentId {
    pub fn new(date: NaiveDate, seq: u32) -> Self {
        Self { date, seq }
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
        write!(f, "INC-{}-{:03}", self.date.format("%Y%m%d"), self.seq)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not an incident id (expected INC-YYYYMMDD-NNN)")]
pub struct BadIncidentId(String);

impl FromStr for IncidentId {
    type Err = BadIncidentId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadIncidentId(s.to_string());
        let rest = s.strip_prefix("INC-").ok_or_else(bad)?;
        let (date, seq) = rest.split_once('-').ok_or_else(bad)?;
        if date.len() != 8 || seq.len() < 3 || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let date = NaiveDate::parse_from_str(date, "%Y%m%d").map_err(|_| bad())?;
        let seq = seq.parse().map_err(|_| bad())?;
        Ok(Self { date, seq })
    }
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
        for bad in
            ["", "INC-", "INC-2026112-001", "INC-20261323-001", "INC-20261123-01", "X-20261123-001", "INC-20261123-0a1"]
        {
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
