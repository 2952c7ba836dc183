#!/bin/sh
# Of three wheels of one package (this interpreter's manylinux, another platform's, another
# Python's) the lock installs this interpreter's; with only the other two, the sync fails
# naming the package and the best tags tried, and leaves the env as it was.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/locklib.sh"
mkdir wheels
py=$("$PY" -c 'import sys; print("cp%d%d" % sys.version_info[:2])')
arch=$(uname -m)
"$PY" - "$py" "$arch" <<'PY'
import base64, hashlib, sys, zipfile
py, arch = sys.argv[1], sys.argv[2]
def rec(p, d):
    h = base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (p, h, len(d))
for tag in ("%s-%s-manylinux_2_17_%s" % (py, py, arch), "%s-%s-win_amd64" % (py, py), "cp27-cp27mu-manylinux_2_17_%s" % arch):
    files = [("multi/__init__.py", "WHICH = %r\n" % tag),
             ("multi-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: multi\nVersion: 1.0\n\n"),
             ("multi-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: false\nTag: %s\n" % tag)]
    with zipfile.ZipFile("wheels/multi-1.0-%s.whl" % tag, "w") as z:
        lines = []
        for p, d in files:
            z.writestr(zipfile.ZipInfo(p, (1980, 1, 1, 0, 0, 0)), d)
            lines.append(rec(p, d.encode()))
        lines.append("multi-1.0.dist-info/RECORD,,")
        z.writestr(zipfile.ZipInfo("multi-1.0.dist-info/RECORD", (1980, 1, 1, 0, 0, 0)), "\n".join(lines) + "\n")
PY
mine=wheels/multi-1.0-$py-$py-manylinux_2_17_$arch.whl
win=wheels/multi-1.0-$py-$py-win_amd64.whl
old=wheels/multi-1.0-cp27-cp27mu-manylinux_2_17_$arch.whl
pylock_head
pylock_pkg multi 1.0 -- "$win" "$old" "$mine"
trace_reset
vm --lock pylock.toml sync
expect_rc 0
expect_pip_runs 0
[ "$(.venv/bin/python -c 'import multi; print(multi.WHICH)')" = "$py-$py-manylinux_2_17_$arch" ] || fail "the wrong wheel was chosen"

# without this interpreter's wheel: an error naming the package and the tags tried; the env stays
pylock_head
pylock_pkg multi 1.0 -- "$win" "$old"
vm --lock pylock.toml sync
expect_rc 1
expect_err "no wheel of multi 1.0 for this interpreter"
expect_err "best tags tried: $py-$py-"
[ "$(.venv/bin/python -c 'import multi; print(multi.WHICH)')" = "$py-$py-manylinux_2_17_$arch" ] || fail "the env changed"
