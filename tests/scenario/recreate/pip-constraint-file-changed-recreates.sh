#!/bin/sh
# PIP_CONSTRAINT (tracked by default) names a constraints file: a change to that file's
# content recreates the env, as any constraint change does; so do the pip options in
# the file PIP_CONFIG_FILE names.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  packages = {"beta"}
}
CONF
printf 'alpha<2\n' > "$T/constraints.txt"
export PIP_CONSTRAINT="$T/constraints.txt"
vm sync
expect_rc 0
expect_installed .venv 'alpha==1.1
beta==1.0'

printf 'alpha<1.1\n' > "$T/constraints.txt"
# what a clean rebuild from the same inputs holds
vm --dir .clean sync
expect_rc 0
expect_installed .clean 'alpha==1.0
beta==1.0'

vm check
expect_rc 1
vm sync
expect_rc 0
expect_err 'venvmk: .venv: recreating: '
expect_installed .venv 'alpha==1.0
beta==1.0'

# pip options from the file PIP_CONFIG_FILE names
unset PIP_CONSTRAINT
printf '[install]\nno-deps = false\n' > "$T/pip.conf"
export PIP_CONFIG_FILE="$T/pip.conf"
vm sync
expect_rc 0
expect_installed .venv 'alpha==2.0
beta==2.0'
printf '[install]\nno-deps = true\n' > "$T/pip.conf"
vm check
expect_rc 1
vm sync
expect_rc 0
expect_installed .venv 'beta==2.0'
