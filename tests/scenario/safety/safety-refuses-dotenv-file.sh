#!/bin/sh
# dir = ".env" where .env is a dotenv file of secrets: sync, check and clean refuse with
# exit 2 and a clear message, and the file is byte-identical after.
. "$srcdir/tests/lib.sh"

printf 'DATABASE_URL=postgres://app:hunter2@db/app\nAPI_KEY=sk-0123456789\n' > .env
chmod 600 .env
cp -p .env "$T/dotenv.orig"
before=$(stat -c '%i %s %Y %a' .env)
cat > venv.conf <<'CONF'
env "seed" {
  dir = ".env"
  backend = "virtualenv"
  packages = {"alpha"}
}
CONF
msg='venvmk: .env: exists and is not a virtual environment (not a directory); refusing to touch it'

for cmd in sync clean; do
	trace_reset
	vm $cmd
	expect_rc 2
	expect_err_exact "$msg"
	expect_creates 0
	expect_pip_runs 0
	cmp -s .env "$T/dotenv.orig" || fail "$cmd changed .env"
	[ "$(stat -c '%i %s %Y %a' .env)" = "$before" ] || fail "$cmd touched .env"
done
vm check
[ "$rc" -ne 0 ] || fail "check calls a dotenv file fresh"
vm -q sync
expect_rc 2
expect_err_exact "$msg"
vm --dir .env --backend venv sync
expect_rc 2
expect_err_exact "$msg"
vm run -- true
expect_rc 2
cmp -s .env "$T/dotenv.orig" || fail ".env changed"
[ "$(stat -c '%i %s %Y %a' .env)" = "$before" ] || fail ".env touched"
