//! Waking a file's tail when the file changes, instead of only at its next
//! poll: a burst is read as it starts, not up to a poll interval later.
//! Linux's inotify watches the file (written, closed, moved, deleted) and
//! its folder (a file of that name created or moved in: a rotation).
//!
//! Events are read only while the tail waits. While it is busy reading,
//! they stay in the kernel's queue, which folds repeats of the same event
//! into one, so a storm of writes costs no wake-ups; before each round the
//! queue is emptied ([`Wake::arm`]), so what is written after it wakes the
//! next wait. The poll interval stays as the fallback: where inotify is
//! missing or says nothing (network filesystems, a folder that does not
//! exist yet), the tail polls as before.

use std::ffi::OsString;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::Duration;

use inotify::{Inotify, WatchDescriptor, WatchMask};
use tokio::io::unix::AsyncFd;

/// One file's wake-ups.
pub struct Wake {
    path: PathBuf,
    name: Option<OsString>,
    inotify: Option<AsyncFd<Inotify>>,
    /// The folder's watch: its events count only for `name`.
    dir: Option<WatchDescriptor>,
    buf: Vec<u8>,
}

impl std::fmt::Debug for Wake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wake").field("path", &self.path).field("inotify", &self.inotify.is_some()).finish()
    }
}

/// What one read of the queue found.
enum Seen {
    Ours,
    Others,
    Nothing,
}

impl Wake {
    /// Watches `path` from the next [`Wake::arm`] on; without inotify,
    /// [`Wake::wait`] only sleeps. Call it inside the tokio runtime.
    pub fn new(path: &Path) -> Self {
        let inotify = Inotify::init().ok().and_then(|i| {
            // SAFETY: the Inotify owns its descriptor, gives the same one
            // every time and closes it only when dropped, which is when
            // the AsyncFd that owns it is.
            unsafe { AsyncFd::register_with_interest(i, tokio::io::Interest::READABLE) }.ok()
        });
        Self {
            path: path.to_path_buf(),
            name: path.file_name().map(OsString::from),
            inotify,
            dir: None,
            buf: vec![0u8; 4096],
        }
    }

    /// Forgets the changes seen so far: any change from now on ends the
    /// next [`Wake::wait`]. Watches the file as it is now (after a
    /// rotation, the new one) and, once, its folder.
    pub fn arm(&mut self) {
        let Some(fd) = &mut self.inotify else { return };
        // Straight from the queue, not through the reactor's idea of
        // whether there is something: it may not have looked yet.
        while !matches!(read(fd.get_mut(), &mut self.buf, &self.dir, &self.name), Seen::Nothing) {}
        let mut watches = fd.get_ref().watches();
        // The same file again gives the same watch; a new file a new one
        // (the old one's ends when it is deleted).
        let _ = watches.add(
            &self.path,
            WatchMask::MODIFY
                | WatchMask::CLOSE_WRITE
                | WatchMask::ATTRIB
                | WatchMask::MOVE_SELF
                | WatchMask::DELETE_SELF,
        );
        if self.dir.is_none()
            && let Some(dir) = self.path.parent().map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d })
        {
            self.dir = watches.add(dir, WatchMask::CREATE | WatchMask::MOVED_TO).ok();
        }
    }

    /// Until the file changes (since the last [`Wake::arm`]) or `most`
    /// has passed.
    pub async fn wait(&mut self, most: Duration) {
        let Some(fd) = &mut self.inotify else {
            tokio::time::sleep(most).await;
            return;
        };
        let (buf, dir, name) = (&mut self.buf, &self.dir, &self.name);
        let change = async {
            loop {
                let Ok(mut ready) = fd.readable_mut().await else {
                    // The reactor cannot watch it: poll from now on.
                    return std::future::pending::<()>().await;
                };
                match read(ready.get_inner_mut(), buf, dir, name) {
                    Seen::Ours => return,
                    Seen::Others => {}
                    // Nothing after all: wait for the next readiness.
                    Seen::Nothing => ready.clear_ready(),
                }
            }
        };
        let _ = tokio::time::timeout(most, change).await;
    }
}

