#!/bin/sh
# For -r pyproject.toml only the tables it reads count: a touch, an edit of
# [tool.pytest.ini_options] or [tool.ruff], a comment, key order or quoting
# start no pip and keep the stamp (check says fresh); a dependency edit works.
. "$srcdir/tests/lib.sh"

cat > pyproject.toml <<'TOML'
[project]
name = "app"
version = "1.0"
dependencies = ["alpha==1.0"]

[tool.pytest.ini_options]
addopts = "-q"

[tool.ruff]
line-length = 88
TOML
vm sync -r pyproject.toml
expect_rc 0
stamp=$(mtime .venv.venvmk/stamp)
fresh() {
	trace_reset
	vm check -r pyproject.toml
	expect_rc 0
	expect_no_err
	vm sync -r pyproject.toml
	expect_rc 0
	expect_no_err
	expect_pip_runs 0
	expect_creates 0
	[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp changed after: $1"
}

sleep 0.01; touch pyproject.toml; fresh "a touch"
sed 's/-q/-q -x/' pyproject.toml > p.new && mv p.new pyproject.toml; fresh "[tool.pytest.ini_options]"
sed 's/88/100/' pyproject.toml > p.new && mv p.new pyproject.toml; fresh "[tool.ruff]"
printf '# the app\n' | cat - pyproject.toml > p.new && mv p.new pyproject.toml; fresh "a comment"
cat > pyproject.toml <<'TOML'
# the same, written otherwise
[project]
dependencies = [ 'alpha==1.0' ]
name = 'app'
version = "1.0"
[tool]
ruff = { line-length = 120 }
pytest.ini_options.addopts = "-v"
TOML
fresh "key order, quoting and table style"

sed 's/alpha==1.0/alpha==1.1/' pyproject.toml > p.new && mv p.new pyproject.toml
vm check -r pyproject.toml
expect_rc 1
expect_err_exact 'venvmk: .venv: would be recreated: pyproject.toml changed'
trace_reset
vm sync -r pyproject.toml
expect_rc 0
# resolved again (by venvmk or pip): the new pin is installed
expect_installed .venv 'alpha==1.1'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a dependency edit"
