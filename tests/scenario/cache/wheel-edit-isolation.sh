#!/bin/sh
# Envs that share cache files through hard links stay apart: replacing a file in one env,
# or pip uninstall there, changes neither the other env nor the cache. Cache files are
# read-only, and an entry modified in place is detected and unpacked afresh.
. "$srcdir/tests/lib.sh"

WT=${WHEELTOOL:-$top_builddir/tests/helpers/wheeltool}
test -x "$WT" || { echo "no wheeltool at $WT"; exit 99; }
C=$T/cache
f=lib/python3.11/site-packages/alpha/__init__.py
whl=$WHEELS/alpha-1.0-py3-none-any.whl

$PY_DEBIAN -m venv "$T/A"
$PY_DEBIAN -m venv --without-pip "$T/B"
run "$WT" install "$C" "$T/A" "$whl"
expect_rc 0
run "$WT" install "$C" "$T/B" "$whl"
expect_rc 0
orig=$(cat "$T/B/$f")
cachef=$(find "$C/wheels" -path '*/alpha/__init__.py')
[ -n "$cachef" ] || fail "no cache entry"
[ "$(stat -c %i "$T/A/$f")" = "$(stat -c %i "$cachef")" ] || fail "A's file is not a link into the cache"
unchanged() {
	[ "$(cat "$T/B/$f")" = "$orig" ] || fail "$1 changed B"
	[ "$(cat "$cachef")" = "$orig" ] || fail "$1 changed the cache"
	"$T/B/bin/python" -c 'import alpha; assert alpha.__version__ == "1.0"' || fail "$1 broke B"
}

# (1) replace a module in A as editors and pip do: a new file, renamed over the old one
printf 'VALUE = "edited"\n' > "$T/A/$f.new"
mv -f "$T/A/$f.new" "$T/A/$f"
[ "$("$T/A/bin/python" -c 'import alpha; print(alpha.VALUE)')" = edited ] || fail "A not edited"
unchanged "an edit in A"

# (2) pip uninstall in A
run "$T/A/bin/python" -m pip uninstall -y alpha
expect_rc 0
[ ! -e "$T/A/$f" ] || fail "uninstall left alpha in A"
unchanged "pip uninstall in A"

# (3) the cache files are read-only: a user's in-place write fails
[ "$(stat -c %a "$cachef")" = 444 ] || fail "cache file mode $(stat -c %a "$cachef"), expected 444"
if [ "$(id -u)" != 0 ]; then
	if (echo x >> "$cachef") 2>/dev/null; then fail "in-place write into the cache succeeded"; fi
elif command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$cachef" 2>/dev/null; then
	# nobody owns the file for a moment: only its mode can stop the write
	chown 65534:65534 "$cachef"
	set +e
	setpriv --reuid=65534 --regid=65534 --clear-groups sh -c 'echo x >> "$1"' sh "$T/B/$f" 2>/dev/null
	wrc=$?
	set -e
	chown 0:0 "$cachef"
	[ "$wrc" -ne 0 ] || fail "in-place write through B's link succeeded"
else
	echo "skipping the unprivileged write check: the cache is not reachable as nobody" >&2
fi
unchanged "a refused write"

# (4) root writes into the cache in place (and so into B, which shares the file): a new env
# C detects the damaged entry and gets the wheel's content from a fresh unpack
chmod u+w "$cachef"
echo 'BROKEN = 1' >> "$cachef"
$PY_DEBIAN -m venv --without-pip "$T/C"
run "$WT" install "$C" "$T/C" "$whl"
expect_rc 0
expect_err "damaged cache entry"
[ "$(cat "$T/C/$f")" = "$orig" ] || fail "C got the damaged file"
cachef2=$(find "$C/wheels" -path '*/alpha/__init__.py')
[ "$(cat "$cachef2")" = "$orig" ] || fail "the cache was not repaired"
[ "$(stat -c %i "$T/C/$f")" = "$(stat -c %i "$cachef2")" ] || fail "C's file is not a link into the new entry"
[ "$(ls "$C/wheels" | grep -vc '^index$')" = 1 ] || fail "more than one entry"
[ -z "$(ls -A "$C/tmp")" ] || fail "tmp not empty"
