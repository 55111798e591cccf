//! `updates:` — how often stakeholders hear from the war room, and where
//! updates are posted; `actions:` — the runbook the war room may run.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::duration::{Dur, Timeout};
use super::types::{Headers, NonEmpty, Tls};

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Updates {
    pub critical: Dur,
    pub high: Dur,
    pub medium: Dur,
    pub low: Dur,
    pub webhooks: Vec<Webhook>,
}

impl Default for Updates {
    fn default() -> Self {
        Self {
            critical: Dur::secs(15 * 60),
            high: Dur::secs(30 * 60),
            medium: Dur::secs(60 * 60),
            low: Dur::secs(120 * 60),
            webhooks: vec![],
        }
    }
}

/// A Slack-style incoming webhook: `POST {"text": …}`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    pub name: NonEmpty,
    #[serde(deserialize_with = "super::types::http_url")]
    pub url: String,
    #[serde(default = "five_seconds")]
    pub timeout: Timeout,
    /// Attempts before the update is kept for a later retry.
    #[serde(default = "three")]
    pub attempts: u32,
    #[serde(default)]
    pub headers: Headers,
    #[serde(default)]
    pub tls: Option<Tls>,
}

fn five_seconds() -> Timeout {
    Timeout::secs(5)
}
fn three() -> u32 {
    3
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Actions {
    /// warroom runs nothing unless this is true.
    pub enabled: bool,
    pub runbook: Vec<RunbookAction>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RunbookAction {
    pub name: NonEmpty,
    #[serde(default)]
    pub description: String,
    /// Program and arguments; no shell.
    #[serde(deserialize_with = "super::types::argv")]
    pub command: Vec<String>,
    #[serde(default = "a_minute")]
    pub timeout: Timeout,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
}

fn a_minute() -> Timeout {
    Timeout::secs(60)
}
