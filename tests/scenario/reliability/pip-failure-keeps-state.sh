#!/bin/sh
# A requirement pip cannot satisfy: pip's own output is shown, venvmk exits 1, the stamp
# stays, the failed attempt is not recorded as a sync, and the next run retries.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
CONF
printf 'alpha==1.0\n' > requirements.txt
vm sync
expect_rc 0
stamp=$(mtime .venv.venvmk/stamp)

# an added line that cannot be satisfied (a refresh)
printf 'alpha==1.0\ndelta==9.9\n' > requirements.txt
vm sync
expect_rc 1
expect_err 'ERROR: No matching distribution found for delta==9.9'
expect_err 'venvmk: .venv: pip install failed (exit status 1)'
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp moved on a failure"
vm check
expect_rc 1
trace_reset
vm sync
expect_rc 1
expect_pip_runs 1
expect_err 'ERROR: No matching distribution found for delta==9.9'

# a changed line that cannot be satisfied (a recreate)
printf 'alpha==9.9\n' > requirements.txt
vm -q sync
expect_rc 1
expect_err 'No matching distribution found for alpha==9.9'
expect_err 'venvmk: .venv: pip install failed (exit status 1)'
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp moved on a failure"
vm check
expect_rc 1

# fixed: the next run does the work and records it
printf 'alpha==1.1\n' > requirements.txt
vm sync
expect_rc 0
expect_installed .venv 'alpha==1.1'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after the sync"
vm check
expect_rc 0
