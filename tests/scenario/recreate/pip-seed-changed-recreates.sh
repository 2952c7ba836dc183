#!/bin/sh
# Changing the pip seed recreates the env with or without pip; pip = false with
# requirements is a configuration error that touches nothing.
. "$srcdir/tests/lib.sh"

conf() {
	cat > venv.conf <<CONF
env "dev" {
  backend = "virtualenv"
  pip = $1
}
CONF
}
conf true
vm sync
expect_rc 0
[ -x .venv/bin/pip ] || fail "no pip in the env"

conf false
expect_recreate
[ ! -e .venv/bin/pip ] || fail "pip still in the env"
! .venv/bin/python -c 'import pip' 2>/dev/null || fail "pip importable"
stamp=$(mtime .venv.venvmk/stamp)
trace_reset
vm sync
expect_rc 0
expect_no_err
expect_creates 0

# --pip overrides the file
vm --pip sync
expect_rc 0
expect_err 'venvmk: .venv: recreating: '
[ -x .venv/bin/pip ] || fail "no pip in the env"
vm sync
expect_rc 0
expect_err 'venvmk: .venv: recreating: '
stamp=$(mtime .venv.venvmk/stamp)

# requirements that only pip could install, with pip = false
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  pip = false
  packages = {"alpha"}
}
CONF
trace_reset
vm sync
expect_rc 2
expect_err_exact 'venvmk: .venv: pip = false, but the env declares requirements that only pip could install'
expect_creates 0
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp changed on an error"
[ ! -e .venv/bin/pip ] || fail "the env was touched"
