#!/bin/sh
# The native backend asks pip to resolve once per fingerprint.  Recreating an env
# whose fingerprint was seen before (make clean && make, switching a pin back and
# forth, another worktree) starts no pip at all and gives the same packages; a new
# fingerprint starts exactly one pip: its dry run.
. "$srcdir/tests/lib.sh"
# what pip's resolution does (venvmk's own resolver has tests of its own: index-resolved-by-venvmk-without-pip)
export VENVMK_RESOLVE=pip

printf 'beta==2.0\nhello-cli\n' > requirements.txt
trace_reset
vm sync
expect_rc 0
expect_installed .venv 'alpha==2.0
beta==2.0
hello-cli==1.0'
n=$(grep -c -- ' -m pip ' "$T/trace"); [ "$n" -eq 1 ] || fail "a first sync started pip $n times, expected 1"
grep -q -E -- '--dry-run| -m pip download ' "$T/trace" || fail "the first sync did not resolve with pip (a dry run or pip download)"

# clean and sync again: the same env, no Python package tool started
vm clean
expect_rc 0
trace_reset
vm sync
expect_rc 0
expect_err_exact 'venvmk: .venv: creating'
! grep -q -- ' -m pip \| -m venv \|virtualenv ' "$T/trace" || fail "a recreate of a seen fingerprint started pip or venv"
expect_installed .venv 'alpha==2.0
beta==2.0
hello-cli==1.0'
.venv/bin/hello > "$T/hello" && grep -qx 'Hello from a venvmk environment!' "$T/hello" || fail "the console script does not run"

# a pin bump is a new fingerprint (one dry run); bumping back is a seen one (none)
printf 'beta==1.0\nhello-cli\n' > requirements.txt
trace_reset
vm sync
expect_rc 0
expect_installed .venv 'alpha==2.0
beta==1.0
hello-cli==1.0'
n=$(grep -c -- ' -m pip ' "$T/trace"); [ "$n" -eq 1 ] || fail "a new fingerprint started pip $n times, expected 1"
printf 'beta==2.0\nhello-cli\n' > requirements.txt
trace_reset
vm sync
expect_rc 0
! grep -q -- ' -m pip ' "$T/trace" || fail "switching back to a seen fingerprint started pip"
expect_installed .venv 'alpha==2.0
beta==2.0
hello-cli==1.0'

# another worktree with the same inputs shares the cache: no pip there either
mkdir ../wt && cp requirements.txt ../wt/
trace_reset
run "$VENVMK" -C ../wt sync
expect_rc 0
! grep -q -- ' -m pip ' "$T/trace" || fail "another worktree with the same inputs started pip"
expect_installed ../wt/.venv 'alpha==2.0
beta==2.0
hello-cli==1.0'
