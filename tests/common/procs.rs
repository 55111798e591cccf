//! Real Prometheus, Alertmanager, VictoriaMetrics and nats-server on loopback, from the Debian packages
//! `.ci/run` installs. Missing binaries fail the test when CI=true; on a
//! developer machine without them the test says so and returns.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Proc {
    pub child: Child,
    pub addr: SocketAddr,
    pub log: PathBuf,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The binary, or None (after saying why) when it is missing outside CI.
pub fn binary(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .chain([PathBuf::from("/usr/bin"), PathBuf::from("/usr/sbin")])
        .map(|d| d.join(name))
        .find(|p| p.is_file());
    if found.is_none() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !ci,
            "{name} is not installed, and CI=true: .ci/run must install it (apt-get install prometheus prometheus-alertmanager victoria-metrics nats-server)"
        );
        eprintln!("NOT RUN: {name} is not installed (.ci/run installs it with apt-get); CI runs this test");
    }
    found
}

pub fn free_port() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

fn spawn(bin: &Path, args: &[String], dir: &Path, name: &str, addr: SocketAddr) -> Proc {
    let log = dir.join(format!("{name}.log"));
    let out = std::fs::File::create(&log).unwrap();
    let child = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::from(out.try_clone().unwrap()))
        .stderr(Stdio::from(out))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    Proc { child, addr, log }
}

/// Waits until GET http://addr/path answers 200.
pub async fn wait_ready(p: &mut Proc, path: &str) {
    let client = warroom::sources::http::client();
    let url = format!("http://{}{path}", p.addr);
    let start = Instant::now();
    loop {
        if let Ok(r) = client.get(&url).send().await
            && r.status().is_success()
        {
            return;
        }
        if let Ok(Some(status)) = p.child.try_wait() {
            panic!("{} exited ({status}): {}", url, std::fs::read_to_string(&p.log).unwrap_or_default());
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{url} not ready: {}",
            std::fs::read_to_string(&p.log).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

pub async fn alertmanager(bin: &Path, dir: &Path) -> Proc {
    let addr = free_port();
    let cfg = dir.join("alertmanager.yml");
    std::fs::write(&cfg, "route:\n  receiver: 'null'\n  group_wait: 1s\nreceivers:\n  - name: 'null'\n").unwrap();
    let data = dir.join("am-data");
    std::fs::create_dir_all(&data).unwrap();
    let args = vec![
        format!("--config.file={}", cfg.display()),
        format!("--storage.path={}", data.display()),
        format!("--web.listen-address={addr}"),
        "--cluster.listen-address=".into(),
    ];
    let mut p = spawn(bin, &args, dir, "alertmanager", addr);
    wait_ready(&mut p, "/-/ready").await;
    p
}

/// Prometheus scraping `targets` every second, with `rules` (a YAML rule
/// file body) and alerts sent to `am`.
pub async fn prometheus(bin: &Path, dir: &Path, targets: &[SocketAddr], rules: &str, am: Option<SocketAddr>) -> Proc {
    let addr = free_port();
    std::fs::write(dir.join("rules.yml"), rules).unwrap();
    let targets: Vec<String> = targets.iter().map(|t| format!("'{t}'")).collect();
    let alerting = am
        .map(|a| format!("alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['{a}']\n"))
        .unwrap_or_default();
    let cfg = format!(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files: ['rules.yml']\n{alerting}scrape_configs:\n  - job_name: test\n    static_configs:\n      - targets: [{}]\n",
        targets.join(", ")
    );
    std::fs::write(dir.join("prometheus.yml"), cfg).unwrap();
    let data = dir.join("prom-data");
    std::fs::create_dir_all(&data).unwrap();
    let args = vec![
        format!("--config.file={}", dir.join("prometheus.yml").display()),
        format!("--storage.tsdb.path={}", data.display()),
        format!("--web.listen-address={addr}"),
    ];
    let mut p = spawn(bin, &args, dir, "prometheus", addr);
    wait_ready(&mut p, "/-/ready").await;
    p
}

/// VictoriaMetrics (Debian's `victoria-metrics`) on loopback under the path
/// `prefix`, as a long-term store behind a proxy is reached.
pub async fn victoria_metrics(bin: &Path, dir: &Path, prefix: &str) -> Proc {
    let addr = free_port();
    let data = dir.join("vm-data");
    std::fs::create_dir_all(&data).unwrap();
    let args = vec![
        format!("-httpListenAddr={addr}"),
        format!("-storageDataPath={}", data.display()),
        format!("-http.pathPrefix={prefix}"),
        "-retentionPeriod=1d".into(),
        // Points near now are real here, not a scrape still in flight.
        "-search.latencyOffset=0s".into(),
    ];
    let mut p = spawn(bin, &args, dir, "victoria-metrics", addr);
    wait_ready(&mut p, &format!("{prefix}/health")).await;
    p
}
