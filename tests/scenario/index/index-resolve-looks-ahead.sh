#!/bin/sh
# venvmk's own resolver fetches ahead, level by level: the pages of every name known in one
# batch, the metadata of each one's likely version in the next, so three dependency chains
# five deep cost about two venvmk-fetch runs a level, not two a package. A requirement met
# later that rules the guess out (shared<2) is followed: the answer is still pip's. Stepping
# down 40 versions of a package asks for their metadata in growing batches (2, 4, 8...), not
# two at a time. No page
# or metadata file is fetched twice, and with the wheels of a version pinned with == fetched
# ahead for the install, no wheel is fetched twice either.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
unset VENVMK_RESOLVE

WHEELS=$T/wheels
mkdir -p "$WHEELS"
PYTHONPATH=$srcdir/tests "$SPY" - "$WHEELS" <<'PY' || fail "could not write the wheels"
import sys, mkwheelhouse as mk
out = sys.argv[1]
def w(name, version, requires):
    fn, files = mk.wheel_files(name, version, name.replace("-", "_"), requires, {}, "")
    mk.atomic_write(out, fn, lambda p: mk.write_wheel(p, files))
for c in (1, 2, 3):
    for d in range(5):
        nxt = ["c%d-n%d" % (c, d + 1)] if d < 4 else (["shared<2"] if c == 3 else [])
        w("c%d-n%d" % (c, d), "1.0", nxt + ["c%d-leaf%d" % (c, d)])
        w("c%d-leaf%d" % (c, d), "1.0", [])
w("top", "1.0", ["c1-n0", "c2-n0", "c3-n0", "shared"])
w("shared", "1.0", [])
w("shared", "2.0", [])
# backtracking down a long list: every bt-a but 1.0 needs bt-z>=2, bt-b needs bt-z<2
w("bt-a", "1.0", [])
for v in range(1, 41):
    w("bt-a", "1.%d" % v, ["bt-z>=2"])
w("bt-b", "1.0", ["bt-z<2"])
w("bt-z", "1.0", [])
w("bt-z", "2.0", [])
PY
index_start
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"

printf 'top\n' > requirements.txt
trace_reset
vm -v sync
expect_rc 0
expect_pip_runs 0
expect_err "resolved by venvmk: 32 distributions"
"$PY_DEBIAN" -c 'import sys; sys.path[:0] = sys.argv[1:]; import shared, c3_n4' .venv/lib/python*/site-packages \
	|| fail "not installed"
grep -q '^Version: 1.0$' .venv/lib/python*/site-packages/shared-1.0.dist-info/METADATA || fail "shared is not 1.0"
# top, then the chains' heads, then four more levels: at most two runs a level, and one for the wheels
n=$(fetches)
echo "venvmk-fetch runs: $n"
[ "$n" -le 15 ] || { grep venvmk-fetch "$T/trace"; fail "$n venvmk-fetch runs: the resolver did not fetch level by level"; }
[ -z "$(grep -E '200' "$T/index.log" | sort | uniq -d)" ] || { sort "$T/index.log" | uniq -d; fail "a file was fetched twice"; }
[ "$(grep -c '\.whl 200' "$T/index.log")" -eq 32 ] || fail "not every wheel fetched once"

# pinned with ==: the wheel is the metadata (fetched once, for the install too)
rm -rf .venv "$VENVMK_CACHE_DIR"
: > "$T/index.log"
printf 'c1-n3==1.0\nc2-leaf0==1.0\n' > requirements.txt
trace_reset
vm sync
expect_rc 0
expect_pip_runs 0
[ -z "$(grep -E '200' "$T/index.log" | sort | uniq -d)" ] || { sort "$T/index.log" | uniq -d; fail "a file was fetched twice"; }
grep -q 'c2_leaf0-1.0-py3-none-any.whl.metadata' "$T/index.log" && fail "the metadata of a version pinned with == was fetched beside its wheel"

# an index with no metadata files: a guessed version's wheel is its metadata, fetched once and
# installed from there; no other wheel is fetched but a guess ruled out later (the guess's
# runner-up is fetched ahead only where it has a metadata file)
index_start --log "$T/nometa.log" --no-metadata
rm -rf .venv .venv.venvmk "$VENVMK_CACHE_DIR"
printf 'top\n' > requirements.txt
PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/" vm sync
expect_rc 0
[ -z "$(grep -E ' 200' "$T/nometa.log" | sort | uniq -d)" ] || fail "a file was fetched twice from the index without metadata files"
# the 32 installed, and shared 2.0: the guess for shared before shared<2 was met, one level down
[ "$(grep -c '\.whl 200' "$T/nometa.log")" -eq 33 ] && grep -q 'shared-2.0-py3-none-any.whl 200' "$T/nometa.log" \
	|| { grep '\.whl' "$T/nometa.log"; fail "wheels fetched beyond the 32 installed and the one guess ruled out"; }
export PIP_INDEX_URL="http://127.0.0.1:$(cat "$T/index.log.port")/simple/"

# backtracking: bt-a 1.40 down to 1.0, in a handful of batches
rm -rf "$VENVMK_CACHE_DIR"
printf 'bt-a\nbt-b\n' > bt.txt
trace_reset
vm --no-conf -r bt.txt lock -o pylock.toml
expect_rc 0
expect_pip_runs 0
grep -A1 'name = "bt-a"' pylock.toml | grep -q 'version = "1.0"' || { cat pylock.toml; fail "bt-a is not 1.0"; }
n=$(fetches)
echo "venvmk-fetch runs for the backtracking lock: $n"
[ "$n" -le 12 ] || fail "$n venvmk-fetch runs: the versions stepped down were not asked for in growing batches"
exit 0
