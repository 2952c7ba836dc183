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

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
  pip-args = {"--no-deps"}
}
CONF
expect_recreate
grep -q -- 'pip install .*--no-deps' "$T/trace" || fail "pip-args did not reach pip"
expect_installed .venv 'beta==2.0'

# the flag spelling of the same declaration is no change
trace_reset
vm --pip-arg=--no-deps sync
expect_rc 0
expect_no_err
expect_pip_runs 0

# an option line added to the requirements file is a pip option change: recreate
printf -- '--prefer-binary\nbeta\n' > requirements.txt
expect_recreate 'requirements.txt changed'
expect_installed .venv 'beta==2.0'

trace_reset
vm sync
expect_rc 0
expect_no_err
expect_pip_runs 0
