//! Error patterns: the variable parts of a line (numbers, ids, hex,
//! addresses with ports, quoted values, key=value values, month and
//! weekday names, the user or host after `user`, `for … from`) masked as
//! `<*>`, so that lines printed by the same statement share one pattern:
//! `INVALID_TOKEN for user 48213` → `INVALID_TOKEN for user <*>`. Masking
//! keeps the punctuation around a variable and never eats a bracket that
//! belongs to it.

use std::borrow::Cow;

const MASK: &str = "<*>";
const HTTP_METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// The pattern of a line's message.
pub fn template(text: &str) -> String {
    let unquoted = mask_quoted(text);
    let tokens: Vec<&str> = unquoted.split_whitespace().collect();
    // Tokens that stay as they are are borrowed, not copied.
    let mut out: Vec<Cow<str>> = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        let prev = i.checked_sub(1).map_or("", |j| bare(tokens[j]));
        let next = tokens.get(i + 1).map_or("", |t| bare(t));
        let is = |w: &str, any: &[&str]| any.iter().any(|a| w.eq_ignore_ascii_case(a));
        // Names in the usual positions: `user X`, `for X from Y`, `from HOST`.
        let named = is(prev, &["user", "users", "username", "login"])
            || (is(prev, &["for"]) && is(next, &["from"]))
            || (is(prev, &["from"]) && looks_like_host(token));
        let masked = if named { Cow::Owned(keep_punctuation(token)) } else { mask_token(token) };
        // Runs of variables (a list of ids, a split timestamp) are one:
        // `1, 2, 3` → `<*>`, keeping the punctuation outside the run.
        if let Some(last) = out.last_mut()
            && is_mask(last)
            && (last.ends_with(MASK) || last.ends_with("<*>,") || last.ends_with("<*>;"))
            && is_mask(&masked)
            // `(<*>)` after `<*>` opens a new group: merging would eat its `(`.
            && masked.starts_with(MASK)
        {
            let lead = &last[..last.find(MASK).unwrap_or(0)];
            let trail = &masked[masked.find(MASK).map_or(0, |i| i + MASK.len())..];
            *last = Cow::Owned(format!("{lead}{MASK}{trail}"));
            continue;
        }
        out.push(masked);
    }
    out.join(" ")
}

/// A token without the punctuation around it.
fn bare(token: &str) -> &str {
    token.trim_matches(|c: char| !c.is_alphanumeric())
}

/// A host or address: dots, colons or digits in it.
fn looks_like_host(token: &str) -> bool {
    let b = bare(token);
    !b.is_empty() && b.contains(['.', ':']) || b.bytes().any(|c| c.is_ascii_digit())
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// `Nov`, `NOV`, `November`, `Tue`: parts of a date, not of a message.
fn is_date_word(core: &str) -> bool {
    let title = core.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && (core[1..].bytes().all(|b| b.is_ascii_lowercase()) || core.bytes().all(|b| b.is_ascii_uppercase()));
    if !title || core.len() < 3 || core.len() > 9 {
        return false;
    }
    const FULL: [&str; 19] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let same = |w: &&str| core.eq_ignore_ascii_case(w);
    (core.len() == 3 && (MONTHS.iter().any(same) || DAYS.iter().any(same))) || FULL.iter().any(same)
}

/// `<*>` with nothing but punctuation around it.
fn is_mask(token: &str) -> bool {
    token.trim_matches(|c: char| c.is_ascii_punctuation() && c != '*' && c != '<' && c != '>') == MASK
}

/// `"..."` and `'...'` become `<*>`, and so do `[...]` groups with a space
/// or a digit in them (thread names, `[worker 3]`, `[10.0.0.1]`): the same
/// error from different threads is one pattern.
fn mask_quoted(text: &str) -> Cow<'_, str> {
    let bracketed = mask_brackets(text);
    if !bracketed.contains(['"', '\'']) {
        return bracketed;
    }
    let text = bracketed.as_ref();
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
    Cow::Owned(out)
}

fn mask_brackets(text: &str) -> Cow<'_, str> {
    if !text.contains('[') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(len) = rest[open + 1..].find(']') else { break };
        let inner = &rest[open + 1..open + 1 + len];
        out.push_str(&rest[..open]);
        // `[-]`: a context that is empty this time (no request id).
        let empty = !inner.is_empty() && inner.chars().all(|c| c == '-' || c == ' ');
        if !inner.contains('[') && (empty || inner.chars().any(|c| c.is_whitespace() || c.is_ascii_digit())) {
            out.push_str("[<*>]");
        } else {
            out.push_str(&rest[open..open + len + 2]);
        }
        rest = &rest[open + len + 2..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn mask_token(token: &str) -> Cow<'_, str> {
    if token == MASK {
        return Cow::Borrowed(MASK);
    }
    // A syslog tag, `sshd(pam_unix)[19939]:`, is the header's process name:
    // the same message from `su` and `sshd` is one pattern.
    if let Some(name) = token.strip_suffix("[<*>]:")
        && !name.is_empty()
        && !name.contains(char::is_whitespace)
    {
        return Cow::Owned(format!("{MASK}:"));
    }
    // key=value: keep the key, mask the value: `(uid=0)` → `(uid=<*>)`.
    let open = token.len() - token.trim_start_matches(['(', '[', '{']).len();
    if let Some((k, v)) = token[open..].split_once('=')
        && !k.is_empty()
        && !v.is_empty()
        && k.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '-')
    {
        // Punctuation after the value stays: `(uid=0),` → `(uid=<*>),`.
        return Cow::Owned(format!("{}{k}={}", &token[..open], keep_punctuation(v)));
    }
    if !is_variable(token) && !is_date_word(bare(token)) {
        return Cow::Borrowed(token);
    }
    Cow::Owned(keep_punctuation(token))
}

