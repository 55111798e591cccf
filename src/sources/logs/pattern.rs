//! Error patterns: the variable parts of a line (numbers, ids, hex,
//! addresses, quoted values, key=value values) masked as `<*>`, so that
//! lines printed by the same statement share one pattern:
//! `INVALID_TOKEN for user 48213` → `INVALID_TOKEN for user <*>`.

const MASK: &str = "<*>";
const HTTP_METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// The pattern of a line's message.
pub fn template(text: &str) -> String {
    let unquoted = mask_quoted(text);
    let mut out: Vec<String> = Vec::new();
    for token in unquoted.split_whitespace() {
        let masked = mask_token(token);
        // Runs of variables (a list of ids, a split timestamp) are one:
        // `1, 2, 3` → `<*>`, keeping the punctuation outside the run.
        if let Some(last) = out.last_mut()
            && is_mask(last)
            && (last.ends_with(MASK) || last.ends_with(&format!("{MASK},")) || last.ends_with(&format!("{MASK};")))
            && is_mask(&masked)
        {
            let lead = &last[..last.find(MASK).unwrap_or(0)];
            let trail = &masked[masked.find(MASK).map_or(0, |i| i + MASK.len())..];
            *last = format!("{lead}{MASK}{trail}");
            continue;
        }
        out.push(masked);
    }
    out.join(" ")
}

/// `<*>` with nothing but punctuation around it.
fn is_mask(token: &str) -> bool {
    token.trim_matches(|c: char| c.is_ascii_punctuation() && c != '*' && c != '<' && c != '>') == MASK
}

/// `"..."` and `'...'` become `<*>`, and so do `[...]` groups with a space
/// or a digit in them (thread names, `[worker 3]`, `[10.0.0.1]`): the same
/// error from different threads is one pattern.
fn mask_quoted(text: &str) -> String {
    let text = &mask_brackets(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let opens = c == '"' || (c == '\'' && text[..i].chars().last().is_none_or(|p| !p.is_alphanumeric()));
        if opens && let Some(end) = text[i + 1..].find(c) {
            // An access log's request line keeps its method: `"GET <*>"`.
            let inner = &text[i + 1..i + 1 + end];
            match inner.split_once(' ').filter(|(m, _)| HTTP_METHODS.contains(m)) {
                Some((method, _)) => out.push_str(&format!("{c}{method} {MASK}{c}")),
                None => out.push_str(MASK),
            }
            let stop = i + 1 + end;
            while chars.peek().is_some_and(|(j, _)| *j <= stop) {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    out
}

fn mask_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(len) = rest[open + 1..].find(']') else { break };
        let inner = &rest[open + 1..open + 1 + len];
        out.push_str(&rest[..open]);
        if !inner.contains('[') && inner.chars().any(|c| c.is_whitespace() || c.is_ascii_digit()) {
            out.push_str("[<*>]");
        } else {
            out.push_str(&rest[open..open + len + 2]);
        }
        rest = &rest[open + len + 2..];
    }
    out.push_str(rest);
    out
}

fn mask_token(token: &str) -> String {
    if token == MASK {
        return MASK.into();
    }
    // key=value: keep the key, mask the value.
    if let Some((k, v)) = token.split_once('=')
        && !k.is_empty()
        && !v.is_empty()
        && k.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '-')
    {
        return format!("{k}={MASK}");
    }
    if !is_variable(token) {
        return token.to_string();
    }
    // Keep the punctuation around a variable: `(in use 7/100)` → `(in use <*>)`.
    let lead = token.len() - token.trim_start_matches(['(', '[', '{', '<', '"', '\'']).len();
    let trail = token.len() - token.trim_end_matches([')', ']', '}', '>', ',', ';', ':', '.', '"', '\'']).len();
    if lead + trail >= token.len() {
        return MASK.into();
    }
    format!("{}{MASK}{}", &token[..lead], &token[token.len() - trail..])
}

fn is_variable(token: &str) -> bool {
    let core = token.trim_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() {
        return false;
    }
    if core.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
    // Hex ids without a digit in them (rare, but `deadbeefcafe` happens).
    core.len() >= 8 && core.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::template;

    #[test]
    fn masks_what_varies_and_keeps_what_does_not() {
        assert_eq!(template("INVALID_TOKEN for user 48213"), "INVALID_TOKEN for user <*>");
        assert_eq!(template("INVALID_TOKEN for user 77"), "INVALID_TOKEN for user <*>");
        assert_eq!(
            template("connect to 10.0.3.7:5432 failed after 3 retries"),
            "connect to <*> failed after <*> retries"
        );
        assert_eq!(template(r#"user "bob smith" not found"#), "user <*> not found");
        assert_eq!(template(r#"10.1.2.3 "POST /v2/pay HTTP/1.1" 500"#), r#"<*> "POST <*>" <*>"#);
        assert_eq!(template("it's 'quoted value' here"), "it's <*> here");
        assert_eq!(template("order=a9f3 status=500 took=12ms"), "order=<*> status=<*> took=<*>");
        assert_eq!(template("trace deadbeefcafebabe dropped"), "trace <*> dropped");
        assert_eq!(template("req 550e8400-e29b-41d4-a716-446655440000 done"), "req <*> done");
        assert_eq!(template("2026-11-23 10:00:01,123 ERROR pool exhausted"), "<*> ERROR pool exhausted");
        assert_eq!(template("ids 1, 2, 3 and 4"), "ids <*> and <*>");
        assert_eq!(template(""), "");
        assert_eq!(template("WARN [IPC Server handler 5] Client: retry"), "WARN [<*>] Client: retry");
        assert_eq!(template("WARN [main] Client: retry"), "WARN [main] Client: retry");
    }
}
