//! What `warroom.yaml` may hold. `config.example.yaml` documents every key;
//! unknown keys are errors, so a typo never silently does nothing.

use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where incident journals live. Default: `$XDG_STATE_HOME/warroom/incidents`.
    #[serde(default)]
    pub incident_dir: Option<PathBuf>,
    /// The name entries are written under. Default: `$USER`.
    #[serde(default)]
    pub operator: Option<NonEmpty>,
    #[serde(default)]
    pub ui: UiConfig,
    /// What warroom watches; see `sources.rs`.
    #[serde(default)]
    pub sources: super::sources::Sources,
    /// A minijinja template for `warroom report` instead of the built-in one.
    #[serde(default)]
    pub report_template: Option<PathBuf>,
    /// Stakeholder update cadence and webhooks; see `updates.rs`.
    #[serde(default)]
    pub updates: super::updates::Updates,
    /// Runbook actions (off unless enabled); see `updates.rs`.
    #[serde(default)]
    pub actions: super::updates::Actions,
    /// Service level objectives; see `slo.rs`.
    #[serde(default)]
    pub slos: Vec<super::slo::SloSpec>,
    /// Telemetry conditions on leaving a phase; see `gates.rs`.
    #[serde(default)]
    pub gates: super::gates::Gates,
    /// Journal replication between sites; see `replicate.rs`.
    #[serde(default)]
    pub journal: super::replicate::JournalConfig,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    /// Most frames per second during bursts of updates (1 to 60).
    pub fps_cap: FpsCap,
    /// `auto` follows `NO_COLOR`; `never` draws without colour.
    pub color: ColorMode,
    /// Log lines kept in memory for the log pane (all sources together).
    pub log_lines: usize,
}

impl Default for UiConfig {
    fn default() -> Self {
        Self { fps_cap: FpsCap(30), color: ColorMode::Auto, log_lines: 100_000 }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum ColorMode {
    #[default]
    Auto,
    Always,
    Never,
}

/// A frame-rate cap, checked while parsing so the error has a line number.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(try_from = "u32")]
pub struct FpsCap(pub u32);

impl TryFrom<u32> for FpsCap {
    type Error = String;
    fn try_from(v: u32) -> Result<Self, String> {
        if (1..=60).contains(&v) { Ok(FpsCap(v)) } else { Err(format!("{v} is out of range: fps_cap must be 1 to 60")) }
    }
}

/// A string that must not be blank.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(try_from = "String")]
pub struct NonEmpty(pub String);

impl TryFrom<String> for NonEmpty {
    type Error = String;
    fn try_from(v: String) -> Result<Self, String> {
        if v.trim().is_empty() { Err("must not be empty".into()) } else { Ok(NonEmpty(v.trim().to_string())) }
    }
}

/// A URL field: it must parse, with an http or https scheme and a host.
/// Errors name the field's line and never repeat the URL (it may carry a
/// token).
pub fn http_url<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = <String as serde::Deserialize>::deserialize(d)?;
    check_http_url(&s).map_err(serde::de::Error::custom)?;
    Ok(s)
}

pub fn check_http_url(s: &str) -> Result<(), String> {
    let s = s.trim();
    let scheme = s.split_once("://").map(|(sc, _)| sc.to_ascii_lowercase());
    match scheme.as_deref() {
        Some("http" | "https") => {}
        Some(other) if !other.is_empty() && other.bytes().all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b)) => {
            return Err(format!("the URL's scheme is `{other}`; only http:// and https:// URLs are read"));
        }
        _ => return Err("not an http:// or https:// URL (like http://host:port/path)".into()),
    }
    let u = reqwest::Url::parse(s).map_err(|e| format!("not a URL: {e}"))?;
    if u.host_str().is_none_or(str::is_empty) {
        return Err("the URL names no host".into());
    }
    Ok(())
}

/// A command field: program then arguments, the program not empty.
pub fn argv<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = <Vec<String> as serde::Deserialize>::deserialize(d)?;
    check_argv(&v).map_err(serde::de::Error::custom)?;
    Ok(v)
}

