//! Word wrapping for panes that must know how many rows their text takes
//! (the timeline keeps its newest line at the bottom).

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
