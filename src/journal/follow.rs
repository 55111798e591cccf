//! Following a journal as it grows: each [`Follower::poll`] returns the
//! entries appended since the last one, by this process or any other.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::JournalError;
use super::replay::{parse_lines, torn_tail_warning};
use crate::incident::Entry;

/// The most read in one poll, so that a huge journal is taken in slices:
/// the dashboard folds one while the next is parsed, and holds one
/// slice's text at a time (a 100k-entry journal opened at 23 MB peak RSS
/// in 2 MiB slices, 41 MB in 8 MiB slices, 66 MB in one piece).
const MAX_READ: u64 = 2 << 20;

/// The read buffer's room kept once caught up.
const KEEP: usize = 64 << 10;

#[derive(Debug)]
pub struct Follower {
    path: PathBuf,
    offset: u64,
    lines: usize,
    /// Bytes read but not parsed yet (a line still being written); also
    /// the buffer every read goes into.
    pending: Vec<u8>,
    first: bool,
    /// The file read so far (device, inode): another file under the same
    /// name is a replaced journal, never mixed with the old one.
    identity: Option<(u64, u64)>,
}

/// What one poll found.
#[derive(Debug, Default)]
pub struct Poll {
    pub entries: Vec<Entry>,
    pub warnings: Vec<String>,
    /// The journal shrank or was replaced: the caller must drop what it
    /// had and rebuild from these entries.
    pub reset: bool,
    /// More bytes are waiting; poll again soon.
    pub more: bool,
}

impl Follower {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into(), offset: 0, lines: 0, pending: Vec::new(), first: true, identity: None }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn poll(&mut self) -> Result<Poll, JournalError> {
        let path = self.path.clone();
        let err = |source| JournalError::Read { path: path.clone(), source };
        let mut out = Poll::default();
        let mut file = File::open(&self.path).map_err(|e| err(super::share::explain(&path, e)))?;
        let meta = file.metadata().map_err(err)?;
        let len = meta.len();
        let identity = (std::os::unix::fs::MetadataExt::dev(&meta), std::os::unix::fs::MetadataExt::ino(&meta));
        if self.identity.is_some_and(|i| i != identity) {
            out.warnings.push(format!("journal {} was replaced by another file; reloaded it", self.path.display()));
            *self = Self::new(path.clone());
            out.reset = true;
        }
        if self.identity != Some(identity) {
            out.warnings.extend(super::owner::check(&self.path));
        }
        self.identity = Some(identity);
        if len < self.offset {
            out.warnings.push(format!(
                "journal {} shrank from {} to {len} bytes; reloaded it",
                self.path.display(),
                self.offset
            ));
            *self = Self::new(path.clone());
            out.reset = true;
        }
        if len == self.offset {
            return Ok(out);
        }
        let want = (len - self.offset).min(MAX_READ);
        file.seek(SeekFrom::Start(self.offset)).map_err(err)?;
        // Read after what was left of the last poll (a line being written),
        // into the same buffer each time: a journal opened in slices does
        // not zero and fault in a fresh 2 MiB per slice.
        let buf = &mut self.pending;
        buf.reserve(want as usize);
        let got = (&mut file).take(want).read_to_end(buf).map_err(err)?;
        self.offset += got as u64;
        out.more = self.offset < len;

        let chunk = parse_lines(buf, self.lines);
        self.lines += chunk.lines;
        out.entries = chunk.entries;
        out.warnings.extend(chunk.warnings);
        buf.drain(..chunk.consumed);
        if !out.more {
            // Caught up: keep what a few appends need, not a slice's room.
            buf.shrink_to(KEEP);
        }
        if self.first && !out.more && !self.pending.is_empty() {
            out.warnings.push(torn_tail_warning(self.lines + 1, self.pending.len()));
        }
        self.first = self.first && out.more;
        Ok(out)
    }

    /// Polls until the end of the file: the whole journal at once (read in
    /// slices, so that its whole text is never held beside its entries).
    pub fn read_all(&mut self) -> Result<Poll, JournalError> {
        let mut all = self.poll()?;
        while all.more {
            let next = self.poll()?;
            if next.reset {
                // Replaced while being read: what was read belongs to the
                // old file.
                all.entries.clear();
                all.reset = true;
            }
            all.entries.extend(next.entries);
            all.warnings.extend(next.warnings);
            all.more = next.more;
        }
        Ok(all)
    }
}
