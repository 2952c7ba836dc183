#!/bin/sh
# A changed constraints file recreates the env; constraints never install anything by
# themselves; a comment-only change to them does nothing.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
  constraints = {"constraints.txt"}
}
CONF
printf 'beta\n' > requirements.txt
printf 'alpha<2\ndelta==0.1\n' > constraints.txt
vm sync
expect_rc 0
expect_installed .venv 'alpha==1.1
beta==1.0'
stamp=$(mtime .venv.venvmk/stamp)

printf '# pinned for the old API\nalpha<2   # see above\n\ndelta==0.1\n' > constraints.txt
trace_reset
vm sync
expect_rc 0
expect_no_err
expect_pip_runs 0
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp changed on a comment-only change"

printf 'alpha<1.1\ndelta==0.1\n' > constraints.txt
expect_recreate 'constraints.txt changed'
expect_installed .venv 'alpha==1.0
beta==1.0'
stamp=$(mtime .venv.venvmk/stamp)

# a constraint only added is still a recreate: it may forbid what is installed
printf 'alpha<1.1\ndelta==0.1\nbeta<1\n' > constraints.txt
vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be recreated: constraints.txt changed'

printf 'delta==0.1\n' > constraints.txt
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: constraints.txt changed'
expect_creates 1
expect_installed .venv 'alpha==2.0
beta==2.0'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"
