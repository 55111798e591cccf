//! A war room of several Unix users on one host: real users and a group
//! (created here; CI runs as root), each command run as its user with
//! `setpriv`. Two members declare, log and follow one incident; someone
//! outside the group is told what is missing and how to fix it.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use common::Pty;

const GROUP: &str = "wr-team";
const ALICE: &str = "wr-alice";
const BOB: &str = "wr-bob";
const CAROL: &str = "wr-carol";

/// Creates the group and the users once: alice and bob are members, carol
/// is not. False (after saying so) when not root outside CI.
fn users() -> bool {
    static MADE: OnceLock<bool> = OnceLock::new();
    *MADE.get_or_init(|| {
        if unsafe { libc::geteuid() } != 0 {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
            assert!(!ci, "these tests create Unix users and need root, and CI=true: CI runs as root");
            eprintln!("NOT RUN: creating Unix users needs root; CI runs these tests");
            return false;
        }
        let run = |args: &[&str]| {
            let out = Command::new(args[0]).args(&args[1..]).output().unwrap_or_else(|e| panic!("{args:?}: {e}"));
            assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        };
        run(&["groupadd", "-f", GROUP]);
        for (user, member) in [(ALICE, true), (BOB, true), (CAROL, false)] {
            let exists = Command::new("id").arg(user).output().unwrap().status.success();
            if !exists {
                let mut args = vec!["useradd", "--no-create-home", "--no-user-group", "--gid", "users"];
                if member {
                    args.extend(["--groups", GROUP]);
                }
                args.push(user);
                run(&args);
            } else if member {
                run(&["usermod", "-aG", GROUP, user]);
            }
        }
        true
    })
}

/// A scratch world the test users can reach: a copy of the binary, a home
/// for each user, all under a directory everyone may traverse.
struct World {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    bin: PathBuf,
}

