#!/bin/sh
# venvmk lock through an index whose JSON pages give PEP 700's size and upload-time: every
# wheel and sdist of the lock has the size of the file the index serves and its upload-time
# as a TOML date-time in UTC (tomllib reads a datetime with tzinfo UTC); through HTML pages,
# which have neither, the lock has no size and no upload-time, and still parses.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/locklib.sh"
cp -R "$WHEELS" "$T/wheels"
WHEELS=$T/wheels
printf 'not built: pip prefers the wheel\n' > "$WHEELS/alpha-1.1.tar.gz"
# the index says a file was uploaded when it was last modified
touch -d '2024-01-02T03:04:05.25Z' "$WHEELS/alpha-1.1-py3-none-any.whl"
touch -d '2024-01-03T00:00:00Z' "$WHEELS/alpha-1.1.tar.gz"
touch -d '2024-05-06T07:08:09Z' "$WHEELS/beta-1.0-py3-none-any.whl"
printf 'beta<2\nalpha<2\n' > requirements.in
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"

vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
pylock_read pylock.toml "$WHEELS" > "$T/locked"
printf 'alpha==1.1\nbeta==1.0\n' | diff -u - "$T/locked" || fail "the lock's pins"
"$PY_DEBIAN" - pylock.toml "$WHEELS" <<'PY' || fail "the lock's sizes and upload times"
import datetime, os, sys, tomllib
t = tomllib.load(open(sys.argv[1], "rb"))
utc = datetime.timezone.utc
want = {"alpha-1.1-py3-none-any.whl": datetime.datetime(2024, 1, 2, 3, 4, 5, 250000, utc),
        "alpha-1.1.tar.gz": datetime.datetime(2024, 1, 3, tzinfo=utc),
        "beta-1.0-py3-none-any.whl": datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=utc)}
seen = set()
for p in t["packages"]:
    for f in p.get("wheels", []) + ([p["sdist"]] if "sdist" in p else []):
        assert f["size"] == os.path.getsize(os.path.join(sys.argv[2], f["name"])), f
        assert f["upload-time"] == want[f["name"]], f
        assert f["upload-time"].utcoffset() == datetime.timedelta(0), f
        seen.add(f["name"])
assert seen == set(want), seen
PY
grep -qF 'upload-time = 2024-01-02T03:04:05.25Z' pylock.toml || fail "upload-time is not a TOML date-time in UTC"

# HTML pages: no size, no upload-time
index_stop
index_start --html-only
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
vm --no-conf -r requirements.in lock -o pylock.toml --upgrade
expect_rc 0
pylock_read pylock.toml "$WHEELS" > "$T/locked"
printf 'alpha==1.1\nbeta==1.0\n' | diff -u - "$T/locked" || fail "the lock's pins (HTML)"
grep -E 'size =|upload-time =' pylock.toml && fail "HTML pages gave a size or an upload-time"
true
