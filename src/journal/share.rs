//! Who an incident directory is for. A private directory (0700, files
//! 0600) is one user's; a directory shared by a group is setgid 2770, so
//! everything created in it carries the group, and its files are 0660, so
//! every member can append, follow and take the recorder lock. Modes are
//! set explicitly after creating, whatever the umask. When access fails,
//! [`explain`] names the user, the file, the permission that is missing and
//! the command that fixes it.

use std::fs::{File, Metadata, OpenOptions};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::owner::{effective_uid, group_name, user_name};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    /// One user's: 0700 directories, 0600 files.
    Private,
    /// A group's: setgid 2770 directories, 0660 files.
    Group { gid: u32 },
}

impl Sharing {
    /// What a directory's mode says: setgid with the group's rwx is shared.
    pub fn of_meta(dir: &Metadata) -> Self {
        if dir.mode() & 0o2070 == 0o2070 { Self::Group { gid: dir.gid() } } else { Self::Private }
    }

    pub fn of(dir: &Path) -> Self {
        std::fs::metadata(dir).map_or(Self::Private, |m| Self::of_meta(&m))
    }

    pub fn file_mode(self) -> u32 {
        match self {
            Self::Private => 0o600,
            Self::Group { .. } => 0o660,
        }
    }

    pub fn dir_mode(self) -> u32 {
        match self {
            Self::Private => 0o700,
            Self::Group { .. } => 0o2770,
        }
    }
}

/// Opens `path` with `opts` (never through a symlink); a file this user
/// owns gets exactly the mode `sharing` asks for, whatever the umask.
pub fn open(opts: &mut OpenOptions, path: &Path, sharing: Sharing) -> io::Result<File> {
    let file =
        opts.mode(sharing.file_mode()).custom_flags(libc::O_NOFOLLOW).open(path).map_err(|e| explain(path, e))?;
    let meta = file.metadata()?;
    if meta.uid() == effective_uid() && meta.mode() & 0o777 != sharing.file_mode() {
        file.set_permissions(std::fs::Permissions::from_mode(sharing.file_mode()))?;
    }
    Ok(file)
}

/// Creates `dir` and its missing parents inside `root` with the mode
/// `sharing` asks for.
pub fn create_dir_all(root: &Path, dir: &Path, sharing: Sharing) -> io::Result<()> {
    let mut missing: Vec<PathBuf> = Vec::new();
    let mut at = dir;
    while !at.exists() && at != root {
        missing.push(at.to_path_buf());
        match at.parent() {
            Some(p) => at = p,
            None => break,
        }
    }
    for d in missing.iter().rev() {
        match std::fs::create_dir(d) {
            Ok(()) => std::fs::set_permissions(d, std::fs::Permissions::from_mode(sharing.dir_mode()))?,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(explain(d, e)),
        }
    }
    Ok(())
}

/// The groups this process is in.
fn my_groups() -> Vec<u32> {
    // SAFETY: getgroups with a buffer of the size it reported.
    unsafe {
        let n = libc::getgroups(0, std::ptr::null_mut());
        if n <= 0 {
            return vec![libc::getegid()];
        }
        let mut v = vec![0 as libc::gid_t; n as usize];
        let got = libc::getgroups(n, v.as_mut_ptr());
        v.truncate(got.max(0) as usize);
        v.push(libc::getegid());
        v
    }
}

/// Turns a permission error on `path` into one that says who lacks what
/// and how to fix it; other errors pass through.
pub fn explain(path: &Path, e: io::Error) -> io::Error {
    if e.kind() != io::ErrorKind::PermissionDenied {
        return e;
    }
    io::Error::new(e.kind(), describe_denied(path))
}

