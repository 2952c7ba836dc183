#!/bin/sh
# Index pages are kept in the cache with their validators. A cold `venvmk lock` asks for
# each project page once and each metadata file once (the lock writer lists every file of
# each locked version from the pages the resolution just had). A new resolution later
# revalidates them: every page answered 304, none sent again. A version published on the
# index changes that page's ETag: a 200, and the lock takes it. A page file cut short or
# made garbage is a miss (asked for unconditionally), never an error.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/locklib.sh"
unset VENVMK_RESOLVE
# an index of its own, without alpha 2.0 at first
ALL=$WHEELS
cp -R "$ALL" "$T/wheels"
rm "$T/wheels/alpha-2.0-py3-none-any.whl"
WHEELS=$T/wheels
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
printf 'beta\ngamma>=1.0\nhello-cli\n' > requirements.in
PAGES="alpha beta gamma hello-cli"

# cold: one request per page and per metadata file, nothing else
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
for p in $PAGES; do
	[ "$(index_requests "GET /simple/$p/ 200")" -eq 1 ] || { cat "$INDEX_LOG"; fail "the page of $p was not fetched once"; }
done
[ -z "$(sort "$INDEX_LOG" | uniq -d)" ] || { cat "$INDEX_LOG"; fail "a request was made twice in one lock"; }
[ "$(index_requests)" -eq "$(($(index_requests 'GET /simple/') + $(index_requests '\.metadata 200')))" ] \
	|| { cat "$INDEX_LOG"; fail "requests beyond the pages and the metadata files"; }
[ "$(ls "$VENVMK_CACHE_DIR/pages" | wc -l)" -eq 4 ] || fail "the four pages were not kept"
pylock_read pylock.toml "$T/wheels" > "$T/locked"
printf 'alpha==1.1\nbeta==1.0\ngamma==1.5\nhello-cli==1.0\n' | diff -u - "$T/locked" || fail "the cold lock's pins"

# resolved again (--upgrade): each page revalidated, 304, no body sent again, no metadata
: > "$INDEX_LOG"
vm --no-conf -r requirements.in lock -o pylock.toml --upgrade
expect_rc 0
for p in $PAGES; do
	[ "$(index_requests "GET /simple/$p/ 304")" -eq 1 ] || { cat "$INDEX_LOG"; fail "the page of $p was not revalidated once"; }
done
[ "$(index_requests)" -eq 4 ] || { cat "$INDEX_LOG"; fail "requests beyond the four revalidations"; }

# alpha 2.0 published: its page's ETag changes, a 200; the others still 304
cp "$ALL/alpha-2.0-py3-none-any.whl" "$T/wheels/"
: > "$INDEX_LOG"
vm --no-conf -r requirements.in lock -o pylock.toml --upgrade
expect_rc 0
[ "$(index_requests 'GET /simple/alpha/ 200')" -eq 1 ] || { cat "$INDEX_LOG"; fail "the changed page of alpha was not fetched"; }
[ "$(index_requests 'GET /simple/.* 304')" -eq 3 ] || { cat "$INDEX_LOG"; fail "the unchanged pages were not 304"; }
pylock_read pylock.toml "$T/wheels" > "$T/locked"
printf 'alpha==2.0\nbeta==2.0\ngamma==1.5\nhello-cli==1.0\n' | diff -u - "$T/locked" || fail "alpha 2.0 was not seen after revalidation"

# page files cut short or garbage: misses, asked for whole, and kept anew
n=0
for f in "$VENVMK_CACHE_DIR"/pages/*; do
	n=$((n + 1))
	if [ $((n % 2)) -eq 0 ]; then
		head -c 40 "$f" > "$T/cut" && cat "$T/cut" > "$f"
	else
		printf 'garbage\n' > "$f"
	fi
done
: > "$INDEX_LOG"
vm --no-conf -r requirements.in lock -o pylock.toml --upgrade
expect_rc 0
! grep -v 'wrote pylock.toml' "$T/err" || fail "a corrupt page file was told of"
[ "$(index_requests 'GET /simple/.* 200')" -eq 4 ] || { cat "$INDEX_LOG"; fail "corrupt page files were not misses"; }
pylock_read pylock.toml "$T/wheels" > "$T/locked"
printf 'alpha==2.0\nbeta==2.0\ngamma==1.5\nhello-cli==1.0\n' | diff -u - "$T/locked" || fail "the lock after corrupt page files"
: > "$INDEX_LOG"
vm --no-conf -r requirements.in lock -o pylock.toml --upgrade
expect_rc 0
[ "$(index_requests 'GET /simple/.* 304')" -eq 4 ] || { cat "$INDEX_LOG"; fail "the pages were not kept anew"; }
