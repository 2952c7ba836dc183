#!/bin/sh
# Through make: VENV_GROUPS = dev installs that group of ./pyproject.toml, and
# N_REQUIREMENTS/N_EXTRAS/N_GROUPS do the same for a named env. A touch or a
# [tool.ruff] edit of pyproject.toml makes make ask venvmk (its mtime moved),
# venvmk answers fresh, and no dependent rebuilds; a group edit rebuilds them.
. "$srcdir/tests/lib.sh"

cat > pyproject.toml <<'TOML'
[project]
name = "app"
version = "1.0"
dependencies = ["alpha==1.0"]

[project.optional-dependencies]
cli = ["hello-cli"]

[dependency-groups]
dev = ["gamma==1.5"]

[tool.ruff]
line-length = 88
TOML
cat > Makefile <<MK
VENV_GROUPS = dev
include $srcdir/mk/venv.mk
out.txt: \$(VENV_STAMP)
	\$(VENV_BIN)/gamma > \$@
MK
export VENVMK

m() { run make -r -R --warn-undefined-variables VENVMK="$VENVMK" "${1:-out.txt}"; expect_rc 0; }
unchanged() { [ "$(mtime out.txt)" = "$before" ] || fail "out.txt rebuilt after: $1"; }
rebuilt() { [ "$(mtime out.txt)" != "$before" ] || fail "out.txt not rebuilt after: $1"; before=$(mtime out.txt); }

m
grep -qx 'gamma 1.5' out.txt || fail "out.txt: $(cat out.txt)"
grep -q 'warning' "$T/err" && fail "make warned"
expect_installed .venv 'gamma==1.5'
before=$(mtime out.txt)
checked=$(mtime .venv.venvmk/checked)

trace_reset
sleep 0.01; touch pyproject.toml; m; unchanged "a touch"
[ "$(mtime .venv.venvmk/checked)" != "$checked" ] || fail "make did not ask venvmk after a touch"
sed 's/line-length = 88/line-length = 100/' pyproject.toml > p.new && mv p.new pyproject.toml
m; unchanged "a [tool.ruff] edit"
expect_pip_runs 0
expect_creates 0

sed 's/gamma==1.5/gamma==1.0/' pyproject.toml > p.new && mv p.new pyproject.toml
m; rebuilt "a group edit"
grep -qx 'gamma 1.0' out.txt || fail "out.txt: $(cat out.txt)"

# a named env: its requirements, extras and groups
cat > Makefile <<MK
VENVS = app
app_REQUIREMENTS = pyproject.toml
app_EXTRAS = cli
app_GROUPS = pyproject.toml:dev
include $srcdir/mk/venv.mk
MK
m venv
expect_installed .venv 'alpha==1.0
gamma==1.0
hello-cli==1.0'
trace_reset
m venv
expect_pip_runs 0
