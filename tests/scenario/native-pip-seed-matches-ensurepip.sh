#!/bin/sh
# For every interpreter here, pip seeded by the native backend from the cache
# matches what "python -m venv" (ensurepip) installs: the same dists and versions,
# the same bin/ launchers, a pip that names the env's site-packages, and pip list,
# install and uninstall that work inside the env.  A second create links from the
# cache and unpacks nothing.
. "$srcdir/tests/lib.sh"

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
		head -1 "N/bin/$s" | grep -qx "#!$(pwd)/N/bin/python3[.0-9]*" || fail "$py: N/bin/$s has the wrong shebang"
	done
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
