#!/bin/sh
# For every interpreter here, pip seeded by the native backend from the cache
# matches what "python -m venv" (ensurepip) installs: the same dists and versions,
# the same bin/ launchers, a pip that names the env's site-packages, and pip list,
# install and uninstall that work inside the env.  A second create links from the
# cache and unpacks nothing.  The launchers start as ensurepip's: a plain #! line under a
# short path, distlib's /bin/sh form under one too long for a #! line.
. "$srcdir/tests/lib.sh"

# N's pip launchers in DIR start as ensurepip's in DIR/V, whose path is as long
same_first_lines() {
	for s in pip pip3; do
		sed -e "s|$1/V/|$1/N/|" -e '/^# -\*- coding/,$d' "$1/V/bin/$s" > "$T/want"
		sed '/^# -\*- coding/,$d' "$1/N/bin/$s" | diff -u "$T/want" - || fail "$2: $1/N/bin/$s does not start as ensurepip's"
	done
}

# a short path, however deep the build dir
B=$(mktemp -d /tmp/vm.XXXXXX)
trap 'chmod -R u+w "$B" 2>/dev/null; rm -rf "$B"' EXIT
trap 'exit 1' INT TERM HUP
cd "$B"
tried=0
for py in "$PY_DEBIAN" /root/.pyenv/versions/3.12.1/bin/python3.12 /root/.pyenv/versions/3.13.0/bin/python3.13; do
	[ -x "$py" ] || continue
	tried=$((tried + 1))
	rm -rf N V N.venvmk
	vm --no-conf --python "$py" --no-requirements --dir N sync
	expect_rc 0
	"$py" -m venv V

	N/bin/python -m pip list --format=freeze > "$T/n.list"
	V/bin/python -m pip list --format=freeze > "$T/v.list"
	diff -u "$T/v.list" "$T/n.list" || fail "$py: the seeded dists differ from ensurepip's"
	ls N/bin > "$T/n.bin"; ls V/bin | sed '$a activate.nu' | sort > "$T/v.bin"
	diff -u "$T/v.bin" "$T/n.bin" || fail "$py: bin/ differs from venv's"
	for s in pip pip3; do
		head -1 "N/bin/$s" | grep -qx "#!$B/N/bin/python3[.0-9]*" || fail "$py: N/bin/$s has the wrong shebang"
	done
	same_first_lines "$B" "$py"
	N/bin/pip --version | grep -qF "$(pwd)/N/lib/python3" || fail "$py: pip is not the env's"
	N/bin/pip install -q alpha==1.1 || fail "$py: pip install"
	N/bin/python -c 'import alpha' || fail "$py: alpha not importable"
	N/bin/pip list --format=freeze | grep -x 'alpha==1.1' >/dev/null || fail "$py: pip list misses alpha"
	N/bin/pip uninstall -y -q alpha || fail "$py: pip uninstall"
	N/bin/pip check || fail "$py: pip check"

	# the next env of this interpreter only links: nothing new in the cache
	ls "$VENVMK_CACHE_DIR/wheels" > "$T/before"
	rm -rf N N.venvmk
	vm --no-conf --python "$py" --no-requirements --dir N sync
	expect_rc 0
	ls "$VENVMK_CACHE_DIR/wheels" > "$T/after"
	diff -u "$T/before" "$T/after" || fail "$py: a second create unpacked again"
	N/bin/pip --version >/dev/null || fail "$py: the second env's pip"
done
[ "$tried" -gt 0 ] || fail "no interpreter to compare with"

# under a path too long for a #! line both take the /bin/sh form, and pip runs through it
L=$B/$(printf 'x%.0s' $(seq 1 120))
mkdir "$L"
cd "$L"
vm --no-conf --python "$PY_DEBIAN" --no-requirements --dir N sync
expect_rc 0
"$PY_DEBIAN" -m venv V
[ "$(head -1 N/bin/pip)" = '#!/bin/sh' ] || fail "long path: N/bin/pip starts $(head -1 N/bin/pip)"
same_first_lines "$L" "$PY_DEBIAN"
N/bin/pip --version | grep -qF "$L/N/lib/python3" || fail "long path: pip is not the env's"
