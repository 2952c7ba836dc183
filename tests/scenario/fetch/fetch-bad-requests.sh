#!/bin/sh
# venvmk-fetch's standard input is checked before anything is fetched: a bad line stops it
# with status 2 and a message "stdin:LINE: ..." that shows no password.  No request, or an
# empty input, is a success that does nothing.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"

h=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
u='http://bob:hunter2@127.0.0.1:9/files/x-1.0-py3-none-any.whl'
bad() {
	printf "$1" >"$T/req"
	run "$FETCH" <"$T/req"
	expect_rc 2
	expect_err_exact "venvmk: $2"
	cat "$T/err" >>"$T/all"
}
bad 'frob\tx\n' 'stdin:1: unknown request frob (want option, get, page, range, head or put)'
bad "head\t$u\n" 'stdin:1: head needs URL and NAME'
bad "range\t$u\t$T/d/x\t-100\n" 'stdin:1: range needs URL, DEST, SPEC and NAME'
bad "range\t$u\t$T/d/x\tbytes=-100\tx\n" 'stdin:1: range: bad SPEC: bytes=-100'
bad "range\t$u\t$T/d/x\t-\tx\n" 'stdin:1: range: bad SPEC: -'
bad "range\t$u\t$T/d/x\t1-2-3\tx\n" 'stdin:1: range: bad SPEC: 1-2-3'
bad "put\t$u\t\tx\n" 'stdin:1: put needs URL, FILE and NAME'
bad '\nget\t%s\t%s\t12\n' 'stdin:2: get needs URL, SHA256, SIZE, DEST and NAME'
bad "get\t$u\tabc\t12\t$T/d/x.whl\tx.whl\n" "stdin:1: http://bob:****@127.0.0.1:9/files/x-1.0-py3-none-any.whl: not a sha256 in hex: abc"
bad "get\t$u\t$h\t12k\t$T/d/x.whl\tx.whl\n" "stdin:1: http://bob:****@127.0.0.1:9/files/x-1.0-py3-none-any.whl: bad size: 12k"
bad "get\t$u\t$h\t-\t\tx.whl\n" "stdin:1: http://bob:****@127.0.0.1:9/files/x-1.0-py3-none-any.whl: empty DEST or NAME"
bad "get\t$u\t$h\t-\t$T/d/x.whl\tx.whl\textra\n" 'stdin:1: get needs URL, SHA256, SIZE, DEST and NAME'
bad 'option\tcolour\tblue\n' 'stdin:1: unknown option colour'
bad 'option\tretries\tmany\n' 'stdin:1: option retries: bad value'
bad 'option\tparallel\t0\n' 'stdin:1: option parallel: bad value'
bad 'option\ttimeout\t-1\n' 'stdin:1: option timeout: bad value'
bad 'option\tproxy\n' 'stdin:1: option needs a name and a value'
! grep -q hunter2 "$T/all" || fail "a password was printed"
[ ! -e "$T/d" ] || fail "a bad request created something"

run "$FETCH" --frob </dev/null
expect_rc 2
expect_err 'usage: venvmk-fetch'

run "$FETCH" </dev/null
expect_rc 0
expect_no_err
printf 'option\tparallel\t3\noption\ttimeout\t2.5\noption\tretries\t0\n' >"$T/req"
run "$FETCH" -v <"$T/req"
expect_rc 0
