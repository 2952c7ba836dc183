#!/bin/sh
# venvmk tool run makes the tool's env in the cache (CACHE/tools/KEY/env) the first time and
# runs the command with its arguments, options after the command being the command's; the
# second run starts no pip and makes no env. The project's env, its state dir and venv.conf
# are never read or touched: a broken venv.conf does not stop a tool.
. "$srcdir/tests/lib.sh"

echo gamma > requirements.txt
vm -q sync
expect_rc 0
stamp=$(mtime .venv.venvmk/stamp)
state=$(mtime .venv.venvmk/state)
envm=$(mtime .venv)
# from here venv.conf is broken: a tool never reads it
echo 'requirments = "x"' > venv.conf

trace_reset
vm tool run gamma --version -q
expect_rc 0
expect_out "gamma 1.5"
[ "$(wc -l < "$T/out")" = 1 ] || fail "the sync wrote to the command's stdout"
expect_creates 1
dirs=$(ls "$T/cache/tools")
[ "$(echo "$dirs" | wc -l)" = 1 ] || fail "expected one tool dir: $dirs"
[ -x "$T/cache/tools/$dirs/env/bin/gamma" ] || fail "the tool env is not in the cache"

trace_reset
vm tool run gamma
expect_rc 0
expect_out "gamma 1.5"
expect_no_err
expect_pip_runs 0
expect_creates 0
[ ! -s "$T/trace" ] || fail "the second run started something: $(cat "$T/trace")"

# --from picks the requirement; an operand "--" before the command is dropped
trace_reset
vm tool run --from 'gamma==1.0' -- gamma -v
expect_rc 0
expect_out "gamma 1.0"
expect_creates 1
[ "$(ls "$T/cache/tools" | wc -l)" = 2 ] || fail "--from made no env of its own"

# the project's env was never touched
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "the project stamp moved"
[ "$(mtime .venv.venvmk/state)" = "$state" ] || fail "the project state moved"
[ "$(mtime .venv)" = "$envm" ] || fail "the project env changed"
[ ! -e "$T/cache/tools/$dirs/env/bin/alpha-version" ] || fail "unexpected"
vm sync
expect_rc 2
expect_err "no such option"
