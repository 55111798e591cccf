//! Alertmanager alerts over time: which started firing and which resolved
//! since the last poll.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::Transition;
use crate::sources::{Alert, AlertState, SourceKey};

#[derive(Debug, Clone)]
pub struct AlertsView {
    pub key: SourceKey,
    pub alerts: Vec<Alert>,
    pub at: Option<DateTime<Utc>>,
    firing: HashMap<String, Alert>,
}

impl AlertsView {
    pub fn new(key: SourceKey) -> Self {
        Self { key, alerts: vec![], at: None, firing: HashMap::new() }
    }

    pub fn firing(&self) -> usize {
        self.alerts.iter().filter(|a| a.state == AlertState::Firing).count()
    }

    pub fn apply(&mut self, at: DateTime<Utc>, alerts: Vec<Alert>) -> Vec<Transition> {
        let mut out = Vec::new();
        let now: HashMap<String, Alert> = alerts
            .iter()
            .filter(|a| a.state == AlertState::Firing)
            .map(|a| (a.fingerprint.clone(), a.clone()))
            .collect();
        for (fp, a) in &now {
            if !self.firing.contains_key(fp) {
                let summary = a.summary.as_ref().map(|s| format!(": {s}")).unwrap_or_default();
                let sev = a.severity.as_ref().map(|s| format!(" [{s}]")).unwrap_or_default();
                let text = format!("alert {} FIRING{sev}{summary}", a.name);
                out.push(Transition::new(&self.source(fp, a), "firing", text, at, true));
            }
        }
        for (fp, a) in &self.firing {
            if !now.contains_key(fp) {
                let still = alerts.iter().find(|x| &x.fingerprint == fp);
                let how = match still.map(|x| &x.state) {
                    Some(AlertState::Silenced) => "silenced",
                    Some(AlertState::Inhibited) => "inhibited",
                    _ => "resolved",
                };
                out.push(Transition::new(&self.source(fp, a), how, format!("alert {} {how}", a.name), at, false));
            }
        }
        out.sort_by(|a, b| a.text.cmp(&b.text));
        self.firing = now;
        self.alerts = alerts;
        self.at = Some(at);
        out
    }

    fn source(&self, fp: &str, a: &Alert) -> SourceKey {
        SourceKey::new(self.key.kind, format!("{}/{}/{fp}", self.key.name, a.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::Kind;

    fn alert(fp: &str, state: AlertState) -> Alert {
        Alert {
            fingerprint: fp.into(),
            name: format!("A{fp}"),
            severity: Some("page".into()),
            summary: Some("bad".into()),
            state,
            starts_at: None,
            labels: String::new(),
        }
    }

    #[test]
    fn firing_and_resolved_are_found_between_polls() {
        let mut v = AlertsView::new(SourceKey::new(Kind::Alertmanager, "am"));
        let t = Utc::now();
        let first = v.apply(t, vec![alert("1", AlertState::Firing), alert("2", AlertState::Silenced)]);
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].text, "alert A1 FIRING [page]: bad");
        assert_eq!(first[0].source, "alertmanager:am/A1/1");
        assert!(v.apply(t, vec![alert("1", AlertState::Firing)]).is_empty());
        let next = v.apply(t, vec![alert("1", AlertState::Silenced), alert("3", AlertState::Firing)]);
        let texts: Vec<&str> = next.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(texts, vec!["alert A1 silenced", "alert A3 FIRING [page]: bad"]);
        let gone = v.apply(t, vec![]);
        assert_eq!(gone[0].state, "resolved");
        assert_eq!(v.firing(), 0);
    }
}
