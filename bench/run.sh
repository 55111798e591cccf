#!/usr/bin/env bash
# The whole-process figures of docs/performance.md, with their peers, in
# one run. Builds in release mode, generates the inputs (seeded), runs
# warroom in a pseudo-terminal (bench/pty_run.py: bytes written, CPU and
# peak RSS from /proc, time until a text is on screen), and prints a
# Markdown table. Needs python3 and pyte (installed from PyPI if missing);
# lnav and htop for the peer columns (apt-get install lnav htop), else
# those cells say "not installed".
#
#   bench/run.sh [LINES] [IDLE_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-1000000}
IDLE=${2:-60}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

python3 -c "import pyte" 2>/dev/null || python3 -m pip install --quiet pyte
cargo build --release --quiet --bin warroom --example loggen --example journalgen
BIN=$PWD/target/release/warroom
RUN="python3 $PWD/bench/pty_run.py --size 200x50"
json() { python3 -c "import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print('-' if v is None else v)" "$1" "$2"; }
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N); python3 -c "print(round($t1-$t0,3))"; }
have() { command -v "$1" >/dev/null 2>&1; }

echo "generating $LINES lines..." >&2
./target/release/examples/loggen "$LINES" > "$W/gen.log"
MB=$(python3 -c "import os; print(round(os.path.getsize('$W/gen.log')/1e6))")

# 1. A storm: LINES appended to a tailed file, until the last is on screen.
: > "$W/app.log"
printf 'incident_dir: %s/inc\nsources:\n  logs:\n    - { name: app, file: "%s/app.log" }\n' "$W" "$W" > "$W/w.yaml"
STORM=$($RUN --wait BENCH-END --append "$W/gen.log:$W/app.log" --timeout 120 -- "$BIN" --config "$W/w.yaml")
GREP=$(secs grep -c ERROR "$W/gen.log")
LNAV=$(have lnav && secs lnav -n "$W/gen.log" || echo "not installed")

# 1b. The same number of lines already in the file, dated over the last ten
#     minutes: the backfill at start, until the last is on screen.
./target/release/examples/loggen "$LINES" 7 recent > "$W/app.log"
BACKFILL=$($RUN --wait BENCH-END --timeout 120 -- "$BIN" --config "$W/w.yaml")

# 2. Peak RSS after 10x the lines (bounded memory), same pipeline.
: > "$W/app.log"
for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$W/gen.log"; done > "$W/gen10.log"
BIG=$($RUN --wait BENCH-END --append "$W/gen10.log:$W/app.log" --timeout 600 -- "$BIN" --config "$W/w.yaml")
rm -f "$W/gen10.log"

# 3. The demo untouched at 200x50 after its incident opens; htop beside it.
DEMO=$($RUN --wait "Checkout API 500s" --idle "$IDLE" --timeout 120 -- "$BIN" demo --dir "$W/demo")
HTOP=$(have htop && $RUN --idle "$IDLE" -- htop || echo '{}')
# 3b. The same demo in two processes: the simulated services alone
#     (`warroom demo --serve-only`), and the dashboard watching them; the
#     services' CPU is read from /proc over the dashboard's run.
"$BIN" demo --serve-only --dir "$W/split" > "$W/split.out" 2>&1 &
SERVE=$!
for _ in $(seq 100); do grep -q "serving until" "$W/split.out" 2>/dev/null && break; sleep 0.1; done
CFG="$W/split/warroom.yaml"
"$BIN" --config "$CFG" --as ci declare "Checkout API 500s" --severity high >/dev/null
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
S0=$(ticks $SERVE); T0=$(date +%s.%N)
DASH=$($RUN --wait "Checkout API 500s" --idle "$IDLE" -- "$BIN" --config "$CFG" --as alice)
S1=$(ticks $SERVE); T1=$(date +%s.%N)
SERVE_CPU=$(python3 -c "import os; print(round(100*($S1-$S0)/os.sysconf('SC_CLK_TCK')/($T1-$T0), 2))")
kill $SERVE; wait $SERVE 2>/dev/null || true

# An incident with no sources: what the clock alone costs.
WARROOM_INCIDENT_DIR="$W/quiet" "$BIN" --as ci declare "Checkout API 500s" --severity high >/dev/null
QUIET=$($RUN --wait "Checkout API 500s" --idle "$IDLE" -- env WARROOM_INCIDENT_DIR="$W/quiet" "$BIN" --as alice)

# 4. Starting on a 100k-entry incident, and on an empty one.
./target/release/examples/journalgen "$W/big" 100000 >/dev/null
# Waits for the last entry's text, not the title: the incident whole on
# screen, not its first slice.
OPEN_BIG=$($RUN --wait "note 99999:" -- env WARROOM_INCIDENT_DIR="$W/big" "$BIN" --as alice)
OPEN_EMPTY=$QUIET
HTOP_START=$(have htop && $RUN --wait "Load average" -- htop || echo '{}')

cat <<TABLE
| figure | warroom | peer, same run |
|---|---|---|
| $LINES lines ($MB MB) appended to a tailed file → last line on screen | $(json "$STORM" wait_s) s | grep -c ERROR $GREP s; lnav -n $LNAV s |
| $LINES lines of the last 10 minutes already in the file → last line on screen (backfill) | $(json "$BACKFILL" wait_s) s | |
| peak RSS after $LINES lines / after 10x that | $(json "$STORM" peak_rss_mib) MB / $(json "$BIG" peak_rss_mib) MB | — |
| demo untouched ${IDLE} s at 200x50: CPU / bytes to the terminal | $(json "$DEMO" idle_cpu_percent)% / $(json "$DEMO" idle_bytes_per_s) B/s | htop $(json "$HTOP" idle_cpu_percent)% / $(json "$HTOP" idle_bytes_per_s) B/s |
| the same, split: the dashboard alone watching the demo's services / the simulated services alone | $(json "$DASH" idle_cpu_percent)% / $(json "$DASH" idle_bytes_per_s) B/s; services $SERVE_CPU% | (same htop) |
| an incident with no sources, ${IDLE} s: CPU / bytes | $(json "$QUIET" idle_cpu_percent)% / $(json "$QUIET" idle_bytes_per_s) B/s | (same htop) |
| 100k-entry journal → incident on screen | $(json "$OPEN_BIG" wait_s) s | htop first frame $(json "$HTOP_START" wait_s) s |
| empty incident: start → incident on screen | $(json "$OPEN_EMPTY" wait_s) s | |
TABLE
echo
echo "In-process figures: cargo bench --bench log_ingest (ingest kernel, store), --bench frame (keypress and frame on a 100k-entry incident), --bench journal (parse, fold, is_open, append), --bench slo (SLO math)."
