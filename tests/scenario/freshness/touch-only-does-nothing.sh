#!/bin/sh
# A timestamp-only change, a comment or a blank line starts no pip and keeps the stamp.
. "$srcdir/tests/lib.sh"

printf 'alpha==1.0\nbeta\n' > requirements.txt
vm sync
expect_rc 0
expect_err 'venvmk: .venv: creating'
expect_installed .venv 'alpha==1.0
beta==1.0'
stamp=$(mtime .venv.venvmk/stamp)

trace_reset
touch requirements.txt
vm sync
expect_rc 0
expect_no_err
printf '# a comment\n\nalpha==1.0   # pinned\n  beta\n' > requirements.txt
vm sync
expect_rc 0
expect_no_err
vm check
expect_rc 0
expect_pip_runs 0
expect_creates 0
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp changed on a no-op"
