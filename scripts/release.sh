#!/usr/bin/env bash
# Release binaries that run on any Linux bastion with glibc 2.17 or later
# (RHEL 7+, Ubuntu 18.04+), built with cargo-zigbuild (zig and
# cargo-zigbuild come from PyPI; installed here if missing). x86_64
# always, aarch64 when its Rust target is installed. Each binary's highest
# GLIBC symbol version is checked; more than 2.17 fails the script. The
# binary keeps its symbol table (a panic's backtrace names functions) and
# loses its debug info.
#
#   scripts/release.sh [OUT_DIR]     # default: dist/
#   scripts/release.sh --check       # CI: only the x86_64 GLIBC check, on
#                                    # the quick glibc-check profile
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=dist
CHECK_ONLY=
if [ "${1:-}" = "--check" ]; then
  PROFILE=glibc-check
  CHECK_ONLY=1
  shift
fi
OUT=${1:-dist}
GLIBC=2.17
TARGET_DIR=${CARGO_TARGET_DIR:-target}
VERSION=$(grep -m1 '^version' Cargo.toml | cut -d'"' -f2)

command -v cargo-zigbuild >/dev/null 2>&1 || python3 -m pip install --quiet ziglang cargo-zigbuild
targets=(x86_64-unknown-linux-gnu)
if [ -n "$CHECK_ONLY" ]; then
  :
elif rustup target list --installed 2>/dev/null | grep -qx aarch64-unknown-linux-gnu; then
  targets+=(aarch64-unknown-linux-gnu)
else
  echo "aarch64: not built (rustup target add aarch64-unknown-linux-gnu)" >&2
fi

for t in "${targets[@]}"; do
  cargo zigbuild --profile "$PROFILE" --locked --target "$t.$GLIBC" --bin warroom
  bin="$TARGET_DIR/$t/$PROFILE/warroom"
  # readelf reads any architecture's ELF; the highest GLIBC_x.y it needs.
  need=$(readelf --version-info --wide "$bin" | grep -oE 'GLIBC_[0-9]+(\.[0-9]+)+' | sed 's/^GLIBC_//' | sort -V | tail -1)
  if [ "$(printf '%s\n%s\n' "$need" "$GLIBC" | sort -V | tail -1)" != "$GLIBC" ]; then
    echo "$bin needs glibc $need, more than $GLIBC" >&2
    exit 1
  fi
  if [ -n "$CHECK_ONLY" ]; then
    echo "$bin: needs glibc $need (≤ $GLIBC)"
    continue
  fi
  mkdir -p "$OUT"
  dest="$OUT/warroom-$VERSION-$t"
  # The debug info goes, the symbol table stays (backtraces name functions).
  objcopy --strip-debug "$bin" "$dest" 2>/dev/null || cp "$bin" "$dest"
  echo "$dest: needs glibc $need (≤ $GLIBC), $(du -h "$dest" | cut -f1)"
done
