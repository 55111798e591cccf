//! Config loading: every file in tests/config/broken/ must fail with the
//! message on its first line (`# expect: …`), naming file, line and field.

use std::path::Path;

use warroom::config::{ColorMode, Source, find, load, parse};

#[test]
fn broken_configs_name_file_line_and_field() {
    let mut checked = 0;
    for entry in std::fs::read_dir("tests/config/broken").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text.lines().next().and_then(|l| l.strip_prefix("# expect: ")).expect("first line: # expect: …");
        let err = parse(&path, &text).expect_err(&format!("{} should fail", path.display()));
        let msg = err.to_string();
        let want = format!("config error in {}, {expect}", path.display());
        assert!(msg.starts_with(&want), "\n got: {msg}\nwant: {want}");
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} broken files found");
}

/// A config that is not UTF-8 names the line and column of the first bad
/// byte, and nothing panics.
#[test]
fn invalid_utf8_names_the_line() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("warroom.yaml");
    std::fs::write(&path, b"sources:\n  health:\n    - { name: \"w\xffb\", url: \"http://127.0.0.1/h\" }\n").unwrap();
    let err = load(&Source::File(path.clone())).unwrap_err().to_string();
    assert_eq!(
        err,
        format!("config error in {}, line 3 column 17: not valid UTF-8 (save the file as UTF-8)", path.display())
    );
}

/// Every broken config exits 1 with its message and no panic, through the
/// real binary.
#[test]
fn the_binary_rejects_each_broken_config_with_exit_1() {
    for entry in std::fs::read_dir("tests/config/broken").unwrap() {
        let path = entry.unwrap().path();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_warroom"))
            .args(["--config", path.to_str().unwrap(), "check"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {stderr}", path.display());
        assert!(stderr.contains("config error in") && !stderr.contains("panicked"), "{}: {stderr}", path.display());
    }
}

#[test]
fn a_good_config_and_an_empty_one_parse() {
    let cfg = parse(
        Path::new("x.yaml"),
        "incident_dir: /srv/incidents\noperator: alice\nui:\n  fps_cap: 20\n  color: never\n",
    )
    .unwrap();
    assert_eq!(cfg.incident_dir.as_deref(), Some(Path::new("/srv/incidents")));
    assert_eq!(cfg.operator.unwrap().0, "alice");
    assert_eq!(cfg.ui.fps_cap.0, 20);
    assert_eq!(cfg.ui.color, ColorMode::Never);
    let empty = parse(Path::new("x.yaml"), "# nothing here\n\n").unwrap();
    assert_eq!(empty.ui.fps_cap.0, 30);
}

#[test]
fn the_example_config_parses() {
    let text = std::fs::read_to_string("config.example.yaml").unwrap();
    parse(Path::new("config.example.yaml"), &text).unwrap();
}

#[test]
fn load_order_is_flag_env_cwd_then_xdg() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path().join("cwd");
    let xdg = tmp.path().join("xdg");
    std::fs::create_dir_all(&cwd).unwrap();
    std::fs::create_dir_all(xdg.join("warroom")).unwrap();
    let flag = tmp.path().join("flag.yaml");
    let env = tmp.path().join("env.yaml");
    for p in [&flag, &env, &cwd.join("warroom.yaml"), &xdg.join("warroom/config.yaml")] {
        std::fs::write(p, "operator: x\n").unwrap();
    }
    assert_eq!(find(Some(&flag), Some(&env), &cwd, Some(&xdg)).unwrap(), Source::File(flag.clone()));
    assert_eq!(find(None, Some(&env), &cwd, Some(&xdg)).unwrap(), Source::File(env.clone()));
    assert_eq!(find(None, None, &cwd, Some(&xdg)).unwrap(), Source::File(cwd.join("warroom.yaml")));
    std::fs::remove_file(cwd.join("warroom.yaml")).unwrap();
    assert_eq!(find(None, None, &cwd, Some(&xdg)).unwrap(), Source::File(xdg.join("warroom/config.yaml")));
    std::fs::remove_file(xdg.join("warroom/config.yaml")).unwrap();
    assert_eq!(find(None, None, &cwd, Some(&xdg)).unwrap(), Source::Defaults);
    let missing = tmp.path().join("nope.yaml");
    let err = find(Some(&missing), None, &cwd, None).unwrap_err();
    assert_eq!(err.to_string(), format!("config error in {}: file not found", missing.display()));
    assert!(load(&Source::Defaults).is_ok());
}

#[test]
fn the_binary_reports_a_broken_config_and_exits_non_zero() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--config", "tests/config/broken/fps_out_of_range.yaml", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("config error in tests/config/broken/fps_out_of_range.yaml, line 3 column 12, field `ui.fps_cap`: 500 is out of range"),
        "{err}"
    );
}

#[test]
fn auth_and_sli_forms_parse() {
    let cfg = parse(
        Path::new("x.yaml"),
        r#"
sources:
  prometheus:
    - { name: a, url: "http://p:9090", query: up, auth: { bearer_env: PROM_TOKEN } }
    - { name: b, url: "http://p:9090", query: up, auth: { basic_env: [U, P] } }
slos:
  - { name: h, objective: 99.9, sli: { health: checkout } }
  - name: p
    objective: 99.5
    window: 7d
    sli: { prometheus: { url: "http://p:9090", total: "sum(x)", bad: "sum(y)" } }
    alerts: [{ severity: page, long: 1h, short: 5m, factor: 14.4 }]
  - { name: s, objective: 99, sli: { scrape: { url: "http://s/metrics", metric: lat, threshold: 0.5 } } }
"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    use warroom::config::slo::Sli;
    use warroom::config::sources::Auth;
    assert_eq!(cfg.sources.prometheus[0].auth, Some(Auth::BearerEnv("PROM_TOKEN".into())));
    assert_eq!(cfg.sources.prometheus[1].auth, Some(Auth::BasicEnv("U".into(), "P".into())));
    assert_eq!(cfg.slos[0].sli, Sli::Health("checkout".into()));
    assert!(matches!(&cfg.slos[1].sli, Sli::Prometheus(p) if p.bad.as_deref() == Some("sum(y)")));
    assert_eq!(cfg.slos[1].window.0, std::time::Duration::from_secs(7 * 86400));
    assert!(matches!(&cfg.slos[2].sli, Sli::Scrape(s) if s.threshold == Some(0.5)));
}
