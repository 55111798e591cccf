#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60).
#   fuzz/run.sh [SECONDS] [TARGET...]
# With a nightly toolchain and cargo-fuzz (cargo install cargo-fuzz), the
# run is coverage-guided (libFuzzer); without them, the stable driver in
# tests/fuzz.rs runs seeded mutations in release mode for about as long.
# A crash leaves its input in fuzz/artifacts/TARGET/ (cargo-fuzz) or the
# temp dir (stable); copy it into fuzz/regressions/TARGET/ and fix it:
# `cargo test --test fuzz` replays every file there from then on.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(config journal log_line exposition prometheus alertmanager changes)
fi
if cargo +nightly --version >/dev/null 2>&1 && cargo fuzz --version >/dev/null 2>&1; then
  for t in "${targets[@]}"; do
    echo "== $t: cargo fuzz, ${secs}s"
    # A scratch corpus grows from the seeds; the seeds stay as committed.
    work="target/corpus/$t"
    mkdir -p "$work" "regressions/$t"
    cargo +nightly fuzz run "$t" "$work" "corpus/$t" "regressions/$t" -- \
      -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048
  done
else
  echo "no nightly toolchain or cargo-fuzz: running the stable driver"
  cd ..
  cargo build --release --tests --quiet
  for t in "${targets[@]}"; do
    # Roughly SECONDS of mutations: the release driver does some
    # thousands a second on a 2-core machine.
    echo "== $t: stable driver, $((secs * 2000)) mutations"
    WARROOM_FUZZ_RUNS=$((secs * 2000)) cargo test --release --quiet --test fuzz -- --exact "$t"
  done
fi