fn describe_denied(path: &Path) -> String {
    let me = effective_uid();
    let who = user_name(me);
    // What does not exist yet is created in the nearest folder that does.
    let Some(existing) = path.ancestors().find(|a| a.exists()) else {
        return format!("permission denied: user {who} cannot use {}", path.display());
    };
    if existing != path {
        let Ok(m) = std::fs::metadata(existing) else {
            return format!("permission denied: user {who} cannot create {}", path.display());
        };
        return format!(
            "permission denied: user {who} cannot create {} in {} (owner {}, group {}, mode {:04o}); \
             fix: ask {} or root to make it, e.g. sudo warroom init-dir {} --group GROUP",
            path.display(),
            existing.display(),
            user_name(m.uid()),
            group_name(m.gid()),
            m.mode() & 0o7777,
            user_name(m.uid()),
            path.display()
        );
    }
    // The first thing on the way that this user cannot get through.
    let mut blocked = path.to_path_buf();
    for anc in path.ancestors().collect::<Vec<_>>().into_iter().rev().skip(1) {
        let Ok(m) = std::fs::metadata(anc) else { break };
        if m.is_dir() && anc != path && !allowed(&m, me, 0o1) {
            blocked = anc.to_path_buf();
            break;
        }
    }
    let Ok(meta) = std::fs::metadata(&blocked) else {
        return format!("permission denied: user {who} cannot use {}", path.display());
    };
    let (owner, group) = (user_name(meta.uid()), group_name(meta.gid()));
    let mode = meta.mode() & 0o7777;
    let what = if meta.is_dir() { "directory" } else { "file" };
    let in_group = my_groups().contains(&meta.gid());
    let head = format!(
        "permission denied: user {who} cannot use {what} {} (owner {owner}, group {group}, mode {mode:04o})",
        blocked.display()
    );
    if meta.uid() == me {
        let bits = if meta.is_dir() { "u+rwx" } else { "u+rw" };
        return format!("{head}; fix: chmod {bits} {}", blocked.display());
    }
    let join = format!("sudo usermod -aG {group} {who} (then log in again)");
    if meta.is_dir() {
        if Sharing::of_meta(&meta) == Sharing::Private {
            return format!(
                "{head}: it is {owner}'s alone; to share it, {owner} runs `warroom init-dir {} --group GROUP` \
                 and each member joins GROUP: sudo usermod -aG GROUP {who}",
                blocked.display()
            );
        }
        if !in_group {
            return format!("{head}: {who} is not in group {group}; fix: {join}");
        }
        return format!("{head}; fix (as {owner} or root): chmod 2770 {}", blocked.display());
    }
    if !in_group {
        return format!("{head}: {who} is not in group {group}; fix: {join}, or ask {owner} to share it");
    }
    format!("{head}: the group lacks read and write; fix (as {owner} or root): chmod g+rw {}", blocked.display())
}

/// Whether `uid` (with this process's groups) has all of `bits` (an
/// "other" triple, 0o7) on a file with `meta`.
fn allowed(meta: &Metadata, uid: u32, bits: u32) -> bool {
    if uid == 0 {
        return true;
    }
    let mode = meta.mode();
    let have = if meta.uid() == uid {
        mode >> 6
    } else if my_groups().contains(&meta.gid()) {
        mode >> 3
    } else {
        mode
    };
    have & bits == bits
}

