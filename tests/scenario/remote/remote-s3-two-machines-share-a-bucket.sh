#!/bin/sh
# A remote cache in an S3 bucket (s3://BUCKET/PREFIX; npm's s3rver on 127.0.0.1, found through
# $AWS_ENDPOINT_URL, path style). Machine A syncs from the index and pushes, each request
# signed with AWS SigV4 from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY (a session token
# sent too): the wheels under PREFIX/cas/ before the record under PREFIX/ac/. Machine B, with no
# credentials (unsigned requests, as for a bucket anyone may read), an empty cache and the
# index stopped, recreates the same declaration with no pip run and no index request. Neither
# the secret key nor the token appears in any output or in any file under the state dirs and
# caches. s3rver checks the key's name, the date and the form of a signature, not the
# signature itself (README: "A remote cache in S3").
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/remotelib.sh"
s3_start
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
unset VENVMK_REMOTE_CACHE VENVMK_REMOTE_CACHE_WRITE VENVMK_REMOTE_CACHE_TOKEN || true
export VENVMK_RESOLVE=download
secret=s3cr3t-Acc3ss-K3y-xyz
token=s3ss10n-T0k3n-abc
export AWS_SECRET_ACCESS_KEY=$secret AWS_SESSION_TOKEN=$token AWS_REGION=eu-west-3
url=s3://venvmk-cache/team/py311
: > "$T/all"
keep() { cat "$T/out" "$T/err" >> "$T/all"; }
want="$(printf 'alpha==2.0\nbeta==1.0\ngamma==1.5\nhello-cli==1.0')"

# machine A: through the index, then pushed to the bucket
mkdir -p "$T/a" "$T/b"
cd "$T/a"
remote_project
VENVMK_CACHE_DIR=$T/cache-a vm --remote-cache="$url" --remote-cache-write -v sync
keep
expect_rc 0
expect_err "pushed to the remote cache: 4 of 4 wheels"
expect_err "PUT http://127.0.0.1:$S3_PORT/venvmk-cache/team/py311/cas/"
[ "$(grep -c 'Stored object "team/py311/cas/[0-9a-f]*" in bucket "venvmk-cache"' "$S3_LOG")" -eq 4 ] || { cat "$S3_LOG"; fail "A did not store its 4 wheels"; }
[ "$(grep -c 'Stored object "team/py311/ac/[0-9a-f]*"' "$S3_LOG")" -eq 1 ] || fail "A did not store the record"
[ "$(grep 'Stored object' "$S3_LOG" | tail -n 1 | grep -c /ac/)" -eq 1 ] || fail "the record went before a blob"
for o in "$S3_ROOT"/team/py311/cas/*._S3rver_object; do
	[ "$(sha256sum <"$o" | cut -d' ' -f1)" = "$(basename "$o" ._S3rver_object)" ] || fail "blob $o is damaged in the bucket"
done
# a second push finds it all there (HEAD), and stores nothing
rm -rf .venv
VENVMK_CACHE_DIR=$T/cache-a vm --remote-cache="$url" --remote-cache-write -v sync
keep
expect_rc 0
expect_err "has this resolution and its 4 wheels already"
[ "$(grep -c 'Stored object' "$S3_LOG")" -eq 5 ] || fail "A's second push stored something again"

# machine B: no credentials (unsigned), an empty cache, the index stopped
index_stop
: > "$INDEX_LOG"
cd "$T/b"
remote_project
trace_reset
run env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN VENVMK_CACHE_DIR="$T/cache-b" \
	VENVMK_REMOTE_CACHE="$url" "$VENVMK" -v sync
keep
expect_rc 0
expect_pip_runs 0
expect_err "from the remote cache: the resolution and 4 of its 4 wheels"
[ "$(index_requests)" -eq 0 ] || fail "B asked the index"
[ "$(grep -c 'Stored object' "$S3_LOG")" -eq 5 ] || fail "B, reading only, stored something"
expect_installed .venv "$want"
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "B's console script"

# the same with the key (signed), for show, check and a no-op: nothing printed or kept
for cmd in "show" "show --json" "check" "-v sync"; do
	VENVMK_CACHE_DIR=$T/cache-b VENVMK_REMOTE_CACHE=$url vm $cmd
	keep
done
grep -F -e "$secret" -e "$token" "$T/all" && fail "a credential was printed"
grep -rlF -e "$secret" -e "$token" "$T"/*/.venv.venvmk "$T"/cache-* "$T/trace" "$S3_DIR/data" && fail "a credential was written to a file"

# a bad s3 URL is refused, naming what is wrong
vm --remote-cache=s3://Bad_Bucket/x sync
expect_rc 2
expect_err "remote cache 's3://Bad_Bucket/x': the bucket must be"
exit 0
