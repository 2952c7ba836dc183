#!/bin/sh
# python3 is a pyenv shim: when it starts selecting another version (PYENV_VERSION, a
# .python-version here or in a parent directory), venvmk notices and recreates; when the
# selection resolves to the same interpreter, nothing happens.
. "$srcdir/tests/lib.sh"

command -v pyenv >/dev/null && head -c2 "$(command -v python3)" | grep -q '#!' \
	|| { echo "python3 is not a pyenv shim here"; exit 77; }
[ "$(python3 -c 'import platform; print(platform.python_version())')" = 3.11.7 ] \
	&& [ -x "$(pyenv root)/versions/3.12.1/bin/python3.12" ] && [ -x "$(pyenv root)/versions/3.10.13/bin/python3.10" ] \
	|| { echo "needs pyenv 3.11.7 (selected), 3.12.1 and 3.10.13"; exit 77; }
ver() { .venv/bin/python -c 'import platform; print(platform.python_version())'; }
queries() { grep -c -- ' -c import sys, os, platform' "$T/trace" || true; }

# no pip seed: Debian's virtualenv seeds a pip that cannot run on 3.12
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  python = "python3"
  pip = false
}
CONF
vm sync
expect_rc 0
[ "$(ver)" = 3.11.7 ] || fail "env runs $(ver)"
stamp=$(mtime .venv.venvmk/stamp)

export PYENV_VERSION=3.12.1
vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be recreated: interpreter changed (CPython 3.11.7 → CPython 3.12.1)'
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: interpreter changed (CPython 3.11.7 → CPython 3.12.1)'
[ "$(ver)" = 3.12.1 ] || fail "env runs $(ver)"
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"
vm sync
expect_rc 0
expect_no_err

unset PYENV_VERSION
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: interpreter changed (CPython 3.12.1 → CPython 3.11.7)'
[ "$(ver)" = 3.11.7 ] || fail "env runs $(ver)"

# a selection that names the version already in use: no recreate
stamp=$(mtime .venv.venvmk/stamp)
trace_reset
PYENV_VERSION=3.11.7 vm sync
expect_rc 0
expect_no_err
expect_creates 0
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp changed for the same interpreter"

# pyenv local: a .python-version file in the project
echo 3.12.1 > .python-version
vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be recreated: interpreter changed (CPython 3.11.7 → CPython 3.12.1)'
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: interpreter changed (CPython 3.11.7 → CPython 3.12.1)'
[ "$(ver)" = 3.12.1 ] || fail "env runs $(ver)"
# back to a selection seen before: its answer is cached, no interpreter is asked
rm .python-version
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: interpreter changed (CPython 3.12.1 → CPython 3.11.7)'
[ "$(queries)" -eq 0 ] || fail "python3 was asked again for a selection seen before"

# a .python-version in a parent directory selects too
echo 3.10.13 > "$T/.python-version"
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: interpreter changed (CPython 3.11.7 → CPython 3.10.13)'
[ "$(ver)" = 3.10.13 ] || fail "env runs $(ver)"
trace_reset
vm sync
expect_rc 0
expect_no_err
vm check
expect_rc 0
[ ! -s "$T/trace" ] || fail "a no-op sync started a process"
