#!/bin/sh
# An index over HTTPS with a certificate from a test CA: PIP_CERT naming that CA makes
# venvmk's downloads work; without it they are refused with a message naming the URL.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
# the dry run and venvmk's own downloader (pip download, which pips before 25.3 get by
# default, has a test of its own: index-pip-download-keeps-its-files)
export VENVMK_RESOLVE=dry-run
command -v openssl >/dev/null || { echo "SKIP: no openssl"; exit 77; }
sh "$srcdir/tests/mkcert.sh" "$T/ca" >/dev/null
index_start --tls "$T/ca/server.pem" "$T/ca/server.key"
export PIP_INDEX_URL="https://127.0.0.1:$PORT/simple/" PIP_CERT="$T/ca/ca.pem"
printf 'gamma==1.5\n' > requirements.txt
trace_reset
vm sync
expect_rc 0
[ "$(fetches)" -eq 1 ] || fail "venvmk-fetch did not run"
expect_installed .venv 'gamma==1.5'

# the resolution is cached; the wheel is not: venvmk's download alone meets the certificate
rm -rf .venv "$VENVMK_CACHE_DIR/wheels"
unset PIP_CERT
export PIP_CONFIG_FILE="$T/pip.conf"
printf '[global]\ncert = %s\n' "$T/ca/ca.pem" > "$T/pip.conf"
vm sync
expect_rc 0
expect_installed .venv 'gamma==1.5'

# the same resolution, the wheel gone from the cache, and the CA file now another CA's:
# venvmk's own download is refused, with a message naming the URL
sh "$srcdir/tests/mkcert.sh" "$T/other" >/dev/null
cp "$T/other/ca.pem" "$T/ca/ca.pem"
rm -rf .venv "$VENVMK_CACHE_DIR/wheels"
export PIP_RETRIES=0
trace_reset
vm sync
expect_rc 1
[ "$(fetches)" -ge 1 ] || fail "venvmk-fetch did not run"
expect_err "https://127.0.0.1:$PORT/files/gamma-1.5-py3-none-any.whl: SSL certificate problem"
[ ! -e .venv/bin/gamma ] || fail "installed without a trusted certificate"
exit 0
