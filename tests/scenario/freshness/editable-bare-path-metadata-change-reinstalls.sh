#!/bin/sh
# An editable project named by a bare relative path ("lp", not "./lp"), in venv.conf or
# as "-e lp" in a requirements file: its metadata is tracked, and a version bump in
# lp/pyproject.toml reinstalls it.
. "$srcdir/tests/lib.sh"

cp -R "$srcdir/tests/fixtures/localproj" lp
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"wheel"}
  editable = {"lp"}
  pip-args = {"--no-build-isolation"}
}
CONF
vm sync
expect_rc 0
expect_installed .venv 'localproj==0.1'

sed 's/^version = "0.1"/version = "0.2"/' lp/pyproject.toml > lp/pyproject.new
mv lp/pyproject.new lp/pyproject.toml
vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be refreshed: lp/pyproject.toml changed'
vm sync
expect_rc 0
expect_installed .venv 'localproj==0.2'
vm inputs
expect_rc 0
expect_out 'file lp/pyproject.toml'

# the same through "-e lp" in a requirements file
cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
  pip-args = {"--no-build-isolation"}
}
CONF
printf 'wheel\n-e lp\n' > requirements.txt
vm sync
expect_rc 0
sed 's/^version = "0.2"/version = "0.3"/' lp/pyproject.toml > lp/pyproject.new
mv lp/pyproject.new lp/pyproject.toml
vm check
expect_rc 1
vm sync
expect_rc 0
expect_installed .venv 'localproj==0.3'

# the project itself, editable = {"."} as in the issue's example, run through -C
cp -R "$srcdir/tests/fixtures/localproj" "$T/proj"
cat > "$T/proj/venv.conf" <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"wheel"}
  editable = {"."}
  pip-args = {"--no-build-isolation"}
}
CONF
vm -C "$T/proj" sync
expect_rc 0
expect_installed "$T/proj/.venv" 'localproj==0.1'
sed 's/^version = "0.1"/version = "0.2"/' "$T/proj/pyproject.toml" > "$T/proj/pyproject.new"
mv "$T/proj/pyproject.new" "$T/proj/pyproject.toml"
vm -C "$T/proj" check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be refreshed: pyproject.toml changed'
vm -C "$T/proj" sync
expect_rc 0
expect_installed "$T/proj/.venv" 'localproj==0.2'
