#!/bin/sh
# sync of several envs: one whose pip fails does not stop the others; the exit status
# is the worst one (1), and only the failed env needs work afterwards.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "broken" {
  backend = "virtualenv"
  packages = {"alpha==9.9"}
}
env "fine" {
  backend = "virtualenv"
  packages = {"gamma==1.0"}
}
CONF
vm sync
expect_rc 1
expect_err 'venvmk: .venv: pip install failed (exit status 1)'
expect_err 'venvmk: .venv-fine: creating'
expect_installed .venv-fine 'gamma==1.0'
vm check fine
expect_rc 0
vm check broken
expect_rc 1
vm check
expect_rc 1

trace_reset
vm sync fine
expect_rc 0
expect_no_err
expect_pip_runs 0

# a configuration error is worse than a failed build: exit 2
printf 'env "broken" {\n  backend = "virtualenv"\n  packages = {"alpha==9.9"}\n}\nenv "fine" {\n  backend = "virtualenv"\n  requirements = {"gone.txt"}\n}\n' > venv.conf
vm sync
expect_rc 2
expect_err 'venvmk: .venv: pip install failed (exit status 1)'
expect_err_exact_line() { grep -qxF -- "$1" "$T/err" || fail "stderr lacks the line: $1"; }
expect_err_exact_line 'venvmk: .venv-fine: gone.txt: No such file or directory'
