#!/bin/sh
# venvmk tool dir prints the tools dir (or one tool's env), tool list each tool env (its
# requirements, interpreter, env, last use). cache prune drops the wheel entries a tool env
# came from without breaking it (still no pip, no create), drops a tool env unused for the
# days given, and never one in use.
. "$srcdir/tests/lib.sh"

vm tool dir
expect_rc 0
[ "$(cat "$T/out")" = "$T/cache/tools" ] || fail "tool dir: $(cat "$T/out")"
vm tool list
expect_rc 0
[ ! -s "$T/out" ] || fail "tool list with no tool printed something"
vm -q tool run gamma
expect_rc 0
vm -q tool run --from 'alpha==1.1' --with delta alpha-version
expect_rc 0
vm tool dir gamma
expect_rc 0
g=$(cat "$T/out")
[ -x "$g/bin/gamma" ] || fail "tool dir gamma: $g"
vm tool dir --from 'alpha==1.1' --with delta alpha-version
a=$(cat "$T/out")
vm tool list
expect_rc 0
expect_out "$(printf 'gamma\tpython3\t%s\t' "$g")"
expect_out "$(printf 'alpha==1.1, delta\tpython3\t%s\t' "$a")"

# the wheel entries go; the tool envs, used today, stay and work as they were
for m in "$T"/cache/wheels/*/.venvmk-manifest; do touch -d '40 days ago' "$m"; done
vm cache prune --older-than=30
expect_rc 0
[ -z "$(ls "$T/cache/wheels" | grep -v '^index$')" ] || fail "wheel entries left"
trace_reset
vm tool run gamma
expect_rc 0
expect_out "gamma 1.5"
expect_pip_runs 0
expect_creates 0

# a tool unused for 40 days goes; the other stays
touch -d '40 days ago' "$(dirname "$a")/used"
vm cache prune --older-than=30
expect_rc 0
expect_out "removed 1 entries"
[ ! -e "$a" ] || fail "the unused tool env is still there"
[ -x "$g/bin/gamma" ] || fail "the used tool env went"

# a tool running holds its env: prune 0 leaves it, and removes it once it is done
"$VENVMK" tool run --from gamma python -c 'import time; open("started", "w").close(); time.sleep(60)' &
pid=$!
for _ in $(seq 300); do [ -e started ] && break; sleep 0.1; done
[ -e started ] || fail "the tool never started"
vm cache prune --older-than=0
expect_rc 0
[ -x "$g/bin/gamma" ] || fail "prune removed a tool in use"
kill $pid; wait $pid || true
vm cache prune --older-than=0
expect_rc 0
[ ! -e "$g" ] || fail "prune 0 left a tool env"
vm tool list
[ ! -s "$T/out" ] || fail "tool list after prune 0: $(cat "$T/out")"
