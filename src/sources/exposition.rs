//! The Prometheus text exposition format (`/metrics`): samples with their
//! labels and values. Lenient: a bad line is counted and skipped, the rest
//! of the scrape is kept. Handles label escapes (`\\ \" \n`), `NaN` and
//! `±Inf`, timestamps, and quoted UTF-8 metric names (`{"my.metric",a="b"}`).

use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub labels: Vec<(String, String)>,
    pub value: f64,
}

impl Sample {
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub samples: Vec<Sample>,
    /// `# TYPE` of each family.
    pub types: HashMap<String, String>,
    pub bad_lines: usize,
    /// The first few problems, for the pane.
    pub errors: Vec<String>,
}

pub fn parse(text: &str) -> Parsed {
    let mut out = Parsed::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let mut parts = comment.split_whitespace();
            if parts.next() == Some("TYPE")
                && let (Some(name), Some(kind)) = (parts.next(), parts.next())
            {
                out.types.insert(name.trim_matches('"').to_string(), kind.to_string());
            }
            continue;
        }
        match parse_sample(line) {
            Ok(s) => out.samples.push(s),
            Err(e) => {
                out.bad_lines += 1;
                if out.errors.len() < 5 {
                    out.errors.push(format!("line {}: {e}", n + 1));
                }
            }
        }
    }
    out
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| c == ' ' || c == '\t') {
            self.pos += 1;
        }
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }
    fn ident(&mut self) -> Option<&'a str> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            let ok = c.is_ascii_alphabetic() || c == '_' || c == ':' || (self.pos > start && c.is_ascii_digit());
            if !ok {
                break;
            }
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.s[start..self.pos])
    }
    fn quoted(&mut self) -> Result<String, String> {
        if !self.eat('"') {
            return Err("expected a quoted string".into());
        }
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err("unterminated string".into()),
                Some('"') => return Ok(out),
                Some('\\') => match self.bump() {
                    Some('n') => out.push('\n'),
                    Some('\\') => out.push('\\'),
                    Some('"') => out.push('"'),
                    Some(c) => {
                        out.push('\\');
                        out.push(c);
                    }
                    None => return Err("unterminated escape".into()),
                },
                Some(c) => out.push(c),
            }
        }
    }
    fn token(&mut self) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(|c| c != ' ' && c != '\t') {
            self.bump();
        }
        &self.s[start..self.pos]
    }
}

fn parse_sample(line: &str) -> Result<Sample, String> {
    let mut c = Cursor { s: line, pos: 0 };
    let mut name = match c.ident() {
        Some(n) => n.to_string(),
        None if c.peek() == Some('{') => String::new(),
        None => return Err(format!("expected a metric name at `{}`", head(line))),
    };
    let mut labels = Vec::new();
    if c.eat('{') {
        loop {
            c.skip_ws();
            if c.eat('}') {
                break;
            }
            let key = if c.peek() == Some('"') {
                let q = c.quoted()?;
                c.skip_ws();
                // A quoted string not followed by `=` is the metric name.
                if name.is_empty() && c.peek() != Some('=') {
                    name = q;
                    c.skip_ws();
                    c.eat(',');
                    continue;
                }
                q
            } else {
                c.ident().ok_or_else(|| format!("expected a label name in `{}`", head(line)))?.to_string()
            };
            c.skip_ws();
            if !c.eat('=') {
                return Err(format!("expected `=` after label {key}"));
            }
            c.skip_ws();
            let value = c.quoted()?;
            labels.push((key, value));
            c.skip_ws();
            if !c.eat(',') {
                c.skip_ws();
                if !c.eat('}') {
                    return Err("expected `,` or `}` in labels".into());
                }
                break;
            }
        }
    }
    if name.is_empty() {
        return Err("a sample without a metric name".into());
    }
    c.skip_ws();
    let value = parse_value(c.token()).ok_or_else(|| format!("bad value in `{}`", head(line)))?;
    c.skip_ws();
    let ts = c.token();
    if !ts.is_empty() && ts.parse::<f64>().is_err() {
        return Err(format!("bad timestamp `{ts}`"));
    }
    Ok(Sample { name, labels, value })
}

/// Prometheus float syntax, including `NaN`, `+Inf`, `-Inf`.
pub fn parse_value(s: &str) -> Option<f64> {
    match s {
        "NaN" | "nan" => Some(f64::NAN),
        "+Inf" | "Inf" | "+inf" | "inf" => Some(f64::INFINITY),
        "-Inf" | "-inf" => Some(f64::NEG_INFINITY),
        "" => None,
        _ => s.parse().ok(),
    }
}

fn head(s: &str) -> String {
    s.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_text_format() {
        let text = r#"
# HELP http_requests_total Requests.
# TYPE http_requests_total counter
http_requests_total{method="GET",status="200"} 1027 1395066363000
http_requests_total{method="POST",status="500",} 3
# TYPE lat histogram
lat_bucket{le="0.1"} 5
lat_bucket{le="+Inf"} 9
up 1
nan_gauge NaN
neg -Inf
esc{path="C:\\dir\"x\"\nend"} 1.5e3
{"my.dotted.metric", "some.label"="v"} 7
"#;
        let p = parse(text);
        assert_eq!(p.bad_lines, 0, "{:?}", p.errors);
        assert_eq!(p.types["http_requests_total"], "counter");
        assert_eq!(p.samples.len(), 9);
        assert_eq!(p.samples[0].label("status"), Some("200"));
        assert_eq!(p.samples[0].value, 1027.0);
        assert_eq!(p.samples[1].labels.len(), 2);
        assert_eq!(p.samples[3].value, f64::INFINITY.min(9.0));
        assert!(p.samples[5].value.is_nan());
        assert_eq!(p.samples[6].value, f64::NEG_INFINITY);
        assert_eq!(p.samples[7].label("path"), Some("C:\\dir\"x\"\nend"));
        assert_eq!(p.samples[7].value, 1500.0);
        assert_eq!(p.samples[8].name, "my.dotted.metric");
        assert_eq!(p.samples[8].label("some.label"), Some("v"));
    }

    #[test]
    fn skips_bad_lines_and_says_where() {
        let p = parse("ok 1\nbroken{a=\"x\" 2\n9bad 1\nnovalue\nalso_ok 2\nbad_ts 1 soon\n");
        assert_eq!(p.samples.len(), 2);
        assert_eq!(p.bad_lines, 4);
        assert!(p.errors[0].starts_with("line 2"), "{:?}", p.errors);
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in ["{", "}", "{\"", "x{\"", "x{a=\"\\", "\u{0}", "x{a=\"1\"}}", "x 1 2 3", "{=\"1\"} 2"] {
            let _ = parse(s);
        }
    }
}
