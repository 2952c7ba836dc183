#!/bin/sh
# backend = "virtualenv" without virtualenv on PATH: a clear message with the fix, a
# failed sync (exit 1), and the next sync with virtualenv back succeeds.
. "$srcdir/tests/lib.sh"

mkdir "$T/bin"
ln -s "$(command -v sh)" "$T/bin/sh"
cat > venv.conf <<CONF
env "dev" {
  backend = "virtualenv"
  python = "$PY_DEBIAN"
  packages = {"alpha==1.0"}
}
CONF
run env PATH="$T/bin" "$VENVMK" sync
expect_rc 1
expect_err 'venvmk: .venv: creating'
expect_err "venvmk: .venv: backend virtualenv: 'virtualenv' not found in PATH (Debian: apt-get install virtualenv)"
[ ! -f .venv.venvmk/state ] || fail "state recorded for a failed sync"
[ ! -f .venv.venvmk/stamp ] || fail "stamp written for a failed sync"
vm check
expect_rc 1

vm sync
expect_rc 0
expect_installed .venv 'alpha==1.0'
vm check
expect_rc 0
