#!/bin/sh
# venvmk lock through a package index that asks for a password: each file is the index's
# (url, sha256 of the file it serves), each package names its index, and the password is
# nowhere in the lock.  With the inputs unchanged a second lock makes no request and
# leaves the file (its mtime) alone, also after a newer version was published; a changed
# input keeps the old pins, and only --upgrade takes the newer version.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/locklib.sh"
# an index of its own, without alpha 2.0 and beta 2.0 at first
ALL=$WHEELS
cp -R "$ALL" "$T/wheels"
rm "$T/wheels/alpha-2.0-py3-none-any.whl" "$T/wheels/beta-2.0-py3-none-any.whl"
WHEELS=$T/wheels
secret=l0ck-s3cr3t
index_start --auth "user:$secret"
export PIP_INDEX_URL="http://user:$secret@127.0.0.1:$PORT/simple/"
printf 'beta\nhello-cli\n' > requirements.in

vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
# every page read with the password, none refused
expect_err_exact "venvmk: .venv: wrote pylock.toml"
pylock_read pylock.toml "$T/wheels" > "$T/locked"
printf 'alpha==1.1\nbeta==1.0\nhello-cli==1.0\n' | diff -u - "$T/locked" || fail "the lock's pins"
"$PY_DEBIAN" - pylock.toml "http://127.0.0.1:$PORT" <<'PY' || fail "the lock's urls and index"
import sys, tomllib
t = tomllib.load(open(sys.argv[1], "rb"))
for p in t["packages"]:
    assert p["index"] == sys.argv[2] + "/simple/", p
    for w in p["wheels"]:
        assert w["url"] == sys.argv[2] + "/files/" + w["name"], w
        assert "path" not in w
PY
grep -F -- "$secret" pylock.toml && fail "the password is in the lock"
grep -F -- "user@" pylock.toml && fail "the user name is in the lock"
grep -rlF -- "$secret" "$VENVMK_CACHE_DIR" && fail "the password was written to the cache"
grep -F -- "$secret" "$T/out" "$T/err" && fail "the password was printed"

# inputs unchanged: no request, no pip, the file untouched
m=$(mtime pylock.toml)
cp pylock.toml "$T/first.toml"
: > "$INDEX_LOG"
trace_reset
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
expect_pip_runs 0
[ "$(index_requests)" -eq 0 ] || { cat "$INDEX_LOG"; fail "requests made for a current lock"; }
[ "$(mtime pylock.toml)" = "$m" ] || fail "a current lock was rewritten"

# alpha 2.0 published: still nothing to do
cp "$ALL/alpha-2.0-py3-none-any.whl" "$T/wheels/"
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
[ "$(index_requests)" -eq 0 ] || { cat "$INDEX_LOG"; fail "requests made for a current lock"; }
[ "$(mtime pylock.toml)" = "$m" ] || fail "a current lock was rewritten"

# a requirement added: resolved again, alpha keeps its pin
printf 'gamma\n' >> requirements.in
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
pylock_read pylock.toml "$T/wheels" > "$T/locked"
printf 'alpha==1.1\nbeta==1.0\ngamma==1.5\nhello-cli==1.0\n' | diff -u - "$T/locked" || fail "the old pins were not kept"

# --upgrade: alpha 2.0, from the index
vm --no-conf -r requirements.in lock -o pylock.toml --upgrade
expect_rc 0
pylock_read pylock.toml "$T/wheels" > "$T/locked"
printf 'alpha==2.0\nbeta==1.0\ngamma==1.5\nhello-cli==1.0\n' | diff -u - "$T/locked" || fail "--upgrade did not take alpha 2.0"
grep -qF "url = \"http://127.0.0.1:$PORT/files/alpha-2.0-py3-none-any.whl\"" pylock.toml || fail "alpha 2.0's url"
grep -F -- "$secret" pylock.toml && fail "the password is in the lock"
true
