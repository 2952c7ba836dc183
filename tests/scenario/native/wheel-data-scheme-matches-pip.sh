#!/bin/sh
# A wheel using every part of the format installs where pip puts it: .data/scripts (a
# #!python script, a plain one, a setuptools wrapper pip skips), headers, data, purelib;
# console and gui entry points with module:obj.attr and [extras]; a file RECORD lacks.
# The env's path has a space and is too long for a #! line, so launchers take distlib's
# /bin/sh form. pip uninstall removes it all.
. "$srcdir/tests/lib.sh"

WT=${WHEELTOOL:-$top_builddir/tests/helpers/wheeltool}
test -x "$WT" || { echo "no wheeltool at $WT"; exit 99; }
C=$T/cache
D="$T/a dir with spaces/$(printf 'x%.0s' $(seq 1 80))"
SP=lib/python3.11/site-packages
whl=$T/fancy_pkg-1.0-py3-none-any.whl

"$PY_DEBIAN" - "$whl" <<'PY'
import base64, hashlib, sys, zipfile
info, data = "fancy_pkg-1.0.dist-info", "fancy_pkg-1.0.data"
files = [
    ("fancy/__init__.py", "class obj:\n    @staticmethod\n    def attr():\n        print('fancy attr')\n"
        "def main():\n    print('fancy main')\n"),
    ("fancy/sub/mod.py", "def run():\n    print('sub run')\n"),
    (data + "/scripts/fancy-tool", "#!python\nimport fancy\nfancy.main()\n"),
    (data + "/scripts/plain.sh", "#!/bin/sh\necho plain\n"),
    (data + "/scripts/fancy-ep", "#!python\n# the setuptools wrapper of an entry point\n"),
    (data + "/headers/fancy.h", "int fancy;\n"),
    (data + "/data/share/fancy/data.txt", "data\n"),
    (data + "/purelib/fancy_extra.py", "X = 1\n"),
    (info + "/METADATA", "Metadata-Version: 2.1\nName: fancy-pkg\nVersion: 1.0\n\n"),
    (info + "/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
    (info + "/entry_points.txt", "[console_scripts]\nfancy-ep = fancy:obj.attr [extra1, extra2]\n"
        "fancy-sub=fancy.sub.mod:run\n\n# comment\n[gui_scripts]\nfancy-gui = fancy:main\n[other]\nx = y:z\n"),
]
def row(p, d):
    h = base64.urlsafe_b64encode(hashlib.sha256(d.encode()).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (p, h, len(d.encode()))
record = "\n".join([row(p, d) for p, d in files] + [info + "/RECORD,,"]) + "\n"
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for p, d in files + [("fancy/unlisted.py", "U = 1\n"), (info + "/RECORD", record)]:
        zi = zipfile.ZipInfo(p)
        zi.external_attr = (0o100755 if "/scripts/" in p else 0o100644) << 16
        zi.create_system = 3
        z.writestr(zi, d)
PY

mkdir -p "$D"
$PY_DEBIAN -m venv "$D/P"
$PY_DEBIAN -m venv "$D/L"
run "$D/P/bin/python" -m pip install -q "$whl"
expect_rc 0
run "$WT" install "$C" "$D/L" "$whl"
expect_rc 0
expect_no_err

# RECORD: pip's paths; pip's rows but for what is written with the env's path in it
for e in P L; do
	tr -d '\r' < "$D/$e/$SP/fancy_pkg-1.0.dist-info/RECORD" | grep -v -e __pycache__ -e direct_url.json -e REQUESTED | sort > "$T/rec.$e"
	cut -d, -f1 "$T/rec.$e" > "$T/paths.$e"
	grep -v '^\.\./\.\./\.\./bin/fancy-' "$T/rec.$e" > "$T/rows.$e"
done
diff -u "$T/paths.P" "$T/paths.L" || fail "RECORD paths differ from pip's"
diff -u "$T/rows.P" "$T/rows.L" || fail "RECORD rows differ from pip's"
grep -q '^\.\./\.\./\.\./include/site/python3.11/fancy-pkg/fancy.h,' "$T/rec.L" || fail "headers"
grep -q '^fancy/unlisted.py,,$' "$T/rec.L" || fail "the file RECORD lacks"

# launchers as pip's, in the /bin/sh form; the wrapper is replaced by a launcher
for s in fancy-ep fancy-sub fancy-gui plain.sh; do
	sed "s|$D/P/|$D/L/|" "$D/P/bin/$s" | cmp -s - "$D/L/bin/$s" || fail "$s differs from pip's"
done
[ "$(head -1 "$D/L/bin/fancy-ep")" = '#!/bin/sh' ] || fail "not the /bin/sh form"
grep -q '^from fancy import obj$' "$D/L/bin/fancy-ep" || fail "import of module:obj.attr"
[ "$("$D/L/bin/fancy-ep")" = "fancy attr" ] || fail "fancy-ep"
[ "$("$D/L/bin/fancy-sub")" = "sub run" ] || fail "fancy-sub"
[ "$("$D/L/bin/fancy-gui")" = "fancy main" ] || fail "fancy-gui"
[ "$("$D/L/bin/plain.sh")" = plain ] || fail "plain.sh"
# unlike pip's plain #! line, the #!python script gets a shebang that works with this path
[ "$("$D/L/bin/fancy-tool")" = "fancy main" ] || fail "fancy-tool"
[ "$(stat -c %h "$D/L/bin/fancy-tool")" = 1 ] || fail "fancy-tool is a link, not a new file"
[ "$(cat "$D/L/share/fancy/data.txt")" = data ] || fail "data"
"$D/L/bin/python" -c 'import fancy_extra, fancy.unlisted' || fail "purelib"

# a path without spaces takes the /bin/sh form only when the #! line would pass 127 bytes:
# N is made too long, S is short however deep the build dir; both as pip's distlib chooses
N=$T/$(printf 'y%.0s' $(seq 1 100))/N
$PY_DEBIAN -m venv --without-pip "$N"
run "$WT" install "$C" "$N" "$whl"
expect_rc 0
{
	echo '#!/bin/sh'
	echo "'''exec' $N/bin/python \"\$0\" \"\$@\""
	echo "' '''"
} > "$T/want"
head -3 "$N/bin/fancy-sub" | diff -u "$T/want" - || fail "long path: not the /bin/sh form"
[ "$("$N/bin/fancy-sub")" = "sub run" ] || fail "long path: fancy-sub"
B=$(mktemp -d /tmp/vm.XXXXXX)
trap 'chmod -R u+w "$B" 2>/dev/null; rm -rf "$B"' EXIT
trap 'exit 1' INT TERM HUP
S=$B/s
$PY_DEBIAN -m venv --without-pip "$S"
run "$WT" install "$C" "$S" "$whl"
expect_rc 0
[ "$(head -1 "$S/bin/fancy-sub")" = "#!$S/bin/python" ] || fail "short path: not a plain #! line"
[ "$("$S/bin/fancy-sub")" = "sub run" ] || fail "short path: fancy-sub"
printf '%s/bin/python\n' "$N" "$S" | "$D/P/bin/python" "$srcdir/tests/oracle/shebangoracle.py" "$T/pip" || fail "shebangoracle.py"
expect_launcher_heads "$T/pip" fancy-sub "$N" "$S"

run "$D/L/bin/python" -m pip uninstall -y fancy-pkg
expect_rc 0
for f in bin/fancy-ep bin/fancy-tool bin/plain.sh share/fancy/data.txt include/site/python3.11/fancy-pkg/fancy.h \
	$SP/fancy $SP/fancy_extra.py $SP/fancy_pkg-1.0.dist-info; do
	[ ! -e "$D/L/$f" ] || fail "uninstall left $f"
done
