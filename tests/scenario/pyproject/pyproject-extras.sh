#!/bin/sh
# --extra NAME (and extras = {...}) adds that extra's optional-dependencies to a
# -r pyproject.toml: names compare as PEP 685 says, an extra that names the
# project itself ("app[a]") is expanded in place, an unknown extra is an error.
. "$srcdir/tests/lib.sh"

cat > pyproject.toml <<'TOML'
[project]
name = "App"
version = "1.0"
dependencies = ["alpha==1.0"]

[project.optional-dependencies]
Test_Tools = ["delta==0.1"]
docs = ["gamma==1.0"]
all = ["app[test-tools,docs]"]
TOML
vm sync -r pyproject.toml --extra test.tools
expect_rc 0
expect_installed .venv 'alpha==1.0
delta==0.1'

vm inputs -r pyproject.toml --extra all
expect_rc 0
printf 'file pyproject.toml\nextra all\nreq alpha==1.0\nreq delta==0.1\nreq gamma==1.0\n' | diff -u - "$T/out" || fail "inputs"

cat > venv.conf <<'CONF'
env "app" {
  requirements = {"pyproject.toml"}
  extras = {"all"}
}
CONF
vm sync
expect_rc 0
expect_installed .venv 'alpha==1.0
delta==0.1
gamma==1.0'
state=$(cat .venv.venvmk/state)

vm sync --extra nope
expect_rc 2
expect_err_exact 'venvmk: pyproject.toml:6:1: no extra '\''nope'\'' in [project.optional-dependencies] (extras: Test_Tools, docs, all)'
[ "$(cat .venv.venvmk/state)" = "$state" ] || fail "the state changed"

printf 'alpha==1.0\n' > requirements.txt
vm sync --no-conf --extra docs -r requirements.txt
expect_rc 2
expect_err "venvmk: .venv: extra 'docs': no pyproject.toml among the requirements to take it from"
