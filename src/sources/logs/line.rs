//! Making a raw log line safe to show: invalid UTF-8 replaced, terminal
//! escape sequences removed, other control characters made visible, very
//! long lines cut. Nothing a log line holds ever reaches the terminal as a
//! command.

/// Cleans `raw` (one line, without its newline) and cuts it to `max`
/// bytes.
pub fn sanitize(raw: &[u8], max: usize) -> String {
    let cut = raw.len() > max;
    let raw = if cut { &raw[..max] } else { raw };
    // Most lines are printable ASCII: nothing to clean, one copy.
    if !cut && printable_ascii(raw) {
        // SAFETY: every byte is ASCII, so the bytes are UTF-8.
        return unsafe { String::from_utf8_unchecked(raw.to_vec()) };
    }
    let text = String::from_utf8_lossy(raw);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => skip_escape(&mut chars),
            '\t' => out.push(' '),
            '\r' if chars.peek().is_none() => {}
            // C0 and C1 controls and DEL: a C1 CSI (U+009B) acts like ESC [.
            c if c.is_control() => out.push('\u{FFFD}'),
            // Bidirectional overrides can make a line read as something else.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    if cut {
        // The cut may have split a character; lossy decoding marked it.
        out.push_str(" …[cut]");
    }
    out
}

/// Every byte is printable ASCII (0x20 to 0x7e). Checked 16 bytes at a
/// time with no exit inside a block, which the compiler turns into vector
/// instructions.
fn printable_ascii(b: &[u8]) -> bool {
    let printable = |x: u8| x.wrapping_sub(0x20) < 0x5f;
    let mut blocks = b.chunks_exact(16);
    for block in &mut blocks {
        if !block.iter().fold(true, |ok, &x| ok & printable(x)) {
            return false;
        }
    }
    blocks.remainder().iter().all(|&x| printable(x))
}

/// Skips the rest of an escape sequence after ESC: CSI (`[` … final byte),
/// OSC (`]` … BEL or ESC \), or a two-character sequence.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars>) {
    match chars.next() {
        Some('[') => {
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        Some(']') | Some('P') | Some('_') | Some('^') => {
            while let Some(c) = chars.next() {
                if c == '\x07' {
                    break;
                }
                if c == '\x1b' {
                    chars.next_if_eq(&'\\');
                    break;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences_and_controls() {
        assert_eq!(sanitize(b"\x1b[31mERROR\x1b[0m pool full", 100), "ERROR pool full");
        assert_eq!(sanitize(b"title\x1b]0;pwned\x07 after", 100), "title after");
        assert_eq!(sanitize(b"osc\x1b]8;;http://x\x1b\\link", 100), "osclink");
        assert_eq!(sanitize(b"bell\x07 and nul\x00", 100), "bell\u{FFFD} and nul\u{FFFD}");
        assert_eq!(sanitize("c1 \u{9b}2J".as_bytes(), 100), "c1 \u{FFFD}2J");
        assert_eq!(sanitize("rtl \u{202E}gnp.exe".as_bytes(), 100), "rtl \u{FFFD}gnp.exe");
        assert_eq!(sanitize(b"crlf\r", 100), "crlf");
        assert_eq!(sanitize(b"tab\there", 100), "tab here");
    }

    #[test]
    fn printable_ascii_is_checked_in_every_block() {
        for len in [0, 1, 15, 16, 17, 31, 32, 33, 100] {
            let line = vec![b'a'; len];
            assert!(printable_ascii(&line), "{len}");
            for at in 0..len {
                for bad in [0x00, 0x1b, 0x1f, 0x7f, 0x80, 0xff] {
                    let mut l = line.clone();
                    l[at] = bad;
                    assert!(!printable_ascii(&l), "{len} {at} {bad:#x}");
                }
            }
        }
        assert!(printable_ascii(b" ~"));
    }

    #[test]
    fn replaces_invalid_utf8_and_cuts_long_lines() {
        assert_eq!(sanitize(b"bad \xff\xfe bytes", 100), "bad \u{FFFD}\u{FFFD} bytes");
        let long = "x".repeat(500);
        let s = sanitize(long.as_bytes(), 100);
        assert!(s.starts_with(&"x".repeat(100)) && s.ends_with("…[cut]"));
        // A cut in the middle of a multi-byte character does not panic.
        let s = sanitize("ééé".as_bytes(), 3);
        assert!(s.starts_with('é'));
    }
}
