#!/bin/sh
# An env whose pyvenv.cfg is gone is broken: the next sync recreates it.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.0"}
}
CONF
vm sync
expect_rc 0
stamp=$(mtime .venv.venvmk/stamp)

rm .venv/pyvenv.cfg
vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be recreated: pyvenv.cfg missing'
[ ! -e .venv/pyvenv.cfg ] || fail "check changed the env"
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: pyvenv.cfg missing'
expect_creates 1
[ -f .venv/pyvenv.cfg ] || fail "pyvenv.cfg not back"
expect_installed .venv 'alpha==1.0'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"
vm sync
expect_rc 0
expect_no_err
