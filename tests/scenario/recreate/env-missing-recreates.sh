#!/bin/sh
# An env removed from under venvmk (rm -rf .venv) is made again by the next sync, with
# the declared packages, and the stamp moves.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.0", "gamma"}
}
CONF
vm sync
expect_rc 0
stamp=$(mtime .venv.venvmk/stamp)

rm -rf .venv
vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be created'
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: creating'
expect_creates 1
expect_pip_runs 1
expect_installed .venv 'alpha==1.0
gamma==1.5'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"

# the state dir gone too (a fresh checkout with an old env): still repaired
rm -rf .venv.venvmk
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: no record of a finished sync'
expect_creates 1
expect_installed .venv 'alpha==1.0
gamma==1.5'
[ -f .venv.venvmk/stamp ] || fail "no stamp"
vm check
expect_rc 0
