#!/bin/sh
# examples/autotools: VENVMK_INIT and @VENVMK_INCLUDE@ in a real Automake
# project; make check runs its test in the env, in a VPATH build (the env in
# the build dir, requirements.txt in the source dir), and make distcheck passes.
. "$srcdir/tests/lib.sh"
# The make running this test must not leak its flags or its TESTS= into ours.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES || true
MAKE=${MAKE:-make}
command -v autoreconf >/dev/null 2>&1 || { echo "no autoreconf"; exit 77; }
command -v automake >/dev/null 2>&1 || { echo "no automake"; exit 77; }

src=$T/p
build=$T/build
# Only the example's sources: not what bootstrapping it in the source tree made.
for f in configure.ac Makefile.am README.md requirements.txt test_hello.py; do
	cp "$srcdir/examples/autotools/$f" "$src/$f"
done
chmod -R u+w "$src"

# venvmk.m4 is not installed: point aclocal at the source tree's copy.
run autoreconf -fi -I "$srcdir/m4"
expect_rc 0
grep -q 'VENVMK_INIT' "$src/configure" && fail "VENVMK_INIT was not expanded"
grep -qx '@VENVMK_INCLUDE@' "$src/Makefile.in" || fail "Makefile.in lacks the @VENVMK_INCLUDE@ line"
grep -q '^VENVMK_INCLUDE *=' "$src/Makefile.in" && fail "automake defined a VENVMK_INCLUDE variable"

mkdir "$build"
cd "$build"
run "$src/configure" VENVMK="$VENVMK" VENV_MK="$srcdir/mk/venv.mk"
expect_rc 0
expect_out "checking for venvmk... $VENVMK"
expect_out "checking for venv.mk... $srcdir/mk/venv.mk"
grep -qx "include $srcdir/mk/venv.mk" Makefile || fail "Makefile lacks the include line"

# make check builds the env here, from ../p/requirements.txt, with the
# Python AM_PATH_PYTHON found, then runs the test with the env's python.
trace_reset
run $MAKE check
expect_rc 0
expect_err 'venvmk: .venv: creating'
expect_out 'PASS: test_hello.py'
grep -qF 'hello says: Hello from a venvmk environment!' test_hello.log || fail "test_hello.log lacks the greeting"
grep -qxF "env: $build/.venv" test_hello.log || fail "the test did not run in $build/.venv"
[ ! -e "$src/.venv" ] || fail "the env was built in the source directory"
expect_installed .venv 'hello-cli==1.0'
# venv.mk's VENV_PYTHON defaults to AM_PATH_PYTHON's $(PYTHON).
python=$(sed -n 's/^PYTHON = //p' Makefile)
run $MAKE -n venv
expect_out "--python=$python"
expect_out "-r$src/requirements.txt"

# A second make check starts no pip.
trace_reset
run $MAKE check
expect_rc 0
expect_out 'PASS: test_hello.py'
expect_pip_runs 0
expect_creates 0

# make clean removes the env and venvmk's state.
run $MAKE clean
expect_rc 0
[ ! -e .venv ] || fail ".venv survived make clean"
[ ! -e .venv.venvmk ] || fail ".venv.venvmk survived make clean"

# distcheck: a read-only source dir, a VPATH build, check, and distcleancheck.
run $MAKE distcheck DISTCHECK_CONFIGURE_FLAGS="VENVMK=$VENVMK VENV_MK=$srcdir/mk/venv.mk"
expect_rc 0
expect_out 'archives ready for distribution'
expect_out 'PASS: test_hello.py'
