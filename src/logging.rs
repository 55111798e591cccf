//! Tracing goes to a file, never to the screen: `$XDG_STATE_HOME/warroom/
//! warroom.log`, or `WARROOM_LOG_FILE`; the level from `WARROOM_LOG` (or
//! `RUST_LOG`). The file is created 0600 in a 0700 directory and kept
//! under [`CAP`] bytes: past it, it becomes `warroom.log.1` (replacing the
//! previous one) and a new file starts.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Bytes a log file may hold before it is rotated.
pub const CAP: u64 = 10 << 20;

pub fn init_file() {
    let path = std::env::var_os("WARROOM_LOG_FILE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| crate::cmd::state_dir().join("warroom.log"));
    let Ok(writer) = Capped::open(path, CAP) else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("WARROOM_LOG")
        .or_else(|_| tracing_subscriber::EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ =
        tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_writer(Mutex::new(writer)).try_init();
}

/// A log file that rotates itself at `cap` bytes.
pub struct Capped {
    path: PathBuf,
    file: File,
    len: u64,
    cap: u64,
}

impl Capped {
    pub fn open(path: PathBuf, cap: u64) -> std::io::Result<Self> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            DirBuilder::new().recursive(true).mode(0o700).create(parent)?;
        }
        let file = open(&path)?;
        let len = file.metadata()?.len();
        let mut c = Self { path, file, len, cap };
        if c.len >= c.cap {
            c.rotate()?;
        }
        Ok(c)
    }

    fn rotate(&mut self) -> std::io::Result<()> {
        let old = self.path.with_extension("log.1");
        std::fs::rename(&self.path, old)?;
        self.file = open(&self.path)?;
        self.len = 0;
        Ok(())
    }
}

fn open(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().create(true).append(true).mode(0o600).open(path)
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.len + buf.len() as u64 > self.cap && self.len > 0 {
            // A failed rotation keeps writing to the old file.
            let _ = self.rotate();
        }
        let n = self.file.write(buf)?;
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_private_and_rotates_at_its_cap() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state/warroom.log");
        let mut w = Capped::open(path.clone(), 100).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!((mode(&path), mode(path.parent().unwrap())), (0o600, 0o700));
        for i in 0..30 {
            writeln!(w, "line {i:02} of the log").unwrap();
        }
        let now = std::fs::metadata(&path).unwrap().len();
        let old = std::fs::metadata(path.with_extension("log.1")).unwrap().len();
        assert!(now <= 100 && old <= 100, "{now} {old}");
        let last = std::fs::read_to_string(&path).unwrap();
        assert!(last.ends_with("line 29 of the log\n"), "{last}");
    }
}
