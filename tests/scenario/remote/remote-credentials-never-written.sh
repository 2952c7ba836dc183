#!/bin/sh
# A remote cache that asks for credentials: a password in the URL (from venv.conf's top
# level, or $VENVMK_REMOTE_CACHE), ~/.netrc, or a token ($VENVMK_REMOTE_CACHE_TOKEN, sent as
# "Authorization: Bearer"). Each works for pushing and reading, and none appears in any file
# under the state dir or the cache, nor in any output, even with -v.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/remotelib.sh"
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
unset VENVMK_REMOTE_CACHE VENVMK_REMOTE_CACHE_WRITE VENVMK_REMOTE_CACHE_TOKEN || true
# pip resolves through the index (pip download), whichever resolver is the default
export VENVMK_RESOLVE=download
secret=pa55-R3mote-w0rd
token=t0ken-R3mote-xyz
mkdir -p "$REMOTE_DIR"
printf 'user:{PLAIN}%s\n' "$secret" > "$REMOTE_DIR/htpasswd"
remote_start "auth_basic cache; auth_basic_user_file $REMOTE_DIR/htpasswd;"
url=http://user:$secret@127.0.0.1:$REMOTE_PORT/cache
: > "$T/all"
keep() { cat "$T/out" "$T/err" >> "$T/all"; }
secrets_nowhere() {
	grep -F -e "$secret" -e "$token" "$T/all" && fail "a credential was printed"
	grep -rlF -e "$secret" -e "$token" "$T"/*/.venv.venvmk "$T"/cache-* "$T/trace" && fail "a credential was written to a file"
	return 0
}

# machine A: the URL with its password in venv.conf's top level, writing on
mkdir -p "$T/a" "$T/b" "$T/c" "$T/d" "$T/e"
for m in a b c d e; do printf 'beta==1.0\n' > "$T/$m/requirements.txt"; done
cd "$T/a"
cat > venv.conf <<CONF
remote-cache = "$url"
remote-cache-write = true
env "dev" {
  requirements = {"requirements.txt"}
}
CONF
VENVMK_CACHE_DIR=$T/cache-a vm -v sync
keep
expect_rc 0
expect_err "pushed to the remote cache: 2 of 2 wheels"
expect_err "user:****@127.0.0.1:$REMOTE_PORT"
for cmd in "show" "show --json" "check" "inputs" "-v sync"; do
	VENVMK_CACHE_DIR=$T/cache-a vm $cmd
	keep
done
index_stop

# machine B: the URL from the environment
cd "$T/b"
trace_reset
VENVMK_CACHE_DIR=$T/cache-b VENVMK_REMOTE_CACHE=$url vm -v sync
keep
expect_rc 0
expect_pip_runs 0
expect_err "from the remote cache: the resolution and 2 of its 2 wheels"

# machine C: the password from ~/.netrc, the URL names none
cd "$T/c"
printf 'machine 127.0.0.1\nlogin user\npassword %s\n' "$secret" > "$HOME/.netrc"
chmod 600 "$HOME/.netrc"
trace_reset
VENVMK_CACHE_DIR=$T/cache-c vm -v --remote-cache="http://127.0.0.1:$REMOTE_PORT/cache" sync
keep
expect_rc 0
expect_pip_runs 0
expect_err "from the remote cache"
rm -f "$HOME/.netrc"
secrets_nowhere

# a server that wants a token, empty
remote_stop
rm -rf "$REMOTE_ROOT/cache"
remote_start "if (\$http_authorization != \"Bearer $token\") { return 401; }"
export VENVMK_REMOTE_CACHE="http://127.0.0.1:$REMOTE_PORT/cache" VENVMK_REMOTE_CACHE_TOKEN=$token
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
cd "$T/d"
VENVMK_CACHE_DIR=$T/cache-d VENVMK_REMOTE_CACHE_WRITE=1 vm -v sync
keep
expect_rc 0
expect_err "pushed to the remote cache: 2 of 2 wheels"
index_stop
cd "$T/e"
trace_reset
VENVMK_CACHE_DIR=$T/cache-e vm -v sync
keep
expect_rc 0
expect_pip_runs 0
expect_err "from the remote cache"
[ "$(remote_requests ' 401')" -eq 0 ] || fail "the token was refused"
secrets_nowhere
