#!/bin/sh
# check exits 0 when fresh, 1 when a sync would do work (saying why), 2 on a
# configuration error, and never changes anything: no env, no state, no stamp, no pip.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
CONF
printf 'alpha==1.0\n' > requirements.txt

vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be created'
[ ! -e .venv ] && [ ! -e .venv.venvmk ] || fail "check created something"
vm -q check
expect_rc 1
expect_no_err

vm sync
expect_rc 0
vm check
expect_rc 0
expect_no_err
[ ! -s "$T/out" ] || fail "check printed on stdout"
vm -v check
expect_rc 0
expect_err_exact 'venvmk: .venv: up to date'

cp .venv.venvmk/state "$T/state.before"
stamp=$(mtime .venv.venvmk/stamp)
printf 'alpha==1.0\ngamma\n' > requirements.txt
trace_reset
vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be refreshed: requirements.txt changed'
vm check
expect_rc 1
printf 'alpha==1.1\ngamma\n' > requirements.txt
vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be recreated: requirements.txt changed'
vm -q check
expect_rc 1
expect_no_err
expect_pip_runs 0
expect_creates 0
cmp -s "$T/state.before" .venv.venvmk/state || fail "check rewrote the state"
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "check touched the stamp"
expect_installed .venv 'alpha==1.0'

# the work check saw is still there for sync to do
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: requirements.txt changed'
vm check
expect_rc 0

# configuration errors are 2, not 1
rm requirements.txt
vm check
expect_rc 2
expect_err_exact 'venvmk: .venv: requirements.txt: No such file or directory'
printf 'env "dev" {\n  colour = "blue"\n}\n' > venv.conf
vm check
expect_rc 2
vm check nope
expect_rc 2
