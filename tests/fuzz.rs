//! The fuzz targets on stable Rust: every seed in `fuzz/corpus/TARGET/`,
//! every crash ever found (`fuzz/regressions/TARGET/`), and seeded
//! mutations of them (bit flips, byte and block edits, splices with other
//! seeds, interesting bytes). A fixed count, not a time: the same inputs on
//! every run, so a failure here reproduces. `WARROOM_FUZZ_RUNS` raises the
//! count (`fuzz/run.sh` does, or runs cargo-fuzz where nightly is there).

use std::path::{Path, PathBuf};

use warroom::fuzzing::TARGETS;

/// Mutations per target in `cargo test`: a few seconds in all.
const DEFAULT_RUNS: usize = 3_000;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// Bytes that parsers treat specially.
const INTERESTING: &[&[u8]] = &[
    b"\x00",
    b"\x1b[",
    b"\x1b]0;",
    b"\x07",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\xae",
    b"\n",
    b"\r\n",
    b"\"",
    b"\\",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"- ",
    b"NaN",
    b"+Inf",
    b"-1",
    b"0",
    b"99999999999999999999",
    b"1e308",
    b"&anchor ",
    b"*anchor",
    b"!!binary ",
    b"{{",
    b"}}",
    b"<script>",
    b"\t",
    b" ",
];

fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(8) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            2 if !v.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(v.len());
                v.drain(at.min(end)..end);
            }
            3 => {
                let s = INTERESTING[rng.below(INTERESTING.len())];
                v.splice(at..at, s.iter().copied());
            }
            4 if !other.is_empty() => {
                let from = rng.below(other.len());
                let to = (from + 1 + rng.below(64)).min(other.len());
                v.splice(at..at, other[from..to].iter().copied());
            }
            5 if !v.is_empty() => {
                // Repeat a block: deep nesting, long tokens.
                let from = rng.below(v.len());
                let to = (from + 1 + rng.below(32)).min(v.len());
                let block = v[from..to].repeat(1 + rng.below(64));
                v.splice(at..at, block);
            }
            6 => v.truncate(at),
            _ => {
                let s = INTERESTING[rng.below(INTERESTING.len())];
                let end = (at + s.len()).min(v.len());
                v.splice(at..end, s.iter().copied());
            }
        }
    }
    v.truncate(1 << 16);
    v
}

fn run(name: &str, target: fn(&[u8]), runs: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let seeds = files(&root.join("corpus").join(name));
    assert!(!seeds.is_empty(), "fuzz/corpus/{name}/ holds no seed");
    let crashes = files(&root.join("regressions").join(name));
    let inputs: Vec<(String, Vec<u8>)> =
        seeds.iter().chain(&crashes).map(|p| (p.display().to_string(), std::fs::read(p).unwrap())).collect();
    for (path, data) in &inputs {
        if let Err(e) = std::panic::catch_unwind(|| target(data)) {
            panic!("{name}: {path} fails: {e:?}");
        }
    }
    let mut rng = Rng(0x5EED ^ (name.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    for i in 0..runs {
        let base = &inputs[rng.below(inputs.len())].1;
        let other = &inputs[rng.below(inputs.len())].1;
        let input = mutate(&mut rng, base, other);
        if std::panic::catch_unwind(|| target(&input)).is_err() {
            let out = std::env::temp_dir().join(format!("warroom-fuzz-{name}-{i}"));
            std::fs::write(&out, &input).unwrap();
            panic!(
                "{name}: mutation {i} fails; the input is in {} (copy it into fuzz/regressions/{name}/)",
                out.display()
            );
        }
    }
}

fn runs() -> usize {
    std::env::var("WARROOM_FUZZ_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_RUNS)
}

#[test]
fn every_target_has_seeds_and_a_cargo_fuzz_entry() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for (name, _) in TARGETS {
        assert!(!files(&root.join("corpus").join(name)).is_empty(), "fuzz/corpus/{name}/ is empty");
        let entry = root.join("fuzz_targets").join(format!("{name}.rs"));
        let text = std::fs::read_to_string(&entry).unwrap_or_else(|e| panic!("{}: {e}", entry.display()));
        assert!(text.contains(&format!("warroom::fuzzing::{name}(")), "{} calls another target", entry.display());
        let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
        assert!(manifest.contains(&format!("name = \"{name}\"")), "fuzz/Cargo.toml has no [[bin]] {name}");
    }
}

macro_rules! fuzz_tests {
    ($($name:ident),*) => {$(
        #[test]
        fn $name() {
            let target = TARGETS.iter().find(|(n, _)| *n == stringify!($name)).expect("a target").1;
            run(stringify!($name), target, runs());
        }
    )*};
}

fuzz_tests!(config, journal, log_line, exposition, prometheus, alertmanager, changes);

#[test]
fn every_target_is_run_here() {
    let here = ["config", "journal", "log_line", "exposition", "prometheus", "alertmanager", "changes"];
    let all: Vec<&str> = TARGETS.iter().map(|(n, _)| *n).collect();
    assert_eq!(all, here, "a target without a test here is never run by cargo test");
}
