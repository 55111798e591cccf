//! The terminal: entering and leaving full-screen mode, drawing a frame in
//! one synchronized update through a large buffer, and restoring the
//! terminal on every way out (quit, error, panic, signal).

use std::io::{self, BufWriter, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
    enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::State;

/// Frames are written through this much buffer, so a frame leaves in a few
/// large writes instead of stdout's 1 KiB pieces.
const OUT_BUFFER: usize = 256 * 1024;

pub type Tui = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Whether this process switched the terminal to full-screen mode.
static ENTERED: AtomicBool = AtomicBool::new(false);

pub fn enter() -> io::Result<Tui> {
    enable_raw_mode()?;
    ENTERED.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    if let Err(e) = execute!(out, EnterAlternateScreen, EnableBracketedPaste, cursor::Hide) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(OUT_BUFFER, io::stdout())))
}

/// Gives the terminal back. Safe to call more than once and when the
/// terminal is already gone.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), DisableBracketedPaste, LeaveAlternateScreen, cursor::Show);
}

/// Restores the terminal if this process took it over.
pub fn restore_if_entered() {
    if ENTERED.load(Ordering::SeqCst) {
        restore();
    }
}

/// Restores the terminal before the panic message is printed, so it is
/// readable and the shell is usable.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // The log file outlives a dead terminal; stderr may not.
        tracing::error!("panic: {info}\n{}", std::backtrace::Backtrace::force_capture());
        restore_if_entered();
        previous(info);
    }));
}

/// Draws one frame inside a synchronized update: the terminal shows it
/// whole or not at all.
pub fn draw(terminal: &mut Tui, state: &State) -> io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| crate::ui::draw(frame, state))?;
    queue!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    terminal.backend_mut().flush()
}
