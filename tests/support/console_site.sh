# The staff console's test site, for the browser suite's console-*.test.mjs: sourced, not run, after
# tests/support/services.sh (it uses free_port, wait_until_answers, stop_process and $cargo_target).
#
# start_console_site serves a second `csirt serve` running the Bali procedure on a free loopback port P, from a
# copy of content/ and templates/ in a temporary directory whose team file says `base_url = "http://localhost:P"`
# (passkeys need a domain as the relying party's id, and Chromium treats http://localhost as a secure context, so
# `Secure` cookies and WebAuthn work there) and `sop_profile = "bali"`; its store and built site are in that
# directory too. Before serving it adds the console's test accounts with `csirt staff add`, each with the same
# password and its own TOTP authenticator:
#
#   admin     admin (the first account; bound to the operating-system user running the tests)
#   meja      front-desk
#   agen      agent
#   lihat     viewer
#   nonaktif  agent (the disabled-account test disables it)
#
# and exports what the tests read:
#
#   CSIRT_TEST_CONSOLE_URL              http://localhost:P
#   CSIRT_TEST_CONSOLE_DATA_DIR         the store's directory (for `csirt staff … --data-dir`)
#   CSIRT_TEST_CONSOLE_CONFIG           the team file (for `csirt … --config`)
#   CSIRT_TEST_CONSOLE_CSIRT            the csirt binary serving it
#   CSIRT_TEST_CONSOLE_PASSWORD         every account's password
#   CSIRT_TEST_CONSOLE_TOTP_<LOGIN>     each account's TOTP secret (base32), e.g. CSIRT_TEST_CONSOLE_TOTP_MEJA
#   CONSOLE_SITE_PID, CONSOLE_SITE_DIR  for stop_console_site

# The console's test accounts: login and role.
CONSOLE_TEST_ACCOUNTS=(admin:admin meja:front-desk agen:agent lihat:viewer nonaktif:agent)

# add_console_account CSIRT DIR LOGIN ROLE [ARG…]: adds LOGIN with ROLE, the shared password and a TOTP
# authenticator, and exports its secret as CSIRT_TEST_CONSOLE_TOTP_<LOGIN>.
add_console_account() {
    local csirt="$1" dir="$2" login="$3" role="$4"
    shift 4
    local name="Uji ${login^}" otpauth secret
    if ! otpauth="$(printf '%s\n' "$CSIRT_TEST_CONSOLE_PASSWORD" |
        CSIRT_STORE=sqlite "$csirt" staff add "$login" --name "$name" --role "$role" "$@" \
            --password-stdin --totp --data-dir "$dir/data" --config "$dir/content/config.toml" \
            2>>"$service_log_dir/console-site-accounts.log")"; then
        echo "test services: csirt staff add $login failed; its log:" >&2
        cat "$service_log_dir/console-site-accounts.log" >&2
        return 1
    fi
    # otpauth://totp/<issuer>:<login>?secret=<BASE32>&issuer=…
    secret="$(printf '%s\n' "$otpauth" | sed -n 's/^otpauth:\/\/totp\/.*[?&]secret=\([A-Z2-7]*\).*$/\1/p')"
    if [ -z "$secret" ] || [ "$(printf '%s\n' "$otpauth" | wc -l)" -ne 1 ]; then
        echo "test services: csirt staff add $login did not print one otpauth:// line: $otpauth" >&2
        return 1
    fi
    export "CSIRT_TEST_CONSOLE_TOTP_${login^^}=$secret"
}

# start_console_site: see above. Needs target/debug/csirt (or under CARGO_TARGET_DIR), built.
start_console_site() {
    local csirt="$cargo_target/debug/csirt"
    if [ ! -x "$csirt" ]; then
        echo "test services: $csirt is missing: cargo build --locked --bin csirt" >&2
        return 1
    fi
    mkdir -p "$service_log_dir"
    : >"$service_log_dir/console-site-accounts.log"
    CONSOLE_SITE_DIR="$(mktemp -d)"
    export CONSOLE_SITE_DIR
    local dir="$CONSOLE_SITE_DIR" port
    port="$(free_port)"
    # The site's content and templates are found beside the team file's directory: copy both, then make the
    # copy's team file this site's.
    cp -R "$repo_root/content" "$repo_root/templates" "$dir/"
    mkdir -p "$dir/data"
    local config="$dir/content/config.toml"
    sed -i -e "s|^base_url = .*|base_url = \"http://localhost:$port\"|" \
        -e 's|^sop_profile = .*|sop_profile = "bali"|' "$config"
    if ! grep -qx "base_url = \"http://localhost:$port\"" "$config" || ! grep -qx 'sop_profile = "bali"' "$config"; then
        echo "test services: the console site's team file lacks base_url or sop_profile lines to replace" >&2
        return 1
    fi

    export CSIRT_TEST_CONSOLE_PASSWORD="kata-sandi-konsol-uji-yang-panjang"
    local entry login role
    for entry in "${CONSOLE_TEST_ACCOUNTS[@]}"; do
        login="${entry%%:*}"
        role="${entry#*:}"
        if [ "$login" = admin ]; then
            # The first account of an empty store: an admin, bound to whoever runs the tests, who adds the others
            # and disables one during the tests.
            add_console_account "$csirt" "$dir" "$login" "$role" --os-user "$(id -un)" || return 1
        else
            add_console_account "$csirt" "$dir" "$login" "$role" || return 1
        fi
    done

    # The tests file reports from one address, so the intake's rate limit is off.
    CSIRT_STORE=sqlite CSIRT_RATE_LIMIT=off "$csirt" serve --config "$config" --addr "127.0.0.1:$port" \
        --data-dir "$dir/data" --output "$dir/public" >"$service_log_dir/console-site.log" 2>&1 &
    CONSOLE_SITE_PID=$!
    export CONSOLE_SITE_PID
    wait_until_answers "csirt serve (console)" "http://127.0.0.1:$port/staff/login" "$CONSOLE_SITE_PID" \
        "$service_log_dir/console-site.log" 30 || return 1
    export CSIRT_TEST_CONSOLE_URL="http://localhost:$port"
    export CSIRT_TEST_CONSOLE_DATA_DIR="$dir/data"
    export CSIRT_TEST_CONSOLE_CONFIG="$config"
    export CSIRT_TEST_CONSOLE_CSIRT="$csirt"
}

# stop_console_site: stops what start_console_site started and removes its directory.
stop_console_site() {
    if [ -n "${CONSOLE_SITE_PID:-}" ]; then
        stop_process "$CONSOLE_SITE_PID"
        CONSOLE_SITE_PID=""
    fi
    if [ -n "${CONSOLE_SITE_DIR:-}" ]; then
        rm -rf "$CONSOLE_SITE_DIR"
        CONSOLE_SITE_DIR=""
    fi
}
