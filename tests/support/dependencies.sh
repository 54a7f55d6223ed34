# The workspace's dependencies checked with cargo-deny against deny.toml: sourced, not run (after services.sh).
#
# check_dependencies: installs cargo-deny (crates.io, pinned, into target/tools) when missing and checks Cargo.lock:
# licences (only those deny.toml allows), sources (crates.io only, no git dependencies) and bans (no wildcard
# versions). Advisories (RustSec) need the advisory database, a git repository on GitHub that cargo-deny fetches:
# `cargo deny check advisories` runs them where GitHub is reachable (README, "Dependencies"); the suite's network
# reaches the package registries only, so the suite does not.

CARGO_DENY_VERSION="0.20.2"

check_dependencies() {
    local tools="$cargo_target/tools"
    if ! "$tools/bin/cargo-deny" --version 2>/dev/null | grep -qx "cargo-deny $CARGO_DENY_VERSION"; then
        echo "dependencies: installing cargo-deny $CARGO_DENY_VERSION into target/tools" >&2
        cargo install --quiet --locked --version "$CARGO_DENY_VERSION" --root "$tools" cargo-deny
    fi
    "$tools/bin/cargo-deny" --locked check bans licenses sources
}
