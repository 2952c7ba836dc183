#!/bin/sh
# For a local project installed with -e, its pyproject.toml counts by
# [build-system], [project] and build backends' [tool.X] tables: a touch, an edit
# of [tool.pytest.ini_options] or [tool.ruff] or a comment start no pip and keep
# the stamp; an edit of a dependency, [build-system] or [tool.setuptools]
# reinstalls the project.
. "$srcdir/tests/lib.sh"

cp -R "$srcdir/tests/fixtures/localproj" lp
chmod -R u+w lp
cat >> lp/pyproject.toml <<'TOML'

[tool.pytest.ini_options]
addopts = "-q"

[tool.ruff]
line-length = 88
TOML
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
expect_installed .venv 'localproj==0.1'
stamp=$(mtime .venv.venvmk/stamp)
edit() { sed "$1" lp/pyproject.toml > lp/p.new && mv lp/p.new lp/pyproject.toml; }
fresh() {
	trace_reset
	vm check
	expect_rc 0
	expect_no_err
	vm sync
	expect_rc 0
	expect_no_err
	expect_pip_runs 0
	[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp changed after: $1"
}
work() {
	vm check
	expect_rc 1
	expect_err_exact 'venvmk: .venv: would be refreshed: lp/pyproject.toml changed'
	trace_reset
	vm sync
	expect_rc 0
	expect_err_exact 'venvmk: .venv: refreshing: lp/pyproject.toml changed'
	expect_pip_runs 1
	expect_creates 0
	[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after: $1"
	stamp=$(mtime .venv.venvmk/stamp)
}

sleep 0.01; touch lp/pyproject.toml; fresh "a touch"
edit 's/addopts = "-q"/addopts = "-q -x"/'; fresh "[tool.pytest.ini_options]"
edit 's/line-length = 88/line-length = 100/'; fresh "[tool.ruff]"
edit 's/^# Local project fixture/# A local project fixture/'; fresh "a comment"

edit 's/^dependencies = \[\]/dependencies = ["delta==0.1"]/'; work "a dependency"
expect_installed .venv 'delta==0.1
localproj==0.1'
edit 's/^requires = \["setuptools>=61", "wheel"\]/requires = ["setuptools>=61.0", "wheel"]/'; work "[build-system]"
edit 's/^where = \["src"\]/where = ["src"]\ninclude = ["localproj*"]/'; work "[tool.setuptools]"
[ "$(.venv/bin/localproj-hi)" = "hi from localproj" ] || fail "localproj-hi"
fresh "nothing, at the end"
