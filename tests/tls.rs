//! HTTPS sources and webhooks with `tls:`: a private CA (`ca_file`) and a
//! client certificate for a server that asks for one (`cert_file`,
//! `key_file`), against a loopback TLS server with certificates this test
//! makes (rcgen). Without the CA the server is not trusted; without the
//! client certificate it refuses; with both every source answers.

mod common;

use std::io::Write as _;
use std::process::Command;
use std::sync::Arc;

use common::servers;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Pki {
    dir: tempfile::TempDir,
    server: rustls::ServerConfig,
}

/// A CA, a server certificate for 127.0.0.1 and a client certificate, as
/// PEM files in a temp dir; the server's rustls config asks for a client
/// certificate from that CA.
fn pki() -> Pki {
    let dir = tempfile::tempdir().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages =
        vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let leaf = |names: Vec<String>, usage| {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(names).unwrap();
        params.extended_key_usages = vec![usage];
        (params.signed_by(&key, &ca).unwrap(), key)
    };
    let (server_cert, server_key) =
        leaf(vec!["127.0.0.1".into(), "localhost".into()], ExtendedKeyUsagePurpose::ServerAuth);
    let (client_cert, client_key) = leaf(vec!["warroom".into()], ExtendedKeyUsagePurpose::ClientAuth);
    let write = |name: &str, text: String| std::fs::write(dir.path().join(name), text).unwrap();
    write("ca.pem", ca.pem());
    write("client.pem", client_cert.pem());
    write("client.key", client_key.serialize_pem());
    write("other-ca.pem", {
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        CertifiedIssuer::self_signed(p, KeyPair::generate().unwrap()).unwrap().pem()
    });

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots.add(ca.der().clone()).unwrap();
    let verifier =
        rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone()).build().unwrap();
    let server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_client_cert_verifier(verifier)
        .with_single_cert(
            vec![server_cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(server_key.serialize_der().into()),
        )
        .unwrap();
    Pki { dir, server }
}

/// The TLS server on its own thread: answers as a health check,
/// Prometheus, Alertmanager, a /metrics page and a webhook.
fn serve(config: rustls::ServerConfig) -> std::net::SocketAddr {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = std_listener.local_addr().unwrap();
    std_listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
            let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
            loop {
                let Ok((tcp, _)) = listener.accept().await else { continue };
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    // A client without the certificate fails here.
                    let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    while !servers::head_complete(&buf) {
                        match tls.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let reply = servers::canned_reply(&servers::parse_head(&buf).path);
                    let _ = tls.write_all(reply.as_bytes()).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
    });
    addr
}

fn check(dir: &std::path::Path, addr: std::net::SocketAddr, tls: &str) -> (Option<i32>, String) {
    let config = dir.join("w.yaml");
    let mut f = std::fs::File::create(&config).unwrap();
    write!(
        f,
        "sources:\n  health:\n    - {{ name: api, url: \"https://{addr}/health\", {tls} }}\n  prometheus:\n    - {{ name: up, url: \"https://{addr}\", query: up, {tls} }}\n  alertmanager:\n    - {{ name: am, url: \"https://{addr}\", {tls} }}\n  scrape:\n    - {{ name: page, url: \"https://{addr}/metrics\", {tls}, metrics: [{{ name: up, metric: up, kind: gauge }}] }}\n"
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--config", config.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    (out.status.code(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn a_private_ca_and_a_client_certificate_reach_a_mutual_tls_server() {
    let Pki { dir, server } = pki();
    let addr = serve(server);
    let d = dir.path();
    let p = |f: &str| d.join(f).display().to_string();

    // The system's roots do not know this CA.
    let (code, out) = check(d, addr, "timeout: 3s");
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("0 of 4 sources work"), "{out}");

    // Trusting another CA is no better.
    let (code, out) = check(d, addr, &format!("tls: {{ca_file: \"{}\"}}", p("other-ca.pem")));
    assert_eq!(code, Some(1), "{out}");

    // The CA, but no client certificate: the server refuses the handshake.
    let (code, out) = check(d, addr, &format!("tls: {{ca_file: \"{}\"}}", p("ca.pem")));
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("0 of 4 sources work"), "{out}");

    // Both: every source answers.
    let both = format!(
        "tls: {{ca_file: \"{}\", cert_file: \"{}\", key_file: \"{}\"}}",
        p("ca.pem"),
        p("client.pem"),
        p("client.key")
    );
    let (code, out) = check(d, addr, &both);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("4 of 4 sources work"), "{out}");

    // A webhook with the same settings posts.
    let hook: warroom::config::updates::Webhook =
        serde_yaml::from_str(&format!("{{ name: chat, url: \"https://{addr}/hook\", {both} }}")).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let client = warroom::sources::http::client();
    let out = rt.block_on(warroom::notify::webhook::post(&client, &hook, "update", std::time::Duration::ZERO));
    assert_eq!(out.error, None);
}

#[test]
fn broken_tls_settings_are_config_errors_that_name_the_file() {
    let Pki { dir, .. } = pki();
    let d = dir.path();
    let cases = [
        (format!("tls: {{ca_file: \"{}\"}}", d.join("missing.pem").display()), "ca_file"),
        (format!("tls: {{ca_file: \"{}\"}}", d.join("client.key").display()), "no certificate"),
        (format!("tls: {{cert_file: \"{}\"}}", d.join("client.pem").display()), "cert_file and key_file go together"),
    ];
    for (tls, says) in cases {
        let (code, out) = check(d, "127.0.0.1:1".parse().unwrap(), &tls);
        assert_eq!(code, Some(1), "{out}");
        assert!(out.contains(says) && out.contains("w.yaml"), "`{tls}` should say `{says}` and name the file: {out}");
    }
}
