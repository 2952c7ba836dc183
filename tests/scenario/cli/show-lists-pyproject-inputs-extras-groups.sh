#!/bin/sh
# show, show --json, inputs and deps name pyproject.toml and Pipfile inputs,
# the extras and the dependency groups (each with the file it is read from); an
# editable with extras keeps its pyproject.toml as an input, by what counts in it.
. "$srcdir/tests/lib.sh"

cat > pyproject.toml <<'TOML'
[project]
name = "app"
dependencies = ["alpha==1.0"]
[project.optional-dependencies]
cli = ["hello-cli"]
[dependency-groups]
dev = ["gamma"]
TOML
printf '[packages]\ndelta = "==0.1"\n[dev-packages]\nbeta = "*"\n' > Pipfile
cat > venv.conf <<'CONF'
env "py" {
  requirements = {"pyproject.toml"}
  extras = {"cli"}
  groups = {"dev"}
}
env "pipenv" {
  requirements = {"Pipfile"}
  groups = {"dev-packages", "pyproject.toml:dev"}
}
CONF

field() { sed -n "s/^$1: *//p" "$T/out"; }
vm show py
expect_rc 0
sed -n '/^inputs:/,/^tracked env:/p' "$T/out" | grep -v -e '/pip\.conf' > "$T/inputs"
printf 'inputs:\n  venv.conf\n  pyproject.toml\ntracked env:\n' | diff -u - "$T/inputs" || fail "inputs"
sed -n '/^extras:/,$p' "$T/out" > "$T/rest"
printf 'extras:\n  cli\ngroups:\n  pyproject.toml:dev\nlines:\n  req alpha==1.0\n  req hello-cli\n  req gamma\n' |
	diff -u - "$T/rest" || fail "extras, groups and lines"

vm show --json pipenv
expect_rc 0
python3 - "$T/out" <<'PY' || fail "show --json"
import json, sys
[e] = json.load(open(sys.argv[1]))
assert e["extras"] == [], e["extras"]
assert e["groups"] == ["Pipfile:dev-packages", "pyproject.toml:dev"], e["groups"]
paths = [i["path"] for i in e["inputs"] if "pip.conf" not in i["path"]]
assert paths == ["venv.conf", "Pipfile", "pyproject.toml"], paths
assert e["lines"] == ["req delta==0.1", "req beta", "req gamma"], e["lines"]
PY

vm inputs pipenv
expect_rc 0
printf 'file Pipfile\nfile pyproject.toml\ngroup Pipfile:dev-packages\ngroup pyproject.toml:dev\nreq delta==0.1\nreq beta\nreq gamma\n' |
	diff -u - "$T/out" || fail "inputs"
vm deps pipenv
expect_rc 0
head -4 "$T/out" > "$T/head"
printf '.venv-pipenv.venvmk/stamp: \\\n venv.conf \\\n Pipfile \\\n pyproject.toml\n' | diff -u - "$T/head" || fail "deps"
[ ! -e .venv ] && [ ! -e .venv-pipenv ] || fail "show created an env"

# an editable project with extras is still a local project, its pyproject.toml an input
vm inputs --no-conf --no-requirements -e '.[cli]'
expect_rc 0
printf 'file pyproject.toml\neditable .[cli]\n' | diff -u - "$T/out" || fail "inputs of -e .[cli]"
vm fingerprint --no-conf --no-requirements -e '.[cli]'
expect_rc 0
fp=$(cat "$T/out")
printf '[tool.ruff]\nline-length = 99\n' >> pyproject.toml
vm fingerprint --no-conf --no-requirements -e '.[cli]'
[ "$(cat "$T/out")" = "$fp" ] || fail "a [tool.ruff] table changed the fingerprint of -e .[cli]"
printf '[tool.setuptools]\nzip-safe = false\n' >> pyproject.toml
vm fingerprint --no-conf --no-requirements -e '.[cli]'
[ "$(cat "$T/out")" != "$fp" ] || fail "a [tool.setuptools] table did not change the fingerprint of -e .[cli]"
