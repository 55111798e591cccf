//! Two sites replicated through a real nats-server with JetStream (Debian's
//! package, started here on loopback; `.ci/run` installs it). Each site is
//! an incident directory with its own `warroom replicate` process.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use warroom::incident::{Entry, IncidentId};
use warroom::journal::IncidentDir;

/// Long enough for a killed replicator's unacknowledged batch to come
/// again (the consumer's ack wait is 10 s).
const WAIT: Duration = Duration::from_secs(45);

struct Nats {
    child: Child,
    port: u16,
    store: PathBuf,
    extra: Vec<String>,
    bin: PathBuf,
    log: PathBuf,
}

impl Nats {
    fn start(root: &Path, extra: &[&str]) -> Option<Self> {
        let bin = common::procs::binary("nats-server")?;
        let port = common::procs::free_port().port();
        let store = root.join("nats-store");
        let mut n = Self {
            child: Command::new("true").spawn().unwrap(),
            port,
            store,
            extra: extra.iter().map(|s| s.to_string()).collect(),
            bin,
            log: root.join("nats.log"),
        };
        n.restart();
        Some(n)
    }

    fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Starts the server again on the same port and store (a partition ends).
    fn restart(&mut self) {
        let _ = self.child.wait();
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log).unwrap();
        self.child = Command::new(&self.bin)
            .args(["-js", "-a", "127.0.0.1", "-p", &self.port.to_string(), "-sd"])
            .arg(&self.store)
            .args(&self.extra)
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap();
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                start.elapsed() < WAIT,
                "nats-server did not start: {}",
                std::fs::read_to_string(&self.log).unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server (a partition starts).
    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Nats {
    fn drop(&mut self) {
        self.stop();
    }
}

struct Site {
    root: PathBuf,
    config: PathBuf,
    replicator: Option<Child>,
    log: PathBuf,
}

impl Site {
    fn new(parent: &Path, name: &str, url: &str, auth: &str) -> Self {
        let root = parent.join(name);
        std::fs::create_dir_all(&root).unwrap();
        let config = root.join("warroom.yaml");
        std::fs::write(
            &config,
            format!(
                "incident_dir: {}\njournal:\n  replicate:\n    url: {url}\n    site: {name}\n{auth}",
                root.join("incidents").display()
            ),
        )
        .unwrap();
        Self { log: root.join("replicate.log"), root, config, replicator: None }
    }

    fn dir(&self) -> IncidentDir {
        IncidentDir::open(self.root.join("incidents")).unwrap()
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_warroom"));
        c.arg("--config").arg(&self.config).env("WR_PASS", "right").env_remove("WARROOM_INCIDENT_DIR");
        c
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "warroom {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn start(&mut self) {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log).unwrap();
        let child = self.cmd().arg("replicate").stderr(Stdio::from(log)).stdout(Stdio::null()).spawn().unwrap();
        self.replicator = Some(child);
    }

