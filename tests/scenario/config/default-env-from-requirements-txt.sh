#!/bin/sh
# With neither venv.conf nor declaration flags, venvmk declares .venv (venv backend)
# from ./requirements.txt when it exists, and follows that file appearing and going.
. "$srcdir/tests/lib.sh"

vm list
expect_rc 0
expect_out "-	.venv"

# no requirements.txt: an empty env, no pip
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: creating'
expect_creates 1
expect_pip_runs 0
grep -q -- '^venvmk native-create ' "$T/trace" || fail "the default backend is not native"
expect_installed .venv ''
vm sync
expect_rc 0
expect_no_err
stamp=$(mtime .venv.venvmk/stamp)

# requirements.txt appears: installed into the env
printf 'alpha==1.0\nbeta\n' > requirements.txt
vm check
expect_rc 1
expect_err_exact 'venvmk: .venv: would be refreshed: requirements.txt added'
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: refreshing: requirements.txt added'
expect_creates 0
expect_pip_runs 1
expect_installed .venv 'alpha==1.0
beta==1.0'
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after an install"
stamp=$(mtime .venv.venvmk/stamp)

# touched only: nothing
touch requirements.txt
trace_reset
vm sync
expect_rc 0
expect_no_err
expect_pip_runs 0
[ "$(mtime .venv.venvmk/stamp)" = "$stamp" ] || fail "stamp changed on a touch"

# requirements.txt goes: back to an empty env
rm requirements.txt
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: recreating: requirements.txt is no longer an input'
expect_installed .venv ''
[ "$(mtime .venv.venvmk/stamp)" != "$stamp" ] || fail "stamp unchanged after a recreate"
vm check
expect_rc 0
