#!/bin/sh
# run syncs first (unless --no-sync), then runs CMD in the env: VIRTUAL_ENV and PATH
# set, PYTHONHOME unset, the exit status is CMD's.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.0", "hello-cli"}
}
env "tools" {
  backend = "virtualenv"
  packages = {"gamma==1.5"}
}
CONF
here=$(pwd -P)

# --no-sync on a missing env: nothing to run in
vm run --no-sync -- true
expect_rc 1
[ ! -e .venv ] || fail "--no-sync created the env"

# the first run syncs the first env, then runs in it
vm run -- hello
expect_rc 0
expect_err 'venvmk: .venv: creating'
expect_out 'Hello from a venvmk environment!'

PYTHONHOME=/nonexistent/home vm run -- sh -c 'printf "%s\n" "$VIRTUAL_ENV" "${PATH%%:*}" "${PYTHONHOME-unset}"'
expect_rc 0
expect_no_err
printf '%s\n' "$here/.venv" "$here/.venv/bin" unset > "$T/want"
diff -u "$T/want" "$T/out" || fail "run environment"

# python is the env's, and it imports what the env holds
PYTHONHOME=/nonexistent/home vm run -- python -c 'import sys, alpha; print(sys.prefix); print(alpha.__version__)'
expect_rc 0
printf '%s\n' "$here/.venv" 1.0 > "$T/want"
diff -u "$T/want" "$T/out" || fail "python in run"

# exit status and signals of CMD come back
vm run -- sh -c 'exit 7'
expect_rc 7
vm run -- sh -c 'kill -TERM $$'
expect_rc 143
vm run -- no-such-command-here
expect_rc 127
expect_err 'no-such-command-here'
# arguments reach CMD as they are, options included
vm run -- python -c 'import sys; print(sys.argv[1:])' -v '--x y' '$HOME' ';'
expect_rc 0
expect_out "['-v', '--x y', '\$HOME', ';']"

# a named env
vm run tools -- gamma
expect_rc 0
expect_err 'venvmk: .venv-tools: creating'
expect_out 'gamma 1.5'
vm run tools -- sh -c 'echo "$VIRTUAL_ENV"'
expect_out "$here/.venv-tools"

# run syncs: an input change is applied before CMD runs
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.1", "hello-cli"}
}
CONF
vm run -- python -c 'import alpha; print(alpha.__version__)'
expect_rc 0
expect_err 'venvmk: .venv: recreating: '
expect_out '1.1'
# --no-sync does not
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==2.0", "hello-cli"}
}
CONF
trace_reset
vm run --no-sync -- python -c 'import alpha; print(alpha.__version__)'
expect_rc 0
expect_no_err
expect_out '1.1'
expect_pip_runs 0

# a failed sync runs nothing and reports the failure
printf 'env "dev" {\n  backend = "virtualenv"\n  packages = {"alpha==9.9"}\n}\n' > venv.conf
vm run -- sh -c 'echo ran'
expect_rc 1
! grep -q '^ran$' "$T/out" || fail "CMD ran after a failed sync"

# usage errors
vm run
expect_rc 2
expect_err 'venvmk: run: no command given (venvmk run [ENV --] CMD...)'
vm run dev tools -- true
expect_rc 2
expect_err 'venvmk: run: name one env at most'
