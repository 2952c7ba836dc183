#!/bin/sh
# --exclude-newer DATE (PEP 700's upload-time, as uv's): alpha 1.0, 1.1 and 2.0 uploaded a
# month apart; a lock and a sync with a cutoff between two uploads take the older, with
# no pip; a date is the end of that day in UTC; the lock records the cutoff; changing it
# (flag, VENVMK_EXCLUDE_NEWER, venv.conf) resolves again. A bad date, and a resolution pip
# would have to make, are refused with a precise error, and the lock and the env stay.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/locklib.sh"
cp -R "$WHEELS" "$T/wheels"
WHEELS=$T/wheels
touch -d '2024-01-01T12:00:00Z' "$WHEELS/alpha-1.0-py3-none-any.whl"
touch -d '2024-02-01T12:00:00Z' "$WHEELS/alpha-1.1-py3-none-any.whl"
touch -d '2024-03-01T12:00:00Z' "$WHEELS/alpha-2.0-py3-none-any.whl"
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
printf 'alpha\n' > requirements.in

# a date between 1.1 and 2.0: 1.1, and the lock says so
vm --no-conf -r requirements.in lock -o pylock.toml --exclude-newer 2024-02-15
expect_rc 0
pylock_read pylock.toml "$WHEELS" > "$T/locked"
printf 'alpha==1.1\n' | diff -u - "$T/locked" || fail "--exclude-newer 2024-02-15 did not pick alpha 1.1"
grep -qxF 'exclude-newer = "2024-02-16T00:00:00Z"' pylock.toml || fail "the lock does not record the cutoff"
# the same again: nothing to do
m=$(mtime pylock.toml)
: > "$INDEX_LOG"
vm --no-conf -r requirements.in lock -o pylock.toml --exclude-newer 2024-02-15
expect_rc 0
[ "$(index_requests)" -eq 0 ] && [ "$(mtime pylock.toml)" = "$m" ] || fail "an unchanged cutoff resolved again"
# a cutoff at 1.1's very upload: 1.1 is out (uploaded at or after it), and 1.0 replaces the pin
vm --no-conf -r requirements.in lock -o pylock.toml --exclude-newer 2024-02-01T13:00:00+01:00
expect_rc 0
pylock_read pylock.toml "$WHEELS" > "$T/locked"
printf 'alpha==1.0\n' | diff -u - "$T/locked" || fail "a cutoff at 1.1's upload kept alpha 1.1"

# a bad date: a precise error, exit 2, the lock as it was
cp pylock.toml "$T/before.toml"
vm --no-conf -r requirements.in lock -o pylock.toml --exclude-newer 2024-02-30
expect_rc 2
expect_err_exact "venvmk: --exclude-newer: '2024-02-30': that month has no such day"
cmp -s pylock.toml "$T/before.toml" || fail "a bad date changed the lock"
VENVMK_EXCLUDE_NEWER=last-week vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 2
expect_err "venvmk: VENVMK_EXCLUDE_NEWER: 'last-week': expected a date YYYY-MM-DD"

# sync: 1.1 with no pip, then the variable moves it back to 1.0 (a recreate)
trace_reset
vm --no-conf -r requirements.in --exclude-newer 2024-02-15 sync
expect_rc 0
expect_pip_runs 0
expect_installed .venv alpha==1.1
VENVMK_EXCLUDE_NEWER=2024-01-15 vm --no-conf -r requirements.in sync
expect_rc 0
expect_installed .venv alpha==1.0
# venv.conf's exclude-newer, per env; a bad one is venv.conf:LINE:
printf 'env "dev" {\n  requirements = {"requirements.in"}\n  exclude-newer = "2024-02-15T00:00:00Z"\n}\n' > venv.conf
vm sync
expect_rc 0
expect_installed .venv alpha==1.1
printf 'env "dev" {\n  requirements = {"requirements.in"}\n  exclude-newer = "2024-02-15T25:00:00Z"\n}\n' > venv.conf
vm sync
expect_rc 2
expect_err "venv.conf:3: exclude-newer: '2024-02-15T25:00:00Z': the time is out of range"
rm venv.conf

# pip would have to resolve: refused, not quietly ignored; the env stays
VENVMK_RESOLVE=pip vm --no-conf -r requirements.in --exclude-newer 2024-03-15 sync
expect_rc 1
expect_err "exclude-newer 2024-03-16T00:00:00Z: pip would have to resolve (VENVMK_RESOLVE asks for pip), and pip has no such option"
expect_installed .venv alpha==1.1
true
