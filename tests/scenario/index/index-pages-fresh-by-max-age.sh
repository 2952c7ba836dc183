#!/bin/sh
# An index that says "Cache-Control: max-age=N": within N seconds a new resolution uses
# the kept pages with no request at all (metadata is cached by its hash); --upgrade asks
# for every page again however young (304s). venvmk-fetch's page line: the old form prints
# nothing and writes the page; the conditional form tells the status and the validators,
# and a 304 leaves DEST unwritten. cache prune drops the pages not vouched for in DAYS days.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/locklib.sh"
unset VENVMK_RESOLVE
index_start --max-age 600
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
printf 'beta\ngamma>=1.0\nhello-cli\n' > requirements.in

vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
[ "$(index_requests 'GET /simple/.* 200')" -eq 4 ] || { cat "$INDEX_LOG"; fail "the four pages were not fetched once"; }
grep -q '^cache-control max-age=600$' "$VENVMK_CACHE_DIR"/pages/* || fail "the page files lack their Cache-Control"

# a new fingerprint within max-age: resolved from the kept pages and metadata, no request
# (the old lock removed: its pins would be tried by pip first)
printf 'beta\ngamma>=1.1\nhello-cli\n' > requirements.in
rm pylock.toml
: > "$INDEX_LOG"
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
[ "$(index_requests)" -eq 0 ] || { cat "$INDEX_LOG"; fail "requests made within max-age"; }
pylock_read pylock.toml "$WHEELS" > "$T/locked"
printf 'alpha==2.0\nbeta==2.0\ngamma==1.5\nhello-cli==1.0\n' | diff -u - "$T/locked" || fail "the lock from the kept pages"

# --upgrade: every page revalidated however young, and nothing else asked for
: > "$INDEX_LOG"
vm --no-conf -r requirements.in lock -o pylock.toml --upgrade
expect_rc 0
[ "$(index_requests 'GET /simple/.* 304')" -eq 4 ] || { cat "$INDEX_LOG"; fail "--upgrade did not revalidate the fresh pages"; }
[ "$(index_requests)" -eq 4 ] || { cat "$INDEX_LOG"; fail "requests beyond the four revalidations"; }

# venvmk-fetch alone: the old page line, then the conditional one with the ETag it was given
url="http://127.0.0.1:$PORT/simple/alpha/"
printf 'page\t%s\t%s\t\n' "$url" "$T/old" | "$FETCH" > "$T/out1" || fail "the old page line failed"
[ -s "$T/old" ] && [ ! -s "$T/out1" ] || fail "the old page line: a page and no output"
printf 'page\t%s\t%s\t\tone\t\t\n' "$url" "$T/new" | "$FETCH" > "$T/out2" || fail "the conditional page line failed"
cmp -s "$T/old" "$T/new" || fail "the same page twice differs"
etag=$(cut -f3 "$T/out2")
[ "$(cut -f1,2,5 "$T/out2")" = "$(printf 'one\t200\tmax-age=600')" ] && [ -n "$etag" ] || fail "the 200's answer: $(cat "$T/out2")"
printf 'page\t%s\t%s\t\ttwo\t%s\t\n' "$url" "$T/again" "$etag" | "$FETCH" > "$T/out3" || fail "the 304 failed"
[ "$(cut -f1-3 "$T/out3")" = "$(printf 'two\t304\t%s' "$etag")" ] || fail "the 304's answer: $(cat "$T/out3")"
[ ! -e "$T/again" ] || fail "a 304 wrote DEST"
printf 'page\t%s\t%s\t\tthree\t"stale"\t\n' "$url" "$T/changed" | "$FETCH" > "$T/out4" || fail "the changed page failed"
[ "$(cut -f2 "$T/out4")" = 200 ] && cmp -s "$T/old" "$T/changed" || fail "an old ETag was not answered with the page"

# cache prune: a page the index has not vouched for in DAYS days goes, the others stay
set -- "$VENVMK_CACHE_DIR"/pages/*
[ $# -eq 4 ] || fail "four page files, not $#"
touch -d '3 days ago' "$1"
vm cache prune --older-than=2
expect_rc 0
[ ! -e "$1" ] && [ "$(ls "$VENVMK_CACHE_DIR/pages" | wc -l)" -eq 3 ] || fail "prune --older-than=2 and the pages"
vm cache prune --older-than=0
expect_rc 0
[ "$(ls "$VENVMK_CACHE_DIR/pages" | wc -l)" -eq 0 ] || fail "prune --older-than=0 left pages"
