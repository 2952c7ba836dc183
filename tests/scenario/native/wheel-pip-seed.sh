#!/bin/sh
# Debian's pip wheel installed by links into a venv made without pip gives a working pip:
# pip, pip3 and pip3.11 for the env's python, which installs, uninstalls, and removes
# itself cleanly.  Its launchers take pip's first line: a plain #! under a short path,
# distlib's /bin/sh form under one too long for a #! line, and both run.
. "$srcdir/tests/lib.sh"

WT=${WHEELTOOL:-$top_builddir/tests/helpers/wheeltool}
test -x "$WT" || { echo "no wheeltool at $WT"; exit 99; }
# a short path, however deep the build dir; the cache beside the envs, for links
B=$(mktemp -d /tmp/vm.XXXXXX)
trap 'chmod -R u+w "$B" 2>/dev/null; rm -rf "$B"' EXIT
trap 'exit 1' INT TERM HUP
C=$B/cache
E=$B/env
SP=$E/lib/python3.11/site-packages
pipwhl=/usr/share/python-wheels/pip-23.0.1-py3-none-any.whl
[ -f "$pipwhl" ] || { echo "no $pipwhl"; exit 77; }

$PY_DEBIAN -m venv --without-pip "$E"
run "$WT" install "$C" "$E" --requested "$pipwhl"
expect_rc 0
expect_no_err
for s in pip pip3 pip3.11; do
	[ -x "$E/bin/$s" ] || fail "no $s"
	run "$E/bin/$s" --version
	expect_rc 0
	expect_out "from $SP/pip (python 3.11)"
done
[ "$(head -1 "$E/bin/pip")" = "#!$E/bin/python" ] || fail "pip's shebang: $(head -1 "$E/bin/pip")"

# the same under a path too long for a #! line; either way the first lines are pip's
L=$B/$(printf 'x%.0s' $(seq 1 120))/env
$PY_DEBIAN -m venv --without-pip "$L"
run "$WT" install "$C" "$L" --requested "$pipwhl"
expect_rc 0
[ "$(head -1 "$L/bin/pip")" = '#!/bin/sh' ] || fail "long path: pip's shebang: $(head -1 "$L/bin/pip")"
printf '%s/bin/python\n' "$E" "$L" | PYTHONPATH=$pipwhl "$PY_DEBIAN" "$srcdir/tests/oracle/shebangoracle.py" "$T/pip" \
	|| fail "shebangoracle.py"
expect_launcher_heads "$T/pip" pip "$E" "$L"
run "$L/bin/pip" --version
expect_rc 0
expect_out "from $L/lib/python3.11/site-packages/pip (python 3.11)"
run "$E/bin/pip" list --format=freeze
expect_rc 0
expect_out "pip==23.0.1"
[ "$(stat -c %h "$SP/pip/__init__.py")" -gt 1 ] || fail "pip is not linked from the cache"

run "$E/bin/pip" install --no-index --find-links "$WHEELS" alpha==1.1
expect_rc 0
[ "$("$E/bin/alpha-version")" = "alpha 1.1" ] || fail "alpha-version"
run "$E/bin/pip" uninstall -y alpha
expect_rc 0
[ ! -e "$E/bin/alpha-version" ] || fail "alpha's launcher left behind"
[ ! -e "$SP/alpha" ] || fail "alpha left behind"

entry=$(dirname "$(find "$C/wheels" -path '*/pip/__init__.py')")
entry=$(dirname "$entry")
nfiles=$(find "$entry" -type f | wc -l)
run "$E/bin/pip" uninstall -y pip
expect_rc 0
for s in pip pip3 pip3.11; do
	[ ! -e "$E/bin/$s" ] || fail "$s left behind"
done
[ -z "$(ls -A "$SP")" ] || fail "left in site-packages: $(ls -A "$SP")"
[ "$(find "$entry" -type f | wc -l)" = "$nfiles" ] || fail "uninstall changed the cache entry"
