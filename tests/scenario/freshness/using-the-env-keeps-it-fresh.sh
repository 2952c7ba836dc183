#!/bin/sh
# Using the env is not an edit: importing its packages (Python writes __pycache__),
# compiling site-packages, running console scripts, pip queries, and venvmk run from
# inside the activated env leave it fresh.
. "$srcdir/tests/lib.sh"
unset PYTHONDONTWRITEBYTECODE	# let Python write bytecode, as it does for users

for backend in virtualenv venv; do
	rm -rf .venv .venv.venvmk
	cat > venv.conf <<CONF
env "dev" {
  backend = "$backend"
  packages = {"alpha==1.0", "beta==1.0", "gamma==1.5", "hello-cli"}
}
CONF
	vm sync
	expect_rc 0
	stamp=$(mtime .venv.venvmk/stamp)

	.venv/bin/python -c 'import alpha, beta, gamma, hello_cli, json, email.mime.text' \
		|| fail "$backend: import failed"
	[ "$(.venv/bin/gamma)" = "gamma 1.5" ] || fail "$backend: gamma script"
	[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "$backend: hello script"
	.venv/bin/beta-hello >/dev/null || fail "$backend: beta-hello script"
	.venv/bin/python -m compileall -q .venv/lib >/dev/null || fail "$backend: compileall"
	.venv/bin/python -c 'import py_compile, glob; [py_compile.compile(f) for f in glob.glob(".venv/lib/*/site-packages/*/__init__.py")]' \
		|| fail "$backend: py_compile"
	.venv/bin/python -m pip list >/dev/null 2>&1 || fail "$backend: pip list"
	.venv/bin/python -m pip show alpha >/dev/null 2>&1 || fail "$backend: pip show"
	ls .venv/lib/*/site-packages/alpha/__pycache__/*.pyc >/dev/null 2>&1 \
		|| fail "$backend: Python wrote no __pycache__, the test proves nothing"
	# virtualenv's _virtualenv.py sits in site-packages itself: its bytecode lands in
	# site-packages/__pycache__ the first time the env's python starts
	[ $backend = venv ] || ls .venv/lib/*/site-packages/__pycache__/_virtualenv.*.pyc >/dev/null 2>&1 \
		|| fail "$backend: nothing was compiled into site-packages/__pycache__"
	vm run -- python -c 'import alpha'
	expect_rc 0
	# venvmk itself from inside the activated env: python3 on PATH is now the env's own
	run bash --norc -c '. .venv/bin/activate && [ "$(command -v python3)" = "$PWD/.venv/bin/python3" ] && "$0" sync && "$0" check' "$VENVMK"
	expect_rc 0
	expect_no_err
	vm run -- "$VENVMK" check
	expect_rc 0

	trace_reset
	vm check
	expect_rc 0
	expect_no_err
	vm sync
	expect_rc 0
	expect_no_err
	expect_pip_runs 0
	expect_creates 0
	[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "$backend: stamp changed by using the env"
done
