#!/bin/sh
# Through make venv: a target made by a console script from the env rebuilds
# exactly when the env changed, including changes make cannot see by mtime.
. "$srcdir/tests/lib.sh"

cat > Makefile <<MK
VENV_BACKEND = virtualenv
include $srcdir/mk/venv.mk
out.txt: \$(VENV_STAMP)
	\$(VENV_BIN)/gamma > \$@
MK
printf 'gamma==1.5\n' > requirements.txt
export VENVMK

m() { run make -r -R --warn-undefined-variables VENVMK="$VENVMK" out.txt; expect_rc 0; }
unchanged() { [ "$(mtime out.txt)" = "$before" ] || fail "out.txt rebuilt after: $1"; }
rebuilt() { [ "$(mtime out.txt)" != "$before" ] || fail "out.txt not rebuilt after: $1"; before=$(mtime out.txt); }

m
grep -qx 'gamma 1.5' out.txt || fail "out.txt: $(cat out.txt)"
grep -q 'warning' "$T/err" && fail "make warned"
before=$(mtime out.txt)

trace_reset
m; unchanged "nothing"
touch requirements.txt; m; unchanged "touch"
printf '# pinned for the docs\ngamma==1.5   # yes\n\n' > requirements.txt; m; unchanged "a comment"
expect_pip_runs 0

printf 'gamma==1.0\n' > requirements.txt; m; rebuilt "a pin change"
grep -qx 'gamma 1.0' out.txt || fail "out.txt: $(cat out.txt)"

PIP_PRE=1 m; rebuilt "PIP_PRE set"
m; rebuilt "PIP_PRE unset again"

.venv/bin/python -m pip install -q delta==0.1
m; rebuilt "a hand edit"
expect_installed .venv 'gamma==1.0'

PYENV_VERSION=3.10.13 m; rebuilt "the shim picking 3.10.13"
.venv/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 10), sys.version'
m; rebuilt "the shim back on its default"
.venv/bin/python -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version'

trace_reset
m; unchanged "nothing, at the end"
expect_pip_runs 0
expect_creates 0
