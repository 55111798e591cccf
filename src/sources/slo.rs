//! Sampling an SLI's counters: cumulative good and total counts from
//! Prometheus or a /metrics page, on the SLO's interval, plus history from
//! Prometheus at start. (A health-check SLI needs no task: its probes
//! are counted in `signals`.)

use chrono::{TimeZone, Utc};
use tokio::sync::mpsc::Sender;

use super::exposition::{Sample, parse_value};
use super::http::{BODY_CAP, fetch, snippet};
use super::scrape::Matchers;
use super::{Body, Kind, Report, SourceKey};
use crate::config::slo::{PromSli, ScrapeSli, Sli, SloSpec};
use crate::config::sources::PromSpec;

pub fn key(spec: &SloSpec) -> SourceKey {
    SourceKey::new(Kind::Slo, spec.name.0.clone())
}

/// A PromSpec to reuse the Prometheus client for an SLI query.
fn prom(spec: &SloSpec, url: &str, query: &str, sli: &PromSli) -> PromSpec {
    let yaml =
        format!("name: x\nurl: {url:?}\nquery: {query:?}\ntimeout: 10s\ninterval: {}ms\n", spec.interval.0.as_millis());
    let mut p: PromSpec = serde_yaml::from_str(&yaml).expect("a valid generated spec");
    p.auth = sli.auth.clone();
    p.headers = sli.headers.clone();
    p
}

async fn instant_value(client: &reqwest::Client, p: &PromSpec) -> Result<f64, String> {
    let r = super::prometheus::instant(client, p, &p.query.0).await?;
    let v = r.series.first().and_then(|s| s.points.last()).map(|(_, v)| *v);
    v.filter(|v| v.is_finite()).ok_or_else(|| format!("`{}` returned no number", p.query.0))
}

/// One reading of the SLI's counters.
pub async fn sample(client: &reqwest::Client, spec: &SloSpec) -> Body {
    match sample_counts(client, spec).await {
        Ok((good, total)) => Body::SloSample { good, total },
        Err(e) => Body::Failed(e),
    }
}

async fn sample_counts(client: &reqwest::Client, spec: &SloSpec) -> Result<(f64, f64), String> {
    match &spec.sli {
        Sli::Prometheus(sli @ PromSli { url, total, good, bad, .. }) => {
            let t = instant_value(client, &prom(spec, url, total, sli)).await?;
            match (good, bad) {
                (Some(g), _) => Ok((instant_value(client, &prom(spec, url, g, sli)).await?, t)),
                (None, Some(b)) => {
                    // No bad requests yet is an empty result, not an error.
                    let b = instant_value(client, &prom(spec, url, b, sli)).await.unwrap_or(0.0);
                    Ok(((t - b).max(0.0), t))
                }
                (None, None) => Err("no good or bad query".into()),
            }
        }
        Sli::Scrape(ScrapeSli { url, metric, labels, good, bad, threshold, headers, .. }) => {
            let req = client.get(url).header("Accept", "text/plain;version=0.0.4");
            let req = super::http::with_headers(req, headers).map_err(|e| e.to_string())?;
            let f = fetch(req, spec.interval.0.max(std::time::Duration::from_secs(2)), BODY_CAP)
                .await
                .map_err(|e| e.to_string())?;
            if !(200..300).contains(&f.status) {
                return Err(format!("{}: {}", f.status_line(), snippet(&f.body)));
            }
            let parsed = super::exposition::parse(&String::from_utf8_lossy(&f.body));
            counts(&parsed.samples, metric, labels, good.as_ref(), bad.as_ref(), *threshold)
        }
        Sli::Health(_) => Err("a health SLI is counted from its check".into()),
    }
}

