#!/bin/sh
# An editable project's metadata (pyproject.toml, setup.cfg, setup.py) is an input: a
# change reinstalls the project in the existing env; a source edit does nothing (the
# editable install already sees it).
. "$srcdir/tests/lib.sh"

cp -R "$srcdir/tests/fixtures/localproj" lp
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
  pip-args = {"--no-build-isolation"}
}
CONF
printf 'wheel\n-e ./lp\n' > requirements.txt
vm sync
expect_rc 0
expect_installed .venv 'localproj==0.1'
[ "$(.venv/bin/localproj-hi)" = "hi from localproj" ] || fail "localproj-hi"
stamp=$(mtime .venv.venvmk/stamp)
touch .venv/not-recreated

# a source edit: no pip, and the env sees it
printf 'def main():\n    print("edited")\n' > lp/src/localproj/__init__.py
trace_reset
vm sync
expect_rc 0
expect_no_err
expect_pip_runs 0
[ "$(.venv/bin/localproj-hi)" = "edited" ] || fail "the editable install does not see the edit"
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp changed on a source edit"

# a metadata change: the project is reinstalled, the env is not recreated
sed 's/^version = "0.1"/version = "0.2"/' lp/pyproject.toml > lp/pyproject.new
mv lp/pyproject.new lp/pyproject.toml
vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be refreshed: lp/pyproject.toml changed'
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: refreshing: lp/pyproject.toml changed'
expect_pip_runs 1
expect_creates 0
[ -e .venv/not-recreated ] || fail "the env was recreated"
expect_installed .venv 'localproj==0.2'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a reinstall"
stamp=$(mtime .venv.venvmk/stamp)

# a setup.cfg appearing is a metadata change too
printf '[metadata]\n' > lp/setup.cfg
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: refreshing: lp/setup.cfg added'
expect_pip_runs 1
expect_creates 0
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a reinstall"

trace_reset
vm sync
expect_rc 0
expect_no_err
expect_pip_runs 0

# declared in venv.conf instead of a requirements file: the same
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"wheel"}
  editable = {"./lp"}
  pip-args = {"--no-build-isolation"}
}
CONF
vm sync
expect_rc 0
sed 's/^version = "0.2"/version = "0.3"/' lp/pyproject.toml > lp/pyproject.new
mv lp/pyproject.new lp/pyproject.toml
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: refreshing: lp/pyproject.toml changed'
expect_creates 0
expect_installed .venv 'localproj==0.3'
