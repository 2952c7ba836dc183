#!/bin/sh
# Proxies as pip and libcurl take them: "option proxy" (pip's --proxy, credentials in its
# URL), or http_proxy from the environment, with no_proxy for the hosts that go direct.  A
# second index server stands in for the proxy: it answers requests in absolute form.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"

index_start
iport=$PORT
index_start --log "$T/proxy.log" --proxy-auth 'bob:pr0xy%pw'
pport=$PORT
w=alpha-1.0-py3-none-any.whl
url=http://127.0.0.1:$iport/files/$w
: >"$T/all"
fetch() {
	run "$FETCH" -v <"$T/req"
	cat "$T/out" "$T/err" >>"$T/all"
}

get_lines "http://127.0.0.1:$iport" "$T/d1" $w >"$T/req"
printf 'option\tproxy\thttp://bob:pr0xy%%25pw@127.0.0.1:%s\n' "$pport" >>"$T/req"
fetch
expect_rc 0
cmp -s "$WHEELS/$w" "$T/d1/$w" || fail "$w did not land through the proxy"
[ "$(index_requests "GET $url 200" "$T/proxy.log")" -eq 1 ] || fail "the proxy did not serve $url"
[ ! -s "$T/index.log" ] || fail "the index was asked directly"

# refused by the proxy: a 407, not retried
get_lines "http://127.0.0.1:$iport" "$T/d2" $w >"$T/req"
printf 'option\tproxy\thttp://bob:wr0ng@127.0.0.1:%s\n' "$pport" >>"$T/req"
fetch
expect_rc 1
expect_err "venvmk: $w: $url: 407 Proxy Authentication Required"

# http_proxy from the environment; no_proxy sends 127.0.0.1 direct
get_lines "http://127.0.0.1:$iport" "$T/d3" $w >"$T/req"
http_proxy=http://bob:pr0xy%25pw@127.0.0.1:$pport fetch
expect_rc 0
[ "$(index_requests "GET $url 200" "$T/proxy.log")" -eq 2 ] || fail "http_proxy was not used"
get_lines "http://127.0.0.1:$iport" "$T/d4" $w >"$T/req"
http_proxy=http://127.0.0.1:$pport no_proxy=127.0.0.1 fetch
expect_rc 0
[ "$(index_requests "GET /files/$w 200" "$T/index.log")" -eq 1 ] || fail "no_proxy did not send the request direct"

! grep -q 'pr0xy\|wr0ng' "$T/all" || fail "a proxy password was printed"
