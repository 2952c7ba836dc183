#!/bin/sh
# A broken pyproject.toml is a precise error and exit 2, and the env, its state
# and its stamp stay as they were: a TOML syntax error (file:line:col), dynamic
# dependencies, an unknown dependency group, a cycle of groups.
. "$srcdir/tests/lib.sh"

good() {
	cat > pyproject.toml <<'TOML'
[project]
name = "app"
version = "1.0"
dependencies = ["alpha==1.0"]

[dependency-groups]
dev = ["delta==0.1", {include-group = "test"}]
test = ["gamma==1.0"]
TOML
}
good
vm sync -r pyproject.toml --group dev
expect_rc 0
cp .venv.venvmk/state "$T/state"
stamp=$(mtime .venv.venvmk/stamp)
unchanged() {
	expect_rc 2
	expect_err_exact "$1"
	cmp -s .venv.venvmk/state "$T/state" || fail "the state changed"
	[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "the stamp changed"
	expect_installed .venv 'alpha==1.0
delta==0.1
gamma==1.0'
}

sed 's/^version = "1.0"$/version = "1.0/' pyproject.toml > p.new && mv p.new pyproject.toml
trace_reset
vm sync -r pyproject.toml --group dev
unchanged "$(grep . "$T/err" | head -1)"
grep -qE '^venvmk: pyproject.toml:3:[0-9]+: ' "$T/err" || fail "not a file:line:col message"
expect_pip_runs 0
vm check -r pyproject.toml --group dev
expect_rc 2
grep -qE '^venvmk: pyproject.toml:3:[0-9]+: ' "$T/err" || fail "check: not a file:line:col message"

good
sed 's/^dependencies = .*/dynamic = ["version", "dependencies"]/' pyproject.toml > p.new && mv p.new pyproject.toml
vm sync -r pyproject.toml --group dev
unchanged 'venvmk: pyproject.toml:4:23: [project].dependencies is dynamic: only building the project can tell them; install the project instead (-e . or --editable=.)'

good
vm sync -r pyproject.toml --group docs
unchanged "venvmk: pyproject.toml: no dependency group 'docs' in [dependency-groups] (groups: dev, test)"

sed 's/^test = .*/test = ["gamma==1.0", {include-group = "Dev"}]/' pyproject.toml > p.new && mv p.new pyproject.toml
vm sync -r pyproject.toml --group dev
unchanged "venvmk: pyproject.toml:8:40: dependency group 'dev' includes itself (dev → test → dev)"

good
sed 's/include-group = "test"/include-group = "tests"/' pyproject.toml > p.new && mv p.new pyproject.toml
vm sync -r pyproject.toml --group dev
unchanged "venvmk: pyproject.toml:7:39: dependency group 'dev' includes unknown group 'tests' (groups: dev, test)"

# fixed: the env is as it was, nothing to do
good
trace_reset
vm sync -r pyproject.toml --group dev
expect_rc 0
expect_no_err
expect_pip_runs 0
