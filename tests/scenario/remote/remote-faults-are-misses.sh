#!/bin/sh
# Nothing wrong with a remote cache breaks a sync: each fault is a miss, and the sync goes on
# through the index as without the remote. A server stopped; a corrupted blob (refused, named with -v, never in the local cache); a
# record whose blob was deleted (a miss, and the next push sends that blob again).
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/remotelib.sh"
index_start
remote_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
unset VENVMK_REMOTE_CACHE VENVMK_REMOTE_CACHE_WRITE VENVMK_REMOTE_CACHE_TOKEN || true
# pip resolves through the index (pip download), whichever resolver is the default
export VENVMK_RESOLVE=download
export VENVMK_REMOTE_CACHE_TIMEOUT=1
remote_project

# the remote is down: through the index
remote_stop
remote_machine --remote-cache="$REMOTE_URL" --remote-cache-write
expect_pip_runs 1
expect_err "not pushed to the remote cache: no answer"

# the server is back: that machine's next recreate (from its own cache) pushes
remote_start
pusher=$REMOTE_MACHINE
rm -rf .venv
trace_reset
VENVMK_CACHE_DIR=$T/cache-$pusher vm --remote-cache="$REMOTE_URL" --remote-cache-write sync
expect_rc 0
expect_pip_runs 0
expect_err "pushed to the remote cache: 4 of 4 wheels"
gamma=$(sha256sum "$WHEELS/gamma-1.5-py3-none-any.whl" | cut -d' ' -f1)
blob=$REMOTE_ROOT/cache/cas/$gamma
[ -f "$blob" ] || fail "gamma's wheel is not on the server"

# a corrupted blob: refused, named with -v, the env built as without the remote
cp "$blob" "$T/gamma.good"
$SPY -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[len(b) // 2] ^= 1; open(p, "wb").write(bytes(b))' "$blob"
remote_machine --remote-cache="$REMOTE_URL" -v
expect_err "sha256 mismatch"
expect_err "lacks 1 of the 4 wheels"
expect_pip_runs 1
# the only gamma in the cache is the index's
[ "$(sha256sum "$T/cache-$REMOTE_MACHINE/wheels/$gamma/gamma/__init__.py" | cut -d' ' -f1)" = "$($SPY -c 'import hashlib, sys, zipfile; print(hashlib.sha256(zipfile.ZipFile(sys.argv[1]).read("gamma/__init__.py")).hexdigest())' "$WHEELS/gamma-1.5-py3-none-any.whl")" ] || fail "the cache's gamma is not the index's"
[ -z "$(find "$T/cache-$REMOTE_MACHINE" -name '.fetch-*')" ] || fail "the refused blob was left in the cache"

# a record whose blob was evicted: a miss
rm -f "$blob"
remote_machine --remote-cache="$REMOTE_URL"
expect_pip_runs 1
[ "$(index_requests "GET /files/gamma-1.5-py3-none-any.whl 200")" -gt 0 ] || fail "gamma did not come from the index"
# the pusher's next push sends that blob again (it kept its wheels), and nothing else
: > "$REMOTE_LOG"
rm -rf .venv
VENVMK_CACHE_DIR=$T/cache-$pusher vm --remote-cache="$REMOTE_URL" --remote-cache-write sync
expect_rc 0
[ "$(remote_requests 'PUT /cache/cas/')" -eq 1 ] || { cat "$REMOTE_LOG"; fail "the evicted blob was not pushed again, alone"; }
cmp "$blob" "$T/gamma.good" || fail "the blob pushed again differs"

