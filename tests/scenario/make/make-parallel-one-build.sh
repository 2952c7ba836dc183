#!/bin/sh
# make -j8 with many targets on two envs, recursive make, and two make processes
# at once: each env is built once, and every target sees a complete env.
. "$srcdir/tests/lib.sh"

cat > Makefile <<MK
VENVS = one two
one_REQUIREMENTS = one.txt
two_REQUIREMENTS = two.txt
VENV_BACKEND = virtualenv
include $srcdir/mk/venv.mk
N = 1 2 3 4 5 6 7 8
all: \$(foreach n,\$(N),a\$(n).txt b\$(n).txt) sub
a%.txt: \$(one_STAMP)
	\$(one_BIN)/gamma > \$@
b%.txt: \$(two_STAMP)
	\$(two_BIN)/alpha-version > \$@
sub:
	\$(MAKE) -f Makefile c.txt
c.txt: \$(one_STAMP)
	\$(one_BIN)/gamma > \$@
.PHONY: all sub
MK
printf 'gamma\n' > one.txt
printf 'alpha==1.1\n' > two.txt

trace_reset
run make -j8 VENVMK="$VENVMK"
expect_rc 0
expect_creates 2
for n in 1 2 3 4 5 6 7 8; do
	grep -qx 'gamma 1.5' a$n.txt || fail "a$n.txt"
	grep -qx 'alpha 1.1' b$n.txt || fail "b$n.txt"
done
grep -qx 'gamma 1.5' c.txt || fail c.txt

# two make processes at once on a changed env: one rebuild between them
printf 'alpha==1.0\n' > two.txt
trace_reset
make -j4 VENVMK="$VENVMK" >"$T/m1" 2>&1 & p1=$!
make -j4 VENVMK="$VENVMK" >"$T/m2" 2>&1 & p2=$!
wait $p1 || fail "first make failed: $(cat "$T/m1")"
wait $p2 || fail "second make failed: $(cat "$T/m2")"
expect_creates 1
expect_installed .venv-two 'alpha==1.0'
