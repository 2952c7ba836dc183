#!/bin/sh
# An env the native backend made (pip seeded from the cache, wheels linked) behaves
# as one made by python -m venv and pip install: pip list, pip check, console
# scripts, importlib.metadata, and pip install / uninstall inside it.  Files, and
# the .pyc files compiled once in the cache, are hard links into the cache, and an
# edit in one env (a file replaced, as pip and editors do) changes neither another
# env nor the cache.
. "$srcdir/tests/lib.sh"

printf 'beta==2.0\nhello-cli\ngamma==1.5\n' > requirements.txt
vm --python "$PY_DEBIAN" sync
expect_rc 0
vm --python "$PY_DEBIAN" --backend venv --dir ref sync
expect_rc 0

# pip list, the same as a pip install gives, with pip (and setuptools) as ensurepip seeds them
.venv/bin/python -m pip list --format=freeze > "$T/native.list"
ref/bin/python -m pip list --format=freeze > "$T/ref.list"
diff -u "$T/ref.list" "$T/native.list" || fail "pip list differs from a venv + pip install env"
.venv/bin/python -m pip check || fail "pip check fails"
.venv/bin/pip --version | grep -qF "$(pwd)/.venv/lib/python3.11/site-packages/pip" || fail "bin/pip is not the env's"
for s in pip pip3 pip3.11 hello gamma beta-hello alpha-version; do
	[ -x ".venv/bin/$s" ] || fail "no .venv/bin/$s"
done
.venv/bin/beta-hello | grep -qx 'hello from beta 2.0' || fail "console script beta-hello"
.venv/bin/python -c '
import importlib.metadata as m
names = sorted(d.metadata["Name"].lower() for d in m.distributions())
print(" ".join(names))
for n in ("alpha", "beta", "gamma", "hello-cli", "pip", "setuptools"):
    assert m.version(n), n
    assert m.distribution(n).read_text("INSTALLER").strip() == "pip", n
' || fail "importlib.metadata does not find every dist"

# linked: one inode shared with the cache; pip's own files too
f=.venv/lib/python3.11/site-packages/gamma/__init__.py
[ "$(stat -c %h "$f")" -gt 1 ] || fail "$f is not a hard link"
[ "$(stat -c %h .venv/lib/python3.11/site-packages/pip/__init__.py)" -gt 1 ] || fail "pip is not linked"
[ ! -w "$f" ] || [ "$(id -u)" -eq 0 ] || fail "a linked file is writable"

# compiled as pip compiles: the .pyc is linked beside the module, and Python uses it
pyc=.venv/lib/python3.11/site-packages/gamma/__pycache__/__init__.cpython-311.pyc
[ "$(stat -c %h "$pyc" 2>/dev/null || echo 0)" -gt 1 ] || fail "no linked $pyc"
grep -qF "gamma/__pycache__/__init__.cpython-311.pyc" .venv/lib/python3.11/site-packages/gamma-1.5.dist-info/RECORD \
	|| fail "RECORD lacks the .pyc"
PYTHONDONTWRITEBYTECODE=1 .venv/bin/python -v -c 'import gamma' 2>&1 | grep -q "code object from '.*gamma/__pycache__/__init__.cpython-311.pyc'" \
	|| fail "Python did not load the linked .pyc"

# a second env, then an edit in the first: the second and the cache keep the original
vm --python "$PY_DEBIAN" --dir other sync
expect_rc 0
orig=$(cat other/lib/python3.11/site-packages/gamma/__init__.py)
printf 'VALUE = "venvmk-test-edit-4711"\n' > "$T/new.py" && mv "$T/new.py" "$f"
[ "$(cat other/lib/python3.11/site-packages/gamma/__init__.py)" = "$orig" ] || fail "an edit in one env changed another"
grep -rlF 'venvmk-test-edit-4711' "$VENVMK_CACHE_DIR/wheels" && fail "an edit in one env changed the cache"

# pip inside the env: uninstall a linked dist, install and uninstall another
.venv/bin/python -m pip uninstall -y gamma || fail "pip uninstall of a linked dist"
[ ! -e "$f" ] && [ ! -e .venv/bin/gamma ] || fail "pip uninstall left gamma's files"
other/bin/gamma | grep -qx 'gamma 1.5' || fail "uninstalling in one env broke another"
.venv/bin/python -m pip install -q delta==0.2 || fail "pip install inside the env"
.venv/bin/python -c 'import delta' || fail "delta not importable"
.venv/bin/python -m pip uninstall -y delta || fail "pip uninstall inside the env"
.venv/bin/python -m pip uninstall -y pip || fail "pip uninstall pip"
[ ! -e .venv/bin/pip ] && [ ! -e .venv/lib/python3.11/site-packages/pip ] || fail "pip's files are left"
