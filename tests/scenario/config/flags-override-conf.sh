#!/bin/sh
# Declaration flags override venv.conf, key by key; lists given as flags replace the
# file's lists; --dir names one env only.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
  packages = {"gamma==1.0"}
}
env "docs" {
  backend = "virtualenv"
  packages = {"delta==0.1"}
}
CONF
printf 'alpha==1.0\n' > requirements.txt
printf 'alpha==1.1\n' > other.txt

vm sync dev
expect_rc 0
expect_installed .venv 'alpha==1.0
gamma==1.0'

# --package replaces the packages list, the requirements stay
vm --package gamma==1.5 sync dev
expect_rc 0
expect_err 'venvmk: .venv: recreating: '
expect_installed .venv 'alpha==1.0
gamma==1.5'
# -r replaces the requirements list
vm --package gamma==1.5 -r other.txt sync dev
expect_rc 0
expect_installed .venv 'alpha==1.1
gamma==1.5'
# the same flags again: fresh
trace_reset
vm --package gamma==1.5 -r other.txt check dev
expect_rc 0
vm --package gamma==1.5 -r other.txt sync dev
expect_rc 0
expect_no_err
expect_pip_runs 0

# --dir moves the one named env, and refuses to apply to several
vm --dir .docs-env sync docs
expect_rc 0
expect_err_exact 'venvmk: .docs-env: creating'
expect_installed .docs-env 'delta==0.1'
[ ! -e .venv-docs ] || fail "the file's dir was used"
vm --dir somewhere sync
expect_rc 2
expect_err_exact 'venvmk: --dir: 2 envs are declared; name the one it is for'
[ ! -e somewhere ] || fail "--dir with several envs made something"

# --python overrides the file's python
vm --python "$PY_DEBIAN" --package gamma==1.5 -r other.txt sync dev
expect_rc 0
expect_err 'venvmk: .venv: recreating: interpreter changed'
grep -qx 'home = /usr/bin' .venv/pyvenv.cfg || fail "not made from $PY_DEBIAN"

# an unknown backend flag is a usage error
vm --backend conda sync dev
expect_rc 2
expect_err_exact "venvmk: --backend: unknown backend 'conda' (known: native, venv, virtualenv)"

# without flags, the file again
vm sync dev
expect_rc 0
expect_err 'venvmk: .venv: recreating: '
expect_installed .venv 'alpha==1.0
gamma==1.0'
