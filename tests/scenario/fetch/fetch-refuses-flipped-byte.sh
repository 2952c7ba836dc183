#!/bin/sh
# A wheel served with one byte flipped is refused at once, never retried, with a message
# naming it, the expected and the received sha256, and the URL; nothing of it is left in
# the destination directory, while the good wheels of the same run are kept.  A size other
# than the one announced is refused the same way.  Either exits 3 (not 1): the file is not
# the one its index names, which the caller must not hand to pip either.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"

bad=beta-1.0-py3-none-any.whl
index_start --flip $bad
base=http://127.0.0.1:$PORT
get_lines "$base" "$T/d" alpha-1.0-py3-none-any.whl $bad gamma-1.0-py3-none-any.whl >"$T/req"
run "$FETCH" <"$T/req"
expect_rc 3
want=$(sha256sum "$WHEELS/$bad" | cut -c1-64)
got=$("$SPY" -c 'import hashlib, sys
d = bytearray(open(sys.argv[1], "rb").read())
d[len(d) // 2] ^= 0xFF
print(hashlib.sha256(d).hexdigest())' "$WHEELS/$bad")
expect_err_exact "venvmk: $bad: sha256 mismatch: expected $want, got $got (from $base/files/$bad)"
[ "$(index_requests "/files/$bad ")" -eq 1 ] || fail "a hash mismatch was retried"
[ ! -e "$T/d/$bad" ] || fail "the tampered wheel was kept"
expect_no_temp_files "$T/d"
[ -e "$T/d/alpha-1.0-py3-none-any.whl" ] && [ -e "$T/d/gamma-1.0-py3-none-any.whl" ] ||
	fail "the good wheels of the run were not kept"
[ "$(ls -A "$T/d" | wc -l)" -eq 2 ] || fail "other files in the destination: $(ls -A "$T/d")"

# sizes: one byte more announced than served, one byte less
w=delta-0.1-py3-none-any.whl
size=$(stat -c %s "$WHEELS/$w")
get_lines "$base" "$T/d2" $w >"$T/req"
sed "s/\t$size\t/\t$((size + 1))\t/" "$T/req" >"$T/req2"
run "$FETCH" <"$T/req2"
expect_rc 3
expect_err_exact "venvmk: $w: size mismatch: expected $((size + 1)) bytes, got $size (from $base/files/$w)"
sed "s/\t$size\t/\t$((size - 1))\t/" "$T/req" >"$T/req2"
run "$FETCH" <"$T/req2"
expect_rc 3
expect_err_exact "venvmk: $w: size mismatch: expected $((size - 1)) bytes, got $size (from $base/files/$w)"
[ ! -e "$T/d2/$w" ] || fail "a wheel of the wrong size was kept"
expect_no_temp_files "$T/d2"
# and "-": the size is not checked, the hash still is
sed "s/\t$size\t/\t-\t/" "$T/req" >"$T/req2"
run "$FETCH" <"$T/req2"
expect_rc 0
cmp -s "$WHEELS/$w" "$T/d2/$w" || fail "$w did not land with an unknown size"
