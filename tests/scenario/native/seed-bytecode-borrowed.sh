#!/bin/sh
# pip's seed is not compiled again where the interpreter has it compiled already: in the
# pip (and setuptools) that "python -m venv" installed from the same wheels.  With a new
# cache the seed then starts no compile, and every seeded module imported loads from its
# .pyc: none stale, none compiled at import.  A module whose installed source differs, or
# whose installed .pyc is stale, is compiled from the cache's own source; with
# SOURCE_DATE_EPOCH (hash-checked .pyc files, as pip writes then) every module is compiled.
# The venvs are made with --copies: their python is then an interpreter of its own, whose
# site-packages is the venv's, and that is where venvmk looks.
. "$srcdir/tests/lib.sh"

# a short path, however deep the build dir
B=$(mktemp -d /tmp/vm.XXXXXX)
trap 'chmod -R u+w "$B" 2>/dev/null; rm -rf "$B"' EXIT
trap 'exit 1' INT TERM HUP
cd "$B"
unset PYTHONDONTWRITEBYTECODE SOURCE_DATE_EPOCH || true

compiles() { grep -c ' -I -S -c import os, sys, py_compile' "$T/trace" || true; }
borrows() { grep -c '^venvmk borrow-bytecode ' "$T/trace" || true; }
# ENV's python imports pip's heavier modules, each from its .pyc, none from its source
loads_from_pyc() {
	"$1/bin/python" -v -c 'import pip._internal, pip._internal.commands.install, pip._internal.req' \
		>/dev/null 2>"$T/v" || fail "$1: importing pip failed: $(tail -3 "$T/v")"
	n=$(grep -c "^# code object from '$1/lib/[^/]*/site-packages/pip/.*\.pyc'\$" "$T/v" || true)
	[ "$n" -gt 20 ] || fail "$1: only $n of pip's modules loaded from a .pyc"
	if grep "^# code object from '$1/.*\.py'\$" "$T/v" >"$T/src"; then
		fail "$1: compiled at import: $(head -3 "$T/src")"
	fi
}
# the .pyc of MODULE (a path below site-packages, without .py) in the env or venv DIR
pyc() { echo "$1"/lib/python*/site-packages/"$(dirname "$2")"/__pycache__/"$(basename "$2")".$tag.pyc; }

tried=0
for py in "$PY" "$PY_DEBIAN" /root/.pyenv/versions/3.13.0/bin/python3.13 /root/.pyenv/versions/3.6.15/bin/python3.6; do
	command -v "$py" >/dev/null 2>&1 || continue
	tried=$((tried + 1))
	rm -rf A N N.venvmk
	"$py" -m venv --copies A || fail "$py -m venv --copies"
	tag=$(A/bin/python -c 'import sys; print(sys.implementation.cache_tag)')
	[ -f "$(pyc A pip/__init__)" ] || fail "$py: venv did not compile pip"
	trace_reset
	vm --no-conf --python "$B/A/bin/python" --cache-dir "$B/c$tried" --no-requirements --dir N sync
	expect_rc 0
	[ "$(compiles)" = 0 ] || fail "$py: the seed was compiled: $(compiles) runs"
	[ "$(borrows)" -ge 1 ] || fail "$py: no seed entry took its bytecode from the venv"
	loads_from_pyc "$B/N"
	run N/bin/python -m pip --version
	expect_rc 0
	# the same code, a file of the cache's own (the venv's may change or go)
	f=$(pyc N pip/_internal/commands/install)
	cmp -s -i 16 "$f" "$(pyc A pip/_internal/commands/install)" || fail "$py: $f is not the venv's code"
	[ "$(stat -c %i "$f")" != "$(stat -c %i "$(pyc A pip/_internal/commands/install)")" ] || fail "$py: $f is the venv's file"
done
[ "$tried" -ge 1 ] || { echo "no interpreter"; exit 77; }

# python3's venv, changed: one module edited (and compiled there), one
# module's .pyc stale; those two compile from the cache, the rest is still borrowed
py=$PY
rm -rf A N N.venvmk
"$py" -m venv --copies A
tag=$(A/bin/python -c 'import sys; print(sys.implementation.cache_tag)')
sp=$(echo A/lib/python*/site-packages)
# the same size, one digit of the version changed: only the bytes tell
want=$(A/bin/python -c 'import pip; print(pip.__version__)')
A/bin/python - "$sp/pip/__init__.py" <<'PYEOF'
import re, sys
s = open(sys.argv[1]).read()
s = re.sub(r'(__version__ = "[^"]*)(.)"', lambda m: m.group(1) + "98"[m.group(2) == "9"] + '"', s)
open(sys.argv[1], "w").write(s)
PYEOF
edited=$(A/bin/python -c 'import pip; print(pip.__version__)')
[ "$edited" != "$want" ] || fail "the version was not edited"
A/bin/python -m py_compile "$sp/pip/__init__.py"
touch -d '2001-02-03 04:05:06' "$sp/pip/_internal/__init__.py"
trace_reset
vm --no-conf --python "$B/A/bin/python" --cache-dir "$B/c-edited" --no-requirements --dir N sync
expect_rc 0
[ "$(compiles)" = 1 ] || fail "edited: $(compiles) compiles, expected 1"
grep '^venvmk borrow-bytecode ' "$T/trace" | while read -r _ _ _ entry; do
	[ ! -d "$entry/pip" ] || fail "edited: pip's entry counted as borrowed whole"
done
run N/bin/python -c 'import pip; print(pip.__version__)'
expect_rc 0
[ "$(cat "$T/out")" = "$want" ] || fail "edited: the venv's edited module was taken: $(cat "$T/out")"
if grep -qF "$edited" "$(pyc N pip/__init__)"; then fail "edited: the venv's edited module's code was taken"; fi
# a compiled module names the file it was compiled from: the cache's, not the venv's
if cmp -s -i 16 "$(pyc N pip/_internal/__init__)" "$(pyc A pip/_internal/__init__)"; then
	fail "edited: the stale .pyc was taken"
fi
cmp -s -i 16 "$(pyc N pip/_internal/commands/install)" "$(pyc A pip/_internal/commands/install)" \
	|| fail "edited: the unchanged modules were compiled, not taken"
loads_from_pyc "$B/N"

# SOURCE_DATE_EPOCH: py_compile writes hash-checked files, which are not taken from elsewhere
rm -rf N N.venvmk
trace_reset
SOURCE_DATE_EPOCH=1700000000 vm --no-conf --python "$B/A/bin/python" --cache-dir "$B/c-sde" --no-requirements --dir N sync
expect_rc 0
[ "$(borrows)" = 0 ] || fail "SOURCE_DATE_EPOCH: bytecode borrowed"
[ "$(compiles)" = 1 ] || fail "SOURCE_DATE_EPOCH: $(compiles) compiles, expected 1"
[ "$(od -An -tu1 -j4 -N1 "$(pyc N pip/_internal/commands/install)" | tr -d ' ')" = 3 ] \
	|| fail "SOURCE_DATE_EPOCH: not a checked-hash .pyc"
loads_from_pyc "$B/N"
exit 0