/// What `warroom init-dir` did or found, line by line.
pub fn init(dir: &Path, group: &str) -> Result<Vec<String>, String> {
    let gid = gid_of(group).ok_or_else(|| format!("no group named {group}; create it: sudo groupadd {group}"))?;
    let me = effective_uid();
    let who = user_name(me);
    let mut said = Vec::new();
    if me != 0 && !my_groups().contains(&gid) {
        return Err(format!(
            "you ({who}) are not in group {group}; fix: sudo usermod -aG {group} {who}, log in again, and rerun"
        ));
    }
    if !dir.exists() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {}", dir.display(), explain(dir, e)))?;
        said.push(format!("created {}", dir.display()));
    }
    let meta = std::fs::metadata(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    if !meta.is_dir() {
        return Err(format!("{} is not a directory", dir.display()));
    }
    if meta.uid() != me && me != 0 {
        if Sharing::of_meta(&meta) == (Sharing::Group { gid }) && meta.mode() & 0o007 == 0 {
            said.push(format!(
                "{} is already shared by group {group} (owner {})",
                dir.display(),
                user_name(meta.uid())
            ));
            return Ok(said);
        }
        return Err(format!(
            "{} belongs to {}, so only they (or root) can share it: chgrp {group} {} && chmod 2770 {}",
            dir.display(),
            user_name(meta.uid()),
            dir.display(),
            dir.display()
        ));
    }
    if meta.gid() != gid {
        std::os::unix::fs::chown(dir, None, Some(gid)).map_err(|e| format!("chgrp {group} {}: {e}", dir.display()))?;
        said.push(format!("group of {} set to {group}", dir.display()));
    }
    if meta.mode() & 0o7777 != 0o2770 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o2770))
            .map_err(|e| format!("chmod 2770 {}: {e}", dir.display()))?;
        said.push(format!("mode of {} set to 2770 (was {:04o})", dir.display(), meta.mode() & 0o7777));
    }
    // What is already inside and ours joins the group too.
    let sharing = Sharing::Group { gid };
    let mut stack = vec![dir.to_path_buf()];
    let mut fixed = 0;
    let mut foreign = Vec::new();
    while let Some(d) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&d) else { continue };
        for e in read.filter_map(|e| e.ok()) {
            let p = e.path();
            let Ok(m) = std::fs::symlink_metadata(&p) else { continue };
            if m.file_type().is_symlink() {
                continue;
            }
            let want = if m.is_dir() { sharing.dir_mode() } else { sharing.file_mode() };
            if m.uid() != me && me != 0 {
                if m.gid() != gid || m.mode() & 0o7777 != want {
                    foreign.push(format!("{} (owner {})", p.display(), user_name(m.uid())));
                }
            } else if m.gid() != gid || m.mode() & 0o7777 != want {
                let _ = std::os::unix::fs::chown(&p, None, Some(gid));
                let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(want));
                fixed += 1;
            }
            if m.is_dir() {
                stack.push(p);
            }
        }
    }
    if fixed > 0 {
        said.push(format!("{fixed} files and folders inside now belong to group {group}"));
    }
    for f in foreign {
        said.push(format!("not yours, left as it is (its owner should run init-dir or chmod g+rw it): {f}"));
    }
    said.push(format!(
        "{} is shared by group {group}: members create journals 0660 there; add someone with: sudo usermod -aG {group} USER",
        dir.display()
    ));
    Ok(said)
}

/// The id of group `name`.
pub fn gid_of(name: &str) -> Option<u32> {
    let c = std::ffi::CString::new(name).ok()?;
    let mut buf = vec![0 as libc::c_char; 16384];
    // SAFETY: a zeroed group is a valid out-parameter for getgrnam_r.
    let mut grp: libc::group = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::group = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call and buf outlives it.
    let rc = unsafe { libc::getgrnam_r(c.as_ptr(), &mut grp, buf.as_mut_ptr(), buf.len(), &mut found) };
    (rc == 0 && !found.is_null()).then_some(grp.gr_gid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_follow_the_directory_whatever_the_umask() {
        let tmp = tempfile::tempdir().unwrap();
        let private = tmp.path().join("p");
        std::fs::create_dir(&private).unwrap();
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o700)).unwrap();
        assert_eq!(Sharing::of(&private), Sharing::Private);
        let shared = tmp.path().join("s");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o2770)).unwrap();
        let s = Sharing::of(&shared);
        assert!(matches!(s, Sharing::Group { .. }));
        let f = open(OpenOptions::new().create(true).append(true), &shared.join("j"), s).unwrap();
        assert_eq!(f.metadata().unwrap().mode() & 0o777, 0o660);
        create_dir_all(&shared, &shared.join("a/b"), s).unwrap();
        assert_eq!(std::fs::metadata(shared.join("a/b")).unwrap().mode() & 0o7777, 0o2770);
    }

    #[test]
    fn a_missing_group_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let err = init(&tmp.path().join("x"), "no-such-group-here").unwrap_err();
        assert!(err.contains("sudo groupadd no-such-group-here"), "{err}");
    }
}
