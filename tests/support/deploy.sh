# The deployment's checks, for tests/run: sourced, not run, after services.sh (whose .venv it shares).
#
# check_deploy: lints the CloudFormation template with cfn-lint (PyPI, one of the suite's hash-pinned Python tools), builds
# the Lambda packages with the documented command (functions/deploy/aws/package.sh) after building the site with
# the debug `csirt` (built before), checks each zip (one executable `bootstrap`, linked against no glibc newer than
# provided.al2023's 2.34, the team file, and in the intake's the site's layout of its pages), and exports
# the extracted binaries, which the package tests run in the extracted package's directory as Lambda runs them in
# /var/task: CSIRT_TEST_LAMBDA_BOOTSTRAP, the intake's (functions/intake/tests/intake/runtime_api.rs), and
# CSIRT_TEST_CONSOLE_BOOTSTRAP, the console's (functions/console/tests/console/lambda.rs).

# The most bytes each unpacked `bootstrap` may have: what Lambda loads at every cold start. The console links the
# staff library besides the AWS SDK (argon2, WebAuthn's RustCrypto, OpenID Connect, the document templates, the
# thread with the reporter) and the site builder it publishes with when CSIRT_SITE_OUTPUT is set (self-hosted; on
# Lambda it is not): since the site reads the team's OpenPGP key (rPGP) and compresses its files (Brotli, gzip),
# 14.9 MB; with documents drafted, signed and printed with their verification QR code (the qrcode crate) and the
# escalation list, 15.5 MB. Leaving the site builder out of the Lambda build is the way back under 13.5 MB.
INTAKE_BOOTSTRAP_LIMIT=12000000
CONSOLE_BOOTSTRAP_LIMIT=16000000
deploy_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

check_deploy() {
    local venv="$deploy_root/.venv"
    ensure_python_tools
    # Warnings fail too (exit code 4).
    "$venv/bin/cfn-lint" --regions ap-southeast-3 -- "$deploy_root/functions/deploy/aws/template.yaml"
    # The web ACL's stack goes to us-east-1, where CloudFront's web ACLs live.
    "$venv/bin/cfn-lint" --regions us-east-1 -- "$deploy_root/functions/deploy/aws/waf.yaml"
    echo "deploy checks: cfn-lint passed on functions/deploy/aws/template.yaml and waf.yaml" >&2

    local site="$cargo_target/lambda/site"
    "$cargo_target/debug/csirt" build --config "$deploy_root/content/config.toml" --output "$site" >/dev/null
    CSIRT_SITE_OUTPUT="$site" "$deploy_root/functions/deploy/aws/package.sh"
    local unpacked="$cargo_target/lambda/unpacked"
    rm -rf "$unpacked"
    local function limit
    for function in intake console; do
        limit=INTAKE_BOOTSTRAP_LIMIT
        [ "$function" = console ] && limit=CONSOLE_BOOTSTRAP_LIMIT
        python3 - "$cargo_target/lambda/$function/bootstrap.zip" "$unpacked/$function" "${!limit}" <<'PY'
import os, re, stat, sys, zipfile
package, into, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
with zipfile.ZipFile(package) as z:
    names = z.namelist()
    expected = ["bootstrap", "content/config.toml"]
    if "/intake/" in package:
        expected += ["site/_layout/intake.html", "site/en/_layout/intake.html"]
    assert names == expected, f"{package} holds {names}, not {expected}"
    mode = z.getinfo("bootstrap").external_attr >> 16
    assert mode & stat.S_IXUSR, f"bootstrap in {package} is not executable ({oct(mode)})"
    z.extractall(into)
binary = open(f"{into}/bootstrap", "rb").read()
assert binary[:4] == b"\x7fELF", "bootstrap is not an ELF binary"
newest = max((tuple(map(int, v.split(b"."))) for v in re.findall(rb"GLIBC_(2\.[0-9]+(?:\.[0-9]+)?)", binary)), default=(0,))
assert newest <= (2, 34), f"bootstrap needs glibc {newest}, provided.al2023 has 2.34"
assert b"SQLite format 3" not in binary and b"sqlite3_open" not in binary, f"bootstrap in {package} links SQLite"
assert len(binary) <= limit, f"bootstrap in {package} is {len(binary)} bytes, over its limit of {limit}"
os.chmod(f"{into}/bootstrap", 0o755)
print(f"deploy checks: {package}: {os.path.getsize(package)} bytes (bootstrap {len(binary)} bytes, limit {limit}), "
      f"bootstrap needs glibc {'.'.join(map(str, newest))}, no SQLite", file=sys.stderr)
PY
    done
    export CSIRT_TEST_LAMBDA_BOOTSTRAP="$unpacked/intake/bootstrap"
    export CSIRT_TEST_CONSOLE_BOOTSTRAP="$unpacked/console/bootstrap"
}
