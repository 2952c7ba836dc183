#!/bin/sh
# An S3 remote cache that refuses the credentials (a key it does not know: s3rver answers
# 403 to everything): reading is a miss and the sync goes on through the index; writing is
# turned off with one warning (the HEADs' 403 is no answer on S3, where a key one may not
# list answers 403 too: the PUT tells). The secret key is in no output and no file.
# With the right key, the same machine's next sync pushes.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/remotelib.sh"
s3_start
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
unset VENVMK_REMOTE_CACHE VENVMK_REMOTE_CACHE_WRITE VENVMK_REMOTE_CACHE_TOKEN || true
export VENVMK_RESOLVE=download
secret=wr0ng-S3cr3t-K3y-qrs
export AWS_SECRET_ACCESS_KEY=$secret VENVMK_REMOTE_CACHE=s3://venvmk-cache/ci
remote_project

# a key the server does not know: a miss, through the index, one warning for writing
export AWS_ACCESS_KEY_ID=NOSUCHKEY
remote_machine --remote-cache-write -v
expect_pip_runs 1
expect_err "the remote cache has no record of this fingerprint"
[ "$(grep -c 'the remote cache refuses writing (403)' "$T/err")" -eq 1 ] || fail "not one warning for writing"
expect_err "PUT http://127.0.0.1:$S3_PORT/venvmk-cache/ci/cas/"
[ "$(grep -c 'Stored object' "$S3_LOG")" -eq 0 ] || fail "a refused key stored something"
! grep -F "$secret" "$T/err" "$T/out" || fail "the secret was printed"
! grep -rlF "$secret" "$T"/cache-* "$T/p/.venv.venvmk" "$T/trace" || fail "the secret was written to a file"

# the right key: the same machine's next recreate (from its cache) pushes, and a new machine
# reads it all with the index stopped
export AWS_ACCESS_KEY_ID=S3RVER
rm -rf .venv
trace_reset
VENVMK_CACHE_DIR=$T/cache-1 vm --remote-cache-write sync
expect_rc 0
expect_pip_runs 0
expect_err "pushed to the remote cache: 4 of 4 wheels"
index_stop
remote_machine
expect_pip_runs 0
expect_err "from the remote cache: the resolution and 4 of its 4 wheels"
exit 0
