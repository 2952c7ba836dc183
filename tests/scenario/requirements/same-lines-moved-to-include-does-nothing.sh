#!/bin/sh
# Moving requirement lines into an included file, or reordering them, changes which files
# are read but not what pip installs: no pip, no stamp change, and still fresh after.
. "$srcdir/tests/lib.sh"

cat > venv.conf <<'CONF'
env "dev" {
  backend = "virtualenv"
  requirements = {"requirements.txt"}
}
CONF
printf 'alpha==1.0\ngamma==1.0\n' > requirements.txt
vm sync
expect_rc 0
stamp=$(mtime .venv.venvmk/stamp)

trace_reset
printf 'gamma==1.0\n-r base.txt\n' > requirements.txt
printf 'alpha==1.0\n' > base.txt
vm check
expect_rc 0
expect_no_err
vm sync
expect_rc 0
expect_no_err
vm sync
expect_rc 0
expect_no_err
expect_pip_runs 0
expect_creates 0
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp changed though the lines did not"

# the new file is now an input: a line added to it installs
printf 'alpha==1.0\ndelta==0.1\n' > base.txt
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: refreshing: base.txt changed'
expect_installed .venv 'alpha==1.0
delta==0.1
gamma==1.0'
