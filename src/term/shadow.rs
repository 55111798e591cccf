//! What the terminal shows, kept beside the backend, so that a short run
//! of unchanged cells between two changes on a row is written again
//! instead of a cursor move past it. A scrolling log tail's rows share
//! timestamps and words with the rows they replace; ratatui's diff skips
//! those cells and crossterm moves the cursor past each skip (`ESC [ row ;
//! col H`, 6–9 bytes): a third of the bytes of the demo's tail were such
//! moves.
//!
//! Only printable ASCII is written again, and only with the colours and
//! modifiers of the cell written just before it: its width is one column
//! on every terminal, and no colour change is added. Anything this layer
//! cannot vouch for (a region cleared in part, lines appended) is
//! forgotten and simply not reused until it is written again.

use std::io;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Cell, CellDiffOption};
use ratatui::layout::{Position, Size};
use unicode_width::UnicodeWidthStr;

#[derive(Debug)]
pub struct Shadowed<B> {
    inner: B,
    shown: Shown,
}

/// The cells as last written, row by row; `None`: not known.
#[derive(Debug, Default)]
struct Shown {
    width: u16,
    height: u16,
    cells: Vec<Option<Cell>>,
}

impl Shown {
    fn sized(size: Size, cell: Option<Cell>) -> Self {
        let n = usize::from(size.width) * usize::from(size.height);
        Self { width: size.width, height: size.height, cells: vec![cell; n] }
    }

    fn at(&self, x: u16, y: u16) -> Option<&Cell> {
        (x < self.width && y < self.height)
            .then(|| self.cells[usize::from(y) * usize::from(self.width) + usize::from(x)].as_ref())
            .flatten()
    }

    /// `cell` was written at (x, y). The columns a wide character covers
    /// are not known any more: ratatui's diff does not send them, and what
    /// they show once the character is overwritten is the terminal's call.
    fn set(&mut self, x: u16, y: u16, cell: &Cell) {
        if x >= self.width || y >= self.height {
            return;
        }
        let at = usize::from(y) * usize::from(self.width) + usize::from(x);
        self.cells[at] = Some(cell.clone());
        let covered = cell.symbol().width().saturating_sub(1).min(usize::from(self.width - x - 1));
        self.cells[at + 1..=at + covered].fill(None);
    }

    /// The cells to write between `prev` (just written at `px`) and the
    /// next change at `x` on row `y`, if writing them is shorter than
    /// moving the cursor past them.
    fn gap<'s>(&'s self, px: u16, prev: &Cell, x: u16, y: u16) -> Option<impl Iterator<Item = (u16, u16, &'s Cell)>> {
        if x <= px + 1 || !ascii(prev) {
            return None;
        }
        let cells = px + 1..x;
        let fits = cells.clone().all(|gx| self.at(gx, y).is_some_and(|c| ascii(c) && c.style() == prev.style()));
        // Each ASCII cell is one byte.
        (fits && usize::from(x - px - 1) < move_len(x, y))
            .then(|| cells.map(move |gx| (gx, y, self.at(gx, y).expect("checked"))))
    }
}

/// One printable ASCII character, drawn as it is.
fn ascii(cell: &Cell) -> bool {
    let s = cell.symbol().as_bytes();
    cell.diff_option == CellDiffOption::None && s.len() == 1 && (0x20..0x7f).contains(&s[0])
}

/// Bytes of crossterm's move to column `x`, row `y` (`ESC [ y+1 ; x+1 H`).
fn move_len(x: u16, y: u16) -> usize {
    let digits = |n: u32| n.checked_ilog10().map_or(1, |d| d as usize + 1);
    4 + digits(u32::from(y) + 1) + digits(u32::from(x) + 1)
}

impl<B: Backend> Shadowed<B> {
    pub fn new(inner: B) -> Self {
        Self { inner, shown: Shown::default() }
    }

    fn forget(&mut self) {
        let size = self.inner.size().unwrap_or_default();
        self.shown = Shown::sized(size, None);
    }
}

