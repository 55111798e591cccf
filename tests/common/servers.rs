//! Loopback HTTP servers that misbehave on purpose, for fault tests.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// Serves `router` on 127.0.0.1 on a free port until the runtime ends.
pub async fn serve(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    addr
}

/// A port where nothing listens: connections are refused.
pub fn refused() -> SocketAddr {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap()
}

const FIFTY_MB: usize = 50 << 20;

/// Each fault under its own prefix, whatever the path after it:
/// `/hang/…`, `/503/…`, `/badjson/…`, `/huge/…`, `/huge-chunked/…`,
/// `/html503/…`, `/ok/health`.
pub fn faults() -> Router {
    Router::new()
        .route(
            "/hang/{*rest}",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(600)).await;
                "too late"
            }),
        )
        .route(
            "/503/{*rest}",
            get(|| async {
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    r#"{"status":"error","errorType":"unavailable","error":"overloaded"}"#,
                )
            }),
        )
        .route(
            "/html503/{*rest}",
            get(|| async { (StatusCode::SERVICE_UNAVAILABLE, "<html><body>503 Service Unavailable</body></html>") }),
        )
        .route("/badjson/{*rest}", get(|| async { (StatusCode::OK, "{\"status\":\"success\",\"data\":[1,2") }))
        .route("/huge/{*rest}", get(|| async { vec![b'x'; FIFTY_MB] }))
        .route(
            "/huge-chunked/{*rest}",
            get(|| async {
                let chunks =
                    futures::stream::iter((0..FIFTY_MB / 65536).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 65536])));
                Response::builder()
                    .header(header::CONTENT_TYPE, "text/plain")
                    .body(Body::from_stream(chunks))
                    .unwrap()
                    .into_response()
            }),
        )
        .route("/ok/{*rest}", get(|| async { "ok" }))
}

/// A plain-thread HTTP server that answers `200 ok` to every request, for
/// tests that run the binary and have no runtime of their own.
pub fn healthy() -> SocketAddr {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
        }
    });
    addr
}

/// What a hand-rolled test server needs from a request head: the path
/// (without the query) and the headers, names lower-cased.
pub struct Head {
    pub path: String,
    pub headers: Vec<(String, String)>,
}

/// True once `buf` holds a whole request head.
pub fn head_complete(buf: &[u8]) -> bool {
    buf.windows(4).any(|w| w == b"\r\n\r\n")
}

pub fn parse_head(buf: &[u8]) -> Head {
    let head = String::from_utf8_lossy(buf);
    let mut lines = head.split("\r\n");
    let path = lines.next().unwrap_or("").split(' ').nth(1).unwrap_or("").split('?').next().unwrap_or("").to_string();
    let headers =
        lines.filter_map(|l| l.split_once(": ")).map(|(k, v)| (k.to_ascii_lowercase(), v.to_string())).collect();
    Head { path, headers }
}

/// A whole `200` response each HTTP source kind accepts, chosen by the
/// path's ending: a Prometheus instant vector, an empty Alertmanager list,
/// an exposition with `up`, and `ok` for anything else (health checks).
pub fn canned_reply(path: &str) -> String {
    let body = if path.ends_with("/api/v1/query") {
        r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"1"]}]}}"#
    } else if path.ends_with("/api/v2/alerts") {
        "[]"
    } else if path.ends_with("/metrics") {
        "# TYPE up gauge\nup 1\n"
    } else {
        "ok"
    };
    format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
}
