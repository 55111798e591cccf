//! Recent changes (deploys, config changes) from a command (`git log
//! --format='%cI %h %s'`, a deploy tool) or a file. Each non-empty line is
//! one change; a leading timestamp (RFC 3339, `YYYY-MM-DD HH:MM[:SS]`, or
//! Unix seconds) or a JSON line `{"at": …, "text": …}` gives its time.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use tokio::sync::mpsc::Sender;

use super::http::snippet;
use super::logs::line::sanitize;
use super::{Body, Change, Kind, Report, SourceKey};
use crate::config::sources::{ChangeInput, ChangeSpec};

/// The most changes kept from one read (the newest).
const MAX_CHANGES: usize = 200;

pub fn parse_line(raw: &str) -> Option<Change> {
    let line = sanitize(raw.as_bytes(), 1024);
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    let key = line.to_string();
    if line.starts_with('{')
        && let Ok(serde_json::Value::Object(m)) = serde_json::from_str::<serde_json::Value>(line)
    {
        let at = ["at", "time", "timestamp", "date"].iter().find_map(|k| m.get(*k)?.as_str().and_then(parse_time));
        let text = ["text", "message", "description", "summary"].iter().find_map(|k| m.get(*k)?.as_str());
        return Some(Change { at, text: text.unwrap_or(line).to_string(), key });
    }
    let mut words = line.splitn(3, ' ');
    let first = words.next().unwrap_or("");
    if let Some(at) = parse_time(first) {
        let rest = line[first.len()..].trim();
        return Some(Change { at: Some(at), text: rest.to_string(), key });
    }
    if let Some(second) = words.next()
        && let Some(at) = parse_time(&format!("{first} {second}"))
    {
        let rest = line[first.len() + 1 + second.len()..].trim();
        return Some(Change { at: Some(at), text: rest.to_string(), key });
    }
    Some(Change { at: None, text: line.to_string(), key })
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(Utc.from_utc_datetime(&t));
        }
    }
    // Unix seconds: 10 digits covers 2001 to 2286.
    if s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Utc.timestamp_opt(s.parse().ok()?, 0).single();
    }
    None
}

pub fn parse(text: &str) -> Vec<Change> {
    let mut v: Vec<Change> = text.lines().filter_map(parse_line).collect();
    if v.len() > MAX_CHANGES {
        // Keep the newest by time; undated lines count as old.
        v.sort_by_key(|c| std::cmp::Reverse(c.at));
        v.truncate(MAX_CHANGES);
    }
    v
}

pub async fn read(spec: &ChangeSpec) -> Result<Vec<Change>, String> {
    let text = match &spec.input {
        ChangeInput::File(p) => tokio::fs::read_to_string(p).await.map_err(|e| format!("{}: {e}", p.display()))?,
        ChangeInput::Command(argv) => {
            let mut cmd = tokio::process::Command::new(&argv[0]);
            cmd.args(&argv[1..]).stdin(std::process::Stdio::null()).kill_on_drop(true);
            let out = tokio::time::timeout(spec.timeout.0, cmd.output())
                .await
                .map_err(|_| format!("timed out after {}", super::http::secs(spec.timeout.0)))?
                .map_err(|e| format!("cannot run {}: {e}", argv[0]))?;
            if !out.status.success() {
                return Err(format!("{} ({}): {}", argv[0], out.status, snippet(&out.stderr)));
            }
            String::from_utf8_lossy(&out.stdout).into_owned()
        }
    };
    Ok(parse(&text))
}

pub fn key(spec: &ChangeSpec) -> SourceKey {
    SourceKey::new(Kind::Changes, spec.name.0.clone())
}

pub async fn run(spec: ChangeSpec, tx: Sender<Report>) {
    let poll = || async {
        match read(&spec).await {
            Ok(c) => Body::Changes(c),
            Err(e) => Body::Failed(e),
        }
    };
    super::poll_every(key(&spec), spec.interval.0, tx, poll).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_times_in_the_usual_forms() {
        let at = |s: &str| parse_line(s).unwrap().at.map(|t| t.to_rfc3339());
        assert_eq!(at("2026-11-23T09:02:00+01:00 a1b2c3 deploy v1.2.3"), Some("2026-11-23T08:02:00+00:00".into()));
        assert_eq!(parse_line("2026-11-23T09:02:00Z a1b2 deploy v1.2.3").unwrap().text, "a1b2 deploy v1.2.3");
        assert_eq!(at("2026-11-23 09:02:00 config: pool size 50"), Some("2026-11-23T09:02:00+00:00".into()));
        assert_eq!(parse_line("2026-11-23 09:02 scale up").unwrap().text, "scale up");
        assert_eq!(at("1700000000 rollout"), Some("2023-11-14T22:13:20+00:00".into()));
        let j = parse_line(r#"{"at":"2026-11-23T09:00:00Z","text":"flag checkout_v2 on"}"#).unwrap();
        assert_eq!((j.text.as_str(), j.at.is_some()), ("flag checkout_v2 on", true));
        let plain = parse_line("REVISION 7 deployed").unwrap();
        assert_eq!((plain.at, plain.text.as_str()), (None, "REVISION 7 deployed"));
        assert!(parse_line("   ").is_none());
        assert_eq!(parse("a\n\nb\n").len(), 2);
    }
}
