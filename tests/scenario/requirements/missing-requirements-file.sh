#!/bin/sh
# A declared requirements file that does not exist: every command that reads it names the
# file and the env, exits 2, and creates no env; a missing nested file names the line
# that includes it.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
CONF
for cmd in sync check show fingerprint; do
	trace_reset
	vm $cmd
	expect_rc 2
	expect_err_exact 'venvmk: .venv: requirements.txt: No such file or directory'
	expect_creates 0
	expect_pip_runs 0
	[ ! -e .venv ] || fail "$cmd created the env"
done
vm run -- true
expect_rc 2
expect_err_exact 'venvmk: .venv: requirements.txt: No such file or directory'

# the same declared by a flag
rm venv.conf
vm --backend virtualenv -r requirements-dev.txt sync
expect_rc 2
expect_err_exact 'venvmk: .venv: requirements-dev.txt: No such file or directory'

# a constraints file
vm --backend virtualenv --package alpha -c constraints.txt sync
expect_rc 2
expect_err_exact 'venvmk: .venv: constraints.txt: No such file or directory'

# a nested one: the including file and line are named
printf 'alpha\n-r dev.txt\n' > requirements.txt
vm --backend virtualenv -r requirements.txt sync
expect_rc 2
expect_err_exact 'venvmk: requirements.txt:2: dev.txt: No such file or directory'
[ ! -e .venv ] || fail "sync created the env"

# an existing env is left alone, and syncs once the file is back
printf 'alpha==1.0\n' > requirements.txt
vm --backend virtualenv -r requirements.txt sync
expect_rc 0
stamp=$(mtime .venv.venvmk/stamp)
mv requirements.txt elsewhere.txt
trace_reset
vm --backend virtualenv -r requirements.txt sync
expect_rc 2
expect_err_exact 'venvmk: .venv: requirements.txt: No such file or directory'
expect_creates 0
expect_installed .venv 'alpha==1.0'
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp moved on an error"
mv elsewhere.txt requirements.txt
vm --backend virtualenv -r requirements.txt sync
expect_rc 0
expect_no_err
