#!/bin/sh
# A sync that cannot succeed (a pin that does not exist, a broken local project, an
# index that is gone, a corrupt wheel) leaves the env exactly as it was: its console
# script still runs, check exits 1 and says why the last sync failed, the state dir
# holds nothing new, and the next good sync is exact.
. "$srcdir/tests/lib.sh"
# pip's failures (venvmk's own resolver fails its own way: index-resolved-by-venvmk-without-pip)
export VENVMK_RESOLVE=pip
# a first sync that fails (pip resolves in the env being built: there is none to keep)
# leaves no env, half-made or other, and nothing but its record in the state dir
printf 'alpha==9.9\nhello-cli\n' > requirements.txt
vm sync
expect_rc 1
expect_err 'alpha==9.9'
expect_err 'no half-made env is left'
[ ! -e .venv ] || fail "a failed first sync left .venv: $(ls -A .venv)"
[ "$(ls .venv.venvmk | grep -v -x -E 'failed|lock|interp' | tr '\n' ' ')" = "" ] || fail "left in the state dir: $(ls .venv.venvmk)"
vm check
expect_rc 1
printf 'alpha==1.0\nhello-cli\n' > requirements.txt
vm -q sync
expect_rc 0
ls .venv.venvmk | sort > "$T/statedir.before"
stamp=$(mtime .venv.venvmk/stamp)
ino=$(stat -c %i .venv/bin)

works() {
	[ "$(.venv/bin/alpha-version)" = "alpha 1.0" ] || fail "the env's console script is broken"
	[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "hello is broken"
	expect_installed .venv "$(printf 'alpha==1.0\nhello-cli==1.0')"
	[ "$(stat -c %i .venv/bin)" = "$ino" ] || fail "the env is not the one it was"
	[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "the stamp moved"
	ls .venv.venvmk | grep -v '^failed$' | sort > "$T/statedir.after"
	diff -u "$T/statedir.before" "$T/statedir.after" || fail "the state dir changed"
}

# a recreate that fails: the typo of the issue
printf 'alpha==9.9\nhello-cli\n' > requirements.txt
vm sync
expect_rc 1
expect_err 'alpha==9.9'
expect_err 'the env is as it was before this sync'
works
vm check
expect_rc 1
expect_err 'the last sync failed: '
grep -q -E 'pip (install --dry-run|download) failed|no solution: the requirements need alpha==9.9' "$T/err" \
	|| fail "check does not say that the resolve failed"

# a refresh (a line added) that fails
printf 'alpha==1.0\nhello-cli\ndelta==7.7\n' > requirements.txt
vm sync
expect_rc 1
works

# a local project that cannot be built
mkdir broken
printf 'from setuptools import setup\nraise SystemExit("this project is broken")\n' > broken/setup.py
printf 'alpha==1.0\nhello-cli\n./broken\n' > requirements.txt
vm sync
expect_rc 1
works

# a corrupt wheel: the wheelhouse's file no longer matches what pip resolved
cp -r "$WHEELS" "$T/wh"
export PIP_FIND_LINKS="$T/wh"
printf 'alpha==1.0\nhello-cli\ngamma==1.5\n' > requirements.txt
"$PY_DEBIAN" - "$T/wh/gamma-1.5-py3-none-any.whl" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[len(b) // 3] ^= 0xff
open(p, 'wb').write(b)
PY
vm sync
expect_rc 1
works

# SIGTERM in the middle of a recreate: the env comes back
cp "$WHEELS/gamma-1.5-py3-none-any.whl" "$T/wh/"
printf 'alpha==1.1\nhello-cli\n' > requirements.txt
sync_stopped_at created
kill -TERM $pid
kill -CONT $pid
wait $pid && fail "a stopped sync exited 0" || true
works

# fixed: the next sync does the work, exactly
printf 'alpha==1.1\nhello-cli\n' > requirements.txt
vm -q sync
expect_rc 0
expect_installed .venv "$(printf 'alpha==1.1\nhello-cli==1.0')"
[ ! -e .venv.venvmk/failed ] || fail "the failure is still recorded after a good sync"
vm check
expect_rc 0