/// The token masked, keeping the punctuation around it: `(in use 7/100)`
/// → `(in use <*>)`, `LOCAL(0),` → `<*>,`, `gmetad[1682]:` → `<*>:`. A
/// closing bracket whose opener is inside the variable is part of it.
fn keep_punctuation(token: &str) -> String {
    const OPEN: [char; 5] = ['(', '[', '{', '"', '\''];
    let lead = token.len() - token.trim_start_matches(OPEN).len();
    let body = &token[lead..];
    let mut end = body.len();
    for (i, c) in body.char_indices().rev() {
        let opener = match c {
            ')' => Some('('),
            ']' => Some('['),
            '}' => Some('{'),
            ',' | ';' | ':' | '.' | '"' | '\'' => None,
            _ => break,
        };
        // A bracket left open within the variable closes here: keep it.
        if let Some(o) = opener {
            let before = &body[..i];
            if before.matches(o).count() > before.matches(c).count() {
                break;
            }
        }
        end = i;
    }
    if end == 0 {
        return MASK.into();
    }
    format!("{}{MASK}{}", &token[..lead], &body[end..])
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

    #[test]
    fn masks_hold_on_logs_nobody_here_wrote() {
        // Syslog headers: month and weekday names are dates, not words.
        assert_eq!(
            template("Nov 9 12:01:03 cn142 ntpd[7467]: synchronized to 10.100.20.250, stratum 3"),
            "<*>: synchronized to <*>, stratum <*>",
            "date, host and the syslog tag are the header"
        );
        assert_eq!(template("Tue Dec 06 10:00:01 2005 [error] child died"), "<*> [error] child died");
        assert_eq!(template("May not be null"), "<*> not be null", "only title case, only whole words");
        assert_eq!(template("the mayor said no"), "the mayor said no");
        // Users and hosts in the usual positions.
        assert_eq!(
            template("Failed password for invalid user admin from 173.234.31.186 port 38926 ssh2"),
            "Failed password for invalid user <*> from <*> port <*>"
        );
        assert_eq!(
            template("Failed password for root from host-7.example.com port 22 ssh2"),
            "Failed password for <*> from <*> port <*>"
        );
        assert_eq!(template("session opened for user root by (uid=0)"), "session opened for user <*> by (uid=<*>)");
        assert_eq!(template("removed from cluster"), "removed from cluster", "a plain word after from stays");
        assert_eq!(template("connect host=db-7.internal failed"), "connect host=<*> failed");
        // Addresses with ports, durations.
        assert_eq!(template("upstream 10.0.0.7:5432 timed out after 2.5s"), "upstream <*> timed out after <*>");
        // Punctuation stays, and a bracket that belongs to the variable goes with it.
        assert_eq!(template("synchronized to LOCAL(0), stratum 10"), "synchronized to <*>, stratum <*>");
        assert_eq!(template("/opt/ganglia-3.0.1/sbin/gmetad[1682]: RRD_update"), "<*>: RRD_update");
        assert_eq!(
            template("Jun 15 04:06:18 combo su(pam_unix)[21416]: session opened for user cyrus by (uid=0)"),
            template("Jun 17 20:29:26 combo sshd(pam_unix)[30631]: session opened for user test by (uid=509)"),
            "the syslog tag is header"
        );
        assert_eq!(template("(in use 7/100)"), "(in use <*>)");
        assert_eq!(
            template("connection from 24.54.76.216 (24-54-76-216.bflony.adelphia.net) at Fri Jun 17 07:07:00 2005"),
            "connection from <*> (<*>) at <*>",
            "a run of variables never eats the bracket that opens the next one"
        );
        assert_eq!(
            template("INFO [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:ZooKeeperServer@595] - Established"),
            "INFO [<*>] - Established"
        );
        // An empty request context is the same context.
        assert_eq!(
            template("INFO nova.compute.manager [-] [instance: b9000564] Skip."),
            template("INFO nova.compute.manager [req-3ea4052c - - - - -] [instance: bf8c824d] Skip.")
        );
    }
}
