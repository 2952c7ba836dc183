#!/bin/sh
# venvmk's solver (src/resolve/) answers the scenario corpus tests/resolve/ as pip's own
# resolver does: each scenario pip can express is written as tiny wheels and resolved with
# `pip install --dry-run --report` (Debian's python3.11 and its pip); both fail, or both pick
# the same versions (only a valid answer where the scenario says several are valid).
# tests/oracle/solveroracle.py says which scenarios it leaves out and why (yanked releases
# need an index page).
. "$srcdir/tests/lib.sh"

SOLVE=$top_builddir/tests/helpers/solve
test -x "$SOLVE" || { echo "no $SOLVE"; exit 99; }
test -x "$PY_DEBIAN" || { echo "no $PY_DEBIAN"; exit 99; }

run "$PY_DEBIAN" "$srcdir/tests/oracle/solveroracle.py" "$SOLVE" "$srcdir/tests/resolve" "$T/work"
expect_rc 0
grep -q ' 0 differ$' "$T/out" || fail "the solver and pip differ"
