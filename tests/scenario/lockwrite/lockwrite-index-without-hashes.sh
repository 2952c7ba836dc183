#!/bin/sh
# An index whose pages give no sha256 (a plain file server, a bare devpi mirror): venvmk lock
# downloads the files of each locked version and hashes them, as pip-compile does, and says
# so in one line.  The lock then holds the sha256 of what the index serves, venvmk installs
# from it with no pip, and pip installs the requirements format in hash-checking mode.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/locklib.sh"
index_start --no-hashes --html-only
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
printf 'beta==1.0\ngamma==1.5\n' > requirements.in

vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
expect_err "venvmk: .venv: lock: hashing "
expect_err "venvmk: .venv: wrote pylock.toml"
pylock_read pylock.toml "$WHEELS" > "$T/locked"
printf 'alpha==2.0\nbeta==1.0\ngamma==1.5\n' | diff -u - "$T/locked" || fail "the lock's pins"
# every file's hash is that of the file the index serves
"$PY_DEBIAN" - pylock.toml "$WHEELS" <<'PY' || fail "the hashes are not those of the files"
import hashlib, os, sys, tomllib
t = tomllib.load(open(sys.argv[1], "rb"))
n = 0
for p in t["packages"]:
    files = p.get("wheels", []) + ([p["sdist"]] if "sdist" in p else [])
    assert files, p
    for f in files:
        want = hashlib.sha256(open(os.path.join(sys.argv[2], f["name"]), "rb").read()).hexdigest()
        assert f["hashes"] == {"sha256": want}, (f, want)
        assert f["size"] == os.path.getsize(os.path.join(sys.argv[2], f["name"])), f
        n += 1
assert n >= 3, n
PY
# nothing of the downloads is left
[ -z "$(ls -A "$VENVMK_CACHE_DIR/tmp" 2>/dev/null)" ] || fail "temporary files left: $(ls -A "$VENVMK_CACHE_DIR/tmp")"

# installed from the lock with no pip
trace_reset
vm --no-conf --lock pylock.toml sync
expect_rc 0
expect_pip_runs 0
expect_installed .venv "$(printf 'alpha==2.0\nbeta==1.0\ngamma==1.5')"

# the requirements format: pip checks every hash
vm --no-conf -r requirements.in lock -o requirements.txt
expect_rc 0
grep -q -- '--hash=sha256:' requirements.txt || fail "no hash in requirements.txt"
"$PY_DEBIAN" -m venv "$T/pipenv"
"$T/pipenv/bin/python" -m pip install -q --no-deps --require-hashes -r requirements.txt \
	|| fail "pip refused the hashes venvmk wrote"
