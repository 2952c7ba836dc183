#!/bin/sh
# The env edited by hand (pip install, pip uninstall, a console script removed) is
# recreated by the next sync, so that it is exact again.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.0", "gamma==1.0"}
}
CONF
vm sync
expect_rc 0
expect_installed .venv 'alpha==1.0
gamma==1.0'

.venv/bin/python -m pip install -q delta==0.1 >/dev/null 2>&1 || fail "hand install failed"
expect_recreate 'the env was changed by hand since the last sync'
expect_installed .venv 'alpha==1.0
gamma==1.0'
stamp=$(mtime .venv.venvmk/stamp)
vm sync
expect_rc 0
expect_no_err

# an upgrade by hand of a declared package
.venv/bin/python -m pip install -q gamma==1.5 >/dev/null 2>&1 || fail "hand upgrade failed"
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: the env was changed by hand since the last sync'
expect_installed .venv 'alpha==1.0
gamma==1.0'

.venv/bin/python -m pip uninstall -q -y alpha >/dev/null 2>&1 || fail "hand uninstall failed"
vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be recreated: the env was changed by hand since the last sync'
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: the env was changed by hand since the last sync'
expect_installed .venv 'alpha==1.0
gamma==1.0'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"

# a console script removed from bin
rm .venv/bin/gamma
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: the env was changed by hand since the last sync'
[ "$(.venv/bin/gamma)" = "gamma 1.0" ] || fail "the gamma script is not back"
vm check
expect_rc 0
