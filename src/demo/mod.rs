//! `warroom demo`: a simulated production system with a scripted incident.
//! Real HTTP services on loopback ([`services`]) report a shared
//! [`world`] that the [`engine`] moves along a [`scenario`]; a log file and
//! a changes file are written as real ones would be. The dashboard watches
//! all of it through an ordinary config ([`config`]) and the ordinary
//! pollers, never by reaching into the simulation.

pub mod config;
pub mod engine;
pub mod scenario;
pub mod services;
pub mod world;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use color_eyre::eyre::{Result, WrapErr, eyre};

use crate::journal::IncidentDir;
use scenario::Scenario;

pub struct Demo {
    pub scenario: Scenario,
    pub services: Vec<(String, SocketAddr)>,
    pub dir: PathBuf,
    pub config_path: PathBuf,
    pub config: crate::config::Config,
    /// Set to apply the scenario's fix.
    pub fix: Arc<AtomicBool>,
}

/// Starts the services and the engine in the current runtime.
pub async fn start(scenario: Scenario, speed: f64, dir: PathBuf) -> Result<Demo> {
    std::fs::create_dir_all(&dir).wrap_err_with(|| format!("cannot create {}", dir.display()))?;
    let incidents = IncidentDir::open(dir.join("incidents"))?;
    let world = Arc::new(Mutex::new(world::World::default()));
    let fix = Arc::new(AtomicBool::new(false));
    let services = services::start(&scenario.services(), world.clone(), fix.clone())
        .await
        .wrap_err("cannot start the simulated services")?;
    let config_path = dir.join("warroom.yaml");
    std::fs::write(&config_path, config::yaml(&services, &dir))?;
    let config = crate::config::load(&crate::config::Source::File(config_path.clone()))
        .map_err(|e| eyre!("the demo wrote a config it cannot read: {e}"))?;
    let engine = engine::Engine::new(
        scenario.clone(),
        speed,
        world,
        fix.clone(),
        engine::Files { log: dir.join("services.log"), changes: dir.join("changes.log"), incidents },
        chrono::Utc::now(),
    )?;
    tokio::spawn(engine.run());
    Ok(Demo { scenario, services, dir, config_path, config, fix })
}

/// A fresh directory for a demo's files, kept after it ends.
pub fn default_dir() -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    std::env::temp_dir().join(format!("warroom-demo-{stamp}-{}", std::process::id()))
}