    fn kill_9(&mut self) {
        if let Some(mut c) = self.replicator.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    fn said(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Every entry id of every journal, with how often it is there.
    fn ids(&self) -> HashMap<String, HashMap<String, usize>> {
        let dir = self.dir();
        let mut out = HashMap::new();
        for id in dir.ids().unwrap() {
            let text = std::fs::read_to_string(dir.journal_path(&id)).unwrap();
            let mut seen: HashMap<String, usize> = HashMap::new();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let e: Entry = serde_json::from_str(line).unwrap_or_else(|e| panic!("{id}: a bad line {line:?}: {e}"));
                *seen.entry(e.id).or_default() += 1;
            }
            out.insert(id.to_string(), seen);
        }
        out
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.kill_9();
    }
}

fn wait_until(what: &str, sites: &[&Site], ok: impl Fn() -> bool) {
    let start = Instant::now();
    while !ok() {
        if start.elapsed() > WAIT {
            let logs: Vec<String> = sites.iter().map(|s| format!("{}:\n{}", s.root.display(), s.said())).collect();
            panic!("timed out waiting for {what}\n{}", logs.join("\n"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Both sites hold the same entries, each exactly once.
fn converged(a: &Site, b: &Site) -> bool {
    let (x, y) = (a.ids(), b.ids());
    let once = |m: &HashMap<String, HashMap<String, usize>>| m.values().all(|s| s.values().all(|n| *n == 1));
    let sets = |m: &HashMap<String, HashMap<String, usize>>| -> HashMap<String, HashSet<String>> {
        m.iter().map(|(k, v)| (k.clone(), v.keys().cloned().collect())).collect()
    };
    once(&x) && once(&y) && sets(&x) == sets(&y)
}

/// What a person sees of an incident: phase, numbering, timeline.
fn fold_summary(site: &Site, id: &IncidentId) -> String {
    let i = site.dir().load(id).unwrap().incident;
    let hyps: Vec<String> = i.hypotheses.iter().map(|h| format!("{} {}", h.label(), h.text)).collect();
    let acts: Vec<String> = i.actions.iter().map(|a| format!("{} {}", a.label(), a.text)).collect();
    let tl: Vec<String> = i.timeline.iter().map(|t| format!("{} {} {}", t.at, t.author, t.text)).collect();
    format!("{:?} {:?}\n{hyps:?}\n{acts:?}\n{}", i.phase, i.severity, tl.join("\n"))
}

#[test]
fn two_sites_converge_after_a_partition() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(mut nats) = Nats::start(tmp.path(), &[]) else { return };
    let mut a = Site::new(tmp.path(), "eu1", &nats.url(), "");
    let mut b = Site::new(tmp.path(), "us1", &nats.url(), "");
    a.start();
    b.start();
    let id = a.run(&["declare", "Checkout 500s", "--severity", "sev2"]).trim().to_string();
    assert!(id.contains("-eu1-"), "a replicated site's ids carry its name: {id}");
    let inc: IncidentId = id.parse().unwrap();
    wait_until("the declaration to reach us1", &[&a, &b], || b.ids().contains_key(&id));
    a.run(&["log", "-i", &id, "--kind", "hypothesis", "pool exhausted"]);
    b.run(&["log", "-i", &id, "db-1 at 100/100"]);
    wait_until("both entries on both sites", &[&a, &b], || converged(&a, &b) && a.ids()[&id].len() == 3);

    // The partition: both sides go on writing, nothing blocks.
    nats.stop();
    wait_until("both to say they are offline", &[&a, &b], || {
        a.said().contains("offline since") && b.said().contains("offline since")
    });
    a.run(&["log", "-i", &id, "--kind", "hypothesis", "bad deploy v2.4.1"]);
    b.run(&["log", "-i", &id, "--kind", "hypothesis", "cache stampede"]);
    b.run(&["log", "-i", &id, "--kind", "action", "raise pool to 200"]);
    let theirs = b.run(&["declare", "Auth latency"]).trim().to_string();
    assert!(theirs.contains("-us1-001"), "{theirs}");
    assert!(!converged(&a, &b));

    nats.restart();
    wait_until("the sites to converge after the partition", &[&a, &b], || {
        converged(&a, &b) && a.ids().get(&id).is_some_and(|s| s.len() == 6) && a.ids().contains_key(&theirs)
    });
    // The same incident everywhere: numbering and timeline do not depend
    // on the order entries arrived in.
    assert_eq!(fold_summary(&a, &inc), fold_summary(&b, &inc));
    let their: IncidentId = theirs.parse().unwrap();
    assert_eq!(fold_summary(&a, &their), fold_summary(&b, &their));
    assert!(a.said().contains("replication: online") && b.said().contains("received"));
}

#[test]
fn kill_9_during_replication_loses_and_duplicates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(_nats) = Nats::start(tmp.path(), &[]) else { return };
    let mut a = Site::new(tmp.path(), "eu1", &_nats.url(), "");
    let mut b = Site::new(tmp.path(), "us1", &_nats.url(), "");
    a.start();
    b.start();
    let id = a.run(&["declare", "Storm"]).trim().to_string();
    wait_until("the declaration to reach us1", &[&a, &b], || b.ids().contains_key(&id));
    // 400 entries from a pipeline while both replicators are killed and
    // restarted, twice.
    let mut feeder = a.cmd().args(["log", "-i", &id, "-"]).stdin(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
    {
        use std::io::Write;
        let mut stdin = feeder.stdin.take().unwrap();
        let text: String = (0..400).map(|n| format!("line {n}\n")).collect();
        let w = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
        for _ in 0..2 {
            std::thread::sleep(Duration::from_millis(150));
            a.kill_9();
            b.kill_9();
            std::thread::sleep(Duration::from_millis(100));
            a.start();
            b.start();
        }
        w.join().unwrap().unwrap();
    }
    assert!(feeder.wait().unwrap().success());
    wait_until("all 401 entries on us1, each once", &[&a, &b], || {
        converged(&a, &b) && b.ids().get(&id).is_some_and(|s| s.len() == 401)
    });
}

#[test]
fn refused_credentials_are_said_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(nats) = Nats::start(tmp.path(), &["--user", "wr", "--pass", "right"]) else { return };
    let wrong = "    user: wr\n    password_env: WR_WRONG\n";
    let mut a = Site::new(tmp.path(), "eu1", &nats.url(), wrong);
    a.start();
    // Set, but wrong.
    a.kill_9();
    let log = std::fs::OpenOptions::new().create(true).append(true).open(&a.log).unwrap();
    a.replicator =
        Some(a.cmd().env("WR_WRONG", "not-the-password").arg("replicate").stderr(Stdio::from(log)).spawn().unwrap());
    wait_until("a clear refusal", &[&a], || a.said().contains("refused the credentials (authorization violation)"));
    assert!(!a.said().contains("not-the-password"), "a password is never printed");
    a.run(&["declare", "Written while refused"]);
    // The right password: it connects and publishes what waited.
    let mut b = Site::new(tmp.path(), "us1", &nats.url(), "    user: wr\n    password_env: WR_PASS\n");
    b.start();
    wait_until("us1 online", &[&b], || b.said().contains("replication: online"));
}

#[test]
fn hostile_messages_are_rejected_and_reported_never_appended() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(nats) = Nats::start(tmp.path(), &[]) else { return };
    let mut a = Site::new(tmp.path(), "eu1", &nats.url(), "");
    let mut b = Site::new(tmp.path(), "us1", &nats.url(), "");
    a.start();
    b.start();
    let id = a.run(&["declare", "Checkout 500s"]).trim().to_string();
    wait_until("the declaration on us1", &[&a, &b], || b.ids().contains_key(&id));
    let before = std::fs::read(b.dir().journal_path(&id.parse().unwrap())).unwrap();

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = async_nats::connect(nats.url()).await.unwrap();
        let js = async_nats::jetstream::new(client);
        let subject = format!("warroom.inc.{id}");
        let valid = serde_json::to_vec(&Entry::new(
            chrono::Utc::now(),
            "mallory",
            warroom::incident::Payload::Note { text: "x".into() },
        ))
        .unwrap();
        let huge = format!(r#"{{"pad":"{}"}}"#, "A".repeat(100_000));
        for (subject, body) in [
            (subject.clone(), b"not json at all".to_vec()),
            (subject.clone(), br#"{"id":"1","kind":"note"}"#.to_vec()),
            (subject.clone(), huge.into_bytes()),
            ("warroom.inc.not-an-incident".to_string(), valid),
        ] {
            js.publish(subject, body.into()).await.unwrap().await.unwrap();
        }
    });
    wait_until("four rejections reported", &[&b], || b.said().matches("rejected a message").count() >= 4);
    let said = b.said();
    for why in ["not a journal entry", "more than the 65536", "not an incident id"] {
        assert!(said.contains(why), "{why} not said:\n{said}");
    }
    assert_eq!(std::fs::read(b.dir().journal_path(&id.parse().unwrap())).unwrap(), before, "nothing appended");
    assert!(!b.dir().root().join("INC-not-an-incident.jsonl").exists());
}

#[test]
fn the_dashboard_says_when_replication_is_offline_and_shows_other_sites_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(mut nats) = Nats::start(tmp.path(), &[]) else { return };
    let mut a = Site::new(tmp.path(), "eu1", &nats.url(), "");
    let b = Site::new(tmp.path(), "us1", &nats.url(), "");
    a.start();
    let id = a.run(&["declare", "Checkout 500s"]).trim().to_string();
    // us1 has a dashboard open, no replicate command: the dashboard replicates.
    let config = b.config.to_str().unwrap().to_string();
    let mut screen = common::Pty::spawn(&["--config", &config, "--as", "bob"], &[("WR_PASS", "right")], 160, 50);
    screen.wait_for(&["Checkout 500s", &id]);
    a.run(&["log", "-i", &id, "from eu1: pool exhausted"]);
    screen.wait_for(&["from eu1: pool exhausted"]);
    // Presence across sites: a dashboard at eu1 and one at us1 list both.
    let a_config = a.config.to_str().unwrap().to_string();
    let mut there = common::Pty::spawn(&["--config", &a_config, "--as", "alice"], &[], 160, 50);
    there.wait_for(&["alice, bob@us1"]);
    screen.wait_for(&["alice@eu1, bob"]);
    there.quit();
    nats.stop();
    screen.wait_for(&["replication: offline since"]);
    nats.restart();
    screen.wait_until("the offline notice to go", |s| !s.contains("replication: offline"));
    screen.quit();
}
