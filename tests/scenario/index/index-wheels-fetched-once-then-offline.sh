#!/bin/sh
# Through a package index: pip resolves once (its dry run), venvmk fetches the wheels
# itself into the cache and links them; a recreate of a fingerprint seen before makes
# no request at all and starts no pip.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
# the dry run and venvmk's own downloader (pip download, which pips before 25.3 get by
# default, has a test of its own: index-pip-download-keeps-its-files)
export VENVMK_RESOLVE=dry-run
# a wheelhouse of its own: the last part rebuilds a wheel in it
cp -R "$WHEELS" "$T/wheels"
WHEELS=$T/wheels
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"

printf 'beta==1.0\ngamma==1.5\nhello-cli\n' > requirements.txt
trace_reset
vm sync
expect_rc 0
expect_pip_runs 1
grep -q -- '--dry-run' "$T/trace" || fail "the one pip run is not the dry run"
[ "$(fetches)" -eq 1 ] || fail "venvmk-fetch ran $(fetches) times, expected 1"
expect_installed .venv "$(printf 'alpha==2.0\nbeta==1.0\ngamma==1.5\nhello-cli==1.0')"
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "console script"
[ "$(.venv/bin/beta-hello)" = "hello from beta 1.0" ] || fail "beta's script"
for w in alpha-2.0 beta-1.0 gamma-1.5 hello_cli-1.0; do
	[ "$(index_requests "GET /files/$w-py3-none-any.whl 200 venvmk/")" -eq 1 ] || fail "venvmk did not fetch $w once"
done
# linked from the cache: the module file is the cache's
ino_env=$(stat -c %i .venv/lib/python3*/site-packages/gamma/__init__.py)
find "$VENVMK_CACHE_DIR/wheels" -name __init__.py -inum "$ino_env" | grep -q . || fail "gamma is not linked from the cache"
# nothing of the downloads is left beside the cache
[ -z "$(ls -A "$VENVMK_CACHE_DIR/tmp" 2>/dev/null)" ] || fail "temporary files left: $(ls -A "$VENVMK_CACHE_DIR/tmp")"

# seen before: offline
: > "$T/index.log"
rm -rf .venv
trace_reset
vm sync
expect_rc 0
expect_pip_runs 0
[ "$(fetches)" -eq 0 ] || fail "venvmk-fetch ran on a seen fingerprint"
[ "$(index_requests)" -eq 0 ] || { cat "$T/index.log"; fail "requests made on a seen fingerprint"; }
expect_installed .venv "$(printf 'alpha==2.0\nbeta==1.0\ngamma==1.5\nhello-cli==1.0')"

# the cache lost its wheels but kept the resolution: fetched again, still no pip
rm -rf "$VENVMK_CACHE_DIR/wheels" .venv
trace_reset
vm sync
expect_rc 0
expect_pip_runs 0
[ "$(fetches)" -eq 1 ] || fail "the lost wheels were not fetched"
expect_installed .venv "$(printf 'alpha==2.0\nbeta==1.0\ngamma==1.5\nhello-cli==1.0')"

# the index rebuilt gamma since (same name, another hash) and the cache lost it: the
# cached resolution's file is refused, pip resolves again and venvmk links the new one.
# With -q the sync prints nothing: the refused fetch was made good, nothing failed.
rm -rf "$VENVMK_CACHE_DIR/wheels" .venv
$PY - "$WHEELS/gamma-1.5-py3-none-any.whl" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "a") as z:
    z.comment = b"rebuilt"
PY
trace_reset
vm -q sync
expect_rc 0
expect_pip_runs 1
expect_no_err
expect_installed .venv "$(printf 'alpha==2.0\nbeta==1.0\ngamma==1.5\nhello-cli==1.0')"
# without -q it says why pip ran again
rm -rf "$VENVMK_CACHE_DIR/wheels" .venv
$PY - "$WHEELS/gamma-1.5-py3-none-any.whl" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "a") as z:
    z.comment = b"rebuilt again"
PY
vm sync
expect_rc 0
expect_err "resolving again"
