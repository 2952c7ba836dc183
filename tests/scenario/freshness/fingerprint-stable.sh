#!/bin/sh
# fingerprint prints one hex line that depends on the inputs' content and the
# interpreter's version, not on where the checkout lives, mtimes or comments; any real
# change gives another one.  It changes nothing on disk.
. "$srcdir/tests/lib.sh"

mkproj() {
	mkdir -p "$1/req"
	printf 'alpha==1.0\n-r req/dev.txt\n-c req/cons.txt\n' > "$1/requirements.txt"
	printf 'beta\n' > "$1/req/dev.txt"
	printf 'delta<1\n' > "$1/req/cons.txt"
	cat > "$1/venv.conf" <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
  packages = {"gamma"}
}
CONF
}
fp() { (cd "$1" && "$VENVMK" fingerprint); }
mkproj "$T/one"
mkproj "$T/elsewhere/deeper/two"
a=$(fp "$T/one")
b=$(fp "$T/elsewhere/deeper/two")
echo "$a" | grep -qxE '[0-9a-f]{64}' || fail "not one hex line: $a"
[ "$a" = "$b" ] || fail "two checkouts of the same inputs differ: $a $b"
[ "$(cd "$T/one" && "$VENVMK" fingerprint | wc -l)" -eq 1 ] || fail "more than one line"
[ -z "$(ls -A "$T/one" | grep -v -e '^req$' -e '^requirements.txt$' -e '^venv.conf$')" ] \
	|| fail "fingerprint wrote something"

# a synced copy has the same fingerprint as a never-synced one
(cd "$T/one" && "$VENVMK" -q sync) || fail "sync failed"
[ "$(fp "$T/one")" = "$a" ] || fail "sync changed the fingerprint"

# mtime, comments, blank lines, line order: the same
touch "$T/one/requirements.txt" "$T/one/req/dev.txt"
printf '# dev tools\n\nbeta   # latest\n' > "$T/one/req/dev.txt"
printf -- '-c req/cons.txt\n-r req/dev.txt\nalpha==1.0\n' > "$T/one/requirements.txt"
[ "$(fp "$T/one")" = "$a" ] || fail "a cosmetic change changed the fingerprint"

# each real change gives another fingerprint
seen="$a"
differs() {
	n=$(fp "$T/two")
	case " $seen " in *" $n "*) fail "fingerprint unchanged after: $1";; esac
	seen="$seen $n"
}
rm -rf "$T/two"; cp -R "$T/elsewhere/deeper/two" "$T/two"
printf 'alpha==1.1\n-r req/dev.txt\n-c req/cons.txt\n' > "$T/two/requirements.txt"; differs "a pin bump"
printf 'beta\ndelta\n' > "$T/two/req/dev.txt"; differs "a nested line added"
printf 'delta<0.2\n' > "$T/two/req/cons.txt"; differs "a constraint changed"
sed 's/"gamma"/"gamma==1.0"/' "$T/two/venv.conf" > "$T/two/c" && mv "$T/two/c" "$T/two/venv.conf"; differs "a package changed"
sed 's/"virtualenv"/"venv"/' "$T/two/venv.conf" > "$T/two/c" && mv "$T/two/c" "$T/two/venv.conf"; differs "the backend"
n=$(PIP_PRE=1 fp "$T/two"); case " $seen " in *" $n "*) fail "fingerprint unchanged after PIP_PRE";; esac
n=$(cd "$T/two" && "$VENVMK" --python "$PY_DEBIAN" fingerprint)
case " $seen " in *" $n "*) fail "fingerprint unchanged for another interpreter version";; esac
n=$(cd "$T/two" && "$VENVMK" --pip-arg=--no-deps fingerprint)
case " $seen " in *" $n "*) fail "fingerprint unchanged for a pip option";; esac

# the interpreter counts by version, not by path: the shim and its target agree
real=$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')
[ "$(cd "$T/one" && "$VENVMK" --python "$real" fingerprint)" = "$a" ] \
	|| fail "the same interpreter by another path changed the fingerprint"

vm -C "$T/nowhere" fingerprint
expect_rc 2

# several envs: without a name, the first env's one line; named, each env's
mkdir "$T/multi"
cat > "$T/multi/venv.conf" <<'CONF'
env "a" {
  backend = "virtualenv"
  packages = {"alpha==1.0"}
}
env "b" {
  backend = "virtualenv"
  packages = {"gamma==1.0"}
}
CONF
vm -C "$T/multi" fingerprint
expect_rc 0
[ "$(wc -l < "$T/out")" -eq 1 ] || fail "fingerprint of two envs printed $(wc -l < "$T/out") lines"
first=$(cat "$T/out")
vm -C "$T/multi" fingerprint a
[ "$(cat "$T/out")" = "$first" ] || fail "fingerprint without a name is not the first env's"
vm -C "$T/multi" fingerprint b
expect_rc 0
[ "$(cat "$T/out")" != "$first" ] || fail "envs a and b have one fingerprint"
echo "$(cat "$T/out")" | grep -qxE '[0-9a-f]{64}' || fail "fingerprint b"
