#!/usr/bin/env bash
# Kills journal writers at random moments, CYCLES times (default 1000), and
# checks after each cycle that the journal replays and that every entry of
# a writer that exited 0 is there exactly once. `cargo test` runs 12.
#   scripts/kill-cycles.sh [CYCLES]
set -euo pipefail
cd "$(dirname "$0")/.."
WARROOM_KILL_CYCLES=${1:-1000} cargo test --release --test crash_cycles -- --nocapture
