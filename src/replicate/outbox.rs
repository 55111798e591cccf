//! The journal is the outbox: what is not yet published is every entry
//! after the offset remembered per journal (`.replicate/<site>/<id>.sent`).
//! The offset moves only after the server acknowledged the entries before
//! it, so a crash republishes at most a few (the server drops duplicates by
//! message id, and every reader skips ids it holds).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::incident::{Entry, IncidentId};

/// The most read from one journal in one round.
const MAX_BATCH: u64 = 1 << 20;

#[derive(Debug)]
pub struct Outbox {
    dir: PathBuf,
    /// Offsets read or written in this run: an idle journal costs a stat.
    known: std::sync::Mutex<std::collections::HashMap<IncidentId, u64>>,
}

/// Entries waiting in one journal, and the offset just past them.
#[derive(Debug)]
pub struct Pending {
    pub id: IncidentId,
    /// Each entry with the offset just past its line.
    pub entries: Vec<(Entry, u64)>,
    /// Lines that could not be read (skipped, never published).
    pub skipped: usize,
}

impl Outbox {
    pub fn new(incident_dir: &Path, site: &str) -> std::io::Result<Self> {
        let dir = incident_dir.join(".replicate").join(site);
        let sharing = crate::journal::share::Sharing::of(incident_dir);
        crate::journal::share::create_dir_all(incident_dir, &dir, sharing)?;
        Ok(Self { dir, known: Default::default() })
    }

    fn offset_path(&self, id: &IncidentId) -> PathBuf {
        self.dir.join(format!("{id}.sent"))
    }

    pub fn offset(&self, id: &IncidentId) -> u64 {
        if let Some(o) = self.known.lock().ok().and_then(|k| k.get(id).copied()) {
            return o;
        }
        let o = std::fs::read_to_string(self.offset_path(id)).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0);
        if let Ok(mut k) = self.known.lock() {
            k.insert(id.clone(), o);
        }
        o
    }

    /// Remembers that everything before `offset` is published.
    pub fn advance(&self, id: &IncidentId, offset: u64) -> std::io::Result<()> {
        let path = self.offset_path(id);
        let tmp = path.with_extension("sent.tmp");
        std::fs::write(&tmp, format!("{offset}\n"))?;
        std::fs::rename(&tmp, &path)?;
        if let Ok(mut k) = self.known.lock() {
            k.insert(id.clone(), offset);
        }
        Ok(())
    }

    /// What `journal` holds past the published offset (complete lines only).
    /// A journal shorter than the offset was replaced: everything in it is
    /// pending again.
    pub fn pending(&self, id: &IncidentId, journal: &Path) -> std::io::Result<Pending> {
        let from = self.offset(id);
        if std::fs::metadata(journal)?.len() == from {
            return Ok(Pending { id: id.clone(), entries: vec![], skipped: 0 });
        }
        let mut file = File::open(journal)?;
        let len = file.metadata()?.len();
        let mut from = from;
        if from > len {
            from = 0;
        }
        let want = (len - from).min(MAX_BATCH);
        let mut buf = vec![0; want as usize];
        file.seek(SeekFrom::Start(from))?;
        file.read_exact(&mut buf)?;
        // Complete lines only: a line still being written waits.
        let complete = buf.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let (mut entries, mut skipped, mut at) = (Vec::new(), 0, 0usize);
        for line in buf[..complete].split_inclusive(|b| *b == b'\n') {
            at += line.len();
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Entry>(line) {
                Ok(e) => entries.push((e, from + at as u64)),
                Err(_) => skipped += 1,
            }
        }
        // Nothing but damaged lines: move past them.
        if entries.is_empty() && complete > 0 {
            self.advance(id, from + complete as u64)?;
        }
        Ok(Pending { id: id.clone(), entries, skipped })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::{IncidentKind, Payload};
    use crate::journal::IncidentDir;

    #[test]
    fn pending_entries_start_after_the_acknowledged_offset() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = IncidentDir::open(tmp.path()).unwrap();
        let declared =
            Payload::Declared { title: "t".into(), kind: IncidentKind::Outage, service: None, severity: None };
        let (id, _) = dir.declare(chrono::Utc::now(), "a", declared).unwrap();
        let path = dir.journal_path(&id);
        crate::journal::append(&path, &Entry::new(chrono::Utc::now(), "a", Payload::Note { text: "one".into() }))
            .unwrap();
        let out = Outbox::new(tmp.path(), "eu1").unwrap();
        let p = out.pending(&id, &path).unwrap();
        assert_eq!(p.entries.len(), 2);
        let (_, first_end) = &p.entries[0];
        out.advance(&id, *first_end).unwrap();
        let p = out.pending(&id, &path).unwrap();
        assert_eq!(p.entries.len(), 1);
        assert!(matches!(&p.entries[0].0.payload, Payload::Note { text } if text == "one"));
        assert_eq!(p.entries[0].1, std::fs::metadata(&path).unwrap().len());
        out.advance(&id, p.entries[0].1).unwrap();
        assert!(out.pending(&id, &path).unwrap().entries.is_empty());
    }
}
