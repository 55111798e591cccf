//! `warroom patterns`: the pane's grouping on whole files, as text, JSON
//! and one row per line, on a log the test writes.

mod common;

use common::warroom;

fn log() -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("app.log");
    let mut text = String::new();
    for i in 0..30 {
        text.push_str(&format!(
            "2026-11-23 10:00:{:02},000 ERROR pool: too many connections (in use {}/100)\n",
            i,
            90 + i % 10
        ));
        text.push_str(&format!("2026-11-23 10:00:{i:02},500 INFO GET /health 200 {}ms\n", i + 1));
        if i % 10 == 0 {
            text.push_str(&format!(
                "10.0.0.{i} - - [23/Nov/2026:10:00:{i:02} +0000] \"GET /api/error-report HTTP/1.1\" 503 12 \"-\" \"curl\"\n"
            ));
        }
    }
    std::fs::write(&path, text).unwrap();
    let p = path.to_string_lossy().into_owned();
    (tmp, p)
}

#[test]
fn groups_as_text_json_and_lines() {
    let (_tmp, path) = log();
    let text = warroom(&["patterns", &path]);
    let mut rows = text.lines();
    assert_eq!(rows.next(), Some("63 lines, 3 patterns"));
    let first = rows.nth(1).unwrap();
    assert!(first.starts_with("P1"), "{first}");
    assert!(first.contains("30 ERROR") && first.contains("2026-11-23 10:00:00,000 (1)"), "{first}");
    assert!(first.ends_with("<*> ERROR pool: too many connections (in use <*>)"), "{first}");
    assert!(text.contains(r#"3 ERROR"#) && text.contains(r#""GET <*>" <*>"#), "the access log's 503s: {text}");

    let json: serde_json::Value = serde_json::from_str(&warroom(&["patterns", "--json", &path])).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["lines"], 63);
    let p = &json["patterns"][0];
    assert_eq!((p["id"].as_str(), p["count"].as_u64(), p["level"].as_str()), (Some("P1"), Some(30), Some("Error")));
    assert_eq!(p["last"]["line"], 62, "the last of 30: 29 × 2 lines and 3 access lines before it");

    let lines = warroom(&["patterns", "--lines", &path]);
    let rows: Vec<&str> = lines.lines().collect();
    assert_eq!(rows[0], "line\tlevel\tpattern");
    assert_eq!(rows.len(), 64);
    assert_eq!(&rows[1..4], ["1\tERROR\tP1", "2\tINFO\tP2", "3\tERROR\tP3"]);
    assert_eq!(rows[4], "4\tERROR\tP1");

    // Only what the dashboard groups.
    let problems = warroom(&["patterns", "--problems", "--lines", &path]);
    assert_eq!(problems.lines().nth(2), Some("2\tINFO\t-"));
}
