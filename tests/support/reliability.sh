# Reliability checks that run tools rather than cargo tests: sourced, not run (after services.sh).
#
# - Fuzzing: the cargo-fuzz targets in functions/intake/fuzz (report parser on JSON, form-urlencoded and
#   multipart bodies; tracking-code parser), built with a pinned nightly toolchain (installed with rustup when
#   missing) and cargo-fuzz (installed from crates.io into target/tools when missing). They are built without a
#   sanitizer: the crates under test forbid `unsafe`, and AddressSanitizer would instrument the whole AWS SDK,
#   doubling a build that the suite pays for on every clean checkout.
# - Schema testing: schemathesis (PyPI, into .venv) against the OpenAPI document and a running `intake` server
#   (target/debug/intake, which must be built): no 5xx, every answer conforms to the document.
#
# The suite runs both briefly (run_reliability_checks); RELIABILITY.md gives the long runs.

FUZZ_NIGHTLY="nightly-2026-06-01"
CARGO_FUZZ_VERSION="0.13.2"
fuzz_dir="$repo_root/functions/intake/fuzz"
fuzz_targets=(report_json report_form report_multipart tracking_code)
tools_root="$cargo_target/tools"

# ensure_fuzzer: installs the pinned nightly toolchain and cargo-fuzz when missing; fails loudly when it cannot.
ensure_fuzzer() {
    if ! rustup run "$FUZZ_NIGHTLY" rustc --version >/dev/null 2>&1; then
        echo "reliability: installing the $FUZZ_NIGHTLY toolchain with rustup (cargo-fuzz needs nightly)" >&2
        rustup toolchain install "$FUZZ_NIGHTLY" --profile minimal >&2
    fi
    if ! "$tools_root/bin/cargo-fuzz" --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
        echo "reliability: installing cargo-fuzz $CARGO_FUZZ_VERSION into target/tools" >&2
        cargo install --quiet --locked --debug --version "$CARGO_FUZZ_VERSION" --root "$tools_root" cargo-fuzz
    fi
}

# fuzz_run SECONDS: runs every fuzz target for SECONDS seconds each from its corpus (seeded from
# functions/intake/fuzz/seeds), printing libFuzzer's closing figures. Fails on the first crash, leaving its
# input in functions/intake/fuzz/artifacts/TARGET/.
fuzz_run() {
    local seconds="$1"
    ensure_fuzzer
    local target
    for target in "${fuzz_targets[@]}"; do
        mkdir -p "$fuzz_dir/corpus/$target"
        cp -n "$fuzz_dir/seeds/$target/"* "$fuzz_dir/corpus/$target/" 2>/dev/null || true
        echo "reliability: fuzzing $target for $seconds s" >&2
        # The pipeline fails when cargo fuzz does (pipefail): a crash, and a target that does not build. Only
        # grep finding no line is forgiven.
        if ! (cd "$fuzz_dir" && PATH="$tools_root/bin:$PATH" cargo "+$FUZZ_NIGHTLY" fuzz run --sanitizer none "$target" -- \
            -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 2>&1) |
            { grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|SUMMARY|.*panicked|Done [0-9]+ runs|error(\[|:))" || true; }; then
            echo "reliability: $target failed (crashed, or did not build)" >&2
            return 1
        fi
    done
}

# schema_run MAX_EXAMPLES: starts target/debug/intake on a fresh SQLite store and runs schemathesis with every
# check against it, at most MAX_EXAMPLES generated cases per operation.
schema_run() {
    local examples="$1"
    ensure_python_tools
    local intake="${CSIRT_INTAKE_BIN:-$cargo_target/debug/intake}"
    if [ ! -x "$intake" ]; then
        echo "reliability: $intake is missing: cargo build --locked --bin intake" >&2
        return 1
    fi
    mkdir -p "$service_log_dir"
    local data port pid status=0
    data="$(mktemp -d)"
    port="$(free_port)"
    CSIRT_DATA_DIR="$data" CSIRT_ADDR="127.0.0.1:$port" CSIRT_RATE_LIMIT=off RUST_LOG=warn \
        "$intake" >"$service_log_dir/schemathesis-intake.log" 2>&1 &
    pid=$!
    wait_until_answers intake "http://127.0.0.1:$port/api/openapi.json" "$pid" \
        "$service_log_dir/schemathesis-intake.log" 20 || { kill "$pid"; rm -rf "$data"; return 1; }
    # From target/: schemathesis keeps its cache in the working directory.
    (cd "$cargo_target" && "$venv/bin/schemathesis" run "$repo_root/functions/intake/openapi.json" \
        --url "http://127.0.0.1:$port" --checks all --exclude-checks positive_data_acceptance,negative_data_rejection --max-examples "$examples" \
        --phases examples,coverage,fuzzing,stateful --seed 2026) || status=$?
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if grep -E "ERROR|panicked" "$service_log_dir/schemathesis-intake.log" >&2; then
        echo "reliability: the intake logged errors under schemathesis" >&2
        status=1
    fi
    rm -rf "$data"
    return "$status"
}

# run_reliability_checks: the suite's short runs: 20 s of fuzzing per target, 100 schemathesis cases per
# operation.
run_reliability_checks() {
    [ -x "$cargo_target/debug/intake" ] || cargo build --locked --bin intake
    schema_run 100
    fuzz_run 20
}
