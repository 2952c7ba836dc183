#!/bin/sh
# The seed tutorial's workflow, literally, with both backends: dir = ".env", then in an
# interactive bash "source .env/bin/activate", "which python" prints .env/bin/python,
# the env's programs run, and "deactivate" restores the shell.
. "$srcdir/tests/lib.sh"

command -v bash >/dev/null && command -v which >/dev/null || { echo "no bash or which"; exit 77; }
here=$(pwd -P)

for backend in venv virtualenv; do
	rm -rf .env .env.venvmk
	cat > venv.conf <<CONF
env "seed" {
  dir = ".env"
  backend = "$backend"
  packages = {"hello-cli"}
}
CONF
	vm sync
	expect_rc 0
	expect_err 'venvmk: .env: creating'

	# an interactive shell (-i): prompts and job-control notes go to stderr
	PATH_BEFORE=$PATH bash --norc -i >"$T/sh.out" 2>"$T/sh.err" <<'SH'
echo "interactive=${-//[^i]/}"
source .env/bin/activate
which python
echo "VIRTUAL_ENV=$VIRTUAL_ENV"
hello
python -c 'import sys; print(sys.prefix == sys.exec_prefix != sys.base_prefix)'
deactivate
which python | grep -c '/.env/' || true
echo "VIRTUAL_ENV=${VIRTUAL_ENV-unset}"
[ "$PATH" = "$PATH_BEFORE" ] && echo "PATH restored"
SH
	cat "$T/sh.out" "$T/sh.err" >&2
	cat > "$T/want" <<WANT
interactive=i
$here/.env/bin/python
VIRTUAL_ENV=$here/.env
Hello from a venvmk environment!
True
0
VIRTUAL_ENV=unset
PATH restored
WANT
	diff -u "$T/want" "$T/sh.out" || fail "$backend: the activate workflow"
	grep -q '^(\.env) ' "$T/sh.err" || fail "$backend: the prompt did not show (.env)"

	# activating and using the env left it fresh
	vm check
	expect_rc 0
done