pub fn check_argv(argv: &[String]) -> Result<(), String> {
    if argv.first().is_none_or(|p| p.trim().is_empty()) {
        return Err("command must be a non-empty list (program, then its arguments)".into());
    }
    Ok(())
}

/// Extra HTTP headers a source or webhook sends:
/// `headers: {X-Scope-OrgID: tenant-a, X-Api-Key: "${API_KEY}"}` (the
/// tenant of a multi-tenant Mimir, Cortex or Loki gateway, a gateway's
/// key). A value that is exactly `${VAR}` is read from the environment
/// when the request is sent, so a secret stays out of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "std::collections::BTreeMap<String, String>")]
pub struct Headers(pub Vec<(String, HeaderValue)>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderValue {
    Text(String),
    /// The environment variable's name.
    Env(String),
}

impl TryFrom<std::collections::BTreeMap<String, String>> for Headers {
    type Error = String;
    fn try_from(map: std::collections::BTreeMap<String, String>) -> Result<Self, String> {
        let mut out = Vec::new();
        for (name, value) in map {
            reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("headers: `{name}` is not a header name"))?;
            let env = value.strip_prefix("${").and_then(|v| v.strip_suffix('}'));
            let value = match env {
                Some(var) if !var.is_empty() && var.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
                    HeaderValue::Env(var.to_string())
                }
                Some(var) => return Err(format!("headers: `{name}`: `{var}` is not an environment variable name")),
                None => {
                    reqwest::header::HeaderValue::from_str(&value)
                        .map_err(|_| format!("headers: `{name}`: the value has a character a header cannot hold"))?;
                    HeaderValue::Text(value)
                }
            };
            out.push((name, value));
        }
        Ok(Headers(out))
    }
}

/// TLS for an HTTPS source or webhook: `tls: {ca_file: …}` to trust a
/// private CA (besides the system's), and `cert_file` + `key_file` (PEM)
/// for a server that asks for a client certificate (mutual TLS). The files
/// are read and checked when the config loads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "TlsRaw")]
pub struct Tls {
    pub ca_file: Option<PathBuf>,
    /// Certificate and key files.
    pub client: Option<(PathBuf, PathBuf)>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TlsRaw {
    #[serde(default)]
    ca_file: Option<PathBuf>,
    #[serde(default)]
    cert_file: Option<PathBuf>,
    #[serde(default)]
    key_file: Option<PathBuf>,
}

impl TryFrom<TlsRaw> for Tls {
    type Error = String;
    fn try_from(r: TlsRaw) -> Result<Self, String> {
        let client = match (r.cert_file, r.key_file) {
            (Some(c), Some(k)) => Some((c, k)),
            (None, None) => None,
            _ => return Err("tls: cert_file and key_file go together (mutual TLS)".into()),
        };
        let tls = Tls { ca_file: r.ca_file, client };
        tls.ca()?;
        tls.identity()?;
        Ok(tls)
    }
}

impl Tls {
    fn read(field: &str, path: &std::path::Path) -> Result<Vec<u8>, String> {
        std::fs::read(path).map_err(|e| format!("tls: {field} {}: {e}", path.display()))
    }

    /// The CA file's certificates.
    pub fn ca(&self) -> Result<Vec<reqwest::Certificate>, String> {
        let Some(path) = &self.ca_file else { return Ok(vec![]) };
        let certs = reqwest::Certificate::from_pem_bundle(&Self::read("ca_file", path)?)
            .map_err(|e| format!("tls: ca_file {}: not PEM certificates: {e}", path.display()))?;
        if certs.is_empty() {
            return Err(format!("tls: ca_file {}: no certificate in it", path.display()));
        }
        Ok(certs)
    }

    /// The client certificate and key, for mutual TLS.
    pub fn identity(&self) -> Result<Option<reqwest::Identity>, String> {
        let Some((cert, key)) = &self.client else { return Ok(None) };
        let mut pem = Self::read("cert_file", cert)?;
        pem.push(b'\n');
        pem.extend(Self::read("key_file", key)?);
        reqwest::Identity::from_pem(&pem)
            .map(Some)
            .map_err(|e| format!("tls: cert_file {} and key_file {}: {e}", cert.display(), key.display()))
    }
}
