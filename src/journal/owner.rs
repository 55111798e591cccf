//! Who may rewrite an incident's record. Whoever owns a journal (or can
//! write to it) can change its history, so a journal owned by someone
//! unexpected, or writable by anyone, is worth a warning that names the
//! owner and the command that fixes it. Expected owners: you, the
//! directory's owner, or (in a setgid directory shared by a group) anyone
//! whose file carries the directory's group.

use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The warnings for one file in `dir`, as seen by the user `me`.
pub fn file_warnings(path: &Path, file: &Metadata, dir: &Metadata, me: u32) -> Vec<String> {
    let mut out = Vec::new();
    let shared = dir.mode() & 0o2000 != 0;
    let expected = file.uid() == me || file.uid() == dir.uid() || (shared && file.gid() == dir.gid());
    if !expected {
        let why = if shared {
            format!("not to you ({}), the directory's owner or its group {}", user_name(me), group_name(dir.gid()))
        } else {
            format!("not to you ({}) or the directory's owner ({})", user_name(me), user_name(dir.uid()))
        };
        out.push(format!(
            "{} belongs to {} (uid {}), {why}: they can rewrite this incident's record; if that is wrong: chown {} {}",
            path.display(),
            user_name(file.uid()),
            file.uid(),
            user_name(dir.uid()),
            path.display()
        ));
    }
    if file.mode() & 0o002 != 0 {
        out.push(format!(
            "{} may be written by anyone (mode {:o}): chmod o-w {}",
            path.display(),
            file.mode() & 0o7777,
            path.display()
        ));
    }
    out
}

/// The warnings for the incident directory itself.
pub fn dir_warnings(path: &Path, dir: &Metadata, me: u32) -> Vec<String> {
    let shared = dir.mode() & 0o2000 != 0 && dir.mode() & 0o020 != 0;
    if dir.uid() == me || me == 0 || shared {
        return Vec::new();
    }
    vec![format!(
        "incident directory {} belongs to {} (uid {}), not to you ({}): they can rewrite every incident in it; \
         for a directory shared by a group: chmod 2770 {} and chgrp GROUP {}",
        path.display(),
        user_name(dir.uid()),
        dir.uid(),
        user_name(me),
        path.display(),
        path.display()
    )]
}

/// The warnings for `path` and the directory that holds it, for this process.
pub fn check(path: &Path) -> Vec<String> {
    let me = effective_uid();
    let Some(parent) = path.parent() else { return Vec::new() };
    let (Ok(file), Ok(dir)) = (std::fs::symlink_metadata(path), std::fs::metadata(parent)) else {
        return Vec::new();
    };
    let mut out = dir_warnings(parent, &dir, me);
    out.extend(file_warnings(path, &file, &dir, me));
    out
}

pub fn effective_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// The login name of `uid`, or the number when there is none.
pub fn user_name(uid: u32) -> String {
    let mut buf = vec![0 as libc::c_char; 4096];
    // SAFETY: a zeroed passwd is a valid out-parameter for getpwuid_r.
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call and buf outlives it.
    let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found) };
    if rc != 0 || found.is_null() || pwd.pw_name.is_null() {
        return uid.to_string();
    }
    // SAFETY: getpwuid_r succeeded, so pw_name points into buf, NUL-terminated.
    unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) }.to_string_lossy().into_owned()
}

/// The name of group `gid`, or the number when there is none.
pub fn group_name(gid: u32) -> String {
    let mut buf = vec![0 as libc::c_char; 16384];
    // SAFETY: a zeroed group is a valid out-parameter for getgrgid_r.
    let mut grp: libc::group = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::group = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call and buf outlives it.
    let rc = unsafe { libc::getgrgid_r(gid, &mut grp, buf.as_mut_ptr(), buf.len(), &mut found) };
    if rc != 0 || found.is_null() || grp.gr_name.is_null() {
        return gid.to_string();
    }
    // SAFETY: getgrgid_r succeeded, so gr_name points into buf, NUL-terminated.
    unsafe { std::ffi::CStr::from_ptr(grp.gr_name) }.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn root_has_a_name_and_unknown_ids_stay_numbers() {
        assert_eq!(user_name(0), "root");
        assert_eq!(user_name(3_999_999_999), "3999999999");
        assert_eq!(group_name(3_999_999_999), "3999999999");
    }

    #[test]
    fn a_file_anyone_may_write_is_named_with_its_fix() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("INC-20261130-001.jsonl");
        std::fs::write(&path, "").unwrap();
        assert!(check(&path).is_empty(), "{:?}", check(&path));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
        let w = check(&path);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("may be written by anyone (mode 666): chmod o-w"), "{w:?}");
    }
}
