//! The simulated services: one real HTTP server each on loopback, with
//! `/health`, `/metrics`, and `POST /demo/fix` (the scenario's fix, as a
//! runbook would call an admin endpoint).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};

use super::world::World;

#[derive(Clone)]
struct Svc {
    name: Arc<str>,
    world: Arc<Mutex<World>>,
    fix: Arc<AtomicBool>,
}

async fn health(State(s): State<Svc>) -> impl IntoResponse {
    let (ok, body) = s.world.lock().map(|w| w.healthy(&s.name)).unwrap_or((false, "{}".into()));
    let code = if ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (code, [(header::CONTENT_TYPE, "application/json")], body)
}

async fn metrics(State(s): State<Svc>) -> impl IntoResponse {
    let body = s.world.lock().map(|w| w.exposition(&s.name)).unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}

async fn fix(State(s): State<Svc>) -> impl IntoResponse {
    s.fix.store(true, Ordering::SeqCst);
    (StatusCode::ACCEPTED, "fix requested\n")
}

/// Starts one server per service; returns their addresses.
pub async fn start(
    names: &[String],
    world: Arc<Mutex<World>>,
    fix_flag: Arc<AtomicBool>,
) -> std::io::Result<Vec<(String, SocketAddr)>> {
    let mut out = Vec::new();
    for name in names {
        let state = Svc { name: name.as_str().into(), world: world.clone(), fix: fix_flag.clone() };
        let app = Router::new()
            .route("/health", get(health))
            .route("/metrics", get(metrics))
            .route("/demo/fix", post(fix))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        out.push((name.clone(), addr));
    }
    Ok(out)
}
