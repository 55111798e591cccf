//! A small pseudo-terminal harness: runs the real binary in a pty, keeps
//! the rendered screen with vt100, and waits for text with a deadline,
//! dumping the screen when it does not come.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub mod procs;
pub mod servers;

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const WAIT: Duration = Duration::from_secs(15);

pub struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Option<Box<dyn Write + Send>>,
    master: Option<Box<dyn MasterPty + Send>>,
    child: Box<dyn Child + Send + Sync>,
    stop: Arc<AtomicBool>,
}

impl Pty {
    /// Starts `warroom ARGS` in a `cols`×`rows` terminal with `env` added.
    pub fn spawn(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Self {
        Self::spawn_program(env!("CARGO_BIN_EXE_warroom"), args, env, cols, rows)
    }

    /// Starts `program ARGS` (warroom behind `setpriv`, say) in a terminal.
    pub fn spawn_program(program: &str, args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Self {
        let pair =
            native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("openpty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(std::env::temp_dir());
        let child = pair.slave.spawn_command(cmd).expect("spawn warroom");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            rows.try_into().expect("rows > 0"),
            cols.try_into().expect("cols > 0"),
            0,
        )));
        // Our own dup of the master, read with a timeout, so that a hang-up
        // can close every master descriptor (a reader blocked in read()
        // would keep the terminal alive).
        let fd = pair.master.as_raw_fd().expect("master fd");
        // SAFETY: dup of a descriptor we own; the File takes the copy.
        let mut reader = unsafe { std::fs::File::from_raw_fd(libc::dup(fd)) };
        let stop = Arc::new(AtomicBool::new(false));
        let (p, stop2) = (parser.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while !stop2.load(Ordering::SeqCst) {
                let mut pfd = libc::pollfd { fd: reader.as_raw_fd(), events: libc::POLLIN, revents: 0 };
                // SAFETY: one pollfd on the stack.
                if unsafe { libc::poll(&mut pfd, 1, 50) } <= 0 {
                    continue;
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => p.lock().unwrap().process(&buf[..n]),
                }
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Self { parser, writer: Some(writer), master: Some(pair.master), child, stop }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Waits until the screen contains every one of `needles`.
    pub fn wait_for(&self, needles: &[&str]) -> String {
        self.wait_until(&format!("{needles:?}"), |s| needles.iter().all(|n| s.contains(n)))
    }

    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("timed out after {WAIT:?} waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Presses Tab until the pane titled `title` has the focus (`▶`).
    pub fn focus(&mut self, title: &str) {
        let focused = format!("▶ {title}");
        for _ in 0..12 {
            if self.screen().contains(&focused) {
                return;
            }
            self.send("\t");
        }
        panic!("no pane {title} to focus; the screen:\n{}", self.screen());
    }

    /// Types `text` (use \r for Enter).
    pub fn send(&mut self, text: &str) {
        let w = self.writer.as_mut().expect("terminal still open");
        w.write_all(text.as_bytes()).unwrap();
        w.flush().unwrap();
        std::thread::sleep(Duration::from_millis(80));
    }

    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("pid") as i32
    }

    pub fn signal(&self, sig: i32) {
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(self.pid(), sig);
        }
    }

    /// Closes our side of the terminal, as an SSH drop does.
    pub fn hang_up(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        std::thread::sleep(std::time::Duration::from_millis(150));
        self.writer = None;
        self.master = None;
    }

    /// Quits as an operator does (`q`, then `y`), and checks the process
    /// ended cleanly and gave the terminal back.
    pub fn quit(&mut self) {
        self.send("q");
        self.wait_for(&["Quit warroom?"]);
        self.send("y");
        assert_eq!(self.wait_exit(), 0, "a clean quit");
        assert!(!self.alternate_screen(), "the terminal was given back");
    }

    /// Waits for the process to end; returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            if start.elapsed() > WAIT {
                panic!("the process did not exit within {WAIT:?}; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Runs `warroom ARGS` to completion outside a terminal; returns stdout.
pub fn warroom(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_warroom")).args(args).output().expect("run warroom");
    assert!(out.status.success(), "warroom {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}
