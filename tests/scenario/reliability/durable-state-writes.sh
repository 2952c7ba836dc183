#!/bin/sh
# A sync that changes the env writes pending, stamp and state so that a crash or a power
# cut leaves the old file or the new one: each temporary file is fsynced before its
# rename, and the state dir after it (pending before the env is touched, the stamp before
# the state). The cached pip report and a new cache entry's manifest are fsynced too.
# The no-op still writes nothing: no fsync, no rename, no write, no new file.
. "$srcdir/tests/lib.sh"

command -v strace >/dev/null || { echo "SKIP: no strace"; exit 77; }
calls=openat,creat,write,fsync,fdatasync,rename,renameat,renameat2,unlink,unlinkat,link,linkat
trace() { strace -f --seccomp-bpf -y -qq -e trace=$calls -o "$1" "$VENVMK" sync; }

echo 'alpha==1.0' > requirements.txt
vm sync
expect_rc 0

# a recreate (a pin bump: pip resolves, a new wheel is unpacked), traced
echo 'alpha==2.0' > requirements.txt
trace "$T/sync.trace" 2>"$T/err" || { cat "$T/err"; fail "the traced sync failed"; }
[ "$(.venv/bin/alpha-version)" = "alpha 2.0" ] || fail "the traced sync did not install alpha 2.0"
python3 - "$T/sync.trace" "$(pwd -P)/.venv.venvmk" "$(realpath "$VENVMK_CACHE_DIR")" <<'PY' || fail "the sync's writes are not durable"
import re, sys
lines = open(sys.argv[1]).read().splitlines()
statedir, cache = sys.argv[2], sys.argv[3]

def find(pred, start=0):
    for i in range(start, len(lines)):
        if pred(lines[i]):
            return i
    return -1

def durable(name, dirsync):
    """NAME.tmp.PID fsynced, renamed to NAME, then (DIRSYNC) the state dir fsynced"""
    path = statedir + "/" + name
    f = find(lambda l: re.search(r"fsync\(\d+<%s\.tmp\.\d+>\) = 0" % re.escape(path), l))
    assert f >= 0, "%s: no fsync of its temporary file" % name
    r = find(lambda l: "rename(" in l and re.search(r'"[^"]*%s\d+", "[^"]*/%s"\) = 0' % (re.escape(name + ".tmp."), re.escape(name)), l), f)
    assert r > f, "%s: no rename after the fsync" % name
    if dirsync:
        d = find(lambda l: re.search(r"fsync\(\d+<%s>\) = 0" % re.escape(statedir), l), r)
        assert d > r, "%s: the state dir is not fsynced after the rename" % name
        return d
    return r

p = durable("pending", True)
touch = find(lambda l: re.search(r'\.venv["/]', l) and "O_RDONLY" not in l)
assert touch > p, "the env was touched before pending was durable: " + lines[touch]
s = durable("stamp", True)
t = durable("state", True)
assert s < t, "the stamp is not durable before the state"
assert find(lambda l: re.search(r"fsync\(\d+<%s/reports/[0-9a-f]+\.json\.tmp\.\d+>\) = 0" % re.escape(cache), l)) >= 0, \
    "the cached report is not fsynced"
assert find(lambda l: re.search(r"fsync\(\d+<%s/tmp/[^>]*/\.venvmk-manifest>\) = 0" % re.escape(cache), l)) >= 0, \
    "a new entry's manifest is not fsynced before it is published"
PY

# the no-op: nothing written, nothing synced
trace "$T/noop.trace" 2>"$T/err" || fail "the traced no-op failed"
expect_no_err
grep -E 'fsync|fdatasync|rename|unlink|link\(|linkat|write\(' "$T/noop.trace" && fail "the no-op wrote"
grep 'O_CREAT' "$T/noop.trace" | grep -v '/\.venv\.venvmk/lock>' && fail "the no-op created a file"
:
