#!/bin/sh
# An S3 remote cache that refuses the credentials, one that checks the signatures, and a
# push that finds a key already there.
# - s3rver and a key it does not know (it answers 403 to everything): reading is a miss and
#   the sync goes on through the index; writing is turned off with one warning (a HEAD's 403
#   means "not there" on S3, to whom may not list the bucket: the PUT tells).
# - tests/s3sigv4server.py, which checks each request's SigV4 signature, the body's sha256,
#   the region and the session token (s3rver checks none of them), and answers a HEAD or GET
#   of a missing key 403 (no s3:ListBucket): the right secret pushes and a new machine reads
#   it all with the index stopped; a wrong secret is refused like the unknown key.
# - a PUT with If-None-Match: * of a key that exists: 412, which counts as pushed.
# The secret key and the token are in no output and no file.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/remotelib.sh"
s3_start
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
unset VENVMK_REMOTE_CACHE VENVMK_REMOTE_CACHE_WRITE VENVMK_REMOTE_CACHE_TOKEN || true
export VENVMK_RESOLVE=download
secret=r1ght-S3cr3t-K3y-qrs
wrong=wr0ng-S3cr3t-K3y-tuv
token=s3ss10n-T0k3n-def
export VENVMK_REMOTE_CACHE=s3://venvmk-cache/ci AWS_SESSION_TOKEN=$token
: > "$T/all"
keep() { cat "$T/out" "$T/err" >> "$T/all"; }
remote_project

# s3rver, a key it does not know: a miss, through the index, one warning for writing
export AWS_ACCESS_KEY_ID=NOSUCHKEY AWS_SECRET_ACCESS_KEY=$secret
remote_machine --remote-cache-write -v
keep
expect_pip_runs 1
expect_err "the remote cache has no record of this fingerprint"
[ "$(grep -c 'the remote cache refuses writing (403)' "$T/err")" -eq 1 ] || fail "not one warning for writing"
expect_err "PUT http://127.0.0.1:$S3_PORT/venvmk-cache/ci/cas/"
[ "$(grep -c 'Stored object' "$S3_LOG")" -eq 0 ] || fail "a refused key stored something"
s3_stop

# a server that checks the signatures: the same machine's next recreate (from its cache) pushes
s3v4_start --key AKIDVENVMK --secret "$secret" --region eu-west-3 --token "$token" --no-list
export AWS_ENDPOINT_URL=http://127.0.0.1:$S3V4_PORT AWS_ACCESS_KEY_ID=AKIDVENVMK AWS_REGION=eu-west-3
pusher=$REMOTE_MACHINE
rm -rf .venv
trace_reset
VENVMK_CACHE_DIR=$T/cache-$pusher vm --remote-cache-write sync
keep
expect_rc 0
expect_pip_runs 0
expect_err "pushed to the remote cache: 4 of 4 wheels ("
[ "$(grep -c '^PUT /venvmk-cache/ci/cas/[0-9a-f]* 200$' "$S3V4_LOG")" -eq 4 ] || { cat "$S3V4_LOG" "$T/s3v4.err"; fail "the wheels were not stored"; }
[ "$(grep -c '^PUT /venvmk-cache/ci/ac/[0-9a-f]* 200$' "$S3V4_LOG")" -eq 1 ] || fail "the record was not stored"
[ "$(grep -c '^HEAD .* 403$' "$S3V4_LOG")" -eq 5 ] || fail "the HEADs were not answered 403"
[ ! -s "$T/s3v4.err" ] || { cat "$T/s3v4.err"; fail "a request was refused"; }

# a wrong secret: refused (SignatureDoesNotMatch), one warning
: > "$S3V4_LOG"
rm -rf .venv
AWS_SECRET_ACCESS_KEY=$wrong VENVMK_CACHE_DIR=$T/cache-$pusher vm --remote-cache-write sync
keep
expect_rc 0
[ "$(grep -c 'the remote cache refuses writing (403)' "$T/err")" -eq 1 ] || fail "not one warning for a wrong secret"
[ "$(grep -c ' 200$' "$S3V4_LOG")" -eq 0 ] || fail "a wrong secret was let in"
grep -q 'SignatureDoesNotMatch' "$T/s3v4.err" || fail "the server did not see a bad signature"

# a key already there: the PUT with If-None-Match: * answers 412, no failure
sha=$(sha256sum "$WHEELS/gamma-1.5-py3-none-any.whl" | cut -d' ' -f1)
printf 'option\ts3\teu-west-3\noption\taws-key\tAKIDVENVMK\noption\taws-secret\t%s\noption\taws-token\t%s\nput\t%s/venvmk-cache/ci/cas/%s\t%s\tgamma\n' \
	"$secret" "$token" "$AWS_ENDPOINT_URL" "$sha" "$WHEELS/gamma-1.5-py3-none-any.whl" >"$T/in"
run "$VENVMK_FETCH" -v <"$T/in"
keep
expect_rc 0
[ "$(cat "$T/out")" = "$(printf 'gamma\t412')" ] || fail "an existing key was not answered 412"

# a new machine reads it all, each request signed, with the index stopped
index_stop
remote_machine -v
keep
expect_pip_runs 0
expect_err "from the remote cache: the resolution and 4 of its 4 wheels"

# no AWS variable but the profile's name: its keys, token, region and endpoint from the AWS
# CLI's files, as botocore reads them (the keys from credentials, the rest from config)
s3v4_end=$AWS_ENDPOINT_URL
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_REGION AWS_ENDPOINT_URL
mkdir -p "$HOME/.aws"
printf '[default]\naws_access_key_id = NOSUCHKEY\naws_secret_access_key = %s\n\n[team]\n# the CI user\nAWS_Access_Key_ID = AKIDVENVMK\naws_secret_access_key=%s\naws_session_token = %s\n' \
	"$wrong" "$secret" "$token" >"$HOME/.aws/credentials"
printf '[default]\nregion = us-east-1\n\n[profile team]\nregion = eu-west-3\nendpoint_url = %s\ns3 =\n    addressing_style = path\n' \
	"$s3v4_end" >"$HOME/.aws/config"
AWS_PROFILE=team remote_machine -v
keep
expect_pip_runs 0
expect_err "from the remote cache: the resolution and 4 of its 4 wheels"
# a profile that is in neither file: said once, and the requests go unsigned (refused here:
# a miss, through the index)
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
AWS_PROFILE=nosuch AWS_ENDPOINT_URL=$s3v4_end remote_machine
keep
[ "$(grep -c "AWS profile 'nosuch' is in neither" "$T/err")" -eq 1 ] || fail "a missing profile was not told once"
expect_pip_runs 1
rm -r "$HOME/.aws"

grep -F -e "$secret" -e "$wrong" -e "$token" "$T/all" && fail "a credential was printed"
grep -rlF -e "$secret" -e "$wrong" -e "$token" "$T"/cache-* "$T/p/.venv.venvmk" "$T/trace" && fail "a credential was written to a file"
exit 0
