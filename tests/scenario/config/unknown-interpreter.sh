#!/bin/sh
# An interpreter that is not on PATH, does not exist, cannot run or is not Python: exit 2,
# a message naming it, and no env made or touched.
. "$srcdir/tests/lib.sh"

conf() {
	cat > venv.conf <<CONF
env "dev" {
  backend = "virtualenv"
  python = "$1"
  packages = {"alpha==1.0"}
}
CONF
}
conf python3.99
for cmd in sync check show fingerprint; do
	vm $cmd
	expect_rc 2
	expect_err_exact "venvmk: .venv: python 'python3.99' not found in PATH"
done
[ ! -e .venv ] || fail "an env was made"

conf "$T/no/such/python"
vm sync
expect_rc 2
expect_err_exact "venvmk: .venv: python '$T/no/such/python': No such file or directory"

printf 'not a program\n' > "$T/notexec"
chmod 644 "$T/notexec"
conf "$T/notexec"
vm sync
expect_rc 2
expect_err "venvmk: .venv: python '$T/notexec': "

printf '#!/bin/sh\necho hello\n' > "$T/fakepy"
chmod 755 "$T/fakepy"
conf "$T/fakepy"
vm sync
expect_rc 2
expect_err_exact "venvmk: .venv: python '$T/fakepy': $T/fakepy is not a Python interpreter"

printf '#!/bin/sh\nexit 3\n' > "$T/failpy"
chmod 755 "$T/failpy"
conf "$T/failpy"
vm sync
expect_rc 2
expect_err_exact "venvmk: .venv: python '$T/failpy': $T/failpy exited with status 3"

mkdir "$T/adir"
conf "$T/adir"
vm sync
expect_rc 2
expect_err_exact "venvmk: .venv: python '$T/adir' is not a file"
[ ! -e .venv ] || fail "an env was made"

# the --python flag, and an existing env left alone
conf python3
vm sync
expect_rc 0
stamp=$(mtime .venv.venvmk/stamp)
trace_reset
vm --python python3.99 sync
expect_rc 2
expect_err_exact "venvmk: .venv: python 'python3.99' not found in PATH"
expect_creates 0
expect_installed .venv 'alpha==1.0'
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp moved on an error"
vm check
expect_rc 0
