#!/bin/sh
# An interpreter upgraded in place (same path, new binary) recreates the env, whether its
# version changed or not; venvmk asks the interpreter for its version again only then.
. "$srcdir/tests/lib.sh"

queries() { grep -c -- ' -c import sys, os, platform' "$T/trace" || true; }
versions=$(pyenv root 2>/dev/null)/versions
[ -x "$versions/3.10.13/bin/python3.10" ] && [ -x "$versions/3.11.7/bin/python3.11" ] \
	|| { echo "needs pyenv 3.10.13 and 3.11.7"; exit 77; }
mkdir "$T/py"
cp "$versions/3.10.13/bin/python3.10" "$T/py/python3"
cat > venv.conf <<CONF
env "dev" {
  backend = "virtualenv"
  python = "$T/py/python3"
  packages = {"alpha==1.0"}
}
CONF
vm sync
expect_rc 0
"$T/p/.venv/bin/python" -c 'import sys; assert sys.version_info[:2] == (3, 10)' || fail "not a 3.10 env"
expect_installed .venv 'alpha==1.0'

# warm: no interpreter is started to learn its version
trace_reset
vm sync
expect_rc 0
expect_no_err
[ "$(queries)" -eq 0 ] || fail "a no-op sync asked the interpreter its version"

# the same path now holds 3.11.7 (cp rewrites the file in place)
cp "$versions/3.11.7/bin/python3.11" "$T/py/python3"
expect_recreate 'interpreter changed (CPython 3.10.13 → CPython 3.11.7)'
"$T/p/.venv/bin/python" -c 'import sys; assert sys.version_info[:2] == (3, 11)' || fail "not a 3.11 env"
expect_installed .venv 'alpha==1.0'
stamp=$(mtime .venv.venvmk/stamp)

# a rebuild of the same version replaced in place (a distribution patch release)
cp "$T/py/python3" "$T/py/python3.new"
mv "$T/py/python3.new" "$T/py/python3"
vm check
expect_rc 1
expect_err "venvmk: .venv: would be recreated: interpreter $T/py/python3 was replaced in place"
trace_reset
vm sync
expect_rc 0
expect_err "venvmk: .venv: recreating: interpreter $T/py/python3 was replaced in place"
expect_creates 1
[ "$(queries)" -eq 1 ] || fail "the replaced interpreter was asked $(queries) times, expected 1"
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"

trace_reset
vm sync
expect_rc 0
expect_no_err
[ "$(queries)" -eq 0 ] || fail "a no-op sync asked the interpreter its version"
