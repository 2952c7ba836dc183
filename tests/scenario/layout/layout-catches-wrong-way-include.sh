#!/bin/sh
# tests/checklayout.sh catches what breaks the layer map. On a copy of src/ (its .c and .h
# files and LAYERS) it passes; each mutation planted alone in a fresh copy makes it fail
# (exit 1) with the mutation's own file:line message: a wrong-way include, a circle between
# two folders, a readfile() call in pep/, base/spawn.h in parse/, an include of fetch/ from
# cache/, an include naming no file, a folder the table does not name. Look-alikes that are
# no calls (in comments and strings, tomlopen(), p->open(), q.stat()) change nothing.
# Needs nothing built.
set -eu
: "${srcdir:=.}"
srcdir=$(cd "$srcdir" && pwd)
CHECK=$srcdir/tests/checklayout.sh
command -v "${PYTHON3:-python3}" >/dev/null 2>&1 || { echo "no ${PYTHON3:-python3}"; exit 77; }
test -f "$srcdir/src/LAYERS" || { echo "no $srcdir/src/LAYERS"; exit 99; }

T=$(mktemp -d "${TMPDIR:-/tmp}/layout-catches.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

fail() { echo "FAIL: $*" >&2; failed=1; }
failed=0

# a new copy of src/ in $T/src: the sources and the table, no build products
fresh() {
	rm -rf "$T/src"
	mkdir "$T/src"
	(cd "$srcdir/src" && find . -name '.?*' -prune -o -type f \( -name '*.[ch]' -o -name LAYERS \) -print) |
	while IFS= read -r f; do
		mkdir -p "$T/src/${f%/*}"
		cp "$srcdir/src/$f" "$T/src/$f"
	done
}

# run the checker on the copy: its output in $T/out, its status in $rc
check() {
	set +e
	sh "$CHECK" "$T/src" >"$T/out" 2>&1
	rc=$?
	set -e
}

# plant FILE TEXT: TEXT as a line of src/FILE just after its last #include; $at is its line
plant() {
	at=$(grep -n '^[[:space:]]*#[[:space:]]*include' "$T/src/$1" | tail -n 1 | cut -d: -f1)
	at=$((${at:-0} + 1))
	TEXT=$2 AT=$at awk 'NR == ENVIRON["AT"] { print ENVIRON["TEXT"] } { print }
		END { if (NR < ENVIRON["AT"]) print ENVIRON["TEXT"] }' "$T/src/$1" >"$T/planted"
	cat "$T/planted" >"$T/src/$1"
}

# append FILE TEXT: TEXT as the last line of src/FILE; $at is its line
append() {
	printf '%s\n' "$2" >>"$T/src/$1"
	at=$(wc -l <"$T/src/$1")
	at=$((at))
}

# expect WHAT LINE [prefix]: the checker failed, and LINE (or, with "prefix", a line starting
# with LINE) is in its output and was not before the mutation
expect() {
	_what=$1 _line=$2 _mode=${3-exact}
	cat "$T/out"
	if [ "$rc" -ne 1 ]; then
		fail "$_what: the checker exited $rc, not 1"
	elif ! has "$T/out"; then
		fail "$_what: no line ${_mode#exact} \"$_line\""
	elif has "$T/base"; then
		fail "$_what: \"$_line\" is there without the mutation too"
	else
		echo "ok: $_what"
	fi
}
has() {
	P=$_line M=$_mode awk 'BEGIN { p = ENVIRON["P"]; m = ENVIRON["M"] }
		(m == "exact" && $0 == p) || (m == "prefix" && index($0, p) == 1) { found = 1 }
		END { exit !found }' "$1"
}

# the unmutated copy
fresh
check
cp "$T/out" "$T/base"
base_rc=$rc
cat "$T/base"

# 1. a wrong-way include: cache is below env
fresh
plant cache/cache.c '#include "env/native.h"'
check
expect "wrong-way include" "src/cache/cache.c:$at: cache may not include env/native.h"

# 2. a circle: parse may include pep; pep including parse closes the circle
fresh
plant pep/marker.c '#include "parse/toml.h"'
check
expect "circle, its wrong-way include" "src/pep/marker.c:$at: pep may not include parse/toml.h"
expect "circle" "src/pep/marker.c:$at: folder circle: pep -> parse -> pep (src/pep/marker.c:$at includes parse/toml.h; src/parse/" prefix

# 3. pep is pure: no file read
fresh
append pep/version.c 'static int layoutprobe(struct buf *b) { return readfile("pyproject.toml", b); }'
check
expect "readfile() in pep/" "src/pep/version.c:$at: pep is pure: it may not call readfile()"

# 4. parse is pure: no process started, though the table lets it include base/
fresh
plant parse/toml.c '#include "base/spawn.h"'
check
expect "base/spawn.h in parse/" "src/parse/toml.c:$at: parse is pure: it may not include base/spawn.h"

# 5. fetch/ is the separate venvmk-fetch program: nothing includes it
fresh
plant cache/wheel.c '#include "fetch/fetch.h"'
check
expect "fetch/ from cache/" "src/cache/wheel.c:$at: cache may not include fetch/fetch.h"

# 6. an include naming no file
fresh
plant inputs/conf.c '#include "base/nosuch.h"'
check
expect "include of no file" "src/inputs/conf.c:$at: #include \"base/nosuch.h\" names no file in src/"

# 7. a folder the table does not name
fresh
mkdir "$T/src/extra"
printf '#include "base/util.h"\n' >"$T/src/extra/stray.c"
check
expect "folder not in the table" "src/extra/stray.c:1: folder extra is not in src/LAYERS"

# 8. look-alikes of calls in a pure folder are no calls: the output is the unmutated one's
fresh
append pep/tags.c '/* readfile(path) and fopen("x") in a comment */'
append pep/tags.c '// popen(cmd) in a line comment'
append pep/tags.c 'static const char *layoutstr = "open(x) system(y) \" fork() readfile(z)";'
append pep/tags.c 'static int layoutchar = '"'('"';'
append pep/tags.c 'static int tomlopen(int x) { return x; }'
append pep/tags.c 'struct layoutops { int (*open)(int); int (*stat)(int); };'
append pep/tags.c 'static int layoutops(struct layoutops *p, struct layoutops q) { return p->open(1) + q.stat(2) + tomlopen(3); }'
check
cat "$T/out"
if [ "$rc" -ne "$base_rc" ] || ! cmp -s "$T/base" "$T/out"; then
	fail "look-alikes of calls in pep/tags.c changed the checker's output:"
	diff "$T/base" "$T/out" >&2 || :
else
	echo "ok: look-alikes are no calls"
fi

# and the unmutated copy passes
if [ "$base_rc" -ne 0 ]; then
	fail "the unmutated copy of src/ does not pass (exit $base_rc): it breaks its map, as layout-follows-the-map.sh says"
fi
exit "$failed"
