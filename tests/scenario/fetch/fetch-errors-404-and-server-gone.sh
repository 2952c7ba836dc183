#!/bin/sh
# Errors name the wheel, the URL and the reason: a 404 at once, without retry, while the
# other wheels of the run are kept; a server that is gone after pip's retries; a server
# killed in the middle of a download.  No temporary file outlives any of them.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"

index_start
base=http://127.0.0.1:$PORT
w=alpha-1.0-py3-none-any.whl
get_lines "$base" "$T/d1" $w >"$T/req"
sed 's/alpha-1\.0/nope-1.0/g' "$T/req" >>"$T/req"
run "$FETCH" <"$T/req"
expect_rc 1
expect_err_exact "venvmk: nope-1.0-py3-none-any.whl: $base/files/nope-1.0-py3-none-any.whl: 404 Not Found"
[ "$(index_requests "/files/nope-1.0-py3-none-any.whl 404")" -eq 1 ] || fail "a 404 was retried"
cmp -s "$WHEELS/$w" "$T/d1/$w" || fail "the good wheel of the run was not kept"
[ "$(ls -A "$T/d1")" = $w ] || fail "the 404 left something: $(ls -A "$T/d1")"

# the server gone: connection refused, retried, then named
index_stop
get_lines "$base" "$T/d2" $w >"$T/req"
run "$FETCH" <"$T/req"
expect_rc 1
expect_err "venvmk: $w: $base/files/$w: Failed to connect to 127.0.0.1 port $PORT"
expect_err "(after 5 retries)"
[ ! -d "$T/d2" ] || [ -z "$(ls -A "$T/d2")" ] || fail "a failed download left something"

# killed while it answers: the server waits 2 s before each response
index_start --delay-ms 2000
base=http://127.0.0.1:$PORT
get_lines "$base" "$T/d3" $w >"$T/req"
printf 'option\tretries\t1\n' >>"$T/req"
"$FETCH" <"$T/req" >"$T/out" 2>"$T/err" &
pid=$!
i=0
until [ -n "$(find "$T/d3" -name '.fetch-*' 2>/dev/null)" ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "no download started"
	sleep 0.05
done
sleep 0.2
index_stop
set +e
wait $pid
rc=$?
set -e
cat "$T/err" >&2
expect_rc 1
expect_err "venvmk: $w: $base/files/$w: "
expect_err "(after 1 retry)"
expect_no_temp_files "$T/d3"
[ ! -e "$T/d3/$w" ] || fail "a download cut by the server's death was kept"
