#!/bin/sh
# sync --upgrade of an env without a lock resolves afresh: a version published since the env
# was made comes in, the env recreated with one resolution, saying what moved; when nothing
# moved, nothing changes.  Without --upgrade a recreate (clean, sync) installs the cached
# resolution: the old version before the upgrade, the new one after it.
. "$srcdir/tests/lib.sh"
# what pip's resolution does (venvmk's own resolver has tests of its own: index-resolved-by-venvmk-without-pip)
export VENVMK_RESOLVE=pip
mkdir "$T/wh"
cp "$WHEELS/alpha-1.0-py3-none-any.whl" "$T/wh/"
export PIP_FIND_LINKS="$T/wh"
printf 'alpha\n' > requirements.txt
vm sync
expect_rc 0
expect_installed .venv 'alpha==1.0'

# alpha 2.0 published: a recreate takes the cached resolution
cp "$WHEELS/alpha-2.0-py3-none-any.whl" "$T/wh/"
vm clean
expect_rc 0
trace_reset
vm sync
expect_rc 0
expect_pip_runs 0
expect_installed .venv 'alpha==1.0'

# --upgrade: resolved once, recreated once, saying what moved
stamp=$(mtime .venv.venvmk/stamp)
trace_reset
vm sync --upgrade
expect_rc 0
expect_err_exact "venvmk: .venv: recreating: upgrading: alpha 1.0 → 2.0"
expect_pip_runs 1
expect_creates 1
expect_installed .venv 'alpha==2.0'
[ "$(.venv/bin/alpha-version)" = "alpha 2.0" ] || fail "alpha's script"
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "the stamp did not move"
vm check
expect_rc 0

# nothing newer: resolved again, nothing changes
stamp=$(mtime .venv.venvmk/stamp)
trace_reset
vm sync --upgrade
expect_rc 0
expect_no_err
expect_creates 0
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "the stamp moved with nothing upgraded"
expect_installed .venv 'alpha==2.0'

# a plain recreate keeps the upgrade
vm clean
expect_rc 0
trace_reset
vm sync
expect_rc 0
expect_pip_runs 0
expect_installed .venv 'alpha==2.0'
