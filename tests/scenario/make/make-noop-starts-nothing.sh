#!/bin/sh
# A no-op make through venv.mk starts no process at all; a change make can see by
# mtime (a touched input, a hand edit) or by value (a PIP_* variable, PYENV_VERSION)
# starts venvmk once, and the make after that is quiet again.
. "$srcdir/tests/lib.sh"

cat > venvmk-logged <<SH
#!/bin/sh
echo run >> "$T/runs"
exec "$VENVMK" "\$@"
SH
chmod +x venvmk-logged
# Debian's python3.11 by path: a pyenv shim would make venv.mk watch every dir up
# to /, and the tests running beside this one create dirs in tests/tmp all the time
cat > Makefile <<MK
VENV_BACKEND = virtualenv
VENV_PYTHON ?= $PY_DEBIAN
include $srcdir/mk/venv.mk
out.txt: \$(VENV_STAMP)
	\$(VENV_BIN)/gamma > \$@
MK
printf 'gamma\n' > requirements.txt
m() { run make -r VENVMK="$PWD/venvmk-logged" "$@" out.txt; expect_rc 0; }
runs() { n=$(cat "$T/runs" 2>/dev/null | wc -l); : > "$T/runs"; [ "$n" -eq "$1" ] || fail "venvmk ran $n times, expected $1 ($2)"; }

# this test's own scratch files must exist before the first make
for f in runs want have expected; do : > "$T/$f"; done
m; m; : > "$T/runs"
m; runs 0 "a no-op"
m; runs 0 "a second no-op"
touch requirements.txt; m; runs 1 "a touched input"
m; runs 0 "the make after"
PIP_PRE=1 m; runs 1 "PIP_PRE set"
PIP_PRE=1 m; runs 0 "PIP_PRE still set"
m; runs 1 "PIP_PRE unset"
.venv/bin/python -m pip install -q delta
m; runs 1 "a hand edit"
expect_installed .venv 'gamma==1.5'
m; runs 0 "after the repair"

# behind a shim, PYENV_VERSION is watched: a change reaches venvmk
m VENV_PYTHON=python3; : > "$T/runs"
PYENV_VERSION=3.10.13 m VENV_PYTHON=python3
[ "$(wc -l < "$T/runs")" -ge 1 ] || fail "PYENV_VERSION changed and venvmk did not run"
.venv/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 10)'
