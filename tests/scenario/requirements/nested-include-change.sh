#!/bin/sh
# A nested -r/-c file is an input like the top one: a line added there installs, a line
# changed there recreates, a nested constraint change recreates, a comment does nothing.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
CONF
printf 'alpha==1.0\n-r req/dev.txt\n-c req/constraints.txt\n' > requirements.txt
mkdir req
printf -- '-r more.txt\n' > req/dev.txt	# relative to req/, as pip reads it
printf 'gamma==1.0\n' > req/more.txt
printf 'delta<0.2\n' > req/constraints.txt
vm sync
expect_rc 0
expect_installed .venv 'alpha==1.0
gamma==1.0'
stamp=$(mtime .venv.venvmk/stamp)
touch .venv/not-recreated

# two levels down, a comment and a blank line: nothing
printf '# tools\n\ngamma==1.0  # pinned\n' > req/more.txt
trace_reset
vm sync
expect_rc 0
expect_no_err
expect_pip_runs 0
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp changed on a comment"

# two levels down, a line added: install only
printf 'gamma==1.0\ndelta\n' > req/more.txt
vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be refreshed: req/more.txt changed'
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: refreshing: req/more.txt changed'
expect_creates 0
expect_pip_runs 1
[ -e .venv/not-recreated ] || fail "an added nested line recreated the env"
expect_installed .venv 'alpha==1.0
delta==0.1
gamma==1.0'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after an install"

# two levels down, a line changed: recreate
printf 'gamma==1.5\ndelta\n' > req/more.txt
expect_recreate 'req/more.txt changed'
[ ! -e .venv/not-recreated ] || fail "a changed nested line did not recreate the env"
expect_installed .venv 'alpha==1.0
delta==0.1
gamma==1.5'
stamp=$(mtime .venv.venvmk/stamp)

# a nested constraints file changed: recreate
printf 'delta>=0.2\n' > req/constraints.txt
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: req/constraints.txt changed'
expect_creates 1
expect_installed .venv 'alpha==1.0
delta==0.2
gamma==1.5'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"

trace_reset
vm sync
expect_rc 0
expect_no_err
vm check
expect_rc 0
expect_pip_runs 0
