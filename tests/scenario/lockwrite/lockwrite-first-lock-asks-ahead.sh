#!/bin/sh
# A lock that is sure to be resolved (no lock yet, or --upgrade) asks for its roots' pages
# before the interpreter is asked for its facts, so that the two overlap: in the trace, the
# first venvmk-fetch batch comes before the interpreter query.  Each page is still asked for
# once, the lock is the one pip's resolution gives, and nothing of the early batch is left.
# An input with an error is told once, as without the early read; an existing lock whose
# inputs are unchanged asks for nothing.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/locklib.sh"
index_start --delay-ms 100
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
printf 'beta==1.0\nhello-cli\n' > requirements.in

trace_reset
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
first=$(grep -n -- 'venvmk-fetch' "$T/trace" | head -1 | cut -d: -f1)
query=$(grep -n -- ' -c import sys, os, platform' "$T/trace" | head -1 | cut -d: -f1)
[ -n "$first" ] && [ -n "$query" ] || fail "no fetch or no interpreter query: $(cat "$T/trace")"
[ "$first" -lt "$query" ] || fail "the roots' pages were not asked for before the interpreter: $(cat "$T/trace")"
for p in beta hello-cli alpha; do
	[ "$(index_requests "GET /simple/$p/ ")" -eq 1 ] || { cat "$INDEX_LOG"; fail "the page of $p was not asked for once"; }
done
pylock_read pylock.toml "$WHEELS" > "$T/locked"
printf 'alpha==2.0\nbeta==1.0\nhello-cli==1.0\n' | diff -u - "$T/locked" || fail "the lock's pins"
[ -z "$(ls -A "$VENVMK_CACHE_DIR/tmp" 2>/dev/null)" ] || fail "temporary files left: $(ls -A "$VENVMK_CACHE_DIR/tmp")"

# inputs unchanged: nothing asked ahead, nothing asked at all
: > "$INDEX_LOG"
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
[ "$(index_requests)" -eq 0 ] || { cat "$INDEX_LOG"; fail "requests made for a current lock"; }

# --upgrade: asked ahead again, revalidated once each
: > "$INDEX_LOG"
vm --no-conf -r requirements.in lock -o pylock.toml --upgrade
expect_rc 0
[ "$(index_requests "GET /simple/beta/ ")" -eq 1 ] || { cat "$INDEX_LOG"; fail "beta's page was not asked for once"; }

# an error in the inputs is told once, and no lock is written
printf 'beta==1.0\n-r nowhere.txt\n' > bad.in
vm --no-conf -r bad.in lock -o pylock.bad.toml
expect_rc 2
[ "$(grep -c 'nowhere.txt' "$T/err")" -eq 1 ] || fail "the error was not told once: $(cat "$T/err")"
[ ! -e pylock.bad.toml ] || fail "a lock was written from a bad input"
