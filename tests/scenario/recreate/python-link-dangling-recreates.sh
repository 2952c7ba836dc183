#!/bin/sh
# An env whose bin/python link dangles (the interpreter it pointed at is gone) or is
# missing is recreated by the next sync.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.0"}
}
CONF
vm sync
expect_rc 0
[ -L .venv/bin/python ] || fail "bin/python is not a link"

ln -sf "$T/gone/python3.11" .venv/bin/python
expect_recreate 'bin/python is missing or dangling'
.venv/bin/python -c 'import alpha' || fail "the env does not work"
expect_installed .venv 'alpha==1.0'
stamp=$(mtime .venv.venvmk/stamp)

rm .venv/bin/python
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: bin/python is missing or dangling'
.venv/bin/python -c 'import alpha' || fail "the env does not work"
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"
vm check
expect_rc 0
