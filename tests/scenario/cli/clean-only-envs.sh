#!/bin/sh
# clean removes the named envs (all when none is named), only envs, and leaves the
# project and the other envs alone; the next sync makes the env again.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"alpha==1.0"}
}
env "docs" {
  backend = "virtualenv"
  packages = {"gamma"}
}
CONF
printf 'keep me\n' > notes.txt
mkdir src && printf 'print(1)\n' > src/app.py
vm sync
expect_rc 0

vm clean docs
expect_rc 0
expect_err_exact 'venvmk: .venv-docs: removed'
[ ! -e .venv-docs ] || fail ".venv-docs still there"
[ ! -e .venv-docs.venvmk/stamp ] || fail "the docs stamp is still there"
[ -d .venv ] && [ -f .venv.venvmk/stamp ] || fail "clean docs touched dev"
vm check docs
expect_rc 1
expect_err_exact 'venvmk: .venv-docs: would be created'
vm check dev
expect_rc 0

# cleaning what is already gone is fine and quiet
vm clean docs
expect_rc 0
expect_no_err

vm clean
expect_rc 0
expect_err_exact 'venvmk: .venv: removed'
[ ! -e .venv ] || fail ".venv still there"
[ "$(cat notes.txt)" = "keep me" ] && [ -f src/app.py ] && [ -f venv.conf ] || fail "clean removed project files"

vm -q sync
expect_rc 0
expect_no_err
expect_installed .venv 'alpha==1.0'
expect_installed .venv-docs 'gamma==1.5'

# an env made by hand (pyvenv.cfg, no venvmk state) is still an env: clean removes it
vm clean
expect_rc 0
"$PY_DEBIAN" -m venv --without-pip .venv
vm clean dev
expect_rc 0
expect_err_exact 'venvmk: .venv: removed'
[ ! -e .venv ] || fail "hand-made env not removed"

vm clean nope
expect_rc 2
expect_err_exact "venvmk: no env named 'nope' (declared: dev, docs)"
