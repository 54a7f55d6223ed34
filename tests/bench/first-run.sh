#!/usr/bin/env bash
# The first run on a fresh machine, timed: clones the repository's committed HEAD into a temporary directory and
# runs README's main command there (`cargo run --release --bin csirt -- serve`, on its own port) with an empty
# build directory, until the site answers `200` at `/` and the intake at `/api/openapi.json`. Prints the seconds
# from the clone to the first `200`, and the crates compiled. Only crates.io's downloads may be warm (the cargo
# registry is shared, as on any machine that has run cargo once); pass --cold-registry to use an empty
# CARGO_HOME registry as well (downloads included).
#
#   tests/bench/first-run.sh [--cold-registry] [PORT]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cold=no
if [ "${1:-}" = --cold-registry ]; then cold=yes; shift; fi
port="${1:-18080}"
work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

SECONDS=0
git clone --quiet "$repo" "$work/csirt"
export CARGO_TARGET_DIR="$work/target"
if [ "$cold" = yes ]; then
    export CARGO_HOME="$work/cargo-home"
    mkdir -p "$CARGO_HOME"
fi
cd "$work/csirt"
cargo run --release --bin csirt -- serve --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
until curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null &&
    curl -fsS -o /dev/null "http://127.0.0.1:$port/api/openapi.json" 2>/dev/null; do
    if ! kill -0 "$server" 2>/dev/null; then
        echo "first-run: the command stopped before serving:" >&2
        tail -30 "$work/serve.log" >&2
        exit 1
    fi
    sleep 1
done
elapsed=$SECONDS
compiled=$(grep -c '^ *Compiling ' "$work/serve.log" || true)
aws=$(grep -c '^ *Compiling aws-' "$work/serve.log" || true)
printf 'first-run: served after %s s (%s crates compiled, %s of them aws-*), %s cores, %s\n' \
    "$elapsed" "$compiled" "$aws" "$(nproc)" "$(git -C "$work/csirt" rev-parse --short HEAD)"
