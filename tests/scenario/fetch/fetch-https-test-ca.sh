#!/bin/sh
# HTTPS with a certificate from a test CA: venvmk-fetch trusts it with "option cert" (pip's
# --cert), refuses it without, at once and with a message naming the URL, and skips the
# check for a trusted host (pip's --trusted-host, with or without the port).  A server
# that asks for a client certificate gets the one of "option client-cert".
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"

sh "$srcdir/tests/mkcert.sh" "$T/pki"
index_start --tls "$T/pki/server.pem" "$T/pki/server.key"
base=https://127.0.0.1:$PORT
w=alpha-1.0-py3-none-any.whl

get_lines "$base" "$T/d1" $w >"$T/req"
printf 'option\tcert\t%s\n' "$T/pki/ca.pem" >>"$T/req"
run "$FETCH" -v <"$T/req"
expect_rc 0
cmp -s "$WHEELS/$w" "$T/d1/$w" || fail "$w did not land over HTTPS"

get_lines "$base" "$T/d2" $w >"$T/req"
run "$FETCH" <"$T/req"
expect_rc 1
expect_err "venvmk: $w: $base/files/$w: SSL certificate problem"
! grep -q retries "$T/err" || fail "a certificate refused was retried"
[ ! -e "$T/d2/$w" ] || fail "a refused download left a file"
expect_no_temp_files "$T/d2"

for trusted in 127.0.0.1 "127.0.0.1:$PORT"; do
	rm -rf "$T/d2"
	printf 'option\ttrusted-host\t%s\n' "$trusted" >>"$T/req"
	run "$FETCH" <"$T/req"
	expect_rc 0
	[ -e "$T/d2/$w" ] || fail "trusted-host $trusted did not skip the check"
done
rm -rf "$T/d2"
get_lines "$base" "$T/d2" $w >"$T/req"
printf 'option\ttrusted-host\t127.0.0.1:1\noption\ttrusted-host\texample.org\n' >>"$T/req"
run "$FETCH" <"$T/req"
expect_rc 1
expect_err "SSL certificate problem"

# a server that wants a client certificate
index_start --tls "$T/pki/server.pem" "$T/pki/server.key" --client-ca "$T/pki/ca.pem"
get_lines "https://127.0.0.1:$PORT" "$T/d3" $w >"$T/req"
printf 'option\tcert\t%s\n' "$T/pki/ca.pem" >>"$T/req"
run "$FETCH" <"$T/req"
expect_rc 1
[ ! -e "$T/d3/$w" ] || fail "a server that wants a client certificate served without one"
printf 'option\tclient-cert\t%s\n' "$T/pki/client.pem" >>"$T/req"
run "$FETCH" <"$T/req"
expect_rc 0
cmp -s "$WHEELS/$w" "$T/d3/$w" || fail "$w did not land with a client certificate"
