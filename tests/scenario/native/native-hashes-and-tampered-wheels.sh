#!/bin/sh
# The native backend's wheel cache is content-addressed and checked.  A requirements
# file with --hash installs.  A wheel file rebuilt under the same name is a new
# resolution, not the cached one: with --hash pip refuses it (and the last sync stays
# recorded); without, the rebuilt contents are installed.  A wheel file that is gone
# is served from the cache under the hash pip reported.
. "$srcdir/tests/lib.sh"

mkdir wh
cp "$WHEELS"/gamma-1.5-py3-none-any.whl wh/
export PIP_FIND_LINKS="$T/p/wh"
h=$(sha256sum wh/gamma-1.5-py3-none-any.whl | cut -d' ' -f1)
printf 'gamma==1.5 --hash=sha256:%s\n' "$h" > requirements.txt
vm sync
expect_rc 0
expect_installed .venv 'gamma==1.5'
[ -d "$VENVMK_CACHE_DIR/wheels/$h" ] || fail "the wheel is not cached under its sha256"

# the file gone: a seen fingerprint is served from the cache, no pip
mv wh/gamma-1.5-py3-none-any.whl "$T/kept.whl"
vm clean
trace_reset
vm sync
expect_rc 0
! grep -q -- ' -m pip ' "$T/trace" || fail "a seen fingerprint started pip"
.venv/bin/gamma | grep -qx 'gamma 1.5' || fail "the cached wheel was not installed"

# rebuilt under the same name with other contents: pip resolves again and refuses
python3 - "$T/kept.whl" wh/gamma-1.5-py3-none-any.whl <<'PY'
import sys, zipfile
src, dst = sys.argv[1:]
with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w") as zo:
    for i in zi.infolist():
        data = zi.read(i)
        if i.filename == "gamma/__init__.py":
            data = data.replace(b"gamma 1.5", b"gamma 1.5 rebuilt")
        zo.writestr(i, data)
PY
stamp=$(mtime .venv.venvmk/stamp)
rm -rf .venv
trace_reset
vm sync
expect_rc 1
grep -q -E -- '--dry-run| -m pip download ' "$T/trace" || fail "a changed wheel file did not make pip resolve again"
expect_err 'HASHES'
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "a failed sync moved the stamp"
vm check
expect_rc 1

# without --hash, the rebuilt wheel is what a clean build installs
printf 'gamma==1.5\n' > requirements.txt
vm sync
expect_rc 0
.venv/bin/gamma | grep -qx 'gamma 1.5 rebuilt' || fail "the rebuilt wheel's contents were not installed"
