#!/bin/sh
# Bad wheels are refused with a message naming the wheel and a non-zero exit: path traversal
# (a ../ name, an absolute name), no .dist-info, no RECORD, an unknown Wheel-Version, a hash
# mismatch, damaged data (a CRC mismatch), a truncated file, a file that is no zip. Nothing is written outside the cache's
# tmp dir, and nothing is left in the cache but the entries of good wheels.
. "$srcdir/tests/lib.sh"

WT=${WHEELTOOL:-$top_builddir/tests/helpers/wheeltool}
test -x "$WT" || { echo "no wheeltool at $WT"; exit 99; }
C=$T/cache
mkdir "$T/bad"

# bad wheels of a dist "bad": WHEEL, METADATA and RECORD unless dropped, plus the files given
"$PY_DEBIAN" - "$T/bad" "$T/outside/abs.py" <<'PY'
import sys, zipfile
d, absname = sys.argv[1], sys.argv[2]
info = "bad-1.0.dist-info/"
good = {info + "WHEEL": "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        info + "METADATA": "Metadata-Version: 2.1\nName: bad\nVersion: 1.0\n\n",
        info + "RECORD": ""}
def mk(name, files, drop=()):
    with zipfile.ZipFile("%s/%s-1.0-py3-none-any.whl" % (d, name), "w") as z:
        both = dict((k, v) for k, v in good.items() if k not in drop)
        both.update(files)
        for arc, text in both.items():
            z.writestr(zipfile.ZipInfo(arc), text)
mk("dotdot", {"bad/__init__.py": "", "../evil.py": "print('escaped')\n"})
mk("dotdot2", {"bad/../../evil2.py": "print('escaped')\n"})
mk("absolute", {"bad/__init__.py": "", absname: "print('escaped')\n"})
mk("nodistinfo", {"bad/__init__.py": ""}, drop=tuple(good))
mk("norecord", {"bad/__init__.py": ""}, drop=(info + "RECORD",))
mk("twoinfos", {"bad/__init__.py": "", "other-1.0.dist-info/METADATA": ""})
mk("version2", {"bad/__init__.py": "", info + "WHEEL": "Wheel-Version: 2.0\nRoot-Is-Purelib: true\n"})
# a stored file whose bytes were changed after the CRC was written: damaged data
mk("crc", {"bad/__init__.py": "print('the original text of this file')\n"})
p = "%s/crc-1.0-py3-none-any.whl" % d
data = open(p, "rb").read()
i = data.index(b"the original")
open(p, "wb").write(data[:i] + b"THE" + data[i + 3:])
PY
head -c 300 "$WHEELS/alpha-1.0-py3-none-any.whl" > "$T/bad/truncated-1.0-py3-none-any.whl"
echo 'not a zip' > "$T/bad/text-1.0-py3-none-any.whl"

refused() {	# WHEEL MESSAGE [HASH]
	run "$WT" unpack "$C" "$@"
	[ "$rc" -ne 0 ] || fail "$1 was accepted"
	expect_err "$1: "
	[ ! -s "$T/out" ] || fail "$1: an entry was printed"
}
refused "$T/bad/dotdot-1.0-py3-none-any.whl"
expect_err "refusing a file outside the wheel: ../evil.py"
refused "$T/bad/dotdot2-1.0-py3-none-any.whl"
expect_err "refusing a file outside the wheel: bad/../../evil2.py"
refused "$T/bad/absolute-1.0-py3-none-any.whl"
expect_err "refusing a file outside the wheel: $T/outside/abs.py"
refused "$T/bad/nodistinfo-1.0-py3-none-any.whl"
expect_err "no .dist-info directory"
refused "$T/bad/norecord-1.0-py3-none-any.whl"
expect_err "no bad-1.0.dist-info/RECORD"
refused "$T/bad/twoinfos-1.0-py3-none-any.whl"
expect_err "2 .dist-info directories"
refused "$T/bad/version2-1.0-py3-none-any.whl"
expect_err "Wheel-Version 2.0 is not supported"
refused "$T/bad/crc-1.0-py3-none-any.whl"
expect_err "bad/__init__.py: CRC mismatch: the data is damaged"
refused "$T/bad/truncated-1.0-py3-none-any.whl"
expect_err "not a wheel"
refused "$T/bad/text-1.0-py3-none-any.whl"
expect_err "not a wheel"
good=$WHEELS/alpha-1.0-py3-none-any.whl
sum=$(sha256sum "$good" | cut -d' ' -f1)
zero=0000000000000000000000000000000000000000000000000000000000000000
refused "$good" "sha256=$zero"
expect_err "$good: hash mismatch: expected sha256=$zero, got sha256=$sum"
refused "$good" "md5:abc"
expect_err "unsupported hash"

# nothing escaped, nothing left behind
[ -z "$(find "$T" -name 'evil*.py' -o -name abs.py)" ] || fail "a file was written outside: $(find "$T" -name 'evil*.py' -o -name abs.py)"
[ -z "$(find "$C/wheels" -mindepth 1 2>/dev/null)" ] || fail "left in the cache: $(find "$C/wheels" -mindepth 1)"
[ -z "$(ls -A "$C/tmp" 2>/dev/null)" ] || fail "left in tmp: $(ls -A "$C/tmp")"

# a bad wheel given to install leaves the env alone
$PY_DEBIAN -m venv --without-pip "$T/E"
(cd "$T/E" && find . | sort) > "$T/env.before"
run "$WT" install "$C" "$T/E" "$T/bad/dotdot-1.0-py3-none-any.whl"
[ "$rc" -ne 0 ] || fail "install of a bad wheel succeeded"
(cd "$T/E" && find . | sort) > "$T/env.after"
diff -u "$T/env.before" "$T/env.after" || fail "a bad wheel changed the env"

# the good wheel, by both hash spellings, gives one entry
run "$WT" unpack "$C" "$good" "sha256:$sum"
expect_rc 0
expect_out "$C/wheels/$sum"
run "$WT" unpack "$C" "$good" "sha256=$(echo "$sum" | tr a-f A-F)"
expect_rc 0
[ "$(ls "$C/wheels" | grep -v '^index$')" = "$sum" ] || fail "cache entries: $(ls "$C/wheels")"
[ -z "$(ls -A "$C/tmp")" ] || fail "left in tmp: $(ls -A "$C/tmp")"
