//! Word wrapping for panes that must know how many rows their text takes
//! (the timeline keeps its newest line at the bottom).

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// Splits `text` into rows of at most `width` columns, breaking at spaces
/// where it can and inside long words where it must.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    let mut row_w = 0;
    for word in text.split(' ') {
        let word_w: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
        let sep = usize::from(!row.is_empty());
        if row_w + sep + word_w <= width {
            if sep == 1 {
                row.push(' ');
            }
            row.push_str(word);
            row_w += sep + word_w;
            continue;
        }
        if !row.is_empty() {
            rows.push(std::mem::take(&mut row));
            row_w = 0;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if row_w + w > width {
                rows.push(std::mem::take(&mut row));
                row_w = 0;
            }
            row.push(c);
            row_w += w;
        }
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows
}

/// `head` followed by `text` in `style`, wrapped to `width`, continuation
/// rows indented by `indent` columns.
pub fn row<'a>(head: Vec<Span<'a>>, text: &str, style: Style, width: usize, indent: usize) -> Vec<Line<'a>> {
    let used: usize = head.iter().map(|s| s.width()).sum();
    let first_room = width.saturating_sub(used).max(8);
    let first = wrap(text, first_room).swap_remove(0);
    // The first row is a prefix of the text (wrap drops only the spaces it
    // breaks at), so the rest is what follows it.
    let rest = text.strip_prefix(first.as_str()).unwrap_or("").trim_start().to_string();
    let mut rows = vec![first];
    let mut out = vec![Line::from([head, vec![Span::styled(rows.remove(0), style)]].concat())];
    if !rest.is_empty() {
        for r in wrap(&rest, width.saturating_sub(indent).max(8)) {
            out.push(Line::from(vec![Span::raw(" ".repeat(indent)), Span::styled(r, style)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_and_splits_long_words() {
        assert_eq!(wrap("pool at 100% on db-1", 8), vec!["pool at", "100% on", "db-1"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("x", 0), vec!["x"]);
        assert_eq!(wrap("日本語テキスト", 6), vec!["日本語", "テキス", "ト"]);
    }
}

/// `text` in exactly `width` columns: padded, or shortened from the middle
/// (`checkout…5xx ratio`) so that two names sharing a prefix stay apart.
pub fn middle(text: &str, width: usize) -> String {
    let w = |s: &str| s.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    let total = w(text);
    if total <= width {
        return format!("{text}{}", " ".repeat(width - total));
    }
    if width <= 1 {
        return "…".chars().take(width).collect();
    }
    let keep = width - 1;
    let (front, back) = (keep.div_ceil(2), keep / 2);
    let mut head = String::new();
    let mut used = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > front {
            break;
        }
        head.push(c);
        used += cw;
    }
    let mut tail: Vec<char> = Vec::new();
    let mut used_back = 0;
    for c in text.chars().rev() {
        let cw = c.width().unwrap_or(0);
        if used_back + cw > back {
            break;
        }
        tail.push(c);
        used_back += cw;
    }
    let tail: String = tail.into_iter().rev().collect();
    let out = format!("{head}…{tail}");
    let pad = width.saturating_sub(w(&out));
    format!("{out}{}", " ".repeat(pad))
}

/// `text` on one row of `width` columns, cut with `…` when longer.
pub fn one_line(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_string();
    }
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > width {
            break;
        }
        out.push(c);
        used += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod middle_tests {
    use super::{middle, one_line};

    #[test]
    fn names_keep_both_ends() {
        assert_eq!(middle("checkout 5xx ratio", 12), "checko…ratio");
        assert_eq!(middle("checkout p95 latency", 12), "checko…tency");
        assert_eq!(middle("short", 8), "short   ");
        assert_eq!(middle("abc", 1), "…");
        assert_eq!(one_line("connection refused by peer", 12), "connection …");
        assert_eq!(one_line("fits", 12), "fits");
    }
}
