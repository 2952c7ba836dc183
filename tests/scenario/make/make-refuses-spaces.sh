#!/bin/sh
# venv.mk refuses an env path with a space, with a clear message, and makes nothing.
. "$srcdir/tests/lib.sh"

printf 'include %s/mk/venv.mk\n' "$srcdir" > Makefile
run make VENVMK="$VENVMK" 'VENV_DIR=my env' venv
expect_rc 2
expect_err "venv.mk: VENV_DIR 'my env' holds a space; venv.mk cannot use paths with spaces"
[ ! -e my ] && [ ! -e 'my env' ] || fail "something was created"
