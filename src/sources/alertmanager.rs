//! Alertmanager's v2 API: the active alerts, with silenced and inhibited
//! ones marked as such. Firing and resolved changes are found in `signals`.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;
use tokio::sync::mpsc::Sender;

use super::http::{BODY_CAP, fetch, snippet, with_auth};
use super::logs::line::sanitize;
use super::{Alert, AlertState, Body, Kind, Report, SourceKey};
use crate::config::sources::AlertmanagerSpec;

#[derive(Deserialize)]
struct RawAlert {
    #[serde(default)]
    fingerprint: String,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
    #[serde(default, rename = "startsAt")]
    starts_at: Option<DateTime<Utc>>,
    #[serde(default)]
    status: RawStatus,
}

#[derive(Deserialize, Default)]
struct RawStatus {
    #[serde(default)]
    state: String,
    #[serde(default, rename = "silencedBy")]
    silenced_by: Vec<String>,
    #[serde(default, rename = "inhibitedBy")]
    inhibited_by: Vec<String>,
}

pub fn parse(body: &[u8]) -> Result<Vec<Alert>, String> {
    let raw: Vec<RawAlert> = serde_json::from_slice(body)
        .map_err(|e| format!("not an Alertmanager v2 alert list ({e}): {}", snippet(body)))?;
    let mut alerts: Vec<Alert> = raw
        .into_iter()
        .map(|r| {
            let state = if !r.status.silenced_by.is_empty() {
                AlertState::Silenced
            } else if !r.status.inhibited_by.is_empty() {
                AlertState::Inhibited
            } else if r.status.state == "unprocessed" {
                AlertState::Pending
            } else {
                AlertState::Firing
            };
            // Everything here is shown: no control character survives.
            let clean = |s: &String| sanitize(s.as_bytes(), 1024);
            let labels = r
                .labels
                .iter()
                .filter(|(k, _)| !["alertname", "severity"].contains(&k.as_str()))
                .map(|(k, v)| format!("{}={}", clean(k), clean(v)))
                .collect::<Vec<_>>()
                .join(" ");
            Alert {
                fingerprint: if r.fingerprint.is_empty() { format!("{:?}", r.labels) } else { r.fingerprint },
                name: r.labels.get("alertname").map(clean).unwrap_or_else(|| "(no alertname)".into()),
                severity: r.labels.get("severity").map(clean),
                summary: r.annotations.get("summary").or_else(|| r.annotations.get("description")).map(clean),
                state,
                starts_at: r.starts_at,
                labels,
            }
        })
        .collect();
    alerts.sort_by(|a, b| {
        (a.state != AlertState::Firing, &a.name, &a.fingerprint).cmp(&(
            b.state != AlertState::Firing,
            &b.name,
            &b.fingerprint,
        ))
    });
    Ok(alerts)
}

pub fn key(spec: &AlertmanagerSpec) -> SourceKey {
    SourceKey::new(Kind::Alertmanager, spec.name.0.clone())
}

pub async fn poll(client: &reqwest::Client, spec: &AlertmanagerSpec) -> Body {
    let url = format!("{}/api/v2/alerts", spec.url.trim_end_matches('/'));
    let mut params: Vec<(&str, &str)> = vec![("active", "true")];
    for f in &spec.filter {
        params.push(("filter", f));
    }
    let req = match with_auth(client.get(&url).query(&params), &spec.auth)
        .and_then(|r| super::http::with_headers(r, &spec.headers))
    {
        Ok(r) => r,
        Err(e) => return Body::Failed(e.to_string()),
    };
    match fetch(req, spec.timeout.0, BODY_CAP).await {
        Err(e) => Body::Failed(e.to_string()),
        Ok(f) if !(200..300).contains(&f.status) => Body::Failed(format!("{}: {}", f.status_line(), snippet(&f.body))),
        Ok(f) => match parse(&f.body) {
            Ok(a) => Body::Alerts(a),
            Err(e) => Body::Failed(e),
        },
    }
}

pub async fn run(spec: AlertmanagerSpec, client: reqwest::Client, tx: Sender<Report>) {
    super::poll_every(key(&spec), spec.interval.0, tx, || poll(&client, &spec)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_states_and_labels() {
        let body = br#"[
          {"fingerprint":"a1","labels":{"alertname":"HighErrorRate","severity":"page","service":"checkout"},
           "annotations":{"summary":"5xx above 5%"},"startsAt":"2026-11-23T10:01:00Z",
           "status":{"state":"active","silencedBy":[],"inhibitedBy":[]}},
          {"fingerprint":"b2","labels":{"alertname":"DiskFull"},"annotations":{},
           "status":{"state":"suppressed","silencedBy":["s1"],"inhibitedBy":[]}},
          {"fingerprint":"c3","labels":{"alertname":"Latency"},"annotations":{},
           "status":{"state":"suppressed","silencedBy":[],"inhibitedBy":["a1"]}}]"#;
        let a = parse(body).unwrap();
        assert_eq!(a.len(), 3);
        assert_eq!(a[0].name, "HighErrorRate");
        assert_eq!(a[0].state, AlertState::Firing);
        assert_eq!(a[0].severity.as_deref(), Some("page"));
        assert_eq!(a[0].summary.as_deref(), Some("5xx above 5%"));
        assert_eq!(a[0].labels, "service=checkout");
        assert_eq!(a[1].state, AlertState::Silenced);
        assert_eq!(a[2].state, AlertState::Inhibited);
        assert!(parse(b"{\"not\":\"a list\"}").unwrap_err().starts_with("not an Alertmanager"));
    }
}
