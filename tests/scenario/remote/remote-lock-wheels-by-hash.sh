#!/bin/sh
# An env installed from a lock (a pylock.toml whose wheels carry a url) shares its wheels
# through the remote cache by their sha256: machine A pushes them (no record: a lock needs
# no resolution) and, the second time, sends none again; machine B, with an empty cache and
# the server of the lock's urls stopped, takes every wheel from the remote: no request
# elsewhere, no pip, a working console script.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/locklib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/remotelib.sh"
index_start
remote_start
unset VENVMK_REMOTE_CACHE VENVMK_REMOTE_CACHE_WRITE VENVMK_REMOTE_CACHE_TOKEN || true
export PIP_INDEX_URL="http://127.0.0.1:1/simple/"
base=http://127.0.0.1:$PORT/files
pylock_head 'requires-python = ">=3.8"'
for w in alpha:2.0:alpha-2.0-py3-none-any.whl beta:2.0:beta-2.0-py3-none-any.whl hello-cli:1.0:hello_cli-1.0-py3-none-any.whl; do
	f=${w##*:} nv=${w%:*}
	printf '\n[[packages]]\nname = "%s"\nversion = "%s"\n[[packages.wheels]]\nurl = "%s/%s"\nsize = %s\nhashes = {sha256 = "%s"}\n' \
		"${nv%%:*}" "${nv#*:}" "$base" "$f" "$(size_of "$WHEELS/$f")" "$(sha_of "$WHEELS/$f")" >> pylock.toml
done
want="$(printf 'alpha==2.0\nbeta==2.0\nhello-cli==1.0')"

# machine A: from the lock's urls, then pushed
VENVMK_CACHE_DIR=$T/cache-a vm --lock pylock.toml --remote-cache="$REMOTE_URL" --remote-cache-write sync
expect_rc 0
expect_err "pushed to the remote cache: 3 of 3 wheels"
[ "$(remote_requests 'PUT /cache/cas/[0-9a-f]* 201')" -eq 3 ] || { cat "$REMOTE_LOG"; fail "A did not push 3 wheels"; }
[ "$(remote_requests 'PUT /cache/ac/')" -eq 0 ] || fail "A pushed a record for a lock"
remote_blobs_intact
# again: nothing fetched, nothing sent
rm -rf .venv
: > "$REMOTE_LOG"
VENVMK_CACHE_DIR=$T/cache-a vm --lock pylock.toml --remote-cache="$REMOTE_URL" --remote-cache-write sync
expect_rc 0
[ "$(remote_requests PUT)" -eq 0 ] || fail "A's second push sent a wheel again"

# machine B: the lock's server stopped
index_stop
: > "$INDEX_LOG"
: > "$REMOTE_LOG"
rm -rf .venv
trace_reset
VENVMK_CACHE_DIR=$T/cache-b vm --lock pylock.toml --remote-cache="$REMOTE_URL" sync
expect_rc 0
expect_pip_runs 0
expect_err "from the remote cache: 3 of 3 wheels"
[ "$(index_requests)" -eq 0 ] || fail "B asked the lock's server"
[ "$(remote_requests 'GET /cache/cas/[0-9a-f]* 200')" -eq 3 ] || { cat "$REMOTE_LOG"; fail "B did not get the 3 wheels"; }
[ "$(remote_requests PUT)" -eq 0 ] || fail "B, reading only, sent a PUT"
expect_installed .venv "$want"
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "console script"
