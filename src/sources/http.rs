//! The HTTP client every poller shares, and a fetch that never waits longer
//! than its timeout nor holds more than its cap of body in memory.

use std::time::{Duration, Instant};

pub use crate::signals::vocab::secs;

use crate::config::sources::Auth;

/// Bodies larger than this are refused (a lying or hostile server).
pub const BODY_CAP: usize = 16 << 20;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("timed out after {}", crate::sources::http::secs(*.0))]
    Timeout(Duration),
    #[error("connection refused")]
    Refused,
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("response larger than {} MiB, not read", .0 >> 20)]
    TooLarge(usize),
    #[error("{0}")]
    Other(String),
}

#[derive(Debug, Clone)]
pub struct Fetched {
    pub status: u16,
    pub reason: String,
    pub body: Vec<u8>,
    pub elapsed: Duration,
}

impl Fetched {
    /// `200 OK`
    pub fn status_line(&self) -> String {
        format!("{} {}", self.status, self.reason).trim().to_string()
    }
}

fn builder() -> reqwest::ClientBuilder {
    // reqwest is built without a crypto provider of its own: ring, once.
    static CRYPTO: std::sync::Once = std::sync::Once::new();
    CRYPTO.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .user_agent(concat!("warroom/", env!("CARGO_PKG_VERSION")))
        .pool_max_idle_per_host(2)
}

pub fn client() -> reqwest::Client {
    builder().build().unwrap_or_else(|_| reqwest::Client::new())
}

/// The shared client, or for a source with `tls:` a client of its own that
/// trusts its CA too and shows its client certificate.
pub fn client_for(
    shared: &reqwest::Client,
    tls: Option<&crate::config::types::Tls>,
) -> Result<reqwest::Client, String> {
    let Some(tls) = tls else { return Ok(shared.clone()) };
    let mut b = builder();
    for cert in tls.ca()? {
        b = b.add_root_certificate(cert);
    }
    if let Some(id) = tls.identity()? {
        b = b.identity(id);
    }
    b.build().map_err(|e| format!("tls: {e}"))
}

/// Adds credentials read from the environment; an unset variable is an
/// error that names it.
pub fn with_auth(req: reqwest::RequestBuilder, auth: &Option<Auth>) -> Result<reqwest::RequestBuilder, FetchError> {
    let var = |name: &str| std::env::var(name).map_err(|_| FetchError::Other(format!("${name} is not set (auth)")));
    Ok(match auth {
        None => req,
        Some(Auth::BearerEnv(v)) => req.bearer_auth(var(v)?),
        Some(Auth::BasicEnv(u, p)) => req.basic_auth(var(u)?, Some(var(p)?)),
    })
}

/// Adds the configured headers; a `${VAR}` that is unset (or holds what a
/// header cannot) is an error that names the variable, never its value.
pub fn with_headers(
    mut req: reqwest::RequestBuilder,
    headers: &crate::config::types::Headers,
) -> Result<reqwest::RequestBuilder, FetchError> {
    use crate::config::types::HeaderValue;
    for (name, value) in &headers.0 {
        let value = match value {
            HeaderValue::Text(t) => t.clone(),
            HeaderValue::Env(var) => {
                std::env::var(var).map_err(|_| FetchError::Other(format!("${var} is not set (header {name})")))?
            }
        };
        let value = reqwest::header::HeaderValue::from_str(&value)
            .map_err(|_| FetchError::Other(format!("header {name}: its value has a character a header cannot hold")))?;
        req = req.header(name.as_str(), value);
    }
    Ok(req)
}

/// Sends `req` and reads the body, all within `timeout`, at most `cap`
/// bytes.
pub async fn fetch(req: reqwest::RequestBuilder, timeout: Duration, cap: usize) -> Result<Fetched, FetchError> {
    let start = Instant::now();
    let work = async {
        let mut resp = req.send().await.map_err(classify)?;
        let status = resp.status();
        if resp.content_length().is_some_and(|n| n as usize > cap) {
            return Err(FetchError::TooLarge(cap));
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(classify)? {
            if body.len() + chunk.len() > cap {
                return Err(FetchError::TooLarge(cap));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Fetched {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_string(),
            body,
            elapsed: start.elapsed(),
        })
    };
    match tokio::time::timeout(timeout, work).await {
        Ok(r) => r,
        Err(_) => Err(FetchError::Timeout(timeout)),
    }
}

/// A fetch error in words, naming the scheme and host only: a URL's path,
/// query or userinfo may be a credential (a webhook, `?token=`).
fn classify(e: reqwest::Error) -> FetchError {
    let host = e
        .url()
        .map(|u| {
            let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
            format!(" ({}://{}{port})", u.scheme(), u.host_str().unwrap_or("?"))
        })
        .unwrap_or_default();
    let e = e.without_url();
    let mut chain = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    chain.push_str(&host);
    if e.is_timeout() {
        FetchError::Other(format!("timed out: {chain}"))
    } else if chain.contains("refused") {
        FetchError::Refused
    } else if e.is_connect() {
        FetchError::Connect(chain)
    } else {
        FetchError::Other(chain)
    }
}

/// The first bytes of a body, made safe to show in an error.
pub fn snippet(body: &[u8]) -> String {
    let s = super::logs::line::sanitize(&body[..body.len().min(120)], 120);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
