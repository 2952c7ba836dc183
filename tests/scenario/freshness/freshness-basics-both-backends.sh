#!/bin/sh
# The freshness basics hold for every backend alike: create, no-op on touch and comments,
# install for an added line, recreate for a pin bump, a removed line and a hand edit; the
# stamp moves exactly when the env changed.
. "$srcdir/tests/lib.sh"

for backend in native venv virtualenv; do
	rm -rf .venv .venv.venvmk
	cat > venv.conf <<CONF
env "dev" {
  backend = "$backend"
  requirements = {"requirements.txt"}
}
CONF
	printf 'alpha==1.0\n' > requirements.txt
	trace_reset
	vm sync
	expect_rc 0
	expect_err_exact 'venvmk: .venv: creating'
	expect_creates 1
	expect_installed .venv 'alpha==1.0'
	stamp=$(mtime .venv.venvmk/stamp)

	# nothing
	touch requirements.txt
	printf '# pinned\nalpha==1.0\n\n' > requirements.txt
	trace_reset
	vm sync
	expect_rc 0
	expect_no_err
	[ ! -s "$T/trace" ] || fail "$backend: a no-op sync started a process"
	[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "$backend: stamp moved on a no-op"

	# install
	printf 'alpha==1.0\ngamma==1.0\n' > requirements.txt
	trace_reset
	vm sync
	expect_rc 0
	expect_err_exact 'venvmk: .venv: refreshing: requirements.txt changed'
	expect_creates 0
	expect_pip_runs 1
	expect_installed .venv 'alpha==1.0
gamma==1.0'
	[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "$backend: stamp unchanged after an install"
	stamp=$(mtime .venv.venvmk/stamp)

	# recreate: a pin bump
	printf 'alpha==1.1\ngamma==1.0\n' > requirements.txt
	trace_reset
	vm sync
	expect_rc 0
	expect_err_exact 'venvmk: .venv: recreating: requirements.txt changed'
	expect_creates 1
	expect_installed .venv 'alpha==1.1
gamma==1.0'
	[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "$backend: stamp unchanged after a recreate"
	stamp=$(mtime .venv.venvmk/stamp)

	# recreate: a hand edit
	.venv/bin/python -m pip uninstall -q -y gamma >/dev/null 2>&1 || fail "$backend: pip uninstall"
	vm sync
	expect_rc 0
	expect_err_exact 'venvmk: .venv: recreating: the env was changed by hand since the last sync'
	expect_installed .venv 'alpha==1.1
gamma==1.0'
	[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "$backend: stamp unchanged after a recreate"
	stamp=$(mtime .venv.venvmk/stamp)

	# recreate: a removed line
	printf 'alpha==1.1\n' > requirements.txt
	vm sync
	expect_rc 0
	expect_err_exact 'venvmk: .venv: recreating: requirements.txt changed'
	expect_installed .venv 'alpha==1.1'
	[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "$backend: stamp unchanged after a recreate"

	trace_reset
	vm check
	expect_rc 0
	vm sync
	expect_rc 0
	expect_no_err
	[ ! -s "$T/trace" ] || fail "$backend: a no-op sync started a process"
done
