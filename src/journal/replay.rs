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

/// Parses the complete lines of `buf`; bytes after the last newline are
/// left for the caller (a write in progress, or a torn tail). Line numbers
/// in warnings start after `lines_before`.
pub fn parse_lines(buf: &[u8], lines_before: usize) -> Chunk {
    let mut chunk = Chunk::default();
    let Some(last_nl) = buf.iter().rposition(|&b| b == b'\n') else {
        return chunk;
    };
    chunk.consumed = last_nl + 1;
    for raw in buf[..last_nl].split(|&b| b == b'\n') {
        chunk.lines += 1;
        let line_no = lines_before + chunk.lines;
        if raw.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        match serde_json::from_slice::<Entry>(raw) {
            Ok(entry) => chunk.entries.push(entry),
            Err(e) => chunk.warnings.push(format!("journal line {line_no} is damaged and was skipped ({e})")),
        }
    }
    chunk
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
    fn a_buffer_without_newline_consumes_nothing() {
        let c = parse_lines(GOOD.as_bytes(), 0);
        assert_eq!((c.entries.len(), c.consumed, c.lines), (0, 0, 0));
    }
}
