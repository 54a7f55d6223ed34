#!/usr/bin/env bash
# Builds the two Lambda packages of the stack, under target/lambda (under CARGO_TARGET_DIR when set):
#   intake/bootstrap.zip    the report intake (the release `intake` binary), behind /api/*
#   console/bootstrap.zip   the staff console (the release `console` binary), behind /staff/*
# Each holds its binary as `bootstrap` for Lambda's provided.al2023 runtime on x86_64, and the team file
# (CSIRT_CONFIG, default content/config.toml) as content/config.toml, where the function reads it by default
# (Lambda runs it in the package's directory), with the SOP profile file it names when that is a file; the intake's
# also holds the site's layout for its pages (site/_layout/intake.html, site/en/_layout/intake.html) from the site
# `csirt build` wrote (CSIRT_SITE_OUTPUT, default public/), so that they show the site's header, menu and footer.
# One cargo build serves both. Cross-links against an older glibc than Lambda's with cargo-lambda and Zig, both from PyPI,
# installed on first use into the repository's .venv (ignored by git). Needs Rust and Python 3 with venv.
set -euo pipefail
cd "$(dirname "$0")/../../.."

CARGO_LAMBDA_VERSION="1.9.2"
venv="$PWD/.venv"
# packaging-tools.txt pins cargo-lambda and ziglang, and what they need, by version and hash (pip-compile from
# packaging-tools.in; the command is in its header). Installed again whenever that file changes.
requirements="functions/deploy/aws/packaging-tools.txt"
stamp="$venv/.installed-packaging-tools.txt.sha256"
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
installed="$(PATH="$venv/bin:$PATH" cargo lambda --version 2>/dev/null || true)"
if [[ "$installed" != "cargo-lambda $CARGO_LAMBDA_VERSION "* ]] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    echo "package: installing cargo-lambda and ziglang (pinned by hash in $requirements) into .venv" >&2
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$requirements"
    echo "$wanted" >"$stamp"
fi

# cargo-lambda finds Zig as `python3 -m ziglang`, through the virtual environment's python3.
# Only what Lambda uses: the AWS backends (DynamoDB, S3, SES), no SQLite; the size-minded `lambda` profile.
PATH="$venv/bin:$PATH" cargo lambda build --profile lambda --locked \
    --package csirt-intake --bin intake --package csirt-console --bin console \
    --no-default-features --features csirt-intake/aws,csirt-console/aws \
    --target x86_64-unknown-linux-gnu --output-format zip

# Each zip is written again from its bootstrap and the team file, so that a package built twice holds each once.
python3 - "${CARGO_TARGET_DIR:-$PWD/target}/lambda" "${CSIRT_CONFIG:-content/config.toml}" \
    "${CSIRT_SITE_OUTPUT:-public}" intake console <<'PY'
import os, re, sys, zipfile
lambda_dir, team_file, site, functions = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
layouts = ["_layout/intake.html", "en/_layout/intake.html"]
missing = [l for l in layouts if not os.path.isfile(os.path.join(site, l))]
if missing:
    print(f"package: no {', '.join(missing)} under {site}/ (run `csirt build` first): the intake's pages for "
          "browsers without JavaScript will use their plain layout", file=sys.stderr)
with open(team_file, encoding="utf-8") as f:
    text = f.read()
found = re.search(r'^sop_profile\s*=\s*"([^"]+)"', text, re.M)
profile = found and os.path.join(os.path.dirname(team_file), found.group(1))
for function in functions:
    package = os.path.join(lambda_dir, function, "bootstrap.zip")
    with zipfile.ZipFile(package) as z:
        info = z.getinfo("bootstrap")
        binary = z.read(info)
    with zipfile.ZipFile(package + ".new", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(info, binary)
        z.write(team_file, "content/config.toml")
        if profile and os.path.isfile(profile):
            z.write(profile, "content/" + found.group(1))
        if function == "intake" and not missing:
            for layout in layouts:
                z.write(os.path.join(site, layout), "site/" + layout)
    os.replace(package + ".new", package)
    print(f"package: {package}: {os.path.getsize(package)} bytes "
          f"(bootstrap {len(binary)} bytes unpacked)", file=sys.stderr)
PY
