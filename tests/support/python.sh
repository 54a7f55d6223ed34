# Python tools from PyPI, installed by version and SHA-256: sourced, not run.
#
# Each tool set is a requirements file compiled by pip-compile (pip-tools) from a `.in` file beside it, every
# package (dependencies included) pinned by version and by the hashes of its files; the command that wrote it is in
# its header. To change a version: edit the `.in` file and run that command again.

# install_pinned VENV REQUIREMENTS: installs REQUIREMENTS (a hash-pinned requirements file) into the virtual
# environment VENV, creating it when missing, with pip's hash-checking mode and without resolving anything else;
# skipped while the file is unchanged since its last install there (its SHA-256 is kept in the environment).
install_pinned() {
    local venv="$1" requirements="$2"
    local stamp wanted
    stamp="$venv/.installed-$(basename "$requirements").sha256"
    wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
    if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
        return 0
    fi
    echo "installing the hash-pinned Python packages of ${requirements#"$PWD/"} into .venv" >&2
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$requirements"
    echo "$wanted" >"$stamp"
}
