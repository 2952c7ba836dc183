#!/bin/sh
# What pip retries, venvmk-fetch retries: 500s, then success; a body cut short of its
# Content-Length, then success.  With pip's backoff (VENVMK_FETCH_BACKOFF_MS the factor):
# none before the first retry, then factor*2, factor*4...  Past the retries, an error names
# the wheel, the URL, the status and the count; the file is not left behind.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"

index_start --fail 3
base=http://127.0.0.1:$PORT
w=alpha-1.0-py3-none-any.whl

# three 500s, then the file; backoff 0 + 0.2 + 0.4 s with a factor of 100 ms
get_lines "$base" "$T/d1" $w >"$T/req"
start=$(date +%s%N)
VENVMK_FETCH_BACKOFF_MS=100 run "$FETCH" -v <"$T/req"
ms=$((($(date +%s%N) - start) / 1000000))
expect_rc 0
cmp -s "$WHEELS/$w" "$T/d1/$w" || fail "$w did not land after 500s"
[ "$(index_requests "GET /files/$w 500")" -eq 3 ] || fail "not three 500s in the log"
[ "$(index_requests "GET /files/$w 200")" -eq 1 ] || fail "not one 200 in the log"
expect_err "venvmk: $w: $base/files/$w: 500 Internal Server Error, retry 1 of 5 in 0.00 s"
expect_err "retry 2 of 5 in 0.20 s"
expect_err "retry 3 of 5 in 0.40 s"
[ "$ms" -ge 600 ] || fail "three retries took $ms ms: no backoff"

# more 500s than retries: the error, after the retries
: >"$T/index.log"
index_control fail=10
get_lines "$base" "$T/d2" $w >"$T/req"
printf 'option\tretries\t2\n' >>"$T/req"
run "$FETCH" <"$T/req"
expect_rc 1
expect_err_exact "venvmk: $w: $base/files/$w: 500 Internal Server Error (after 2 retries)"
[ "$(index_requests "GET /files/$w 500")" -eq 3 ] || fail "not 1 + 2 retries in the log"
[ ! -e "$T/d2/$w" ] || fail "a failed download left a file"
expect_no_temp_files "$T/d2"

index_control 'fail=0&cut=1'

# a body cut short, then whole
: >"$T/index.log"
w=beta-1.0-py3-none-any.whl
get_lines "$base" "$T/d3" $w >"$T/req"
run "$FETCH" -v <"$T/req"
expect_rc 0
cmp -s "$WHEELS/$w" "$T/d3/$w" || fail "$w did not land whole after a cut body"
[ "$(index_requests "GET /files/$w 200")" -eq 2 ] || fail "the cut body was not fetched again"
expect_err "retry 1 of 5"

# cut every time: the error says so
index_control cut=10
get_lines "$base" "$T/d4" $w >"$T/req"
printf 'option\tretries\t1\n' >>"$T/req"
run "$FETCH" <"$T/req"
expect_rc 1
expect_err "venvmk: $w: $base/files/$w: "
expect_err "(after 1 retry)"
[ ! -e "$T/d4/$w" ] || fail "a cut body was kept"
expect_no_temp_files "$T/d4"
