#!/bin/sh
# make -q and make -n through venv.mk: once a make has asked venvmk, they report
# nothing to do until something changes, also after a touch, a comment edit or an env
# change that venvmk handled. Between a change make sees and the make that asks venvmk
# about it, -q exits 1 and -n lists the sync alone, as venv.mk(5) says: make cannot
# tell a touch from a pin change without venvmk.
. "$srcdir/tests/lib.sh"

# Debian's python3.11 by path: a pyenv shim would make venv.mk watch every dir up to /,
# where the tests running beside this one create dirs all the time
cat > Makefile <<MK
VENV_PYTHON = $PY_DEBIAN
include $srcdir/mk/venv.mk
out.txt: \$(VENV_STAMP)
	\$(VENV_BIN)/gamma > \$@
MK
printf 'gamma==1.5\n' > requirements.txt
for f in want have expected; do : > "$T/$f"; done
m() { run make -r VENVMK="$VENVMK" "$@"; }

# make -q exits 0 and make -n prints nothing: nothing would be rebuilt ($1 says when)
up_to_date() {
	m -q out.txt
	[ "$rc" -eq 0 ] || fail "make -q out.txt exited $rc after $1"
	m -n out.txt
	expect_rc 0
	expect_out "make: 'out.txt' is up to date."
	[ "$(wc -l < "$T/out")" -eq 1 ] || fail "make -n listed commands after $1: $(cat "$T/out")"
	m -q venv
	[ "$rc" -eq 0 ] || fail "make -q venv exited $rc after $1"
}
# a change make sees: -q exits 1, -n lists the sync and nothing else
pending() {
	m -q out.txt
	[ "$rc" -eq 1 ] || fail "make -q out.txt exited $rc after $1, expected 1"
	m -n out.txt
	expect_rc 0
	expect_out 'sync --make-deps'
	[ "$(wc -l < "$T/out")" -eq 1 ] || fail "make -n listed more than the sync after $1"
}
real() {	# a real make: $1 = rebuilt or unchanged
	before=$(mtime out.txt)
	m out.txt
	expect_rc 0
	if [ "$1" = rebuilt ]; then
		[ "$(mtime out.txt)" != "$before" ] || fail "out.txt not rebuilt"
	else
		[ "$(mtime out.txt)" = "$before" ] || fail "out.txt rebuilt"
	fi
}

m out.txt
expect_rc 0
expect_err 'venvmk: .venv: creating'
[ "$(cat out.txt)" = 'gamma 1.5' ] || fail "out.txt: $(cat out.txt)"
# the make after the one that created the env is the first to record the watched
# variables' values (venv.mk(5)): it asks venvmk once more
pending "the make that created the env"
real unchanged
up_to_date "the make after the one that created the env"
trace_reset
real unchanged
[ ! -s "$T/trace" ] || fail "a no-op make started: $(cat "$T/trace")"
up_to_date "a no-op make"

touch requirements.txt
pending "a touch"
real unchanged
up_to_date "a touch, once make ran"
up_to_date "a touch, asked twice"

printf '# pinned for the docs\ngamma==1.5   # yes\n\n' > requirements.txt
pending "a comment edit"
real unchanged
up_to_date "a comment edit, once make ran"

PIP_PRE=1 m out.txt
expect_rc 0
m -q out.txt
[ "$rc" -eq 1 ] || fail "make -q exited $rc with PIP_PRE unset again, expected 1"
real rebuilt
up_to_date "PIP_PRE set and unset, once make ran"

printf 'gamma==1.0\n' > requirements.txt
pending "a pin change"
real rebuilt
[ "$(cat out.txt)" = 'gamma 1.0' ] || fail "out.txt: $(cat out.txt)"
up_to_date "a pin change, once make ran"

# the same under make -j, where the stamp and its dependents are built in parallel
touch requirements.txt
m -j4 out.txt
expect_rc 0
up_to_date "a touch, once make -j4 ran"
printf 'gamma==1.5\n' > requirements.txt
before=$(mtime out.txt)
m -j4 out.txt
expect_rc 0
[ "$(mtime out.txt)" != "$before" ] || fail "make -j4 did not rebuild out.txt after a pin change"
[ "$(cat out.txt)" = 'gamma 1.5' ] || fail "out.txt: $(cat out.txt)"
up_to_date "a pin change, once make -j4 ran"

