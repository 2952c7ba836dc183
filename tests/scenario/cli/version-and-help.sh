#!/bin/sh
# --version and --help in GNU style; a usage error exits 2.
. "$srcdir/tests/lib.sh"

vm --version
expect_rc 0
head -1 "$T/out" | grep -qx 'venvmk [0-9][0-9.]*' || fail "first line of --version"

vm --help
expect_rc 0
expect_out 'Usage: venvmk [OPTION]... COMMAND [ENV]...'
expect_out 'Exit status:'

vm --no-such-option
expect_rc 2
expect_err "Try 'venvmk --help' for more information."

vm frobnicate
expect_rc 2
expect_err "venvmk: unknown command 'frobnicate'"

vm
expect_rc 2
expect_err 'venvmk: no command given'

if [ -w /dev/full ]; then
	run sh -c '"$0" --help >/dev/full' "$VENVMK"
	expect_rc 1
	expect_err 'venvmk: write error on standard output'
fi
