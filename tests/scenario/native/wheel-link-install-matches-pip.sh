#!/bin/sh
# Wheels hard-linked from the cache into a venv look to pip exactly like pip's own install
# of the same wheels: same packages and RECORD paths, same launchers, pip check passes, and
# pip uninstall of a linked dist removes it from the env but leaves the cache entry whole.
. "$srcdir/tests/lib.sh"

WT=${WHEELTOOL:-$top_builddir/tests/helpers/wheeltool}
test -x "$WT" || { echo "no wheeltool at $WT"; exit 99; }
C=$T/cache
SP=lib/python3.11/site-packages
files=
for w in alpha-2.0 beta-2.0 gamma-1.5 hello_cli-1.0; do
	files="$files $WHEELS/$w-py3-none-any.whl"
done

$PY_DEBIAN -m venv "$T/P"
$PY_DEBIAN -m venv "$T/L"
run "$T/P/bin/python" -m pip install -q alpha==2.0 beta==2.0 gamma==1.5 hello-cli==1.0
expect_rc 0
run "$WT" install "$C" "$T/L" --requested $files
expect_rc 0
expect_no_err

# the same packages, consistent
for e in P L; do
	"$T/$e/bin/python" -m pip list --format=freeze > "$T/list.$e"
done
diff -u "$T/list.P" "$T/list.L" || fail "pip list differs"
grep -q '^beta==2.0$' "$T/list.L" || fail "beta missing from pip list"
run "$T/L/bin/python" -m pip check
expect_rc 0

# every dist found through importlib.metadata
q='import importlib.metadata as m; print(sorted("%s %s" % (d.metadata["Name"], d.version) for d in m.distributions()))'
[ "$("$T/L/bin/python" -c "$q")" = "$("$T/P/bin/python" -c "$q")" ] || fail "importlib.metadata sees other dists"

# the console scripts run, and are pip's launchers byte for byte (but for the env's path)
[ "$("$T/L/bin/alpha-version")" = "alpha 2.0" ] || fail "alpha-version"
[ "$("$T/L/bin/beta-hello")" = "hello from beta 2.0" ] || fail "beta-hello"
[ "$("$T/L/bin/gamma")" = "gamma 1.5" ] || fail "gamma"
[ "$("$T/L/bin/hello")" = "Hello from a venvmk environment!" ] || fail "hello"
for s in alpha-version beta-hello gamma hello; do
	sed "s|$T/P/|$T/L/|" "$T/P/bin/$s" | cmp -s - "$T/L/bin/$s" || fail "launcher $s differs from pip's"
	[ -x "$T/L/bin/$s" ] || fail "launcher $s not executable"
done

# RECORD: the same paths as pip's (pip adds the .pyc files it compiles), the same rows but for launchers
for d in alpha-2.0 beta-2.0 gamma-1.5 hello_cli-1.0; do
	for e in P L; do
		rec=$T/$e/$SP/$d.dist-info/RECORD
		[ -f "$rec" ] || fail "no $rec"
		grep -v __pycache__ "$rec" | sort > "$T/rec.$e"
		cut -d, -f1 "$T/rec.$e" > "$T/paths.$e"
		grep -v '^\.\./\.\./\.\./bin/' "$T/rec.$e" > "$T/rows.$e" || true
	done
	diff -u "$T/paths.P" "$T/paths.L" || fail "$d: RECORD paths differ from pip's"
	diff -u "$T/rows.P" "$T/rows.L" || fail "$d: RECORD rows differ from pip's"
	[ "$(cat "$T/L/$SP/$d.dist-info/INSTALLER")" = pip ] || fail "$d: INSTALLER"
	[ -f "$T/L/$SP/$d.dist-info/REQUESTED" ] || fail "$d: REQUESTED"
done

# the files are hard links into the cache, which is read-only
f=$T/L/$SP/gamma/__init__.py
[ "$(stat -c %h "$f")" -gt 1 ] || fail "$f is not a hard link"
ino=$(stat -c %i "$f")
find "$C/wheels" -inum "$ino" | grep -q . || fail "$f is not linked into the cache"
entry=$(find "$C/wheels" -inum "$ino" | sed 's|/gamma/__init__.py$||')
[ "$(stat -c %a "$entry/gamma/__init__.py")" = 444 ] || fail "cache file writable"
(cd "$entry" && find . -type f | sort | xargs sha256sum) > "$T/entry.before"

# pip uninstall in L removes the linked dist; the cache entry stays whole
run "$T/L/bin/python" -m pip uninstall -y gamma
expect_rc 0
[ ! -e "$T/L/$SP/gamma" ] || fail "gamma left behind"
[ ! -e "$T/L/$SP/gamma-1.5.dist-info" ] || fail "gamma's dist-info left behind"
[ ! -e "$T/L/bin/gamma" ] || fail "gamma's launcher left behind"
(cd "$entry" && find . -type f | sort | xargs sha256sum) > "$T/entry.after"
diff -u "$T/entry.before" "$T/entry.after" || fail "uninstall changed the cache entry"
run "$T/L/bin/python" -m pip check
expect_rc 0
[ "$("$T/L/bin/alpha-version")" = "alpha 2.0" ] || fail "alpha-version after uninstall of gamma"
