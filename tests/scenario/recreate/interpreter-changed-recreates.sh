#!/bin/sh
# Another base interpreter recreates the env: python3 (the pyenv shim, 3.11.7) versus
# Debian's /usr/bin/python3.11 (3.11.2).  The same interpreter spelled another way
# (the shim versus the real path it resolves to) is no change.
. "$srcdir/tests/lib.sh"

real=$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')
[ "$real" != "$(readlink -f "$PY_DEBIAN")" ] || { echo "python3 is $PY_DEBIAN here"; exit 77; }
[ "$(python3 -c 'import platform; print(platform.python_version())')" = 3.11.7 ] \
	&& [ "$("$PY_DEBIAN" -c 'import platform; print(platform.python_version())')" = 3.11.2 ] \
	|| { echo "needs python3 3.11.7 and $PY_DEBIAN 3.11.2"; exit 77; }
version() { "$1/bin/python" -c 'import platform; print(platform.python_version())'; }

conf() {
	cat > venv.conf <<CONF
env "dev" {
  backend = "virtualenv"
  python = "$1"
  packages = {"alpha==1.0"}
}
CONF
}
conf python3
vm sync
expect_rc 0
[ "$(version .venv)" = 3.11.7 ] || fail "python3 made a $(version .venv) env"

conf "$PY_DEBIAN"
expect_recreate 'interpreter changed (CPython 3.11.7 → CPython 3.11.2), declaration changed'
[ "$(version .venv)" = 3.11.2 ] || fail "the env still runs $(version .venv)"
grep -qx 'home = /usr/bin' .venv/pyvenv.cfg || fail "pyvenv.cfg home is not /usr/bin"
expect_installed .venv 'alpha==1.0'
stamp=$(mtime .venv.venvmk/stamp)

trace_reset
vm sync
expect_rc 0
expect_no_err
expect_creates 0

# back to the shim, then to the path the shim resolves to: one recreate only
conf python3
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: interpreter changed (CPython 3.11.2 → CPython 3.11.7), declaration changed'
stamp=$(mtime .venv.venvmk/stamp)
conf "$real"
trace_reset
vm check
expect_rc 0
vm sync
expect_rc 0
expect_no_err
expect_creates 0
expect_pip_runs 0
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp changed for the same interpreter"
