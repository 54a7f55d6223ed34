# Test services shared by the project's test scripts: sourced, not run.
#
# Installs moto's server, an SMTP server (aiosmtpd) and an OpenID Connect provider (oidc-provider-mock), all from
# PyPI and pinned by hash, into a virtual environment inside the repository's ignored files and starts them on free
# loopback ports. Everything is
# installed by this script on first use: a fresh machine needs only Python 3 with venv and pip, and Rust.
#
# For the browser suite (tests/browser): installs Debian's Chromium and the suite's npm packages, and serves the
# site with the intake API (`csirt serve`) on a free loopback port; this needs Node.js with npm, and apt-get
# (as root, or sudo) when Chromium is missing.

# The console's callback the tests register with the provider: never visited (the tests read the provider's
# redirect without following it), so the discard port.
OIDC_TEST_REDIRECT_URL="http://127.0.0.1:9/console/sso/callback"
# The staff console's own callback for the shipped team file (`{base_url}/staff/sso/callback`): the console
# tests follow the provider's redirect into the console's router, never to this host.
OIDC_CONSOLE_REDIRECT_URL="https://csirt.tegalkab.go.id/staff/sso/callback"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$repo_root/.venv"
# shellcheck source=tests/support/python.sh
source "$repo_root/tests/support/python.sh"
# Cargo's build directory: CARGO_TARGET_DIR when set, as cargo itself reads it.
cargo_target="${CARGO_TARGET_DIR:-$repo_root/target}"
service_log_dir="$cargo_target/test-services"
chromium="/usr/bin/chromium"
browser_tests="$repo_root/tests/browser"

# ensure_python_tools: installs the suite's Python tools (tests/support/python-tools.txt, pinned by version and
# hash): moto's server, aiosmtpd, the OpenID Connect provider (oidc-provider-mock 0.3.4: the newest release pip
# offers for Python 3.11), cfn-lint and schemathesis.
ensure_python_tools() {
    install_pinned "$venv" "$repo_root/tests/support/python-tools.txt"
}

# ensure_aiosmtpd: aiosmtpd (the SMTP server the notification tests deliver to), and CSIRT_TEST_PYTHON exported:
# the Python the tests start it with.
ensure_aiosmtpd() {
    ensure_python_tools
    export CSIRT_TEST_PYTHON="$venv/bin/python"
}

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_until_answers NAME URL PID LOG SECONDS: waits until URL answers (any HTTP status below 400), and fails
# with the service's log when its process PID exits first or SECONDS pass.
wait_until_answers() {
    local name="$1" url="$2" pid="$3" log="$4" seconds="$5"
    for _ in $(seq 1 $((seconds * 10))); do
        if python3 -c "import urllib.request; urllib.request.urlopen('$url')" 2>/dev/null; then
            echo "test services: $name listening on $url" >&2
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "test services: $name exited; its log:" >&2
            cat "$log" >&2
            return 1
        fi
        sleep 0.1
    done
    echo "test services: $name did not answer on $url within $seconds s; its log:" >&2
    cat "$log" >&2
    return 1
}

# start_moto: starts moto's server on a free loopback port, waits until it answers, and exports
# CSIRT_TEST_AWS_ENDPOINT (what the conformance suite reads) and MOTO_PID.
start_moto() {
    ensure_python_tools
    mkdir -p "$service_log_dir"
    local port
    port="$(free_port)"
    # One request at a time: moto's TransactWriteItems takes no lock, so concurrent transactions on its threaded
    # server can both pass their conditions. DynamoDB itself serialises them; the suite tests exactly that.
    "$venv/bin/python" -c '
import sys
import moto.server as server
run_simple = server.run_simple
server.run_simple = lambda *args, **kwargs: run_simple(*args, **{**kwargs, "threaded": False})
server.main(sys.argv[1:])
' -H 127.0.0.1 -p "$port" >"$service_log_dir/moto.log" 2>&1 &
    MOTO_PID=$!
    export MOTO_PID
    local endpoint="http://127.0.0.1:$port"
    wait_until_answers moto "$endpoint/moto-api/" "$MOTO_PID" "$service_log_dir/moto.log" 10
    export CSIRT_TEST_AWS_ENDPOINT="$endpoint"
}

# start_oidc_provider: starts oidc-provider-mock on a free loopback port (clients must register; a nonce is
# required), waits until it answers, registers the console as a client with the redirect URL
# $OIDC_TEST_REDIRECT_URL (and the console's $OIDC_CONSOLE_REDIRECT_URL), and exports CSIRT_TEST_OIDC_ISSUER (the provider's issuer), CSIRT_TEST_OIDC_CLIENT_ID,
# CSIRT_TEST_OIDC_CLIENT_SECRET (the secret the provider issued: the tests' team files name this variable),
# CSIRT_TEST_OIDC_REDIRECT_URL and OIDC_PID.
start_oidc_provider() {
    ensure_python_tools
    mkdir -p "$service_log_dir"
    local port
    port="$(free_port)"
    PYTHONWARNINGS=ignore "$venv/bin/python" -m oidc_provider_mock --host 127.0.0.1 --port "$port" \
        --require-registration true --require-nonce true >"$service_log_dir/oidc-provider.log" 2>&1 &
    OIDC_PID=$!
    export OIDC_PID
    local issuer="http://127.0.0.1:$port"
    wait_until_answers "OpenID Connect provider" "$issuer/.well-known/openid-configuration" "$OIDC_PID" \
        "$service_log_dir/oidc-provider.log" 30
    local client
    if ! client="$(python3 -c '
import json, sys, urllib.request
body = json.dumps({"redirect_uris": [sys.argv[2], sys.argv[3]]}).encode()
request = urllib.request.Request(sys.argv[1] + "/oauth2/clients", data=body, headers={"Content-Type": "application/json"})
answer = json.load(urllib.request.urlopen(request))
print(answer["client_id"], answer["client_secret"])
' "$issuer" "$OIDC_TEST_REDIRECT_URL" "$OIDC_CONSOLE_REDIRECT_URL")"; then
        echo "test services: registering a client with the OpenID Connect provider failed; its log:" >&2
        cat "$service_log_dir/oidc-provider.log" >&2
        return 1
    fi
    export CSIRT_TEST_OIDC_ISSUER="$issuer"
    export CSIRT_TEST_OIDC_CLIENT_ID="${client%% *}"
    export CSIRT_TEST_OIDC_CLIENT_SECRET="${client#* }"
    export CSIRT_TEST_OIDC_REDIRECT_URL="$OIDC_TEST_REDIRECT_URL"
}