impl World {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).unwrap();
        // The build may sit where other users cannot reach (/root): a copy.
        let bin = root.join("warroom");
        std::fs::copy(env!("CARGO_BIN_EXE_warroom"), &bin).unwrap();
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
        for user in [ALICE, BOB, CAROL] {
            let home = root.join(format!("home-{user}"));
            std::fs::create_dir(&home).unwrap();
            let out = Command::new("chown").arg(user).arg(&home).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
        Self { _tmp: tmp, root, bin }
    }

    fn home(&self, user: &str) -> PathBuf {
        self.root.join(format!("home-{user}"))
    }

    /// `setpriv` arguments that run the binary as `user` with their groups.
    fn as_user(&self, user: &str) -> Vec<String> {
        ["--reuid", user, "--regid", "users", "--init-groups", "--"]
            .iter()
            .map(|s| s.to_string())
            .chain([self.bin.display().to_string()])
            .collect()
    }

    fn env(&self, user: &str) -> Vec<(String, String)> {
        vec![
            ("HOME".into(), self.home(user).display().to_string()),
            ("USER".into(), user.into()),
            ("LOGNAME".into(), user.into()),
            ("XDG_STATE_HOME".into(), self.home(user).join("state").display().to_string()),
            ("XDG_CONFIG_HOME".into(), self.home(user).join("config").display().to_string()),
        ]
    }

    /// Runs `warroom ARGS` as `user`, with umask 022 (the usual default,
    /// which must not decide who can write a shared journal).
    fn run(&self, user: &str, args: &[&str]) -> Output {
        let mut cmd = Command::new("setpriv");
        cmd.args(self.as_user(user)).args(args).current_dir(&self.root).env_remove("WARROOM_INCIDENT_DIR");
        cmd.env_remove("WARROOM_CONFIG");
        for (k, v) in self.env(user) {
            cmd.env(k, v);
        }
        // SAFETY: umask only, between fork and exec.
        unsafe {
            use std::os::unix::process::CommandExt;
            cmd.pre_exec(|| {
                libc::umask(0o022);
                Ok(())
            });
        }
        cmd.output().unwrap()
    }

    fn ok(&self, user: &str, args: &[&str]) -> String {
        let out = self.run(user, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{user}: warroom {args:?} failed: {err}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// Runs the binary as root (the administrator setting up the directory).
fn run_root(w: &World, args: &[&str]) -> String {
    let out = Command::new(&w.bin).args(args).output().unwrap();
    assert!(out.status.success(), "root: warroom {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn journals(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    v.sort();
    v
}

fn gid(name: &str) -> u32 {
    let out = Command::new("getent").args(["group", name]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).split(':').nth(2).unwrap().parse().unwrap()
}

#[test]
fn two_users_share_an_incident_and_an_outsider_is_told_the_fix() {
    if !users() {
        return;
    }
    let w = World::new();
    let shared = w.root.join("incidents");
    let d = shared.to_str().unwrap();
    // Alice may not create it where only root writes; she is told who can.
    let out = w.run(ALICE, &["init-dir", d, "--group", GROUP]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains(&format!("user wr-alice cannot create {d} in")), "{err}");
    assert!(err.contains(&format!("sudo warroom init-dir {d} --group GROUP")), "{err}");
    // The administrator's one command.
    let said = run_root(&w, &["init-dir", d, "--group", GROUP]);
    assert!(said.contains("is shared by group wr-team"), "{said}");
    let meta = std::fs::metadata(&shared).unwrap();
    assert_eq!((meta.mode() & 0o7777, meta.gid()), (0o2770, gid(GROUP)), "setgid 2770, the group's");
    // A member checking it again changes nothing.
    assert!(!w.ok(ALICE, &["init-dir", d, "--group", GROUP]).contains("set to"));

    w.ok(ALICE, &["--incident-dir", d, "declare", "Checkout 500s", "--severity", "sev2"]);
    w.ok(BOB, &["--incident-dir", d, "log", "pool at 100/100 on db-1"]);
    w.ok(ALICE, &["--incident-dir", d, "log", "rolling back v2.4.1"]);
    let js = journals(&shared);
    assert_eq!(js.len(), 1, "{js:?}");
    let m = std::fs::metadata(&js[0]).unwrap();
    assert_eq!((m.mode() & 0o777, m.gid()), (0o660, gid(GROUP)), "a shared journal is 0660, whatever the umask");

    let status = w.ok(BOB, &["--incident-dir", d, "status"]);
    assert!(status.contains("Checkout 500s"), "{status}");
    let list = w.run(BOB, &["--incident-dir", d, "list"]);
    assert!(list.status.success());
    assert_eq!(String::from_utf8_lossy(&list.stderr), "", "a member's journal in a shared directory is expected");
    let report = w.ok(BOB, &["--incident-dir", d, "report"]);
    for text in ["pool at 100/100 on db-1", "rolling back v2.4.1", ALICE, BOB] {
        assert!(report.contains(text), "{text} not in the report:\n{report}");
    }

    // Carol is not in the group: she is told who she is, what is missing
    // and the command that fixes it.
    let out = w.run(CAROL, &["--incident-dir", d, "list"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("user wr-carol cannot use directory"), "{err}");
    assert!(err.contains("wr-carol is not in group wr-team"), "{err}");
    assert!(err.contains("sudo usermod -aG wr-team wr-carol"), "{err}");
}

#[test]
fn a_private_directory_is_explained_then_shared_in_place() {
    if !users() {
        return;
    }
    let w = World::new();
    let private = w.home(ALICE).join("incidents");
    let d = private.to_str().unwrap();
    std::fs::set_permissions(w.home(ALICE), std::fs::Permissions::from_mode(0o755)).unwrap();
    w.ok(ALICE, &["--incident-dir", d, "declare", "Auth latency"]);
    let m = std::fs::metadata(&private).unwrap();
    assert_eq!(m.mode() & 0o777, 0o700, "a directory warroom makes is private");

    let out = w.run(BOB, &["--incident-dir", d, "log", "can I help?"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("it is wr-alice's alone"), "{err}");
    assert!(err.contains(&format!("warroom init-dir {d} --group GROUP")), "{err}");

    // Alice shares it: her journal joins the group, and Bob can write.
    let said = w.ok(ALICE, &["init-dir", d, "--group", GROUP]);
    assert!(said.contains("now belong to group wr-team"), "{said}");
    w.ok(BOB, &["--incident-dir", d, "log", "can I help?"]);
    let js = journals(&private);
    let m = std::fs::metadata(&js[0]).unwrap();
    assert_eq!((m.mode() & 0o777, m.gid()), (0o660, gid(GROUP)));
}

#[test]
fn two_users_dashboards_see_each_other_and_each_others_entries() {
    if !users() {
        return;
    }
    let w = World::new();
    let shared = w.root.join("incidents");
    let d = shared.to_str().unwrap();
    run_root(&w, &["init-dir", d, "--group", GROUP]);
    w.ok(ALICE, &["--incident-dir", d, "declare", "Checkout 500s", "--severity", "sev2"]);
    // One health check that is down: its transition goes on the timeline
    // once, by whichever dashboard holds the recorder lock.
    let config = w.root.join("warroom.yaml");
    let port = common::servers::refused().port();
    std::fs::write(
        &config,
        format!("sources:\n  health:\n    - name: db-proxy\n      tcp: 127.0.0.1:{port}\n      interval: 1s\n      timeout: 1s\n      consecutive: 1\n"),
    )
    .unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let spawn = |user: &str| {
        let mut args = w.as_user(user);
        args.extend(["--incident-dir", d, "--config", config.to_str().unwrap()].map(String::from));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env = w.env(user);
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        Pty::spawn_program("setpriv", &args, &env, 160, 50)
    };
    let mut alice = spawn(ALICE);
    let mut bob = spawn(BOB);
    alice.wait_for(&["Checkout 500s", "wr-alice, wr-bob"]);
    bob.wait_for(&["Checkout 500s", "wr-alice, wr-bob"]);
    // An entry one writes reaches the other's screen.
    w.ok(BOB, &["--incident-dir", d, "log", "db-1 pool exhausted"]);
    alice.wait_for(&["db-1 pool exhausted"]);
    w.ok(ALICE, &["--incident-dir", d, "log", "rollback started"]);
    bob.wait_for(&["rollback started"]);
    // Both saw the check go down; the journal holds it once.
    let journal = journals(&shared).remove(0);
    let start = std::time::Instant::now();
    let recorded = || std::fs::read_to_string(&journal).unwrap().lines().filter(|l| l.contains("db-proxy")).count();
    while recorded() == 0 && start.elapsed() < common::WAIT {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert_eq!(recorded(), 1, "one transition, one entry, whichever user's dashboard wrote it");
    // The side files are the group's, so each can take the recorder lock.
    for sub in [".presence", ".recorder"] {
        let m = std::fs::metadata(shared.join(sub)).unwrap();
        assert_eq!((m.mode() & 0o7777, m.gid()), (0o2770, gid(GROUP)), "{sub}");
    }
    let lock = std::fs::read_dir(shared.join(".recorder")).unwrap().next().unwrap().unwrap().path();
    let m = std::fs::metadata(&lock).unwrap();
    assert_eq!((m.mode() & 0o777, m.gid()), (0o660, gid(GROUP)), "the recorder lock");
    alice.quit();
    bob.quit();
}