/// Reads what is queued, without blocking: whether a change of ours is in
/// it (another file in the folder is not ours).
fn read(inotify: &mut Inotify, buf: &mut [u8], dir: &Option<WatchDescriptor>, name: &Option<OsString>) -> Seen {
    match inotify.read_events(buf) {
        Ok(events) => {
            let mut seen = Seen::Others;
            for e in events {
                if Some(&e.wd) != dir.as_ref() || e.name.map(OsString::from) == *name {
                    seen = Seen::Ours;
                }
            }
            seen
        }
        Err(e) if e.kind() == ErrorKind::WouldBlock => Seen::Nothing,
        // A broken queue says nothing more.
        Err(_) => Seen::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::time::Instant;

    const LONG: Duration = Duration::from_secs(20);

    fn append(path: &std::path::Path, text: &[u8]) {
        std::fs::OpenOptions::new().append(true).open(path).unwrap().write_all(text).unwrap();
    }

    /// Waits `wait` in the background, does `change`, and says how long
    /// the wait took.
    async fn woken_by(wake: &mut Wake, change: impl FnOnce() + Send + 'static) -> Duration {
        wake.arm();
        let t = Instant::now();
        let changer = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            change();
        });
        wake.wait(LONG).await;
        changer.await.unwrap();
        t.elapsed()
    }

    #[tokio::test]
    async fn a_write_a_rotation_and_a_new_file_wake_the_tail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.log");
        std::fs::write(&path, "one\n").unwrap();
        let mut wake = Wake::new(&path);
        assert!(wake.inotify.is_some(), "inotify on this machine");

        let p = path.clone();
        let took = woken_by(&mut wake, move || append(&p, b"two\n")).await;
        assert!(took < LONG / 2, "a write wakes: {took:?}");

        // Rotation: the file is moved away and a new one takes its name.
        let (p, old) = (path.clone(), dir.path().join("app.log.1"));
        let took = woken_by(&mut wake, move || std::fs::rename(&p, &old).unwrap()).await;
        assert!(took < LONG / 2, "a move wakes: {took:?}");
        let p = path.clone();
        let took = woken_by(&mut wake, move || std::fs::write(&p, "three\n").unwrap()).await;
        assert!(took < LONG / 2, "a new file of that name wakes: {took:?}");

        // And the new file is watched from the next arm on.
        let p = path.clone();
        let took = woken_by(&mut wake, move || append(&p, b"four\n")).await;
        assert!(took < LONG / 2, "the new file's writes wake: {took:?}");
    }

    #[tokio::test]
    async fn changes_before_arm_and_other_files_do_not_wake() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.log");
        std::fs::write(&path, "one\n").unwrap();
        let mut wake = Wake::new(&path);
        wake.arm();
        // A change that was read already (before the next arm).
        append(&path, b"two\n");
        wake.arm();
        let other = dir.path().join("other.log");
        std::fs::write(&other, "x\n").unwrap();
        let t = Instant::now();
        wake.wait(Duration::from_millis(300)).await;
        assert!(t.elapsed() >= Duration::from_millis(290), "woken by nothing of ours: {:?}", t.elapsed());
    }

    #[tokio::test]
    async fn a_file_that_does_not_exist_yet_is_polled_and_then_woken() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("later.log");
        let mut wake = Wake::new(&path);
        let p = path.clone();
        let took = woken_by(&mut wake, move || std::fs::write(&p, "first\n").unwrap()).await;
        assert!(took < LONG / 2, "its creation wakes: {took:?}");
        // No folder at all: the wait is the poll.
        let mut wake = Wake::new(&dir.path().join("no/such/dir/x.log"));
        wake.arm();
        let t = Instant::now();
        wake.wait(Duration::from_millis(100)).await;
        assert!(t.elapsed() >= Duration::from_millis(95));
    }
}
