//! Who has an incident open right now. Each dashboard keeps a small file in
//! `<incident_dir>/.presence/<id>/` and touches it every few seconds; a
//! file not touched for [`STALE`] is someone who left (or was `kill -9`ed).
//! Presence is not incident data, so it stays out of the journal.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use crate::incident::IncidentId;

/// How often a dashboard touches its presence file.
pub const TOUCH_EVERY: Duration = Duration::from_secs(5);
/// A presence file older than this no longer counts.
pub const STALE: Duration = Duration::from_secs(15);

#[derive(Debug)]
pub struct Presence {
    dir: PathBuf,
    file: PathBuf,
    name: String,
}

/// A name as it may stand in a file name: letters, digits, `-`, `_`.
pub fn file_safe(name: &str) -> String {
    name.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

impl Presence {
    /// Announces `name` on incident `id`.
    pub fn announce(root: &std::path::Path, id: &IncidentId, name: &str) -> std::io::Result<Self> {
        let dir = root.join(".presence").join(id.to_string());
        super::share::create_dir_all(root, &dir, super::share::Sharing::of(root))?;
        let file = dir.join(format!("{}.{}", std::process::id(), file_safe(name)));
        let me = Self { dir, file, name: name.to_string() };
        me.touch()?;
        Ok(me)
    }

    pub fn touch(&self) -> std::io::Result<()> {
        use std::io::Write;
        // Never written through a symlink planted in its place; readable
        // by the group in a shared directory, so its members see who is here.
        let sharing = super::share::Sharing::of(&self.dir);
        super::share::open(fs::OpenOptions::new().write(true).create(true).truncate(true), &self.file, sharing)?
            .write_all(self.name.as_bytes())
    }

    /// Operators present, sorted and without repeats; removes files long
    /// stale.
    pub fn list(&self) -> Vec<String> {
        let now = SystemTime::now();
        let mut names = Vec::new();
        let Ok(read) = fs::read_dir(&self.dir) else {
            return names;
        };
        for e in read.filter_map(|e| e.ok()) {
            let age = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .unwrap_or_default();
            if age > STALE * 20 {
                let _ = fs::remove_file(e.path());
            } else if age <= STALE
                && let Ok(name) = fs::read_to_string(e.path())
            {
                names.push(name.chars().filter(|c| !c.is_control()).take(32).collect());
            }
        }
        names.sort();
        names.dedup();
        names
    }
}

impl Drop for Presence {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_operators_and_forgets_those_who_leave() {
        let tmp = tempfile::tempdir().unwrap();
        let id: IncidentId = "INC-20261123-001".parse().unwrap();
        let a = Presence::announce(tmp.path(), &id, "alice").unwrap();
        let b = Presence::announce(tmp.path(), &id, "bob smith").unwrap();
        assert_eq!(a.list(), vec!["alice".to_string(), "bob smith".to_string()]);
        drop(b);
        assert_eq!(a.list(), vec!["alice".to_string()]);
    }
}
