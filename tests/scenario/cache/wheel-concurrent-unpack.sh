#!/bin/sh
# Eight processes unpacking the same wheel into one cache at once all succeed, agree on the
# entry, and leave exactly one whole entry and an empty tmp dir.
. "$srcdir/tests/lib.sh"

WT=${WHEELTOOL:-$top_builddir/tests/helpers/wheeltool}
test -x "$WT" || { echo "no wheeltool at $WT"; exit 99; }
C=$T/cache
whl=$WHEELS/pip-23.0.1-py3-none-any.whl
[ -f "$whl" ] || whl=$WHEELS/alpha-1.0-py3-none-any.whl
sum=$(sha256sum "$whl" | cut -d' ' -f1)

pids=
for i in 1 2 3 4 5 6 7 8; do
	if [ $((i % 2)) = 0 ]; then hash=sha256=$sum; else hash=; fi
	"$WT" unpack "$C" "$whl" $hash > "$T/out.$i" 2> "$T/err.$i" &
	pids="$pids $!"
done
i=0
for p in $pids; do
	i=$((i + 1))
	wait "$p" || { cat "$T/err.$i" >&2; fail "unpack $i failed"; }
	[ ! -s "$T/err.$i" ] || { cat "$T/err.$i" >&2; fail "unpack $i warned"; }
	[ "$(cat "$T/out.$i")" = "$C/wheels/$sum" ] || fail "unpack $i printed $(cat "$T/out.$i")"
done
[ "$(ls "$C/wheels" | grep -v '^index$')" = "$sum" ] || fail "entries: $(ls "$C/wheels")"
[ -z "$(ls -A "$C/tmp")" ] || fail "left in tmp: $(ls -A "$C/tmp")"
# the entry is whole: every file of the zip is there, and in the manifest
"$PY_DEBIAN" -c 'import sys, zipfile; print(len([n for n in zipfile.ZipFile(sys.argv[1]).namelist() if not n.endswith("/")]))' "$whl" > "$T/n.zip"
[ "$(find "$C/wheels/$sum" -type f ! -name .venvmk-manifest | wc -l)" = "$(cat "$T/n.zip")" ] || fail "the entry is not whole"
[ "$(($(wc -l < "$C/wheels/$sum/.venvmk-manifest") - 1))" = "$(cat "$T/n.zip")" ] || fail "the manifest is not whole"
