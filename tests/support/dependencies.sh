# The workspace's dependencies checked with cargo-deny against deny.toml: sourced, not run (after services.sh).
#
# check_dependencies: installs cargo-deny (crates.io, pinned, into target/tools) when missing and checks Cargo.lock:
# licences (only those deny.toml allows), sources (crates.io only, no git dependencies) and bans (no wildcard
# versions). Advisories (RustSec) need the advisory database, a git repository on GitHub that cargo-deny fetches:
# `cargo deny check advisories` runs them where GitHub is reachable (README, "Dependencies"); the suite's network
# reaches the package registries only, so the suite does not.

CARGO_DENY_VERSION="0.20.2"

# ensure_cargo_deny: installs cargo-deny into target/tools when it is missing. A debug build: it compiles in
# about two thirds of the time of a release build and checks this workspace in seconds all the same.
ensure_cargo_deny() {
    local tools="$cargo_target/tools"
    if ! "$tools/bin/cargo-deny" --version 2>/dev/null | grep -qx "cargo-deny $CARGO_DENY_VERSION"; then
        echo "dependencies: installing cargo-deny $CARGO_DENY_VERSION into target/tools" >&2
        cargo install --quiet --locked --debug --version "$CARGO_DENY_VERSION" --root "$tools" cargo-deny
    fi
}

check_dependencies() {
    ensure_cargo_deny
    "$cargo_target/tools/bin/cargo-deny" --locked check bans licenses sources
}
