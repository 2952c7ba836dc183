#!/bin/sh
# Every write, rename, link, mkdir, symlink and fsync a recreate makes can fail (ENOSPC or
# EIO, through tests/helpers/faultshim.so): after each, the env is the old one or the
# complete new one, never a half one, and the next sync is exact.  The calls are sampled:
# the first 12, the last 6, and 24 spread between them.
. "$srcdir/tests/lib.sh"
SHIM=$top_builddir/tests/helpers/faultshim.so
test -f "$SHIM" || { echo "no $SHIM"; exit 99; }
# a static venvmk ignores LD_PRELOAD: the same program linked against the shared C library
VENVMK=$top_builddir/tests/helpers/venvmk-shared
test -x "$VENVMK" || { echo "no $VENVMK"; exit 99; }
# an ASan build must accept a library loaded before its runtime
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

A='alpha==1.0
hello-cli'
B='alpha==1.1
hello-cli'
dists() { ls .venv/lib/python3*/site-packages | grep '\.dist-info$' | grep -v -E '^(pip|setuptools)-' | sort | tr '\n' ' '; }
use() { printf '%s\n' "$1" > requirements.txt; }
use "$B"; vm -q sync; expect_rc 0; distsB=$(dists)
use "$A"; vm -q sync; expect_rc 0; distsA=$(dists)
[ "$distsA" != "$distsB" ] || fail "A and B look the same"

use "$B"
FAULT_COUNT="$T/count" LD_PRELOAD="$SHIM" "$VENVMK" -q sync || fail "a sync with no fault failed"
n=$(cat "$T/count")
[ "$n" -gt 20 ] || fail "only $n calls counted: the shim is not in effect"
use "$A"; vm -q sync; expect_rc 0
echo "a recreate makes $n such calls" >&2

points=$( (seq 1 12; seq $((n - 5)) "$n"; i=1; while [ $i -le 24 ]; do echo $((12 + i * (n - 18) / 25)); i=$((i + 1)); done) | sort -n -u)
failed=0
for k in $points; do
	errno=ENOSPC; [ $((k % 2)) -eq 0 ] || errno=EIO
	use "$B"
	set +e
	FAULT_AT=$k FAULT_ERRNO=$errno LD_PRELOAD="$SHIM" "$VENVMK" -q sync >"$T/f.out" 2>&1
	rc=$?
	set -e
	now=$(dists)
	if [ "$now" = "$distsA" ]; then
		[ "$(.venv/bin/alpha-version)" = "alpha 1.0" ] || fail "call $k ($errno): the old env is broken"
		[ $rc -ne 0 ] || fail "call $k ($errno): exit 0 but the env is the old one"
		failed=$((failed + 1))
	elif [ "$now" = "$distsB" ]; then
		[ "$(.venv/bin/alpha-version)" = "alpha 1.1" ] || fail "call $k ($errno): the new env is broken"
	else
		cat "$T/f.out"; fail "call $k ($errno): the env is neither the old nor the new one: $now"
	fi
	[ ! -e .venv.venvmk/kept ] || fail "call $k ($errno): the kept env was left"
	vm -q sync
	expect_rc 0
	[ "$(dists)" = "$distsB" ] || fail "call $k ($errno): the next sync is not exact"
	vm check
	expect_rc 0
	use "$A"; vm -q sync; expect_rc 0
done
echo "$(echo $points | wc -w) fault points, $failed syncs failed and kept the old env" >&2
