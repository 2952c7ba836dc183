#!/bin/sh
# A wheel with a module Python cannot compile (Python 2 syntax) installs as pip installs
# it: the other modules get their .pyc, that one none, and RECORD lists the same files.
# The cache's compile marker lists that module, so linking looks for no .pyc; a marker
# as older venvmks wrote it (empty) is still read right, by looking; a .pyc the marker
# promises but the cache lost is a damaged entry, made again.
. "$srcdir/tests/lib.sh"

W=$T/wh
mkdir -p "$W"
"$PY" - "$W" <<'PY'
import base64, hashlib, os, sys, zipfile
files = {
    "broken/__init__.py": "from broken.ok import VALUE\n",
    "broken/ok.py": "VALUE = 'ok'\n",
    "broken/py2only.py": "print 'this is Python 2'\n",
    "broken/sub/__init__.py": "",
    "broken/sub/also_bad.py": "def f(:\n    pass\n",
    "broken-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: broken\nVersion: 1.0\n",
    "broken-1.0.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    "broken-1.0.dist-info/top_level.txt": "broken\n",
}
rows = []
for name, text in files.items():
    data = text.encode()
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    rows.append("%s,sha256=%s,%d" % (name, digest, len(data)))
rows.append("broken-1.0.dist-info/RECORD,,")
files["broken-1.0.dist-info/RECORD"] = "\n".join(rows) + "\n"
with zipfile.ZipFile(os.path.join(sys.argv[1], "broken-1.0-py3-none-any.whl"), "w") as z:
    for name, text in files.items():
        z.writestr(name, text)
PY
export PIP_FIND_LINKS="$W $WHEELS"
echo 'broken==1.0' > requirements.txt
SP=lib/python3.11/site-packages

# pip's own install, the oracle
"$PY" -m venv "$T/P" >/dev/null
"$T/P/bin/python" -m pip install -q --no-index --find-links "$W" broken==1.0 || fail "pip could not install broken"
view() {
	(cd "$1/$SP" && find broken -type f | sort)
	grep -v '^\.\./' "$1/$SP/broken-1.0.dist-info/RECORD" | cut -d, -f1 | sort
}
view "$T/P" > "$T/view.pip"
grep -q 'broken/__pycache__/ok\.' "$T/view.pip" || fail "pip compiled no ok.py: $(cat "$T/view.pip")"
! grep -q 'py2only\..*pyc' "$T/view.pip" || fail "pip compiled py2only.py"

vm sync
expect_rc 0
view .venv > "$T/view.venvmk"
diff -u "$T/view.pip" "$T/view.venvmk" || fail "the env's files or RECORD differ from pip's"
[ "$(.venv/bin/python -c 'import broken; print(broken.VALUE)')" = ok ] || fail "broken does not import"

# the marker lists the two modules that got no .pyc
entry=$(dirname "$(find "$VENVMK_CACHE_DIR/wheels" -path '*/broken/ok.py')")/..
marker=$(echo "$entry"/.venvmk-pyc-*)
[ -f "$marker" ] || fail "no compile marker in the entry"
printf 'venvmk-pyc 1\nbroken/py2only.py\nbroken/sub/also_bad.py\nend\n' | cmp -s - "$marker" || fail "the marker: $(cat "$marker")"

# an env from the cache: no .pyc looked for, the same files
strace -f -qq -e trace=access -o "$T/strace" "$VENVMK" --dir .venv-2 sync 2>"$T/err" || { cat "$T/err"; fail "the second env failed"; }
view .venv-2 > "$T/view.2"
diff -u "$T/view.pip" "$T/view.2" || fail "the second env differs from pip's"
! grep -q '__pycache__/.*\.pyc' "$T/strace" || fail "a .pyc was looked for: $(grep pyc "$T/strace" | head -3)"

# a marker as older venvmks wrote it (empty): each .pyc looked for, the same files
: > "$T/empty"
chmod u+w "$marker" 2>/dev/null || true
cp "$T/empty" "$marker"
strace -f -qq -e trace=access -o "$T/strace" "$VENVMK" --dir .venv-3 sync 2>"$T/err" || { cat "$T/err"; fail "the env from an empty marker failed"; }
view .venv-3 > "$T/view.3"
diff -u "$T/view.pip" "$T/view.3" || fail "the env from an empty marker differs from pip's"
grep -q '__pycache__/.*\.pyc' "$T/strace" || fail "an empty marker looked for no .pyc"

# a .pyc the marker promises, gone from the cache: the entry is damaged and made again
printf 'venvmk-pyc 1\nbroken/py2only.py\nbroken/sub/also_bad.py\nend\n' > "$marker"
rm "$(echo "$entry"/broken/__pycache__/ok.*.pyc)"
vm --dir .venv-4 sync
expect_rc 0
expect_err "damaged cache entry; unpacking again"
view .venv-4 > "$T/view.4"
diff -u "$T/view.pip" "$T/view.4" || fail "the mended env differs from pip's"
[ "$(.venv-4/bin/python -c 'import broken; print(broken.VALUE)')" = ok ] || fail "broken does not import in the mended env"
