#!/bin/sh
# A removed requirement line recreates the env: the package and what only it needed go.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
CONF
printf 'beta\ngamma\n' > requirements.txt
vm sync
expect_rc 0
expect_installed .venv 'alpha==2.0
beta==2.0
gamma==1.5'

printf 'gamma\n' > requirements.txt
expect_recreate 'requirements.txt changed'
expect_pip_runs 1
expect_installed .venv 'gamma==1.5'
stamp=$(mtime .venv.venvmk/stamp)

# every line gone: an empty env
: > requirements.txt
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: requirements.txt changed'
expect_creates 1
expect_installed .venv ''
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"
vm check
expect_rc 0
