//! The one JSON shape of every `--json` output (`list`, `status`, `check`,
//! `report --format json`): an envelope with `type` and `version`, and the
//! same objects for the same things — an incident, a severity, a source's
//! outcome — with durations in whole seconds and times in RFC 3339 (UTC).
//! docs/json.md documents it; docs/json.schema.json is its JSON Schema.
//! Domain types in, `serde_json::Value` out: no terminal, no I/O but
//! [`print`].

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::incident::{Incident, Severity};
use crate::sources::check::Outcome;

/// Bumped when a field changes meaning or goes away; new fields do not.
pub const VERSION: u32 = 1;

/// `{"type": kind, "version": 1, ...body}`.
pub fn envelope(kind: &str, body: Value) -> Value {
    let mut out = json!({"type": kind, "version": VERSION});
    if let (Some(o), Value::Object(b)) = (out.as_object_mut(), body) {
        o.extend(b);
    }
    out
}

/// `{"level": "high", "sev": "SEV2"}`, or null when not set.
pub fn severity(s: Option<Severity>) -> Value {
    s.map_or(Value::Null, |s| json!({"level": s.word(), "sev": s.sev()}))
}

/// What every output says of an incident.
pub fn incident(i: &Incident, now: DateTime<Utc>) -> Value {
    json!({
        "id": i.id.to_string(),
        "title": i.title,
        "kind": i.kind.word(),
        "service": i.service,
        "severity": severity(i.severity),
        "status": i.status().label(),
        "phase": i.phase.word(),
        "declared_at": i.declared_at,
        "duration_seconds": i.duration(now).num_seconds(),
        "commander": i.roles.commander,
    })
}

/// One source polled once.
pub fn source(o: &Outcome) -> Value {
    json!({
        "source": o.key.to_string(),
        "kind": o.key.kind.word(),
        "name": o.key.name,
        "ok": o.ok,
        "detail": o.detail,
    })
}

/// Prints `value` as pretty JSON and a newline.
pub fn print(value: &Value) -> color_eyre::Result<()> {
    // serde_json escapes every control character: nothing to clean.
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
