//! The report as Markdown (a minijinja template: `assets/report.md.j2`, or
//! the user's own) and as JSON.

use minijinja::{Environment, UndefinedBehavior, Value};

use super::model::Report;

pub const DEFAULT_TEMPLATE: &str = include_str!("../../assets/report.md.j2");

/// The report as JSON (docs/json.md): the incident as every output says it
/// (severity as an object, words for kind and phase, `duration_seconds`),
/// then the postmortem's own fields.
pub fn json(r: &Report) -> String {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    if let (Some(o), Some(summary)) = (v.as_object_mut(), r.summary.as_object()) {
        // The text of the duration is the Markdown's; JSON says seconds.
        o.shift_remove("duration");
        o.extend(summary.clone());
    }
    let v = crate::json::envelope("report", v);
    serde_json::to_string_pretty(&v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Renders `template` (the default when None). Errors name the template
/// line when the template is at fault.
pub fn markdown(r: &Report, template: Option<&str>) -> Result<String, String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // A runaway user template stops instead of hanging the command.
    env.set_fuel(Some(5_000_000));
    env.add_filter("duration", |secs: Option<i64>| match secs {
        Some(s) => crate::incident::format_duration(chrono::Duration::seconds(s)),
        None => "—".to_string(),
    });
    env.add_filter("time", |v: Value| -> String {
        v.as_str()
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&chrono::Utc).format("%Y-%m-%d %H:%M:%S UTC").to_string())
            .unwrap_or_else(|| "—".to_string())
    });
    env.add_filter("hm", |v: Value| -> String {
        v.as_str()
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&chrono::Utc).format("%H:%M:%S").to_string())
            .unwrap_or_default()
    });
    // Every value printed is user text made inert (see `escape`); a table
    // cell needs nothing more. `| safe` is for the diagram's code block.
    env.add_filter("cell", |s: Option<String>| s.unwrap_or_default());
    env.set_formatter(|out, state, value| {
        if value.is_safe() {
            return minijinja::escape_formatter(out, state, value);
        }
        match value.as_str() {
            Some(s) => out
                .write_str(&escape(s))
                .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write the report")),
            None => minijinja::escape_formatter(out, state, value),
        }
    });
    env.add_template("report", template.unwrap_or(DEFAULT_TEMPLATE)).map_err(describe)?;
    let tmpl = env.get_template("report").map_err(describe)?;
    tmpl.render(Value::from(minijinja::value::Serde(r))).map_err(describe)
}

/// User text in Markdown: one line, no control characters, HTML and
/// Markdown syntax shown as text (`<script>`, `**`, `[link](…)`, `|`).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push('\u{FFFD}'),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn describe(e: minijinja::Error) -> String {
    let line = e.line().map(|l| format!(" (template line {l})")).unwrap_or_default();
    format!("{}{line}", e)
}
