//! Finding and parsing the config file.
//!
//! Order: `--config`, then `WARROOM_CONFIG`, then `./warroom.yaml`, then
//! `$XDG_CONFIG_HOME/warroom/config.yaml`. A file named explicitly must
//! exist; the implicit ones are skipped when absent, and then the defaults
//! apply.

use std::path::{Path, PathBuf};

use super::error::ConfigError;
use super::types::Config;

/// Where the config came from, for `warroom check` and error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Defaults,
}

/// Picks the config file: the first that applies of the load order.
pub fn find(
    explicit: Option<&Path>,
    env: Option<&Path>,
    cwd: &Path,
    xdg_config: Option<&Path>,
) -> Result<Source, ConfigError> {
    if let Some(p) = explicit.or(env) {
        if !p.exists() {
            return Err(ConfigError {
                file: p.to_path_buf(),
                line: None,
                column: None,
                field: String::new(),
                message: "file not found".into(),
            });
        }
        return Ok(Source::File(p.to_path_buf()));
    }
    let local = cwd.join("warroom.yaml");
    if local.exists() {
        return Ok(Source::File(local));
    }
    if let Some(x) = xdg_config {
        let p = x.join("warroom").join("config.yaml");
        if p.exists() {
            return Ok(Source::File(p));
        }
    }
    Ok(Source::Defaults)
}

/// Reads and parses the chosen config.
pub fn load(source: &Source) -> Result<Config, ConfigError> {
    match source {
        Source::Defaults => Ok(Config::default()),
        Source::File(path) => {
            let bytes = std::fs::read(path).map_err(|e| ConfigError {
                file: path.clone(),
                line: None,
                column: None,
                field: String::new(),
                message: format!("cannot read: {e}"),
            })?;
            parse_bytes(path, &bytes)
        }
    }
}

/// Parses config bytes, naming the line and column of the first byte that
/// is not UTF-8; `file` is only used in errors.
pub fn parse_bytes(file: &Path, bytes: &[u8]) -> Result<Config, ConfigError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        // Name where the first bad byte is.
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let column = good.len() - good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1) + 1;
        ConfigError {
            file: file.to_path_buf(),
            line: Some(line),
            column: Some(column),
            field: String::new(),
            message: "not valid UTF-8 (save the file as UTF-8)".into(),
        }
    })?;
    parse(file, text)
}

/// Parses config text; `file` is only used in errors.
pub fn parse(file: &Path, text: &str) -> Result<Config, ConfigError> {
    if text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Ok(Config::default());
    }
    let de = serde_yaml::Deserializer::from_str(text);
    let config: Config = serde_path_to_error::deserialize(de).map_err(|e| {
        // Syntax errors leave `?` segments where no key was read yet.
        let field = e.path().to_string().split('.').filter(|s| *s != "?").collect::<Vec<_>>().join(".");
        let inner = e.into_inner();
        let message = strip_location(&inner.to_string(), &field);
        let loc = inner.location();
        let mut line = loc.as_ref().map(|l| l.line());
        let mut column = loc.as_ref().map(|l| l.column());
        // serde_yaml places a field's own check at the start of the mapping
        // that holds it: point at the field itself.
        if let (Some(l), Some(c)) = (line, column)
            && !message.starts_with("unknown field")
            && let Some(at) = field_at(text, l, c, &field)
        {
            (line, column) = (Some(at.0), Some(at.1));
        }
        // A duplicate name is reported where the duplicate stands.
        if let Some(at) = duplicate_at(text, &message) {
            (line, column) = (Some(at.0), Some(at.1));
        }
        ConfigError {
            file: file.to_path_buf(),
            line,
            column,
            field: if field == "." { String::new() } else { field },
            message,
        }
    })?;
    // A gate must read something that exists.
    if let Some(name) = config.gates.unknown_names(&config).into_iter().next() {
        let at = name_at(text, &name);
        return Err(ConfigError {
            file: file.to_path_buf(),
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
            field: "gates".into(),
            message: format!("no metric, SLO or health check is named `{name}`"),
        });
    }
    Ok(config)
}

/// Where a gate names `name` (`metric: NAME`, `slo: NAME`, `health: NAME`)
/// after the `gates:` key.
fn name_at(text: &str, name: &str) -> Option<(usize, usize)> {
    let re = regex::Regex::new(&format!(r#"(?:metric|slo|health):\s*["']?{}["']?\s*(?:[,}}]|$)"#, regex::escape(name)))
        .ok()?;
    let start = text.lines().position(|l| l.starts_with("gates:"))?;
    text.lines().enumerate().skip(start).find_map(|(i, l)| Some((i + 1, re.find(l)?.start() + 1)))
}

/// The line and column of the value of `field`'s last key, searched from
/// the mapping that starts at `line`:`column` to its end; None when the
/// location already points inside that key's value, or the field is a
/// list item.
fn field_at(text: &str, line: usize, column: usize, field: &str) -> Option<(usize, usize)> {
    let key = field.rsplit('.').next()?;
    if key.is_empty() || key.contains('[') {
        return None;
    }
    let re = regex::Regex::new(&format!(r#"(?:^|[{{,\s])["']?{}["']?\s*:(?:\s|$)"#, regex::escape(key))).ok()?;
    let lines: Vec<&str> = text.lines().collect();
    let first = *lines.get(line.checked_sub(1)?)?;
    let col0 = (column - 1).min(first.len());
    if re.is_match(first.get(..col0).unwrap_or("")) {
        return None;
    }
    for (i, l) in lines.iter().enumerate().skip(line - 1) {
        let indent = l.len() - l.trim_start().len();
        let blank = l.trim().is_empty() || l.trim_start().starts_with('#');
        if i + 1 > line && !blank && indent < col0 {
            break;
        }
        let from = if i + 1 == line { col0 } else { 0 };
        let Some(rest) = l.get(from..) else { continue };
        if let Some(m) = re.find(rest) {
            let after = from + m.end();
            let value = l[after..].len() - l[after..].trim_start().len();
            return Some((i + 1, after + value + 1));
        }
    }
    None
}

/// For "… are named `X`; names must be unique": the line and column of
/// the second `name: X` in the text.
fn duplicate_at(text: &str, message: &str) -> Option<(usize, usize)> {
    let name = message.split_once("named `")?.1.split_once("`; names must be unique")?.0;
    // `name: X` ends its line or, in a flow mapping, its entry.
    let re = regex::Regex::new(&format!(r#"name:\s*["']?{}["']?\s*(?:[,}}]|$)"#, regex::escape(name))).ok()?;
    text.lines().enumerate().filter_map(|(i, l)| Some((i + 1, re.find(l)?.start() + 1))).nth(1)
}

/// serde_yaml appends ` at line L column C` and may prefix the path; both
/// are reported in their own fields.
fn strip_location(msg: &str, field: &str) -> String {
    let msg = match msg.split_once(": ") {
        Some((path, rest))
            if path == field || field.starts_with(&format!("{path}.")) || field.starts_with(&format!("{path}[")) =>
        {
            rest
        }
        _ => msg,
    };
    let msg = match msg.find(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    msg.to_string()
}
