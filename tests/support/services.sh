# Test services shared by the project's test scripts: sourced, not run.
#
# Installs moto's server (PyPI) into a virtual environment inside the repository's ignored files and starts it
# on a free loopback port. Everything is installed by this script on first use: a fresh machine needs only
# Python 3 with venv and pip, and Rust.

MOTO_VERSION="5.2.5"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$repo_root/.venv"
service_log_dir="$repo_root/target/test-services"

# ensure_moto: creates the virtual environment and installs moto[server] at the pinned version when missing.
ensure_moto() {
    if [ -x "$venv/bin/moto_server" ] && "$venv/bin/python" -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
        return 0
    fi
    echo "test services: installing moto[server]==$MOTO_VERSION into .venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
}

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
    "$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_moto: starts moto's server on a free loopback port, waits until it answers, and exports
# CSIRT_TEST_AWS_ENDPOINT (what the conformance suite reads) and MOTO_PID.
start_moto() {
    ensure_moto
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
    for _ in $(seq 1 100); do
        if "$venv/bin/python" -c "import urllib.request; urllib.request.urlopen('$endpoint/moto-api/')" 2>/dev/null; then
            export CSIRT_TEST_AWS_ENDPOINT="$endpoint"
            echo "test services: moto listening on $endpoint" >&2
            return 0
        fi
        if ! kill -0 "$MOTO_PID" 2>/dev/null; then
            echo "test services: moto exited; its log:" >&2
            cat "$service_log_dir/moto.log" >&2
            return 1
        fi
        sleep 0.1
    done
    echo "test services: moto did not answer on $endpoint within 10 s" >&2
    return 1
}

# stop_services: stops what start_moto started.
stop_services() {
    if [ -n "${MOTO_PID:-}" ]; then
        kill "$MOTO_PID" 2>/dev/null || true
        wait "$MOTO_PID" 2>/dev/null || true
    fi
}
