#!/bin/sh
# cacheprune removes entries not used for DAYS days (all with 0) and stale tmp dirs, and
# says what it freed; envs installed from the pruned entries keep working.
. "$srcdir/tests/lib.sh"

WT=${WHEELTOOL:-$top_builddir/tests/helpers/wheeltool}
test -x "$WT" || { echo "no wheeltool at $WT"; exit 99; }
C=$T/cache
E=$T/env

$PY_DEBIAN -m venv --without-pip "$E"
run "$WT" install "$C" "$E" "$WHEELS/alpha-1.0-py3-none-any.whl" "$WHEELS/gamma-1.0-py3-none-any.whl"
expect_rc 0
run "$WT" unpack "$C" "$WHEELS/delta-0.1-py3-none-any.whl"
expect_rc 0
entries() { ls "$C/wheels" | grep -vc '^index$' || true; }
[ "$(entries)" = 3 ] || fail "$(entries) entries, expected 3"

# recently used entries stay
run "$WT" prune "$C" 30
expect_rc 0
expect_out "venvmk: cache: removed 0 entries, 0 bytes"
[ "$(entries)" = 3 ] || fail "prune 30 removed a fresh entry"

# an entry last used 40 days ago goes, and so does a stale tmp dir; a young tmp dir stays
delta=$(dirname "$(dirname "$(find "$C/wheels" -path '*/delta/__init__.py')")")
touch -d '40 days ago' "$delta/.venvmk-manifest"
mkdir -p "$C/tmp/1.stale/x" "$C/tmp/2.young"
touch -d '2 days ago' "$C/tmp/1.stale"
run "$WT" prune "$C" 30
expect_rc 0
expect_out "venvmk: cache: removed 1 entries, "
[ ! -e "$delta" ] || fail "the old entry is still there"
[ ! -e "$C/tmp/1.stale" ] || fail "the stale tmp dir is still there"
[ -e "$C/tmp/2.young" ] || fail "a young tmp dir was removed"
[ "$(entries)" = 2 ] || fail "$(entries) entries, expected 2"

# everything, and the env still works
run "$WT" prune "$C" 0
expect_rc 0
expect_out "venvmk: cache: removed 2 entries, "
[ "$(entries)" = 0 ] || fail "prune 0 left entries"
[ -z "$(ls -A "$C/wheels/index" 2>/dev/null)" ] || fail "prune 0 left index files"
[ "$("$E/bin/alpha-version")" = "alpha 1.0" ] || fail "the env broke"
[ "$("$E/bin/gamma")" = "gamma 1.0" ] || fail "the env broke"

# and the next install unpacks again
run "$WT" install "$C" "$E" "$WHEELS/alpha-1.1-py3-none-any.whl"
expect_rc 0
[ "$("$E/bin/alpha-version")" = "alpha 1.1" ] || fail "alpha 1.1"