/// Good and total from a scrape's samples.
pub fn counts(
    samples: &[Sample],
    metric: &str,
    labels: &std::collections::BTreeMap<String, String>,
    good: Option<&std::collections::BTreeMap<String, String>>,
    bad: Option<&std::collections::BTreeMap<String, String>>,
    threshold: Option<f64>,
) -> Result<(f64, f64), String> {
    let base = Matchers::new(labels)?;
    if let Some(th) = threshold {
        let bucket = format!("{metric}_bucket");
        let le = |s: &&Sample| s.label("le").and_then(parse_value);
        let of = |s: &&Sample| s.name == bucket && base.matches(s);
        let total: f64 = samples.iter().filter(of).filter(|s| le(s) == Some(f64::INFINITY)).map(|s| s.value).sum();
        let good: f64 =
            samples.iter().filter(of).filter(|s| le(s).is_some_and(|l| (l - th).abs() < 1e-9)).map(|s| s.value).sum();
        if total == 0.0 && !samples.iter().any(|s| of(&s)) {
            return Err(format!("no {bucket} series match"));
        }
        if !samples.iter().any(|s| of(&s) && le(&s).is_some_and(|l| (l - th).abs() < 1e-9)) {
            return Err(format!("{bucket} has no bucket le=\"{th}\""));
        }
        return Ok((good, total));
    }
    let of = |s: &&Sample| s.name == metric && base.matches(s);
    if !samples.iter().any(|s| of(&s)) {
        return Err(format!("no {metric} series match"));
    }
    let total: f64 = samples.iter().filter(of).map(|s| s.value).sum();
    let sum_where = |m: &std::collections::BTreeMap<String, String>| -> Result<f64, String> {
        let extra = Matchers::new(m)?;
        Ok(samples.iter().filter(of).filter(|s| extra.matches(s)).map(|s| s.value).sum())
    };
    match (good, bad) {
        (Some(g), _) => Ok((sum_where(g)?, total)),
        (None, Some(b)) => Ok(((total - sum_where(b)?).max(0.0), total)),
        (None, None) => Err("no good, bad or threshold".into()),
    }
}

/// History of the counters from Prometheus, up to the SLO window.
pub async fn history(client: &reqwest::Client, spec: &SloSpec) -> Option<Body> {
    let Sli::Prometheus(sli @ PromSli { url, total, good, bad, .. }) = &spec.sli else { return None };
    let span = spec.window.0;
    let mut p = prom(spec, url, total, sli);
    // At most ~1000 points, never finer than the poll interval.
    p.interval = crate::config::duration::Interval(std::time::Duration::from_secs_f64(
        (span.as_secs_f64() / 1000.0).max(p.interval.0.as_secs_f64()),
    ));
    let points = |r: super::prometheus::QueryResult| r.series.first().map(|s| s.points.clone()).unwrap_or_default();
    let totals = points(super::prometheus::range(client, &p, span).await.ok()?);
    let other = good.as_ref().or(bad.as_ref())?;
    p.query = crate::config::types::NonEmpty(other.clone());
    let others: std::collections::HashMap<i64, f64> = points(super::prometheus::range(client, &p, span).await.ok()?)
        .into_iter()
        .map(|(t, v)| (t as i64, v))
        .collect();
    let rows = totals
        .into_iter()
        .filter_map(|(t, tot)| {
            let o = others.get(&(t as i64)).copied().unwrap_or(0.0);
            let good = if good.is_some() { o } else { (tot - o).max(0.0) };
            Some((Utc.timestamp_opt(t as i64, 0).single()?, good, tot))
        })
        .collect();
    Some(Body::SloHistory(rows))
}

pub async fn run(spec: SloSpec, client: reqwest::Client, tx: Sender<Report>) {
    if let Some(body) = history(&client, &spec).await
        && tx.send(Report { key: key(&spec), at: Utc::now(), body }).await.is_err()
    {
        return;
    }
    super::poll_every(key(&spec), spec.interval.0, tx, || sample(&client, &spec)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::exposition::parse;

    fn m(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn counts_from_counters_and_histograms() {
        let text = "reqs{svc=\"a\",status=\"200\"} 900\nreqs{svc=\"a\",status=\"500\"} 100\nreqs{svc=\"b\",status=\"200\"} 5\n\
                    lat_bucket{le=\"0.5\"} 80\nlat_bucket{le=\"1\"} 95\nlat_bucket{le=\"+Inf\"} 100\n";
        let s = parse(text).samples;
        let svc = m(&[("svc", "a")]);
        assert_eq!(counts(&s, "reqs", &svc, None, Some(&m(&[("status", "~5..")])), None).unwrap(), (900.0, 1000.0));
        assert_eq!(counts(&s, "reqs", &svc, Some(&m(&[("status", "200")])), None, None).unwrap(), (900.0, 1000.0));
        assert_eq!(counts(&s, "lat", &m(&[]), None, None, Some(0.5)).unwrap(), (80.0, 100.0));
        assert!(counts(&s, "lat", &m(&[]), None, None, Some(0.3)).unwrap_err().contains("no bucket le=\"0.3\""));
        assert!(counts(&s, "nope", &m(&[]), None, Some(&m(&[])), None).unwrap_err().contains("no nope series"));
    }
}
