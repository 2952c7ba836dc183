#!/bin/sh
# Changed pip options recreate the env: pip-args in venv.conf, and an option line in a
# requirements file (even one only added).  The same options given as flags change nothing.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
CONF
printf 'beta\n' > requirements.txt
vm sync
expect_rc 0
expect_installed .venv 'alpha==2.0
beta==2.0'
stamp=$(mtime .venv.venvmk/stamp)

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
  pip-args = {"--no-deps"}
}
CONF
vm check
expect_rc 1
expect_err 'venvmk: .venv: would be recreated: '
trace_reset
vm sync
expect_rc 0
expect_err 'venvmk: .venv: recreating: '
expect_creates 1
grep -q -- 'pip install .*--no-deps' "$T/trace" || fail "pip-args did not reach pip"
expect_installed .venv 'beta==2.0'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"

# the flag spelling of the same declaration is no change
trace_reset
vm --pip-arg=--no-deps sync
expect_rc 0
expect_no_err
expect_pip_runs 0

# an option line added to the requirements file is a pip option change: recreate
printf -- '--prefer-binary\nbeta\n' > requirements.txt
vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be recreated: requirements.txt changed'
stamp=$(mtime .venv.venvmk/stamp)
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: requirements.txt changed'
expect_creates 1
expect_installed .venv 'beta==2.0'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"

trace_reset
vm sync
expect_rc 0
expect_no_err
expect_pip_runs 0
