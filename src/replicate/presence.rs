//! Who has which incident open at the other sites. Every few seconds the
//! replicator publishes this site's presence (read from the local
//! `.presence/` files) on `<prefix>.presence`, and writes what the other
//! sites said as presence files of their own (`remote-<site>.<name>`,
//! content `name@site`), so every dashboard here lists them beside the
//! local operators, and they fade like local ones when the heartbeats stop.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::incident::IncidentId;
use crate::journal::presence::STALE;
use crate::journal::share::{self, Sharing};

/// The largest heartbeat accepted.
pub const MAX_HEARTBEAT: usize = 16 * 1024;

/// One site's presence: incident id → operator names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heartbeat {
    pub site: String,
    pub here: BTreeMap<String, Vec<String>>,
}

/// This site's operators, from the local presence files (not the remote
/// ones, and not the stale).
pub fn local(root: &Path, site: &str) -> Heartbeat {
    let mut here = BTreeMap::new();
    let now = SystemTime::now();
    let Ok(ids) = std::fs::read_dir(root.join(".presence")) else {
        return Heartbeat { site: site.into(), here };
    };
    for d in ids.filter_map(|e| e.ok()) {
        let Some(id) = d.file_name().to_str().and_then(|s| s.parse::<IncidentId>().ok()) else { continue };
        let Ok(files) = std::fs::read_dir(d.path()) else { continue };
        let mut names: Vec<String> = files
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().to_string_lossy().starts_with("remote-"))
            .filter(|e| {
                e.metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|m| now.duration_since(m).ok())
                    .is_some_and(|age| age <= STALE)
            })
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .map(|n| clean_name(&n))
            .filter(|n| !n.is_empty())
            .collect();
        names.sort();
        names.dedup();
        if !names.is_empty() {
            here.insert(id.to_string(), names);
        }
    }
    Heartbeat { site: site.into(), here }
}

fn clean_name(n: &str) -> String {
    n.chars().filter(|c| !c.is_control()).take(32).collect::<String>().trim().to_string()
}

/// A heartbeat from the wire, checked: a site name, incident ids, at most
/// 64 incidents of 64 names each; names cleaned of control characters.
pub fn accept(payload: &[u8]) -> Result<Heartbeat, String> {
    if payload.len() > MAX_HEARTBEAT {
        return Err(format!("a heartbeat of {} bytes", payload.len()));
    }
    let hb: Heartbeat = serde_json::from_slice(payload).map_err(|e| format!("not a heartbeat ({e})"))?;
    if !crate::incident::id::is_site_name(&hb.site) {
        return Err("a heartbeat without a valid site name".into());
    }
    if hb.here.len() > 64 || hb.here.values().any(|v| v.len() > 64) {
        return Err("a heartbeat naming too many people".into());
    }
    let mut here = BTreeMap::new();
    for (id, names) in hb.here {
        let id: IncidentId = id.parse().map_err(|e: crate::incident::id::BadIncidentId| e.to_string())?;
        here.insert(id.to_string(), names.iter().map(|n| clean_name(n)).filter(|n| !n.is_empty()).collect());
    }
    Ok(Heartbeat { site: hb.site, here })
}

/// Writes (touches) a presence file for each operator of another site.
pub fn write_remote(root: &Path, hb: &Heartbeat) -> std::io::Result<()> {
    let sharing = Sharing::of(root);
    for (id, names) in &hb.here {
        let dir = root.join(".presence").join(id);
        share::create_dir_all(root, &dir, sharing)?;
        for name in names {
            let path = dir.join(format!("remote-{}.{}", hb.site, crate::journal::presence::file_safe(name)));
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create(true).truncate(true);
            use std::io::Write;
            share::open(&mut opts, &path, sharing)?.write_all(format!("{name}@{}", hb.site).as_bytes())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::presence::Presence;

    #[test]
    fn other_sites_appear_beside_local_operators_and_are_not_sent_back() {
        let tmp = tempfile::tempdir().unwrap();
        let id: IncidentId = "INC-20261130-eu1-001".parse().unwrap();
        let me = Presence::announce(tmp.path(), &id, "alice").unwrap();
        let hb = local(tmp.path(), "eu1");
        assert_eq!(hb.here[&id.to_string()], vec!["alice".to_string()]);
        let theirs = accept(br#"{"site":"us1","here":{"INC-20261130-eu1-001":["bob\u001b[2J"]}}"#).unwrap();
        write_remote(tmp.path(), &theirs).unwrap();
        assert_eq!(me.list(), vec!["alice".to_string(), "bob[2J@us1".to_string()]);
        assert_eq!(local(tmp.path(), "eu1"), hb, "a remote operator is not published again as ours");
        for bad in [&b"nope"[..], br#"{"site":"US 1","here":{}}"#, br#"{"site":"us1","here":{"../x":["a"]}}"#] {
            assert!(accept(bad).is_err());
        }
    }
}
