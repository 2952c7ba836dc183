#!/bin/sh
# examples/autotools where aclocal cannot find venvmk.m4 (venvmk installed under
# /usr/local, which Debian's aclocal does not search): autoreconf stops, naming
# VENVMK_INIT, instead of writing a configure that dies later with a syntax error.
# With ACLOCAL_PATH naming the macro's directory, as the README says, it works.
. "$srcdir/tests/lib.sh"
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES ACLOCAL_PATH ACLOCAL || true
command -v autoreconf >/dev/null 2>&1 || { echo "SKIP: no autoreconf"; exit 77; }
command -v automake >/dev/null 2>&1 || { echo "SKIP: no automake"; exit 77; }

for f in configure.ac Makefile.am README.md requirements.txt test_hello.py; do
	cp "$srcdir/examples/autotools/$f" "$f"
done
chmod -R u+w .
# aclocal's own directory, empty: a venvmk.m4 installed on this machine (or named by
# its dirlist) must not be found. Automake's own macros (AM_PATH_PYTHON) still are.
mkdir "$T/acdir"
aclocal="aclocal --system-acdir=$T/acdir"

run env ACLOCAL="$aclocal" autoreconf -fi
[ "$rc" -ne 0 ] || fail "autoreconf succeeded with VENVMK_INIT unexpanded"
expect_err 'possibly undefined macro: VENVMK_INIT'
grep -q 'syntax error' "$T/err" && fail "autoreconf reported a syntax error, not the macro"

# ACLOCAL_PATH names the directory venvmk.m4 is in: no warning about a VENVMK_ name
# (the macro's own shell variables are allowed), and configure substitutes the include
rm -rf autom4te.cache configure
run env ACLOCAL="$aclocal" ACLOCAL_PATH="$srcdir/m4" autoreconf -fi
expect_rc 0
grep -q 'VENVMK_' "$T/err" && fail "autoreconf warned about a VENVMK_ name"
grep -q 'VENVMK_INIT' configure && fail "VENVMK_INIT was not expanded"
run ./configure VENVMK="$VENVMK" VENV_MK="$srcdir/mk/venv.mk"
expect_rc 0
grep -qx "include $srcdir/mk/venv.mk" Makefile || fail "Makefile lacks the include line"
