#!/bin/sh
# An env path that is a symbolic link (to an env, to a directory, dangling) is refused by
# sync and clean with exit 2; neither the link nor its target is touched.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.0"}
}
CONF
msg='venvmk: .venv: is a symbolic link; venvmk does not follow it, refusing to touch it'

# a link to a real env somewhere else
vm --dir "$T/elsewhere" sync
expect_rc 0
ln -s "$T/elsewhere" .venv
for cmd in sync clean; do
	vm $cmd
	expect_rc 2
	expect_err_exact "$msg"
	[ -L .venv ] || fail "$cmd replaced the link"
	[ -f "$T/elsewhere/pyvenv.cfg" ] || fail "$cmd touched the link's target"
done
expect_installed "$T/elsewhere" 'alpha==1.0'

# a link to a plain directory
rm .venv
mkdir "$T/data"
printf 'x\n' > "$T/data/file"
ln -s "$T/data" .venv
for cmd in sync clean; do
	vm $cmd
	expect_rc 2
	expect_err_exact "$msg"
	[ "$(ls -A "$T/data")" = file ] || fail "$cmd touched the link's target"
done

# a dangling link
rm .venv
ln -s "$T/nothing-here" .venv
trace_reset
vm sync
expect_rc 2
expect_err_exact "$msg"
expect_creates 0
[ ! -e "$T/nothing-here" ] || fail "sync created the link's target"
[ -L .venv ] || fail "the link is gone"
