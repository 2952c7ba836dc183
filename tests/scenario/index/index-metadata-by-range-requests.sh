#!/bin/sh
# An index with no PEP 658 metadata files: the METADATA of a big wheel (2 MiB, 2 versions) is
# read by HTTP range requests of its zip, the tail with the central directory and then, where
# the tail lacks it, the one member; a small wheel is downloaded whole. venvmk lock resolves
# with 0 pip runs, the server sends a small part of the big wheels, and -v tells it; a server
# that ignores Range sends them whole, and the lock is the same. venvmk-fetch's range request
# alone: a suffix, a span, one out of the file. A sync then installs the
# chosen wheel, downloaded whole once.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/indexlib.sh"
. "$srcdir/tests/locklib.sh"
unset VENVMK_RESOLVE
WHEELS=$T/wheels
mkdir -p "$WHEELS"
# big 2.0 wants a small that is not there: the solver reads it, then takes big 1.0.
# big 1.0 has its METADATA after the payload (in the zip's last 64 KiB), big 2.0 before it.
"$PY_DEBIAN" - "$srcdir/tests" "$WHEELS" <<'PY' || fail "making the wheels"
import functools, os, sys
sys.path.insert(0, sys.argv[1])
from mkwheelhouse import wheel_files, write_wheel, atomic_write, record_line
def make(name, version, requires, payload, metalast):
    fn, files = wheel_files(name, version, name, requires, {}, "")
    files = files[:-1]
    entry = (name + "/payload.bin", payload)
    files = [entry] + files if metalast else files + [entry]
    info = "%s-%s.dist-info" % (name, version)
    record = [record_line(p, d) for p, d in files] + [info + "/RECORD,,"]
    files.append((info + "/RECORD", ("\n".join(record) + "\n").encode()))
    atomic_write(sys.argv[2], fn, functools.partial(write_wheel, files=files))
big = os.urandom(2 * 1024 * 1024)
make("big", "1.0", ["small"], big, True)
make("big", "2.0", ["small>=2"], big, False)
make("small", "1.0", [], b"tiny\n", False)
PY
big1=$(stat -c %s "$WHEELS/big-1.0-py3-none-any.whl")
printf 'big\n' > requirements.in

index_start --no-metadata
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
# venvmk-fetch's range request alone: a suffix, a span, one out of the file
f=http://127.0.0.1:$PORT/files/big-1.0-py3-none-any.whl
printf 'range\t%s\t%s\t-100\ta\nrange\t%s\t%s\t10-19\tb\nrange\t%s\t%s\t%s-\tc\n' \
	"$f" "$T/a" "$f" "$T/b" "$f" "$T/c" "$big1" >"$T/req"
run "$FETCH" -qq <"$T/req"
expect_rc 1
printf 'a\t206\t%s\nb\t206\t%s\nc\t416\t-1\n' "$big1" "$big1" | diff -u - "$T/out" || fail "the range requests' answers"
tail -c 100 "$WHEELS/big-1.0-py3-none-any.whl" | cmp - "$T/a" || fail "the last 100 bytes"
head -c 20 "$WHEELS/big-1.0-py3-none-any.whl" | tail -c 10 | cmp - "$T/b" || fail "bytes 10-19"
[ ! -e "$T/c" ] || fail "a failed range left its DEST"
: > "$INDEX_LOG"
trace_reset
vm -v --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
expect_pip_runs 0
pylock_read pylock.toml "$WHEELS" > "$T/locked"
printf 'big==1.0\nsmall==1.0\n' | diff -u - "$T/locked" || fail "the lock's pins"
grep -q '\.metadata' "$INDEX_LOG" && fail "a metadata file was asked for"
for v in 1.0 2.0; do
	[ "$(index_requests "GET /files/big-$v-py3-none-any.whl 206")" -ge 1 ] || { cat "$INDEX_LOG"; fail "big $v: no range request"; }
	[ "$(index_requests "GET /files/big-$v-py3-none-any.whl 200")" -eq 0 ] || fail "big $v was downloaded whole"
	expect_err "METADATA of big-$v-py3-none-any.whl read by range requests"
done
# big 1.0: the tail alone; big 2.0: the tail, then the member
[ "$(index_requests "GET /files/big-1.0-py3-none-any.whl 206")" -eq 1 ] || fail "big 1.0 took more than its tail"
[ "$(index_requests "GET /files/big-2.0-py3-none-any.whl 206")" -eq 2 ] || fail "big 2.0 took other than 2 reads"
[ "$(index_requests "GET /files/small-1.0-py3-none-any.whl 200")" -eq 1 ] || fail "the small wheel was not downloaded whole"
sent=$(index_get /_stats | "$PY_DEBIAN" -c 'import json, sys; print(json.load(sys.stdin)["file_bytes"])')
echo "bytes of files sent: $sent (a big wheel: $big1)"
[ "$sent" -lt 200000 ] || fail "$sent bytes sent for metadata: not a few range reads"

# a server that ignores Range: the whole wheels, verified, the same lock
index_stop
index_start --log "$T/index2.log" --no-metadata --no-ranges
export PIP_INDEX_URL="http://127.0.0.1:$PORT/simple/"
export VENVMK_CACHE_DIR="$T/cache2"
printf 'range\thttp://127.0.0.1:%s/files/big-1.0-py3-none-any.whl\t%s\t-100\ta\n' "$PORT" "$T/w" >"$T/req"
run "$FETCH" -qq <"$T/req"
expect_rc 0
printf 'a\t200\t%s\n' "$big1" | diff -u - "$T/out" || fail "a range the server ignores: not the whole file"
cmp "$WHEELS/big-1.0-py3-none-any.whl" "$T/w" || fail "a range the server ignores: not the file"
: > "$INDEX_LOG"
rm -f pylock.toml
trace_reset
vm --no-conf -r requirements.in lock -o pylock.toml
expect_rc 0
expect_pip_runs 0
pylock_read pylock.toml "$WHEELS" > "$T/locked"
printf 'big==1.0\nsmall==1.0\n' | diff -u - "$T/locked" || fail "the lock's pins without ranges"
grep -q ' 206 ' "$INDEX_LOG" && fail "206 from a server that ignores Range"
[ "$(index_requests "GET /files/big-2.0-py3-none-any.whl 200")" -eq 1 ] || { cat "$INDEX_LOG"; fail "big 2.0 was not downloaded once"; }

# the sync: the metadata is in the cache, the chosen wheel downloaded whole once
: > "$INDEX_LOG"
cp requirements.in requirements.txt
trace_reset
vm sync
expect_rc 0
expect_pip_runs 0
expect_installed .venv "$(printf 'big==1.0\nsmall==1.0')"
[ "$(index_requests "GET /files/big-1.0-py3-none-any.whl 200")" -eq 1 ] || { cat "$INDEX_LOG"; fail "big 1.0 was not downloaded once for the install"; }
[ "$(index_requests "GET /files/big-2.0")" -eq 0 ] || fail "big 2.0 asked for again"
