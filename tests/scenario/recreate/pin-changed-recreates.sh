#!/bin/sh
# A changed requirement line (a pin bump, a loosened pin) recreates the env, so that it
# holds exactly what a clean rebuild holds.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
CONF
printf 'alpha==1.0\nbeta\n' > requirements.txt
vm sync
expect_rc 0
expect_installed .venv 'alpha==1.0
beta==1.0'
touch .venv/not-recreated

printf 'alpha==1.1\nbeta\n' > requirements.txt
expect_recreate 'requirements.txt changed'
expect_pip_runs 1
[ ! -e .venv/not-recreated ] || fail "a pin bump did not recreate the env"
expect_installed .venv 'alpha==1.1
beta==1.0'
stamp=$(mtime .venv.venvmk/stamp)

# loosening the pin: a clean rebuild takes the newest alpha and so beta 2.0
printf 'alpha>=1.0\nbeta\n' > requirements.txt
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: requirements.txt changed'
expect_creates 1
expect_installed .venv 'alpha==2.0
beta==2.0'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"

trace_reset
vm sync
expect_rc 0
expect_no_err
expect_pip_runs 0
expect_creates 0
