//! Error patterns: the variable parts of a line (numbers, ids, hex,
//! addresses with ports, quoted values, key=value values, month and
//! weekday names, the user or host after `user`, `for … from`) masked as
//! `<*>`, so that lines printed by the same statement share one pattern:
//! `INVALID_TOKEN for user 48213` → `INVALID_TOKEN for user <*>`. Masking
//! keeps the punctuation around a variable and never eats a bracket that
//! belongs to it.

use std::borrow::Cow;
use std::sync::Arc;

const MASK: &str = "<*>";
const HTTP_METHODS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// The pattern of a line's message.
pub fn template(text: &str) -> String {
    let unquoted = mask_quoted(text);
    let mut out = String::with_capacity(unquoted.len());
    let mut tokens = unquoted.split_whitespace();
    let mut prev = "";
    let mut cur = tokens.next();
    let mut next = tokens.next();
    // Where the last token starts in `out`, if it was a mask.
    let mut last_mask: Option<usize> = None;
    let is = |w: &str, any: &[&str]| any.iter().any(|a| w.eq_ignore_ascii_case(a));
    while let Some(token) = cur {
        let next_bare = next.map_or("", bare);
        // Names in the usual positions: `user X`, `for X from Y`, `from HOST`.
        let named = is(prev, &["user", "users", "username", "login"])
            || (is(prev, &["for"]) && is(next_bare, &["from"]))
            || (is(prev, &["from"]) && looks_like_host(token));
        let start = out.len();
        if start > 0 {
            out.push(' ');
        }
        let begin = out.len();
        if named {
            keep_punctuation(&mut out, token);
        } else {
            mask_token(&mut out, token);
        }
        let masked = is_mask(&out[begin..]);
        // Runs of variables (a list of ids, a split timestamp) are one:
        // `1, 2, 3` → `<*>`, keeping the punctuation outside the run.
        // `(<*>)` after `<*>` opens a new group: merging would eat its `(`.
        if masked
            && out[begin..].starts_with(MASK)
            && let Some(last) = last_mask
            && {
                let l = &out[last..start];
                l.ends_with(MASK) || l.ends_with("<*>,") || l.ends_with("<*>;")
            }
        {
            // The last one keeps its lead and its mask; this one's trail follows.
            let lead_end = last + out[last..start].find(MASK).unwrap_or(0) + MASK.len();
            let trail = begin + MASK.len();
            out.replace_range(lead_end..trail, "");
        } else {
            last_mask = masked.then_some(begin);
        }
        prev = bare(token);
        cur = next;
        next = tokens.next();
    }
    out
}

/// An error pattern as lines carry it: its text, shared by the lines of
/// one statement, and its [`key`], worked out once per template (not once
/// a line, and not again where lines are counted or filtered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    text: Arc<str>,
    key: u64,
}

impl Pattern {
    pub fn new(text: Arc<str>) -> Self {
        let key = key(&text);
        Self { text, key }
    }

    /// [`key`] of the text.
    pub fn key(&self) -> u64 {
        self.key
    }
}

impl From<String> for Pattern {
    fn from(text: String) -> Self {
        Self::new(text.into())
    }
}

impl std::ops::Deref for Pattern {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

/// A pattern's key: eight bytes a stored line carries to say which
/// pattern it belongs to (the text is kept once, in the table).
pub fn key(pattern: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x7761_7272_6f6f_6d00).hash_one(pattern)
}

/// Templates already made, by the shape of the text they came from: the
/// text with each run of ASCII digits as one `0`. A template depends on a
/// text's digits only through where they are (a token with a digit is a
/// variable, so is a bracket group with one), except where it keeps them
/// (`db2=`): such templates are never kept. So a text whose shape was seen
/// gets the same template [`template`] would make, for the cost of one
/// pass and a lookup. A log storm is a few statements printed many times.
#[derive(Debug, Default)]
pub struct Templates {
    made: std::collections::HashMap<Box<[u8]>, Pattern, foldhash::fast::FixedState>,
    shape: Vec<u8>,
}

impl Templates {
    /// At most this many shapes are kept; then they are dropped and found
    /// again (a text of ids without digits has a shape of its own).
    pub const CAP: usize = 4096;

    /// How many shapes are kept.
    pub fn len(&self) -> usize {
        self.made.len()
    }

    pub fn is_empty(&self) -> bool {
        self.made.is_empty()
    }

    /// The pattern of a line's message, as [`template`] makes it.
    pub fn template(&mut self, text: &str) -> Pattern {
        let n = shape_into(&mut self.shape, text.as_bytes());
        let shape = &self.shape[..n];
        if let Some(t) = self.made.get(shape) {
            return t.clone();
        }
        let t = Pattern::from(template(text));
        if !t.bytes().any(|b| b.is_ascii_digit()) {
            if self.made.len() >= Self::CAP {
                self.made.clear();
            }
            self.made.insert(shape.into(), t.clone());
        }
        t
    }
}

