//! `journal.replicate`: copying every journal entry to the other sites
//! through a NATS JetStream server (docs/replication.md).

use std::path::PathBuf;

use serde::Deserialize;

use super::types::NonEmpty;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct JournalConfig {
    /// Off unless set.
    #[serde(default)]
    pub replicate: Option<Replicate>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Replicate {
    /// `nats://host:4222` (or `tls://`); several servers separated by commas.
    #[serde(deserialize_with = "nats_url")]
    pub url: String,
    /// This site's name, part of every incident id declared here
    /// (`INC-20261130-eu1-001`): 1 to 16 lowercase letters, digits and
    /// dashes, starting with a letter; unique among the sites.
    #[serde(deserialize_with = "site_name")]
    pub site: String,
    /// A NATS `.creds` file (JWT and NKey seed).
    #[serde(default)]
    pub credentials: Option<PathBuf>,
    /// User and password (read from the environment variable named).
    #[serde(default)]
    pub user: Option<NonEmpty>,
    #[serde(default)]
    pub password_env: Option<NonEmpty>,
    #[serde(default)]
    pub tls: Option<Tls>,
    /// The JetStream stream (created if missing); subjects are
    /// `<stream lowercased>.inc.<incident id>`.
    #[serde(default = "default_stream", deserialize_with = "stream_name")]
    pub stream: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Tls {
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
    #[serde(default)]
    pub cert_file: Option<PathBuf>,
    #[serde(default)]
    pub key_file: Option<PathBuf>,
}

fn default_stream() -> String {
    "WARROOM".into()
}

fn nats_url<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = <String as Deserialize>::deserialize(d)?;
    for part in s.split(',') {
        let part = part.trim();
        let scheme = part.split_once("://").map(|(sc, _)| sc.to_ascii_lowercase());
        if !matches!(scheme.as_deref(), Some("nats" | "tls")) {
            return Err(serde::de::Error::custom("not a nats:// or tls:// URL (like nats://127.0.0.1:4222)"));
        }
        let rest = &part[part.find("://").map_or(0, |i| i + 3)..];
        if rest.is_empty() || rest.starts_with(':') || rest.starts_with('/') {
            return Err(serde::de::Error::custom("the URL names no host"));
        }
    }
    Ok(s)
}

fn site_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = <String as Deserialize>::deserialize(d)?;
    if crate::incident::id::is_site_name(&s) {
        Ok(s)
    } else {
        Err(serde::de::Error::custom(
            "a site is 1 to 16 lowercase letters, digits and dashes, starting with a letter (like eu1)",
        ))
    }
}

fn stream_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = <String as Deserialize>::deserialize(d)?;
    if !s.is_empty() && s.len() <= 32 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        Ok(s)
    } else {
        Err(serde::de::Error::custom("a stream name is 1 to 32 letters, digits, `_` or `-`"))
    }
}
