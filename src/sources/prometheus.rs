//! Prometheus' HTTP API: instant queries on an interval, a range query at
//! start for the sparkline, an optional baseline query. Error responses,
//! warnings, `NaN`/`+Inf`, empty results and a down server each come back
//! as what they are.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use serde::Deserialize;
use tokio::sync::mpsc::Sender;

use super::exposition::parse_value;
use super::http::{BODY_CAP, fetch, snippet, with_auth};
use super::{Body, Kind, Report, SeriesValue, SourceKey};
use crate::config::sources::PromSpec;

/// One series of a result: its labels and points `(unix seconds, value)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub labels: BTreeMap<String, String>,
    pub points: Vec<(f64, f64)>,
}

impl Series {
    /// `{route="/pay",status="500"}`, without `__name__`; empty if none.
    pub fn label_text(&self) -> String {
        let parts: Vec<String> =
            self.labels.iter().filter(|(k, _)| *k != "__name__").map(|(k, v)| format!("{k}=\"{v}\"")).collect();
        if parts.is_empty() { String::new() } else { format!("{{{}}}", parts.join(",")) }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct QueryResult {
    pub series: Vec<Series>,
    pub warnings: Vec<String>,
}

#[derive(Deserialize)]
struct Envelope {
    status: String,
    #[serde(default)]
    data: Option<Data>,
    #[serde(default, rename = "errorType")]
    error_type: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    warnings: Vec<String>,
}

#[derive(Deserialize)]
struct Data {
    #[serde(rename = "resultType")]
    result_type: String,
    result: serde_json::Value,
}

#[derive(Deserialize)]
struct RawSeries {
    #[serde(default)]
    metric: BTreeMap<String, String>,
    #[serde(default)]
    value: Option<(f64, String)>,
    #[serde(default)]
    values: Option<Vec<(f64, String)>>,
}

/// Parses an API response body (any HTTP status: Prometheus puts its error
/// in the JSON of a 4xx/5xx).
pub fn parse_response(body: &[u8]) -> Result<QueryResult, String> {
    let env: Envelope =
        serde_json::from_slice(body).map_err(|e| format!("not a Prometheus API response ({e}): {}", snippet(body)))?;
    if env.status != "success" {
        return Err(format!(
            "{}: {}",
            clean(&env.error_type.unwrap_or_else(|| "error".into())),
            clean(&env.error.unwrap_or_else(|| "no message".into()))
        ));
    }
    let data = env.data.ok_or("success without data")?;
    let point = |(t, v): &(f64, String)| -> Result<(f64, f64), String> {
        parse_value(v).map(|v| (*t, v)).ok_or_else(|| format!("bad sample value `{}`", clean(v)))
    };
    let series = match data.result_type.as_str() {
        "scalar" | "string" => {
            let (t, v): (f64, String) = serde_json::from_value(data.result).map_err(|e| e.to_string())?;
            vec![Series { labels: BTreeMap::new(), points: vec![point(&(t, v))?] }]
        }
        "vector" | "matrix" => {
            let raw: Vec<RawSeries> = serde_json::from_value(data.result).map_err(|e| e.to_string())?;
            let mut out = Vec::with_capacity(raw.len());
            for r in raw {
                let pts: Vec<(f64, String)> = match (r.value, r.values) {
                    (Some(v), _) => vec![v],
                    (None, Some(vs)) => vs,
                    (None, None) => vec![],
                };
                let points = pts.iter().map(point).collect::<Result<_, _>>()?;
                // Label values are shown: no control character survives.
                let labels = r.metric.iter().map(|(k, v)| (clean(k), clean(v))).collect();
                out.push(Series { labels, points });
            }
            out
        }
        other => return Err(format!("unknown result type `{other}`")),
    };
    Ok(QueryResult { series, warnings: env.warnings.iter().map(|w| clean(w)).collect() })
}

/// Text from the server made safe to show.
fn clean(s: &str) -> String {
    super::logs::line::sanitize(s.as_bytes(), 1024)
}

async fn get(
    client: &reqwest::Client,
    spec: &PromSpec,
    path: &str,
    params: &[(&str, String)],
) -> Result<QueryResult, String> {
    let url = format!("{}/api/v1/{path}", spec.url.trim_end_matches('/'));
    let req = with_auth(client.get(&url).query(params), &spec.auth).map_err(|e| e.to_string())?;
    let req = super::http::with_headers(req, &spec.headers).map_err(|e| e.to_string())?;
    let f = fetch(req, spec.timeout.0, BODY_CAP).await.map_err(|e| e.to_string())?;
    match parse_response(&f.body) {
        Ok(r) => Ok(r),
        Err(e) if !(200..300).contains(&f.status) => Err(format!("{}: {e}", f.status_line())),
        Err(e) => Err(e),
    }
}

pub async fn instant(client: &reqwest::Client, spec: &PromSpec, query: &str) -> Result<QueryResult, String> {
    get(client, spec, "query", &[("query", query.to_string())]).await
}

pub async fn range(client: &reqwest::Client, spec: &PromSpec, span: Duration) -> Result<QueryResult, String> {
    let end = Utc::now().timestamp() as f64;
    let start = end - span.as_secs_f64();
    // About 120 points, never finer than the poll interval.
    let step = (span.as_secs_f64() / 120.0).max(spec.interval.0.as_secs_f64()).max(1.0);
    let params = [
        ("query", spec.query.0.clone()),
        ("start", format!("{start}")),
        ("end", format!("{end}")),
        ("step", format!("{step}")),
    ];
    get(client, spec, "query_range", &params).await
}

/// Series by value, largest first (NaN last), at most `top`.
pub fn top_values(r: &QueryResult, top: usize) -> Vec<SeriesValue> {
    let mut v: Vec<SeriesValue> = r
        .series
        .iter()
        .filter_map(|s| s.points.last().map(|(_, v)| SeriesValue { labels: s.label_text(), value: *v }))
        .collect();
    v.sort_by(|a, b| match (a.value.is_nan(), b.value.is_nan()) {
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        _ => b.value.total_cmp(&a.value),
    });
    v.truncate(top.max(1));
    v
}

pub fn key(spec: &PromSpec) -> SourceKey {
    SourceKey::new(Kind::Prometheus, spec.name.0.clone())
}

/// One poll: the query and its baseline.
pub async fn poll(client: &reqwest::Client, spec: &PromSpec) -> Body {
    match instant(client, spec, &spec.query.0).await {
        Err(e) => Body::Failed(e),
        Ok(r) if r.series.is_empty() => Body::Waiting("empty result: no series match".into()),
        Ok(r) => {
            let baseline = match &spec.baseline {
                Some(q) => instant(client, spec, q)
                    .await
                    .ok()
                    .and_then(|b| b.series.first().and_then(|s| s.points.last()).map(|p| p.1)),
                None => None,
            };
            Body::Values { series: top_values(&r, spec.top), baseline, warnings: r.warnings }
        }
    }
}

pub async fn run(spec: PromSpec, client: reqwest::Client, tx: Sender<Report>) {
    let key = key(&spec);
    if !spec.range.0.is_zero()
        && let Ok(r) = range(&client, &spec, spec.range.0).await
        && let Some(first) = r.series.first()
    {
        let points = first.points.iter().filter_map(|(t, v)| Some((unix(*t)?, *v))).collect();
        if tx.send(Report { key: key.clone(), at: Utc::now(), body: Body::History(points) }).await.is_err() {
            return;
        }
    }
    super::poll_every(key, spec.interval.0, tx, || poll(&client, &spec)).await
}

fn unix(t: f64) -> Option<DateTime<Utc>> {
    Utc.timestamp_millis_opt((t * 1000.0) as i64).single()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_vectors_matrices_scalars_and_special_values() {
        let v = br#"{"status":"success","data":{"resultType":"vector","result":[
            {"metric":{"__name__":"x","status":"500"},"value":[1700000000.5,"0.25"]},
            {"metric":{"status":"503"},"value":[1700000000.5,"NaN"]},
            {"metric":{"status":"502"},"value":[1700000000.5,"+Inf"]}]},"warnings":["partial"]}"#;
        let r = parse_response(v).unwrap();
        assert_eq!(r.series.len(), 3);
        assert_eq!(r.series[0].label_text(), "{status=\"500\"}");
        assert!(r.series[1].points[0].1.is_nan());
        assert_eq!(r.warnings, vec!["partial".to_string()]);
        let top = top_values(&r, 2);
        assert_eq!(top[0].value, f64::INFINITY);
        assert_eq!(top[1].value, 0.25);

        let m = br#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[2,"2"]]}]}}"#;
        assert_eq!(parse_response(m).unwrap().series[0].points, vec![(1.0, 1.0), (2.0, 2.0)]);
        let s = br#"{"status":"success","data":{"resultType":"scalar","result":[1,"42"]}}"#;
        assert_eq!(parse_response(s).unwrap().series[0].points, vec![(1.0, 42.0)]);
        let empty = br#"{"status":"success","data":{"resultType":"vector","result":[]}}"#;
        assert!(parse_response(empty).unwrap().series.is_empty());
    }

    #[test]
    fn errors_say_what_went_wrong() {
        let e = br#"{"status":"error","errorType":"bad_data","error":"parse error at char 5"}"#;
        assert_eq!(parse_response(e).unwrap_err(), "bad_data: parse error at char 5");
        let garbage = parse_response(b"<html>502 Bad Gateway</html>").unwrap_err();
        assert!(
            garbage.starts_with("not a Prometheus API response") && garbage.contains("502 Bad Gateway"),
            "{garbage}"
        );
        assert!(
            parse_response(br#"{"status":"success","data":{"resultType":"vector","result":[{"value":[1,"x"]}]}}"#)
                .is_err()
        );
    }
}
