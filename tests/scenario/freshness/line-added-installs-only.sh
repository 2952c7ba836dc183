#!/bin/sh
# Adding requirement lines (nothing removed or changed) installs into the existing env:
# one pip run, no env creation, the stamp moves, and the result equals a clean rebuild.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
CONF
printf 'alpha==1.0\n' > requirements.txt
vm sync
expect_rc 0
expect_installed .venv 'alpha==1.0'
stamp=$(mtime .venv.venvmk/stamp)
touch .venv/not-recreated	# a recreate would remove it

# beta 2.0 needs alpha>=2.0: a clean rebuild of these lines picks beta 1.0
printf 'alpha==1.0\nbeta\n' > requirements.txt
vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be refreshed: requirements.txt changed'
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: refreshing: requirements.txt changed'
expect_pip_runs 1
expect_creates 0
[ -e .venv/not-recreated ] || fail "the env was recreated for an added line"
expect_installed .venv 'alpha==1.0
beta==1.0'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after an install"
stamp=$(mtime .venv.venvmk/stamp)

# an inline package added in venv.conf is an added line too
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
  packages = {"gamma==1.0"}
}
CONF
trace_reset
vm sync
expect_rc 0
expect_err 'venvmk: .venv: refreshing: '
expect_pip_runs 1
expect_creates 0
[ -e .venv/not-recreated ] || fail "the env was recreated for an added package"
expect_installed .venv 'alpha==1.0
beta==1.0
gamma==1.0'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after an install"

# and then it is fresh
trace_reset
vm sync
expect_rc 0
expect_no_err
vm check
expect_rc 0
expect_pip_runs 0
expect_creates 0
