//! Entries that could not be written (a full disk, a lost mount) are not
//! dropped when the dashboard leaves: they go to a rescue file, one JSON
//! line each as `{"incident": ID, "entry": {...}}`, and the next start (or
//! `warroom log --import FILE`) appends each to its journal exactly once:
//! an entry whose id the journal already holds is skipped.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io::{BufRead, Write};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{IncidentDir, JournalError};
use crate::incident::{Entry, IncidentId};

#[derive(Serialize, Deserialize)]
struct Rescued {
    incident: String,
    entry: Entry,
}

/// Where rescue files go: the incident directory's `.rescue/`, or when that
/// cannot be written, `$XDG_STATE_HOME/warroom/rescue/` or the temp dir.
pub fn write(dir: &IncidentDir, entries: &[(IncidentId, Entry)]) -> Result<PathBuf, String> {
    let name = format!("{}.{}.jsonl", chrono::Utc::now().format("%Y%m%dT%H%M%S"), std::process::id());
    let state = etcetera::choose_base_strategy().ok().map(|b| {
        use etcetera::BaseStrategy;
        b.state_dir().unwrap_or_else(|| b.data_dir()).join("warroom/rescue")
    });
    let places = [Some(rescue_dir(dir)), state, Some(std::env::temp_dir().join("warroom-rescue"))];
    let mut errors = Vec::new();
    for place in places.into_iter().flatten() {
        let path = place.join(&name);
        match write_to(&place, &path, entries) {
            Ok(()) => return Ok(path),
            Err(e) => errors.push(format!("{}: {e}", path.display())),
        }
    }
    Err(errors.join("; "))
}

fn rescue_dir(dir: &IncidentDir) -> PathBuf {
    dir.root().join(".rescue")
}

fn write_to(place: &Path, path: &Path, entries: &[(IncidentId, Entry)]) -> std::io::Result<()> {
    // In a group-shared incident directory the rescue folder and files are
    // the group's, so whoever starts next imports them; elsewhere private.
    let parent = place.parent().unwrap_or(place);
    let sharing = if place.exists() { super::share::Sharing::of(place) } else { super::share::Sharing::of(parent) };
    if place.file_name().is_some_and(|n| n == ".rescue") {
        super::share::create_dir_all(parent, place, sharing)?;
    } else {
        DirBuilder::new().recursive(true).mode(0o700).create(place)?;
    }
    let sharing = super::share::Sharing::of(place);
    let mut f = super::share::open(OpenOptions::new().write(true).create_new(true), path, sharing)?;
    let mut out = Vec::new();
    for (id, entry) in entries {
        serde_json::to_writer(&mut out, &Rescued { incident: id.to_string(), entry: entry.clone() })?;
        out.push(b'\n');
    }
    f.write_all(&out)?;
    f.sync_all()
}

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub appended: usize,
    /// Already in their journal: written before, or imported before.
    pub present: usize,
    /// Lines that could not be read, or name an incident that is not here.
    pub problems: Vec<String>,
}

/// Appends every rescued entry of `file` to its journal unless the journal
/// already holds its id.
pub fn import(dir: &IncidentDir, file: &Path) -> Result<Imported, JournalError> {
    let read = |source| JournalError::Read { path: file.to_path_buf(), source };
    let f = File::open(file).map_err(read)?;
    let mut out = Imported::default();
    for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.map_err(read)?;
        if line.trim().is_empty() {
            continue;
        }
        let r: Rescued = match serde_json::from_str(&line) {
            Ok(r) => r,
            Err(e) => {
                out.problems.push(format!("{}:{}: {e}", file.display(), n + 1));
                continue;
            }
        };
        let Ok(id) = r.incident.parse::<IncidentId>() else {
            out.problems.push(format!("{}:{}: not an incident id: {}", file.display(), n + 1, r.incident));
            continue;
        };
        let path = dir.journal_path(&id);
        if !path.exists() {
            out.problems.push(format!("{}:{}: no incident {id} here", file.display(), n + 1));
            continue;
        }
        if super::append::append_once(&path, &r.entry)? {
            out.appended += 1;
        } else {
            out.present += 1;
        }
    }
    Ok(out)
}

/// Imports every rescue file in the incident directory's `.rescue/` and
/// removes the ones that imported without problems.
pub fn import_pending(dir: &IncidentDir) -> Vec<(PathBuf, Result<Imported, JournalError>)> {
    let Ok(read) = std::fs::read_dir(rescue_dir(dir)) else { return vec![] };
    let mut files: Vec<PathBuf> =
        read.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "jsonl")).collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let r = import(dir, &p);
            if r.as_ref().is_ok_and(|i| i.problems.is_empty()) {
                let _ = std::fs::remove_file(&p);
            }
            (p, r)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::{IncidentKind, Payload};

    #[test]
    fn rescued_entries_reach_their_journal_exactly_once() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = IncidentDir::open(tmp.path().join("incidents")).unwrap();
        let at = chrono::Utc::now();
        let declared =
            Payload::Declared { title: "x".into(), kind: IncidentKind::Outage, service: None, severity: None };
        let (id, _) = dir.declare(at, "alice", declared).unwrap();
        let note = |t: &str| Entry::new(at, "alice", Payload::Note { text: t.into() });
        let (saved, lost) = (note("saved before the disk filled"), note("typed while it was full"));
        crate::journal::append(&dir.journal_path(&id), &saved).unwrap();
        let path = write(&dir, &[(id.clone(), saved.clone()), (id.clone(), lost.clone())]).unwrap();
        assert!(path.starts_with(dir.root().join(".rescue")), "{}", path.display());
        let mode = std::fs::metadata(&path).unwrap().permissions();
        assert_eq!(std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777, 0o600);
        // The next start imports it once and removes the file.
        let done = import_pending(&dir);
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].1.as_ref().unwrap(), &Imported { appended: 1, present: 1, problems: vec![] });
        assert!(!path.exists());
        // Importing the same entries again changes nothing.
        let again = write(&dir, &[(id.clone(), lost.clone())]).unwrap();
        assert_eq!(import(&dir, &again).unwrap(), Imported { appended: 0, present: 1, problems: vec![] });
        let l = dir.load(&id).unwrap();
        let texts: Vec<String> = l
            .entries
            .iter()
            .filter_map(|e| match &e.payload {
                Payload::Note { text } => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["saved before the disk filled", "typed while it was full"]);
    }
}
