#!/bin/sh
# --group NAME installs a PEP 735 dependency group of ./pyproject.toml, following
# {include-group = "..."}, with names compared as PEP 735 says; --group
# PATH:NAME (pip 25.1's spelling) reads another file; groups add to -r files
# and to nothing else (not the project's own dependencies).
. "$srcdir/tests/lib.sh"

cat > pyproject.toml <<'TOML'
[project]
name = "app"
version = "1.0"
dependencies = ["beta==2.0"]

[dependency-groups]
Dev = ["delta==0.1", {include-group = "lint.tools"}]
lint_tools = ["gamma==1.0"]
TOML
printf 'alpha==1.0\n' > requirements.txt
vm sync --group dev
expect_rc 0
expect_installed .venv 'alpha==1.0
delta==0.1
gamma==1.0'
vm inputs --group dev
expect_rc 0
printf 'file requirements.txt\nfile pyproject.toml\ngroup pyproject.toml:dev\nreq alpha==1.0\nreq delta==0.1\nreq gamma==1.0\n' |
	diff -u - "$T/out" || fail "inputs"

# an edit of the included group is an input change
sed 's/gamma==1.0/gamma==1.5/' pyproject.toml > p.new && mv p.new pyproject.toml
vm sync --group dev
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: pyproject.toml changed'
expect_installed .venv 'alpha==1.0
delta==0.1
gamma==1.5'

# PATH:NAME, from venv.conf, with the project's dependencies too
mkdir sub
cat > sub/pyproject.toml <<'TOML'
[dependency-groups]
docs = ["hello-cli"]
TOML
cat > venv.conf <<'CONF'
env "app" {
  requirements = {"pyproject.toml"}
  groups = {"sub/pyproject.toml:docs"}
}
CONF
vm sync
expect_rc 0
expect_installed .venv 'alpha==2.0
beta==2.0
hello-cli==1.0'
[ "$(.venv/bin/hello)" = "Hello from a venvmk environment!" ] || fail "hello"
vm deps
expect_rc 0
printf '.venv.venvmk/stamp: \\\n venv.conf \\\n pyproject.toml \\\n sub/pyproject.toml\n' > "$T/want"
head -4 "$T/out" | diff -u "$T/want" - || fail "deps"
