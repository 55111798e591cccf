//! The incident directory: one `INC-YYYYMMDD-NNN.jsonl` journal per
//! incident. Creating an incident picks the next free number for the day
//! with `O_EXCL`, so two operators declaring at once get two ids.

use std::fs::{self, DirBuilder, OpenOptions};
use std::io::ErrorKind;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::share::{self, Sharing};
use super::{JournalError, append, follow::Follower};
use crate::incident::{Entry, Incident, IncidentId, Payload, fold};

#[derive(Debug, Clone)]
pub struct IncidentDir {
    root: PathBuf,
    /// Where journals are replicated: this site's name, part of the ids
    /// it declares.
    site: Option<String>,
}

/// An incident rebuilt from its journal, with what replay had to skip.
#[derive(Debug)]
pub struct Loaded {
    pub incident: Incident,
    pub entries: Vec<Entry>,
    pub warnings: Vec<String>,
}

impl IncidentDir {
    /// Opens the directory, creating it (mode 0700) if needed.
    pub fn open(root: impl Into<PathBuf>) -> Result<Self, JournalError> {
        let root = root.into();
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&root)
            .map_err(|e| JournalError::Dir { path: root.clone(), source: share::explain(&root, e) })?;
        // Anyone who can write here can forge or remove an incident's record.
        let meta = fs::metadata(&root).map_err(|source| JournalError::Dir { path: root.clone(), source })?;
        let mode = std::os::unix::fs::PermissionsExt::mode(&meta.permissions());
        if mode & 0o002 != 0 {
            let why = format!(
                "anyone may write to it (mode {:o}); an incident's record must not be; fix: chmod o-w {}",
                mode & 0o7777,
                root.display()
            );
            return Err(JournalError::Dir { path: root.clone(), source: std::io::Error::other(why) });
        }
        Ok(Self { root, site: None })
    }

    /// Ids declared here carry `site` (journals replicated between sites).
    pub fn with_site(mut self, site: Option<&str>) -> Self {
        self.site = site.map(str::to_string);
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn journal_path(&self, id: &IncidentId) -> PathBuf {
        self.root.join(format!("{id}.jsonl"))
    }

    /// Where the dashboard's `B` writes the latest handover brief.
    pub fn brief_path(&self, id: &IncidentId) -> PathBuf {
        self.root.join(format!("{id}.brief.md"))
    }

    /// Writes `text` as the incident's latest brief (replacing the last),
    /// with the directory's sharing; returns where.
    pub fn write_brief(&self, id: &IncidentId, text: &str) -> Result<PathBuf, String> {
        use std::io::Write;
        let path = self.brief_path(id);
        let mut f =
            share::open(OpenOptions::new().write(true).create(true).truncate(true), &path, Sharing::of(&self.root))
                .map_err(|e| e.to_string())?;
        f.write_all(text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    }

    /// Where the recorder keeps the incident's signal snapshots (replay).
    pub fn snapshots_path(&self, id: &IncidentId) -> PathBuf {
        self.root.join(format!("{id}.signals.jsonl"))
    }

    /// Appends one snapshot line (a JSON object) under the file's lock, with
    /// the directory's sharing. Past [`MAX_BYTES`] it writes nothing but,
    /// once, a last line that says the file is capped.
    ///
    /// [`MAX_BYTES`]: crate::signals::snapshot::MAX_BYTES
    pub fn write_snapshot(&self, id: &IncidentId, at: DateTime<Utc>, line: &str) -> Result<(), String> {
        use std::io::{Read, Seek, SeekFrom, Write};
        let path = self.snapshots_path(id);
        let mut f =
            share::open(OpenOptions::new().read(true).append(true).create(true), &path, Sharing::of(&self.root))
                .map_err(|e| e.to_string())?;
        f.lock().map_err(|e| format!("{}: {e}", path.display()))?;
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        let max = crate::signals::snapshot::MAX_BYTES;
        // A line torn by a crash before stays on its own line.
        let mut last = [0u8; 1];
        let torn =
            len > 0 && f.seek(SeekFrom::End(-1)).and_then(|_| f.read_exact(&mut last)).is_ok() && last[0] != b'\n';
        let text = if len >= max {
            return Ok(());
        } else if len + line.len() as u64 + 1 >= max {
            // The last line: says when the record stops.
            let capped = serde_json::json!({"v": crate::signals::snapshot::VERSION, "at": at, "capped": true});
            format!("{}{capped}\n", if torn { "\n" } else { "" })
        } else {
            format!("{}{line}\n", if torn { "\n" } else { "" })
        };
        f.write_all(text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The incident's signal snapshots, oldest first, and how many lines
    /// could not be read; none when it has no file.
    pub fn snapshots(&self, id: &IncidentId) -> Result<(Vec<crate::signals::snapshot::Snapshot>, usize), String> {
        let path = self.snapshots_path(id);
        match fs::read_to_string(&path) {
            Ok(text) => Ok(crate::signals::snapshot::read(&text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((vec![], 0)),
            Err(e) => Err(share::explain(&path, e).to_string()),
        }
    }

    /// Every incident id in the directory, oldest first.
    pub fn ids(&self) -> Result<Vec<IncidentId>, JournalError> {
        let read = fs::read_dir(&self.root)
            .map_err(|e| JournalError::Dir { path: self.root.clone(), source: share::explain(&self.root, e) })?;
        let mut ids: Vec<IncidentId> = read
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().to_str()?.strip_suffix(".jsonl")?.parse().ok())
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// Creates a new incident and appends its declaration.
    pub fn declare(
        &self,
        at: DateTime<Utc>,
        author: &str,
        declared: Payload,
    ) -> Result<(IncidentId, Entry), JournalError> {
        let date = at.date_naive();
        let entry = Entry::new(at, author, declared);
        let site = self.site.as_deref();
        let id = self.create_whole(&entry, |tmp| {
            let mut seq = self
                .ids()?
                .iter()
                .filter(|id| id.date() == date && id.site() == site)
                .map(|id| id.seq())
                .max()
                .unwrap_or(0);
            loop {
                seq += 1;
                let id = IncidentId::at_site(date, seq, site);
                let path = self.journal_path(&id);
                match fs::hard_link(tmp, &path) {
                    Ok(()) => break Ok(id),
                    Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
                    Err(source) => break Err(JournalError::Write { path, source }),
                }
            }
        })?;
        Ok((id, entry))
    }

    /// Writes `entry` as a whole new journal: to a hidden file, fsync'd, then
    /// `link` puts it under its name (a hard link fails if the name is
    /// taken). The journal appears whole or not at all; a crash leaves no
    /// empty one.
    fn create_whole<T>(
        &self,
        entry: &Entry,
        link: impl FnOnce(&Path) -> Result<T, JournalError>,
    ) -> Result<T, JournalError> {
        let tmp = self.root.join(format!(".new-{}-{}.tmp", std::process::id(), entry.id));
        let write = |source| JournalError::Write { path: tmp.clone(), source };
        share::open(OpenOptions::new().write(true).create_new(true), &tmp, Sharing::of(&self.root)).map_err(write)?;
        let result = append(&tmp, entry).and_then(|()| link(&tmp));
        let _ = fs::remove_file(&tmp);
        if let Ok(d) = fs::File::open(&self.root) {
            let _ = d.sync_all();
        }
        result
    }

    /// Adds an entry that another site wrote: to the incident's journal
    /// unless it already holds the id (true when added), or, for a
    /// declaration of an incident not here yet, as a new journal under the
    /// same id, whole or not at all. Anything else for an unknown incident
    /// is an error: its declaration has not arrived.
    pub fn adopt(&self, id: &IncidentId, entry: &Entry) -> Result<bool, JournalError> {
        let path = self.journal_path(id);
        if fs::symlink_metadata(&path).is_ok() {
            return append::append_once(&path, entry);
        }
        if !matches!(entry.payload, Payload::Declared { .. }) {
            return Err(JournalError::NoSuchIncident(id.to_string(), self.root.clone()));
        }
        self.create_whole(entry, |tmp| match fs::hard_link(tmp, &path) {
            Ok(()) => Ok(true),
            // Declared here meanwhile (another replicator): append to it.
            Err(e) if e.kind() == ErrorKind::AlreadyExists => append::append_once(&path, entry),
            Err(source) => Err(JournalError::Write { path: path.clone(), source }),
        })
    }

    /// Replays one incident's journal.
    pub fn load(&self, id: &IncidentId) -> Result<Loaded, JournalError> {
        let path = self.journal_path(id);
        if !path.exists() {
            return Err(JournalError::NoSuchIncident(id.to_string(), self.root.clone()));
        }
        let poll = Follower::new(&path).read_all()?;
        let incident = fold(id.clone(), &poll.entries).ok_or(JournalError::NotDeclared(path))?;
        Ok(Loaded { incident, entries: poll.entries, warnings: poll.warnings })
    }

    /// Every incident that loads, oldest first; unreadable journals are
    /// returned as errors beside them.
    pub fn load_all(&self) -> Result<(Vec<Loaded>, Vec<JournalError>), JournalError> {
        let mut ok = Vec::new();
        let mut bad = Vec::new();
        for id in self.ids()? {
            match self.load(&id) {
                Ok(l) => ok.push(l),
                Err(e) => bad.push(e),
            }
        }
        Ok((ok, bad))
    }

    /// The most recently declared incident that is not resolved.
    pub fn newest_open(&self) -> Result<Option<IncidentId>, JournalError> {
        for id in self.ids()?.into_iter().rev() {
            if is_open(&self.journal_path(&id)) == Some(true) {
                return Ok(Some(id));
            }
        }
        Ok(None)
    }
}

/// How much of a journal [`is_open`] reads at a time.
const IS_OPEN_PIECE: usize = 1 << 20;

/// Whether a journal's incident is open, from its declaration and phase
/// entries only: the other lines are not parsed (a 100k-entry journal is
/// answered in a few milliseconds, then the dashboard reads it once).
/// None: no declaration, or the file cannot be read.
pub fn is_open(path: &Path) -> Option<bool> {
    use std::io::Read;

    use memchr::memmem::Finder;
    // A quoted word inside a string value is escaped (`\"phase\"`), so a
    // bare `"phase"` is the kind itself (or a field name). The file is read
    // in pieces into one buffer (a fresh 19 MB buffer cost more in page
    // faults than the search) and searched whole; only the lines around a
    // hit are parsed.
    static PHASE: std::sync::LazyLock<Finder<'static>> = std::sync::LazyLock::new(|| Finder::new(b"\"phase\""));
    static DECLARED: std::sync::LazyLock<Finder<'static>> = std::sync::LazyLock::new(|| Finder::new(b"\"declared\""));
    let mut file = fs::File::open(path).ok()?;
    let mut buf: Vec<u8> = Vec::with_capacity(IS_OPEN_PIECE);
    let mut declared = false;
    let mut last: Option<Entry> = None;
    let mut at_end = false;
    while !at_end {
        // `buf` holds the start of a line cut by the last piece, if any.
        let got = (&mut file).take(IS_OPEN_PIECE as u64).read_to_end(&mut buf).ok()?;
        at_end = got == 0;
        // Whole lines only, unless the file has ended.
        let whole = if at_end { buf.len() } else { memchr::memrchr(b'\n', &buf).map_or(0, |i| i + 1) };
        let lines = &buf[..whole];
        let line_at = |hit: usize| {
            let start = memchr::memrchr(b'\n', &lines[..hit]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &lines[hit..]).map_or(lines.len(), |i| hit + i);
            (start, end)
        };
        let parse = |(start, end): (usize, usize)| serde_json::from_slice::<Entry>(&lines[start..end]).ok();
        let mut from = 0;
        while !declared && let Some(hit) = DECLARED.find(&lines[from..]).map(|i| from + i) {
            let line = line_at(hit);
            declared = matches!(parse(line), Some(Entry { payload: Payload::Declared { .. }, .. }));
            from = line.1;
        }
        let mut from = 0;
        while let Some(hit) = PHASE.find(&lines[from..]).map(|i| from + i) {
            let line = line_at(hit);
            from = line.1;
            let Some(e) = parse(line) else { continue };
            if matches!(e.payload, Payload::Phase { .. })
                && last.as_ref().is_none_or(|l| crate::incident::fold::written_order(&e, l).is_gt())
            {
                last = Some(e);
            }
        }
        buf.drain(..whole);
        if buf.len() > 64 << 20 {
            // A "line" of 64 MB: not a journal.
            return None;
        }
    }
    if !declared {
        return None;
    }
    Some(match last.map(|e| e.payload) {
        Some(Payload::Phase { to, .. }) => to != crate::incident::Phase::Resolved,
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::IncidentKind;

    /// Entries as the journal holds them, a line each.
    fn lines(entries: &[Entry]) -> String {
        entries.iter().map(|e| serde_json::to_string(e).unwrap() + "\n").collect()
    }

    fn declared(title: &str) -> Payload {
        Payload::Declared { title: title.into(), kind: IncidentKind::Outage, service: None, severity: None }
    }

    #[test]
    fn the_brief_replaces_the_last_one_is_private_and_is_not_an_incident() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = IncidentDir::open(tmp.path().join("incidents")).unwrap();
        let (id, _) = dir.declare("2026-11-23T10:00:00Z".parse().unwrap(), "alice", declared("a")).unwrap();
        dir.write_brief(&id, "a much longer first brief\n").unwrap();
        let path = dir.write_brief(&id, "second\n").unwrap();
        assert_eq!(path, tmp.path().join("incidents/INC-20261123-001.brief.md"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "second\n");
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(dir.ids().unwrap(), vec![id]);
    }

    #[test]
    fn signal_snapshots_append_and_stop_at_the_size_cap_saying_so() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = IncidentDir::open(tmp.path().join("incidents")).unwrap();
        let (id, _) = dir.declare("2026-11-23T10:00:00Z".parse().unwrap(), "alice", declared("a")).unwrap();
        let line = |t: &str| format!(r#"{{"v":1,"at":"2026-11-23T10:00:{t}Z"}}"#);
        let t = |t: &str| format!("2026-11-23T10:00:{t}Z").parse::<DateTime<Utc>>().unwrap();
        dir.write_snapshot(&id, t("30"), &line("30")).unwrap();
        dir.write_snapshot(&id, t("31"), &line("31")).unwrap();
        let (snaps, skipped) = dir.snapshots(&id).unwrap();
        assert_eq!((snaps.len(), skipped), (2, 0));
        // Nearly full: the next line is replaced by the one that says so.
        let path = dir.snapshots_path(&id);
        let f = OpenOptions::new().append(true).open(&path).unwrap();
        f.set_len(crate::signals::snapshot::MAX_BYTES - 10).unwrap();
        dir.write_snapshot(&id, t("32"), &line("32")).unwrap();
        let text = fs::read(&path).unwrap();
        let capped = b"\n{\"v\":1,\"at\":\"2026-11-23T10:00:32Z\",\"capped\":true}\n";
        assert!(text.ends_with(capped), "a capped line, on a line of its own, last");
        let len = fs::metadata(&path).unwrap().len();
        dir.write_snapshot(&id, t("33"), &line("33")).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().len(), len, "nothing past the cap");
        assert!(dir.ids().unwrap() == vec![id], "not an incident");
    }

    #[test]
    fn numbers_incidents_per_day_and_finds_the_newest_open() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = IncidentDir::open(tmp.path().join("incidents")).unwrap();
        let day1: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        let day2: DateTime<Utc> = "2026-11-24T10:00:00Z".parse().unwrap();
        let (a, _) = dir.declare(day1, "alice", declared("a")).unwrap();
        let (b, _) = dir.declare(day1, "alice", declared("b")).unwrap();
        let (c, _) = dir.declare(day2, "bob", declared("c")).unwrap();
        assert_eq!(a.to_string(), "INC-20261123-001");
        assert_eq!(b.to_string(), "INC-20261123-002");
        assert_eq!(c.to_string(), "INC-20261124-001");
        assert_eq!(dir.ids().unwrap(), vec![a.clone(), b.clone(), c.clone()]);
        assert_eq!(dir.newest_open().unwrap(), Some(c.clone()));

        let resolve = Payload::Phase {
            from: crate::incident::Phase::Triage,
            to: crate::incident::Phase::Resolved,
            open_items: vec![],
        };
        append(&dir.journal_path(&c), &Entry::new(day2, "bob", resolve)).unwrap();
        assert_eq!(dir.newest_open().unwrap(), Some(b));
        assert_eq!(dir.load(&a).unwrap().incident.title, "a");
    }

    #[test]
    fn journals_are_private_to_their_owner() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = IncidentDir::open(tmp.path().join("x")).unwrap();
        let (id, _) = dir.declare(Utc::now(), "a", declared("t")).unwrap();
        let mode = fs::metadata(dir.journal_path(&id)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let mode = fs::metadata(dir.root()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[test]
    fn loading_a_missing_incident_names_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = IncidentDir::open(tmp.path()).unwrap();
        let err = dir.load(&"INC-20261123-009".parse().unwrap()).unwrap_err();
        assert!(err.to_string().contains("INC-20261123-009"), "{err}");
    }

    /// `is_open` reads only declarations and phase changes, in written
    /// order, and is not fooled by a note that quotes a phase.
    #[test]
    fn open_or_resolved_from_the_phase_entries_alone() {
        use crate::incident::Phase;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("x.jsonl");
        let t0: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        let at = |m| t0 + chrono::Duration::minutes(m);
        let phase = |from, to| Payload::Phase { from, to, open_items: vec![] };
        let write = |entries: &[Entry]| std::fs::write(&path, lines(entries)).unwrap();
        let note = Payload::Note { text: r#"moved to "phase" resolved? {"kind":"phase"}"#.into() };
        write(&[Entry::new(at(1), "a", note.clone())]);
        assert_eq!(is_open(&path), None, "no declaration");
        let mut e = vec![Entry::new(at(0), "a", declared("x")), Entry::new(at(1), "a", note)];
        write(&e);
        assert_eq!(is_open(&path), Some(true));
        e.push(Entry::new(at(3), "a", phase(Phase::Validation, Phase::Resolved)));
        // Written later but happened earlier: written order decides.
        e.push(Entry::new(at(2), "a", phase(Phase::Mitigation, Phase::Validation)));
        write(&e);
        assert_eq!(is_open(&path), Some(false));
        assert_eq!(is_open(&path), fold("INC-20261123-001".parse().unwrap(), &e).map(|i| i.is_open()));
        e.push(Entry::new(at(4), "a", phase(Phase::Resolved, Phase::Validation)));
        write(&e);
        assert_eq!(is_open(&path), Some(true), "reopened");
    }

    /// A journal bigger than the pieces `is_open` reads: phase lines cut by
    /// a piece's end are read whole, wherever they fall.
    #[test]
    fn a_big_journal_is_read_in_pieces_without_losing_a_line() {
        use crate::incident::Phase;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("x.jsonl");
        let t0: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        let at = |s| t0 + chrono::Duration::seconds(s);
        let mut e = vec![Entry::new(at(0), "a", declared("x"))];
        let phases = [Phase::Triage, Phase::Evidence, Phase::RootCause, Phase::Mitigation, Phase::Validation];
        for i in 1..40_000usize {
            let payload = if i % 997 == 0 {
                let k = (i / 997) % 5;
                let to = if i == 39_880 { Phase::Resolved } else { phases[(k + 1) % 5] };
                Payload::Phase { from: phases[k], to, open_items: vec![] }
            } else {
                Payload::Note { text: format!("note {i}: pool at 100/100") }
            };
            e.push(Entry::new(at(i as i64), "a", payload));
        }
        let text = lines(&e);
        assert!(text.len() > 3 << 20, "several pieces");
        std::fs::write(&path, &text).unwrap();
        assert_eq!(is_open(&path), Some(false), "resolved by the last phase entry");
        // The resolved line moved to straddle a piece's end, at several
        // places in the line (the quoted `"phase"` itself cut, too).
        // Where the line that resolves the incident starts.
        let resolving = |text: &str| text.find(r#""to":"resolved""#).map(|r| text[..r].rfind('\n').unwrap() + 1);
        let line = resolving(&text).unwrap();
        for into in [1, 20, 60, 90, 140] {
            let boundary = (line / IS_OPEN_PIECE + 1) * IS_OPEN_PIECE;
            let cut = boundary - into - line;
            let mut e = e.clone();
            e[0].author = "a".repeat(cut + 1);
            let text = lines(&e);
            assert_eq!(resolving(&text), Some(boundary - into));
            std::fs::write(&path, &text).unwrap();
            assert_eq!(is_open(&path), Some(false), "{into}");
            assert_eq!(is_open(&path), fold("INC-20261123-001".parse().unwrap(), &e).map(|i| i.is_open()), "{into}");
        }
        // Without a final newline, the last line still counts.
        e.push(Entry::new(
            at(50_000),
            "a",
            Payload::Phase { from: Phase::Resolved, to: Phase::Validation, open_items: vec![] },
        ));
        let text = lines(&e);
        std::fs::write(&path, text.trim_end()).unwrap();
        assert_eq!(is_open(&path), Some(true), "reopened on the last, unterminated line");
    }
}
