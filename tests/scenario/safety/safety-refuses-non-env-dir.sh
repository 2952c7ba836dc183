#!/bin/sh
# An env path that is a directory but not an environment (no pyvenv.cfg, not venvmk's),
# the home directory, or a directory holding the current one: sync and clean refuse with
# exit 2 and delete nothing.
. "$srcdir/tests/lib.sh"

mkdir -p build/lib
printf 'precious\n' > build/lib/data.txt
cat > venv.conf <<'CONF'
env "dev" {
  dir = "build"
  backend = "virtualenv"
  packages = {"alpha"}
}
CONF
msg='venvmk: build: is a directory but not a virtual environment (no pyvenv.cfg); refusing to touch it'
for cmd in sync clean; do
	trace_reset
	vm $cmd
	expect_rc 2
	expect_err_exact "$msg"
	expect_creates 0
	[ "$(cat build/lib/data.txt)" = precious ] || fail "$cmd touched build/"
	[ "$(ls -A build)" = lib ] || fail "$cmd added to build/"
done

# a venv-like dir without pyvenv.cfg (say, a half-deleted foreign env) is not one either
mkdir -p other/bin other/lib
printf '#!/bin/sh\n' > other/bin/activate
vm --dir other clean dev
expect_rc 2
expect_err 'venvmk: other: is a directory but not a virtual environment (no pyvenv.cfg); refusing to touch it'
[ -f other/bin/activate ] || fail "clean deleted other/"

# the home directory
mkdir -p "$T/home/.ssh"
printf 'key\n' > "$T/home/.ssh/id"
HOME=$T/home vm --python "$PY_DEBIAN" --dir "$T/home" sync dev
expect_rc 2
expect_err_exact "venvmk: $T/home: is the home directory; refusing to touch it"
HOME=$T/home vm --python "$PY_DEBIAN" --dir "$T/home" clean dev
expect_rc 2
[ -f "$T/home/.ssh/id" ] || fail "the home directory was touched"

# a directory holding the current one, given by another spelling
mkdir -p "$T/up/work"
printf 'env "dev" {\n  dir = "../../up"\n  backend = "virtualenv"\n}\n' > "$T/up/work/venv.conf"
run sh -c 'cd "$1/up/work" && exec "$2" clean' sh "$T" "$VENVMK"
expect_rc 2
expect_err 'holds the current directory; refusing to touch it'
[ -f "$T/up/work/venv.conf" ] || fail "clean removed the current directory"

# / and . are refused before anything else
vm --dir / sync dev
expect_rc 2
expect_err_exact "venvmk: --dir: '/' is the root directory"
vm --dir . clean dev
expect_rc 2
expect_err_exact "venvmk: --dir: '.' is the current directory"
[ -f venv.conf ] || fail "clean . removed the project"
