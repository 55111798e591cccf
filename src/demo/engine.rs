//! The scenario engine: every 100 ms it moves scenario time on (real time
//! times the speed), sets each service's parameters, serves the traffic
//! into the counters, writes the log lines that are due, the scripted
//! changes, and — when the script says — has the pager declare.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::scenario::{Emitter, Params, Scenario};
use super::world::World;
use crate::incident::Payload;
use crate::journal::IncidentDir;

const TICK: Duration = Duration::from_millis(100);
/// Lines one emitter may write in one tick, however far behind it is.
const BURST: usize = 50;

/// Where the engine writes: the services' log, the changes file, and the
/// incidents directory the pager declares in.
pub struct Files {
    pub log: PathBuf,
    pub changes: PathBuf,
    pub incidents: IncidentDir,
}

pub struct Engine {
    scenario: Scenario,
    speed: f64,
    world: Arc<Mutex<World>>,
    fix: Arc<AtomicBool>,
    log: BufWriter<File>,
    changes: PathBuf,
    incidents: IncidentDir,
    t: Duration,
    fixed: Option<Duration>,
    declared: bool,
    changes_done: HashSet<usize>,
    due: HashMap<String, Instant>,
    rng: u64,
}

impl Engine {
    pub fn new(
        scenario: Scenario,
        speed: f64,
        world: Arc<Mutex<World>>,
        fix: Arc<AtomicBool>,
        files: Files,
        start: DateTime<Utc>,
    ) -> std::io::Result<Self> {
        let Files { log, changes, incidents } = files;
        // Everything follows from `start`: the same start, the same run
        // (tests step it on a clock of their own).
        let now = start;
        // Changes from before the demo started, oldest first.
        let mut before: Vec<_> = scenario.changes.iter().filter_map(|c| c.ago.map(|a| (a.0, &c.text))).collect();
        before.sort_by_key(|(ago, _)| std::cmp::Reverse(*ago));
        let mut f = File::create(&changes)?;
        for (ago, text) in before {
            let at = now - chrono::Duration::from_std(ago).unwrap_or_default();
            writeln!(f, "{} {text}", at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))?;
        }
        {
            let mut w = world.lock().unwrap_or_else(|e| e.into_inner());
            w.params = scenario.baseline.clone();
        }
        Ok(Self {
            speed: speed.max(0.01),
            world,
            fix,
            log: BufWriter::with_capacity(64 * 1024, File::create(&log)?),
            changes,
            incidents,
            t: Duration::ZERO,
            fixed: None,
            declared: false,
            changes_done: HashSet::new(),
            due: HashMap::new(),
            rng: 0x2545F4914F6CDD1D ^ now.timestamp_nanos_opt().unwrap_or(1) as u64,
            scenario,
        })
    }

    pub async fn run(mut self) {
        let mut every = tokio::time::interval(TICK);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last = Instant::now();
        loop {
            every.tick().await;
            let now = Instant::now();
            let dt = now - last;
            last = now;
            if let Err(e) = self.tick(dt, now, Utc::now()) {
                tracing::error!("demo engine: {e}");
            }
        }
    }

    /// Scenario time now.
    pub fn time(&self) -> Duration {
        self.t
    }

    pub fn tick(&mut self, dt: Duration, now: Instant, wall: DateTime<Utc>) -> std::io::Result<()> {
        self.t += dt.mul_f64(self.speed);
        if self.fixed.is_none() && self.fix.load(Ordering::SeqCst) {
            self.fixed = Some(self.t);
            let svc = self.scenario.incident.service.clone();
            let line = format!("{} {svc} INFO operator: {}", stamp(wall), self.scenario.fix.action);
            writeln!(self.log, "{line}")?;
        }
        let params = self.scenario.params(self.t, self.fixed);
        {
            let mut w = self.world.lock().unwrap_or_else(|e| e.into_inner());
            w.params = params.clone();
            w.advance(dt.as_secs_f64());
        }
        let emitters: Vec<Emitter> = self.scenario.emitters(self.t, self.fixed).into_iter().cloned().collect();
        for e in &emitters {
            let key = format!("{}\u{0}{}", e.service, e.text);
            let next = self.due.entry(key.clone()).or_insert(now);
            let mut n = 0;
            while *next <= now && n < BURST {
                *next += e.every.0.max(Duration::from_millis(10));
                n += 1;
            }
            for _ in 0..n {
                let line = self.line(e, &params, wall);
                writeln!(self.log, "{line}")?;
            }
        }
        self.log.flush()?;
        self.scripted_changes(wall)?;
        if !self.declared && self.scenario.declare_at().is_some_and(|at| self.t >= at) {
            self.declared = true;
            self.declare(wall);
        }
        Ok(())
    }

    fn scripted_changes(&mut self, wall: DateTime<Utc>) -> std::io::Result<()> {
        for (i, c) in self.scenario.changes.iter().enumerate() {
            if let Some(at) = c.at
                && self.t >= at.0
                && self.changes_done.insert(i)
            {
                let mut f = std::fs::OpenOptions::new().append(true).open(&self.changes)?;
                writeln!(f, "{} {}", wall.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), c.text)?;
            }
        }
        Ok(())
    }

    /// The on-call's pager declares, unless someone already has.
    fn declare(&self, wall: DateTime<Utc>) {
        if let Ok(Some(_)) = self.incidents.newest_open() {
            return;
        }
        let i = &self.scenario.incident;
        let payload = Payload::Declared {
            title: self.scenario.title.clone(),
            kind: i.kind,
            service: Some(i.service.clone()),
            severity: Some(i.severity),
        };
        if let Err(e) = self.incidents.declare(wall, "pager", payload) {
            tracing::error!("demo: cannot declare: {e}");
        }
    }

    fn rand(&mut self, n: u64) -> u64 {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng % n.max(1)
    }

    fn line(
        &mut self,
        e: &Emitter,
        params: &std::collections::BTreeMap<String, Params>,
        wall: DateTime<Utc>,
    ) -> String {
        let p = params.get(&e.service);
        let latency = p.and_then(|p| p.get("latency_ms")).copied().unwrap_or(50.0);
        let mut text = e.text.clone();
        while let Some(start) = text.find('{') {
            let Some(len) = text[start..].find('}') else { break };
            let name = &text[start + 1..start + len];
            let value = match name {
                "id" => (1000 + self.rand(90_000)).to_string(),
                "user" => (1 + self.rand(50_000)).to_string(),
                "ms" => ((latency * (0.5 + self.rand(100) as f64 / 100.0)).round() as u64).to_string(),
                // The service's own knob, else another's (checkout reports the db pool).
                other => p
                    .and_then(|p| p.get(other))
                    .or_else(|| params.values().find_map(|p| p.get(other)))
                    .map(|v| format!("{}", v.round()))
                    .unwrap_or_else(|| "?".into()),
            };
            text.replace_range(start..=start + len, &value);
        }
        if e.json {
            let level = e.level.as_deref().unwrap_or("info");
            serde_json::json!({"ts": stamp(wall), "level": level, "service": e.service, "msg": text}).to_string()
        } else {
            format!("{} {} {text}", stamp(wall), e.service)
        }
    }
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_plays_out_in_files_metrics_and_the_journal() {
        let tmp = tempfile::tempdir().unwrap();
        let sc = super::super::scenario::load("pool-exhaustion").unwrap();
        let world = Arc::new(Mutex::new(World::default()));
        let fix = Arc::new(AtomicBool::new(false));
        let dir = IncidentDir::open(tmp.path().join("incidents")).unwrap();
        let (log, changes) = (tmp.path().join("s.log"), tmp.path().join("c.log"));
        let mut e = Engine::new(
            sc,
            10.0,
            world.clone(),
            fix.clone(),
            Files { log: log.clone(), changes: changes.clone(), incidents: dir.clone() },
            Utc::now(),
        )
        .unwrap();
        let start = Instant::now();
        let wall = Utc::now();
        // 12 s of real time at 10x: 120 s of scenario, past the declaration.
        for i in 1..=120 {
            e.tick(Duration::from_millis(100), start + Duration::from_millis(100 * i), wall).unwrap();
        }
        assert_eq!(e.time(), Duration::from_secs(120));
        let text = std::fs::read_to_string(&log).unwrap();
        let pool_line = text.lines().find(|l| l.contains("too many connections")).unwrap_or("none");
        assert!(text.contains("checkout-api ERROR pool: too many connections (in use 100/100) order="), "{pool_line}");
        assert!(!text.contains('{') || text.lines().any(|l| l.starts_with("{\"")), "templates filled");
        let ch = std::fs::read_to_string(&changes).unwrap();
        assert!(ch.lines().last().unwrap().ends_with("deploy checkout-api v1.2.3 (adds nightly export job)"));
        let id = dir.newest_open().unwrap().expect("the pager declared");
        let inc = dir.load(&id).unwrap().incident;
        assert_eq!((inc.declared_by.as_str(), inc.title.as_str()), ("pager", "Checkout API 500s"));
        assert!(!world.lock().unwrap().healthy("checkout-api").0);

        fix.store(true, Ordering::SeqCst);
        for i in 121..=200 {
            e.tick(Duration::from_millis(100), start + Duration::from_millis(100 * i), wall).unwrap();
        }
        assert!(world.lock().unwrap().healthy("checkout-api").0, "recovered 80 s after the fix");
        let text = std::fs::read_to_string(&log).unwrap();
        assert!(text.contains("INFO operator: pause the nightly export job"));
        assert!(text.contains("INFO pool recovered"));
        assert_eq!(dir.ids().unwrap().len(), 1, "declared once");
    }
}
