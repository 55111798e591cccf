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

mod shadow;
pub use shadow::Shadowed;

/// Frames are written through this much buffer, so a frame leaves in a few
/// large writes instead of stdout's 1 KiB pieces.
const OUT_BUFFER: usize = 256 * 1024;

pub type Tui = Terminal<Shadowed<CrosstermBackend<BufWriter<Stdout>>>>;

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
    Terminal::new(Shadowed::new(CrosstermBackend::new(BufWriter::with_capacity(OUT_BUFFER, io::stdout()))))
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

/// A panic of the main loop restores the terminal before its message is
/// printed, so it is readable and the shell is usable. A panic in a source
/// task, a runbook or webhook task or another thread is that part's
/// failure: it is logged (its supervisor shows it on its pane) and nothing
/// is printed over the running dashboard.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // The log file outlives a dead terminal; stderr may not.
        let thread = std::thread::current();
        let name = thread.name().unwrap_or("unnamed");
        tracing::error!("panic in thread {name}: {info}\n{}", std::backtrace::Backtrace::force_capture());
        if takes_the_screen_down(ENTERED.load(Ordering::SeqCst), thread.name()) {
            restore_if_entered();
            previous(info);
        }
    }));
}

/// Whether a panic on `thread` ends the dashboard: only the main thread's
/// does (the loop runs there); without a dashboard every panic is printed.
fn takes_the_screen_down(dashboard: bool, thread: Option<&str>) -> bool {
    !dashboard || thread == Some("main")
}

/// Draws one frame inside a synchronized update: the terminal shows it
/// whole or not at all.
pub fn draw(terminal: &mut Tui, state: &State) -> io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| crate::ui::draw(frame, state))?;
    queue!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    terminal.backend_mut().flush()
}

#[cfg(test)]
mod tests {
    use super::takes_the_screen_down;

    #[test]
    fn only_the_main_loop_panicking_takes_the_screen_down() {
        assert!(takes_the_screen_down(true, Some("main")));
        assert!(!takes_the_screen_down(true, Some("tokio-runtime-worker")), "a source task: its pane says so");
        assert!(!takes_the_screen_down(true, None));
        assert!(takes_the_screen_down(false, Some("tokio-runtime-worker")), "no dashboard: printed as usual");
    }
}
