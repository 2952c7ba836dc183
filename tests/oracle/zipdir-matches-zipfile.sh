#!/bin/sh
# src/parse/zipdir.c finds a wheel's METADATA in the zip's central directory as Python's
# zipfile does (the directory's offset, the member's local header, sizes, method, CRC and
# where its data starts), read from the last 64 KiB as a range reader reads it: deflated
# and stored members, a comment, ZIP64 extra fields, a ZIP64 end record (65536 members: a
# directory bigger than the tail), two .dist-info dirs (the project's is taken); and it
# refuses a zip with no top-level METADATA, a truncated zip and random bytes.
. "$srcdir/tests/lib.sh"

tool=$top_builddir/tests/helpers/ziptool
[ -x "$tool" ] || fail "no $tool (make check builds it)"
"$PY_DEBIAN" - "$tool" "$T" <<'PY'
import os, random, struct, subprocess, sys, zipfile
tool, tmp = sys.argv[1], sys.argv[2]
meta = b"Metadata-Version: 2.1\nName: Alpha\nVersion: 1.0\n" + b"Summary: x\n" * 40

def mk(name, members, comment=b"", force64=()):
    path = os.path.join(tmp, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for arc, data, method in members:
            zi = zipfile.ZipInfo(arc, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = method
            with z.open(zi, "w", force_zip64=arc in force64) as f:
                f.write(data)
        z.comment = comment
    return path

D, S = zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED
rng = random.Random(5)
payload = bytes(rng.getrandbits(8) for _ in range(200000))
good = [
    (mk("plain.whl", [("alpha/__init__.py", b"x = 1\n", D), ("alpha-1.0.dist-info/METADATA", meta, D)]), "alpha"),
    (mk("stored.whl", [("alpha-1.0.dist-info/METADATA", meta, S), ("alpha/big.bin", payload, D)]), "alpha"),
    (mk("comment.whl", [("Alpha-1.0.dist-info/METADATA", meta, D)], comment=b"c" * 1000), "alpha"),
    (mk("zip64.whl", [("alpha-1.0.dist-info/METADATA", meta, D), ("a/b", b"b", D)],
        force64={"alpha-1.0.dist-info/METADATA"}), "alpha"),
    (mk("two.whl", [("other-2.0.dist-info/METADATA", b"Name: other\n", D),
                    ("alpha_x-1.0.dist-info/METADATA", meta, D)]), "alpha-x"),
    (mk("many.whl", [("alpha-1.0.dist-info/METADATA", meta, D)] +
        [("alpha/m%05d" % i, b"", S) for i in range(65536)]), "alpha"),
]
bad = [
    (mk("nometa.whl", [("alpha/__init__.py", b"", D)]), "alpha"),
    (mk("nested.whl", [("x/alpha-1.0.dist-info/METADATA", meta, D)]), "alpha"),
    (mk("twoother.whl", [("b-1.dist-info/METADATA", meta, D), ("c-1.dist-info/METADATA", meta, D)]), "alpha"),
]
trunc = os.path.join(tmp, "trunc.whl")
with open(good[1][0], "rb") as f, open(trunc, "wb") as g:
    g.write(f.read()[:-30])
bad.append((trunc, "alpha"))
for i in range(200):
    p = os.path.join(tmp, "random%d.whl" % i)
    with open(p, "wb") as f:
        f.write(bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 300))) +
                (b"PK\x05\x06" + bytes(rng.getrandbits(8) for _ in range(18)) if i % 2 else b""))
    bad.append((p, "alpha"))

def expect(path, project):
    with zipfile.ZipFile(path) as z, open(path, "rb") as f:
        zi = [i for i in z.infolist() if i.filename.endswith(".dist-info/METADATA")
              and i.filename.split("/")[0][:-10].rsplit("-", 1)[0].lower().replace("_", "-") == project][0]
        f.seek(zi.header_offset)
        h = f.read(30)
        n, x = struct.unpack("<HH", h[26:30])
        f.seek(0)
        cdsize = zipfile._EndRecData(f)[zipfile._ECD_SIZE]
        return "%d %d %d %d %d %d %d %d" % (z.start_dir, cdsize, zi.header_offset, zi.compress_size,
            zi.file_size, zi.compress_type, zi.CRC, zi.header_offset + 30 + n + x)

cases = good + bad
out = subprocess.run([tool], input="".join("%s\t%s\n" % c for c in cases), capture_output=True,
                     text=True, check=True).stdout.splitlines()
assert len(out) == len(cases), out
fails = 0
for (path, project), got in zip(good, out):
    want = expect(path, project)
    if got != want:
        print("%s: zipfile %s, zipdir %s" % (os.path.basename(path), want, got))
        fails += 1
for (path, project), got in zip(bad, out[len(good):]):
    if not got.startswith("error "):
        print("%s: read as a wheel: %s" % (os.path.basename(path), got))
        fails += 1
print("%d zips, %d failures" % (len(cases), fails))
sys.exit(1 if fails else 0)
PY
[ $? -eq 0 ] || fail "zipdir disagrees with zipfile"
