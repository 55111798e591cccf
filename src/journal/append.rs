//! Appending one entry: lock, repair a torn tail, write, fsync, unlock.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::FileExt;
use std::path::Path;

use super::JournalError;
use crate::incident::Entry;

/// Appends `entry` as one line and fsyncs it before returning.
///
/// An exclusive `flock` keeps writers from several processes (operators on
/// one bastion, `warroom log` from a pipeline) from interleaving bytes. If
/// the file ends in a torn line (a writer died mid-write), a newline is
/// written first so that the damage stays on its own line and this entry is
/// not glued to it. This blocks: call it from a blocking thread.
pub fn append(path: &Path, entry: &Entry) -> Result<(), JournalError> {
    let err = |source| JournalError::Write { path: path.to_path_buf(), source };
    let mut line = serde_json::to_vec(entry).map_err(|e| err(e.into()))?;
    line.push(b'\n');
    let file = open_for_append(path).map_err(err)?;
    file.lock().map_err(err)?;
    let result = write_line(&file, &line);
    // Unlocking happens on close as well; doing it explicitly keeps the
    // window short if the caller holds the file.
    let _ = file.unlock();
    result.map_err(err)
}

/// Writes `entry` to a journal the caller has opened and locked.
pub(super) fn append_locked(file: &File, entry: &Entry) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(entry)?;
    line.push(b'\n');
    write_line(file, &line)
}

fn open_for_append(path: &Path) -> std::io::Result<File> {
    // Never written through a symlink someone planted in the directory;
    // 0660 in a directory a group shares, else 0600.
    let sharing = super::share::Sharing::of(path.parent().unwrap_or(Path::new(".")));
    super::share::open(OpenOptions::new().read(true).append(true).create(true), path, sharing)
}

/// Writes one line; a write that fails part-way (a full disk, a file size
/// limit) is undone by cutting the file back to where it began, so no
/// half line is left for readers.
fn write_line(mut file: &File, line: &[u8]) -> std::io::Result<()> {
    let len = file.metadata()?.len();
    let result = (|| {
        if len > 0 {
            let mut last = [0u8; 1];
            file.read_exact_at(&mut last, len - 1)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
            }
        }
        file.write_all(line)?;
        file.sync_data()
    })();
    if result.is_err() {
        let _ = file.set_len(len);
        let _ = file.sync_data();
    }
    result
}

/// Appends `entry` under the journal's lock unless a line already holds its
/// id; true when it was appended.
pub fn append_once(path: &Path, entry: &Entry) -> Result<bool, JournalError> {
    let err = |source| JournalError::Write { path: path.to_path_buf(), source };
    let mut file = open_existing(path).map_err(err)?;
    file.lock().map_err(err)?;
    let mut text = Vec::new();
    file.read_to_end(&mut text).map_err(err)?;
    let needle = format!("\"id\":\"{}\"", entry.id);
    let present = memchr::memmem::find(&text, needle.as_bytes()).is_some();
    let result = if present { Ok(false) } else { append_locked(&file, entry).map(|_| true) };
    let _ = file.unlock();
    result.map_err(err)
}

/// Opens a journal that must already exist, for reading and appending.
fn open_existing(path: &Path) -> std::io::Result<File> {
    let sharing = super::share::Sharing::of(path.parent().unwrap_or(Path::new(".")));
    super::share::open(OpenOptions::new().read(true).append(true), path, sharing)
}