/// `text` with each run of ASCII digits as one `0`, into the start of
/// `out` (grown to hold it, never shrunk); returns its length. Eight bytes
/// at a time: a word with no digit in it (most of a message) is copied
/// whole; in one with digits they become `0` together, and only when a
/// digit follows a digit are the bytes written one by one, without a
/// branch.
fn shape_into(out: &mut Vec<u8>, text: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if out.len() < text.len() {
        out.resize(text.len(), 0);
    }
    let buf = &mut out[..text.len()];
    let mut n = 0;
    // The high bit of the last byte of the word before: a digit.
    let mut carry = 0u64;
    let mut words = text.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        let d = digit_bytes(x);
        if d == 0 {
            buf[n..n + 8].copy_from_slice(w);
            n += 8;
            carry = 0;
            continue;
        }
        // Every digit byte as `0`.
        let all = (d >> 7) * 0xff;
        let y = (x & !all) | (all & 0x3030_3030_3030_3030);
        // A digit after a digit (in this word, or the last of the word
        // before) is dropped.
        let drop = d & (d << 8 | carry);
        carry = d >> 56 & 0x80;
        if drop == 0 {
            buf[n..n + 8].copy_from_slice(&y.to_le_bytes());
            n += 8;
        } else {
            let keep = !drop & HIGH;
            for i in 0..8 {
                buf[n] = (y >> (8 * i)) as u8;
                n += (keep >> (8 * i + 7) & 1) as usize;
            }
        }
    }
    let mut digits = carry != 0;
    for &b in words.remainder() {
        let d = b.is_ascii_digit();
        buf[n] = if d { b'0' } else { b };
        n += usize::from(!(d & digits));
        digits = d;
    }
    n
}

/// The high bit of each byte of `x` that is an ASCII digit.
const fn digit_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Seven bits a byte, so no sum carries into the next byte.
    let low = x & LOW7;
    let from_0 = low + 0x5050_5050_5050_5050; // high bit: low >= b'0'
    let past_9 = low + 0x4646_4646_4646_4646; // high bit: low > b'9'
    from_0 & !past_9 & !x & HIGH
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

/// Writes `token`, masked where it varies, to `out`.
fn mask_token(out: &mut String, token: &str) {
    if token == MASK {
        out.push_str(MASK);
        return;
    }
    // A syslog tag, `sshd(pam_unix)[19939]:`, is the header's process name:
    // the same message from `su` and `sshd` is one pattern.
    if let Some(name) = token.strip_suffix("[<*>]:")
        && !name.is_empty()
        && !name.contains(char::is_whitespace)
    {
        out.push_str(MASK);
        out.push(':');
        return;
    }
    // key=value: keep the key, mask the value: `(uid=0)` → `(uid=<*>)`.
    let open = token.len() - token.trim_start_matches(['(', '[', '{']).len();
    if let Some((k, v)) = token[open..].split_once('=')
        && !k.is_empty()
        && !v.is_empty()
        && k.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '-')
    {
        // Punctuation after the value stays: `(uid=0),` → `(uid=<*>),`.
        out.push_str(&token[..open + k.len() + 1]);
        keep_punctuation(out, v);
        return;
    }
    if !is_variable(token) && !is_date_word(bare(token)) {
        out.push_str(token);
        return;
    }
    keep_punctuation(out, token);
}

/// Writes the token masked, keeping the punctuation around it: `(in use
/// 7/100)` → `(in use <*>)`, `LOCAL(0),` → `<*>,`, `gmetad[1682]:` →
/// `<*>:`. A closing bracket whose opener is inside the variable is part
/// of it.
fn keep_punctuation(out: &mut String, token: &str) {
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
        out.push_str(MASK);
        return;
    }
    out.push_str(&token[..lead]);
    out.push_str(MASK);
    out.push_str(&body[end..]);
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
    use super::{shape_into, template};

    /// The shape is each run of digits as one `0`, whatever the lengths,
    /// where the runs fall against the eight-byte words, and however long
    /// the buffer already is from an earlier, longer text.
    #[test]
    fn a_shape_folds_each_run_of_digits() {
        let reference = |t: &[u8]| {
            let mut out = Vec::new();
            for (i, &b) in t.iter().enumerate() {
                if !b.is_ascii_digit() {
                    out.push(b);
                } else if i == 0 || !t[i - 1].is_ascii_digit() {
                    out.push(b'0');
                }
            }
            out
        };
        let mut buf = Vec::new();
        let mut x = 0x2545F4914F6CDD1Du64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..20_000 {
            let len = (next() % 40) as usize;
            // Digits more often than not, so runs of every length fall
            // across word ends.
            let text: Vec<u8> = (0..len).map(|_| b"0123456789ab/: \xff"[(next() % 16) as usize]).collect();
            let n = shape_into(&mut buf, &text);
            assert_eq!(buf[..n], reference(&text), "round {round}: {:?}", String::from_utf8_lossy(&text));
        }
        let n = shape_into(&mut buf, b"pool-12 in use 12/100 at 2026-11-23T10:01:02");
        assert_eq!(&buf[..n], b"pool-0 in use 0/0 at 0-0-0T0:0:0");
    }

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
