//! Every `--json` output (list, status, check, report) against the one
//! schema, docs/json.schema.json: the same incident, severity and source
//! objects everywhere, durations in seconds, times in RFC 3339.

mod common;

use std::process::Command;

use serde_json::Value;

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json.schema.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).expect("the schema is a valid JSON Schema")
}

fn assert_valid(v: &jsonschema::Validator, what: &str, doc: &Value) {
    let errors: Vec<String> = v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{what} breaks docs/json.schema.json:\n{}\n{doc:#}", errors.join("\n"));
}

/// Runs warroom; (exit code, stdout as JSON).
fn json(args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_warroom")).args(args).output().unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap_or(-1), v)
}

#[test]
fn every_json_output_follows_the_one_schema() {
    let v = schema();
    let tmp = tempfile::tempdir().unwrap();
    let inc = tmp.path().join("incidents");
    std::fs::create_dir_all(&inc).unwrap();
    let inc_s = inc.to_str().unwrap();
    // A resolved incident from a fixture, and a live one made now.
    std::fs::copy("tests/fixtures/resolved.jsonl", inc.join("INC-20261123-001.jsonl")).unwrap();
    let cli = |args: &[&str]| {
        let out =
            Command::new(env!("CARGO_BIN_EXE_warroom")).args(["--incident-dir", inc_s]).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    cli(&["declare", "Checkout API 500s", "--severity", "high", "--service", "checkout"]);
    cli(&["log", "db pool exhausted", "--kind", "hypothesis"]);
    cli(&["log", "rolled back v1.2.3", "--kind", "action"]);
    let dead = common::servers::refused();
    let config = tmp.path().join("w.yaml");
    std::fs::write(
        &config,
        format!(
            "incident_dir: {inc_s}\nsources:\n  health:\n    - {{ name: api, url: \"http://{}/health\", timeout: 2s }}\n    - {{ name: gone, url: \"http://{dead}/health\", timeout: 2s }}\n",
            common::servers::healthy()
        ),
    )
    .unwrap();
    let c = config.to_str().unwrap();

    let (code, list) = json(&["--config", c, "list", "--json"]);
    assert_eq!(code, 0);
    assert_valid(&v, "list --json", &list);
    assert_eq!(list["incidents"].as_array().unwrap().len(), 2);

    let (code, status) = json(&["--config", c, "status", "--json"]);
    assert_eq!(code, 1, "a source fails");
    assert_valid(&v, "status --json", &status);
    assert_eq!(status["ok"], false);

    let (code, check) = json(&["--config", c, "check", "--json"]);
    assert_eq!(code, 1);
    assert_valid(&v, "check --json", &check);
    let oks: Vec<(&str, bool)> = check["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["ok"].as_bool().unwrap()))
        .collect();
    assert_eq!(oks, [("api", true), ("gone", false)]);

    for id in ["INC-20261123-001", status["incident"]["id"].as_str().unwrap()] {
        let (code, report) = json(&["--config", c, "report", id, "--format", "json"]);
        assert_eq!(code, 0);
        assert_valid(&v, &format!("report {id}"), &report);
    }
    let (_, resolved) = json(&["--config", c, "report", "INC-20261123-001", "--format", "json"]);
    assert_eq!(resolved["times"]["time_to_mitigate"], 1530, "seconds");

    // The same incident is the same object in every output.
    let live = status["incident"]["id"].as_str().unwrap();
    let in_list = list["incidents"].as_array().unwrap().iter().find(|i| i["id"] == live).unwrap();
    let (_, report) = json(&["--config", c, "report", live, "--format", "json"]);
    for field in ["id", "title", "kind", "service", "severity", "status", "phase", "declared_at", "commander"] {
        assert_eq!(in_list[field], status["incident"][field], "list and status agree on {field}");
        assert_eq!(in_list[field], report[field], "list and report agree on {field}");
    }
    assert_eq!(in_list["severity"], serde_json::json!({"level": "high", "sev": "SEV2"}));

    // No incident at all: null, still the schema.
    let empty = tmp.path().join("none");
    std::fs::create_dir_all(&empty).unwrap();
    let (_, none) = json(&["--incident-dir", empty.to_str().unwrap(), "status", "--json"]);
    assert_valid(&v, "status --json with no incident", &none);
    assert_eq!(none["incident"], Value::Null);
}

/// The schema bites: what the outputs used to print breaks it.
#[test]
fn the_schema_rejects_the_old_shapes() {
    let v = schema();
    let old_status = serde_json::json!({"incident": null, "sources": []});
    assert!(!v.is_valid(&old_status), "no type and version");
    let mut list = serde_json::json!({"type": "list", "version": 1, "warnings": [], "incidents": [{
        "id": "INC-20261123-001", "title": "t", "kind": "outage", "service": null,
        "severity": {"level": "high", "sev": "SEV2"}, "status": "investigating", "phase": "triage",
        "declared_at": "2026-11-23T10:00:00Z", "duration_seconds": 60, "commander": null
    }]});
    assert!(v.is_valid(&list), "the shape itself is valid");
    list["incidents"][0]["severity"] = "SEV2 high".into();
    assert!(!v.is_valid(&list), "severity as text");
    list["incidents"][0]["severity"] = Value::Null;
    list["incidents"][0]["duration_seconds"] = "1m".into();
    assert!(!v.is_valid(&list), "duration as text");
    list["incidents"][0]["duration_seconds"] = 60.into();
    list["incidents"][0]["declared_at"] = "23/11/2026 10:00".into();
    assert!(!v.is_valid(&list), "a time not in RFC 3339");
}
