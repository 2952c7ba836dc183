#!/bin/sh
# -r pyproject.toml (or requirements = {"pyproject.toml"}) installs its
# [project].dependencies, not the project: a dependency added installs into the
# env as it is, a pin changed recreates it, and pip is never given the file.
. "$srcdir/tests/lib.sh"

cat > pyproject.toml <<'TOML'
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "app"
version = "1.0"
dependencies = [
  "alpha==1.0",   # pinned
  'gamma >= 1.0',
]
TOML
vm sync -r pyproject.toml
expect_rc 0
expect_installed .venv 'alpha==1.0
gamma==1.5'
grep -q -- '-r pyproject.toml' "$T/trace" && fail "pip was given -r pyproject.toml"
stamp=$(mtime .venv.venvmk/stamp)
vm inputs -r pyproject.toml
expect_rc 0
printf 'file pyproject.toml\nreq alpha==1.0\nreq gamma>=1.0\n' | diff -u - "$T/out" || fail "inputs"

# a dependency added: installed into the env as it is
sed 's/^  .gamma >= 1.0.,$/  "gamma >= 1.0", "delta==0.1",/' pyproject.toml > p.new && mv p.new pyproject.toml
touch .venv/kept
trace_reset
vm sync -r pyproject.toml
expect_rc 0
expect_err_exact 'venvmk: .venv: refreshing: pyproject.toml changed'
expect_pip_runs 1
expect_creates 0
[ -e .venv/kept ] || fail "the env was recreated"
expect_installed .venv 'alpha==1.0
delta==0.1
gamma==1.5'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after an install"

# a pin changed: recreated
sed 's/alpha==1.0/alpha==1.1/' pyproject.toml > p.new && mv p.new pyproject.toml
vm check -r pyproject.toml
expect_rc 1
expect_err_exact 'venvmk: .venv: would be recreated: pyproject.toml changed'
vm sync -r pyproject.toml
expect_rc 0
expect_installed .venv 'alpha==1.1
delta==0.1
gamma==1.5'

# the same from venv.conf: the same lines, so nothing to do
cat > venv.conf <<'CONF'
env "app" {
  requirements = {"pyproject.toml"}
}
CONF
trace_reset
vm check
expect_rc 0
vm sync
expect_rc 0
expect_no_err
expect_pip_runs 0
