//! Posting an update to a Slack-style webhook: `{"text": …}`, each
//! attempt within its timeout, retried with a short backoff.

use std::time::Duration;

use crate::config::updates::Webhook;
use crate::sources::http::fetch;

/// What came of posting to one webhook.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub webhook: String,
    pub attempts: u32,
    /// None when posted.
    pub error: Option<String>,
}

/// Posts `text`, trying up to `attempts` times (1 s, 2 s, … between).
pub async fn post(client: &reqwest::Client, hook: &Webhook, text: &str, backoff: Duration) -> Outcome {
    let body = serde_json::json!({ "text": text }).to_string();
    let mut last = String::new();
    let tries = hook.attempts.max(1);
    let client = match crate::sources::http::client_for(client, hook.tls.as_ref()) {
        Ok(c) => c,
        Err(e) => return Outcome { webhook: hook.name.0.clone(), attempts: 0, error: Some(e) },
    };
    let client = &client;
    for attempt in 1..=tries {
        let req = client.post(&hook.url).header("Content-Type", "application/json").body(body.clone());
        let req = match crate::sources::http::with_headers(req, &hook.headers) {
            Ok(req) => req,
            // An unset variable does not come back by trying again.
            Err(e) => return Outcome { webhook: hook.name.0.clone(), attempts: attempt, error: Some(e.to_string()) },
        };
        match fetch(req, hook.timeout.0, 64 * 1024).await {
            Ok(f) if (200..300).contains(&f.status) => {
                return Outcome { webhook: hook.name.0.clone(), attempts: attempt, error: None };
            }
            Ok(f) => last = f.status_line(),
            Err(e) => last = e.to_string(),
        }
        if attempt < tries {
            tokio::time::sleep(backoff * 2u32.pow(attempt - 1)).await;
        }
    }
    Outcome { webhook: hook.name.0.clone(), attempts: tries, error: Some(last) }
}
