#!/bin/sh
# An index that asks for basic auth: venvmk-fetch uses the credentials of the URL
# (percent-decoded, as pip does) or, when the URL has none, those of a netrc file ($HOME's,
# $NETRC, or the netrc option).  Refused credentials fail at once with a 401 naming the
# URL, redacted as pip redacts it.  The password appears in no output, not even with -v.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"

pw='s3cr@t:pw'
index_start --auth "alice:$pw"
w=alpha-1.0-py3-none-any.whl
h=127.0.0.1:$PORT
: >"$T/all"
fetch() {
	run "$FETCH" -v "$@" <"$T/req"
	cat "$T/out" "$T/err" >>"$T/all"
}

# in the URL: "@" percent-encoded, the second ":" as it is
get_lines "http://alice:s3cr%40t:pw@$h" "$T/d1" $w >"$T/req"
fetch
expect_rc 0
cmp -s "$WHEELS/$w" "$T/d1/$w" || fail "$w did not land"
expect_err "venvmk: http://alice:****@$h/files/$w: "

# a wrong password: one request, a 401, no retry
: >"$T/index.log"
get_lines "http://alice:wrong@$h" "$T/d2" $w >"$T/req"
fetch
expect_rc 1
expect_err "venvmk: $w: http://alice:****@$h/files/$w: 401 Unauthorized"
[ "$(index_requests "/files/$w 401")" -eq 1 ] || fail "a 401 was retried"
[ ! -e "$T/d2/$w" ] || fail "a refused download left a file"
expect_no_temp_files "$T/d2"

# a token alone (user, no password) is shown as ****
get_lines "http://tok3n@$h" "$T/d2" $w >"$T/req"
fetch
expect_rc 1
expect_err "venvmk: $w: http://****@$h/files/$w: 401 Unauthorized"

# no credentials and no netrc
get_lines "http://$h" "$T/d2" $w >"$T/req"
fetch
expect_rc 1
expect_err "venvmk: $w: http://$h/files/$w: 401 Unauthorized"

# ~/.netrc (a temporary HOME)
printf 'machine 127.0.0.1\nlogin alice\npassword %s\n' "$pw" >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
fetch
expect_rc 0
cmp -s "$WHEELS/$w" "$T/d2/$w" || fail "$w did not land with ~/.netrc"
rm "$HOME/.netrc"

# $NETRC, then the netrc option
printf 'machine 127.0.0.1 login alice password %s\n' "$pw" >"$T/netrc"
get_lines "http://$h" "$T/d3" $w >"$T/req"
NETRC=$T/netrc fetch
expect_rc 0
[ -e "$T/d3/$w" ] || fail "\$NETRC was not used"
get_lines "http://$h" "$T/d4" $w >"$T/req"
printf 'option\tnetrc\t%s\n' "$T/netrc" >>"$T/req"
fetch
expect_rc 0
[ -e "$T/d4/$w" ] || fail "the netrc option was not used"

# credentials in the URL win over netrc
get_lines "http://alice:wrong@$h" "$T/d5" $w >"$T/req"
printf 'option\tnetrc\t%s\n' "$T/netrc" >>"$T/req"
fetch
expect_rc 1
expect_err "401 Unauthorized"

! grep -q 's3cr' "$T/all" || fail "the password was printed"
! grep -q 'wrong' "$T/all" || fail "a wrong password was printed"
! grep -q 'tok3n' "$T/all" || fail "a token was printed"
