//! What `slos:` in the config may hold. Checked while parsing, so a
//! mistake is reported with its line.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::duration::{Dur, Interval};
use super::sources::Auth;
use super::types::{Headers, NonEmpty, Tls};

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(try_from = "SloRaw")]
pub struct SloSpec {
    pub name: NonEmpty,
    /// The service it covers; the severity suggestion looks at its checks.
    pub service: Option<String>,
    /// Percent good, e.g. 99.9.
    pub objective: f64,
    pub window: Dur,
    pub interval: Interval,
    pub sli: Sli,
    /// Multiwindow burn-rate alerts; default: the SRE workbook's.
    pub alerts: Vec<AlertSpec>,
    /// To estimate users affected from failed requests.
    pub requests_per_user: Option<f64>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(try_from = "SliRaw")]
pub enum Sli {
    Prometheus(PromSli),
    Scrape(ScrapeSli),
    /// The share of a health check's probes that passed.
    Health(String),
}

/// Queries returning cumulative counts (e.g. `sum(http_requests_total)`);
/// give `good` or `bad`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PromSli {
    #[serde(deserialize_with = "super::types::http_url")]
    pub url: String,
    pub total: String,
    #[serde(default)]
    pub good: Option<String>,
    #[serde(default)]
    pub bad: Option<String>,
    #[serde(default)]
    pub auth: Option<Auth>,
    #[serde(default)]
    pub headers: Headers,
    #[serde(default)]
    pub tls: Option<Tls>,
}

/// Counters on a /metrics page: `metric` summed over series matching
/// `labels`, good or bad ones matching `good`/`bad` as well; or for a
/// histogram, requests under `threshold` seconds are good.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ScrapeSli {
    #[serde(deserialize_with = "super::types::http_url")]
    pub url: String,
    pub metric: String,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    #[serde(default)]
    pub good: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub bad: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub threshold: Option<f64>,
    #[serde(default)]
    pub headers: Headers,
    #[serde(default)]
    pub tls: Option<Tls>,
}

impl Sli {
    /// The `tls:` of an HTTP SLI.
    pub fn tls(&self) -> Option<&Tls> {
        match self {
            Sli::Prometheus(p) => p.tls.as_ref(),
            Sli::Scrape(s) => s.tls.as_ref(),
            _ => None,
        }
    }
}

/// `sli: {prometheus: {...}}`, `{scrape: {...}}` or `{health: NAME}` (a
/// struct: serde_yaml would want YAML tags for an enum).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SliRaw {
    #[serde(default)]
    prometheus: Option<PromSli>,
    #[serde(default)]
    scrape: Option<ScrapeSli>,
    #[serde(default)]
    health: Option<String>,
}

impl TryFrom<SliRaw> for Sli {
    type Error = String;
    fn try_from(r: SliRaw) -> Result<Self, String> {
        match (r.prometheus, r.scrape, r.health) {
            (Some(p), None, None) => Ok(Sli::Prometheus(p)),
            (None, Some(s), None) => Ok(Sli::Scrape(s)),
            (None, None, Some(h)) => Ok(Sli::Health(h)),
            _ => Err("an SLI is exactly one of prometheus, scrape or health".into()),
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AlertSpec {
    /// `page` or `ticket`.
    pub severity: String,
    pub long: Dur,
    pub short: Dur,
    pub factor: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SloRaw {
    name: NonEmpty,
    #[serde(default)]
    service: Option<String>,
    objective: f64,
    #[serde(default = "thirty_days")]
    window: Dur,
    #[serde(default = "thirty_seconds")]
    interval: Interval,
    sli: Sli,
    #[serde(default)]
    alerts: Vec<AlertSpec>,
    #[serde(default)]
    requests_per_user: Option<f64>,
}

fn thirty_days() -> Dur {
    Dur::secs(30 * 86400)
}
fn thirty_seconds() -> Interval {
    Interval::secs(30)
}

impl TryFrom<SloRaw> for SloSpec {
    type Error = String;
    fn try_from(r: SloRaw) -> Result<Self, String> {
        let name = &r.name.0;
        if !(r.objective > 0.0 && r.objective <= 100.0) {
            return Err(format!("slo `{name}`: objective must be a percentage above 0 and at most 100, like 99.9"));
        }
        if r.window.0.as_secs() < 3600 {
            return Err(format!("slo `{name}`: window must be at least 1h"));
        }
        if r.interval.0.as_millis() < 500 {
            return Err(format!("slo `{name}`: interval must be at least 500ms"));
        }
        match &r.sli {
            Sli::Prometheus(PromSli { good, bad, url, .. }) => {
                if good.is_some() == bad.is_some() {
                    return Err(format!("slo `{name}`: a prometheus SLI needs exactly one of good or bad"));
                }
                if !url.starts_with("http") {
                    return Err(format!("slo `{name}`: `{url}` is not an http:// URL"));
                }
            }
            Sli::Scrape(ScrapeSli { good, bad, threshold, .. }) => {
                let n = usize::from(good.is_some()) + usize::from(bad.is_some()) + usize::from(threshold.is_some());
                if n != 1 {
                    return Err(format!("slo `{name}`: a scrape SLI needs exactly one of good, bad or threshold"));
                }
            }
            Sli::Health(_) => {}
        }
        for a in &r.alerts {
            if !["page", "ticket"].contains(&a.severity.as_str()) {
                return Err(format!("slo `{name}`: alert severity must be page or ticket, not `{}`", a.severity));
            }
            if a.short > a.long || a.factor <= 0.0 {
                return Err(format!(
                    "slo `{name}`: an alert's short window must not exceed its long one, factor above 0"
                ));
            }
        }
        Ok(SloSpec {
            name: r.name,
            service: r.service,
            objective: r.objective,
            window: r.window,
            interval: r.interval,
            sli: r.sli,
            alerts: r.alerts,
            requests_per_user: r.requests_per_user.filter(|x| *x > 0.0),
        })
    }
}
