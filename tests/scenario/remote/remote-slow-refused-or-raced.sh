#!/bin/sh
# A remote cache that is slow, or refuses, or is raced never breaks a sync: a server that
# never answers costs a short timeout, then the sync goes through the index; one that
# refuses writing (403 on PUT) gets one warning and no record, and the sync succeeds; two
# machines pushing the same resolution at once leave intact blobs and one record, which
# then serves a third machine.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/remotelib.sh"
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
unset VENVMK_REMOTE_CACHE VENVMK_REMOTE_CACHE_WRITE VENVMK_REMOTE_CACHE_TOKEN || true
# pip resolves through the index (pip download), whichever resolver is the default
export VENVMK_RESOLVE=download
export VENVMK_REMOTE_CACHE_TIMEOUT=1
remote_project

# a server that takes the connection and never answers: the short timeout, then the index
$SPY -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
print(s.getsockname()[1], flush=True); time.sleep(60)' > "$T/mute.port" &
mute=$!
while [ ! -s "$T/mute.port" ]; do sleep 0.05; done
remote_machine --remote-cache="http://127.0.0.1:$(cat "$T/mute.port")/cache"
expect_pip_runs 1
kill "$mute"; wait "$mute" 2>/dev/null || true

# a server that refuses writing (403): one warning, the sync succeeds
remote_stop
remote_start 'limit_except GET HEAD { deny all; }'
remote_machine --remote-cache="$REMOTE_URL" --remote-cache-write
[ "$(grep -c 'refuses writing (403)' "$T/err")" -eq 1 ] || fail "not one warning of the refusal"
[ "$(remote_requests 'PUT /cache/ac/')" -eq 0 ] || fail "a record was sent after a refused blob"

# two machines pushing at once: the server ends with intact blobs and one record
remote_stop
remote_start
rm -rf .venv "$T/c" "$T/d"
pids=
for m in c d; do
	mkdir -p "$T/$m"
	cp requirements.txt "$T/$m/"
	(cd "$T/$m" && VENVMK_CACHE_DIR=$T/cache-$m "$VENVMK" -q --remote-cache="$REMOTE_URL" --remote-cache-write sync \
		>"$T/$m.out" 2>&1; echo $? > "$T/$m.rc") &
	pids="$pids $!"
done
for p in $pids; do wait "$p"; done
for m in c d; do
	[ "$(cat "$T/$m.rc")" -eq 0 ] || { cat "$T/$m.out"; fail "machine $m failed"; }
done
remote_blobs_intact
[ "$(ls "$REMOTE_ROOT/cache/cas" | wc -l)" -eq 4 ] || fail "not 4 blobs on the server"
[ "$(ls "$REMOTE_ROOT/cache/ac" | wc -l)" -eq 1 ] || fail "not 1 record on the server"
# and what they pushed serves a new machine
index_stop
remote_machine --remote-cache="$REMOTE_URL"
expect_pip_runs 0
