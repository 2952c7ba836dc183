#!/bin/sh
# venvmk's own solver (src/resolve/) gives each scenario of the corpus tests/resolve/ its
# expected answer: trees, diamonds, backtracking that needs conflict learning, extras (of
# extras, self-referencing), markers, Requires-Python, pre-releases, yanked, local versions,
# constraints, a missing name and unsolvable sets whose message names the conflict, and a
# boto3/botocore-like set of 1,000 candidates. Every answer is also checked valid
# (solvecheck). A planted wrong expectation is caught, and the failure chain reads as a person
# follows it.
. "$srcdir/tests/lib.sh"

SOLVE=$top_builddir/tests/helpers/solve
test -x "$SOLVE" || { echo "no $SOLVE"; exit 99; }

run "$SOLVE" --check "$srcdir"/tests/resolve/*.txt
expect_rc 0
n=$(grep -c '^ok ' "$T/out")
[ "$n" -ge 30 ] || fail "only $n scenarios ran"

# the checker is no rubber stamp: a wrong expectation fails
sed 's/^expect d 2.0$/expect d 3.0/' "$srcdir/tests/resolve/diamond.txt" >"$T/wrong.txt"
run "$SOLVE" --check "$T/wrong.txt"
expect_rc 1

# the chain of reasons, line by line
run "$SOLVE" "$srcdir/tests/resolve/unsolvable-named-conflict.txt"
expect_rc 1
cat >"$T/want" <<'OUT'
no solution
a 1.0 depends on b>=2; c 3.0 depends on b<2; so a 1.0 and c 3.0 cannot both be installed
the requirements need a; so c 3.0 cannot be installed
the requirements need c; so the requirements cannot be met
OUT
diff -u "$T/want" "$T/out" || fail "not the chain expected"