impl<B: Backend> Backend for Shadowed<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        if self.shown.cells.is_empty() {
            self.forget();
        }
        let updates: Vec<(u16, u16, &Cell)> = content.collect();
        let mut out: Vec<(u16, u16, &Cell)> = Vec::with_capacity(updates.len());
        let mut prev: Option<(u16, u16, &Cell)> = None;
        for &(x, y, cell) in &updates {
            if let Some((px, py, pc)) = prev
                && py == y
                && let Some(gap) = self.shown.gap(px, pc, x, y)
            {
                out.extend(gap);
            }
            out.push((x, y, cell));
            prev = Some((x, y, cell));
        }
        self.inner.draw(out.into_iter())?;
        for (x, y, cell) in updates {
            self.shown.set(x, y, cell);
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)?;
        self.forget();
        Ok(())
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    /// The screen is blank afterwards, as ratatui assumes for its own
    /// record of it.
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()?;
        self.shown = Shown::sized(self.inner.size()?, Some(Cell::EMPTY));
        Ok(())
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        if clear_type == ClearType::All {
            return self.clear();
        }
        self.inner.clear_region(clear_type)?;
        self.forget();
        Ok(())
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

/// Escape sequences written beside the frames (synchronized updates) go
/// straight through; they do not change what a cell shows.
impl<B: io::Write> io::Write for Shadowed<B> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell as Shared, RefCell};
    use std::rc::Rc;

    use ratatui::Terminal;
    use ratatui::backend::CrosstermBackend;
    use ratatui::style::{Color, Modifier, Style};

    use super::*;

    /// Bytes written, shared with the test.
    #[derive(Clone, Default)]
    struct Sink(Rc<RefCell<Vec<u8>>>);

    impl io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// crossterm's backend writing into a [`Sink`], with a size set by the
    /// test instead of asked of a terminal.
    struct Pty {
        inner: CrosstermBackend<Sink>,
        size: Rc<Shared<Size>>,
    }

    impl Backend for Pty {
        type Error = io::Error;
        fn draw<'a, I: Iterator<Item = (u16, u16, &'a Cell)>>(&mut self, content: I) -> io::Result<()> {
            self.inner.draw(content)
        }
        fn hide_cursor(&mut self) -> io::Result<()> {
            self.inner.hide_cursor()
        }
        fn show_cursor(&mut self) -> io::Result<()> {
            self.inner.show_cursor()
        }
        fn get_cursor_position(&mut self) -> io::Result<Position> {
            Ok(Position::ORIGIN)
        }
        fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> io::Result<()> {
            self.inner.set_cursor_position(p)
        }
        fn clear(&mut self) -> io::Result<()> {
            self.inner.clear()
        }
        fn clear_region(&mut self, t: ClearType) -> io::Result<()> {
            self.inner.clear_region(t)
        }
        fn size(&self) -> io::Result<Size> {
            Ok(self.size.get())
        }
        fn window_size(&mut self) -> io::Result<WindowSize> {
            Err(io::Error::other("no window"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Backend::flush(&mut self.inner)
        }
    }

    /// A tiny seeded generator (xorshift), so that a failure repeats.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    const WORDS: [&str; 12] =
        ["13:45:02", "checkout-api", "INFO", "GET", "/api/cart/", "200", "ms", " ", "WARN", "é", "─", "コ"];
    const LOOKS: [Style; 3] = [
        Style::new(),
        Style::new().fg(Color::Indexed(3)),
        Style::new().fg(Color::Indexed(1)).add_modifier(Modifier::BOLD),
    ];

    fn nz(n: u16) -> std::num::NonZeroU16 {
        std::num::NonZeroU16::new(n).expect("not zero")
    }

    /// Mostly a log statement with other numbers (as a tail is), else
    /// words of any look.
    fn line(rng: &mut Rng) -> Vec<(String, Style)> {
        if rng.below(4) > 0 {
            let (n, ms) = (rng.below(100_000), rng.below(400));
            return vec![
                (format!("13:45:{:02} checkout-api ", rng.below(60)), LOOKS[0]),
                ("INFO".into(), LOOKS[rng.below(2)]),
                (format!(" GET /api/cart/{n} 200 {ms}ms"), LOOKS[0]),
            ];
        }
        (0..rng.below(14)).map(|_| (WORDS[rng.below(WORDS.len())].to_string(), LOOKS[rng.below(3)])).collect()
    }

    /// Frames of a tail that scrolls by a few lines at a time (most text
    /// shared with the row below), with colours, non-ASCII and wide
    /// characters, clears and resizes, drawn through [`Shadowed`] into a
    /// terminal emulator: after every frame the emulator shows exactly
    /// the frame, and fewer bytes were written than without it.
    #[test]
    fn the_screen_is_the_frame_after_every_draw_in_fewer_bytes() {
        for seed in [0x9e37_79b9_7f4a_7c15, 1, 2, 3, 0xdead_beef, 42] {
            frames_through_an_emulator(seed);
        }
    }

    fn frames_through_an_emulator(seed: u64) {
        let mut rng = Rng(seed);
        let size = Rc::new(Shared::new(Size::new(60, 12)));
        let (with, without) = (Sink::default(), Sink::default());
        let mut shadowed =
            Terminal::new(Shadowed::new(Pty { inner: CrosstermBackend::new(with.clone()), size: size.clone() }))
                .unwrap();
        let mut plain =
            Terminal::new(Pty { inner: CrosstermBackend::new(without.clone()), size: size.clone() }).unwrap();
        let mut screen = vt100::Parser::new(nz(12), nz(60), 0);
        let mut lines: Vec<Vec<(String, Style)>> = (0..16).map(|_| line(&mut rng)).collect();
        let mut written = 0;
        for frame_no in 0..400 {
            match rng.below(40) {
                0 => {
                    shadowed.clear().unwrap();
                    plain.clear().unwrap();
                }
                1 => {
                    let s = Size::new(40 + rng.below(40) as u16, 8 + rng.below(8) as u16);
                    size.set(s);
                    screen.set_size(nz(s.height), nz(s.width));
                }
                _ => {}
            }
            for _ in 0..rng.below(4) {
                lines.remove(0);
                lines.push(line(&mut rng));
            }
            let paint = |f: &mut ratatui::Frame| {
                let area = f.area();
                for (y, l) in lines.iter().take(usize::from(area.height)).enumerate() {
                    let spans: Vec<ratatui::text::Span> =
                        l.iter().map(|(t, s)| ratatui::text::Span::styled(t.as_str(), *s)).collect();
                    let row = ratatui::layout::Rect::new(0, y as u16, area.width, 1);
                    f.render_widget(ratatui::text::Line::from(spans), row);
                }
            };
            let expected = shadowed.draw(paint).unwrap().buffer.clone();
            plain.draw(paint).unwrap();
            let bytes = std::mem::take(&mut *with.0.borrow_mut());
            written += bytes.len();
            screen.process(&bytes);
            let s = screen.screen();
            for y in 0..expected.area.height {
                for x in 0..expected.area.width {
                    let want = &expected[(x, y)];
                    let got = s.cell(y, x).expect("in the screen");
                    if got.is_wide_continuation() {
                        continue;
                    }
                    let text = if got.contents().is_empty() { " " } else { got.contents() };
                    assert_eq!(text, want.symbol(), "seed {seed}, frame {frame_no}, cell ({x}, {y})");
                    if text == " " {
                        // A blank's colour is not seen (and erasing
                        // leaves vt100's pen colour on it).
                        continue;
                    }
                    let fg = match want.fg {
                        Color::Indexed(i) => vt100::Color::Idx(i),
                        _ => vt100::Color::Default,
                    };
                    assert_eq!(got.fgcolor(), fg, "seed {seed}, frame {frame_no}, cell ({x}, {y}) colour");
                    assert_eq!(
                        got.bold(),
                        want.modifier.contains(Modifier::BOLD),
                        "seed {seed}, frame {frame_no}, ({x}, {y}) bold"
                    );
                }
            }
        }
        let plain_bytes = without.0.borrow().len();
        assert!(
            written * 100 < plain_bytes * 95,
            "seed {seed}: {written} bytes with the shadow, {plain_bytes} without"
        );
        eprintln!("seed {seed}: {written} bytes with the shadow, {plain_bytes} without");
    }
}
