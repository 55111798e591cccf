//! Reading entries back. Damaged lines are reported and skipped; everything
//! else is kept.

use crate::incident::Entry;

/// Entries parsed from a run of complete lines.
#[derive(Debug, Default)]
pub struct Chunk {
    pub entries: Vec<Entry>,
    pub warnings: Vec<String>,
    /// Bytes of `buf` consumed: up to and including the last newline.
    pub consumed: usize,
    /// Complete lines seen (damaged ones included).
    pub lines: usize,
}

/// A buffer at least this big is parsed in two halves at once.
const SPLIT_AT: usize = 512 << 10;

/// Parses the complete lines of `buf`; bytes after the last newline are
/// left for the caller (a write in progress, or a torn tail). Line numbers
/// in warnings start after `lines_before`. A big buffer (a journal opened
/// whole) is parsed on two cores, its halves cut at a newline.
pub fn parse_lines(buf: &[u8], lines_before: usize) -> Chunk {
    static CORES: std::sync::LazyLock<usize> =
        std::sync::LazyLock::new(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let Some(last_nl) = memchr::memrchr(b'\n', buf) else {
        return Chunk::default();
    };
    let whole = &buf[..=last_nl];
    let mut parts = Vec::with_capacity(2);
    if whole.len() >= SPLIT_AT && *CORES > 1 {
        let mid = whole.len() / 2;
        // `whole` ends with a newline: there is one at or after `mid`.
        let cut = mid + memchr::memchr(b'\n', &whole[mid..]).map_or(whole.len() - mid, |i| i + 1);
        let (first, second) = whole.split_at(cut);
        let (n1, n2) = (lines_in(first), lines_in(second));
        std::thread::scope(|s| {
            let other =
                std::thread::Builder::new().name("journal-parse".into()).spawn_scoped(s, || parse_part(second, n2));
            // The second part's entries are added to the first's.
            parts.push(parse_part(first, n1 + n2));
            parts.push(match other {
                Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                Err(_) => parse_part(second, n2),
            });
        });
    } else {
        parts.push(parse_part(whole, lines_in(whole)));
    }
    let mut chunk = Chunk { consumed: whole.len(), ..Chunk::default() };
    for part in parts {
        for (line, e) in part.damaged {
            let line_no = lines_before + chunk.lines + line;
            chunk.warnings.push(format!("journal line {line_no} is damaged and was skipped ({e})"));
        }
        chunk.lines += part.lines;
        if chunk.entries.is_empty() {
            chunk.entries = part.entries;
        } else {
            chunk.entries.extend(part.entries);
        }
    }
    chunk
}

fn lines_in(buf: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', buf).count()
}

/// The entries of a run of whole lines, and which lines (from 1) were
/// damaged and why.
struct Part {
    entries: Vec<Entry>,
    damaged: Vec<(usize, serde_json::Error)>,
    lines: usize,
}

/// `room`: entries to make room for at once (a doubling per few thousand
/// is a copy each, and fresh pages to fault in).
fn parse_part(lines: &[u8], room: usize) -> Part {
    let mut part = Part { entries: Vec::with_capacity(room), damaged: Vec::new(), lines: 0 };
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', lines) {
        let raw = &lines[start..end];
        start = end + 1;
        part.lines += 1;
        if raw.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        // The line checked as UTF-8 once, not each of its strings.
        let parsed = match std::str::from_utf8(raw) {
            Ok(text) => serde_json::from_str::<Entry>(text),
            Err(_) => serde_json::from_slice::<Entry>(raw),
        };
        match parsed {
            Ok(entry) => part.entries.push(entry),
            Err(e) => part.damaged.push((part.lines, e)),
        }
    }
    part
}

/// The warning for bytes left after the last newline when a journal is
/// first read.
pub fn torn_tail_warning(line_no: usize, bytes: usize) -> String {
    format!("journal line {line_no} is incomplete ({bytes} bytes, an interrupted write?) and was skipped")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"id":"a","at":"2026-11-23T10:00:00Z","author":"x","kind":"note","payload":{"text":"one"}}"#;

    #[test]
    fn keeps_good_lines_and_reports_damaged_ones() {
        let buf = format!("{GOOD}\n{{garbage\n\n{GOOD}\n{{\"id\":\"tor");
        let c = parse_lines(buf.as_bytes(), 10);
        assert_eq!(c.entries.len(), 2);
        assert_eq!(c.warnings.len(), 1);
        assert!(c.warnings[0].starts_with("journal line 12 is damaged"), "{:?}", c.warnings);
        assert_eq!(c.lines, 4);
        assert_eq!(&buf.as_bytes()[c.consumed..], b"{\"id\":\"tor");
    }

    #[test]
    fn a_big_buffer_is_parsed_in_two_halves_in_order_with_line_numbers_right() {
        let mut buf = String::new();
        let n = 2 * SPLIT_AT / GOOD.len() + 7;
        for i in 1..=n {
            if i == 5 || i == n - 3 {
                buf.push_str("{garbage\n");
            } else {
                buf.push_str(&GOOD.replace(r#""id":"a""#, &format!(r#""id":"{i}""#)));
                buf.push('\n');
            }
        }
        buf.push_str("{\"id\":\"tor");
        let c = parse_lines(buf.as_bytes(), 100);
        assert_eq!(c.lines, n);
        assert_eq!(c.entries.len(), n - 2);
        let ids: Vec<usize> = c.entries.iter().map(|e| e.id.parse().unwrap()).collect();
        assert!(ids.is_sorted() && ids[0] == 1 && ids[n - 3] == n, "in order, none lost");
        assert_eq!(c.warnings.len(), 2);
        assert!(c.warnings[0].starts_with("journal line 105 is damaged"), "{:?}", c.warnings);
        assert!(c.warnings[1].starts_with(&format!("journal line {} is damaged", 100 + n - 3)), "{:?}", c.warnings);
        assert_eq!(&buf.as_bytes()[c.consumed..], b"{\"id\":\"tor");
    }

    #[test]
    fn a_buffer_without_newline_consumes_nothing() {
        let c = parse_lines(GOOD.as_bytes(), 0);
        assert_eq!((c.entries.len(), c.consumed, c.lines), (0, 0, 0));
    }
}
