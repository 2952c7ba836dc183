#!/bin/sh
# Two machines share a remote cache (nginx on 127.0.0.1, in Bazel's layout). Machine A syncs
# from the index and pushes: the wheels to cas/ before the record to ac/. Machine B, with an
# empty cache and the index server stopped, recreates the same declaration with no pip run
# and no index request: a working console script, site-packages file for file as A's; it
# only reads (no PUT), and its next syncs ask the remote nothing. A's second push sends no
# blob again (HEAD hits). A no-op and check with a remote configured start no venvmk-fetch
# and make no request; the remote is no input (changing it rebuilds nothing).
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/remotelib.sh"
index_start
remote_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
unset VENVMK_REMOTE_CACHE VENVMK_REMOTE_CACHE_WRITE VENVMK_REMOTE_CACHE_TOKEN || true
# pip resolves through the index (pip download), whichever resolver is the default
export VENVMK_RESOLVE=download
reqs='beta==1.0\ngamma==1.5\nhello-cli\n'
want="$(printf 'alpha==2.0\nbeta==1.0\ngamma==1.5\nhello-cli==1.0')"

# machine A: resolves through the index, then pushes
mkdir -p "$T/a" "$T/b"
cd "$T/a"
printf "$reqs" > requirements.txt
export VENVMK_CACHE_DIR="$T/cache-a"
vm --remote-cache="$REMOTE_URL" --remote-cache-write sync
expect_rc 0
expect_err "pushed to the remote cache: 4 of 4 wheels"
[ "$(remote_requests 'PUT /cache/cas/[0-9a-f]* 201')" -eq 4 ] || { cat "$REMOTE_LOG"; fail "A did not push its 4 wheels"; }
[ "$(remote_requests 'PUT /cache/ac/[0-9a-f]* 201')" -eq 1 ] || fail "A did not push the record"
# blobs before the record that names them
[ "$(grep -n PUT "$REMOTE_LOG" | tail -n 1 | grep -c /ac/)" -eq 1 ] || fail "the record went before a blob"
remote_blobs_intact
[ "$(index_requests)" -gt 0 ] || fail "A made no index request"

# A pushes again (a recreate): every HEAD hits, no PUT
rm -rf .venv
: > "$REMOTE_LOG"
vm --remote-cache="$REMOTE_URL" --remote-cache-write -v sync
expect_rc 0
[ "$(remote_requests PUT)" -eq 0 ] || { cat "$REMOTE_LOG"; fail "A's second push sent something again"; }
[ "$(remote_requests 'HEAD /cache/cas/[0-9a-f]* 200')" -eq 4 ] || { cat "$REMOTE_LOG"; fail "A's second push did not HEAD its 4 wheels"; }
expect_err "has this resolution and its 4 wheels already"

# machine B: an empty cache, the same index URL (an input), the index stopped
index_stop
: > "$INDEX_LOG"
: > "$REMOTE_LOG"
cd "$T/b"
printf "$reqs" > requirements.txt
export VENVMK_CACHE_DIR="$T/cache-b" VENVMK_REMOTE_CACHE="$REMOTE_URL"
trace_reset
vm sync
expect_rc 0
expect_pip_runs 0
expect_err "from the remote cache: the resolution and 4 of its 4 wheels"
[ "$(index_requests)" -eq 0 ] || fail "B asked the index"
[ "$(remote_requests 'GET /cache/ac/[0-9a-f]* 200')" -eq 1 ] || { cat "$REMOTE_LOG"; fail "B did not get the record"; }
[ "$(remote_requests 'GET /cache/cas/[0-9a-f]* 200')" -eq 4 ] || { cat "$REMOTE_LOG"; fail "B did not get the 4 wheels"; }
[ "$(remote_requests PUT)" -eq 0 ] || fail "B, reading only, sent a PUT"
[ "$(remote_requests HEAD)" -eq 0 ] || fail "B, reading only, sent a HEAD"
expect_installed .venv "$want"
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "B's console script"
# file for file, byte for byte (but the bytecode, which records its source's mtime, and the
# scripts and RECORD, which name the env's own path)
site() { (cd "$1"/lib/python3*/site-packages && find . -type f ! -name '*.pyc' ! -name RECORD -print0 | sort -z | xargs -0 sha256sum); }
site "$T/a/.venv" > "$T/site-a"
site "$T/b/.venv" > "$T/site-b"
diff -u "$T/site-a" "$T/site-b" || fail "B's site-packages differs from A's"
(cd "$T/a/.venv"/lib/python3*/site-packages && find . -type f | sort) > "$T/files-a"
(cd "$T/b/.venv"/lib/python3*/site-packages && find . -type f | sort) > "$T/files-b"
diff -u "$T/files-a" "$T/files-b" || fail "B's site-packages holds other files than A's"

# B again: a no-op, check, then a recreate from its own cache: no request to the remote
: > "$REMOTE_LOG"
trace_reset
vm sync
expect_rc 0
vm check
expect_rc 0
[ "$(fetches)" -eq 0 ] || fail "a no-op or check started venvmk-fetch"
rm -rf .venv
vm sync
expect_rc 0
expect_pip_runs 0
[ "$(remote_requests)" -eq 0 ] || { cat "$REMOTE_LOG"; fail "B's second sync asked the remote"; }

# the remote is no input: another URL, or none, rebuilds nothing
vm --remote-cache=http://127.0.0.1:9/nothing sync
expect_rc 0
expect_no_err
VENVMK_REMOTE_CACHE= vm check
expect_rc 0

# pruning A's cache takes the wheels it kept for pushing with their entries
VENVMK_CACHE_DIR=$T/cache-a vm cache prune --older-than=0
expect_rc 0
[ -z "$(ls -A "$T/cache-a/blobs")" ] || fail "cache prune left the kept wheels"
