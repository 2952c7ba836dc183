#!/bin/sh
# Two venvmk tool run of the same tool at once: both run the command, one env is made
# (the env's lock holds the other until it is made), and the cache keeps one tool dir.
. "$srcdir/tests/lib.sh"

"$VENVMK" tool run gamma > "$T/a.out" 2> "$T/a.err" &
a=$!
"$VENVMK" tool run gamma > "$T/b.out" 2> "$T/b.err" &
b=$!
wait $a || fail "the first run failed: $(cat "$T/a.err")"
wait $b || fail "the second run failed: $(cat "$T/b.err")"
[ "$(cat "$T/a.out")" = "gamma 1.5" ] || fail "first: $(cat "$T/a.out")"
[ "$(cat "$T/b.out")" = "gamma 1.5" ] || fail "second: $(cat "$T/b.out")"
expect_creates 1
[ "$(ls "$T/cache/tools" | wc -l)" -eq 1 ] || fail "expected one tool dir"