# apt_install PACKAGE: installs Debian's PACKAGE (with sudo when not root), its log in the services' log
# directory, shown when the installation fails.
apt_install() {
    local package="$1" log="$service_log_dir/$1-install.log" sudo=""
    echo "test services: installing Debian's $package" >&2
    mkdir -p "$service_log_dir"
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo -n"
    fi
    if ! { $sudo apt-get update -qq &&
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package"; } \
        >"$log" 2>&1; then
        echo "test services: installing $package failed; its log:" >&2
        cat "$log" >&2
        return 1
    fi
}

# ensure_chromium: installs Debian's chromium (the browser suite's $chromium) when it is missing.
ensure_chromium() {
    if [ -x "$chromium" ]; then
        return 0
    fi
    apt_install chromium || return 1
    if [ ! -x "$chromium" ]; then
        echo "test services: chromium installed, but $chromium is missing" >&2
        return 1
    fi
}

# ensure_java: installs Debian's headless Java runtime when `java` is missing (the Nu HTML Checker runs on it).
ensure_java() {
    if command -v java >/dev/null; then
        return 0
    fi
    apt_install default-jre-headless || return 1
}

# ensure_browser_deps: installs the browser suite's npm packages from its package-lock.json (npm ci) when
# node_modules is missing or older than the lock file, and exports CSIRT_TEST_VNU_JAR, the W3C Nu HTML Checker
# among them (npm's vnu-jar), which the Rust tests of pages and documents run with Java.
ensure_browser_deps() {
    export CSIRT_TEST_VNU_JAR="$browser_tests/node_modules/vnu-jar/build/dist/vnu.jar"
    if [ -d "$browser_tests/node_modules" ] && [ "$browser_tests/node_modules" -nt "$browser_tests/package-lock.json" ] &&
        [ -f "$CSIRT_TEST_VNU_JAR" ]; then
        return 0
    fi
    echo "test services: installing the browser suite's npm packages (npm ci)" >&2
    (cd "$browser_tests" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$browser_tests/node_modules"
    if [ ! -f "$CSIRT_TEST_VNU_JAR" ]; then
        echo "test services: npm ci installed no $CSIRT_TEST_VNU_JAR" >&2
        return 1
    fi
}

# start_site: serves the site built from content/config.toml, with the intake API under /api/ (`csirt serve`
# from target/debug, which must be built), on a free loopback port, its store and built site in a temporary
# directory; waits until it answers and exports CSIRT_TEST_SITE_URL (what the browser suite reads), SITE_PID, and
# CSIRT_TEST_SITE_CSIRT, CSIRT_TEST_SITE_DATA_DIR and CSIRT_TEST_SITE_CONFIG (`csirt` against that store and team file).
# The suite files many reports from one address, so the intake's rate limit is off.
start_site() {
    local csirt="$cargo_target/debug/csirt"
    if [ ! -x "$csirt" ]; then
        echo "test services: $csirt is missing: cargo build --locked --bin csirt" >&2
        return 1
    fi
    mkdir -p "$service_log_dir"
    SITE_DIR="$(mktemp -d)"
    local port
    port="$(free_port)"
    CSIRT_RATE_LIMIT=off "$csirt" serve --config "$repo_root/content/config.toml" --addr "127.0.0.1:$port" \
        --data-dir "$SITE_DIR/data" --output "$SITE_DIR/public" >"$service_log_dir/site.log" 2>&1 &
    SITE_PID=$!
    export SITE_PID
    local url="http://127.0.0.1:$port"
    wait_until_answers "csirt serve" "$url/" "$SITE_PID" "$service_log_dir/site.log" 30
    export CSIRT_TEST_SITE_URL="$url"
    # What the document-verification test issues its document with: `csirt` against this site's store.
    export CSIRT_TEST_SITE_CSIRT="$csirt" CSIRT_TEST_SITE_DATA_DIR="$SITE_DIR/data"
    export CSIRT_TEST_SITE_CONFIG="$repo_root/content/config.toml"
}

# stop_process PID: asks the process to stop (SIGTERM) and kills it (SIGKILL) when it has not stopped within
# 5 s: moto's own SIGTERM handler has been seen spinning at full CPU instead of exiting, which would hang the
# suite until CI's time limit.
stop_process() {
    local pid="$1"
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "test services: process $pid did not stop on SIGTERM within 5 s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# stop_services: stops what start_moto, start_oidc_provider and start_site started.
stop_services() {
    if declare -F stop_console_site >/dev/null; then
        stop_console_site
    fi
    if [ -n "${MOTO_PID:-}" ]; then
        stop_process "$MOTO_PID"
    fi
    if [ -n "${OIDC_PID:-}" ]; then
        stop_process "$OIDC_PID"
    fi
    if [ -n "${SITE_PID:-}" ]; then
        stop_process "$SITE_PID"
    fi
    if [ -n "${SITE_DIR:-}" ]; then
        rm -rf "$SITE_DIR"
    fi
}
