#!/bin/sh
# Switching the backend (virtualenv <-> venv) recreates the env with the new tool.
. "$srcdir/tests/lib.sh"

conf() {
	cat > venv.conf <<CONF
env "dev" {
  backend = "$1"
  packages = {"alpha==1.0"}
}
CONF
}
conf virtualenv
vm sync
expect_rc 0
grep -q '^virtualenv = ' .venv/pyvenv.cfg || fail "not made by virtualenv"
expect_installed .venv 'alpha==1.0'

conf venv
expect_recreate
grep -q -- ' -m venv ' "$T/trace" || fail "python -m venv was not run"
! grep -q '^virtualenv = ' .venv/pyvenv.cfg || fail "still the virtualenv env"
expect_installed .venv 'alpha==1.0'
trace_reset
vm sync
expect_rc 0
expect_no_err
expect_creates 0

# the flag overrides the file: the same as going back to virtualenv
stamp=$(mtime .venv.venvmk/stamp)
trace_reset
vm --backend virtualenv sync
expect_rc 0
expect_err 'venvmk: .venv: recreating: '
grep -q 'virtualenv .*--no-periodic-update' "$T/trace" || fail "virtualenv was not run"
grep -q '^virtualenv = ' .venv/pyvenv.cfg || fail "not made by virtualenv"
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"
